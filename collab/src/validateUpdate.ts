/**
 * Server-side gate for incoming Yjs updates (SPEC.md [V1]–[V20]): decodes an update WITHOUT
 * applying it, works out which root map and key every item and every deletion lands in, checks
 * them against the layout (DocumentSchema.ts) and the sheet templates, and predicts the visible
 * changes (for the audit log and live recalculation).
 *
 * Cost is proportional to the update (plus the history of the keys it touches): the doc is read
 * through its struct store and root maps only, never cloned or re-encoded — it runs on every
 * message of every editor.
 */
import * as Y from 'yjs';
import {
  parseCellKey,
  parseRootName,
  isValidId,
  isValidOrderKey,
  SHEETS_ROOT,
  rowsRootName,
} from './DocumentSchema.ts';
import type { CellValue, RootName } from './DocumentSchema.ts';
import type { RejectionReason } from './protocol.ts';
import type { SchemaLookup, SheetSchema } from './SheetSchema.ts';
import { checkCellValue } from './checkCellValue.ts';
import { lastClockOf, simulateMapKey } from './simulateMapKey.ts';
import type { ChainNode, Clock, FreshEntry } from './simulateMapKey.ts';

/** A visible change an accepted update makes when applied. */
export type Change =
  | { type: 'cell'; sheetId: string; rowId: string; colId: string; value: CellValue | null }
  | { type: 'row-insert'; sheetId: string; rowId: string; order: string }
  | { type: 'row-move'; sheetId: string; rowId: string; order: string }
  | { type: 'row-delete'; sheetId: string; rowId: string }
  | { type: 'sheet-add'; sheetId: string; templateId: string; order: string }
  | { type: 'meta'; key: string; value: string | number | boolean | null };

/** Outcome of {@link validateUpdate}. */
export type ValidationResult =
  | { ok: true; changes: Change[] }
  | { ok: false; reason: RejectionReason; detail: string };

/** Options of {@link validateUpdate}. */
export interface ValidateOptions {
  /** Largest update accepted, in bytes ([V1]); default {@link DEFAULT_MAX_UPDATE_BYTES}. */
  maxUpdateBytes?: number;
  /** Accept writes to `meta` ([V6]); only for the server's own writes. Default false. */
  allowMeta?: boolean;
}

/** Default size limit: 1 MiB, far above any keystroke or paste of a few thousand cells. */
export const DEFAULT_MAX_UPDATE_BYTES = 1024 * 1024;

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

class Rejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function reject(reason: RejectionReason, detail: string): never {
  throw new Rejected(reason, detail);
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
  contentRef: number;
  /** For an item Yjs integrates partially (its start is already known): the origin as encoded. */
  encodedOrigin?: Clock | null;
  location?: Location;
}

/** Where an item lands: root map name and key. */
interface Location {
  root: string;
  key: string;
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
  parent: unknown;
  parentSub: string | null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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
 * Checks an incoming update against the document and its templates without applying it.
 *
 * `doc` is the server's current document (read only: neither changed nor copied); `lookup`
 * resolves sheet template ids. On success, `changes` lists exactly the visible changes applying the
 * update makes (concurrent writes that lose the Yjs conflict are validated but not listed); call
 * `Y.applyUpdate(doc, update, origin)` afterwards. On failure, nothing must be applied.
 */
export function validateUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  lookup: SchemaLookup,
  opts: ValidateOptions = {},
): ValidationResult {
  try {
    return { ok: true, changes: new UpdateValidator(doc, lookup, opts).run(update) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.reason, detail: error.detail };
    return { ok: false, reason: 'malformed', detail: `validation failed: ${String(error)}` };
  }
}

class UpdateValidator {
  private readonly freshByClient = new Map<number, FreshStruct[]>();
  private readonly docState = new Map<number, number>();
  private readonly deleteRanges = new Map<number, Array<[number, number]>>();
  private rootNames: Map<unknown, string> | null = null;
  /** Keys touched, grouped: `${root}\n${key}` → fresh items (causal order) and doc deletions. */
  private readonly touched = new Map<string, { location: Location; fresh: FreshItem[]; docDelete: boolean }>();
  private readonly resolving = new Set<FreshItem>();
  private readonly schemaCache = new Map<string, SheetSchema | null>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly lookup: SchemaLookup,
    private readonly opts: ValidateOptions,
  ) {}

  run(update: Uint8Array): Change[] {
    const max = this.opts.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES;
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
    for (const { location, fresh } of this.touched.values()) {
      for (const item of fresh) this.checkItem(item, location);
    }
    const changes: Change[] = [];
    for (const entry of this.touched.values()) {
      const change = this.netChange(entry.location, entry.fresh, entry.docDelete);
      if (change) changes.push(change);
    }
    return changes.sort(compareChanges);
  }

  // ---- decoding ---------------------------------------------------------------------------

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
          contentRef: ref,
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

  // ---- locating items -------------------------------------------------------------------------

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
    this.touch(location).fresh.push(item);
    return location;
  }

  private touch(location: Location): { location: Location; fresh: FreshItem[]; docDelete: boolean } {
    const id = `${location.root}\n${location.key}`;
    let entry = this.touched.get(id);
    if (!entry) {
      entry = { location, fresh: [], docDelete: false };
      this.touched.set(id, entry);
    }
    return entry;
  }

  /** [V7] Deletions: of visible doc entries (effective), and of update items (checked in the replay). */
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
          this.touch(location).docDelete = true;
        }
      }
    }
  }

  // ---- checking -------------------------------------------------------------------------------

  private schemaOf(templateId: string): SheetSchema | null {
    let schema = this.schemaCache.get(templateId);
    if (schema === undefined) {
      schema = this.lookup(templateId) ?? null;
      this.schemaCache.set(templateId, schema);
    }
    return schema;
  }

  private rootType(name: string): TypeLike | undefined {
    return this.doc.share.get(name) as unknown as TypeLike | undefined;
  }

  /** Template of a sheet, from the doc or from this update ([V8]). */
  private sheetSchema(sheetId: string): SheetSchema {
    let templateId: string | undefined;
    const inDoc = this.rootType(SHEETS_ROOT)?._map.get(sheetId);
    if (inDoc && !inDoc.deleted) {
      const values = (inDoc.content as { arr?: unknown[] } | undefined)?.arr;
      const entry = values?.at(-1);
      if (isPlainObject(entry) && typeof entry['templateId'] === 'string') templateId = entry['templateId'];
    } else {
      const fresh = this.touched.get(`${SHEETS_ROOT}\n${sheetId}`)?.fresh.find((f) => f.values !== null);
      const entry = fresh?.values?.at(-1);
      if (isPlainObject(entry) && typeof entry['templateId'] === 'string') templateId = entry['templateId'];
    }
    if (templateId === undefined) return reject('unknown-sheet', `sheet "${sheetId}" does not exist`);
    const schema = this.schemaOf(templateId);
    if (!schema) return reject('unknown-template', `template "${templateId}" of sheet "${sheetId}" is unknown`);
    return schema;
  }

  private rowExists(sheetId: string, rowId: string, schema: SheetSchema): boolean {
    if (schema.fixedRows.has(rowId)) return true;
    const rowsRoot = rowsRootName(sheetId);
    if (this.rootType(rowsRoot)?._map.has(rowId)) return true;
    return this.touched.has(`${rowsRoot}\n${rowId}`);
  }

  /** Location rules shared by writes and deletions of a key. */
  private checkLocation(location: Location): RootName {
    const root = parseRootName(location.root);
    if (!root) return reject('unknown-root', `unknown root type "${location.root}"`);
    const { key } = location;
    switch (root.type) {
      case 'meta':
        if (!this.opts.allowMeta) reject('meta-readonly', `write to meta.${key}`);
        break;
      case 'sheets':
        if (!isValidId(key)) reject('invalid-key', `invalid sheet id "${key}"`);
        if (this.rootType(SHEETS_ROOT)?._map.has(key)) reject('sheet-immutable', `sheet "${key}" already exists`);
        break;
      case 'rows': {
        const schema = this.sheetSchema(root.sheetId);
        if (!schema.dynamicRows) reject('rows-fixed', `sheet "${root.sheetId}" has no dynamic rows`);
        if (!isValidId(key)) reject('invalid-key', `invalid row id "${key}"`);
        if (schema.fixedRows.has(key)) reject('invalid-key', `row id "${key}" is a template row`);
        break;
      }
      case 'cells': {
        const cell = parseCellKey(key);
        if (!cell) return reject('invalid-key', `invalid cell key "${key}"`);
        const schema = this.sheetSchema(root.sheetId);
        if (schema.calculatedRows.has(cell.rowId) || schema.calculatedColumns.has(cell.colId)) {
          reject('calculated-cell', `cell ${root.sheetId}/${key} is calculated`);
        }
        if (!schema.inputColumns.has(cell.colId)) reject('unknown-column', `column "${cell.colId}" is not an input column`);
        if (!this.rowExists(root.sheetId, cell.rowId, schema)) {
          reject('unknown-row', `row "${cell.rowId}" of sheet "${root.sheetId}" never existed`);
        }
        break;
      }
    }
    return root;
  }

  /** [V9]–[V14] Checks one update item: its place and every value it carries. */
  private checkItem(item: FreshItem, location: Location): void {
    const root = this.checkLocation(location);
    if (root.type === 'sheets' && (this.touched.get(`${location.root}\n${location.key}`)?.fresh.length ?? 0) > 1) {
      reject('sheet-immutable', `sheet "${location.key}" is written more than once`);
    }
    if (item.values === null) {
      if (root.type === 'sheets') reject('sheet-immutable', `deletion of sheet "${location.key}"`);
      return;
    }
    if (item.values.length === 0) reject('malformed', 'empty content');
    for (const value of item.values) this.checkValue(root, location.key, value);
  }

  private checkValue(root: RootName, key: string, value: unknown): void {
    switch (root.type) {
      case 'meta':
        if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
          reject('invalid-value', `meta.${key} must be a primitive`);
        }
        return;
      case 'sheets': {
        if (!isPlainObject(value)) return reject('invalid-value', `sheet "${key}" entry must be an object`);
        const keys = Object.keys(value).sort();
        if (keys.length !== 2 || keys[0] !== 'order' || keys[1] !== 'templateId') {
          reject('invalid-value', `sheet "${key}" entry must be exactly {templateId, order}`);
        }
        const { templateId, order } = value;
        if (typeof templateId !== 'string') return reject('invalid-value', `sheet "${key}" templateId must be a string`);
        if (typeof order !== 'string' || !isValidOrderKey(order)) reject('invalid-order', `sheet "${key}" order is invalid`);
        if (!this.schemaOf(templateId)) reject('unknown-template', `template "${templateId}" is unknown`);
        return;
      }
      case 'rows':
        if (typeof value !== 'string' || !isValidOrderKey(value)) {
          reject('invalid-order', `row "${key}" order ${JSON.stringify(value) ?? String(value)} is not a fractional index`);
        }
        return;
      case 'cells': {
        const cell = parseCellKey(key) as { rowId: string; colId: string };
        const type = this.sheetSchema(root.sheetId).inputColumns.get(cell.colId);
        const problem = type ? checkCellValue(type, value) : 'unknown column';
        if (problem) reject('invalid-value', `cell ${root.sheetId}/${key}: ${problem}`);
        return;
      }
    }
  }

  // ---- predicting ---------------------------------------------------------------------------

  /** Which entry is visible for a key after the update ([V19]); `null` = the key has no value. */
  private netChange(location: Location, fresh: FreshItem[], docDelete: boolean): Change | null {
    const type = this.rootType(location.root);
    const top = type?._map.get(location.key) ?? null;
    const before = top && !top.deleted ? top : null;
    const root = this.checkLocation(location);
    const after = this.visibleAfter(top, fresh);
    const beforeId = before ? lastClockOf({ client: before.id.client, clock: before.id.clock, len: before.length }) : null;
    const afterId = after ? lastClockOf(after) : null;
    if (beforeId === afterId) return null;
    const value: unknown = after ? after.values?.at(-1) : null;
    if (docDelete && before && after === null && root.type === 'sheets') {
      reject('sheet-immutable', `deletion of sheet "${location.key}"`);
    }
    switch (root.type) {
      case 'meta':
        return { type: 'meta', key: location.key, value: value as string | number | boolean | null };
      case 'sheets': {
        if (before) return reject('sheet-immutable', `sheet "${location.key}" cannot change`);
        const entry = value as { templateId: string; order: string };
        return { type: 'sheet-add', sheetId: location.key, templateId: entry.templateId, order: entry.order };
      }
      case 'rows':
        if (after === null) return { type: 'row-delete', sheetId: root.sheetId, rowId: location.key };
        return {
          type: before ? 'row-move' : 'row-insert',
          sheetId: root.sheetId,
          rowId: location.key,
          order: value as string,
        };
      case 'cells': {
        const { rowId, colId } = parseCellKey(location.key) as { rowId: string; colId: string };
        return { type: 'cell', sheetId: root.sheetId, rowId, colId, value: after ? (value as CellValue) : null };
      }
    }
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
      values: null,
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
    const entries: FreshEntry[] = fresh.map((f) => ({
      client: f.client,
      clock: f.clock,
      len: f.len,
      origin: f.origin,
      values: f.values,
    }));
    try {
      return simulateMapKey(chain, entries, isDeleted);
    } catch (error) {
      return reject('unresolvable', String(error));
    }
  }
}

const CHANGE_RANK: Record<Change['type'], number> = {
  meta: 0,
  'sheet-add': 1,
  'row-insert': 2,
  'row-move': 2,
  'row-delete': 2,
  cell: 3,
};

function changeKey(change: Change): string {
  switch (change.type) {
    case 'meta':
      return change.key;
    case 'sheet-add':
      return change.sheetId;
    case 'cell':
      return `${change.sheetId}\n${change.rowId}\n${change.colId}`;
    default:
      return `${change.sheetId}\n${change.rowId}`;
  }
}

/** Stable order: meta, sheets, rows, cells; then by ids. */
function compareChanges(a: Change, b: Change): number {
  const rank = CHANGE_RANK[a.type] - CHANGE_RANK[b.type];
  if (rank !== 0) return rank;
  const ka = changeKey(a);
  const kb = changeKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
