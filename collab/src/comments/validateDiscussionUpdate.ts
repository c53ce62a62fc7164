/**
 * Server-side gate for updates of a discussion doc (SPEC.md [C7]–[C14]): decodes the update
 * WITHOUT applying it (decodeMapUpdate: [V1]–[V6], [V15]–[V16]), then checks every key it touches
 * against the layout (DiscussionSchema.ts), the writer's identity and rights, the clock and the
 * comment body schema (commentBody.ts), and predicts the visible changes (projection, notifications).
 *
 * Identity comes from the connection, never from the update: every author field must equal the
 * connection's user id. Time is passed in (collab reads no clock).
 */
import type * as Y from 'yjs';
import { decodeMapUpdate, type KeyWrite } from '../decodeMapUpdate.ts';
import { isValidId, type CellAddress } from '../DocumentSchema.ts';
import type { RejectionReason } from '../protocol.ts';
import { checkCommentBody, type CommentBody } from './commentBody.ts';
import {
  DELETIONS_ROOT,
  DISCUSSION_ROOTS,
  MESSAGES_ROOT,
  RESOLUTIONS_ROOT,
  THREADS_ROOT,
  isUserId,
  parseMessageKey,
} from './DiscussionSchema.ts';

/** Who sends the update, as the server authenticated the connection. */
export interface DiscussionWriter {
  /** The connection's user id (uuid). */
  userId: string;
  /** The policy's 'comment' action on the document: create threads, reply, edit/delete own messages, resolve. */
  mayComment: boolean;
}

/** Options of {@link validateDiscussionUpdate}. */
export interface DiscussionValidateOptions {
  /** Server time, ms since the epoch. */
  now: number;
  /** How far in the past a written time may lie ([C8]); default {@link DEFAULT_MAX_PAST_MS} (offline work). */
  maxPastMs?: number;
  /** How far in the future (clock skew); default {@link DEFAULT_MAX_FUTURE_MS}. */
  maxFutureMs?: number;
  /** Largest update, bytes ([V1]); default {@link DEFAULT_MAX_DISCUSSION_UPDATE_BYTES}. */
  maxUpdateBytes?: number;
}

/** Seven days: a remark typed offline on Friday still syncs on Monday. */
export const DEFAULT_MAX_PAST_MS = 7 * 24 * 60 * 60 * 1000;
/** Two minutes of clock skew. */
export const DEFAULT_MAX_FUTURE_MS = 2 * 60 * 1000;
/** 256 KiB: a few dozen full-size messages written offline. */
export const DEFAULT_MAX_DISCUSSION_UPDATE_BYTES = 256 * 1024;

/** A visible change an accepted discussion update makes ([C14]). */
export type DiscussionChange =
  | { type: 'thread-add'; threadId: string; anchor: CellAddress; authorId: string; createdAt: number }
  | { type: 'message-add'; threadId: string; messageId: string; authorId: string; body: CommentBody; createdAt: number }
  | {
      type: 'message-edit';
      threadId: string;
      messageId: string;
      authorId: string;
      body: CommentBody;
      previousBody: CommentBody;
      editedAt: number;
    }
  | { type: 'message-delete'; threadId: string; messageId: string; by: string; at: number }
  | { type: 'resolution'; threadId: string; resolved: boolean; by: string; at: number };

/** Outcome of {@link validateDiscussionUpdate}. */
export type DiscussionValidationResult =
  | { ok: true; changes: DiscussionChange[] }
  | { ok: false; reason: RejectionReason; detail: string };

class Rejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function reject(reason: RejectionReason, detail: string): never {
  throw new Rejected(reason, detail);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function exactKeys(value: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  const keys = Object.keys(value);
  return required.every((k) => k in value) && keys.every((k) => required.includes(k) || optional.includes(k));
}

interface TypeLike {
  _map: Map<string, { deleted: boolean; content?: unknown }>;
}

/**
 * Checks an incoming discussion update without applying it. `doc` is the server's discussion doc
 * (read only: neither changed nor copied). On success, `changes` lists the visible changes in the
 * order threads, messages, deletions, resolutions; apply the update afterwards. On failure, apply
 * nothing.
 */
export function validateDiscussionUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  writer: DiscussionWriter,
  opts: DiscussionValidateOptions,
): DiscussionValidationResult {
  const decoded = decodeMapUpdate(doc, update, opts.maxUpdateBytes ?? DEFAULT_MAX_DISCUSSION_UPDATE_BYTES);
  if (!decoded.ok) return decoded;
  try {
    return { ok: true, changes: new DiscussionValidator(doc, writer, opts, decoded.writes).run() };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.reason, detail: error.detail };
    return { ok: false, reason: 'malformed', detail: `validation failed: ${String(error)}` };
  }
}

const ROOT_RANK: Record<string, number> = { [THREADS_ROOT]: 0, [MESSAGES_ROOT]: 1, [DELETIONS_ROOT]: 2, [RESOLUTIONS_ROOT]: 3 };

class DiscussionValidator {
  private readonly byKey = new Map<string, KeyWrite>();
  private readonly minTime: number;
  private readonly maxTime: number;

  constructor(
    private readonly doc: Y.Doc,
    private readonly writer: DiscussionWriter,
    opts: DiscussionValidateOptions,
    private readonly writes: KeyWrite[],
  ) {
    for (const w of writes) this.byKey.set(`${w.root}\n${w.key}`, w);
    this.minTime = opts.now - (opts.maxPastMs ?? DEFAULT_MAX_PAST_MS);
    this.maxTime = opts.now + (opts.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS);
  }

  run(): DiscussionChange[] {
    for (const w of this.writes) {
      if (!DISCUSSION_ROOTS.includes(w.root)) reject('unknown-root', `unknown root type "${w.root}"`);
    }
    if (this.writes.length > 0 && !this.writer.mayComment) reject('comment-forbidden', 'the writer may not comment on this document');
    if (!isUserId(this.writer.userId)) reject('comment-forbidden', 'the writer has no user id');
    const ordered = [...this.writes].sort((a, b) => (ROOT_RANK[a.root] ?? 9) - (ROOT_RANK[b.root] ?? 9));
    const changes: DiscussionChange[] = [];
    for (const w of ordered) {
      const change = this.check(w);
      if (change) changes.push(change);
    }
    return changes;
  }

  // ---- lookups --------------------------------------------------------------------------------

  private docItem(root: string, key: string): { deleted: boolean; content?: unknown } | undefined {
    return (this.doc.share.get(root) as unknown as TypeLike | undefined)?._map.get(key);
  }

  private docVisible(root: string, key: string): unknown {
    const item = this.docItem(root, key);
    if (!item || item.deleted) return undefined;
    return (item.content as { arr?: unknown[] } | undefined)?.arr?.at(-1);
  }

  private write(root: string, key: string): KeyWrite | undefined {
    return this.byKey.get(`${root}\n${key}`);
  }

  private threadExists(threadId: string): boolean {
    if (this.docItem(THREADS_ROOT, threadId)) return true;
    return (this.write(THREADS_ROOT, threadId)?.values.length ?? 0) > 0;
  }

  private deletionExists(key: string): boolean {
    if (this.docItem(DELETIONS_ROOT, key)) return true;
    return (this.write(DELETIONS_ROOT, key)?.values.length ?? 0) > 0;
  }

  /** Author of a message: its visible doc entry, else the first value this update writes. */
  private messageAuthor(key: string): string | undefined {
    const inDoc = this.docVisible(MESSAGES_ROOT, key);
    if (isPlainObject(inDoc) && typeof inDoc['authorId'] === 'string') return inDoc['authorId'];
    const first = this.write(MESSAGES_ROOT, key)?.values[0];
    return isPlainObject(first) && typeof first['authorId'] === 'string' ? first['authorId'] : undefined;
  }

  // ---- rules ----------------------------------------------------------------------------------

  /** [C8] A time: integer ms within the tolerance of the server clock. */
  private checkTime(value: unknown, what: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return reject('invalid-value', `${what} must be integer milliseconds`);
    if (value < this.minTime || value > this.maxTime) reject('invalid-timestamp', `${what} ${value} is outside the accepted window`);
    return value;
  }

  /** [C9] An author field must be the connection's user. */
  private checkAuthor(value: unknown, what: string): string {
    if (!isUserId(value)) return reject('invalid-value', `${what} must be a user id`);
    if (value !== this.writer.userId) reject('not-author', `${what} ${value} is not the connection's user`);
    return value;
  }

  /** [C4]/[C6] Entries written once: one value, on a fresh key, never deleted. */
  private checkWriteOnce(w: KeyWrite): void {
    if (w.inDoc) reject('comment-immutable', `${w.root} entry "${w.key}" already exists`);
    if (w.values.length !== 1 || w.after === null) reject('comment-immutable', `${w.root} entry "${w.key}" must be written exactly once`);
  }

  private check(w: KeyWrite): DiscussionChange | null {
    switch (w.root) {
      case THREADS_ROOT:
        return this.checkThread(w);
      case MESSAGES_ROOT:
        return this.checkMessage(w);
      case RESOLUTIONS_ROOT:
        return this.checkResolution(w);
      default:
        return this.checkDeletion(w);
    }
  }

  /** [C4] threads: threadId → {anchor, authorId, createdAt}; immutable. */
  private checkThread(w: KeyWrite): DiscussionChange | null {
    if (!isValidId(w.key)) reject('invalid-key', `invalid thread id "${w.key}"`);
    this.checkWriteOnce(w);
    const value = w.values[0];
    if (!isPlainObject(value) || !exactKeys(value, ['anchor', 'authorId', 'createdAt'])) {
      return reject('invalid-value', `thread "${w.key}" must be exactly {anchor, authorId, createdAt}`);
    }
    const anchor = value['anchor'];
    if (!isPlainObject(anchor) || !exactKeys(anchor, ['sheetId', 'rowId', 'colId'])) {
      return reject('invalid-value', `thread "${w.key}" anchor must be exactly {sheetId, rowId, colId}`);
    }
    const { sheetId, rowId, colId } = anchor;
    if (typeof sheetId !== 'string' || typeof rowId !== 'string' || typeof colId !== 'string' || !isValidId(sheetId) || !isValidId(rowId) || !isValidId(colId)) {
      return reject('invalid-key', `thread "${w.key}" anchor ids are invalid`);
    }
    const authorId = this.checkAuthor(value['authorId'], `thread "${w.key}" authorId`);
    const createdAt = this.checkTime(value['createdAt'], `thread "${w.key}" createdAt`);
    return w.changed ? { type: 'thread-add', threadId: w.key, anchor: { sheetId, rowId, colId }, authorId, createdAt } : null;
  }

  /** [C5] messages: `<threadId>/<messageId>` → {authorId, body, createdAt, editedAt?}; only the author writes or deletes. */
  private checkMessage(w: KeyWrite): DiscussionChange | null {
    const ids = parseMessageKey(w.key);
    if (!ids) return reject('invalid-key', `invalid message key "${w.key}"`);
    if (!this.threadExists(ids.threadId)) reject('unknown-thread', `thread "${ids.threadId}" does not exist`);
    const before = w.before?.value;
    if (before !== undefined) {
      // Only the author may overwrite or delete a visible message.
      if (!isPlainObject(before) || before['authorId'] !== this.writer.userId) {
        reject('not-author', `message "${w.key}" belongs to someone else`);
      }
    } else if (w.inDoc && w.values.length > 0) {
      reject('message-deleted', `message "${w.key}" was deleted`);
    }
    if (w.values.length > 0 && this.deletionExists(w.key)) reject('message-deleted', `message "${w.key}" is deleted`);
    const base = isPlainObject(before) ? before : undefined;
    let createdAt: number | undefined = base && typeof base['createdAt'] === 'number' ? base['createdAt'] : undefined;
    w.values.forEach((value, index) => {
      if (!isPlainObject(value) || !exactKeys(value, ['authorId', 'body', 'createdAt'], ['editedAt'])) {
        return reject('invalid-value', `message "${w.key}" must be exactly {authorId, body, createdAt, editedAt?}`);
      }
      this.checkAuthor(value['authorId'], `message "${w.key}" authorId`);
      const problem = checkCommentBody(value['body']);
      if (problem) reject('invalid-body', `message "${w.key}": ${problem}`);
      const isEdit = createdAt !== undefined || index > 0;
      if (createdAt === undefined) createdAt = this.checkTime(value['createdAt'], `message "${w.key}" createdAt`);
      else if (value['createdAt'] !== createdAt) reject('comment-immutable', `message "${w.key}" createdAt cannot change`);
      if ('editedAt' in value || isEdit) {
        const editedAt = this.checkTime(value['editedAt'], `message "${w.key}" editedAt`);
        if (editedAt < createdAt) reject('invalid-timestamp', `message "${w.key}" edited before it was created`);
      }
    });
    const removed = w.before !== null && w.after === null;
    if (removed && !this.deletionExists(w.key)) {
      reject('comment-immutable', `message "${w.key}" can only be removed together with its deletion entry`);
    }
    if (!w.changed || w.after === null) return null;
    const after = w.after.value as { authorId: string; body: CommentBody; createdAt: number; editedAt?: number };
    if (base) {
      return {
        type: 'message-edit',
        ...ids,
        authorId: after.authorId,
        body: after.body,
        previousBody: base['body'] as CommentBody,
        editedAt: after.editedAt ?? after.createdAt,
      };
    }
    return { type: 'message-add', ...ids, authorId: after.authorId, body: after.body, createdAt: after.createdAt };
  }

  /** [C6] resolutions: threadId → {resolved, by, at}; latest write wins, never removed. */
  private checkResolution(w: KeyWrite): DiscussionChange | null {
    if (!isValidId(w.key)) reject('invalid-key', `invalid thread id "${w.key}"`);
    if (!this.threadExists(w.key)) reject('unknown-thread', `thread "${w.key}" does not exist`);
    if (w.before !== null && w.after === null) reject('comment-immutable', `resolution of "${w.key}" cannot be removed; write resolved: false`);
    for (const value of w.values) {
      if (!isPlainObject(value) || !exactKeys(value, ['resolved', 'by', 'at']) || typeof value['resolved'] !== 'boolean') {
        reject('invalid-value', `resolution of "${w.key}" must be exactly {resolved: boolean, by, at}`);
      }
      this.checkAuthor(value['by'], `resolution of "${w.key}" by`);
      this.checkTime(value['at'], `resolution of "${w.key}" at`);
    }
    if (!w.changed || w.after === null) return null;
    const after = w.after.value as { resolved: boolean; by: string; at: number };
    return { type: 'resolution', threadId: w.key, resolved: after.resolved, by: after.by, at: after.at };
  }

  /** [C10] deletions: `<threadId>/<messageId>` → {by, at}; by the message's author, once. */
  private checkDeletion(w: KeyWrite): DiscussionChange | null {
    const ids = parseMessageKey(w.key);
    if (!ids) return reject('invalid-key', `invalid deletion key "${w.key}"`);
    this.checkWriteOnce(w);
    const value = w.values[0];
    if (!isPlainObject(value) || !exactKeys(value, ['by', 'at'])) return reject('invalid-value', `deletion of "${w.key}" must be exactly {by, at}`);
    const by = this.checkAuthor(value['by'], `deletion of "${w.key}" by`);
    const at = this.checkTime(value['at'], `deletion of "${w.key}" at`);
    const author = this.messageAuthor(w.key);
    const message = this.write(MESSAGES_ROOT, w.key);
    // Written and deleted offline before the server saw it: its content is gone, nothing to protect.
    const goneBeforeSync = author === undefined && message !== undefined && !message.inDoc && message.after === null;
    if (author === undefined && !goneBeforeSync) reject('unknown-thread', `message "${w.key}" does not exist`);
    if (author !== undefined && author !== by) reject('not-author', `message "${w.key}" belongs to someone else`);
    return w.changed ? { type: 'message-delete', ...ids, by, at } : null;
  }
}
