import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { projectDocument } from './projectDocument.ts';
import { canonicalJson } from './canonicalJson.ts';
import { deleteRow, insertRow, setCell } from './SheetModel.ts';
import { buildDocument, forkDocument, lookup } from './test/fixtures.ts';

describe('projectDocument', () => {
  it('[D9] projects inputs to plain JSON in display order', () => {
    const doc = buildDocument();
    insertRow(doc, 's1', 'b');
    insertRow(doc, 's1', 'a', { after: null });
    insertRow(doc, 's1', 'gone');
    setCell(doc, { sheetId: 's1', rowId: 'b', colId: 'price' }, 1500);
    setCell(doc, { sheetId: 's1', rowId: 'gone', colId: 'price' }, 7);
    setCell(doc, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, 10);
    deleteRow(doc, 's1', 'gone');
    expect(projectDocument(doc, lookup)).toEqual({
      schemaVersion: 1,
      kind: 'budget-request',
      sheets: [
        {
          sheetId: 's1',
          templateId: 'budget-request/144@2025-04',
          order: 'a0',
          rows: [
            { rowId: 'a', order: 'Zz' },
            { rowId: 'b', order: 'a0' },
          ],
          cells: { 'b/price': 1500 },
        },
        { sheetId: 'p1', templateId: 'pkfo/lines@2025-01', order: 'a1', rows: [], cells: { 'L010/plan': 10 } },
      ],
    });
  });

  it('[D9] is independent of edit history and replica', () => {
    const a = buildDocument();
    const b = forkDocument(a, 5);
    setCell(a, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, 1);
    setCell(a, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, 2);
    setCell(a, { sheetId: 'p1', rowId: 'L020', colId: 'note' }, 'x');
    setCell(b, { sheetId: 'p1', rowId: 'L020', colId: 'note' }, 'x');
    setCell(b, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, 2);
    expect(canonicalJson(projectDocument(a))).toBe(canonicalJson(projectDocument(b)));
    const c = new Y.Doc();
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a));
    expect(canonicalJson(projectDocument(c))).toBe(canonicalJson(projectDocument(a)));
  });
});
