/**
 * Layout of a discussion doc (обсуждение, SPEC.md [C1]–[C6]): the Y.Doc `comments.<documentId>`
 * beside a budget document, holding remark threads (замечания) on its cells. It is a separate doc
 * so that people who may comment but not edit cells (curators, approvers) can write it, and so that
 * comments never touch the signed cell state. Like the cell doc it is flat — root maps of plain
 * JSON — so the server sees from an update alone who writes what.
 *
 * ```
 * threads      Y.Map  threadId → { anchor: {sheetId,rowId,colId}, authorId, createdAt }     (immutable)
 * messages     Y.Map  "<threadId>/<messageId>" → { authorId, body, createdAt, editedAt? }  (author edits)
 * resolutions  Y.Map  threadId → { resolved: boolean, by, at }                             (latest wins)
 * deletions    Y.Map  "<threadId>/<messageId>" → { by, at }                                (immutable)
 * ```
 *
 * Times are integer milliseconds since the epoch (UTC), as the writer's clock saw them; user ids are
 * lower-case uuids; thread and message ids follow [D2].
 */
import { isValidId } from '../DocumentSchema.ts';
import type { CellAddress } from '../DocumentSchema.ts';
import { isUuid } from '../DocumentName.ts';
import type { CommentBody } from './commentBody.ts';

/** Version of this layout; bump together with PROTOCOL_VERSION on an incompatible change. */
export const DISCUSSION_SCHEMA_VERSION = 1;

/** Root map threadId → {@link ThreadEntry}. */
export const THREADS_ROOT = 'threads';
/** Root map `<threadId>/<messageId>` → {@link MessageEntry}. */
export const MESSAGES_ROOT = 'messages';
/** Root map threadId → {@link ResolutionEntry}. */
export const RESOLUTIONS_ROOT = 'resolutions';
/** Root map `<threadId>/<messageId>` → {@link DeletionEntry}. */
export const DELETIONS_ROOT = 'deletions';

/** Every root name of the layout ([C2]). */
export const DISCUSSION_ROOTS: readonly string[] = [THREADS_ROOT, MESSAGES_ROOT, RESOLUTIONS_ROOT, DELETIONS_ROOT];

/** A thread (замечание) on one cell, addressed by stable ids so it follows its row ([C3]). */
export interface ThreadEntry {
  anchor: CellAddress;
  authorId: string;
  createdAt: number;
}

/** One message of a thread; the first one (by createdAt, then id) opens it. */
export interface MessageEntry {
  authorId: string;
  body: CommentBody;
  createdAt: number;
  /** Set by the author's edits. */
  editedAt?: number;
}

/** Whether a thread is resolved (снято), by whom and when; `resolved: false` reopens it. */
export interface ResolutionEntry {
  resolved: boolean;
  by: string;
  at: number;
}

/** A deleted message (tombstone): who deleted it (its author) and when. */
export interface DeletionEntry {
  by: string;
  at: number;
}

/** True for a user id as the discussion stores it (lower-case uuid). */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && isUuid(value);
}

/** Key of a message (and of its deletion): `<threadId>/<messageId>`. Throws on invalid ids. */
export function messageKey(threadId: string, messageId: string): string {
  if (!isValidId(threadId) || !isValidId(messageId)) throw new Error(`Invalid message ids: ${threadId}/${messageId}`);
  return `${threadId}/${messageId}`;
}

/** Splits a message key; `null` unless it is exactly two valid ids around one `/`. */
export function parseMessageKey(key: string): { threadId: string; messageId: string } | null {
  const slash = key.indexOf('/');
  if (slash < 0) return null;
  const threadId = key.slice(0, slash);
  const messageId = key.slice(slash + 1);
  return isValidId(threadId) && isValidId(messageId) ? { threadId, messageId } : null;
}
