import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateUpdate } from './validateUpdate.ts';
import type { ValidationResult } from './validateUpdate.ts';
import { addSheet, deleteRow, insertRow, moveRow, setCell } from './SheetModel.ts';
import { cellsRootName, rowsRootName } from './DocumentSchema.ts';
import { buildDocument, captureUpdate, dynamicSchema, fixedSchema, forkDocument, lookup, stateOf } from './test/fixtures.ts';
import { applyAndObserve } from './test/observeChanges.ts';

/** Server doc with two dynamic rows r1, r2 in s1. */
function serverWithRows(): Y.Doc {
  const server = buildDocument();
  insertRow(server, 's1', 'r1');
  insertRow(server, 's1', 'r2');
  return server;
}

/** Lets `edit` act on a raw peer copy of `server` and returns what the peer would send. */
function peerUpdate(server: Y.Doc, edit: (peer: Y.Doc) => void, clientID = 77): Uint8Array {
  const peer = forkDocument(server, clientID);
  edit(peer);
  return Y.encodeStateAsUpdate(peer, Y.encodeStateVector(server));
}

/** Validates and asserts the server doc is byte-for-byte unchanged ([V16]). */
function validateUnchanged(server: Y.Doc, update: Uint8Array, opts?: { maxUpdateBytes?: number; allowMeta?: boolean }): ValidationResult {
  const before = stateOf(server);
  const result = validateUpdate(server, update, lookup, opts);
  expect(stateOf(server)).toBe(before);
  return result;
}

function expectRejected(result: ValidationResult, reason: string): void {
  expect(result.ok ? 'accepted' : result.reason, result.ok ? '' : result.detail).toBe(reason);
}

describe('validateUpdate: accepted updates', () => {
  it('[V12][V14][V17] accepts an input cell write and reports it', () => {
    const server = serverWithRows();
    const update = peerUpdate(server, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 12));
    expect(validateUnchanged(server, update)).toEqual({
      ok: true,
      changes: [{ type: 'cell', sheetId: 's1', rowId: 'r1', colId: 'qty', value: 12 }],
    });
  });

  it('[V14] accepts one valid value of every type', () => {
    const server = serverWithRows();
    const values: Array<[string, string | number]> = [
      ['name', 'Бензин АИ-92'],
      ['code', '0144'],
      ['qty', 1500.5],
      ['price', -250000],
      ['rate', 12.5],
      ['due', '2024-02-29'],
    ];
    const update = peerUpdate(server, (p) =>
      p.transact(() => {
        for (const [colId, value] of values) setCell(p, { sheetId: 's1', rowId: 'r2', colId }, value);
      }),
    );
    const result = validateUnchanged(server, update);
    expect(result.ok).toBe(true);
    expect(result.ok && result.changes.length).toBe(values.length);
  });

  it('[V12] accepts inputs in fixed template rows (not totals)', () => {
    const server = buildDocument();
    const update = peerUpdate(server, (p) => {
      setCell(p, { sheetId: 'p1', rowId: 'L010', colId: 'plan' }, 1_000_000);
      setCell(p, { sheetId: 's1', rowId: 'header', colId: 'name' }, 'Итого по программе');
    });
    expect(validateUnchanged(server, update).ok).toBe(true);
  });

  it('[V11][V18] reports row insert, move and delete', () => {
    const server = serverWithRows();
    const update = peerUpdate(server, (p) =>
      p.transact(() => {
        insertRow(p, 's1', 'r3', { after: 'r1' });
        moveRow(p, 's1', 'r2', { after: null });
        deleteRow(p, 's1', 'r1');
      }),
    );
    const result = validateUnchanged(server, update);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.changes.map((c) => `${c.type}:${'rowId' in c ? c.rowId : ''}`)).toEqual([
      'row-delete:r1',
      'row-move:r2',
      'row-insert:r3',
    ]);
  });

  it('[V9][V10][V13] accepts a new sheet with its rows and cells in one update', () => {
    const server = buildDocument();
    const update = peerUpdate(server, (p) =>
      p.transact(() => {
        addSheet(p, { sheetId: 'x1', templateId: dynamicSchema.templateId });
        insertRow(p, 'x1', 'n1');
        setCell(p, { sheetId: 'x1', rowId: 'n1', colId: 'price' }, 99);
      }),
    );
    const result = validateUnchanged(server, update);
    expect(result.ok && result.changes.map((c) => c.type)).toEqual(['sheet-add', 'row-insert', 'cell']);
  });

  it('[V13] accepts a concurrent edit into a row deleted meanwhile, and reports it', () => {
    const server = serverWithRows();
    const peer = forkDocument(server, 50);
    deleteRow(server, 's1', 'r1');
    const update = captureUpdate(peer, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 3));
    const result = validateUnchanged(server, update);
    expect(result).toEqual({ ok: true, changes: [{ type: 'cell', sheetId: 's1', rowId: 'r1', colId: 'qty', value: 3 }] });
  });

  it('[V15][V18] reports a cleared cell as value null', () => {
    const server = serverWithRows();
    setCell(server, { sheetId: 's1', rowId: 'r1', colId: 'name' }, 'x');
    const update = peerUpdate(server, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'name' }, null));
    expect(validateUnchanged(server, update)).toEqual({
      ok: true,
      changes: [{ type: 'cell', sheetId: 's1', rowId: 'r1', colId: 'name', value: null }],
    });
  });

  it('[V3] ignores structs the doc already has (duplicate delivery)', () => {
    const server = serverWithRows();
    const peer = forkDocument(server, 60);
    const update = captureUpdate(peer, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1));
    Y.applyUpdate(server, update);
    expect(validateUnchanged(server, update)).toEqual({ ok: true, changes: [] });
  });

  it('[V19] accepts a full sync-step-2 state with overwritten and deleted history', () => {
    const server = buildDocument();
    const peer = forkDocument(server, 61);
    insertRow(peer, 's1', 'a');
    for (let i = 0; i < 20; i++) setCell(peer, { sheetId: 's1', rowId: 'a', colId: 'qty' }, i);
    insertRow(peer, 's1', 'b');
    deleteRow(peer, 's1', 'b');
    setCell(peer, { sheetId: 's1', rowId: 'a', colId: 'name' }, 'x');
    setCell(peer, { sheetId: 's1', rowId: 'a', colId: 'name' }, null);
    const update = Y.encodeStateAsUpdate(peer, Y.encodeStateVector(server));
    const result = validateUnchanged(server, update);
    expect(result.ok, result.ok ? '' : result.detail).toBe(true);
    expect(result.ok && result.changes).toEqual([
      { type: 'row-insert', sheetId: 's1', rowId: 'a', order: expect.any(String) },
      { type: 'cell', sheetId: 's1', rowId: 'a', colId: 'qty', value: 19 },
    ]);
  });

  it('[V8] accepts meta writes only with allowMeta, and reports them', () => {
    const server = buildDocument();
    const update = peerUpdate(server, (p) => p.getMap('meta').set('kind', 'pkfo'));
    expectRejected(validateUnchanged(server, update), 'meta-readonly');
    expect(validateUnchanged(server, update, { allowMeta: true })).toEqual({
      ok: true,
      changes: [{ type: 'meta', key: 'kind', value: 'pkfo' }],
    });
  });
});

describe('validateUpdate: hostile updates', () => {
  it('[V1] rejects an update over maxUpdateBytes before decoding', () => {
    const server = serverWithRows();
    const update = peerUpdate(server, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'name' }, 'x'.repeat(500)));
    expectRejected(validateUnchanged(server, update, { maxUpdateBytes: 100 }), 'too-large');
    expect(validateUnchanged(server, update, { maxUpdateBytes: 10_000 }).ok).toBe(true);
  });

  it('[V2] rejects bytes that are not a Yjs update', () => {
    const server = serverWithRows();
    expectRejected(validateUnchanged(server, new Uint8Array([1, 200, 200, 200, 200, 200])), 'malformed');
    const good = peerUpdate(server, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1));
    expectRejected(validateUnchanged(server, good.slice(0, good.length - 6)), 'malformed');
  });

  it('[V3] rejects an update whose earlier part the server never received', () => {
    const server = serverWithRows();
    const peer = forkDocument(server, 70);
    captureUpdate(peer, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1));
    const second = captureUpdate(peer, (p) => setCell(p, { sheetId: 's1', rowId: 'r2', colId: 'qty' }, 2));
    expectRejected(validateUnchanged(server, second), 'unresolvable');
  });

  it('[V4] rejects an item whose origin the server does not have', () => {
    const server = serverWithRows();
    const a = forkDocument(server, 71);
    setCell(a, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1); // never sent to the server
    const b = forkDocument(a, 72);
    const update = captureUpdate(b, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 2));
    expectRejected(validateUnchanged(server, update), 'unresolvable');
  });

  it('[V5] rejects nested Y types as values', () => {
    const server = serverWithRows();
    for (const nested of [() => new Y.Map(), () => new Y.Array(), () => new Y.Text('x'), () => new Y.XmlFragment()]) {
      const update = peerUpdate(server, (p) => p.getMap(cellsRootName('s1')).set('r1/name', nested()));
      expectRejected(validateUnchanged(server, update), 'unsupported-structure');
    }
  });

  it('[V5] rejects list insertions into layout roots and new roots', () => {
    const server = serverWithRows();
    expectRejected(
      validateUnchanged(server, peerUpdate(server, (p) => p.getArray(rowsRootName('s9')).insert(0, ['a0']))),
      'unsupported-structure',
    );
    const fresh = new Y.Doc();
    fresh.getArray('sheets').insert(0, [{ templateId: dynamicSchema.templateId, order: 'a0' }]);
    expectRejected(validateUnchanged(server, Y.encodeStateAsUpdate(fresh)), 'unsupported-structure');
  });

  it('[V6] rejects Text, format, embed, binary and subdocument content', () => {
    const server = serverWithRows();
    const cases: Array<(p: Y.Doc) => void> = [
      (p) => p.getText('cells:s1').insert(0, 'abc'),
      (p) => {
        const t = p.getText('evil');
        t.insert(0, 'ab');
        t.format(0, 1, { bold: true });
      },
      (p) => p.getText('evil').insertEmbed(0, { image: 'x' }),
      (p) => p.getMap(cellsRootName('s1')).set('r1/name', new Uint8Array([1, 2])),
      (p) => p.getMap(cellsRootName('s1')).set('r1/name', new Y.Doc()),
    ];
    for (const edit of cases) expectRejected(validateUnchanged(server, peerUpdate(server, edit)), 'unsupported-structure');
  });

  it('[V7] rejects unknown root types', () => {
    const server = serverWithRows();
    expectRejected(validateUnchanged(server, peerUpdate(server, (p) => p.getMap('evil').set('a', 1))), 'unknown-root');
    expectRejected(validateUnchanged(server, peerUpdate(server, (p) => p.getMap('cells:bad id').set('a', 1))), 'unknown-root');
  });

  it('[V8] rejects deleting meta entries', () => {
    const server = buildDocument();
    expectRejected(validateUnchanged(server, peerUpdate(server, (p) => p.getMap('meta').delete('kind'))), 'meta-readonly');
  });

  it('[V9] rejects bad sheet entries', () => {
    const server = buildDocument();
    const sheets = (p: Y.Doc): Y.Map<unknown> => p.getMap('sheets');
    const cases: Array<[string, (p: Y.Doc) => void]> = [
      ['unknown-template', (p) => sheets(p).set('x1', { templateId: 'nope', order: 'a5' })],
      ['invalid-value', (p) => sheets(p).set('x1', { templateId: dynamicSchema.templateId, order: 'a5', extra: 1 })],
      ['invalid-value', (p) => sheets(p).set('x1', 'budget')],
      ['invalid-order', (p) => sheets(p).set('x1', { templateId: dynamicSchema.templateId, order: '!!' })],
      ['invalid-key', (p) => sheets(p).set('x/1', { templateId: dynamicSchema.templateId, order: 'a5' })],
      ['sheet-immutable', (p) => sheets(p).set('s1', { templateId: fixedSchema.templateId, order: 'a0' })],
      ['sheet-immutable', (p) => sheets(p).delete('s1')],
      [
        'sheet-immutable',
        (p) =>
          p.transact(() => {
            sheets(p).set('x2', { templateId: dynamicSchema.templateId, order: 'a5' });
            sheets(p).set('x2', { templateId: fixedSchema.templateId, order: 'a5' });
          }),
      ],
    ];
    for (const [reason, edit] of cases) expectRejected(validateUnchanged(server, peerUpdate(server, edit)), reason);
  });

  it('[V10] rejects rows and cells of sheets that do not exist', () => {
    const server = serverWithRows();
    expectRejected(
      validateUnchanged(server, peerUpdate(server, (p) => p.getMap(cellsRootName('nope')).set('r1/qty', 1))),
      'unknown-sheet',
    );
    expectRejected(
      validateUnchanged(server, peerUpdate(server, (p) => p.getMap(rowsRootName('nope')).set('r1', 'a0'))),
      'unknown-sheet',
    );
  });

  it('[V10] rejects writes into a sheet whose template is unknown', () => {
    const server = buildDocument({ sheets: [{ sheetId: 'old', templateId: 'retired@2019' }] });
    const update = peerUpdate(server, (p) => p.getMap(cellsRootName('old')).set('L1/plan', 1));
    expectRejected(validateUnchanged(server, update), 'unknown-template');
  });

  it('[V11] rejects rows in a sheet with fixed rows only', () => {
    const server = buildDocument();
    expectRejected(
      validateUnchanged(server, peerUpdate(server, (p) => p.getMap(rowsRootName('p1')).set('L030', 'a0'))),
      'rows-fixed',
    );
  });

  it('[V11] rejects bad row ids and order keys', () => {
    const server = serverWithRows();
    const rows = (p: Y.Doc): Y.Map<unknown> => p.getMap(rowsRootName('s1'));
    const cases: Array<[string, (p: Y.Doc) => void]> = [
      ['invalid-order', (p) => rows(p).set('r9', 'not a key')],
      ['invalid-order', (p) => rows(p).set('r9', 'a10')], // trailing zero
      ['invalid-order', (p) => rows(p).set('r9', 5)],
      ['invalid-order', (p) => rows(p).set('r9', 'a' + 'V'.repeat(300))],
      ['invalid-key', (p) => rows(p).set('r/9', 'a5')],
      ['invalid-key', (p) => rows(p).set('header', 'a5')],
    ];
    for (const [reason, edit] of cases) expectRejected(validateUnchanged(server, peerUpdate(server, edit)), reason);
  });

  it('[V12] rejects a write to a calculated cell', () => {
    const server = serverWithRows();
    const cases: Array<[string, string]> = [
      ['s1', 'r1/total'],
      ['s1', 'sum/price'],
      ['p1', 'L900/plan'],
      ['p1', 'L010/delta'],
    ];
    for (const [sheetId, key] of cases) {
      const update = peerUpdate(server, (p) => p.getMap(cellsRootName(sheetId)).set(key, 1));
      expectRejected(validateUnchanged(server, update), 'calculated-cell');
    }
  });

  it('[V12] rejects unknown columns and malformed cell keys', () => {
    const server = serverWithRows();
    const cells = (p: Y.Doc): Y.Map<unknown> => p.getMap(cellsRootName('s1'));
    expectRejected(validateUnchanged(server, peerUpdate(server, (p) => cells(p).set('r1/zzz', 1))), 'unknown-column');
    for (const key of ['r1', 'r1/qty/x', 'r 1/qty', '/qty', 'r1/']) {
      expectRejected(validateUnchanged(server, peerUpdate(server, (p) => cells(p).set(key, 1))), 'invalid-key');
    }
  });

  it('[V13] rejects cells of rows that never existed', () => {
    const server = serverWithRows();
    const update = peerUpdate(server, (p) => p.getMap(cellsRootName('s1')).set('ghost/qty', 1));
    expectRejected(validateUnchanged(server, update), 'unknown-row');
    const fixed = peerUpdate(server, (p) => p.getMap(cellsRootName('p1')).set('L999/plan', 1));
    expectRejected(validateUnchanged(server, fixed), 'unknown-row');
  });

  it('[V14] rejects values of the wrong type or out of range', () => {
    const server = serverWithRows();
    const cases: Array<[string, unknown]> = [
      ['qty', 'abc'],
      ['qty', Number.NaN],
      ['price', Number.POSITIVE_INFINITY],
      ['price', 1e16],
      ['price', true],
      ['price', null],
      ['price', { v: 1 }],
      ['price', [1]],
      ['rate', 5000],
      ['name', 'x'.repeat(2001)],
      ['name', 42],
      ['code', '01A'],
      ['code', 144],
      ['code', ''],
      ['due', '2025-02-30'],
      ['due', '2025-2-3'],
      ['due', '2023-02-29'],
    ];
    for (const [colId, value] of cases) {
      const update = peerUpdate(server, (p) => p.getMap(cellsRootName('s1')).set(`r1/${colId}`, value));
      const result = validateUnchanged(server, update);
      expect(result.ok ? 'accepted' : result.reason, `${colId}=${String(value)}`).toBe('invalid-value');
    }
  });

  it('[V15] rejects deleting a sheet through the delete set', () => {
    const server = buildDocument();
    const peer = forkDocument(server, 80);
    const update = captureUpdate(peer, (p) => p.getMap('sheets').delete('p1'));
    expectRejected(validateUnchanged(server, update), 'sheet-immutable');
  });

  it('[V16] leaves the doc untouched even when the update creates new root types', () => {
    const server = serverWithRows();
    const update = peerUpdate(server, (p) => {
      addSheet(p, { sheetId: 'x9', templateId: dynamicSchema.templateId });
      p.getMap('evil').set('a', 1);
    });
    const rootsBefore = [...server.share.keys()];
    expectRejected(validateUnchanged(server, update), 'unknown-root');
    expect([...server.share.keys()]).toEqual(rootsBefore);
  });
});

describe('validateUpdate: predicted changes equal applied changes', () => {
  it('[V17] sequential edits', () => {
    const server = serverWithRows();
    setCell(server, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1);
    const update = peerUpdate(server, (p) =>
      p.transact(() => {
        setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1); // same value: still an update event
        setCell(p, { sheetId: 's1', rowId: 'r2', colId: 'qty' }, 5);
        insertRow(p, 's1', 'r3', { before: 'r1' });
        setCell(p, { sheetId: 's1', rowId: 'r3', colId: 'name' }, 'temp');
        setCell(p, { sheetId: 's1', rowId: 'r3', colId: 'name' }, null); // net: nothing
        deleteRow(p, 's1', 'r2');
        addSheet(p, { sheetId: 'x1', templateId: fixedSchema.templateId });
      }),
    );
    const result = validateUnchanged(server, update);
    if (!result.ok) throw new Error(result.detail);
    expect(result.changes).toEqual(applyAndObserve(server, update));
  });

  it('[V17] concurrent writes to one cell: the loser is validated but not reported', () => {
    for (const [clientA, clientB] of [
      [10, 20],
      [20, 10],
    ] as const) {
      const server = serverWithRows();
      const a = forkDocument(server, clientA);
      const b = forkDocument(server, clientB);
      const ua = captureUpdate(a, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1));
      const ub = captureUpdate(b, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 2));
      for (const u of [ua, ub]) {
        const result = validateUnchanged(server, u);
        if (!result.ok) throw new Error(result.detail);
        expect(result.changes).toEqual(applyAndObserve(server, u));
      }
    }
  });

  it('[V17] concurrent delete and move of one row', () => {
    const server = serverWithRows();
    const a = forkDocument(server, 30);
    const b = forkDocument(server, 31);
    const ua = captureUpdate(a, (p) => deleteRow(p, 's1', 'r1'));
    const ub = captureUpdate(b, (p) => moveRow(p, 's1', 'r1', { after: 'r2' }));
    for (const u of [ua, ub]) {
      const result = validateUnchanged(server, u);
      if (!result.ok) throw new Error(result.detail);
      expect(result.changes).toEqual(applyAndObserve(server, u));
    }
  });
});
