import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LOCAL_ORIGIN, deleteRow, insertRowAfter, newRowId, readCell, readDocSheets, readRows, writeCells } from './docModel';

function buildDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('sheets').set('s2', { templateId: 't2', order: 'a1' });
  doc.getMap('sheets').set('s1', { templateId: 't1', order: 'a0' });
  doc.getMap('rows:s1').set('r1', 'a0');
  return doc;
}

describe('docModel', () => {
  it('reads sheets in order', () => {
    expect(readDocSheets(buildDoc()).map((s) => s.sheetId)).toEqual(['s1', 's2']);
  });

  it('writes cells in a local transaction and clears with null', () => {
    const doc = buildDoc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    writeCells(doc, 's1', [{ rowId: 'r1', colId: 'km', value: 5 }]);
    expect(readCell(doc, 's1', 'r1', 'km')).toBe(5);
    writeCells(doc, 's1', [{ rowId: 'r1', colId: 'km', value: null }]);
    expect(readCell(doc, 's1', 'r1', 'km')).toBeUndefined();
    expect(origins).toEqual([LOCAL_ORIGIN, LOCAL_ORIGIN]);
    writeCells(doc, 's1', [{ rowId: 'r1', colId: 'km', value: null }]);
    expect(origins).toHaveLength(2); // nothing to change, no transaction
  });

  it('inserts rows between neighbours and deletes them', () => {
    const doc = buildDoc();
    insertRowAfter(doc, 's1', 'r1', 'r3');
    insertRowAfter(doc, 's1', 'r1', 'r2');
    insertRowAfter(doc, 's1', null, 'r0');
    expect(readRows(doc, 's1').map((r) => r.rowId)).toEqual(['r0', 'r1', 'r2', 'r3']);
    deleteRow(doc, 's1', 'r2');
    expect(readRows(doc, 's1').map((r) => r.rowId)).toEqual(['r0', 'r1', 'r3']);
  });

  it('makes valid unique row ids', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRowId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
