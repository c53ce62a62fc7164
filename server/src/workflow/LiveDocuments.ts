import type { Connection, Document, Hocuspocus } from '@hocuspocus/server';
import { encodeStatusChanged, formatDocumentName, type DocumentKind } from '@zhospar/collab';
import * as Y from 'yjs';
import type { AccessService } from '../access/AccessService.ts';
import { allowedActions, type Action, type DocumentStatus } from '../access/Policy.ts';
import type { CollaborationContext } from '../collaboration/CollaborationContext.ts';

/** Origin of peer processes' live states merged in before a status decision (like Redis sync). */
const PEER_ORIGIN = { source: 'redis' } as const;

/**
 * The other server processes (scale-out, `REDIS_URL`; scaleout/RedisLivePeers.ts). Without peers
 * LiveDocuments covers this process only.
 */
export interface LivePeers {
  /**
   * Freezes the document's connections in every other process and returns their live states
   * (empty when no other process has it open), with a token for `thaw` / `publishStatus`.
   */
  freeze(kind: DocumentKind, documentId: string): Promise<{ token: string; states: Uint8Array[] }>;
  /** The decision failed: the other processes give their connections their previous rights back. */
  thaw(token: string): void;
  /** The decision committed: the other processes switch their connections as `publishStatus` does here. */
  publishStatus(
    token: string | null,
    kind: DocumentKind,
    document: { id: string; organisationId: string },
    status: DocumentStatus,
    reason: string | null,
  ): void;
}

/** What `holdForPeer` hands to the scale-out layer: this process's state and how to let go. */
export interface PeerHold {
  state: Uint8Array | null;
  /** `restore`: previous rights back (decision failed); `applied`: the status was applied; `reread`: ask the database. */
  release(how: 'restore' | 'applied' | 'reread'): void;
}

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
  private peers: LivePeers | undefined;
  /** Peer freeze token of a decision in flight here, per document (one at a time: WorkflowService locks). */
  private readonly peerTokens = new Map<string, string>();

  constructor(private readonly access: AccessService) {}

  /** Connects to the Hocuspocus instance (created after this object). */
  attach(hocuspocus: Hocuspocus<CollaborationContext>): void {
    this.hocuspocus = hocuspocus;
  }

  /** Makes status decisions cover the documents' connections in other processes too. */
  setPeers(peers: LivePeers): void {
    this.peers = peers;
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
      }
      const remote = await this.peers?.freeze(kind, documentId);
      if (remote) this.peerTokens.set(documentId, remote.token);
      const remoteStates = remote?.states ?? [];
      if (document) {
        return await document.saveMutex.runExclusive(async () => {
          // Edits other processes accepted but Redis has not delivered yet are decided on too.
          for (const state of remoteStates) Y.applyUpdate(document, state, PEER_ORIGIN);
          return decide(Y.encodeStateAsUpdate(document));
        });
      }
      return await decide(remoteStates.length > 0 ? mergeStates(remoteStates) : null);
    } catch (error) {
      const token = this.peerTokens.get(documentId);
      this.peerTokens.delete(documentId);
      if (token) this.peers?.thaw(token);
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
    const token = this.peerTokens.get(document.id) ?? null;
    this.peerTokens.delete(document.id);
    this.peers?.publishStatus(token, kind, document, status, reason);
    await this.applyStatus(kind, document, status, reason);
  }

  /** `publishStatus` for this process's connections only (also what a peer's status change runs here). */
  async applyStatus(
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

  /**
   * Another process decides a status change of the document: freeze its connections here until
   * that process says how it ended, and hand over this process's live state.
   */
  holdForPeer(kind: DocumentKind, documentId: string): PeerHold {
    const document = this.loadedDocument(kind, documentId);
    this.frozen.set(documentId, (this.frozen.get(documentId) ?? 0) + 1);
    const previous = new Map<Connection<CollaborationContext>, boolean>();
    for (const connection of (document?.getConnections() ?? []) as Array<Connection<CollaborationContext>>) {
      previous.set(connection, connection.readOnly);
      connection.readOnly = true;
    }
    let released = false;
    return {
      state: document ? Y.encodeStateAsUpdate(document) : null,
      release: (how) => {
        if (released) return;
        released = true;
        const left = (this.frozen.get(documentId) ?? 1) - 1;
        if (left <= 0) this.frozen.delete(documentId);
        else this.frozen.set(documentId, left);
        if (how === 'applied') return;
        if (how === 'reread') this.epochs.set(documentId, this.epoch(documentId) + 1);
        for (const connection of (document?.getConnections() ?? []) as Array<Connection<CollaborationContext>>) {
          const before = previous.get(connection);
          if (how === 'restore' && before !== undefined) connection.readOnly = before;
          else void this.reevaluate(connection);
        }
      },
    };
  }

  private loadedDocument(kind: DocumentKind, documentId: string): Document | undefined {
    const document = this.hocuspocus?.documents.get(formatDocumentName(kind, documentId));
    return document && !document.isLoading ? document : undefined;
  }
}

/** One compact state from several (peer processes' live states of one document). */
function mergeStates(states: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    for (const state of states) Y.applyUpdate(doc, state);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
