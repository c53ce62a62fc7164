// Two Zhospar server processes on one PostgreSQL and one redis-server (separate OS processes, no
// shared memory): co-editing across processes, status changes across processes, socket.io events
// across processes, and a SIGKILLed process whose editors fail over to the other with nothing lost.
import { MessageType } from '@hocuspocus/provider';
import { createPrismaClient, type PrismaClient } from '@zhospar/prisma';
import { decodeStatusChanged, formatDocumentName, getCell, insertRow, rowsRootName, setCell, type StatusChangedMessage } from '@zhospar/collab';
import * as decoding from 'lib0/decoding';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { login } from '../test/startTestServer.ts';
import { api, createDocument, demoOrganisations } from '../test/workflowFixtures.ts';
import { Cluster, type ClusterServer } from './testing/cluster.ts';
import { failOverBetween, sendOfflineEditsAfterSync } from './testing/failover.ts';

const SHEET = 'f144';
const cluster = new Cluster();
let prisma: PrismaClient;
let A: ClusterServer;
let B: ClusterServer;
let school1: string;
let economist: string;
let curator: string;
const clients: TestClient[] = [];
const sockets: Socket[] = [];

const vehicle = (rowId: string): { sheetId: string; rowId: string; colId: string } => ({ sheetId: SHEET, rowId, colId: 'vehicle' });
const has = (rowId: string, value: string) => (doc: Y.Doc): boolean => getCell(doc, vehicle(rowId)) === value;

function connect(server: ClusterServer, documentId: string, token: string): TestClient {
  const client = connectClient(server.wsUrl, formatDocumentName('budget-request', documentId), token);
  clients.push(client);
  return client;
}

function statusMessages(client: TestClient): StatusChangedMessage[] {
  return client.stateless.flatMap((payload) => {
    const message = decodeStatusChanged(payload);
    return message ? [message] : [];
  });
}

/** Counts the server's "your update was not applied" answers (read-only connection). */
function countRefusedUpdates(client: TestClient): { count: number } {
  const refused = { count: 0 };
  client.provider.on('message', ({ event }: { event: MessageEvent }) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) === MessageType.SyncStatus && decoding.readVarInt(decoder) === 0) refused.count += 1;
  });
  return refused;
}

async function stored(documentId: string): Promise<Y.Doc> {
  const row = await prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { yjsState: true } });
  const doc = new Y.Doc();
  if (row.yjsState) Y.applyUpdate(doc, new Uint8Array(row.yjsState));
  return doc;
}

async function untilStored(documentId: string, predicate: (doc: Y.Doc) => boolean, what: string): Promise<Y.Doc> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const doc = await stored(documentId);
    if (predicate(doc)) return doc;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} to be stored`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  await cluster.start(2);
  [A, B] = cluster.servers as [ClusterServer, ClusterServer];
  prisma = createPrismaClient(cluster.databaseUrl);
  school1 = (await demoOrganisations(prisma)).school1;
  economist = await login(A.baseUrl, '850315400124'); // school 1
  curator = await login(B.baseUrl, '831204450562'); // education (АБП); a token of one process works on the other
}, 180_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const socket of sockets) socket.disconnect();
  await prisma?.$disconnect();
  await cluster.stop();
}, 60_000);

describe('two server processes sharing Redis and PostgreSQL', () => {
  it('editors on different processes co-edit one document and converge, and the stored state holds everything', async () => {
    const documentId = await createDocument(prisma, school1);
    const a = connect(A, documentId, economist);
    const b = connect(B, documentId, economist);
    await Promise.all([synced(a, 20_000), synced(b, 20_000)]);

    for (let i = 0; i < 10; i += 1) {
      insertRow(a.doc, SHEET, `a${i}`, {});
      setCell(a.doc, vehicle(`a${i}`), `ГАЗель ${i}`);
      insertRow(b.doc, SHEET, `b${i}`, {});
      setCell(b.doc, vehicle(`b${i}`), `УАЗ ${i}`);
    }
    // Both write the same cell at once: Yjs picks one winner, the same on both sides.
    insertRow(a.doc, SHEET, 'shared', {});
    await waitFor(() => b.doc.getMap(rowsRootName(SHEET)).has('shared'), 'the shared row to reach B', 20_000);
    setCell(a.doc, vehicle('shared'), 'из A');
    setCell(b.doc, vehicle('shared'), 'из B');

    const everything = (doc: Y.Doc): boolean =>
      Array.from({ length: 10 }, (_, i) => i).every((i) => has(`a${i}`, `ГАЗель ${i}`)(doc) && has(`b${i}`, `УАЗ ${i}`)(doc));
    await waitFor(() => everything(a.doc) && everything(b.doc), 'both editors to have every row', 20_000);
    await waitFor(() => getCell(a.doc, vehicle('shared')) === getCell(b.doc, vehicle('shared')), 'the shared cell to converge', 20_000);
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));

    const winner = getCell(a.doc, vehicle('shared'));
    expect(['из A', 'из B']).toContain(winner);
    await untilStored(documentId, (doc) => everything(doc) && getCell(doc, vehicle('shared')) === winner, 'both editors’ rows');
  }, 60_000);

  it('a status change decided in one process makes editors connected to the other read-only, and socket.io events cross processes', async () => {
    const documentId = await createDocument(prisma, school1);
    const onB = connect(B, documentId, economist);
    await synced(onB, 20_000);
    const refused = countRefusedUpdates(onB);
    insertRow(onB.doc, SHEET, 'before', {});
    setCell(onB.doc, vehicle('before'), 'до отправки');

    const events: Array<{ documentId: string; to: string }> = [];
    const socket = io(B.baseUrl, { path: '/socket.io', auth: { token: curator }, transports: ['websocket'] });
    sockets.push(socket);
    socket.on('document:status-changed', (payload: { documentId: string; to: string }) => events.push(payload));
    await new Promise<void>((resolve) => socket.once('ready', () => resolve()));

    // Submitted through process A, where no editor of this document is connected.
    const submitted = await api(A.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist });
    expect(submitted.status).toBe(200);
    // The decision took in the edit B had accepted before the submit.
    await untilStored(documentId, has('before', 'до отправки'), 'the edit accepted on B before the submit');

    await waitFor(() => statusMessages(onB).some((m) => m.status === 'SUBMITTED' && m.readOnly), 'the editor on B to be told it is read-only', 10_000);
    await waitFor(() => events.some((e) => e.documentId === documentId && e.to === 'SUBMITTED'), 'the socket.io event on B', 10_000);

    // The editor on B is really read-only now: its edit is refused by B and never stored.
    const refusedBefore = refused.count;
    setCell(onB.doc, vehicle('before'), 'после отправки');
    await waitFor(() => refused.count > refusedBefore, 'process B to refuse the edit', 10_000);
    const viewer = connect(A, documentId, curator);
    await synced(viewer, 20_000);
    expect(getCell(viewer.doc, vehicle('before'))).toBe('до отправки');
    expect(getCell(await stored(documentId), vehicle('before'))).toBe('до отправки');
  }, 60_000);

  it('a decision on one process sees edits the other accepted but has not stored, and a refused decision leaves its editors writable', async () => {
    const documentId = await createDocument(prisma, school1);
    const onB = connect(B, documentId, economist);
    await synced(onB, 20_000);
    const refused = countRefusedUpdates(onB);
    const fuel = (colId: string) => ({ sheetId: SHEET, rowId: 'bad', colId });
    insertRow(onB.doc, SHEET, 'bad', {});
    const values: Record<string, number | string> = { vehicle: 'ГАЗель', fuel_norm: -5, mileage: 1200, months: 12, price: 300 };
    for (const [colId, value] of Object.entries(values)) setCell(onB.doc, fuel(colId), value);
    await waitFor(() => !onB.provider.hasUnsyncedChanges, 'process B to apply the edits', 10_000);

    // Process A has never opened the document; the negative norm is only in B's memory (or just stored).
    const submitted = await api<{ error: { code: string } }>(A.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist });
    expect(submitted.status).toBe(422);
    expect(submitted.body.error.code).toBe('controls-failed');
    expect((await prisma.document.findUniqueOrThrow({ where: { id: documentId } })).status).toBe('IN_WORK');

    // B's editor was frozen during the decision and is writable again.
    setCell(onB.doc, fuel('fuel_norm'), 5);
    await untilStored(documentId, (doc) => getCell(doc, fuel('fuel_norm')) === 5, 'the corrected norm');
    expect(refused.count).toBe(0);
    expect((await api(A.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);
    await waitFor(() => statusMessages(onB).some((m) => m.status === 'SUBMITTED' && m.readOnly), 'the editor on B to become read-only', 10_000);
  }, 60_000);

  it('when a process is SIGKILLed its editors reconnect to the other one and nothing is lost', async () => {
    const documentId = await createDocument(prisma, school1);
    const a = connect(A, documentId, economist);
    failOverBetween(a.socket, [A.wsUrl, B.wsUrl]);
    sendOfflineEditsAfterSync(a.provider, a.doc);
    const b = connect(B, documentId, economist);
    await Promise.all([synced(a, 20_000), synced(b, 20_000)]);

    // Edits B heard of through Redis (but never stored by A or B yet, as far as anyone knows) …
    for (let i = 0; i < 5; i += 1) {
      insertRow(a.doc, SHEET, `heard${i}`, {});
      setCell(a.doc, vehicle(`heard${i}`), `через Redis ${i}`);
    }
    await waitFor(() => has('heard4', 'через Redis 4')(b.doc), 'B to relay A’s edits', 20_000);
    // … edits sent to A right before it dies …
    for (let i = 0; i < 5; i += 1) {
      insertRow(a.doc, SHEET, `last${i}`, {});
      setCell(a.doc, vehicle(`last${i}`), `в последний миг ${i}`);
    }
    const closesBefore = a.closes.length;
    await cluster.kill(A);
    await waitFor(() => a.closes.length > closesBefore && !a.provider.isSynced, 'the editor of A to notice', 20_000);
    // … and edits made while the editor has no server at all.
    for (let i = 0; i < 5; i += 1) {
      insertRow(a.doc, SHEET, `offline${i}`, {});
      setCell(a.doc, vehicle(`offline${i}`), `без связи ${i}`);
    }

    const everything = (doc: Y.Doc): boolean =>
      [0, 1, 2, 3, 4].every(
        (i) => has(`heard${i}`, `через Redis ${i}`)(doc) && has(`last${i}`, `в последний миг ${i}`)(doc) && has(`offline${i}`, `без связи ${i}`)(doc),
      );
    await waitFor(() => a.socket.configuration.url === B.wsUrl && a.provider.isSynced, 'the editor of A to fail over to B', 30_000);
    await waitFor(() => everything(b.doc), 'the editor on B to have everything', 20_000);
    const final = await untilStored(documentId, everything, 'every edit of the killed process’s editor');
    expect(Y.encodeStateVector(final)).toEqual(Y.encodeStateVector(a.doc));
  }, 120_000);
});
