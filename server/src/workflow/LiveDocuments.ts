import type { Connection, Document, Hocuspocus } from '@hocuspocus/server';
import { encodeStatusChanged, formatDocumentName, type DocumentKind } from '@zhospar/collab';
import * as Y from 'yjs';
import type { AccessService } from '../access/AccessService.ts';
import { allowedActions, type Action, type DocumentStatus } from '../access/Policy.ts';
import type { CollaborationContext } from '../collaboration/CollaborationContext.ts';

/**
 * The workflow's view of documents open in Hocuspocus (one process): freezes a document while a
 * status change is decided, then switches every open connection to what its user may do in the new
 * status and tells it with the [P9] `status-changed` stateless message.
 *
 * Race-freedom: a connection that authenticated before a status change and joins after it carries
 * an older `workflowEpoch`; WorkflowExtension makes it read-only until `reevaluate` has read the
 * new status.
 */
export class LiveDocuments {
  private hocuspocus: Hocuspocus<CollaborationContext> | undefined;
  private readonly epochs = new Map<string, number>();
  private readonly frozen = new Map<string, number>();

  constructor(private readonly access: AccessService) {}

  /** Connects to the Hocuspocus instance (created after this object). */
  attach(hocuspocus: Hocuspocus<CollaborationContext>): void {
    this.hocuspocus = hocuspocus;
  }

  /** Counter bumped on every committed status change of the document in this process. */
  epoch(documentId: string): number {
    return this.epochs.get(documentId) ?? 0;
  }

  /** True while a status change of the document is being decided. */
  isFrozen(documentId: string): boolean {
    return (this.frozen.get(documentId) ?? 0) > 0;
  }

  /**
   * Runs `decide` with the document frozen: every open connection read-only (so no edit lands
   * while controls are computed and the state is stored), and, when the document is loaded, inside
   * its save mutex with its current state (`null` when not loaded: the database state is current).
   * When `decide` throws, connections get their previous `readOnly` back.
   */
  async freeze<T>(kind: DocumentKind, documentId: string, decide: (liveState: Uint8Array | null) => Promise<T>): Promise<T> {
    const document = this.loadedDocument(kind, documentId);
    this.frozen.set(documentId, (this.frozen.get(documentId) ?? 0) + 1);
    const previous = new Map<Connection<CollaborationContext>, boolean>();
    try {
      if (document) {
        for (const connection of document.getConnections() as Array<Connection<CollaborationContext>>) {
          previous.set(connection, connection.readOnly);
          connection.readOnly = true;
        }
        return await document.saveMutex.runExclusive(async () => decide(Y.encodeStateAsUpdate(document)));
      }
      return await decide(null);
    } catch (error) {
      for (const [connection, readOnly] of previous) connection.readOnly = readOnly;
      // Connections that joined while frozen were made read-only by WorkflowExtension.
      for (const connection of (document?.getConnections() ?? []) as Array<Connection<CollaborationContext>>) {
        if (!previous.has(connection)) void this.reevaluate(connection);
      }
      throw error;
    } finally {
      const left = (this.frozen.get(documentId) ?? 1) - 1;
      if (left <= 0) this.frozen.delete(documentId);
      else this.frozen.set(documentId, left);
    }
  }

  /**
   * After a committed status change: bumps the epoch, sets `readOnly` of every open connection for
   * its user in `status`, and sends each the status-changed message.
   */
  async publishStatus(
    kind: DocumentKind,
    document: { id: string; organisationId: string },
    status: DocumentStatus,
    reason: string | null,
  ): Promise<void> {
    const epoch = this.epoch(document.id) + 1;
    this.epochs.set(document.id, epoch);
    const loaded = this.loadedDocument(kind, document.id);
    if (!loaded) return;
    const relations = await this.access.organisationRelations();
    for (const connection of loaded.getConnections() as Array<Connection<CollaborationContext>>) {
      const user = connection.context?.user;
      const actions: Set<Action> = user
        ? allowedActions(user.grants, relations, { organisationId: document.organisationId, status })
        : new Set();
      const readOnly = !actions.has('edit');
      connection.readOnly = readOnly;
      if (connection.context) connection.context.workflowEpoch = epoch;
      connection.sendStateless(encodeStatusChanged({ status, readOnly, reason }));
    }
  }

  /**
   * Re-reads the status for a connection that authenticated before the latest status change, sets
   * its `readOnly` and tells it the status.
   */
  async reevaluate(connection: Connection<CollaborationContext>): Promise<void> {
    const context = connection.context;
    if (!context?.user || !context.documentId) return;
    const epoch = this.epoch(context.documentId);
    const access = await this.access.documentAccess(context.user, context.documentId);
    if (this.epoch(context.documentId) !== epoch) return; // a newer change re-evaluates again
    const readOnly = !access?.actions.has('edit');
    connection.readOnly = readOnly || this.isFrozen(context.documentId);
    context.workflowEpoch = epoch;
    if (access) connection.sendStateless(encodeStatusChanged({ status: access.document.status, readOnly, reason: null }));
  }

  private loadedDocument(kind: DocumentKind, documentId: string): Document | undefined {
    const document = this.hocuspocus?.documents.get(formatDocumentName(kind, documentId));
    return document && !document.isLoading ? document : undefined;
  }
}
