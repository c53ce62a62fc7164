/**
 * Decodes a Yjs update for a doc made only of ROOT-level Y.Maps of plain JSON, WITHOUT applying it,
 * and says for every key it touches what is written and which value is visible before and after —
 * the layout-independent core of `validateUpdate` ([V1]–[V6], [V15]–[V17]) and of the discussion
 * validator (SPEC.md [C7]). Callers check roots, keys and values.
 *
 * Two levels: {@link decodeMapUpdate} does everything at once and returns a result;
 * {@link decodeMapUpdateKeys} stops after decoding (rejections are thrown as
 * {@link MapUpdateRejected}) and predicts a key's visible value only when asked, so a caller can
 * check every key before any prediction, as `validateUpdate` does.
 *
 * The doc is read through its struct store and root maps only, never changed, cloned or
 * re-encoded: cost O(update size + history of the touched keys).
 */
import * as Y from 'yjs';
import type { RejectionReason } from './protocol.ts';
import { lastClockOf, simulateMapKey } from './simulateMapKey.ts';
import type { ChainNode, Clock, FreshEntry } from './simulateMapKey.ts';

/** A visible value (wrapped, so that a stored `null` and "no value" differ). */
export interface VisibleValue {
  value: unknown;
}

/** What an update does to one key of one root map. */
export interface KeyWrite {
  root: string;
  key: string;
  /** Values the update writes to this key, in causal order (ContentDeleted history carries none). */
  values: unknown[];
  /** The doc already has an item under this key (visible or deleted). */
  inDoc: boolean;
  /** The visible doc value before the update, or null when the key has none. */
  before: VisibleValue | null;
  /** The visible value after the update, or null when the key ends up without one. */
  after: VisibleValue | null;
  /** The update's delete set deletes the visible doc entry of this key. */
  deletesDocEntry: boolean;
  /** The visible entry changes (a different item, or none) — what a Y.Map event would report ([V17]). */
  changed: boolean;
}

/** Outcome of {@link decodeMapUpdate}. */
export type DecodeResult =
  | { ok: true; writes: KeyWrite[] }
  | { ok: false; reason: Extract<RejectionReason, 'too-large' | 'malformed' | 'unresolvable' | 'unsupported-structure'>; detail: string };

/** One item of the update under a key: the values it writes, `null` for ContentDeleted (overwritten history). */
export interface DecodedItem {
  readonly values: readonly unknown[] | null;
}

/** A key an update touches, as decoding finds it (before its visible value is predicted). */
export interface TouchedKey {
  readonly root: string;
  readonly key: string;
  /** The update's items under this key, in causal order. */
  readonly items: readonly DecodedItem[];
  /** The update's delete set deletes the visible doc entry of this key. */
  readonly deletesDocEntry: boolean;
}

/** A decoded update, from {@link decodeMapUpdateKeys}. */
export interface DecodedMapUpdate {
  /** Every touched key, in the order decoding met it: keys of update items, then keys of deleted doc entries. */
  readonly keys: readonly TouchedKey[];
  /** The touched key `key` of root `root`, if the update touches it. */
  get(root: string, key: string): TouchedKey | undefined;
  /** Predicts what applying the update does to a touched key; throws {@link MapUpdateRejected} (`unresolvable`). */
  write(touched: TouchedKey): KeyWrite;
}

const REF_DELETED = 1;
const REF_ANY = 8;
const CONTENT_NAMES: Record<number, string> = {
  2: 'ContentJSON',
  3: 'ContentBinary',
  4: 'ContentString',
  5: 'ContentEmbed',
  6: 'ContentFormat',
  7: 'ContentType (nested Y type)',
  9: 'ContentDoc (subdocument)',
};

type DecodeReason = Extract<RejectionReason, 'too-large' | 'malformed' | 'unresolvable' | 'unsupported-structure'>;

/** A rejection thrown by {@link decodeMapUpdateKeys} and {@link DecodedMapUpdate.write}. */
export class MapUpdateRejected extends Error {
  constructor(
    readonly reason: DecodeReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function reject(reason: DecodeReason, detail: string): never {
  throw new MapUpdateRejected(reason, detail);
}

/** A struct of the update whose clocks the doc does not have yet. */
interface FreshItem {
  client: number;
  clock: number;
  len: number;
  origin: Clock | null;
  rightOrigin: Clock | null;
  /** Root name (string) or nested parent (ID) as encoded; null when copied from origins. */
  parent: string | Clock | null;
  parentSub: string | null;
  /** `null` for ContentDeleted. */
  values: unknown[] | null;
  /** For an item Yjs integrates partially (its start is already known): the origin as encoded. */
  encodedOrigin?: Clock | null;
  location?: Location;
}

/** Where an item lands: root map name and key. */
interface Location {
  root: string;
  key: string;
}

/** A touched key while decoding: its update items (causal order) and whether a doc entry is deleted. */
interface Touched {
  root: string;
  key: string;
  items: FreshItem[];
  deletesDocEntry: boolean;
}

type FreshStruct = { kind: 'item'; item: FreshItem } | { kind: 'gc'; client: number; clock: number; len: number };

/** Minimal view of a Yjs struct in the doc's store (duck-typed: the doc may come from another yjs copy). */
interface StoreStruct {
  id: Clock;
  length: number;
  deleted: boolean;
  content?: unknown;
  parent?: unknown;
  parentSub?: string | null;
}

interface TypeLike {
  _item: unknown;
  _map: Map<string, StoreItem>;
}

interface StoreItem extends StoreStruct {
  origin: Clock | null;
  rightOrigin: Clock | null;
  left: StoreItem | null;
}

function binarySearch<T>(list: readonly T[], clock: number, range: (t: T) => [number, number]): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, len] = range(list[mid] as T);
    if (clock < start) hi = mid - 1;
    else if (clock >= start + len) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Decodes `update` against `doc` (read only). Rejects oversize, undecodable, non-contiguous or
 * unresolvable updates and anything but map entries of plain values in root maps; otherwise lists
 * every touched key (sorted by root, then key).
 */
export function decodeMapUpdate(doc: Y.Doc, update: Uint8Array, maxUpdateBytes: number): DecodeResult {
  try {
    const decoded = decodeMapUpdateKeys(doc, update, maxUpdateBytes);
    const writes = decoded.keys.map((touched) => decoded.write(touched));
    return { ok: true, writes: writes.sort(compareWrites) };
  } catch (error) {
    if (error instanceof MapUpdateRejected) return { ok: false, reason: error.reason, detail: error.detail };
    return { ok: false, reason: 'malformed', detail: `decoding failed: ${String(error)}` };
  }
}

/**
 * Decodes `update` against `doc` (read only) up to the touched keys, with the rules of
 * {@link decodeMapUpdate} ([V1]–[V6], [V15]); throws {@link MapUpdateRejected} for an update they
 * reject (other errors propagate as they are).
 */
export function decodeMapUpdateKeys(doc: Y.Doc, update: Uint8Array, maxUpdateBytes: number): DecodedMapUpdate {
  return new MapUpdateDecoder(doc).run(update, maxUpdateBytes);
}

function compareWrites(a: KeyWrite, b: KeyWrite): number {
  return a.root !== b.root ? (a.root < b.root ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

class MapUpdateDecoder implements DecodedMapUpdate {
  private readonly freshByClient = new Map<number, FreshStruct[]>();
  private readonly docState = new Map<number, number>();
  private readonly deleteRanges = new Map<number, Array<[number, number]>>();
  private rootNames: Map<unknown, string> | null = null;
  /** Keys touched, grouped: `${root}\n${key}` → update items (causal order) and doc deletions. */
  private readonly touched = new Map<string, Touched>();
  private readonly resolving = new Set<FreshItem>();

  keys: readonly TouchedKey[] = [];

  constructor(private readonly doc: Y.Doc) {}

  get(root: string, key: string): TouchedKey | undefined {
    return this.touched.get(`${root}\n${key}`);
  }

  write(touched: TouchedKey): KeyWrite {
    const entry = this.touched.get(`${touched.root}\n${touched.key}`);
    if (entry === undefined) throw new Error(`key "${touched.key}" of root "${touched.root}" is not touched by the update`);
    return this.keyWrite(entry);
  }

  run(update: Uint8Array, max: number): this {
    if (update.byteLength > max) reject('too-large', `update of ${update.byteLength} bytes exceeds ${max}`);
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch (error) {
      return reject('malformed', `cannot decode update: ${String(error)}`);
    }
    this.collectStructs(decoded.structs);
    this.collectDeleteSet(decoded.ds);
    for (const structs of this.freshByClient.values()) {
      for (const s of structs) if (s.kind === 'item') this.locate(s.item);
    }
    this.collectDocDeletions();
    this.keys = [...this.touched.values()];
    return this;
  }

  private stateOf(client: number): number {
    let state = this.docState.get(client);
    if (state === undefined) {
      state = Y.getState(this.doc.store, client);
      this.docState.set(client, state);
    }
    return state;
  }

  /** [V2] Structs of one client must form one contiguous run starting at or before what the doc has. */
  private collectStructs(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>): void {
    const finished = new Set<number>();
    let current: number | null = null;
    let expected = 0;
    let gap = false;
    /** End of what the doc plus the accepted structs of the current client cover. */
    let reach = 0;
    for (const struct of structs) {
      const { client, clock } = struct.id;
      if (client !== current) {
        if (current !== null) finished.add(current);
        if (finished.has(client)) reject('malformed', `client ${client} appears twice in the update`);
        current = client;
        expected = clock;
        gap = false;
        reach = 0;
      }
      if (clock !== expected) reject('malformed', `structs of client ${client} are not contiguous`);
      expected = clock + struct.length;
      const state = this.stateOf(client);
      const end = clock + struct.length;
      if (end <= state) continue; // already in the doc: Yjs skips it
      if (struct instanceof Y.Skip) {
        gap = true;
        continue;
      }
      if (gap || clock > Math.max(state, reach)) {
        reject('unresolvable', `update for client ${client} starts at clock ${clock}, the doc has ${state}`);
      }
      reach = end;
      const offset = state > clock ? state - clock : 0;
      const list = this.freshByClient.get(client) ?? [];
      this.freshByClient.set(client, list);
      if (struct instanceof Y.GC) {
        list.push({ kind: 'gc', client, clock: clock + offset, len: struct.length - offset });
        continue;
      }
      const item = struct as Y.Item;
      const ref = item.content.getRef();
      let values: unknown[] | null = null;
      if (ref === REF_ANY) values = (item.content as Y.ContentAny).arr.slice(offset);
      else if (ref !== REF_DELETED) {
        reject('unsupported-structure', `${CONTENT_NAMES[ref] ?? `content ${ref}`} is not allowed in this document`);
      }
      const rawParent: unknown = item.parent;
      let parent: string | Clock | null = null;
      if (typeof rawParent === 'string') parent = rawParent;
      else if (rawParent instanceof Y.ID) parent = { client: rawParent.client, clock: rawParent.clock };
      list.push({
        kind: 'item',
        item: {
          client,
          clock: clock + offset,
          len: struct.length - offset,
          origin: offset > 0 ? { client, clock: clock + offset - 1 } : item.origin,
          rightOrigin: item.rightOrigin,
          parent,
          parentSub: item.parentSub,
          values,
          encodedOrigin: offset > 0 ? item.origin : undefined,
        },
      });
    }
  }

  /** Normalises the delete set: sorted, overlapping and adjacent ranges merged (a hostile set may repeat ranges). */
  private collectDeleteSet(ds: { clients: Map<number, Array<{ clock: number; len: number }>> }): void {
    for (const [client, items] of ds.clients) {
      const sorted = items.filter((d) => d.len > 0).sort((a, b) => a.clock - b.clock);
      const ranges: Array<[number, number]> = [];
      for (const { clock, len } of sorted) {
        const last = ranges.at(-1);
        if (last && clock <= last[0] + last[1]) last[1] = Math.max(last[1], clock + len - last[0]);
        else ranges.push([clock, len]);
      }
      if (ranges.length > 0) this.deleteRanges.set(client, ranges);
    }
  }

  private isDeletedByUpdate(client: number, clock: number): boolean {
    const ranges = this.deleteRanges.get(client);
    return ranges !== undefined && binarySearch(ranges, clock, (r) => r) >= 0;
  }

  private rootNameOf(type: unknown): string | undefined {
    if (this.rootNames === null) {
      this.rootNames = new Map();
      for (const [name, t] of this.doc.share) this.rootNames.set(t, name);
    }
    return this.rootNames.get(type);
  }

  private docStruct(id: Clock): StoreStruct | undefined {
    if (id.clock >= this.stateOf(id.client)) return undefined;
    const structs = this.doc.store.clients.get(id.client) as unknown as StoreStruct[] | undefined;
    if (!structs) return undefined;
    const i = binarySearch(structs, id.clock, (s) => [s.id.clock, s.length]);
    return i >= 0 ? structs[i] : undefined;
  }

  /** Location of the doc item holding `id` ([V3]); it must be an entry of a root map. */
  private locateDocClock(id: Clock): Location {
    const struct = this.docStruct(id);
    if (!struct) return reject('unresolvable', `item ${id.client}:${id.clock} is unknown to the server`);
    if (!('content' in struct)) return reject('unresolvable', `item ${id.client}:${id.clock} was garbage-collected`);
    const parent = struct.parent as TypeLike | null | undefined;
    const root = parent && parent._item === null ? this.rootNameOf(parent) : undefined;
    if (root === undefined) return reject('unsupported-structure', `item ${id.client}:${id.clock} is not in a root map`);
    if (typeof struct.parentSub !== 'string') return reject('unsupported-structure', 'list content is not allowed');
    return { root, key: struct.parentSub };
  }

  private freshStruct(id: Clock): FreshStruct | undefined {
    const list = this.freshByClient.get(id.client);
    if (!list) return undefined;
    const i = binarySearch(list, id.clock, (s) => (s.kind === 'item' ? [s.item.clock, s.item.len] : [s.clock, s.len]));
    return i >= 0 ? list[i] : undefined;
  }

  private locateClock(id: Clock): Location {
    if (id.clock < this.stateOf(id.client)) return this.locateDocClock(id);
    const fresh = this.freshStruct(id);
    if (!fresh) return reject('unresolvable', `origin ${id.client}:${id.clock} is neither in the doc nor in the update`);
    if (fresh.kind === 'gc') return reject('unresolvable', `origin ${id.client}:${id.clock} is garbage-collected`);
    return this.locate(fresh.item);
  }

  /** [V3]–[V5] Finds root and key of an update item; records it under that key in causal order. */
  private locate(item: FreshItem): Location {
    if (item.location) return item.location;
    if (this.resolving.has(item)) reject('malformed', `origin cycle at ${item.client}:${item.clock}`);
    this.resolving.add(item);
    let location: Location;
    if (item.rightOrigin !== null) {
      reject('unsupported-structure', 'map entries never have a right origin (list insertion?)');
    }
    if (item.origin !== null) {
      location = this.locateClock(item.origin);
      if (item.encodedOrigin !== undefined) {
        // Yjs takes the parent from the encoded origin but positions after the known part: they must agree.
        const encoded =
          item.encodedOrigin !== null
            ? this.locateClock(item.encodedOrigin)
            : typeof item.parent === 'string' && item.parentSub !== null
              ? { root: item.parent, key: item.parentSub }
              : null;
        if (!encoded || encoded.root !== location.root || encoded.key !== location.key) {
          reject('unsupported-structure', `partially known item ${item.client}:${item.clock} changes its key`);
        }
      }
    } else if (typeof item.parent === 'string') {
      if (item.parentSub === null) reject('unsupported-structure', `list insertion into root "${item.parent}"`);
      location = { root: item.parent, key: item.parentSub };
    } else if (item.parent !== null) {
      return reject('unsupported-structure', 'nested Y types are not allowed');
    } else {
      return reject('malformed', `item ${item.client}:${item.clock} has neither parent nor origin`);
    }
    this.resolving.delete(item);
    item.location = location;
    this.touch(location).items.push(item);
    return location;
  }

  private touch(location: Location): Touched {
    const id = `${location.root}\n${location.key}`;
    let entry = this.touched.get(id);
    if (!entry) {
      entry = { root: location.root, key: location.key, items: [], deletesDocEntry: false };
      this.touched.set(id, entry);
    }
    return entry;
  }

  /** [V15] Deletions: of visible doc entries (effective), and of update items (checked in the replay). */
  private collectDocDeletions(): void {
    for (const [client, ranges] of this.deleteRanges) {
      const state = this.stateOf(client);
      const structs = (this.doc.store.clients.get(client) ?? []) as unknown as StoreStruct[];
      for (const [start, len] of ranges) {
        const end = start + len;
        if (end > state) {
          // The part beyond the doc must be items of this update.
          for (let clock = Math.max(start, state); clock < end; ) {
            const fresh = this.freshStruct({ client, clock });
            if (!fresh) reject('unresolvable', `deletion of unknown items ${client}:${clock}`);
            clock = fresh.kind === 'item' ? fresh.item.clock + fresh.item.len : fresh.clock + fresh.len;
          }
        }
        if (start >= state) continue;
        let i = binarySearch(structs, start, (s) => [s.id.clock, s.length]);
        for (; i >= 0 && i < structs.length; i++) {
          const struct = structs[i] as StoreStruct;
          if (struct.id.clock >= Math.min(end, state)) break;
          if (struct.deleted || !('content' in struct)) continue;
          const location = this.locateDocClock(struct.id);
          this.touch(location).deletesDocEntry = true;
        }
      }
    }
  }

  /** [V17] Which entry is visible for a key before and after the update. */
  private keyWrite(entry: Touched): KeyWrite {
    const type = this.doc.share.get(entry.root) as unknown as TypeLike | undefined;
    const top = type?._map.get(entry.key) ?? null;
    const beforeItem = top && !top.deleted ? top : null;
    const after = this.visibleAfter(top, entry.items);
    const beforeId = beforeItem ? lastClockOf({ client: beforeItem.id.client, clock: beforeItem.id.clock, len: beforeItem.length }) : null;
    const afterId = after ? lastClockOf(after) : null;
    const values: unknown[] = [];
    for (const item of entry.items) if (item.values) values.push(...item.values);
    const beforeValues = (beforeItem?.content as { arr?: unknown[] } | undefined)?.arr;
    return {
      root: entry.root,
      key: entry.key,
      values,
      inDoc: top !== null,
      before: beforeItem ? { value: beforeValues?.at(-1) } : null,
      after: after ? { value: after.values?.at(-1) } : null,
      deletesDocEntry: entry.deletesDocEntry,
      changed: beforeId !== afterId,
    };
  }

  private visibleAfter(top: StoreItem | null, fresh: readonly FreshItem[]): ChainNode | null {
    const isDeleted = (client: number, clock: number): boolean => this.isDeletedByUpdate(client, clock);
    const toNode = (item: StoreItem): ChainNode => ({
      client: item.id.client,
      clock: item.id.clock,
      len: item.length,
      origin: item.origin,
      rightOrigin: item.rightOrigin,
      deleted: item.deleted,
      values: (item.content as { arr?: unknown[] } | undefined)?.arr ?? null,
      fresh: false,
    });
    // Fast path: every update item is written on top of the current last entry (no concurrency).
    let last: ChainNode | null = top ? toNode(top) : null;
    let linear = true;
    for (const item of fresh) {
      const onTop =
        item.origin === null
          ? last === null
          : last !== null && item.origin.client === last.client && item.origin.clock === last.clock + last.len - 1;
      if (!onTop) {
        linear = false;
        break;
      }
      last = {
        client: item.client,
        clock: item.clock,
        len: item.len,
        origin: item.origin,
        rightOrigin: null,
        deleted: item.values === null,
        values: item.values,
        fresh: true,
      };
    }
    if (linear) {
      if (last === null || last.deleted || isDeleted(last.client, last.clock + last.len - 1)) return null;
      return last;
    }
    // Concurrent writes: replay Yjs on this key's chain.
    const chain: ChainNode[] = [];
    for (let item = top; item !== null; item = item.left) chain.push(toNode(item));
    chain.reverse();
    const entries: FreshEntry[] = fresh.map((f) => ({ client: f.client, clock: f.clock, len: f.len, origin: f.origin, values: f.values }));
    try {
      return simulateMapKey(chain, entries, isDeleted);
    } catch (error) {
      return reject('unresolvable', String(error));
    }
  }
}
