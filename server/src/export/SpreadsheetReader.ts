/**
 * What the import knows about reading a workbook — the reading half of the spreadsheet adapter
 * (see `SpreadsheetWriter.ts`); only `ExcelJsReader.ts` touches exceljs.
 */

/** A cell value as read: formulas are reported by their cached result plus `formula`. */
export type ReadValue = string | number | boolean | Date | null | { error: string };

/** One non-empty cell. */
export interface ReadCell {
  value: ReadValue;
  /** Formula text (A1, no leading `=`) when the cell holds one. */
  formula?: string;
  /** Number format code of the cell (`0.00%` tells a percent typed in Excel). */
  numFmt?: string;
}

/** One worksheet. Rows and columns are 1-based. */
export interface ReadSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Last row with a cell. */
  rowCount: number;
  columnCount: number;
  cell(row: number, col: number): ReadCell | undefined;
  /** Non-empty cells of a row, by column. */
  row(row: number): ReadonlyMap<number, ReadCell>;
}

/** A workbook as read. */
export interface ReadWorkbook {
  sheets: ReadSheet[];
  /** Non-empty cells over all sheets. */
  cellCount: number;
}
