/**
 * The spreadsheet library adapter: everything the export knows about writing a workbook. Only
 * `ExcelJsWriter.ts` (and `ExcelJsReader.ts` for reading) touch exceljs, so the library — whose
 * maintenance is uncertain (KNOWHOW #23) — can be swapped by writing one new implementation.
 *
 * Model: sheets are written one after another, rows top to bottom, which is what a streaming
 * writer needs. Cells are plain values or formulas; a string is always a string cell (never
 * parsed as a formula), which is the formula-injection guarantee of the export.
 */

/** A spreadsheet error value, as Excel spells it (`#DIV/0!`). */
export interface CellErrorValue {
  error: '#N/A' | '#REF!' | '#NAME?' | '#DIV/0!' | '#NULL!' | '#VALUE!' | '#NUM!';
}

/** A live formula (A1 syntax, no leading `=`) with its cached result. */
export interface FormulaValue {
  /** The formula; ignored (may be '') in the cells of a shared formula below its first row. */
  formula: string;
  /** Cached value shown before the spreadsheet recalculates; omitted = none. */
  result?: number | string | boolean | CellErrorValue;
  /**
   * One formula shared by rows `first`…`last` of this column (OOXML `t="shared"`): relative row
   * references shift by row, so the text is stored once, in row `first`. Only for formulas whose
   * cell references are all to the same row (or absolute).
   */
  shared?: { first: number; last: number };
}

/** Value of a written cell. Strings are literal text, whatever they start with. */
export type WriterValue = string | number | boolean | null | FormulaValue | CellErrorValue;

/** Cell style; share instances between cells (writers cache by identity). */
export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** Font size in points (default 10). */
  size?: number;
  /** Number format code, e.g. `#,##0.0`; `@` for text. */
  numFmt?: string;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle' | 'bottom';
  wrap?: boolean;
  /** Thin border on all four sides. */
  border?: boolean;
  /** Only a bottom border (signature lines). */
  underline?: boolean;
  /** Fill colour, ARGB hex (`FFF2F2F2`). */
  fill?: string;
  /** False = editable on a protected sheet (input cells). Spreadsheets default to locked. */
  locked?: boolean;
  indent?: number;
}

/** One cell to write. */
export interface WriterCell {
  value: WriterValue;
  style?: CellStyle;
}

/** Per-sheet setup, fixed before the first row is written. */
export interface SheetSetup {
  /** Worksheet name: ≤ 31 characters, none of `: \ / ? * [ ] '`. */
  name: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Column widths in characters, index 0 = column A. */
  columnWidths?: readonly number[];
  /** 1-based columns to hide. */
  hiddenColumns?: readonly number[];
  /** Frozen panes: rows above and columns left of the first scrolling cell. */
  frozen?: { rows: number; columns: number };
  /** Print setup: A4, orientation, fit to one page wide (and tall with `onePage`), rows repeated on every page. */
  print?: { landscape: boolean; fitToWidth: boolean; repeatRows?: [number, number]; onePage?: boolean };
  /** Protect the sheet (no password): locked cells read-only, unlocked cells editable. */
  protect?: boolean;
  /** Default font size for the sheet's cells (points). */
  defaultRowHeight?: number;
}

/** Options of one row. */
export interface RowOptions {
  /** Height in points. */
  height?: number;
  hidden?: boolean;
  /**
   * No merge will touch this row: a streaming writer may write it out at once (the body rows of a
   * form, the bulk of a large export).
   */
  final?: boolean;
}

/** A worksheet being written, top to bottom. */
export interface SheetSink {
  /** Appends the next row; `cells[0]` is column A; `undefined` leaves a cell empty. */
  addRow(cells: ReadonlyArray<WriterCell | undefined>, options?: RowOptions): void;
  /** Merges a rectangle (1-based, inclusive); the value is the top-left cell's. */
  merge(top: number, left: number, bottom: number, right: number): void;
  /** Finishes the sheet; no more rows after this. */
  end(): Promise<void>;
}

/** A workbook being written: sheets one after another, then `finish`. */
export interface SpreadsheetWriter {
  addSheet(setup: SheetSetup): SheetSink;
  /** Writes the file; resolves when every byte reached the output. */
  finish(): Promise<void>;
}

/** Workbook-level properties. */
export interface WorkbookProperties {
  title?: string;
  creator?: string;
  /** Creation time; the writer never reads the clock itself. */
  created?: Date;
}
