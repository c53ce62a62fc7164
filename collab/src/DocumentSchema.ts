/**
 * Layout of a Zhospar Y.Doc (SPEC.md [D1]–[D10]). Only inputs live in the doc; every shared type is
 * a ROOT-level Y.Map, so two peers creating "the same" type concurrently never conflict and the
 * server can see, from an update alone, exactly which cell, row or sheet it writes.
 *
 * ```
 * meta               Y.Map  schemaVersion: 1, kind: DocumentKind            (server-written)
 * sheets             Y.Map  sheetId → { templateId: string, order: string }  (plain JSON)
 * rows:<sheetId>     Y.Map  rowId → order key (fractional-indexing)          (dynamic rows only)
 * cells:<sheetId>    Y.Map  "<rowId>/<colId>" → string | number              (input values only)
 * ```
 *
 * Rows sort by (order, rowId) compared as UTF-16 code units; a deleted row is a deleted key of
 * `rows:<sheetId>`, its cells stay in `cells:<sheetId>` and are ignored by projections.
 */
import { generateKeyBetween } from 'fractional-indexing';

/** Version of this layout, stored in `meta.schemaVersion`. */
export const SCHEMA_VERSION = 1;

/** Root map with document metadata; only the server writes it. */
export const META_ROOT = 'meta';
/** Root map sheetId → {@link SheetEntry}. */
export const SHEETS_ROOT = 'sheets';
const ROWS_PREFIX = 'rows:';
const CELLS_PREFIX = 'cells:';

/** Name of the root map holding the dynamic rows of a sheet. */
export function rowsRootName(sheetId: string): string {
  return ROWS_PREFIX + sheetId;
}

/** Name of the root map holding the input cells of a sheet. */
export function cellsRootName(sheetId: string): string {
  return CELLS_PREFIX + sheetId;
}

/** What a root type name means in the layout; `null` when it is not part of the layout. */
export type RootName =
  | { type: 'meta' }
  | { type: 'sheets' }
  | { type: 'rows'; sheetId: string }
  | { type: 'cells'; sheetId: string };

/** Classifies a root type name of the layout ([D1]); unknown names give `null`. */
export function parseRootName(name: string): RootName | null {
  if (name === META_ROOT) return { type: 'meta' };
  if (name === SHEETS_ROOT) return { type: 'sheets' };
  if (name.startsWith(ROWS_PREFIX)) {
    const sheetId = name.slice(ROWS_PREFIX.length);
    return isValidId(sheetId) ? { type: 'rows', sheetId } : null;
  }
  if (name.startsWith(CELLS_PREFIX)) {
    const sheetId = name.slice(CELLS_PREFIX.length);
    return isValidId(sheetId) ? { type: 'cells', sheetId } : null;
  }
  return null;
}

/** Value of a `sheets` entry. */
export interface SheetEntry {
  templateId: string;
  /** Fractional order key of the sheet tab. */
  order: string;
}

/** An input value as stored in `cells:<sheetId>` (numbers for amounts, strings for text, codes, dates). */
export type CellValue = string | number | boolean;

/** Address of a cell by stable ids (never positions). */
export interface CellAddress {
  sheetId: string;
  rowId: string;
  colId: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Sheet, row and column ids: `/^[A-Za-z0-9_-]{1,64}$/` ([D2]); they never contain `/` or `:`. */
export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Key of a cell in `cells:<sheetId>` ([D6]). Throws on invalid ids so a bad key never reaches the doc. */
export function cellKey(rowId: string, colId: string): string {
  if (!isValidId(rowId) || !isValidId(colId)) throw new Error(`Invalid cell ids: ${rowId}/${colId}`);
  return `${rowId}/${colId}`;
}

/** Splits a cell key; `null` unless it is exactly `<rowId>/<colId>` with two valid ids. */
export function parseCellKey(key: string): { rowId: string; colId: string } | null {
  const slash = key.indexOf('/');
  if (slash < 0) return null;
  const rowId = key.slice(0, slash);
  const colId = key.slice(slash + 1);
  return isValidId(rowId) && isValidId(colId) ? { rowId, colId } : null;
}

/** Longest order key accepted ([D5]); long enough for thousands of inserts at one spot. */
export const MAX_ORDER_KEY_LENGTH = 256;
const ORDER_KEY_PATTERN = /^[A-Za-z][0-9A-Za-z]*$/;

/**
 * True for a key that `fractional-indexing` (base 62) itself would accept as a neighbour, so any
 * peer can always insert before or after it.
 */
export function isValidOrderKey(key: string): boolean {
  if (key.length > MAX_ORDER_KEY_LENGTH || !ORDER_KEY_PATTERN.test(key)) return false;
  try {
    generateKeyBetween(key, null);
    generateKeyBetween(null, key);
    return true;
  } catch {
    return false;
  }
}

/** Orders (order, id) pairs as every replica does ([D5]): by order key, then id, as code units. */
export function compareByOrder(a: { order: string; id: string }, b: { order: string; id: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}
