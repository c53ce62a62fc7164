/**
 * Server-side gate for incoming Yjs updates (SPEC.md [V1]–[V20]): decodes an update WITHOUT
 * applying it (decodeMapUpdate.ts: which root map and key every item and every deletion lands in,
 * [V1]–[V6], [V15]), checks them against the layout (DocumentSchema.ts) and the sheet templates,
 * and predicts the visible changes (for the audit log and live recalculation).
 *
 * Cost is proportional to the update (plus the history of the keys it touches): the doc is read
 * through its struct store and root maps only, never cloned or re-encoded — it runs on every
 * message of every editor.
 */
import type * as Y from 'yjs';
import { decodeMapUpdateKeys, MapUpdateRejected } from './decodeMapUpdate.ts';
import type { DecodedItem, DecodedMapUpdate, TouchedKey } from './decodeMapUpdate.ts';
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

/** Minimal view of a root map of the doc (duck-typed: the doc may come from another yjs copy). */
interface TypeLike {
  _map: Map<string, { deleted: boolean; content?: unknown }>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
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
    const decoded = decodeMapUpdateKeys(doc, update, opts.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES);
    return { ok: true, changes: new UpdateValidator(doc, lookup, opts, decoded).run() };
  } catch (error) {
    if (error instanceof Rejected || error instanceof MapUpdateRejected) return { ok: false, reason: error.reason, detail: error.detail };
    return { ok: false, reason: 'malformed', detail: `validation failed: ${String(error)}` };
  }
}

class UpdateValidator {
  private readonly schemaCache = new Map<string, SheetSchema | null>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly lookup: SchemaLookup,
    private readonly opts: ValidateOptions,
    private readonly decoded: DecodedMapUpdate,
  ) {}

  /** Checks every item of every touched key ([V7]–[V14]), then predicts the changes key by key ([V15], [V17]). */
  run(): Change[] {
    for (const touched of this.decoded.keys) {
      for (const item of touched.items) this.checkItem(item, touched);
    }
    const changes: Change[] = [];
    for (const touched of this.decoded.keys) {
      const change = this.netChange(touched);
      if (change) changes.push(change);
    }
    return changes.sort(compareChanges);
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
      const fresh = this.decoded.get(SHEETS_ROOT, sheetId)?.items.find((f) => f.values !== null);
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
    return this.decoded.get(rowsRoot, rowId) !== undefined;
  }

  /** Location rules shared by writes and deletions of a key. */
  private checkLocation(location: TouchedKey): RootName {
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
  private checkItem(item: DecodedItem, location: TouchedKey): void {
    const root = this.checkLocation(location);
    if (root.type === 'sheets' && location.items.length > 1) {
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

  /** The visible change of one touched key ([V17], [V18]); deletions of doc entries are checked here ([V15]). */
  private netChange(touched: TouchedKey): Change | null {
    const root = this.checkLocation(touched);
    const { before, after, changed } = this.decoded.write(touched);
    if (!changed) return null;
    const value: unknown = after ? after.value : null;
    if (touched.deletesDocEntry && before && after === null && root.type === 'sheets') {
      reject('sheet-immutable', `deletion of sheet "${touched.key}"`);
    }
    switch (root.type) {
      case 'meta':
        return { type: 'meta', key: touched.key, value: value as string | number | boolean | null };
      case 'sheets': {
        if (before) return reject('sheet-immutable', `sheet "${touched.key}" cannot change`);
        const entry = value as { templateId: string; order: string };
        return { type: 'sheet-add', sheetId: touched.key, templateId: entry.templateId, order: entry.order };
      }
      case 'rows':
        if (after === null) return { type: 'row-delete', sheetId: root.sheetId, rowId: touched.key };
        return {
          type: before ? 'row-move' : 'row-insert',
          sheetId: root.sheetId,
          rowId: touched.key,
          order: value as string,
        };
      case 'cells': {
        const { rowId, colId } = parseCellKey(touched.key) as { rowId: string; colId: string };
        return { type: 'cell', sheetId: root.sheetId, rowId, colId, value: after ? (value as CellValue) : null };
      }
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
