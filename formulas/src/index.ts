/**
 * @zhospar/formulas — HyperFormula behind our own types: builds every calculated value of a document
 * from (templates, inputs, external values, period parameters), recalculates incrementally and
 * evaluates controls. Pure: imports only `@zhospar/sheets` and `hyperformula`.
 */
export { createDocumentEngine } from './createDocumentEngine.ts';
export type { DocumentEngine } from './createDocumentEngine.ts';
export { evaluateControls, DEFAULT_PKFO_CHECKS } from './controls.ts';
export { handleEngineMessage, initialEngineState } from './handleEngineMessage.ts';
export type { EngineRequest, EngineResponse, EngineState } from './handleEngineMessage.ts';
export type {
  CellAddress,
  CellInput,
  CellValue,
  ChangedCell,
  ControlOptions,
  ControlResult,
  CrossCheck,
  EngineInit,
  EngineSnapshot,
  ExternalValues,
  InputChange,
  Severity,
  SheetInputs,
  SheetValues,
} from './types.ts';
