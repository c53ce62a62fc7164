/**
 * Harness for the seeded convergence test: honest peers editing through SheetModel, and a network
 * that delivers their updates late, reordered, duplicated and batched.
 */
import type * as Y from 'yjs';
import type { Prng } from './mulberry32.ts';
import { addSheet, deleteRow, insertRow, listRows, listSheets, moveRow, setCell } from '../SheetModel.ts';
import type { RowPosition } from '../SheetModel.ts';
import type { CellValueType } from '../SheetSchema.ts';
import { dynamicSchema, lookup } from './fixtures.ts';

export const LOCAL = Symbol('local');

export interface Peer {
  name: string;
  doc: Y.Doc;
  counter: number;
}

function randomValue(rng: Prng, type: CellValueType): string | number {
  switch (type) {
    case 'amount':
      return Math.round((rng.next() - 0.3) * 1e9) / 100;
    case 'quantity':
      return rng.int(10_000);
    case 'percent':
      return Math.round(rng.next() * 10_000) / 100;
    case 'text':
      return rng.pick(['Бензин', 'Жанармай', 'ремонт', '', 'x'.repeat(rng.int(50))]);
    case 'code':
      return String(rng.int(1_000_000));
    case 'date':
      return `20${10 + rng.int(20)}-0${1 + rng.int(9)}-${10 + rng.int(18)}`;
  }
}

function randomPosition(rng: Prng, rowIds: readonly string[]): RowPosition {
  const r = rng.int(5);
  if (rowIds.length === 0 || r === 0) return {};
  if (r === 1) return { after: null };
  if (r === 2) return { before: null };
  if (r === 3) return { after: rng.pick(rowIds) };
  return { before: rng.pick(rowIds) };
}

/** One random honest edit by `peer`; returns a short description for failure messages. */
export function randomEdit(rng: Prng, peer: Peer): string {
  const { doc } = peer;
  const sheets = listSheets(doc);
  const sheet = rng.pick(sheets);
  const schema = lookup(sheet.templateId);
  if (!schema) throw new Error(`no schema ${sheet.templateId}`);
  const rows = listRows(doc, sheet.sheetId).map((r) => r.rowId);
  const roll = rng.int(100);
  const newId = (): string => `${peer.name}${peer.counter++}`;
  if (schema.dynamicRows && roll < 18) {
    const rowId = newId();
    insertRow(doc, sheet.sheetId, rowId, randomPosition(rng, rows), LOCAL);
    return `insertRow ${sheet.sheetId}/${rowId}`;
  }
  if (schema.dynamicRows && roll < 26 && rows.length > 0) {
    const rowId = rng.pick(rows);
    deleteRow(doc, sheet.sheetId, rowId, LOCAL);
    return `deleteRow ${sheet.sheetId}/${rowId}`;
  }
  if (schema.dynamicRows && roll < 34 && rows.length > 1) {
    const rowId = rng.pick(rows);
    const others = rows.filter((r) => r !== rowId);
    moveRow(doc, sheet.sheetId, rowId, randomPosition(rng, others), LOCAL);
    return `moveRow ${sheet.sheetId}/${rowId}`;
  }
  if (roll < 37) {
    const sheetId = newId();
    addSheet(doc, { sheetId, templateId: dynamicSchema.templateId }, LOCAL);
    return `addSheet ${sheetId}`;
  }
  const inputRows = [...rows, ...[...schema.fixedRows].filter((r) => !schema.calculatedRows.has(r))];
  if (inputRows.length === 0) return 'noop';
  const rowId = rng.pick(inputRows);
  const [colId, type] = rng.pick([...schema.inputColumns]);
  const value = rng.bool(0.15) ? null : randomValue(rng, type);
  // Several edits in one transaction now and then, like a paste.
  doc.transact(() => {
    setCell(doc, { sheetId: sheet.sheetId, rowId, colId }, value, LOCAL);
    if (rng.bool(0.2)) setCell(doc, { sheetId: sheet.sheetId, rowId, colId }, randomValue(rng, type), LOCAL);
  }, LOCAL);
  return `setCell ${sheet.sheetId}/${rowId}/${colId}`;
}
