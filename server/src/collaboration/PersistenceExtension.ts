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
 * by `stateVersion = 0` in the update), never by a client.
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

  constructor(private readonly prisma: PrismaClient) {}

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
    for (let attempt = 0; attempt < STORE_ATTEMPTS; attempt += 1) {
      const known = this.versions.get(document);
      if (known !== undefined) {
        const written = await this.prisma.document.updateMany({
          where: { id: name.documentId, stateVersion: known },
          data: { yjsState: toBytes(Y.encodeStateAsUpdate(document)), stateVersion: known + 1 },
        });
        if (written.count === 1) {
          this.versions.set(document, known + 1);
          return;
        }
      }
      // Written meanwhile by someone else: take in what they stored (Yjs merges, idempotently) and retry.
      const row = await this.prisma.document.findUnique({
        where: { id: name.documentId },
        select: { yjsState: true, stateVersion: true },
      });
      if (!row) return;
      this.versions.set(document, row.stateVersion);
      if (!row.yjsState || row.yjsState.byteLength === 0) continue;
      Y.applyUpdate(document, row.yjsState, STORED_ORIGIN);
      // Another process with the same live document (Redis) already stored exactly this.
      if (sameBytes(Y.encodeStateAsUpdate(document), row.yjsState)) return;
    }
    // Hocuspocus keeps the document in memory and stores it again on its next change.
    throw new Error(`[persistence] ${documentName}: ${STORE_ATTEMPTS} concurrent writers in a row; not stored this time`);
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
