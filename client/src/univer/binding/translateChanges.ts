/**
 * Translation between positional grid changes and stable cell changes (pure).
 *
 * Outbound: the cell matrix of a `sheet.mutation.set-range-values` (row index → column index →
 * cell data) becomes writes to `cells:<sheetId>` keyed by `<rowId>/<colId>`, coerced to the column
 * type; writes to read-only or invalid cells become rejections the binding reverts.
 * Inbound: stored values become the cell data the grid shows (value plus the cell's style id).
 */
import type { StoredValue } from '../../model/templateTypes';
import { coerceCellInput, displayValue, isCanonicalDisplay } from './coerceValue';
import type { LayoutColumn, LayoutRow, SheetLayout } from './SheetLayout';
import { isInputRow } from './SheetLayout';

/** The parts of Univer's `ICellData` the binding reads. */
export interface CellDataLike {
  v?: unknown;
  /** Rich text (`IDocumentData`); only `body.dataStream` is read. */
  p?: unknown;
  f?: unknown;
  si?: unknown;
}

function dataStreamOf(p: unknown): string | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const body = (p as { body?: unknown }).body;
  if (typeof body !== 'object' || body === null) return undefined;
  const stream = (body as { dataStream?: unknown }).dataStream;
  return typeof stream === 'string' ? stream : undefined;
}

/** Row index → column index → cell data (`IObjectMatrixPrimitiveType<Nullable<ICellData>>`). */
/** A cell of the matrix; Univer's `Nullable` includes `void`. */
export type MatrixCell = CellDataLike | null | undefined | void;

export type CellMatrixLike = Readonly<Record<number, Readonly<Record<number, MatrixCell>> | undefined>>;

export interface CellWrite {
  rowId: string;
  colId: string;
  /** null deletes the key (clears the cell). */
  value: StoredValue | null;
}

export type RejectionReason = 'read-only' | 'number' | 'date' | 'formula';

export interface GridPosition {
  row: number;
  col: number;
}

export interface OutboundTranslation {
  writes: CellWrite[];
  rejected: Array<GridPosition & { reason: RejectionReason }>;
  /** Accepted cells whose grid value is not the canonical display (e.g. «1 234,5» → 1234.5). */
  normalize: GridPosition[];
}

export { cellKey, parseCellKey } from '@zhospar/collab';

/** What the user put into a cell: plain value, or the text of rich text. `undefined` = not touched. */
function rawValueOf(cell: MatrixCell): { touched: boolean; raw: unknown; formula: boolean } {
  if (cell === null || cell === undefined || typeof cell !== 'object') return { touched: true, raw: null, formula: false };
  if (typeof cell.f === 'string' && cell.f !== '') return { touched: true, raw: null, formula: true };
  if ('v' in cell) return { touched: true, raw: cell.v ?? null, formula: false };
  const stream = dataStreamOf(cell.p);
  if (typeof stream === 'string') return { touched: true, raw: stream.replace(/\r?\n$/, '').replace(/\r$/, ''), formula: false };
  if ('p' in cell && (cell.p === null || cell.p === undefined)) return { touched: true, raw: null, formula: false };
  return { touched: false, raw: undefined, formula: false };
}

/** Translates a set-range-values cell matrix of one sheet to stable writes. */
export function translateOutbound(layout: SheetLayout, matrix: CellMatrixLike): OutboundTranslation {
  const out: OutboundTranslation = { writes: [], rejected: [], normalize: [] };
  for (const [rowKey, cols] of Object.entries(matrix)) {
    if (cols === undefined) continue;
    const row = Number(rowKey);
    const layoutRow: LayoutRow | undefined = layout.rows[row - layout.headerRowCount];
    for (const [colKey, cell] of Object.entries(cols)) {
      const col = Number(colKey);
      const { touched, raw, formula } = rawValueOf(cell);
      if (!touched) continue; // style-only change: not synced
      const layoutCol: LayoutColumn | undefined = layout.columns[col - layout.leadColumns.length];
      if (layoutRow === undefined || layoutCol === undefined || !isInputRow(layoutRow) || layoutCol.def.kind !== 'input') {
        out.rejected.push({ row, col, reason: 'read-only' });
        continue;
      }
      if (formula) {
        out.rejected.push({ row, col, reason: 'formula' });
        continue;
      }
      const result = coerceCellInput(raw, layoutCol.def.valueType, layoutCol.def.precision);
      if (result.kind === 'invalid') {
        out.rejected.push({ row, col, reason: result.reason });
      } else if (result.kind === 'clear') {
        out.writes.push({ rowId: layoutRow.rowId, colId: layoutCol.colId, value: null });
      } else {
        out.writes.push({ rowId: layoutRow.rowId, colId: layoutCol.colId, value: result.value });
        if (!isCanonicalDisplay(raw, result.value, layoutCol.def.valueType)) out.normalize.push({ row, col });
      }
    }
  }
  return out;
}

/** Style id of a body cell: depends on the row kind and the column (see `workbookStyles`). */
export function bodyStyleId(row: LayoutRow, column: LayoutColumn): string {
  const { def } = column;
  const editable = isInputRow(row) && def.kind === 'input';
  const base = `${def.valueType}${def.precision === undefined ? '' : `-${def.precision}`}`;
  if (row.kind === 'heading') return 'zh-heading';
  if (row.kind === 'total') return `zh-total-${base}`;
  return editable ? `zh-in-${base}` : `zh-ro-${base}`;
}

/** Cell data a stable value is shown with (value only; `null` value = empty cell, style kept). */
export function inboundCellData(layout: SheetLayout, rowId: string, colId: string, value: StoredValue | null | undefined): { row: number; col: number; v: string | number | null } | null {
  const row = layout.rowById.get(rowId);
  const col = layout.columnById.get(colId);
  if (row === undefined || col === undefined) return null;
  const v = value === null || value === undefined ? null : displayValue(value, col.def.valueType);
  return { row: row.index, col: col.index, v };
}
