/**
 * Predicts, without touching the doc, which entry of ONE map key is visible after an update is
 * integrated. It replays Yjs 13.6 `Item.integrate` (YATA) for map entries on a small virtual copy of
 * that key's item chain, so the cost is the length of this key's history, not the document size.
 *
 * Map entries written through the Y.Map API never carry a right origin (validateUpdate rejects
 * those that do), which keeps the replay to the left-origin cases of the algorithm.
 *
 * Internal to collab; not exported from the package.
 */

/** A clock position: (client, clock). */
export interface Clock {
  client: number;
  clock: number;
}

/** One item of the key's chain, as the replay sees it. */
export interface ChainNode {
  client: number;
  clock: number;
  len: number;
  /** Left origin (the item that was left of it when it was created). */
  origin: Clock | null;
  rightOrigin: Clock | null;
  deleted: boolean;
  /** Values held by the item (ContentAny), `null` for ContentDeleted or items of the doc. */
  values: readonly unknown[] | null;
  /** True for items coming from the update. */
  fresh: boolean;
}

/** An update item to integrate into the chain. */
export interface FreshEntry {
  client: number;
  clock: number;
  len: number;
  origin: Clock | null;
  /** `null` for ContentDeleted. */
  values: readonly unknown[] | null;
}

function sameClock(a: Clock | null, b: Clock | null): boolean {
  return a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);
}

/** Id of the last clock of a node — stable under splits of the left part. */
export function lastClockOf(node: { client: number; clock: number; len: number }): string {
  return `${node.client}:${node.clock + node.len - 1}`;
}

/**
 * Replays integration of `fresh` (in causal order: an entry's origin precedes it) into `chain`
 * (left → right), then marks deletions. Returns the node left visible at the end of the chain,
 * or `null` when the key ends up without a value. Throws when an origin is not in the chain.
 */
export function simulateMapKey(
  chain: ChainNode[],
  fresh: readonly FreshEntry[],
  isDeletedByUpdate: (client: number, clock: number) => boolean,
): ChainNode | null {
  const indexOfClock = (id: Clock): number =>
    chain.findIndex((n) => n.client === id.client && n.clock <= id.clock && id.clock < n.clock + n.len);

  /** Like Yjs getItemCleanEnd: split so that a node ends exactly at `id`. */
  const cleanEnd = (id: Clock): number => {
    const i = indexOfClock(id);
    if (i < 0) throw new Error(`origin ${id.client}:${id.clock} is not in the key's chain`);
    const node = chain[i] as ChainNode;
    const diff = id.clock - node.clock + 1;
    if (diff < node.len) {
      const right: ChainNode = {
        client: node.client,
        clock: node.clock + diff,
        len: node.len - diff,
        origin: { client: node.client, clock: node.clock + diff - 1 },
        rightOrigin: node.rightOrigin,
        deleted: node.deleted,
        values: node.values ? node.values.slice(diff) : null,
        fresh: node.fresh,
      };
      node.len = diff;
      node.values = node.values ? node.values.slice(0, diff) : null;
      chain.splice(i + 1, 0, right);
    }
    return i;
  };

  for (const entry of fresh) {
    const node: ChainNode = {
      client: entry.client,
      clock: entry.clock,
      len: entry.len,
      origin: entry.origin,
      rightOrigin: null,
      deleted: entry.values === null,
      values: entry.values,
      fresh: true,
    };
    let leftIdx = entry.origin ? cleanEnd(entry.origin) : -1;
    const start = leftIdx + 1;
    if (start < chain.length) {
      // Yjs conflict resolution between concurrent inserts at the same place.
      const beforeOrigin = new Set<ChainNode>();
      const conflicting = new Set<ChainNode>();
      for (let i = start; i < chain.length; i++) {
        const o = chain[i] as ChainNode;
        beforeOrigin.add(o);
        conflicting.add(o);
        if (sameClock(node.origin, o.origin)) {
          if (o.client < node.client) {
            leftIdx = i;
            conflicting.clear();
          } else if (sameClock(node.rightOrigin, o.rightOrigin)) {
            break;
          }
        } else if (o.origin !== null) {
          const oi = indexOfClock(o.origin);
          const originNode = oi >= 0 ? (chain[oi] as ChainNode) : undefined;
          if (originNode !== undefined && beforeOrigin.has(originNode)) {
            if (!conflicting.has(originNode)) {
              leftIdx = i;
              conflicting.clear();
            }
          } else {
            break;
          }
        } else {
          break;
        }
      }
    }
    chain.splice(leftIdx + 1, 0, node);
    if (leftIdx + 2 === chain.length) {
      // New current value: the previous value is deleted.
      if (leftIdx >= 0) (chain[leftIdx] as ChainNode).deleted = true;
    } else {
      node.deleted = true;
    }
  }
  for (const node of chain) {
    if (!node.deleted && isDeletedByUpdate(node.client, node.clock + node.len - 1)) node.deleted = true;
  }
  const last = chain.at(-1);
  return last && !last.deleted ? last : null;
}
