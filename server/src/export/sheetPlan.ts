/**
 * Where every stable cell of a document sheet lands in its worksheet. Shared by the export (what
 * to write where) and the import (where to read), so both agree on one layout:
 *
 * ```
 * row 1 (hidden)   column ids: `__lead:<kind>` over lead columns, the template column ids, `__rowId`
 * row 2            «Форма 01-144» (right)         row 3   edition source (right, small)
 * row 4            form title (bold, merged)      row 5   blank
 * rows 6…          header block (шапка): one field per row — label | value
 * blank
 * header rows      headerPath groups merged across equal neighbours, then column titles
 * number row       1, 2, 3 … (column numbers, as on printed forms)
 * body             template rows in order; the dynamic slot expands to the document's rows
 * blank, signature lines
 * ```
 * Lead columns: `title` + `code` when the template has fixed input rows or no text first column
 * (PKFO, the summary), else `number` (ordinal of a dynamic row / code of a fixed row) and fixed-row
 * titles in the first template column. The column after the last template column is hidden and
 * holds each body row's id (`__rowId`), so ids survive rows inserted or sorted by hand.
 */
import type { FixedRowSpec, SheetTemplate } from '@zhospar/sheets';

/** Marker of the hidden row-id column (its cell in the hidden id row). */
export const ROW_ID_MARKER = '__rowId';
/** Prefix of lead-column markers in the hidden id row. */
export const LEAD_MARKER_PREFIX = '__lead:';
/** The hidden row holding column ids. */
export const ID_ROW = 1;
/** First row of the header block (шапка). */
const HEADER_BLOCK_TOP = 6;

/** Kinds of lead columns before the template columns. */
export type LeadColumn = 'number' | 'title' | 'code';

/** A body row of a worksheet. `placeholder` is the empty row of a dynamic block with no rows yet. */
export interface PlannedRow {
  excelRow: number;
  rowId: string | null;
  kind: 'dynamic' | 'placeholder' | 'input' | 'heading' | 'total';
  spec?: FixedRowSpec;
  /** 1-based ordinal among dynamic rows. */
  ordinal?: number;
}

/** Layout of one document sheet in its worksheet (1-based rows and columns). */
export interface SheetPlan {
  sheetId: string;
  template: SheetTemplate;
  /** Worksheet name. */
  name: string;
  lead: LeadColumn[];
  /** Template column id → worksheet column. */
  colOf: ReadonlyMap<string, number>;
  /** Last template column. */
  lastColumn: number;
  /** Hidden column with row ids. */
  idColumn: number;
  headerBlockTop: number;
  headerFieldCount: number;
  /** First column-header row and the number of header rows (headerPath depth + 1). */
  headerTop: number;
  headerDepth: number;
  /** Row with column numbers 1, 2, 3 … */
  numberRow: number;
  firstBodyRow: number;
  rows: PlannedRow[];
  rowOf: ReadonlyMap<string, number>;
  /** Rows of the dynamic block (the `{*.col}` range), or null for templates without one. */
  dynamic: { first: number; last: number } | null;
  /** Last body row. */
  lastBodyRow: number;
}

/** Does the template need a title lead column (PKFO lines, summary) — same rule as the grid. */
function needsTitleColumn(template: SheetTemplate): boolean {
  const fixed = template.rows.filter((r): r is FixedRowSpec => r.kind === 'fixed');
  if (fixed.length === 0) return false;
  if (fixed.some((r) => r.role === 'input')) return true;
  const first = template.columns[0];
  return first === undefined || (first.valueType !== 'text' && first.valueType !== 'code');
}

/** Spreadsheet column letters of a 1-based column (1 → A, 27 → AA). */
export function columnLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Plans a sheet: `dynamicRows` are the document's rows in display order. A dynamic block with no
 * rows gets one placeholder row, so the form has a line to fill and `{*.col}` ranges stay valid.
 */
export function planSheet(sheetId: string, template: SheetTemplate, name: string, dynamicRows: readonly string[]): SheetPlan {
  const lead: LeadColumn[] = needsTitleColumn(template) ? ['title', 'code'] : ['number'];
  const colOf = new Map<string, number>();
  template.columns.forEach((c, i) => colOf.set(c.id, lead.length + i + 1));
  const lastColumn = lead.length + template.columns.length;
  const headerFieldCount = template.header?.length ?? 0;
  const headerTop = HEADER_BLOCK_TOP + headerFieldCount + 1;
  const headerDepth = Math.max(0, ...template.columns.map((c) => c.headerPath?.length ?? 0)) + 1;
  const numberRow = headerTop + headerDepth;
  const firstBodyRow = numberRow + 1;

  const rows: PlannedRow[] = [];
  const rowOf = new Map<string, number>();
  let dynamic: SheetPlan['dynamic'] = null;
  let next = firstBodyRow;
  for (const spec of template.rows) {
    if (spec.kind === 'dynamic') {
      const first = next;
      if (dynamicRows.length === 0) {
        rows.push({ excelRow: next++, rowId: null, kind: 'placeholder', ordinal: 1 });
      } else {
        dynamicRows.forEach((rowId, i) => {
          rowOf.set(rowId, next);
          rows.push({ excelRow: next++, rowId, kind: 'dynamic', ordinal: i + 1 });
        });
      }
      dynamic = { first, last: next - 1 };
    } else {
      rowOf.set(spec.id, next);
      rows.push({ excelRow: next++, rowId: spec.id, kind: spec.role, spec });
    }
  }
  return {
    sheetId,
    template,
    name,
    lead,
    colOf,
    lastColumn,
    idColumn: lastColumn + 1,
    headerBlockTop: HEADER_BLOCK_TOP,
    headerFieldCount,
    headerTop,
    headerDepth,
    numberRow,
    firstBodyRow,
    rows,
    rowOf,
    dynamic,
    lastBodyRow: next - 1,
  };
}

/**
 * Formula source of a cell, or undefined for inputs and empty cells — the rule of `formulas`
 * (sheets/README "Where a formula applies").
 */
export function formulaOf(row: PlannedRow, columnIndex: number, template: SheetTemplate): string | undefined {
  const col = template.columns[columnIndex];
  if (!col) return undefined;
  if (row.kind === 'dynamic' || row.kind === 'placeholder') return col.kind === 'calculated' ? col.formula : undefined;
  if (row.kind === 'input') return col.kind === 'calculated' ? (row.spec?.formulas?.[col.id] ?? col.formula) : undefined;
  if (row.kind === 'total') return row.spec?.formulas?.[col.id];
  return undefined;
}

/** Is the cell an input (typed by people): an input column on a dynamic or fixed input row. */
export function isInputCell(row: PlannedRow, columnIndex: number, template: SheetTemplate): boolean {
  const col = template.columns[columnIndex];
  if (!col || col.kind !== 'input') return false;
  return row.kind === 'dynamic' || row.kind === 'placeholder' || row.kind === 'input';
}

/** A worksheet name that spreadsheets accept: no `: \ / ? * [ ] '`, ≤ 31 characters, unique in `taken`. */
export function worksheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[:\\/?*[\]']/g, '_').slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 3)} (${i})`;
  taken.add(name.toLowerCase());
  return name;
}
