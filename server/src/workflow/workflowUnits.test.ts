import { initDocument, insertRow, projectDocument, setCell } from '@zhospar/collab';
import { demoPlanningRoundParameters } from '@zhospar/prisma';
import { defaultSheetsFor } from '@zhospar/sheets';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { cachedSchemaLookup } from '../collaboration/ValidationExtension.ts';
import { buildDocumentFromInputs } from './buildDocumentFromInputs.ts';
import { calculateDocument, roundParameters } from './calculateDocument.ts';
import { diffDocuments } from './diffDocuments.ts';
import { KeyedMutex } from './KeyedMutex.ts';
import { buildSnapshot, parseSnapshotContent, sha256Hex } from './snapshots.ts';
import { nextStatus } from './StatusMachine.ts';

const parameters = roundParameters({ parameters: demoPlanningRoundParameters, firstPlanYear: 2027 });

function budgetRequest(price: number): Y.Doc {
  const doc = new Y.Doc();
  initDocument(doc, { kind: 'budget-request', sheets: defaultSheetsFor('budget-request') });
  insertRow(doc, 'f144', 'car', {});
  for (const [colId, value] of Object.entries({ fuel_norm: 10, mileage: 1200, months: 12, price })) setCell(doc, { sheetId: 'f144', rowId: 'car', colId }, value);
  return doc;
}

describe('the status machine', () => {
  it.each([
    ['submit', 'IN_WORK', 'SUBMITTED'],
    ['submit', 'RETURNED', 'SUBMITTED'],
    ['submit', 'SUBMITTED', null],
    ['return', 'SUBMITTED', 'RETURNED'],
    ['return', 'APPROVED', null],
    ['approve', 'SUBMITTED', 'APPROVED'],
    ['approve', 'IN_WORK', null],
    ['approve', 'APPROVED', null],
  ] as const)('%s from %s leads to %s', (action, from, to) => {
    expect(nextStatus(action, from)).toBe(to);
  });
});

describe('snapshots', () => {
  it('hash the canonical JSON of inputs, computed values and the Yjs state’s hash, the same for equal content', () => {
    const doc = budgetRequest(300);
    const state = Y.encodeStateAsUpdate(doc);
    const header = { id: 'd', kind: 'budget-request', organisationId: 'o', roundId: 'r', programCode: '003', subprogramCode: null, versionKind: 'PLAN', versionNumber: 1, parentVersionId: null, title: 't' };
    const one = buildSnapshot(header, state, parameters);
    const two = buildSnapshot(header, state, parameters);
    expect(one.canonicalJson).toBe(two.canonicalJson);
    expect(one.sha256).toBe(sha256Hex(one.canonicalJson));
    const content = parseSnapshotContent(one.canonicalJson);
    expect(content.yjsStateSha256).toBe(sha256Hex(state));
    expect(content.computed.sheets.find((s) => s.sheetId === 'f144')?.calculated['car']).toMatchObject({ litres: 120, amount: 36000 });
  });
});

describe('next versions', () => {
  it('build a fresh Y.Doc whose inputs equal the snapshot’s, with a new history', () => {
    const old = budgetRequest(300);
    const inputs = projectDocument(old, cachedSchemaLookup());
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, buildDocumentFromInputs('budget-request', inputs));
    expect(projectDocument(fresh, cachedSchemaLookup())).toEqual(inputs);
    expect([...Y.decodeStateVector(Y.encodeStateVector(fresh)).keys()]).not.toContain(old.clientID);
  });
});

describe('diff of two versions', () => {
  it('lists changed inputs and the calculated cells they move, old → new, and nothing else', () => {
    const before = calculateDocument(budgetRequest(300), parameters);
    const after = calculateDocument(budgetRequest(350), parameters);
    const changes = diffDocuments(before, after);
    expect(changes).toContainEqual({ sheetId: 'f144', rowId: 'car', colId: 'price', kind: 'input', old: 300, new: 350 });
    // 120 l × 300 = 36 000 → 120 l × 350 = 42 000; plan year 2 × 1.055 = 37 980 → 44 310.
    expect(changes).toContainEqual({ sheetId: 'f144', rowId: 'car', colId: 'amount', kind: 'calculated', old: 36000, new: 42000 });
    expect(changes).toContainEqual({ sheetId: 'f144', rowId: 'car', colId: 'amount_y2', kind: 'calculated', old: 37980, new: 44310 });
    expect(changes.filter((c) => c.kind === 'input')).toHaveLength(1);
    expect(diffDocuments(before, before)).toEqual([]);
  });
});

describe('KeyedMutex', () => {
  it('runs tasks of one key one after the other, and of different keys side by side', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = mutex.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
    });
    const second = mutex.run('a', async () => {
      log.push('a2');
    });
    await mutex.run('b', async () => {
      log.push('b');
    });
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });
});
