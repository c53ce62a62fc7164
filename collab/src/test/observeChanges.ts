/**
 * Oracle for "validateUpdate predicts what applying does": applies an update to a doc and turns the
 * Yjs events of the transaction (the ones observeDeep on each root map would receive) into Changes.
 */
import * as Y from 'yjs';
import type { Change } from '../validateUpdate.ts';
import { parseCellKey, parseRootName } from '../DocumentSchema.ts';

export function applyAndObserve(doc: Y.Doc, update: Uint8Array, origin: unknown = 'remote'): Change[] {
  const changes: Change[] = [];
  const handler = (tr: Y.Transaction): void => {
    for (const [type, events] of tr.changedParentTypes) {
      let rootName: string | undefined;
      for (const [name, t] of doc.share) if (t === type) rootName = name;
      if (rootName === undefined) throw new Error('event on a non-root type');
      const root = parseRootName(rootName);
      if (!root) throw new Error(`event on unknown root ${rootName}`);
      for (const event of events) {
        for (const [key, { action }] of event.keys) {
          const value: unknown = action === 'delete' ? null : (type as unknown as Y.Map<unknown>).get(key);
          switch (root.type) {
            case 'meta':
              changes.push({ type: 'meta', key, value: value as string | number | boolean | null });
              break;
            case 'sheets': {
              if (action !== 'add') throw new Error(`sheet ${key} ${action}`);
              const entry = value as { templateId: string; order: string };
              changes.push({ type: 'sheet-add', sheetId: key, templateId: entry.templateId, order: entry.order });
              break;
            }
            case 'rows':
              if (action === 'delete') changes.push({ type: 'row-delete', sheetId: root.sheetId, rowId: key });
              else {
                changes.push({
                  type: action === 'add' ? 'row-insert' : 'row-move',
                  sheetId: root.sheetId,
                  rowId: key,
                  order: value as string,
                });
              }
              break;
            case 'cells': {
              const cell = parseCellKey(key);
              if (!cell) throw new Error(`bad cell key ${key}`);
              changes.push({ type: 'cell', sheetId: root.sheetId, ...cell, value: value as string | number | null });
              break;
            }
          }
        }
      }
    }
  };
  // Events are only emitted by instantiated Y.Maps: make every root the update touches one first.
  const roots = new Set(doc.share.keys());
  for (const struct of Y.decodeUpdate(update).structs) {
    const parent: unknown = (struct as Y.Item).parent;
    if (typeof parent === 'string') roots.add(parent);
  }
  for (const name of roots) doc.getMap(name);
  doc.on('afterTransaction', handler);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off('afterTransaction', handler);
  }
  return sortChanges(changes);
}

const rank: Record<Change['type'], number> = { meta: 0, 'sheet-add': 1, 'row-insert': 2, 'row-move': 2, 'row-delete': 2, cell: 3 };

function keyOf(c: Change): string {
  if (c.type === 'meta') return c.key;
  if (c.type === 'sheet-add') return c.sheetId;
  if (c.type === 'cell') return `${c.sheetId}\n${c.rowId}\n${c.colId}`;
  return `${c.sheetId}\n${c.rowId}`;
}

export function sortChanges(changes: Change[]): Change[] {
  return [...changes].sort((a, b) => rank[a.type] - rank[b.type] || (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
