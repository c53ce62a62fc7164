/**
 * What every grid cell of a sheet shows, computed from the layout and the stored values (pure).
 * Values are Univer cell values; styles are ids into the workbook style table (`workbookStyles`).
 */
import type { Lang, StoredValue } from '../../model/templateTypes';
import type { LayoutRow, SheetLayout } from './SheetLayout';
import { headerCells } from './SheetLayout';
import { bodyStyleId } from './translateChanges';
import { displayValue } from './coerceValue';

/** A rendered grid cell (a subset of Univer's `ICellData`). */
export interface RenderedCell {
  v?: string | number | null;
  s: string;
}

export type RenderedRow = Record<number, RenderedCell>;

/** Looks up the value of a body cell: stored input, or computed value of a calculated cell. */
export type ValueLookup = (rowId: string, colId: string) => StoredValue | undefined;

/** Header block: texts with the header style, every header cell styled (merges are separate). */
export function renderHeader(layout: SheetLayout, lang: Lang): Record<number, RenderedRow> {
  const out: Record<number, RenderedRow> = {};
  const total = layout.leadColumns.length + layout.columns.length;
  for (let r = 0; r < layout.headerRowCount; r++) {
    const row: RenderedRow = {};
    for (let c = 0; c < total; c++) row[c] = { s: 'zh-header' };
    out[r] = row;
  }
  for (const cell of headerCells(layout, lang).cells) {
    const row = out[cell.row] as RenderedRow;
    row[cell.col] = { v: cell.text, s: 'zh-header' };
  }
  return out;
}

/** One body row: lead cells, template cells with values and styles. */
export function renderBodyRow(layout: SheetLayout, row: LayoutRow, lookup: ValueLookup, lang: Lang): RenderedRow {
  const out: RenderedRow = {};
  const strong = row.kind === 'heading' || row.kind === 'total';
  layout.leadColumns.forEach((kind, col) => {
    if (kind === 'number') {
      const v = row.kind === 'dynamic' ? (row.ordinal ?? null) : (row.code ?? null);
      out[col] = { v, s: 'zh-lead' };
    } else {
      out[col] = { v: row.title?.[lang] ?? null, s: strong ? 'zh-title-strong' : 'zh-title' };
    }
  });
  layout.columns.forEach((column, i) => {
    const s = bodyStyleId(row, column);
    if (i === 0 && layout.titlesInFirstColumn && strong) {
      out[column.index] = { v: row.title?.[lang] ?? null, s: row.kind === 'heading' ? 'zh-heading' : 'zh-total-title' };
      return;
    }
    if (row.kind === 'heading') {
      out[column.index] = { s };
      return;
    }
    const value = lookup(row.rowId, column.colId);
    out[column.index] = { v: value === undefined ? null : displayValue(value, column.def.valueType), s };
  });
  return out;
}

/** Whole sheet: header block plus body rows. */
export function renderSheet(layout: SheetLayout, lookup: ValueLookup, lang: Lang): Record<number, RenderedRow> {
  const out = renderHeader(layout, lang);
  for (const row of layout.rows) out[row.index] = renderBodyRow(layout, row, lookup, lang);
  return out;
}

/** All style ids `renderSheet` can produce for a layout (the workbook must define each). */
export function styleIdsOf(rendered: Record<number, RenderedRow>): Set<string> {
  const ids = new Set<string>();
  for (const row of Object.values(rendered)) for (const cell of Object.values(row)) ids.add(cell.s);
  return ids;
}
