import type {
  afterLoadDocumentPayload,
  beforeSyncPayload,
  Connection,
  Document,
  Extension,
  onConnectPayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server';
import {
  CloseCode,
  encodeUpdateRejected,
  parseCollabName,
  parseDiscussionName,
  updateRejectedMessage,
  validateDiscussionUpdate,
  type DiscussionChange,
} from '@zhospar/collab';
import { toBytes, type PrismaClient } from '@zhospar/prisma';
import * as Y from 'yjs';
import type { AccessService } from '../access/AccessService.ts';
import { CollaborationRefusal, type CollaborationContext } from './CollaborationContext.ts';

/** y-protocols sync message subtypes (y-protocols/sync). */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Origin of the server's own transactions on discussion docs (loading the stored state). */
const LOAD_ORIGIN = { source: 'local', skipStoreHooks: true } as const;

/** What the rest of the server hears about discussions (projection, notifications). */
export interface DiscussionListener {
  /**
   * Accepted changes of a discussion doc, right after they were applied (`doc` is the live doc).
   * Must return at once: anything slow is queued (projection, notifications are off the hot path).
   */
  applied(documentId: string, doc: Y.Doc, author: CollaborationContext['user'], changes: readonly DiscussionChange[]): void;
  /** Rows of a cell document were inserted, moved or deleted (threads may become detached or live again). */
  rowsChanged(documentId: string): void;
}

/** Options of {@link DiscussionExtension}. */
export interface DiscussionExtensionOptions {
  prisma: PrismaClient;
  access: AccessService;
  listener?: DiscussionListener;
  /** Workflow epoch of a document (LiveDocuments): when it moved, rights are re-read before a write. */
  statusEpoch?: (documentId: string) => number;
  /** Server clock, ms (tests pin it). */
  now?: () => number;
}

interface Pending {
  changes: readonly DiscussionChange[];
}

/**
 * The discussion docs `comments.<documentId>` (collab/SPEC.md [C1]–[C14]): loads and stores their
 * Yjs state in `DiscussionDoc`, validates every incoming update BEFORE Hocuspocus applies it
 * (`validateDiscussionUpdate`: identity from the connection, body schema, timestamps, authorship),
 * and tells the listener what changed once it is applied. A rejected update never touches the doc:
 * the client gets `update-rejected` and the connection closes with 4422 ([C13]).
 *
 * It also watches cell documents for row inserts, moves and deletions, so the projection can mark
 * threads whose row disappeared as detached ([C3]).
 */
export class DiscussionExtension implements Extension {
  extensionName = 'DiscussionExtension';
  /** Same slot as ValidationExtension (which skips discussion docs); before persistence (500). */
  priority = 900;

  /** Counts per rejection reason, for tests and operations. */
  readonly rejections = new Map<string, number>();

  private readonly loaded = new WeakSet<Document>();
  private readonly pending = new WeakMap<Connection, Pending>();
  private readonly now: () => number;

  constructor(private readonly options: DiscussionExtensionOptions) {
    this.now = options.now ?? Date.now;
  }

  async onConnect({ documentName }: onConnectPayload): Promise<Partial<CollaborationContext>> {
    const name = parseDiscussionName(documentName);
    return name && this.options.statusEpoch ? { workflowEpoch: this.options.statusEpoch(name.documentId) } : {};
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    const name = parseDiscussionName(documentName);
    if (!name) return;
    let row: { yjsState: Uint8Array } | null;
    try {
      row = await this.options.prisma.discussionDoc.findUnique({ where: { documentId: name.documentId }, select: { yjsState: true } });
    } catch (error) {
      console.error(`[discussion] load of ${documentName} failed`, error);
      throw new CollaborationRefusal(CloseCode.LoadFailed, 'load-failed');
    }
    if (row && row.yjsState.byteLength > 0) {
      try {
        Y.applyUpdate(document, new Uint8Array(row.yjsState), LOAD_ORIGIN);
        if (document.store.pendingStructs !== null) throw new Error('stored state is incomplete');
      } catch (error) {
        // Never serve (and later store) a half-read discussion over the real one (KNOWHOW #6).
        console.error(`[discussion] stored state of ${documentName} is unreadable; refusing to serve it`, error);
        throw new CollaborationRefusal(CloseCode.LoadFailed, 'load-failed');
      }
    }
    this.loaded.add(document);
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    const name = parseCollabName(documentName);
    if (!name) return;
    if (name.channel === 'comments') {
      document.on('afterTransaction', (transaction: Y.Transaction) => this.afterDiscussionTransaction(name.documentId, document, transaction));
      return;
    }
    // A cell document: only row maps matter (thread anchors, [C3]).
    document.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) {
        if (type._item === null && rootNameOf(document, type)?.startsWith('rows:')) {
          this.options.listener?.rowsChanged(name.documentId);
          return;
        }
      }
    });
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    const name = parseDiscussionName(documentName);
    if (!name) return;
    if (!this.loaded.has(document)) {
      console.error(`[discussion] refusing to store ${documentName}: it was not loaded from the database`);
      return;
    }
    const state = toBytes(Y.encodeStateAsUpdate(document));
    await this.options.prisma.discussionDoc.upsert({
      where: { documentId: name.documentId },
      create: { documentId: name.documentId, yjsState: state, stateVersion: 1 },
      update: { yjsState: state, stateVersion: { increment: 1 } },
    });
  }

  async beforeSync({ type, payload, connection, document, context }: beforeSyncPayload<CollaborationContext>): Promise<void> {
    if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return;
    if (!parseDiscussionName(document.name)) return;
    // Read-only connections' updates are dropped by Hocuspocus; nothing reaches the doc.
    if (connection.readOnly || !context?.user) return;
    await this.refreshRights(connection as Connection<CollaborationContext>, context);
    if (connection.readOnly) return;
    // From here to the return nothing awaits: validation and Hocuspocus applying the update are one step.
    const result = validateDiscussionUpdate(document, payload, { userId: context.user.id, mayComment: context.actions.has('comment') }, { now: this.now() });
    if (result.ok) {
      if (result.changes.length > 0) this.pending.set(connection, { changes: result.changes });
      return;
    }
    this.rejections.set(result.reason, (this.rejections.get(result.reason) ?? 0) + 1);
    console.warn(`[discussion] rejected an update of ${document.name} from user ${context.user.iin}: ${result.reason} (${result.detail})`);
    connection.sendStateless(encodeUpdateRejected(updateRejectedMessage(result.reason)));
    throw new CollaborationRefusal(result.reason === 'too-large' ? CloseCode.TooLarge : CloseCode.UpdateRejected, `update-rejected:${result.reason}`);
  }

  /** After a status change, re-reads what the user may do before the next write is accepted. */
  private async refreshRights(connection: Connection<CollaborationContext>, context: CollaborationContext): Promise<void> {
    const epochOf = this.options.statusEpoch;
    if (!epochOf) return;
    const epoch = epochOf(context.documentId);
    if (context.workflowEpoch === epoch) return;
    const access = await this.options.access.documentAccess(context.user, context.documentId);
    context.actions = access?.actions ?? new Set();
    context.workflowEpoch = epoch;
    connection.readOnly = !context.actions.has('comment');
  }

  private afterDiscussionTransaction(documentId: string, document: Document, transaction: Y.Transaction): void {
    const origin = transaction.origin as { source?: unknown; connection?: Connection<CollaborationContext> } | null;
    if (!origin || origin.source !== 'connection' || !origin.connection) return;
    const pending = this.pending.get(origin.connection);
    if (!pending) return;
    this.pending.delete(origin.connection);
    const user = origin.connection.context?.user;
    if (!user || transaction.changed.size === 0) return;
    try {
      this.options.listener?.applied(documentId, document, user, pending.changes);
    } catch (error) {
      console.error('[discussion] listener failed', error);
    }
  }
}

function rootNameOf(doc: Y.Doc, type: unknown): string | undefined {
  for (const [name, root] of doc.share) if (root === type) return name;
  return undefined;
}
