import {
  MESSAGES_ROOT,
  THREADS_ROOT,
  commentBodyMentions,
  commentBodyText,
  parseMessageKey,
  type CommentBody,
  type DiscussionChange,
  type MessageEntry,
  type ThreadEntry,
} from '@zhospar/collab';
import type { NotificationKind, PrismaClient } from '@zhospar/prisma';
import type * as Y from 'yjs';
import type { AccessService, AuthenticatedUser } from '../access/AccessService.ts';
import { allowedActions, type DocumentStatus, type Role } from '../access/Policy.ts';
import type { NotificationEvent, WorkspaceEvents } from '../events/WorkspaceEvents.ts';
import { ApiError } from '../http/ApiError.ts';

/** Longest excerpt of a message kept in a notification. */
export const EXCERPT_LENGTH = 200;

/** A person who may be @mentioned on a document. */
export interface MentionableUser {
  id: string;
  fullName: string;
  organisation: { id: string; nameRu: string; nameKk: string };
  roles: Role[];
}

/** What one accepted message asks to notify, computed at once from the live doc. */
interface Job {
  documentId: string;
  actor: { id: string; fullName: string };
  threadId: string;
  messageId: string;
  anchor: ThreadEntry['anchor'];
  excerpt: string;
  /** userId → kind; a mention wins over a reply. */
  recipients: Map<string, NotificationKind>;
}

/**
 * Mentions and replies → the persistent inbox (входящие) and live `notification:new` events.
 *
 * - A message that @mentions users notifies each of them (MENTION); an edit notifies only users it
 *   newly mentions.
 * - A reply notifies everyone else who wrote in the thread (REPLY), unless already mentioned.
 * - Only users who may read the document now are notified; other ids are ignored (a mention is
 *   a label, not a grant). The author is never notified of their own message.
 *
 * Work is queued off the hot path; rows are unique per user × message × kind, so a repeated
 * delivery never duplicates an entry.
 */
export class NotificationService {
  private events: WorkspaceEvents | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly access: AccessService,
  ) {}

  /** Connects the socket.io events (created after this object). */
  attach(events: WorkspaceEvents): void {
    this.events = events;
  }

  /** DiscussionExtension's listener: accepted changes, just applied to `doc`. Returns at once. */
  handle(documentId: string, doc: Y.Doc, author: AuthenticatedUser, changes: readonly DiscussionChange[]): void {
    const jobs: Job[] = [];
    for (const change of changes) {
      if (change.type !== 'message-add' && change.type !== 'message-edit') continue;
      const thread = doc.getMap(THREADS_ROOT).get(change.threadId) as ThreadEntry | undefined;
      if (!thread) continue;
      const recipients = new Map<string, NotificationKind>();
      const previous = change.type === 'message-edit' ? new Set(commentBodyMentions(change.previousBody)) : new Set<string>();
      for (const id of commentBodyMentions(change.body)) if (!previous.has(id)) recipients.set(id, 'MENTION');
      if (change.type === 'message-add') {
        for (const id of participantsOf(doc, change.threadId, thread)) if (!recipients.has(id)) recipients.set(id, 'REPLY');
      }
      recipients.delete(author.id);
      if (recipients.size === 0) continue;
      jobs.push({
        documentId,
        actor: { id: author.id, fullName: author.fullName },
        threadId: change.threadId,
        messageId: change.messageId,
        anchor: thread.anchor,
        excerpt: excerptOf(change.body),
        recipients,
      });
    }
    for (const job of jobs) {
      const promise = this.deliver(job).catch((error: unknown) => console.error('[comments] notification failed', error));
      this.inFlight.add(promise);
      void promise.finally(() => this.inFlight.delete(promise));
    }
  }

  /** Waits for queued notifications (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async deliver(job: Job): Promise<void> {
    const readers = await this.readersAmong(job.documentId, [...job.recipients.keys()]);
    if (readers.size === 0) return;
    const document = await this.prisma.document.findUniqueOrThrow({ where: { id: job.documentId }, select: { title: true } });
    const rows = await this.prisma.notification.createManyAndReturn({
      data: [...readers].map((userId) => ({
        userId,
        kind: job.recipients.get(userId) as NotificationKind,
        documentId: job.documentId,
        threadId: job.threadId,
        messageId: job.messageId,
        actorId: job.actor.id,
        excerpt: job.excerpt,
      })),
      skipDuplicates: true,
    });
    for (const row of rows) {
      this.events?.notify(row.userId, {
        id: row.id,
        kind: row.kind === 'MENTION' ? 'mention' : 'reply',
        documentId: row.documentId,
        documentTitle: document.title,
        threadId: row.threadId,
        messageId: row.messageId,
        anchor: { sheetId: job.anchor.sheetId, rowId: job.anchor.rowId, colId: job.anchor.colId },
        actor: job.actor,
        excerpt: row.excerpt,
        createdAt: row.createdAt.toISOString(),
        read: false,
      });
    }
  }

  /** The users among `userIds` who may read the document now. */
  async readersAmong(documentId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const document = await this.prisma.document.findUnique({ where: { id: documentId }, select: { organisationId: true, status: true } });
    if (!document) return new Set();
    const users = await this.prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, roles: true } });
    const relations = await this.access.organisationRelations();
    const target = { organisationId: document.organisationId, status: document.status as DocumentStatus };
    return new Set(
      users
        .filter((u) => allowedActions(u.roles.map((r) => ({ role: r.role as Role, organisationId: r.organisationId })), relations, target).has('read'))
        .map((u) => u.id),
    );
  }

  /**
   * Users who may read the document (for @mentions), optionally filtered by a part of the name or
   * the start of the ИИН; at most `limit`, by name. Candidates are users with a role in the
   * document's organisation or one above it (the policy grants nothing from elsewhere).
   */
  async mentionableUsers(documentId: string, query: string, limit: number): Promise<MentionableUser[]> {
    const document = await this.prisma.document.findUnique({ where: { id: documentId }, select: { organisationId: true, status: true } });
    if (!document) return [];
    const organisations = await this.prisma.organisation.findMany({ select: { id: true, parentId: true } });
    const parents = new Map(organisations.map((o) => [o.id, o.parentId]));
    const chain: string[] = [];
    for (let id: string | null = document.organisationId; id !== null && !chain.includes(id); id = parents.get(id) ?? null) chain.push(id);
    const q = query.trim();
    const users = await this.prisma.user.findMany({
      where: {
        roles: { some: { organisationId: { in: chain } } },
        ...(q ? { OR: [{ fullName: { contains: q, mode: 'insensitive' as const } }, { iin: { startsWith: q } }] } : {}),
      },
      select: { id: true, fullName: true, roles: true, organisation: { select: { id: true, nameRu: true, nameKk: true } } },
      orderBy: [{ fullName: 'asc' }, { id: 'asc' }],
      take: 500,
    });
    const relations = await this.access.organisationRelations();
    const target = { organisationId: document.organisationId, status: document.status as DocumentStatus };
    return users
      .filter((u) => allowedActions(u.roles.map((r) => ({ role: r.role as Role, organisationId: r.organisationId })), relations, target).has('read'))
      .slice(0, limit)
      .map((u) => ({ id: u.id, fullName: u.fullName, organisation: u.organisation, roles: [...new Set(u.roles.map((r) => r.role as Role))] }));
  }

  /** The user's inbox, newest first; entries of documents the user may no longer read are left out. */
  async list(
    user: AuthenticatedUser,
    options: { unreadOnly: boolean; limit: number; before?: Date },
  ): Promise<{ notifications: NotificationEvent[]; unreadCount: number }> {
    const rows = await this.prisma.notification.findMany({
      where: { userId: user.id, ...(options.unreadOnly ? { readAt: null } : {}), ...(options.before ? { createdAt: { lt: options.before } } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit,
      include: { document: { select: { title: true, organisationId: true, status: true } } },
    });
    const relations = await this.access.organisationRelations();
    const readable = rows.filter((row) =>
      allowedActions(user.grants, relations, { organisationId: row.document.organisationId, status: row.document.status as DocumentStatus }).has('read'),
    );
    const threads = await this.prisma.commentThread.findMany({
      where: { OR: readable.map((row) => ({ documentId: row.documentId, threadId: row.threadId })) },
      select: { documentId: true, threadId: true, sheetId: true, rowId: true, colId: true },
    });
    const anchors = new Map(threads.map((t) => [`${t.documentId}/${t.threadId}`, { sheetId: t.sheetId, rowId: t.rowId, colId: t.colId }]));
    const actors = await this.prisma.user.findMany({ where: { id: { in: [...new Set(readable.map((r) => r.actorId))] } }, select: { id: true, fullName: true } });
    const actorNames = new Map(actors.map((a) => [a.id, a.fullName]));
    const unreadCount = await this.prisma.notification.count({ where: { userId: user.id, readAt: null } });
    return {
      unreadCount,
      notifications: readable.map((row) => ({
        id: row.id,
        kind: row.kind === 'MENTION' ? 'mention' : 'reply',
        documentId: row.documentId,
        documentTitle: row.document.title,
        threadId: row.threadId,
        messageId: row.messageId,
        anchor: anchors.get(`${row.documentId}/${row.threadId}`) ?? { sheetId: '', rowId: '', colId: '' },
        actor: { id: row.actorId, fullName: actorNames.get(row.actorId) ?? '' },
        excerpt: row.excerpt,
        createdAt: row.createdAt.toISOString(),
        read: row.readAt !== null,
      })),
    };
  }

  /** Marks one of the user's notifications read; 404 for anyone else's. */
  async markRead(user: AuthenticatedUser, id: string): Promise<void> {
    const updated = await this.prisma.notification.updateMany({ where: { id, userId: user.id, readAt: null }, data: { readAt: new Date() } });
    if (updated.count === 0 && !(await this.prisma.notification.findFirst({ where: { id, userId: user.id }, select: { id: true } }))) {
      throw new ApiError('not-found');
    }
  }

  /** Marks every unread notification of the user read; returns how many. */
  async markAllRead(user: AuthenticatedUser): Promise<number> {
    const updated = await this.prisma.notification.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
    return updated.count;
  }
}

/** Authors of the thread's messages that are still there, and the thread's author. */
function participantsOf(doc: Y.Doc, threadId: string, thread: ThreadEntry): Set<string> {
  const ids = new Set<string>([thread.authorId]);
  const prefix = `${threadId}/`;
  doc.getMap(MESSAGES_ROOT).forEach((value, key) => {
    if (!key.startsWith(prefix) || !parseMessageKey(key)) return;
    const author = (value as MessageEntry | undefined)?.authorId;
    if (typeof author === 'string') ids.add(author);
  });
  return ids;
}

function excerptOf(body: CommentBody): string {
  const text = commentBodyText(body).replace(/\s+/g, ' ').trim();
  return text.length <= EXCERPT_LENGTH ? text : `${text.slice(0, EXCERPT_LENGTH - 1)}…`;
}
