import type { Hocuspocus } from '@hocuspocus/server';
import {
  anchorState,
  commentBodyText,
  formatDiscussionName,
  formatDocumentName,
  openThreadIds,
  readThreads,
  type SchemaLookup,
  type ThreadView,
} from '@zhospar/collab';
import type { Prisma, PrismaClient } from '@zhospar/prisma';
import * as Y from 'yjs';
import type { DocumentStatus } from '../access/Policy.ts';
import type { WorkspaceEvents } from '../events/WorkspaceEvents.ts';
import { kindFromDb } from '../routes/documents/documentRoutes.ts';
import type { RemarksCounter } from '../workflow/DesktopService.ts';
import { initialState } from '../workflow/WorkflowService.ts';

/** Reads which threads are open now (the approval snapshot records them). */
export interface OpenThreadsReader {
  openThreadIds(documentId: string): Promise<string[]>;
}

/** Options of {@link CommentsProjection}. */
export interface CommentsProjectionOptions {
  /** Quiet time before a changed document is projected, ms (default 150): bursts become one write. */
  delayMs?: number;
}

/**
 * Keeps the PostgreSQL projection of discussions (CommentThread, CommentMessage) in step with the
 * discussion docs, for counts (рабочий стол куратора), filters and search. Off the editing hot
 * path, like the audit buffer: a change only schedules its document; the projection runs after a
 * short quiet time, one document at a time, reads the live docs (or the stored state), and writes
 * only threads whose projection changed. A thread is `detached` when its anchor row no longer
 * exists in the cell document (collab [C3]); cell-row changes schedule the document too.
 *
 * Derived data: losing it loses nothing (the next change of the document rewrites every thread
 * that differs from what this process wrote).
 */
export class CommentsProjection implements RemarksCounter, OpenThreadsReader {
  private hocuspocus: Hocuspocus | undefined;
  private events: WorkspaceEvents | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  /** documentId → threadId → fingerprint of what this process last wrote. */
  private readonly written = new Map<string, Map<string, string>>();
  private readonly openCounts = new Map<string, number>();
  private readonly delayMs: number;
  private closed = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly lookup: SchemaLookup,
    options: CommentsProjectionOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 150;
  }

  /** Connects to the live documents and the workspace events (created after this object). */
  attach(hocuspocus: Hocuspocus, events: WorkspaceEvents): void {
    this.hocuspocus = hocuspocus;
    this.events = events;
  }

  /** Projects the document after the quiet time. */
  schedule(documentId: string): void {
    if (this.closed || this.timers.has(documentId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(documentId);
      void this.run(documentId);
    }, this.delayMs);
    timer.unref();
    this.timers.set(documentId, timer);
  }

  /** Runs a scheduled projection of the document now and waits for it (read-your-writes for HTTP). */
  async settle(documentId: string): Promise<void> {
    const timer = this.timers.get(documentId);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(documentId);
      void this.run(documentId);
    }
    await this.running.get(documentId);
  }

  /** Runs every scheduled projection now and waits for all. */
  async flush(): Promise<void> {
    for (const documentId of [...this.timers.keys()]) await this.settle(documentId);
    await Promise.all([...this.running.values()]);
  }

  /** Flushes and stops scheduling (server shutdown). */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  /** Open, non-deleted threads per document, from the projection (the desktop's «замечания»). */
  async openRemarks(documentIds: readonly string[]): Promise<Map<string, number>> {
    for (const id of documentIds) if (this.timers.has(id)) await this.settle(id);
    if (documentIds.length === 0) return new Map();
    const rows = await this.prisma.commentThread.groupBy({
      by: ['documentId'],
      where: { documentId: { in: [...documentIds] }, status: 'OPEN', deleted: false },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.documentId, row._count._all]));
  }

  /** Threads open now, read from the discussion doc itself (live, else stored), not the projection. */
  async openThreadIds(documentId: string): Promise<string[]> {
    const discussion = await this.discussionDoc(documentId);
    if (!discussion) return [];
    try {
      return openThreadIds(discussion.doc);
    } finally {
      if (discussion.scratch) discussion.doc.destroy();
    }
  }

  private run(documentId: string): Promise<void> {
    const previous = this.running.get(documentId) ?? Promise.resolve();
    const next = previous
      .then(() => this.project(documentId))
      .catch((error: unknown) => console.error(`[comments] projection of ${documentId} failed`, error));
    this.running.set(documentId, next);
    void next.finally(() => {
      if (this.running.get(documentId) === next) this.running.delete(documentId);
    });
    return next;
  }

  private liveDoc(name: string): Y.Doc | undefined {
    const document = this.hocuspocus?.documents.get(name);
    return document && !document.isLoading ? document : undefined;
  }

  private async discussionDoc(documentId: string): Promise<{ doc: Y.Doc; scratch: boolean } | null> {
    const live = this.liveDoc(formatDiscussionName(documentId));
    if (live) return { doc: live, scratch: false };
    const row = await this.prisma.discussionDoc.findUnique({ where: { documentId }, select: { yjsState: true } });
    if (!row) return null;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(row.yjsState));
    return { doc, scratch: true };
  }

  private async project(documentId: string): Promise<void> {
    const document = await this.prisma.document.findUnique({ where: { id: documentId }, select: { kind: true, organisationId: true, status: true } });
    if (!document) return;
    const discussion = await this.discussionDoc(documentId);
    if (!discussion) return;
    const kind = kindFromDb(document.kind);
    let cells = this.liveDoc(formatDocumentName(kind, documentId));
    let scratchCells: Y.Doc | undefined;
    try {
      const threads = readThreads(discussion.doc);
      if (!cells) {
        const stored = await this.prisma.document.findUnique({ where: { id: documentId }, select: { yjsState: true } });
        scratchCells = new Y.Doc();
        Y.applyUpdate(scratchCells, stored?.yjsState ? new Uint8Array(stored.yjsState) : initialState(kind));
        cells = scratchCells;
      }
      const written = this.written.get(documentId) ?? new Map<string, string>();
      const changed: Array<{ thread: ThreadView; detached: boolean; fingerprint: string }> = [];
      for (const thread of threads) {
        const detached = anchorState(cells, thread.anchor, this.lookup) === 'detached';
        const fingerprint = JSON.stringify([thread, detached]);
        if (written.get(thread.threadId) !== fingerprint) changed.push({ thread, detached, fingerprint });
      }
      if (changed.length > 0) {
        await this.prisma.$transaction(changed.flatMap(({ thread, detached }) => this.writeThread(documentId, thread, detached)));
        for (const { thread, fingerprint } of changed) written.set(thread.threadId, fingerprint);
        this.written.set(documentId, written);
      }
      const open = threads.filter((t) => t.status === 'open' && !t.deleted).length;
      if (this.openCounts.get(documentId) !== open) {
        const first = !this.openCounts.has(documentId);
        this.openCounts.set(documentId, open);
        if (!first || changed.length > 0) {
          void this.events?.remarksChanged({ documentId, organisationId: document.organisationId, openRemarks: open }, document.status as DocumentStatus);
        }
      }
    } finally {
      if (discussion.scratch) discussion.doc.destroy();
      scratchCells?.destroy();
    }
  }

  private writeThread(documentId: string, thread: ThreadView, detached: boolean): Prisma.PrismaPromise<unknown>[] {
    const key = { documentId, threadId: thread.threadId };
    const data = {
      sheetId: thread.anchor.sheetId,
      rowId: thread.anchor.rowId,
      colId: thread.anchor.colId,
      status: thread.status === 'resolved' ? ('RESOLVED' as const) : ('OPEN' as const),
      detached,
      deleted: thread.deleted,
      authorId: thread.authorId,
      createdAt: new Date(thread.createdAt),
      resolvedById: thread.status === 'resolved' ? (thread.resolution?.by ?? null) : null,
      resolvedAt: thread.status === 'resolved' && thread.resolution ? new Date(thread.resolution.at) : null,
      lastActivityAt: new Date(thread.lastActivityAt),
      messageCount: thread.messageCount,
      participantIds: thread.participantIds,
      mentionedIds: thread.mentionedIds,
    };
    return [
      this.prisma.commentThread.upsert({ where: { documentId_threadId: key }, create: { ...key, ...data }, update: data }),
      this.prisma.commentMessage.deleteMany({ where: key }),
      this.prisma.commentMessage.createMany({
        data: thread.messages.map((message) => ({
          ...key,
          messageId: message.messageId,
          authorId: message.authorId,
          text: message.body ? commentBodyText(message.body) : '',
          ...(message.body ? { body: message.body as unknown as Prisma.InputJsonValue } : {}),
          createdAt: new Date(message.createdAt),
          editedAt: message.editedAt !== null ? new Date(message.editedAt) : null,
          deleted: message.deleted !== null,
        })),
      }),
    ];
  }
}
