import type { afterLoadDocumentPayload, Connection, Document, Extension } from '@hocuspocus/server';
import { cellKey, cellsRootName, rowsRootName, type Change } from '@zhospar/collab';
import type * as Y from 'yjs';
import type { AuditEventInput, AuditLog, AuditValue } from '../audit/AuditLog.ts';
import type { CollaborationContext } from './CollaborationContext.ts';

interface Pending {
  changes: readonly Change[];
  events: AuditEventInput[] | null;
}

/**
 * Records every accepted cell, row and sheet change in the audit log (user, ИИН, time, cell,
 * old → new) without slowing editing: the changes come already decoded from ValidationExtension;
 * old values are read from the doc at the start of the very transaction that applies the update
 * (so they are exact even when updates of several connections interleave); the events are
 * buffered and written in batches by AuditLog. An update Hocuspocus does not apply (its connection
 * became read-only meanwhile) never reaches the log.
 */
export class AuditExtension implements Extension {
  extensionName = 'AuditExtension';

  private readonly pending = new WeakMap<Connection, Pending>();
  private readonly watched = new WeakSet<Document>();

  constructor(private readonly log: AuditLog) {}

  /** ValidationExtension's listener: the update is about to be applied to `document`. */
  readonly accepted = (document: Document, connection: Connection<CollaborationContext>, changes: readonly Change[]): void => {
    this.watch(document);
    this.pending.set(connection, { changes, events: null });
  };

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    this.watch(document);
  }

  private watch(document: Document): void {
    if (this.watched.has(document)) return;
    this.watched.add(document);
    document.on('beforeTransaction', (transaction: Y.Transaction) => {
      const connection = connectionOf(transaction.origin);
      const pending = connection && this.pending.get(connection);
      if (!connection || !pending || pending.events) return;
      pending.events = eventsOf(document, connection.context as CollaborationContext | undefined, pending.changes);
    });
    document.on('afterTransaction', (transaction: Y.Transaction) => {
      const connection = connectionOf(transaction.origin);
      const pending = connection && this.pending.get(connection);
      if (!connection || !pending?.events) return;
      this.pending.delete(connection);
      const occurredAt = new Date();
      for (const event of pending.events) {
        event.occurredAt = occurredAt;
        this.log.record(event);
      }
    });
  }
}

function connectionOf(origin: unknown): Connection | undefined {
  if (typeof origin !== 'object' || origin === null) return undefined;
  const { source, connection } = origin as { source?: unknown; connection?: Connection };
  return source === 'connection' ? connection : undefined;
}

/** Audit events of `changes`, with old values read from `doc` now (before the update applies). */
function eventsOf(doc: Y.Doc, context: CollaborationContext | undefined, changes: readonly Change[]): AuditEventInput[] {
  const base = {
    documentId: context?.documentId ?? null,
    userId: context?.user?.id ?? null,
    iin: context?.user?.iin ?? null,
    occurredAt: new Date(0),
  };
  const events: AuditEventInput[] = [];
  for (const change of changes) {
    switch (change.type) {
      case 'cell': {
        const old = doc.getMap(cellsRootName(change.sheetId)).get(cellKey(change.rowId, change.colId)) as AuditValue | undefined;
        events.push({
          ...base,
          kind: 'CELL',
          sheetId: change.sheetId,
          rowId: change.rowId,
          colId: change.colId,
          oldValue: old ?? null,
          newValue: change.value,
        });
        break;
      }
      case 'row-insert':
      case 'row-move':
      case 'row-delete': {
        const old = doc.getMap(rowsRootName(change.sheetId)).get(change.rowId) as string | undefined;
        events.push({
          ...base,
          kind: change.type === 'row-insert' ? 'ROW_INSERT' : change.type === 'row-move' ? 'ROW_MOVE' : 'ROW_DELETE',
          sheetId: change.sheetId,
          rowId: change.rowId,
          oldValue: old ?? null,
          newValue: change.type === 'row-delete' ? null : change.order,
        });
        break;
      }
      case 'sheet-add':
        events.push({ ...base, kind: 'SHEET_ADD', sheetId: change.sheetId, details: { templateId: change.templateId, order: change.order } });
        break;
      case 'meta':
        break; // clients cannot write meta ([V8])
    }
  }
  return events;
}
