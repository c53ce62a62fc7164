/**
 * @zhospar/collab — the shared collaboration layer: Hocuspocus document names, protocol constants,
 * the Y.Doc layout of a budget document and the validation of incoming updates. Pure: no I/O, no
 * clock, no randomness. Rules are numbered in SPEC.md.
 */
export type { DocumentKind, DocumentName } from './DocumentName.ts';
export { DOCUMENT_KINDS, formatDocumentName, isDocumentKind, isUuid, parseDocumentName } from './DocumentName.ts';
export type { LocalizedMessage, RejectionReason, UpdateRejectedMessage } from './protocol.ts';
export {
  CloseCode,
  PROTOCOL_QUERY_PARAM,
  PROTOCOL_VERSION,
  REJECTION_REASONS,
  closeCodeMessage,
  decodeUpdateRejected,
  encodeUpdateRejected,
  isCloseCode,
  isRejectionReason,
  rejectionMessage,
  updateRejectedMessage,
} from './protocol.ts';
export type { CellAddress, CellValue, RootName, SheetEntry } from './DocumentSchema.ts';
export {
  MAX_ORDER_KEY_LENGTH,
  META_ROOT,
  SCHEMA_VERSION,
  SHEETS_ROOT,
  cellKey,
  cellsRootName,
  compareByOrder,
  isValidId,
  isValidOrderKey,
  parseCellKey,
  parseRootName,
  rowsRootName,
} from './DocumentSchema.ts';
export type { CellValueType, SchemaLookup, SheetSchema } from './SheetSchema.ts';
export {
  MAX_AMOUNT,
  MAX_CODE_LENGTH,
  MAX_PERCENT,
  MAX_QUANTITY,
  MAX_TEXT_LENGTH,
  checkCellValue,
} from './checkCellValue.ts';
export type { RowPosition, RowRef, SheetContent, SheetRef } from './SheetModel.ts';
export {
  addSheet,
  deleteRow,
  getCell,
  initDocument,
  insertRow,
  listRows,
  listSheets,
  moveRow,
  readMeta,
  readSheet,
  setCell,
} from './SheetModel.ts';
export type { DocumentProjection, SheetProjection } from './projectDocument.ts';
export { projectDocument } from './projectDocument.ts';
export type { JsonValue } from './canonicalJson.ts';
export { canonicalJson } from './canonicalJson.ts';
export type { Change, ValidateOptions, ValidationResult } from './validateUpdate.ts';
export { DEFAULT_MAX_UPDATE_BYTES, validateUpdate } from './validateUpdate.ts';
export type { StatusChangedMessage, WorkflowStatus } from './workflowMessages.ts';
export { WORKFLOW_STATUSES, decodeStatusChanged, encodeStatusChanged, isWorkflowStatus } from './workflowMessages.ts';
