/**
 * Reading and writing a discussion doc (SPEC.md [C1]–[C6]) for the browser (comment panel) and the
 * server (projection, approval snapshot). Every write is one `doc.transact(fn, origin)` that an honest
 * peer's server accepts ([C14]); ids and times are passed in (collab draws no random numbers and
 * reads no clock).
 */
import type * as Y from 'yjs';
import { rowsRootName, SHEETS_ROOT, type CellAddress } from '../DocumentSchema.ts';
import type { SchemaLookup } from '../SheetSchema.ts';
import { checkCommentBody, commentBodyMentions, type CommentBody } from './commentBody.ts';
import {
  DELETIONS_ROOT,
  MESSAGES_ROOT,
  RESOLUTIONS_ROOT,
  THREADS_ROOT,
  messageKey,
  parseMessageKey,
  type DeletionEntry,
  type MessageEntry,
  type ResolutionEntry,
  type ThreadEntry,
} from './DiscussionSchema.ts';

function assertBody(body: CommentBody): void {
  const problem = checkCommentBody(body);
  if (problem) throw new Error(`Invalid comment body: ${problem}`);
}

/** Opens a thread on a cell with its first message ([C4], [C5]). */
export function createThread(
  doc: Y.Doc,
  input: { threadId: string; messageId: string; anchor: CellAddress; authorId: string; body: CommentBody; now: number },
  origin?: unknown,
): void {
  assertBody(input.body);
  const key = messageKey(input.threadId, input.messageId);
  doc.transact(() => {
    const thread: ThreadEntry = { anchor: { ...input.anchor }, authorId: input.authorId, createdAt: input.now };
    doc.getMap(THREADS_ROOT).set(input.threadId, thread);
    const message: MessageEntry = { authorId: input.authorId, body: input.body, createdAt: input.now };
    doc.getMap(MESSAGES_ROOT).set(key, message);
  }, origin);
}

/** Adds a reply to a thread ([C5]). */
export function replyToThread(
  doc: Y.Doc,
  input: { threadId: string; messageId: string; authorId: string; body: CommentBody; now: number },
  origin?: unknown,
): void {
  assertBody(input.body);
  const key = messageKey(input.threadId, input.messageId);
  doc.transact(() => {
    const message: MessageEntry = { authorId: input.authorId, body: input.body, createdAt: input.now };
    doc.getMap(MESSAGES_ROOT).set(key, message);
  }, origin);
}

/** Replaces the body of one's own message, keeping its author and creation time ([C5]). */
export function editMessage(
  doc: Y.Doc,
  input: { threadId: string; messageId: string; authorId: string; body: CommentBody; now: number },
  origin?: unknown,
): void {
  assertBody(input.body);
  const key = messageKey(input.threadId, input.messageId);
  const current = doc.getMap(MESSAGES_ROOT).get(key) as MessageEntry | undefined;
  if (!current) throw new Error(`No message ${key}`);
  if (current.authorId !== input.authorId) throw new Error(`Message ${key} belongs to someone else`);
  doc.transact(() => {
    const message: MessageEntry = { authorId: current.authorId, body: input.body, createdAt: current.createdAt, editedAt: input.now };
    doc.getMap(MESSAGES_ROOT).set(key, message);
  }, origin);
}

/** Deletes one's own message: a tombstone in `deletions`, and the text leaves the doc ([C10]). */
export function deleteMessage(
  doc: Y.Doc,
  input: { threadId: string; messageId: string; by: string; now: number },
  origin?: unknown,
): void {
  const key = messageKey(input.threadId, input.messageId);
  doc.transact(() => {
    const deletion: DeletionEntry = { by: input.by, at: input.now };
    doc.getMap(DELETIONS_ROOT).set(key, deletion);
    doc.getMap(MESSAGES_ROOT).delete(key);
  }, origin);
}

/** Resolves (снять замечание) or reopens a thread ([C6]). */
export function setThreadResolved(
  doc: Y.Doc,
  input: { threadId: string; resolved: boolean; by: string; now: number },
  origin?: unknown,
): void {
  doc.transact(() => {
    const entry: ResolutionEntry = { resolved: input.resolved, by: input.by, at: input.now };
    doc.getMap(RESOLUTIONS_ROOT).set(input.threadId, entry);
  }, origin);
}

/** One message as the panel shows it. */
export interface MessageView {
  messageId: string;
  authorId: string;
  /** Null once deleted. */
  body: CommentBody | null;
  createdAt: number;
  editedAt: number | null;
  deleted: { by: string; at: number } | null;
}

/** One thread as the panel shows it. */
export interface ThreadView {
  threadId: string;
  anchor: CellAddress;
  authorId: string;
  createdAt: number;
  /** 'resolved' after the latest resolution entry says so. */
  status: 'open' | 'resolved';
  resolution: ResolutionEntry | null;
  /** Messages by (createdAt, messageId), deleted ones included as tombstones. */
  messages: MessageView[];
  /** Messages not deleted. */
  messageCount: number;
  /** Every message deleted: hidden, not counted as a remark. */
  deleted: boolean;
  /** Latest creation, edit, deletion or resolution time. */
  lastActivityAt: number;
  /** Authors of non-deleted messages, in order of first message. */
  participantIds: string[];
  /** Users mentioned in non-deleted messages. */
  mentionedIds: string[];
}

/**
 * Every thread of a discussion doc, by (createdAt, threadId). Messages of unknown threads and
 * malformed entries are skipped (the server never accepts them; this is for robustness only).
 */
export function readThreads(doc: Y.Doc): ThreadView[] {
  const threads = new Map<string, ThreadView>();
  doc.getMap(THREADS_ROOT).forEach((value, threadId) => {
    const entry = value as ThreadEntry;
    if (!entry || typeof entry !== 'object' || !entry.anchor) return;
    threads.set(threadId, {
      threadId,
      anchor: { sheetId: entry.anchor.sheetId, rowId: entry.anchor.rowId, colId: entry.anchor.colId },
      authorId: entry.authorId,
      createdAt: entry.createdAt,
      status: 'open',
      resolution: null,
      messages: [],
      messageCount: 0,
      deleted: false,
      lastActivityAt: entry.createdAt,
      participantIds: [],
      mentionedIds: [],
    });
  });
  const deletions = doc.getMap(DELETIONS_ROOT);
  const seen = new Set<string>();
  const addMessage = (key: string, message: MessageEntry | null): void => {
    const ids = parseMessageKey(key);
    const thread = ids && threads.get(ids.threadId);
    if (!ids || !thread || seen.has(key)) return;
    const deletion = (deletions.get(key) as DeletionEntry | undefined) ?? null;
    if (!message && !deletion) return;
    seen.add(key);
    thread.messages.push({
      messageId: ids.messageId,
      authorId: message?.authorId ?? deletion?.by ?? '',
      body: deletion ? null : (message?.body ?? null),
      createdAt: message?.createdAt ?? deletion?.at ?? 0,
      editedAt: message?.editedAt ?? null,
      deleted: deletion ? { by: deletion.by, at: deletion.at } : null,
    });
  };
  doc.getMap(MESSAGES_ROOT).forEach((value, key) => addMessage(key, value as MessageEntry));
  deletions.forEach((_value, key) => addMessage(key, null));
  doc.getMap(RESOLUTIONS_ROOT).forEach((value, threadId) => {
    const thread = threads.get(threadId);
    const entry = value as ResolutionEntry;
    if (!thread || !entry || typeof entry !== 'object') return;
    thread.resolution = { resolved: entry.resolved, by: entry.by, at: entry.at };
    thread.status = entry.resolved ? 'resolved' : 'open';
    thread.lastActivityAt = Math.max(thread.lastActivityAt, entry.at);
  });
  for (const thread of threads.values()) {
    thread.messages.sort((a, b) => a.createdAt - b.createdAt || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
    for (const message of thread.messages) {
      thread.lastActivityAt = Math.max(thread.lastActivityAt, message.createdAt, message.editedAt ?? 0, message.deleted?.at ?? 0);
      if (message.deleted || !message.body) continue;
      thread.messageCount += 1;
      if (!thread.participantIds.includes(message.authorId)) thread.participantIds.push(message.authorId);
      for (const id of commentBodyMentions(message.body)) if (!thread.mentionedIds.includes(id)) thread.mentionedIds.push(id);
    }
    thread.deleted = thread.messageCount === 0;
  }
  return [...threads.values()].sort((a, b) => a.createdAt - b.createdAt || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0));
}

/** Ids of the threads that are open remarks now: not resolved and not deleted (recorded at approval). */
export function openThreadIds(doc: Y.Doc): string[] {
  return readThreads(doc)
    .filter((t) => t.status === 'open' && !t.deleted)
    .map((t) => t.threadId)
    .sort();
}

/**
 * Where a thread's anchor stands in the cell document ([C3]): 'live' while its sheet exists and
 * its row is a fixed row of the sheet's template or a present dynamic row; 'detached' otherwise
 * (the row was deleted — the thread is kept, and comes back if the row does, e.g. by undo).
 * Reads the cell doc only; never creates root types in it.
 */
export function anchorState(cellDoc: Y.Doc, anchor: CellAddress, lookup: SchemaLookup): 'live' | 'detached' {
  const sheets = cellDoc.share.has(SHEETS_ROOT) ? cellDoc.getMap(SHEETS_ROOT) : null;
  const sheet = sheets?.get(anchor.sheetId) as { templateId?: unknown } | undefined;
  if (!sheet || typeof sheet.templateId !== 'string') return 'detached';
  const schema = lookup(sheet.templateId);
  if (!schema) return 'detached';
  if (schema.fixedRows.has(anchor.rowId)) return 'live';
  const rowsName = rowsRootName(anchor.sheetId);
  return cellDoc.share.has(rowsName) && cellDoc.getMap(rowsName).has(anchor.rowId) ? 'live' : 'detached';
}
