/**
 * @zhospar/collab — the shared collaboration layer: Hocuspocus document names, protocol constants,
 * the Y.Doc layout of a budget document and the validation of incoming updates. Pure: no I/O, no
 * clock, no randomness. Rules are numbered in SPEC.md.
 */
export type { CollabName, DocumentKind, DocumentName } from './DocumentName.ts';
export {
  DISCUSSION_PREFIX,
  DOCUMENT_KINDS,
  formatDiscussionName,
  formatDocumentName,
  isDocumentKind,
  isUuid,
  parseCollabName,
  parseDiscussionName,
  parseDocumentName,
} from './DocumentName.ts';
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
export type { DecodeResult, KeyWrite, VisibleValue } from './decodeMapUpdate.ts';
export { decodeMapUpdate } from './decodeMapUpdate.ts';
// Discussion docs (comments.<documentId>): SPEC.md [C1]–[C14].
export type { CommentBlock, CommentBody, CommentInline, CommentListItem, CommentMark, CommentParagraph } from './comments/commentBody.ts';
export {
  MAX_COMMENT_DEPTH,
  MAX_COMMENT_MENTIONS,
  MAX_COMMENT_NODES,
  MAX_COMMENT_TEXT,
  MAX_LINK_LENGTH,
  MAX_MENTION_LABEL,
  checkCommentBody,
  commentBodyMentions,
  commentBodyText,
  isCommentBody,
  isSafeLink,
  normalizeCommentBody,
  plainCommentBody,
  renderCommentBodyHtml,
} from './comments/commentBody.ts';
export type { DeletionEntry, MessageEntry, ResolutionEntry, ThreadEntry } from './comments/DiscussionSchema.ts';
export {
  DELETIONS_ROOT,
  DISCUSSION_ROOTS,
  DISCUSSION_SCHEMA_VERSION,
  MESSAGES_ROOT,
  RESOLUTIONS_ROOT,
  THREADS_ROOT,
  isUserId,
  messageKey,
  parseMessageKey,
} from './comments/DiscussionSchema.ts';
export type { MessageView, ThreadView } from './comments/DiscussionModel.ts';
export {
  anchorState,
  createThread,
  deleteMessage,
  editMessage,
  openThreadIds,
  readThreads,
  replyToThread,
  setThreadResolved,
} from './comments/DiscussionModel.ts';
export type {
  DiscussionChange,
  DiscussionValidateOptions,
  DiscussionValidationResult,
  DiscussionWriter,
} from './comments/validateDiscussionUpdate.ts';
export {
  DEFAULT_MAX_DISCUSSION_UPDATE_BYTES,
  DEFAULT_MAX_FUTURE_MS,
  DEFAULT_MAX_PAST_MS,
  validateDiscussionUpdate,
} from './comments/validateDiscussionUpdate.ts';
