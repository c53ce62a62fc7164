import type { CommentBody } from '@zhospar/collab';
import type { Prisma, PrismaClient } from '@zhospar/prisma';
import type { CommentsProjection } from './CommentsProjection.ts';

/** A person as thread lists show them. */
export interface PersonView {
  id: string;
  fullName: string;
}

/** One thread of the projection, as `GET /api/documents/:id/threads` returns it. */
export interface ThreadListItem {
  threadId: string;
  anchor: { sheetId: string; rowId: string; colId: string };
  status: 'open' | 'resolved';
  detached: boolean;
  author: PersonView;
  createdAt: string;
  resolvedBy: PersonView | null;
  resolvedAt: string | null;
  lastActivityAt: string;
  messageCount: number;
  participantIds: string[];
  mentionedIds: string[];
  messages: Array<{
    messageId: string;
    author: PersonView;
    text: string;
    body: CommentBody | null;
    createdAt: string;
    editedAt: string | null;
    deleted: boolean;
  }>;
}

/** Filters of the thread list. */
export interface ThreadFilter {
  status: 'open' | 'resolved' | 'all';
  /** Threads the user opened or wrote in. */
  mine: boolean;
  /** Threads where the user is mentioned. */
  mentions: boolean;
  /** Only detached (true) or only anchored (false) threads; both when undefined. */
  detached?: boolean;
  /** Case-insensitive text that some message must contain. */
  q?: string;
}

/** Reads the comments projection for the HTTP API (lists, filters, search). */
export class ThreadQueries {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly projection: CommentsProjection,
  ) {}

  /** Threads of a document (deleted ones never), newest activity first, with their messages. */
  async threads(documentId: string, userId: string, filter: ThreadFilter): Promise<{ threads: ThreadListItem[]; counts: { open: number; resolved: number; detached: number } }> {
    await this.projection.settle(documentId);
    const where: Prisma.CommentThreadWhereInput = {
      documentId,
      deleted: false,
      ...(filter.status !== 'all' ? { status: filter.status === 'open' ? 'OPEN' : 'RESOLVED' } : {}),
      ...(filter.detached !== undefined ? { detached: filter.detached } : {}),
      ...(filter.mentions ? { mentionedIds: { has: userId } } : {}),
      ...(filter.mine ? { OR: [{ authorId: userId }, { participantIds: { has: userId } }] } : {}),
      ...(filter.q ? { messages: { some: { deleted: false, text: { contains: filter.q, mode: 'insensitive' } } } } : {}),
    };
    const rows = await this.prisma.commentThread.findMany({
      where,
      orderBy: [{ lastActivityAt: 'desc' }, { threadId: 'asc' }],
      include: { messages: { orderBy: [{ createdAt: 'asc' }, { messageId: 'asc' }] } },
      take: 1000,
    });
    const grouped = await this.prisma.commentThread.groupBy({ by: ['status', 'detached'], where: { documentId, deleted: false }, _count: { _all: true } });
    const counts = { open: 0, resolved: 0, detached: 0 };
    for (const g of grouped) {
      if (g.status === 'OPEN') counts.open += g._count._all;
      else counts.resolved += g._count._all;
      if (g.detached) counts.detached += g._count._all;
    }
    const personIds = new Set<string>();
    for (const row of rows) {
      personIds.add(row.authorId);
      if (row.resolvedById) personIds.add(row.resolvedById);
      for (const m of row.messages) personIds.add(m.authorId);
    }
    const people = await this.prisma.user.findMany({ where: { id: { in: [...personIds] } }, select: { id: true, fullName: true } });
    const names = new Map(people.map((p) => [p.id, p.fullName]));
    const person = (id: string): PersonView => ({ id, fullName: names.get(id) ?? '' });
    return {
      counts,
      threads: rows.map((row) => ({
        threadId: row.threadId,
        anchor: { sheetId: row.sheetId, rowId: row.rowId, colId: row.colId },
        status: row.status === 'OPEN' ? 'open' : 'resolved',
        detached: row.detached,
        author: person(row.authorId),
        createdAt: row.createdAt.toISOString(),
        resolvedBy: row.resolvedById ? person(row.resolvedById) : null,
        resolvedAt: row.resolvedAt?.toISOString() ?? null,
        lastActivityAt: row.lastActivityAt.toISOString(),
        messageCount: row.messageCount,
        participantIds: row.participantIds,
        mentionedIds: row.mentionedIds,
        messages: row.messages.map((m) => ({
          messageId: m.messageId,
          author: person(m.authorId),
          text: m.text,
          body: (m.body as unknown as CommentBody | null) ?? null,
          createdAt: m.createdAt.toISOString(),
          editedAt: m.editedAt?.toISOString() ?? null,
          deleted: m.deleted,
        })),
      })),
    };
  }
}
