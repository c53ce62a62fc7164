/**
 * Reading and writing the document Y.Doc in the layout of CONTRACTS.md ("Y.Doc layout"):
 * `sheets` (sheetId → {templateId, order}), `rows:<sheetId>` (rowId → fractional order key),
 * `cells:<sheetId>` (`<rowId>/<colId>` → input value). All types are root-level maps.
 *
 * Client-side accessors until `@zhospar/collab` exports its helpers; every write goes through
 * `ydoc.transact(fn, LOCAL_ORIGIN)` so the binding can tell its own changes from peers'.
 */
import { generateKeyBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import type { StoredValue } from '../model/templateTypes';
import type { RowEntry } from '../univer/binding/SheetLayout';
import { sortRowEntries } from '../univer/binding/SheetLayout';
import type { CellWrite } from '../univer/binding/translateChanges';
import { cellKey } from '../univer/binding/translateChanges';

/** Transaction origin of every change this client makes (Y.UndoManager tracks it too). */
export const LOCAL_ORIGIN: unique symbol = Symbol('zhospar-client-local');

export const SHEETS_MAP = 'sheets';
export function rowsMapName(sheetId: string): string {
  return `rows:${sheetId}`;
}
export function cellsMapName(sheetId: string): string {
  return `cells:${sheetId}`;
}

export interface DocSheet {
  sheetId: string;
  templateId: string;
  order: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a string is a valid sheet, row or column id. */
export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

function isSheetEntry(v: unknown): v is { templateId: string; order?: unknown } {
  return typeof v === 'object' && v !== null && typeof (v as { templateId?: unknown }).templateId === 'string';
}

/** The sheets of a document in display order (order key, then id). */
export function readDocSheets(doc: Y.Doc): DocSheet[] {
  const out: DocSheet[] = [];
  doc.getMap<unknown>(SHEETS_MAP).forEach((value, sheetId) => {
    if (!isSheetEntry(value)) return;
    out.push({ sheetId, templateId: value.templateId, order: typeof value.order === 'string' ? value.order : '' });
  });
  return out.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.sheetId < b.sheetId ? -1 : a.sheetId > b.sheetId ? 1 : 0));
}

/** The document's own rows of a sheet, sorted by (order, rowId). */
export function readRows(doc: Y.Doc, sheetId: string): RowEntry[] {
  const entries: RowEntry[] = [];
  doc.getMap<unknown>(rowsMapName(sheetId)).forEach((order, rowId) => {
    if (typeof order === 'string') entries.push({ rowId, order });
  });
  return sortRowEntries(entries);
}

function isStoredValue(v: unknown): v is StoredValue {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** The stored input value of a cell. */
export function readCell(doc: Y.Doc, sheetId: string, rowId: string, colId: string): StoredValue | undefined {
  const v = doc.getMap<unknown>(cellsMapName(sheetId)).get(cellKey(rowId, colId));
  return isStoredValue(v) ? v : undefined;
}

/** Writes (or clears) input cells in one local transaction. */
export function writeCells(doc: Y.Doc, sheetId: string, writes: readonly CellWrite[]): void {
  if (writes.length === 0) return;
  const cells = doc.getMap<unknown>(cellsMapName(sheetId));
  doc.transact(() => {
    for (const w of writes) {
      const key = cellKey(w.rowId, w.colId);
      if (w.value === null) {
        if (cells.has(key)) cells.delete(key);
      } else if (cells.get(key) !== w.value) {
        cells.set(key, w.value);
      }
    }
  }, LOCAL_ORIGIN);
}

/**
 * Inserts a document row after `afterRowId` (null: at the top of the dynamic section) with a
 * fractional order key between its neighbours.
 */
export function insertRowAfter(doc: Y.Doc, sheetId: string, afterRowId: string | null, newRowId: string): void {
  if (!isValidId(newRowId)) throw new Error(`invalid row id ${newRowId}`);
  const rows = readRows(doc, sheetId);
  const at = afterRowId === null ? -1 : rows.findIndex((r) => r.rowId === afterRowId);
  const before = at >= 0 ? (rows[at] as RowEntry).order : null;
  const after = rows[at + 1]?.order ?? null;
  // Equal neighbour keys (concurrent inserts) fall back to inserting after the equal run.
  let key: string;
  try {
    key = generateKeyBetween(before, after === before ? null : after);
  } catch {
    key = generateKeyBetween(rows[rows.length - 1]?.order ?? null, null);
  }
  doc.transact(() => {
    doc.getMap<unknown>(rowsMapName(sheetId)).set(newRowId, key);
  }, LOCAL_ORIGIN);
}

/** Deletes a document row (its cells stay and are ignored, CONTRACTS.md). */
export function deleteRow(doc: Y.Doc, sheetId: string, rowId: string): void {
  doc.transact(() => {
    doc.getMap<unknown>(rowsMapName(sheetId)).delete(rowId);
  }, LOCAL_ORIGIN);
}

/** A new row id: 22 url-safe characters from the browser's CSPRNG. */
export function newRowId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let out = 'r';
  for (const b of bytes) out += alphabet[b & 63];
  return out;
}
