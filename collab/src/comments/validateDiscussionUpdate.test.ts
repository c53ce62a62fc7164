import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../test/mulberry32.ts';
import { plainCommentBody, type CommentBody } from './commentBody.ts';
import {
  createThread,
  deleteMessage,
  editMessage,
  openThreadIds,
  readThreads,
  replyToThread,
  setThreadResolved,
} from './DiscussionModel.ts';
import { DELETIONS_ROOT, MESSAGES_ROOT, RESOLUTIONS_ROOT, THREADS_ROOT } from './DiscussionSchema.ts';
import { validateDiscussionUpdate, type DiscussionWriter } from './validateDiscussionUpdate.ts';

const NOW = 1_795_000_000_000;
const curator = '11111111-1111-4111-8111-111111111111';
const economist = '22222222-2222-4222-8222-222222222222';
const reader = '33333333-3333-4333-8333-333333333333';
const anchor = { sheetId: 'f144', rowId: 'r1', colId: 'price' };
const body = plainCommentBody('Уточните цену за литр');

const as = (userId: string, mayComment = true): DiscussionWriter => ({ userId, mayComment });

/** A server doc and a client doc in sync; `send` validates the client's pending changes and applies them when accepted. */
function harness(): {
  server: Y.Doc;
  client(): Y.Doc;
  send(doc: Y.Doc, writer: DiscussionWriter, now?: number): ReturnType<typeof validateDiscussionUpdate>;
} {
  const server = new Y.Doc();
  return {
    server,
    client() {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      return doc;
    },
    send(doc, writer, now = NOW) {
      const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server));
      const result = validateDiscussionUpdate(server, update, writer, { now });
      if (result.ok) Y.applyUpdate(server, update);
      return result;
    },
  };
}

function serverState(doc: Y.Doc): string {
  return JSON.stringify(doc.toJSON());
}

/** Sends a raw write to a root map, bypassing the model helpers (what a hostile client can do). */
function rawSet(doc: Y.Doc, root: string, key: string, value: unknown): void {
  doc.getMap(root).set(key, value);
}

describe('discussion updates', () => {
  it('[C4][C5][C14] a thread with its first message, a reply and a resolution are accepted and reported', () => {
    const h = harness();
    const c = h.client();
    createThread(c, { threadId: 't1', messageId: 'm1', anchor, authorId: curator, body, now: NOW });
    const created = h.send(c, as(curator));
    expect(created).toEqual({
      ok: true,
      changes: [
        { type: 'thread-add', threadId: 't1', anchor, authorId: curator, createdAt: NOW },
        { type: 'message-add', threadId: 't1', messageId: 'm1', authorId: curator, body, createdAt: NOW },
      ],
    });
    const e = h.client();
    replyToThread(e, { threadId: 't1', messageId: 'm2', authorId: economist, body: plainCommentBody('Исправлено'), now: NOW + 1000 });
    expect(h.send(e, as(economist))).toMatchObject({ ok: true, changes: [{ type: 'message-add', messageId: 'm2', authorId: economist }] });
    Y.applyUpdate(c, Y.encodeStateAsUpdate(h.server));
    setThreadResolved(c, { threadId: 't1', resolved: true, by: curator, now: NOW + 2000 });
    expect(h.send(c, as(curator))).toEqual({ ok: true, changes: [{ type: 'resolution', threadId: 't1', resolved: true, by: curator, at: NOW + 2000 }] });
    const [thread] = readThreads(h.server);
    expect(thread).toMatchObject({ status: 'resolved', messageCount: 2, participantIds: [curator, economist], lastActivityAt: NOW + 2000 });
    expect(openThreadIds(h.server)).toEqual([]);
  });

  it('[C9] author fields must be the connection’s user (forged authorId, by)', () => {
    const h = harness();
    const c = h.client();
    createThread(c, { threadId: 't1', messageId: 'm1', anchor, authorId: economist, body, now: NOW });
    const before = serverState(h.server);
    expect(h.send(c, as(curator))).toMatchObject({ ok: false, reason: 'not-author' });
    expect(serverState(h.server)).toBe(before);
  });

  it('[C5] only the author edits or deletes a message; the author may edit, keeping createdAt', () => {
    const h = harness();
    const c = h.client();
    createThread(c, { threadId: 't1', messageId: 'm1', anchor, authorId: curator, body, now: NOW });
    h.send(c, as(curator));

    const attacker = h.client();
    rawSet(attacker, MESSAGES_ROOT, 't1/m1', { authorId: economist, body: plainCommentBody('подмена'), createdAt: NOW, editedAt: NOW + 5 });
    const before = serverState(h.server);
    expect(h.send(attacker, as(economist))).toMatchObject({ ok: false, reason: 'not-author' });
    const deleter = h.client();
    deleteMessage(deleter, { threadId: 't1', messageId: 'm1', by: economist, now: NOW });
    expect(h.send(deleter, as(economist))).toMatchObject({ ok: false, reason: 'not-author' });
    const sneaky = h.client();
    sneaky.getMap(MESSAGES_ROOT).delete('t1/m1');
    expect(h.send(sneaky, as(economist))).toMatchObject({ ok: false, reason: 'not-author' });
    expect(serverState(h.server)).toBe(before);

    const edited = plainCommentBody('Уточните цену за литр АИ-92');
    editMessage(c, { threadId: 't1', messageId: 'm1', authorId: curator, body: edited, now: NOW + 60_000 });
    expect(h.send(c, as(curator))).toMatchObject({ ok: true, changes: [{ type: 'message-edit', body: edited, previousBody: body, editedAt: NOW + 60_000 }] });

    const backdated = h.client();
    rawSet(backdated, MESSAGES_ROOT, 't1/m1', { authorId: curator, body: edited, createdAt: NOW - 1, editedAt: NOW + 70_000 });
    expect(h.send(backdated, as(curator))).toMatchObject({ ok: false, reason: 'comment-immutable' });
  });

  it('[C10] deleting a message leaves a tombstone; a deleted message cannot come back', () => {
    const h = harness();
    const c = h.client();
    createThread(c, { threadId: 't1', messageId: 'm1', anchor, authorId: curator, body, now: NOW });
    h.send(c, as(curator));
    deleteMessage(c, { threadId: 't1', messageId: 'm1', by: curator, now: NOW + 10 });
    expect(h.send(c, as(curator))).toEqual({ ok: true, changes: [{ type: 'message-delete', threadId: 't1', messageId: 'm1', by: curator, at: NOW + 10 }] });
    expect(readThreads(h.server)[0]).toMatchObject({ deleted: true, messageCount: 0, messages: [{ messageId: 'm1', body: null }] });
    expect(openThreadIds(h.server)).toEqual([]);
    rawSet(c, MESSAGES_ROOT, 't1/m1', { authorId: curator, body, createdAt: NOW });
    expect(h.send(c, as(curator))).toMatchObject({ ok: false, reason: 'message-deleted' });

    const h2 = harness();
    const d = h2.client();
    createThread(d, { threadId: 't1', messageId: 'm1', anchor, authorId: curator, body, now: NOW });
    h2.send(d, as(curator));
    d.getMap(MESSAGES_ROOT).delete('t1/m1');
    expect(h2.send(d, as(curator))).toMatchObject({ ok: false, reason: 'comment-immutable' });
  });

  it('[C4][C6] threads and deletions are write-once; resolutions cannot be removed; replies need a thread', () => {
    const h = harness();
    const c = h.client();
    createThread(c, { threadId: 't1', messageId: 'm1', anchor, authorId: curator, body, now: NOW });
    setThreadResolved(c, { threadId: 't1', resolved: true, by: curator, now: NOW });
    h.send(c, as(curator));
    const moved = h.client();
    rawSet(moved, THREADS_ROOT, 't1', { anchor: { ...anchor, rowId: 'r2' }, authorId: curator, createdAt: NOW });
    expect(h.send(moved, as(curator))).toMatchObject({ ok: false, reason: 'comment-immutable' });
    const unresolved = h.client();
    unresolved.getMap(RESOLUTIONS_ROOT).delete('t1');
    expect(h.send(unresolved, as(curator))).toMatchObject({ ok: false, reason: 'comment-immutable' });
    const orphan = h.client();
    replyToThread(orphan, { threadId: 'nope', messageId: 'm1', authorId: curator, body, now: NOW });
    expect(h.send(orphan, as(curator))).toMatchObject({ ok: false, reason: 'unknown-thread' });
    const resolveOrphan = h.client();
    setThreadResolved(resolveOrphan, { threadId: 'nope', resolved: true, by: curator, now: NOW });
    expect(h.send(resolveOrphan, as(curator))).toMatchObject({ ok: false, reason: 'unknown-thread' });
    const reopened = h.client();
    setThreadResolved(reopened, { threadId: 't1', resolved: false, by: economist, now: NOW + 1 });
    expect(h.send(reopened, as(economist))).toMatchObject({ ok: true, changes: [{ type: 'resolution', resolved: false }] });
    expect(openThreadIds(h.server)).toEqual(['t1']);
  });

  it('[C7] a writer without the comment action may not write anything', () => {
    const h = harness();
    const c = h.client();
    createThread(c, { threadId: 't1', messageId: 'm1', anchor, authorId: reader, body, now: NOW });
    expect(h.send(c, as(reader, false))).toMatchObject({ ok: false, reason: 'comment-forbidden' });
  });

  it('[C8] times must be integer ms within the window around the server clock', () => {
    for (const [now, reason] of [
      [NOW + 3 * 60_000, 'invalid-timestamp'],
      [NOW - 8 * 24 * 3600_000, 'invalid-timestamp'],
      [NOW + 0.5, 'invalid-value'],
    ] as const) {
      const h = harness();
      const c = h.client();
      rawSet(c, THREADS_ROOT, 't1', { anchor, authorId: curator, createdAt: now });
      expect(h.send(c, as(curator)), String(now)).toMatchObject({ ok: false, reason });
    }
    const h = harness();
    const offline = h.client();
    createThread(offline, { threadId: 't1', messageId: 'm1', anchor, authorId: curator, body, now: NOW - 3 * 24 * 3600_000 });
    expect(h.send(offline, as(curator)).ok).toBe(true);
  });

  it('[C2][C11] hostile shapes: unknown roots, extra keys, bad anchors, bad bodies, nested types', () => {
    const cases: Array<[string, (doc: Y.Doc) => void, string]> = [
      ['unknown root', (d) => rawSet(d, 'html', 'x', '<script>alert(1)</script>'), 'unknown-root'],
      ['extra key', (d) => rawSet(d, THREADS_ROOT, 't1', { anchor, authorId: curator, createdAt: NOW, html: '<b>' }), 'invalid-value'],
      ['bad anchor', (d) => rawSet(d, THREADS_ROOT, 't1', { anchor: { ...anchor, rowId: '../x' }, authorId: curator, createdAt: NOW }), 'invalid-key'],
      ['bad thread id', (d) => rawSet(d, THREADS_ROOT, 't/1', { anchor, authorId: curator, createdAt: NOW }), 'invalid-key'],
      [
        'raw html node',
        (d) => {
          rawSet(d, THREADS_ROOT, 't1', { anchor, authorId: curator, createdAt: NOW });
          rawSet(d, MESSAGES_ROOT, 't1/m1', { authorId: curator, createdAt: NOW, body: { type: 'doc', content: [{ type: 'html', text: '<script>alert(1)</script>' }] } });
        },
        'invalid-body',
      ],
      [
        'javascript link',
        (d) => {
          rawSet(d, THREADS_ROOT, 't1', { anchor, authorId: curator, createdAt: NOW });
          const evil: CommentBody = {
            type: 'doc',
            content: [{ type: 'paragraph', content: [{ type: 'text', text: 'жми', marks: [{ type: 'link', attrs: { href: 'javascript:alert(document.cookie)' } }] }] }],
          };
          rawSet(d, MESSAGES_ROOT, 't1/m1', { authorId: curator, createdAt: NOW, body: evil });
        },
        'invalid-body',
      ],
      [
        'string body (raw HTML)',
        (d) => {
          rawSet(d, THREADS_ROOT, 't1', { anchor, authorId: curator, createdAt: NOW });
          rawSet(d, MESSAGES_ROOT, 't1/m1', { authorId: curator, createdAt: NOW, body: '<img src=x onerror=alert(1)>' });
        },
        'invalid-body',
      ],
      ['nested type', (d) => d.getMap(THREADS_ROOT).set('t1', new Y.Map()), 'unsupported-structure'],
      ['text type', (d) => d.getText(MESSAGES_ROOT).insert(0, '<script>'), 'unsupported-structure'],
      ['bad deletion key', (d) => rawSet(d, DELETIONS_ROOT, 'nope', { by: curator, at: NOW }), 'invalid-key'],
    ];
    for (const [what, write, reason] of cases) {
      const h = harness();
      const c = h.client();
      write(c);
      expect(h.send(c, as(curator)), what).toMatchObject({ ok: false, reason });
      expect(serverState(h.server), what).toBe('{}');
    }
  });

  it('[C12] an oversize body or update is refused', () => {
    const h = harness();
    const c = h.client();
    createThread(c, { threadId: 't1', messageId: 'm1', anchor, authorId: curator, body, now: NOW });
    h.send(c, as(curator));
    rawSet(c, MESSAGES_ROOT, 't1/m2', { authorId: curator, createdAt: NOW, body: plainCommentBody('я'.repeat(10_001)) });
    expect(h.send(c, as(curator))).toMatchObject({ ok: false, reason: 'invalid-body' });
    const big = h.client();
    for (let i = 0; i < 40; i += 1) rawSet(big, MESSAGES_ROOT, `t1/b${i}`, { authorId: curator, createdAt: NOW, body: plainCommentBody('ж'.repeat(9_000)) });
    expect(h.send(big, as(curator))).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('[C3][C14] concurrent honest peers converge: threads keep their anchors whatever order concurrent updates arrive in', () => {
    const prng = mulberry32(20261123);
    const random = (): number => prng.next();
    for (let round = 0; round < 20; round += 1) {
      const h = harness();
      const users = [curator, economist, reader];
      const peers = users.map(() => h.client());
      let ids = 0;
      const sync = (i: number): void => {
        const doc = peers[i] as Y.Doc;
        const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(h.server));
        const result = validateDiscussionUpdate(h.server, update, as(users[i] as string), { now: NOW + 60_000 });
        expect(result.ok, JSON.stringify(result)).toBe(true);
        Y.applyUpdate(h.server, update);
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(h.server, Y.encodeStateVector(doc)));
      };
      for (let step = 0; step < 30; step += 1) {
        const i = Math.floor(random() * peers.length);
        const doc = peers[i] as Y.Doc;
        const user = users[i] as string;
        const threads = readThreads(doc);
        const thread = threads[Math.floor(random() * threads.length)];
        const roll = random();
        const now = NOW + step * 1000;
        if (!thread || roll < 0.3) {
          createThread(doc, { threadId: `t${ids}`, messageId: `m${ids}`, anchor: { ...anchor, rowId: `r${ids % 4}` }, authorId: user, body, now });
        } else if (roll < 0.6) {
          replyToThread(doc, { threadId: thread.threadId, messageId: `m${ids}`, authorId: user, body: plainCommentBody(`ответ ${ids}`), now });
        } else if (roll < 0.8) {
          setThreadResolved(doc, { threadId: thread.threadId, resolved: random() < 0.7, by: user, now });
        } else {
          const own = thread.messages.find((m) => m.authorId === user && !m.deleted);
          if (own) deleteMessage(doc, { threadId: thread.threadId, messageId: own.messageId, by: user, now });
        }
        ids += 1;
        // Peers talk only to the server (as through Hocuspocus), each at its own random moments, so
        // writes are concurrent; the server validates each peer's pending changes before applying.
        if (random() < 0.4) sync(Math.floor(random() * peers.length));
      }
      for (let pass = 0; pass < 2; pass += 1) for (let i = 0; i < peers.length; i += 1) sync(i);
      const views = [h.server, ...peers].map((doc) => JSON.stringify(readThreads(doc)));
      expect(new Set(views).size).toBe(1);
      for (const doc of peers) expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(h.server));
      for (const thread of readThreads(h.server)) expect(thread.anchor.rowId).toBe(`r${Number(thread.threadId.slice(1)) % 4}`);
    }
  });
});
