/**
 * The client's view of the document Y.Doc (CONTRACTS.md, "Y.Doc layout"), on top of
 * `@zhospar/collab`'s helpers. Every write this client makes is a transaction with `LOCAL_ORIGIN`,
 * so the binding can tell its own changes from peers' and `Y.UndoManager` tracks only the user's.
 */
import type * as Y from 'yjs';
import type { CellValue, RowRef, SheetRef } from '@zhospar/collab';
import { deleteRow as collabDeleteRow, getCell, insertRow, isValidId, listRows, listSheets, setCell } from '@zhospar/collab';
import type { CellWrite } from '../univer/binding/translateChanges';

export { SHEETS_ROOT, cellsRootName, rowsRootName } from '@zhospar/collab';

/** Transaction origin of every change this client makes (Y.UndoManager tracks it). */
export const LOCAL_ORIGIN: unique symbol = Symbol('zhospar-client-local');

/** The sheets of a document in tab order. */
export function readDocSheets(doc: Y.Doc): SheetRef[] {
  return listSheets(doc);
}

/** The document's own rows of a sheet, sorted by (order, rowId). */
export function readRows(doc: Y.Doc, sheetId: string): RowRef[] {
  return listRows(doc, sheetId);
}

/** The stored input value of a cell. */
export function readCell(doc: Y.Doc, sheetId: string, rowId: string, colId: string): CellValue | undefined {
  if (!isValidId(rowId) || !isValidId(colId)) return undefined;
  return getCell(doc, { sheetId, rowId, colId });
}

/** Writes (or clears) input cells in one local transaction; unchanged values are not rewritten. */
export function writeCells(doc: Y.Doc, sheetId: string, writes: readonly CellWrite[]): void {
  const changed = writes.filter((w) => (readCell(doc, sheetId, w.rowId, w.colId) ?? null) !== w.value);
  if (changed.length === 0) return;
  doc.transact(() => {
    for (const w of changed) setCell(doc, { sheetId, rowId: w.rowId, colId: w.colId }, w.value, LOCAL_ORIGIN);
  }, LOCAL_ORIGIN);
}

/** Inserts a document row right after `afterRowId` (null: first in the dynamic section). */
export function insertRowAfter(doc: Y.Doc, sheetId: string, afterRowId: string | null, newRowId: string): void {
  insertRow(doc, sheetId, newRowId, { after: afterRowId }, LOCAL_ORIGIN);
}

/** Deletes a document row (its cells stay and are ignored, CONTRACTS.md). */
export function deleteRow(doc: Y.Doc, sheetId: string, rowId: string): void {
  collabDeleteRow(doc, sheetId, rowId, LOCAL_ORIGIN);
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
