/**
 * Reading and writing the document layout of DocumentSchema.ts through plain functions over a
 * Y.Doc. Ids, order neighbours and transaction origins come from the caller (collab is pure); every
 * write is one `doc.transact` with the caller's origin, so the client's `Y.UndoManager` can track
 * local edits and the server can tell its own writes apart.
 */
import type * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import type { DocumentKind } from './DocumentName.ts';
import { isDocumentKind } from './DocumentName.ts';
import {
  META_ROOT,
  SCHEMA_VERSION,
  SHEETS_ROOT,
  cellKey,
  cellsRootName,
  compareByOrder,
  isValidId,
  isValidOrderKey,
  parseCellKey,
  rowsRootName,
} from './DocumentSchema.ts';
import type { CellAddress, CellValue, SheetEntry } from './DocumentSchema.ts';
import type { SheetSchema } from './SheetSchema.ts';

/** A dynamic row (строка) with its order key. */
export interface RowRef {
  rowId: string;
  order: string;
}

/** A sheet (лист) of the document, as listed in `sheets`. */
export interface SheetRef extends SheetEntry {
  sheetId: string;
}

/** Where to put a row: right after `after`, right before `before`; `after: null` = first, `before: null` = last. */
export interface RowPosition {
  after?: string | null;
  before?: string | null;
}

/** Inputs of one sheet as every replica sees them. */
export interface SheetContent {
  /** Live dynamic rows sorted by (order, rowId). Fixed template rows are not listed. */
  rows: RowRef[];
  /** `rowId/colId` → value; cells of deleted rows are left out. */
  cells: Map<string, CellValue>;
}

function assertId(id: string, what: string): void {
  if (!isValidId(id)) throw new Error(`Invalid ${what} id: ${JSON.stringify(id)}`);
}

function sheetsMap(doc: Y.Doc): Y.Map<SheetEntry> {
  return doc.getMap<SheetEntry>(SHEETS_ROOT);
}

function rowsMap(doc: Y.Doc, sheetId: string): Y.Map<string> {
  return doc.getMap<string>(rowsRootName(sheetId));
}

function cellsMap(doc: Y.Doc, sheetId: string): Y.Map<CellValue> {
  return doc.getMap<CellValue>(cellsRootName(sheetId));
}

/** Sheets of the document sorted by (order, sheetId). */
export function listSheets(doc: Y.Doc): SheetRef[] {
  const out: SheetRef[] = [];
  sheetsMap(doc).forEach((entry, sheetId) => {
    out.push({ sheetId, templateId: entry.templateId, order: entry.order });
  });
  return out.sort((a, b) => compareByOrder({ order: a.order, id: a.sheetId }, { order: b.order, id: b.sheetId }));
}

/** Document metadata; `undefined` fields when the doc is not initialised yet. */
export function readMeta(doc: Y.Doc): { schemaVersion: number | undefined; kind: DocumentKind | undefined } {
  const meta = doc.getMap<unknown>(META_ROOT);
  const version = meta.get('schemaVersion');
  const kind = meta.get('kind');
  return {
    schemaVersion: typeof version === 'number' ? version : undefined,
    kind: typeof kind === 'string' && isDocumentKind(kind) ? kind : undefined,
  };
}

/**
 * Fills an empty doc: `meta` and the template sheets (шаблонные листы). Done once, by the server,
 * when a document row has no Yjs state yet ([D3]); throws if the doc is already initialised.
 */
export function initDocument(
  doc: Y.Doc,
  init: { kind: DocumentKind; sheets: ReadonlyArray<{ sheetId: string; templateId: string }> },
  origin?: unknown,
): void {
  if (!isDocumentKind(init.kind)) throw new Error(`Unknown document kind: ${String(init.kind)}`);
  if (doc.getMap(META_ROOT).has('schemaVersion')) throw new Error('Document is already initialised');
  const seen = new Set<string>();
  for (const s of init.sheets) {
    assertId(s.sheetId, 'sheet');
    if (seen.has(s.sheetId)) throw new Error(`Duplicate sheet id: ${s.sheetId}`);
    seen.add(s.sheetId);
  }
  doc.transact(() => {
    const meta = doc.getMap<unknown>(META_ROOT);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('kind', init.kind);
    let order: string | null = null;
    for (const s of init.sheets) {
      order = generateKeyBetween(order, null);
      sheetsMap(doc).set(s.sheetId, { templateId: s.templateId, order });
    }
  }, origin);
}

/**
 * Adds a sheet after the existing ones (or at `order`). Sheet entries are immutable once written
 * ([D4]), so the id must be new — use a fresh uuid-like id, never one derived from the template.
 */
export function addSheet(
  doc: Y.Doc,
  sheet: { sheetId: string; templateId: string; order?: string },
  origin?: unknown,
): SheetRef {
  assertId(sheet.sheetId, 'sheet');
  if (sheetsMap(doc).has(sheet.sheetId)) throw new Error(`Sheet already exists: ${sheet.sheetId}`);
  if (sheet.order !== undefined && !isValidOrderKey(sheet.order)) throw new Error(`Invalid order key: ${sheet.order}`);
  const last = listSheets(doc).at(-1);
  const order = sheet.order ?? generateKeyBetween(last ? last.order : null, null);
  doc.transact(() => {
    sheetsMap(doc).set(sheet.sheetId, { templateId: sheet.templateId, order });
  }, origin);
  return { sheetId: sheet.sheetId, templateId: sheet.templateId, order };
}

/** Live dynamic rows of a sheet sorted by (order, rowId) ([D5]). */
export function listRows(doc: Y.Doc, sheetId: string): RowRef[] {
  const out: RowRef[] = [];
  rowsMap(doc, sheetId).forEach((order, rowId) => {
    out.push({ rowId, order });
  });
  return out.sort((a, b) => compareByOrder({ order: a.order, id: a.rowId }, { order: b.order, id: b.rowId }));
}

/**
 * Order key for a row placed at `position` among `rows` (sorted, without the row being placed).
 * Rows tied on the same key (two peers inserted at one spot concurrently) stay together: "after X"
 * lands after X's whole tie group, "before Y" before Y's group.
 */
function orderKeyAt(rows: readonly RowRef[], position: RowPosition): string {
  const indexOf = (rowId: string): number => {
    const i = rows.findIndex((r) => r.rowId === rowId);
    if (i < 0) throw new Error(`Unknown neighbour row: ${rowId}`);
    return i;
  };
  const { after, before } = position;
  if (after === null && before === null) throw new Error('Row position: after and before cannot both be null');
  let lower: string | null;
  let upper: string | null;
  if (typeof after === 'string') {
    lower = (rows[indexOf(after)] as RowRef).order;
  } else if (after === null) {
    lower = null;
  } else if (typeof before === 'string') {
    const key = (rows[indexOf(before)] as RowRef).order;
    lower = [...rows].reverse().find((r) => r.order < key)?.order ?? null;
  } else {
    lower = rows.at(-1)?.order ?? null;
  }
  if (typeof before === 'string') {
    upper = (rows[indexOf(before)] as RowRef).order;
  } else if (before === null) {
    upper = null;
  } else if (after === null) {
    upper = rows[0]?.order ?? null;
  } else {
    const floor = lower;
    upper = floor === null ? null : (rows.find((r) => r.order > floor)?.order ?? null);
  }
  if (lower !== null && upper !== null && lower >= upper) {
    throw new Error(`Row position: neighbours out of order (${lower} ≥ ${upper})`);
  }
  return generateKeyBetween(lower, upper);
}

/**
 * Inserts a dynamic row with a caller-supplied id; its order key is generated between its
 * neighbours (default: at the end). Returns the order key written.
 */
export function insertRow(
  doc: Y.Doc,
  sheetId: string,
  rowId: string,
  position: RowPosition = {},
  origin?: unknown,
): string {
  assertId(sheetId, 'sheet');
  assertId(rowId, 'row');
  const rows = rowsMap(doc, sheetId);
  if (rows.has(rowId)) throw new Error(`Row already exists: ${rowId}`);
  const order = orderKeyAt(listRows(doc, sheetId), position);
  doc.transact(() => rows.set(rowId, order), origin);
  return order;
}

/** Moves a row by giving it a new order key (never delete + insert, which would lose concurrent edits). */
export function moveRow(
  doc: Y.Doc,
  sheetId: string,
  rowId: string,
  position: RowPosition,
  origin?: unknown,
): string {
  const rows = rowsMap(doc, sheetId);
  if (!rows.has(rowId)) throw new Error(`Unknown row: ${rowId}`);
  const order = orderKeyAt(
    listRows(doc, sheetId).filter((r) => r.rowId !== rowId),
    position,
  );
  doc.transact(() => rows.set(rowId, order), origin);
  return order;
}

/**
 * Deletes a dynamic row. Its cells stay in the doc (so undo of the delete brings them back) and are
 * ignored by {@link readSheet} ([D7]). Returns false when the row was not there.
 */
export function deleteRow(doc: Y.Doc, sheetId: string, rowId: string, origin?: unknown): boolean {
  const rows = rowsMap(doc, sheetId);
  if (!rows.has(rowId)) return false;
  doc.transact(() => rows.delete(rowId), origin);
  return true;
}

/** Writes an input value; `null` clears the cell (deletes its key). */
export function setCell(doc: Y.Doc, address: CellAddress, value: CellValue | null, origin?: unknown): void {
  assertId(address.sheetId, 'sheet');
  const key = cellKey(address.rowId, address.colId);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('Cell value must be a finite number');
  const cells = cellsMap(doc, address.sheetId);
  doc.transact(() => {
    if (value === null) cells.delete(key);
    else cells.set(key, value);
  }, origin);
}

/** The stored input value of a cell (regardless of whether its row is live), or `undefined`. */
export function getCell(doc: Y.Doc, address: CellAddress): CellValue | undefined {
  return cellsMap(doc, address.sheetId).get(cellKey(address.rowId, address.colId));
}

/**
 * The inputs of one sheet as every replica sees them ([D5], [D7]). A cell is kept when its row is
 * live in `rows:<sheetId>` or was never there (a fixed template row). With `schema`, only fixed rows
 * of the template count, and only its input columns.
 */
export function readSheet(doc: Y.Doc, sheetId: string, schema?: SheetSchema): SheetContent {
  const rows = listRows(doc, sheetId);
  const rowsType = rowsMap(doc, sheetId);
  const live = new Set(rows.map((r) => r.rowId));
  const cells = new Map<string, CellValue>();
  const keys: string[] = [];
  cellsMap(doc, sheetId).forEach((_value, key) => keys.push(key));
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const parsed = parseCellKey(key);
    if (!parsed) continue;
    const { rowId, colId } = parsed;
    const rowOk = schema
      ? live.has(rowId) || (schema.fixedRows.has(rowId) && !schema.calculatedRows.has(rowId))
      : live.has(rowId) || !rowsType._map.has(rowId);
    if (!rowOk) continue;
    if (schema && !schema.inputColumns.has(colId)) continue;
    const value = cellsMap(doc, sheetId).get(key);
    if (value !== undefined) cells.set(key, value);
  }
  return { rows, cells };
}
