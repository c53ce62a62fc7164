import type {
  Document,
  Extension,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server';
import { CloseCode, initDocument, parseDiscussionName, parseDocumentName } from '@zhospar/collab';
import { toBytes, type PrismaClient } from '@zhospar/prisma';
import { defaultSheetsFor } from '@zhospar/sheets';
import * as Y from 'yjs';
import { retryUntilDone } from '../reliability/retryUntilDone.ts';
import { pauseMs, testPause } from '../reliability/testPause.ts';
import { CollaborationRefusal } from './CollaborationContext.ts';

/** Origin of server-made transactions (first creation of a document's content). */
export const SERVER_ORIGIN = { source: 'local', skipStoreHooks: true } as const;

/** Origin of stored state merged into a live document before a store (another process wrote it). */
export const STORED_ORIGIN = { source: 'local', skipStoreHooks: true, merged: true } as const;

/** Compare-and-swap attempts of one store before it gives up (the document stays in memory). */
const STORE_ATTEMPTS = 8;

/**
 * Loads and stores the Yjs state of documents in PostgreSQL.
 *
 * Data safety (KNOWHOW #6/#7): a document whose load failed is never stored, so an empty doc can
 * not overwrite real data; initial content is created here, on the server, exactly once (guarded
 * by `stateVersion = 0` in the update), never by a client. A document without content is never
 * stored. A store that fails (database restarting) is retried with backoff until it succeeds:
 * Hocuspocus 4.7 would only log it, and unload the document with the unstored edits once its last
 * client leaves; retrying inside the hook holds the save mutex, so the document stays in memory,
 * and each attempt writes its newest state.
 */
export class PersistenceExtension implements Extension {
  extensionName = 'PersistenceExtension';
  priority = 500;

  /** Documents whose state came from the database in this process; only these are ever stored. */
  private readonly loaded = new WeakSet<Document>();
  /**
   * `stateVersion` this process last read or wrote per document. A store writes only over that
   * version; otherwise someone else (another process, a status change) wrote in between, and the
   * stored state is merged into the live document first, so no store ever drops another's edits.
   */
  private readonly versions = new WeakMap<Document, number>();

  /** Stores failing right now and being retried (database away). */
  retryingStores = 0;
  private stopped = false;

  constructor(private readonly prisma: PrismaClient) {}

  /** Hocuspocus is being destroyed: a store being retried gives up at its next attempt. */
  async onDestroy(): Promise<void> {
    this.stopped = true;
  }

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    if (parseDiscussionName(documentName)) return; // DiscussionExtension stores discussions
    const name = parseDocumentName(documentName);
    if (!name) throw new CollaborationRefusal(CloseCode.NotFound, 'not-found');
    let row: { yjsState: Uint8Array | null; stateVersion: number } | null;
    try {
      row = await this.prisma.document.findUnique({
        where: { id: name.documentId },
        select: { yjsState: true, stateVersion: true },
      });
    } catch (error) {
      console.error(`[persistence] load of ${documentName} failed`, error);
      throw new CollaborationRefusal(CloseCode.LoadFailed, 'load-failed');
    }
    if (!row) throw new CollaborationRefusal(CloseCode.NotFound, 'not-found');

    if (row.yjsState && row.yjsState.byteLength > 0) {
      applyStoredState(document, row.yjsState, documentName);
      this.versions.set(document, row.stateVersion);
    } else {
      await this.createInitialContent(document, name.kind, name.documentId, documentName);
    }
    this.loaded.add(document);
  }

  async onStoreDocument({ document, documentName }: onStoreDocumentPayload): Promise<void> {
    if (parseDiscussionName(documentName)) return;
    if (!this.loaded.has(document)) {
      console.error(`[persistence] refusing to store ${documentName}: it was not loaded from the database`);
      return;
    }
    const name = parseDocumentName(documentName);
    if (!name) return;
    if (document.store.clients.size === 0) {
      console.error(`[persistence] refusing to store ${documentName}: the document has no content`);
      return;
    }
    let failing = false;
    try {
      await retryUntilDone(
        `store of ${documentName}`,
        async () => {
          try {
            await this.storeOnce(document, name.documentId, documentName);
          } catch (error) {
            if (!failing) this.retryingStores += 1;
            failing = true;
            throw error;
          }
        },
        { isStopped: () => this.stopped },
      );
    } finally {
      if (failing) this.retryingStores -= 1;
    }
  }

  /** One store: compare-and-swap on `stateVersion`, merging what others stored meanwhile. */
  private async storeOnce(document: Document, documentId: string, documentName: string): Promise<void> {
    for (let attempt = 0; attempt < STORE_ATTEMPTS; attempt += 1) {
      const known = this.versions.get(document);
      if (known !== undefined) {
        const written = await this.writeIfVersion(document, documentId, known, documentName);
        if (written.count === 1) {
          this.versions.set(document, known + 1);
          return;
        }
      }
      // Written meanwhile by someone else: take in what they stored (Yjs merges, idempotently) and retry.
      const row = await this.prisma.document.findUnique({
        where: { id: documentId },
        select: { yjsState: true, stateVersion: true },
      });
      if (!row) return;
      this.versions.set(document, row.stateVersion);
      if (!row.yjsState || row.yjsState.byteLength === 0) continue;
      Y.applyUpdate(document, row.yjsState, STORED_ORIGIN);
      // Another process with the same live document (Redis) already stored exactly this.
      if (sameBytes(Y.encodeStateAsUpdate(document), row.yjsState)) return;
    }
    // retryUntilDone tries again after a backoff; the document stays in memory meanwhile.
    throw new Error(`[persistence] ${documentName}: ${STORE_ATTEMPTS} concurrent writers in a row; not stored this time`);
  }

  /** Writes the state over `known`; with a test pause, holds the row uncommitted (fault tests only). */
  private async writeIfVersion(document: Document, documentId: string, known: number, documentName: string): Promise<{ count: number }> {
    const write = (client: Pick<PrismaClient, 'document'>): Promise<{ count: number }> =>
      client.document.updateMany({
        where: { id: documentId, stateVersion: known },
        data: { yjsState: toBytes(Y.encodeStateAsUpdate(document)), stateVersion: known + 1 },
      });
    if (pauseMs('store') === 0) return write(this.prisma);
    return this.prisma.$transaction(
      async (tx) => {
        const written = await write(tx);
        await testPause('store', documentName);
        return written;
      },
      { timeout: 10 * 60_000, maxWait: 10_000 },
    );
  }

  private async createInitialContent(
    document: Document,
    kind: Parameters<typeof defaultSheetsFor>[0],
    documentId: string,
    documentName: string,
  ): Promise<void> {
    const scratch = new Y.Doc();
    initDocument(scratch, { kind, sheets: defaultSheetsFor(kind) });
    const state = Y.encodeStateAsUpdate(scratch);
    scratch.destroy();
    // Only the first process to get here writes; everybody then loads what was written.
    const written = await this.prisma.document.updateMany({
      where: { id: documentId, stateVersion: 0 },
      data: { yjsState: toBytes(state), stateVersion: 1 },
    });
    if (written.count === 1) {
      Y.applyUpdate(document, state, SERVER_ORIGIN);
      this.versions.set(document, 1);
      return;
    }
    const row = await this.prisma.document.findUnique({ where: { id: documentId }, select: { yjsState: true } });
    if (!row?.yjsState) throw new CollaborationRefusal(CloseCode.LoadFailed, 'load-failed');
    applyStoredState(document, row.yjsState, documentName);
  }
}

/**
 * Applies stored bytes, refusing the load when they do not decode to a document with content:
 * a half-read document must never be served, because its next store would overwrite real data.
 */
function applyStoredState(document: Document, state: Uint8Array, documentName: string): void {
  try {
    const decoded = Y.decodeUpdate(state);
    if (decoded.structs.length === 0) throw new Error('stored state has no content');
    Y.applyUpdate(document, state, SERVER_ORIGIN);
    const pending = document.store.pendingStructs;
    if (pending !== null || document.share.size === 0) throw new Error('stored state is incomplete');
  } catch (error) {
    console.error(`[persistence] stored state of ${documentName} is unreadable; refusing to serve it`, error);
    throw new CollaborationRefusal(CloseCode.LoadFailed, 'load-failed');
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}
