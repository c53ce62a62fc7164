/**
 * Layout model of one document sheet in the grid: which Univer row/column shows which stable cell.
 *
 * Grid layout (top to bottom, left to right):
 * ```
 *          | lead columns          | template columns (display order)
 * header   | "№"  ["Наименование"] | headerPath groups (merged across equal neighbours) …
 * rows     |                       | … column titles (merged down where the path is shorter)
 * ---------+-----------------------+------------------------------------------------------
 * body     | code / ordinal, title | template rows in order; the `dynamic` slot expands to the
 *          |                       | document's rows (`rows:<sheetId>`) sorted by (order, rowId)
 * ```
 * - Lead column "№" shows a fixed row's code or a dynamic row's ordinal (1, 2, …).
 * - Lead column "Наименование" exists when the template has fixed input rows (line-coded forms such
 *   as PKFO) or fixed rows but no text first column; otherwise heading and total titles are shown in
 *   the first template column, whose cells on those rows are never inputs.
 * - Only input columns on input rows (fixed `input` rows and dynamic rows) are editable; calculated
 *   columns, headings and totals are read-only.
 *
 * Everything here is pure: the binding rebuilds a layout whenever `rows:<sheetId>` changes and
 * diffs the old and new body (see `diffRowOrder`).
 */
import type { ColumnLike, Lang, LocalizedText, TemplateLike } from '../../model/templateTypes';

export type LayoutRowKind = 'input' | 'heading' | 'total' | 'dynamic';

export interface LayoutRow {
  rowId: string;
  kind: LayoutRowKind;
  /** Univer row index. */
  index: number;
  code?: string;
  title?: LocalizedText;
  /** 1-based number among the dynamic rows. */
  ordinal?: number;
}

export interface LayoutColumn {
  colId: string;
  def: ColumnLike;
  /** Univer column index. */
  index: number;
}

export type LeadColumnKind = 'number' | 'title';

export interface HeaderCell {
  row: number;
  col: number;
  text: string;
}

export interface GridRange {
  startRow: number;
  endRow: number;
  startColumn: number;
  endColumn: number;
}

export interface SheetLayout {
  sheetId: string;
  template: TemplateLike;
  leadColumns: readonly LeadColumnKind[];
  columns: readonly LayoutColumn[];
  headerRowCount: number;
  rows: readonly LayoutRow[];
  /** Whether heading/total titles go to the first template column (no title lead column). */
  titlesInFirstColumn: boolean;
  /** Index in `rows` where the dynamic slot starts (rows.length-independent), or -1 without one. */
  dynamicSlot: number;
  rowById: ReadonlyMap<string, LayoutRow>;
  columnById: ReadonlyMap<string, LayoutColumn>;
}

/** Body row entry from `rows:<sheetId>`: row id and fractional order key. */
export interface RowEntry {
  rowId: string;
  order: string;
}

/** Compares by UTF-16 code units, which is the order fractional-indexing keys are made for. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts document rows by (order, rowId) — CONTRACTS.md, Y.Doc layout. */
export function sortRowEntries(entries: Iterable<RowEntry>): RowEntry[] {
  return [...entries].sort((a, b) => compareCodeUnits(a.order, b.order) || compareCodeUnits(a.rowId, b.rowId));
}

function needsTitleColumn(template: TemplateLike): boolean {
  const fixed = template.rows.filter((r) => r.kind === 'fixed');
  if (fixed.length === 0) return false;
  if (fixed.some((r) => r.kind === 'fixed' && r.role === 'input')) return true;
  const first = template.columns[0];
  return first === undefined || (first.valueType !== 'text' && first.valueType !== 'code');
}

/** Builds the layout of a sheet from its template and the document's rows. */
export function buildSheetLayout(sheetId: string, template: TemplateLike, documentRows: Iterable<RowEntry>): SheetLayout {
  const titleColumn = needsTitleColumn(template);
  const leadColumns: LeadColumnKind[] = titleColumn ? ['number', 'title'] : ['number'];
  const columns: LayoutColumn[] = template.columns.map((def, i) => ({ colId: def.id, def, index: leadColumns.length + i }));
  const depth = Math.max(0, ...template.columns.map((c) => c.headerPath?.length ?? 0));
  const headerRowCount = depth + 1;

  const sorted = sortRowEntries(documentRows);
  const rows: LayoutRow[] = [];
  let dynamicSlot = -1;
  for (const spec of template.rows) {
    if (spec.kind === 'dynamic') {
      dynamicSlot = rows.length;
      sorted.forEach((entry, i) => {
        rows.push({ rowId: entry.rowId, kind: 'dynamic', index: headerRowCount + rows.length, ordinal: i + 1 });
      });
    } else {
      const row: LayoutRow = { rowId: spec.id, kind: spec.role, index: headerRowCount + rows.length, title: spec.title };
      if (spec.code !== undefined) row.code = spec.code;
      rows.push(row);
    }
  }
  return {
    sheetId,
    template,
    leadColumns,
    columns,
    headerRowCount,
    rows,
    titlesInFirstColumn: !titleColumn,
    dynamicSlot,
    rowById: new Map(rows.map((r) => [r.rowId, r])),
    columnById: new Map(columns.map((c) => [c.colId, c])),
  };
}

/** Total number of grid columns. */
export function columnCount(layout: SheetLayout): number {
  return layout.leadColumns.length + layout.columns.length;
}

/** Total number of grid rows (header plus body). */
export function rowCount(layout: SheetLayout): number {
  return layout.headerRowCount + layout.rows.length;
}

/** The stable address shown at a Univer position, if the position is a body cell of a template column. */
export function cellAt(layout: SheetLayout, row: number, col: number): { rowId: string; colId: string } | null {
  const layoutRow = layout.rows[row - layout.headerRowCount];
  const layoutCol = layout.columns[col - layout.leadColumns.length];
  if (layoutRow === undefined || layoutCol === undefined) return null;
  return { rowId: layoutRow.rowId, colId: layoutCol.colId };
}

/** The Univer position of a stable address, or null if the row/column is not in the layout. */
export function positionOf(layout: SheetLayout, rowId: string, colId: string): { row: number; col: number } | null {
  const r = layout.rowById.get(rowId);
  const c = layout.columnById.get(colId);
  if (r === undefined || c === undefined) return null;
  return { row: r.index, col: c.index };
}

/** Whether a layout row holds inputs (fixed input rows and the document's own rows). */
export function isInputRow(row: LayoutRow): boolean {
  return row.kind === 'input' || row.kind === 'dynamic';
}

/** Whether the user may type into the cell at a Univer position. */
export function isEditableAt(layout: SheetLayout, row: number, col: number): boolean {
  const layoutRow = layout.rows[row - layout.headerRowCount];
  const layoutCol = layout.columns[col - layout.leadColumns.length];
  return layoutRow !== undefined && layoutCol !== undefined && isInputRow(layoutRow) && layoutCol.def.kind === 'input';
}

/** Whether a stable cell is an input cell (the only cells stored in the Y.Doc). */
export function isInputCell(layout: SheetLayout, rowId: string, colId: string): boolean {
  const r = layout.rowById.get(rowId);
  const c = layout.columnById.get(colId);
  return r !== undefined && c !== undefined && isInputRow(r) && c.def.kind === 'input';
}

/** The body row at a Univer row index. */
export function rowAt(layout: SheetLayout, row: number): LayoutRow | undefined {
  return layout.rows[row - layout.headerRowCount];
}

const UNIT_LABELS: Record<string, LocalizedText> = {
  tenge: { ru: 'тенге', kk: 'теңге' },
  'thousand-tenge': { ru: 'тыс. тенге', kk: 'мың теңге' },
  litre: { ru: 'л', kk: 'л' },
  km: { ru: 'км', kk: 'км' },
  'litre-per-100km': { ru: 'л/100 км', kk: 'л/100 км' },
  percent: { ru: '%', kk: '%' },
  person: { ru: 'чел.', kk: 'адам' },
  'staff-unit': { ru: 'шт. ед.', kk: 'шт. бірл.' },
  month: { ru: 'мес.', kk: 'ай' },
  day: { ru: 'дн.', kk: 'күн' },
  piece: { ru: 'шт.', kk: 'дана' },
  coefficient: { ru: 'коэф.', kk: 'коэф.' },
};

/** Column title with its unit, e.g. «Сумма, тыс. тенге». */
export function columnTitle(def: ColumnLike, lang: Lang): string {
  const unit = def.unit === undefined ? undefined : UNIT_LABELS[def.unit];
  const title = def.title[lang];
  // Templates often name the unit in the title already («Норма расхода, л/100 км»).
  return unit === undefined || title.includes(unit[lang]) ? title : `${title}, ${unit[lang]}`;
}

const LEAD_TITLES: Record<LeadColumnKind, LocalizedText> = {
  number: { ru: '№', kk: '№' },
  title: { ru: 'Наименование', kk: 'Атауы' },
};

/** Header texts (one per top-left cell of a merge) and the merged ranges of the header block. */
export function headerCells(layout: SheetLayout, lang: Lang): { cells: HeaderCell[]; merges: GridRange[] } {
  const cells: HeaderCell[] = [];
  const merges: GridRange[] = [];
  const last = layout.headerRowCount - 1;
  layout.leadColumns.forEach((kind, col) => {
    cells.push({ row: 0, col, text: LEAD_TITLES[kind][lang] });
    if (last > 0) merges.push({ startRow: 0, endRow: last, startColumn: col, endColumn: col });
  });
  // Group cells: at each level, merge neighbours whose path up to and including this level is equal.
  const pathKey = (c: LayoutColumn, level: number): string | null => {
    const path = c.def.headerPath ?? [];
    if (level >= path.length) return null;
    return JSON.stringify(path.slice(0, level + 1).map((t) => t.ru));
  };
  for (let level = 0; level < last; level++) {
    let i = 0;
    while (i < layout.columns.length) {
      const col = layout.columns[i] as LayoutColumn;
      const key = pathKey(col, level);
      if (key === null) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < layout.columns.length && pathKey(layout.columns[j + 1] as LayoutColumn, level) === key) j++;
      const text = (col.def.headerPath ?? [])[level]?.[lang] ?? '';
      cells.push({ row: level, col: col.index, text });
      if (j > i) merges.push({ startRow: level, endRow: level, startColumn: col.index, endColumn: (layout.columns[j] as LayoutColumn).index });
      i = j + 1;
    }
  }
  // Titles: below the column's own path, merged down to the last header row.
  for (const col of layout.columns) {
    const top = col.def.headerPath?.length ?? 0;
    cells.push({ row: top, col: col.index, text: columnTitle(col.def, lang) });
    if (top < last) merges.push({ startRow: top, endRow: last, startColumn: col.index, endColumn: col.index });
  }
  return { cells, merges };
}
