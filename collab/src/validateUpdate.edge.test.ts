import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateUpdate } from './validateUpdate.ts';
import { insertRow, setCell } from './SheetModel.ts';
import { buildDocument, captureUpdate, forkDocument, lookup, stateOf } from './test/fixtures.ts';
import { applyAndObserve } from './test/observeChanges.ts';
import { mulberry32 } from './test/mulberry32.ts';

describe('validateUpdate: edge cases of the Yjs encoding', () => {
  it('[V3][V17] integrates a partially known merged item like Yjs does', () => {
    const server = buildDocument();
    insertRow(server, 's1', 'r1');
    const peer = new Y.Doc({ gc: false });
    peer.clientID = 90;
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(server));
    const first = captureUpdate(peer, (p) => setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 1));
    setCell(peer, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 2);
    setCell(peer, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, 3);
    Y.applyUpdate(server, first);
    const full = Y.encodeStateAsUpdate(peer); // clocks 0..1 are merged into one deleted item
    const structs = Y.decodeUpdate(full).structs.filter((s) => s.id.client === 90);
    expect(structs[0]?.length).toBeGreaterThan(1);
    const result = validateUpdate(server, full, lookup);
    if (!result.ok) throw new Error(result.detail);
    expect(result.changes).toEqual([{ type: 'cell', sheetId: 's1', rowId: 'r1', colId: 'qty', value: 3 }]);
    expect(applyAndObserve(server, full)).toEqual(result.changes);
  });

  it('[V2][V16] never throws and never touches the doc on corrupted updates; accepted ones are predicted exactly', () => {
    const rng = mulberry32(4242);
    let accepted = 0;
    for (let round = 0; round < 300; round++) {
      const server = buildDocument();
      insertRow(server, 's1', 'r1');
      const peer = forkDocument(server, 300 + round);
      const update = captureUpdate(peer, (p) =>
        p.transact(() => {
          insertRow(p, 's1', 'n');
          setCell(p, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, rng.int(100));
          setCell(p, { sheetId: 's1', rowId: 'n', colId: 'name' }, 'abc');
          p.getMap('rows:s1').delete('r1');
        }),
      );
      const corrupted = update.slice();
      const flips = 1 + rng.int(3);
      for (let k = 0; k < flips; k++) corrupted[rng.int(corrupted.length)] = rng.int(256);
      const before = stateOf(server);
      const result = validateUpdate(server, corrupted, lookup);
      expect(stateOf(server)).toBe(before);
      if (!result.ok) continue;
      let observed;
      try {
        observed = applyAndObserve(server, corrupted);
      } catch {
        continue; // Yjs itself chokes on it; the server would close the connection
      }
      accepted++;
      expect(observed, `round ${round}`).toEqual(result.changes);
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('validateUpdate: delete sets', () => {
  it('[V15][V16] repeated overlapping delete ranges cost no more than one', () => {
    const server = buildDocument();
    insertRow(server, 's1', 'r1');
    for (let i = 0; i < 2000; i++) setCell(server, { sheetId: 's1', rowId: 'r1', colId: 'qty' }, i);
    // Hand-written V1 update: no structs, one client with 100k copies of the range [0, state).
    // Unmerged, this would walk the doc's 2000 structs 100k times; the test timeout is the guard.
    const state = Y.getState(server.store, server.clientID);
    const ranges = 100_000;
    const bytes: number[] = [0, 1]; // 0 struct runs; delete set for 1 client
    const varUint = (n: number): void => {
      while (n > 0x7f) {
        bytes.push((n & 0x7f) | 0x80);
        n = Math.floor(n / 128);
      }
      bytes.push(n);
    };
    varUint(server.clientID);
    varUint(ranges);
    for (let i = 0; i < ranges; i++) {
      varUint(0);
      varUint(state);
    }
    const update = new Uint8Array(bytes);
    const result = validateUpdate(server, update, lookup);
    expect(result.ok ? 'accepted' : result.reason).toBe('meta-readonly'); // it deletes meta too
  });
});
