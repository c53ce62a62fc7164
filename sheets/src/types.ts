/**
 * Template model of Zhospar sheets. The first block is the binding contract of CONTRACTS.md
 * ("Templates"); everything marked "addition" is ours and optional for consumers.
 */

/** Text in both interface languages (Russian and Kazakh). */
export interface LocalizedText {
  ru: string;
  kk: string;
}

/**
 * Type of a cell value. Amounts are numbers in the column's unit; percents are percentage points
 * (20 means 20 %), codes and dates are strings (dates ISO `YYYY-MM-DD`).
 */
export type CellValueType = 'amount' | 'quantity' | 'text' | 'code' | 'date' | 'percent';

/** Units used by templates; `tenge` / `thousand-tenge` (тыс. тенге) for amounts. */
export type Unit =
  | 'tenge'
  | 'thousand-tenge'
  | 'litre'
  | 'km'
  | 'litre-per-100km'
  | 'percent'
  | 'person'
  | 'staff-unit'
  | 'month'
  | 'day'
  | 'piece'
  | 'coefficient'
  | string;

/** One column of a sheet template. */
export interface ColumnDef {
  /** Stable column id, e.g. `km_per_year`. */
  id: string;
  title: LocalizedText;
  /** Multi-level header groups above the title, outermost first. */
  headerPath?: LocalizedText[];
  kind: 'input' | 'calculated';
  valueType: CellValueType;
  unit?: Unit;
  /** Decimals shown and used for rounding. */
  precision?: number;
  /** Calculated columns: stable-reference formula (syntax in sheets/README.md). */
  formula?: string;
  /** Pixel width hint for the grid. */
  width?: number;
  /** Addition: the column must be filled on every populated row (format-logical control). */
  required?: boolean;
  /** Addition: a column that holds one of the plan years; used by summaries and inflation auto-fill. */
  year?: YearSlot;
}

/** Which year of the planning round a column holds (факт C−1, оценка C, план C+1…C+3). */
export type YearSlot = 'fact' | 'estimate' | 'plan1' | 'plan2' | 'plan3';

/** A fixed template row (line code, heading, total) or the place of the document's own rows. */
export type RowSpec =
  | {
      kind: 'fixed';
      id: string;
      code?: string;
      title: LocalizedText;
      role: 'input' | 'heading' | 'total';
      /** Per-column formulas of this row (override the column formula). */
      formulas?: Record<string, string>;
    }
  | { kind: 'dynamic' };

/** A fixed row (narrowed `RowSpec`). */
export type FixedRowSpec = Extract<RowSpec, { kind: 'fixed' }>;

/** Kinds of documents (match collab's document name kinds). */
export type DocumentKind = 'budget-request' | 'financing-plan' | 'pkfo';

/** Legal edition a template belongs to (редакция нормативного правового акта). */
export interface Edition {
  id: string;
  /** ISO date, inclusive. */
  validFrom: string;
  /** ISO date, inclusive; absent while in force. */
  validTo?: string;
  /** Addition: the legal act, e.g. «Приказ МФ РК № 185 от 22.04.2025». */
  source?: LocalizedText;
}

/** Fields of the form header block (шапка формы); values come from the document's metadata. */
export type HeaderFieldId =
  | 'year'
  | 'dataKind'
  | 'functionalGroup'
  | 'abp'
  | 'gu'
  | 'program'
  | 'subprogram'
  | 'specific'
  | 'unit';

/** Values of a header block, keyed by field. */
export type FormHeader = Partial<Record<HeaderFieldId, string>>;

/** One sheet template. */
export interface SheetTemplate {
  /** E.g. `budget-request/144@2025-04`. */
  id: string;
  /** E.g. `01-144`. */
  formCode: string;
  title: LocalizedText;
  edition: Edition;
  /** Economic classification code (специфика). */
  specific?: string;
  /** Display order. */
  columns: ColumnDef[];
  /** Display order. */
  rows: RowSpec[];
  /** Addition: which document kind the template is used in. */
  documentKind?: DocumentKind;
  /** Addition: conventional sheet id inside a document (cross-sheet references use it). */
  defaultSheetId?: string;
  /** Addition: header block fields printed above the table, in order. */
  header?: HeaderFieldId[];
  /** Addition: subclass whose inflation coefficients fill plan years 2–3 (110, 120, 140, 150, 160, 410). */
  inflationSubclass?: string;
  /** Addition: short note for the user (what the form computes), shown under the title. */
  note?: LocalizedText;
}

/** Validation view of a template (structurally equal to collab's `SheetSchema`). */
export interface SheetSchema {
  templateId: string;
  inputColumns: ReadonlyMap<string, CellValueType>;
  calculatedColumns: ReadonlySet<string>;
  fixedRows: ReadonlySet<string>;
  calculatedRows: ReadonlySet<string>;
  dynamicRows: boolean;
}

/** A sheet of a document: its id inside the document and its template. */
export interface DocumentSheetRef {
  sheetId: string;
  templateId: string;
}

/**
 * Parameters of a planning round (параметры периода), referenced in formulas as `$id`.
 * Rates are percentage points; inflation coefficients are multipliers (1.05 = +5 %).
 */
export interface PeriodParameterDef {
  id: string;
  title: LocalizedText;
  valueType: 'amount' | 'percent' | 'quantity';
  unit?: Unit;
}

/** Values of period parameters for one planning round, keyed by parameter id. */
export type PeriodParameters = Readonly<Record<string, number>>;
