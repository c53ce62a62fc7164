/**
 * What validation needs to know about a sheet template (форма): which columns take input, which
 * rows are fixed by the template, and whether the document may add its own rows.
 *
 * collab defines these types; the server builds them from `@zhospar/sheets` templates
 * (`inputSchemaOf(template)` is structurally equal), so collab never depends on template details.
 */

/** Value type of a cell; decides which values validation accepts. */
export type CellValueType = 'amount' | 'quantity' | 'text' | 'code' | 'date' | 'percent';

/** Input schema of one sheet template. */
export interface SheetSchema {
  templateId: string;
  /** colId → value type, for columns people type into. */
  inputColumns: ReadonlyMap<string, CellValueType>;
  /** Columns computed by `formulas`; never stored in the Y.Doc. */
  calculatedColumns: ReadonlySet<string>;
  /** Template rows (codes, totals); may hold inputs in input columns. Not stored in `rows:<sheetId>`. */
  fixedRows: ReadonlySet<string>;
  /** Totals rows (итоговые строки): every cell is calculated. */
  calculatedRows: ReadonlySet<string>;
  /** May the document insert/delete/reorder its own rows. */
  dynamicRows: boolean;
}

/** Resolves a template id to its input schema; `undefined` for unknown templates. */
export type SchemaLookup = (templateId: string) => SheetSchema | undefined;
