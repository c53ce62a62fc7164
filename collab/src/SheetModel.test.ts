import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addSheet,
  deleteRow,
  getCell,
  initDocument,
  insertRow,
  listRows,
  listSheets,
  moveRow,
  readMeta,
  readSheet,
  setCell,
} from './SheetModel.ts';
import { cellKey, isValidId, isValidOrderKey, parseCellKey, parseRootName } from './DocumentSchema.ts';
import { buildDocument, dynamicSchema, fixedSchema, forkDocument } from './test/fixtures.ts';

const ids = (doc: Y.Doc, sheetId = 's1'): string[] => listRows(doc, sheetId).map((r) => r.rowId);

describe('document layout', () => {
  it('[D1][D3][D4] initDocument writes meta and the template sheets as root maps', () => {
    const doc = buildDocument({ kind: 'pkfo' });
    expect(readMeta(doc)).toEqual({ schemaVersion: 1, kind: 'pkfo' });
    expect(listSheets(doc).map((s) => [s.sheetId, s.templateId])).toEqual([
      ['s1', dynamicSchema.templateId],
      ['p1', fixedSchema.templateId],
    ]);
    expect([...doc.share.keys()].sort()).toEqual(['meta', 'sheets']);
    expect(() => initDocument(doc, { kind: 'pkfo', sheets: [] })).toThrow(/already/);
  });

  it('[D1] classifies root names', () => {
    expect(parseRootName('meta')).toEqual({ type: 'meta' });
    expect(parseRootName('sheets')).toEqual({ type: 'sheets' });
    expect(parseRootName('rows:s1')).toEqual({ type: 'rows', sheetId: 's1' });
    expect(parseRootName('cells:s-1_x')).toEqual({ type: 'cells', sheetId: 's-1_x' });
    for (const bad of ['rows:', 'cells:a/b', 'Meta', 'rows', 'comments', 'rows:a:b']) expect(parseRootName(bad), bad).toBeNull();
  });

  it('[D2] ids are 1–64 of [A-Za-z0-9_-]', () => {
    expect(isValidId('a')).toBe(true);
    expect(isValidId('A_b-9'.padEnd(64, 'x'))).toBe(true);
    for (const bad of ['', 'x'.repeat(65), 'a/b', 'a:b', 'a b', 'ä', 'a.b']) expect(isValidId(bad), bad).toBe(false);
  });

  it('[D7] cell keys are rowId/colId', () => {
    expect(cellKey('r1', 'qty')).toBe('r1/qty');
    expect(parseCellKey('r1/qty')).toEqual({ rowId: 'r1', colId: 'qty' });
    expect(parseCellKey('r1/qty/x')).toBeNull();
    expect(() => cellKey('r/1', 'qty')).toThrow();
  });

  it('[D5] order keys are fractional-indexing keys', () => {
    for (const good of ['a0', 'a1', 'Zz', 'a0V', 'b00']) expect(isValidOrderKey(good), good).toBe(true);
    for (const bad of ['', 'a', 'a10', 'a0 ', '0a', 'a!', 'A00000000000000000000000000']) {
      expect(isValidOrderKey(bad), bad).toBe(false);
    }
  });

  it('[D5][D10] insertRow places rows between neighbours', () => {
    const doc = buildDocument();
    insertRow(doc, 's1', 'b');
    insertRow(doc, 's1', 'd');
    insertRow(doc, 's1', 'a', { after: null });
    insertRow(doc, 's1', 'c', { after: 'b' });
    insertRow(doc, 's1', 'e', { before: null });
    insertRow(doc, 's1', 'c2', { before: 'd' });
    insertRow(doc, 's1', 'b2', { after: 'b', before: 'c' });
    expect(ids(doc)).toEqual(['a', 'b', 'b2', 'c', 'c2', 'd', 'e']);
    for (const r of listRows(doc, 's1')) expect(isValidOrderKey(r.order)).toBe(true);
    expect(() => insertRow(doc, 's1', 'a')).toThrow(/exists/);
    expect(() => insertRow(doc, 's1', 'z', { after: 'nope' })).toThrow(/neighbour/);
    expect(() => insertRow(doc, 's1', 'z', { after: 'd', before: 'b' })).toThrow(/out of order/);
  });

  it('[D5] equal order keys from concurrent inserts are ordered by rowId on every replica', () => {
    const base = buildDocument();
    insertRow(base, 's1', 'first');
    const a = forkDocument(base, 10);
    const b = forkDocument(base, 20);
    insertRow(a, 's1', 'zeta');
    insertRow(b, 's1', 'alpha');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const rows = listRows(a, 's1');
    expect(rows[1]?.order).toBe(rows[2]?.order);
    expect(ids(a)).toEqual(['first', 'alpha', 'zeta']);
    expect(ids(b)).toEqual(ids(a));
    // Inserting "after alpha" cannot split the tie: it lands after the tie group.
    insertRow(a, 's1', 'mid', { after: 'alpha' });
    expect(ids(a)).toEqual(['first', 'alpha', 'zeta', 'mid']);
  });

  it('[D6] moveRow changes only the order key', () => {
    const doc = buildDocument();
    for (const id of ['a', 'b', 'c']) insertRow(doc, 's1', id);
    setCell(doc, { sheetId: 's1', rowId: 'a', colId: 'qty' }, 5);
    moveRow(doc, 's1', 'a', { after: 'c' });
    expect(ids(doc)).toEqual(['b', 'c', 'a']);
    moveRow(doc, 's1', 'a', { before: 'b' });
    expect(ids(doc)).toEqual(['a', 'b', 'c']);
    expect(getCell(doc, { sheetId: 's1', rowId: 'a', colId: 'qty' })).toBe(5);
  });

  it('[D7] deleted rows keep their cells, hidden from readSheet; re-inserting the id brings them back', () => {
    const doc = buildDocument();
    insertRow(doc, 's1', 'a');
    insertRow(doc, 's1', 'b');
    setCell(doc, { sheetId: 's1', rowId: 'a', colId: 'qty' }, 1);
    setCell(doc, { sheetId: 's1', rowId: 'b', colId: 'qty' }, 2);
    setCell(doc, { sheetId: 's1', rowId: 'header', colId: 'name' }, 'Шапка');
    expect(deleteRow(doc, 's1', 'a')).toBe(true);
    expect(deleteRow(doc, 's1', 'a')).toBe(false);
    expect(getCell(doc, { sheetId: 's1', rowId: 'a', colId: 'qty' })).toBe(1);
    expect([...readSheet(doc, 's1').cells]).toEqual([
      ['b/qty', 2],
      ['header/name', 'Шапка'],
    ]);
    insertRow(doc, 's1', 'a');
    expect(readSheet(doc, 's1').cells.get('a/qty')).toBe(1);
  });

  it('[D7][D8] readSheet with a schema keeps only input cells of live or fixed input rows', () => {
    const doc = buildDocument();
    insertRow(doc, 's1', 'a');
    const cells = doc.getMap('cells:s1');
    cells.set('a/qty', 1);
    cells.set('a/total', 99); // would be rejected by validation; projections ignore it anyway
    cells.set('ghost/qty', 3);
    cells.set('sum/qty', 4);
    cells.set('header/name', 'x');
    expect([...readSheet(doc, 's1', dynamicSchema).cells.keys()]).toEqual(['a/qty', 'header/name']);
  });

  it('[D7] setCell with null deletes the key', () => {
    const doc = buildDocument();
    setCell(doc, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, 10);
    setCell(doc, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, null);
    expect(doc.getMap('cells:p1').has('L010/plan')).toBe(false);
    expect(() => setCell(doc, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, Number.NaN)).toThrow();
  });

  it('[D4] addSheet appends after existing sheets and refuses an existing id', () => {
    const doc = buildDocument();
    const added = addSheet(doc, { sheetId: 'x1', templateId: dynamicSchema.templateId });
    expect(listSheets(doc).map((s) => s.sheetId)).toEqual(['s1', 'p1', 'x1']);
    expect(isValidOrderKey(added.order)).toBe(true);
    expect(() => addSheet(doc, { sheetId: 'x1', templateId: dynamicSchema.templateId })).toThrow(/exists/);
  });

  it('[D10] every write is one transaction with the caller origin', () => {
    const doc = buildDocument();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const me = { user: 'u1' };
    insertRow(doc, 's1', 'a', {}, me);
    moveRow(doc, 's1', 'a', { after: null }, me);
    setCell(doc, { sheetId: 's1', rowId: 'a', colId: 'qty' }, 1, me);
    deleteRow(doc, 's1', 'a', me);
    addSheet(doc, { sheetId: 'x', templateId: fixedSchema.templateId }, me);
    expect(origins).toEqual([me, me, me, me, me]);
    const undo = new Y.UndoManager([doc.getMap('rows:s1')], { trackedOrigins: new Set([me]) });
    insertRow(doc, 's1', 'b', {}, me);
    undo.undo();
    expect(ids(doc)).toEqual([]);
  });
});
