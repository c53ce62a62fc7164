/**
 * Public types of the formulas package. Cells are addressed by stable ids (sheet, row, column),
 * never by positions; everything here is plain JSON so it crosses a Web Worker boundary as is.
 */
import type { LocalizedText, PeriodParameters, SheetTemplate } from '@zhospar/sheets';

/** A cell of a document: sheet id, row id (template row or document row), column id. */
export interface CellAddress {
  sheetId: string;
  rowId: string;
  colId: string;
}

/** A value as stored in the Y.Doc (`cells:<sheetId>`). */
export type CellInput = string | number | boolean;

/** A computed or input value; errors of calculation are `{ error }` (e.g. `DIV_BY_ZERO`). */
export type CellValue = number | string | boolean | null | { error: string };

/** One input write; `value: null` clears the cell. */
export interface InputChange extends CellAddress {
  value: CellInput | null;
}

/** A calculated cell whose value changed. */
export interface ChangedCell extends CellAddress {
  value: CellValue;
}

/**
 * Inputs of one sheet, in the Y.Doc's shape: dynamic rows in display order (sorted by the
 * fractional order key, then id) and input cells keyed `<rowId>/<colId>`.
 */
export interface SheetInputs {
  sheetId: string;
  templateId: string;
  rows?: readonly string[];
  cells?: Readonly<Record<string, CellInput>>;
}

/** External values (limits, approved figures of other documents), referenced as `$ext.<name>`. */
export type ExternalValues = Readonly<Record<string, number>>;

/** Severity of a control: an error blocks submission, a warning informs. */
export type Severity = 'error' | 'warning';

/** A failed control. `id` names the rule; `key` is unique per failure. */
export interface ControlResult {
  id: string;
  key: string;
  severity: Severity;
  message: LocalizedText;
  cells: CellAddress[];
}

/**
 * A configurable equality check between two fixed rows (PKFO cross-form checks): for each column,
 * left row = right row. `columns` defaults to the columns both sheets share.
 */
export interface CrossCheck {
  id: string;
  severity: Severity;
  message: LocalizedText;
  left: { sheetId: string; rowId: string };
  right: { sheetId: string; rowId: string };
  columns?: readonly string[];
}

/** Options of the controls. */
export interface ControlOptions {
  /** PKFO cross-form checks; defaults to `DEFAULT_PKFO_CHECKS`. Pass `[]` to turn them off. */
  crossChecks?: readonly CrossCheck[];
  /** Tolerance for equality of amounts (default 0.005, half a tiyn). */
  tolerance?: number;
}

/** Everything the engine is built from. */
export interface EngineInit {
  sheets: readonly SheetInputs[];
  parameters: PeriodParameters;
  externals?: ExternalValues;
  /** Template lookup; defaults to the `sheets` catalogue. */
  getTemplate?: (templateId: string) => SheetTemplate | undefined;
  controls?: ControlOptions;
}

/** Calculated values of one sheet: rows in display order, each with its non-empty cells. */
export interface SheetValues {
  sheetId: string;
  templateId: string;
  rows: Array<{ rowId: string; values: Record<string, CellValue> }>;
}

/** All computed values of a document, in a canonical order (for approval snapshots). */
export interface EngineSnapshot {
  sheets: Array<{ sheetId: string; templateId: string; rows: string[]; calculated: Record<string, Record<string, CellValue>> }>;
}
