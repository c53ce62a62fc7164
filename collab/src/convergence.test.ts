import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateUpdate } from './validateUpdate.ts';
import { projectDocument } from './projectDocument.ts';
import { canonicalJson } from './canonicalJson.ts';
import { compareByOrder, isValidOrderKey, parseCellKey } from './DocumentSchema.ts';
import { buildDocument, forkDocument, lookup } from './test/fixtures.ts';
import { mulberry32 } from './test/mulberry32.ts';
import type { Prng } from './test/mulberry32.ts';
import { LOCAL, randomEdit } from './test/randomPeers.ts';
import type { Peer } from './test/randomPeers.ts';
import { applyAndObserve } from './test/observeChanges.ts';

interface Message {
  to: number;
  update: Uint8Array;
  /** Causal dependencies: the sender's state vector when it made the update. */
  deps: Map<number, number>;
  /** State vector the update brings its content up to. */
  reaches: Map<number, number>;
}

/**
 * Runs one seeded scenario; throws with the seed in the message on any broken invariant.
 *
 * Peers form a mesh. Each update is delivered to every other peer late, in random order, in random
 * batches (sometimes merged into one update), sometimes twice — but never before its causal
 * dependencies, which is what the Hocuspocus star topology guarantees the server (one ordered
 * channel per client, and a client only edits what it has received).
 */
function runScenario(seed: number): void {
  const rng: Prng = mulberry32(seed);
  const fail = (what: string): never => {
    throw new Error(`seed ${seed}: ${what}`);
  };
  const base = buildDocument({ clientID: 1 });
  const peerCount = 3 + rng.int(3);
  const peers: Peer[] = [];
  for (let i = 0; i < peerCount; i++) {
    peers.push({ name: String.fromCharCode(97 + i), doc: forkDocument(base, 100 + i * 7 + rng.int(5)), counter: 0 });
  }
  let network: Message[] = [];
  peers.forEach((peer, i) => {
    peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL) return;
      const meta = Y.parseUpdateMeta(update);
      const deps = Y.decodeStateVector(Y.encodeStateVector(peer.doc));
      for (const [client, clock] of meta.from) deps.set(client, clock);
      for (let to = 0; to < peerCount; to++) if (to !== i) network.push({ to, update, deps, reaches: meta.to });
    });
  });

  let applied = 0;
  const receive = (to: number, update: Uint8Array): void => {
    const doc = (peers[to] as Peer).doc;
    const result = validateUpdate(doc, update, lookup);
    if (!result.ok) fail(`honest update rejected by peer ${to}: ${result.reason} ${result.detail}`);
    const observed = applyAndObserve(doc, update);
    if (result.ok && canonicalJson(result.changes) !== canonicalJson(observed)) {
      fail(`prediction differs at peer ${to}:\n${JSON.stringify(result.changes)}\n${JSON.stringify(observed)}`);
    }
    applied++;
  };
  const deliverSome = (all: boolean): void => {
    while (network.length > 0) {
      if (!all && rng.bool(0.5)) return;
      const to = (network[rng.int(network.length)] as Message).to;
      const known = Y.decodeStateVector(Y.encodeStateVector((peers[to] as Peer).doc));
      const ready = (m: Message): boolean => [...m.deps].every(([client, clock]) => (known.get(client) ?? 0) >= clock);
      const mine = network.filter((m) => m.to === to);
      const batch: Message[] = [];
      const size = 1 + rng.int(4);
      for (let pass = 0; pass < 3 && batch.length < size; pass++) {
        for (const m of [...mine].sort(() => rng.next() - 0.5)) {
          if (batch.length >= size || batch.includes(m) || !ready(m)) continue;
          batch.push(m);
          for (const [client, clock] of m.reaches) known.set(client, Math.max(known.get(client) ?? 0, clock));
        }
      }
      if (batch.length === 0) fail(`no deliverable message for peer ${to}`);
      network = network.filter((m) => !batch.includes(m));
      for (const m of batch) if (rng.bool(0.05)) network.push(m); // duplicate delivery
      const updates = batch.map((m) => m.update);
      for (const update of rng.bool(0.4) ? [Y.mergeUpdates(updates)] : updates) receive(to, update);
    }
  };

  const steps = 60 + rng.int(60);
  const log: string[] = [];
  for (let step = 0; step < steps; step++) {
    const p = rng.int(peerCount);
    log.push(`${p}:${randomEdit(rng, peers[p] as Peer)}`);
    if (rng.bool(0.3)) deliverSome(false);
  }
  deliverSome(true);
  if (applied === 0) fail('nothing was exchanged');

  // Convergence and invariants.
  const projections = peers.map((p) => projectDocument(p.doc, lookup));
  const first = canonicalJson(projections[0]);
  projections.forEach((proj, i) => {
    if (canonicalJson(proj) !== first) fail(`peer ${i} diverged\n${log.join('\n')}`);
  });
  const projection = projections[0];
  if (!projection) return;
  for (const sheet of projection.sheets) {
    const schema = lookup(sheet.templateId);
    if (!schema) fail(`unknown template ${sheet.templateId}`);
    const ids = sheet.rows.map((r) => r.rowId);
    if (new Set(ids).size !== ids.length) fail(`duplicate row ids in ${sheet.sheetId}`);
    for (let i = 1; i < sheet.rows.length; i++) {
      const a = sheet.rows[i - 1] as { rowId: string; order: string };
      const b = sheet.rows[i] as { rowId: string; order: string };
      if (compareByOrder({ order: a.order, id: a.rowId }, { order: b.order, id: b.rowId }) >= 0) {
        fail(`rows of ${sheet.sheetId} not strictly ordered`);
      }
    }
    for (const r of sheet.rows) if (!isValidOrderKey(r.order)) fail(`invalid order key ${r.order}`);
    const live = new Set(ids);
    for (const key of Object.keys(sheet.cells)) {
      const cell = parseCellKey(key);
      if (!cell) return fail(`bad cell key ${key}`);
      if (!live.has(cell.rowId) && !schema?.fixedRows.has(cell.rowId)) fail(`cell ${key} of a deleted row is projected`);
    }
  }
  // A late joiner syncing the whole state from any peer is accepted too.
  const joiner = forkDocument(base, 999);
  const full = Y.encodeStateAsUpdate(peers[0]?.doc as Y.Doc, Y.encodeStateVector(joiner));
  const result = validateUpdate(joiner, full, lookup);
  if (!result.ok) fail(`full state rejected: ${result.reason} ${result.detail}`);
}

describe('convergence of honest peers', () => {
  const seeds = [1, 2, 3, 42, 1337, 2024, 31337, 65535, 777, 99991, 123456, 8, 9, 10, 11, 12];
  for (const seed of seeds) {
    it(`[V19][D5][D7] seed ${seed}: peers converge, invariants hold, every honest update validates`, () => {
      expect(() => runScenario(seed)).not.toThrow();
    });
  }
});
