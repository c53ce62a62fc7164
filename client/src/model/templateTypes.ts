/**
 * The part of the `sheets` template contract (CONTRACTS.md, "Templates") the client renders.
 * Structural mirror: `SheetTemplate` from `@zhospar/sheets` is assignable to `TemplateLike`,
 * so every function here accepts the real templates. It lets the pure client modules and their
 * tests run without depending on template content.
 */

/** Text in both interface languages. */
export interface LocalizedText {
  ru: string;
  kk: string;
}

/** Percent values are percentage points (20 means 20 %); dates are ISO `YYYY-MM-DD` strings. */
export type CellValueType = 'amount' | 'quantity' | 'text' | 'code' | 'date' | 'percent';

export interface ColumnLike {
  id: string;
  title: LocalizedText;
  headerPath?: LocalizedText[];
  kind: 'input' | 'calculated';
  valueType: CellValueType;
  unit?: string;
  precision?: number;
  width?: number;
}

export type RowSpecLike =
  | { kind: 'fixed'; id: string; code?: string; title: LocalizedText; role: 'input' | 'heading' | 'total' }
  | { kind: 'dynamic' };

export interface TemplateLike {
  id: string;
  formCode: string;
  title: LocalizedText;
  columns: readonly ColumnLike[];
  rows: readonly RowSpecLike[];
}

/** A value stored in `cells:<sheetId>` (CONTRACTS.md, Y.Doc layout). */
export type StoredValue = string | number | boolean;

/** Interface language. */
export type Lang = 'ru' | 'kk';
