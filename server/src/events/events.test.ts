import { formatDocumentName, insertRow, setCell } from '@zhospar/collab';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { api, createDocument, demoOrganisations } from '../test/workflowFixtures.ts';
import type { StatusChangedEvent } from './WorkspaceEvents.ts';

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
let economist: string;
let otherEconomist: string;
let curator: string;
const sockets: Socket[] = [];
const clients: TestClient[] = [];

interface Listener {
  socket: Socket;
  statusChanges: StatusChangedEvent[];
  created: Array<{ documentId: string }>;
}

async function listen(token: string | undefined): Promise<Listener> {
  const socket = io(server.baseUrl, { path: '/socket.io', auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  const listener: Listener = { socket, statusChanges: [], created: [] };
  socket.on('document:status-changed', (event: StatusChangedEvent) => listener.statusChanges.push(event));
  socket.on('document:created', (event: { documentId: string }) => listener.created.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return listener;
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  economist = await login(server.baseUrl, '850315400124'); // school 1
  otherEconomist = await login(server.baseUrl, '900722450234'); // school 2
  curator = await login(server.baseUrl, '831204450562'); // education (АБП)
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('workspace events over socket.io', () => {
  it('refuses a socket without a valid token', async () => {
    await expect(listen(undefined)).rejects.toThrow('unauthorized');
    await expect(listen('not-a-token')).rejects.toThrow('unauthorized');
  });

  it('a status change in a subordinate ГУ reaches the curator’s desktop without reload', async () => {
    const desk = await listen(curator);
    const documentId = await createDocument(server.prisma, orgs.school1);
    expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);
    await waitFor(() => desk.statusChanges.some((e) => e.documentId === documentId), 'the event at the curator');
    expect(desk.statusChanges.find((e) => e.documentId === documentId)).toMatchObject({
      organisationId: orgs.school1,
      from: 'IN_WORK',
      to: 'SUBMITTED',
      reason: null,
      failingControls: { errors: 0 },
      by: { fullName: expect.stringMatching(/Сапарова/) },
    });
  });

  it('users receive only events of documents they may read', async () => {
    const school2 = await listen(otherEconomist);
    const school1Doc = await createDocument(server.prisma, orgs.school1);
    const school2Doc = await createDocument(server.prisma, orgs.school2);
    await api(server.baseUrl, `/api/documents/${school1Doc}/submit`, { method: 'POST', token: economist });
    await api(server.baseUrl, `/api/documents/${school2Doc}/submit`, { method: 'POST', token: otherEconomist });
    await waitFor(() => school2.statusChanges.some((e) => e.documentId === school2Doc), 'the own document’s event');
    expect(school2.statusChanges.map((e) => e.documentId)).toEqual([school2Doc]);
  });

  it('serves socket.io and the collaboration websocket side by side on one port', async () => {
    const desk = await listen(curator);
    const documentId = await createDocument(server.prisma, orgs.school1);
    const editor = connectClient(server.wsUrl, formatDocumentName('budget-request', documentId), economist);
    clients.push(editor);
    await synced(editor);
    insertRow(editor.doc, 'f144', 'r', {});
    setCell(editor.doc, { sheetId: 'f144', rowId: 'r', colId: 'price' }, 1);
    expect(desk.socket.connected).toBe(true);
    expect(editor.provider.isSynced).toBe(true);
  });
});

describe('the curator’s desktop', () => {
  it('lists every subordinate document with status, failed controls from the server and open remarks', async () => {
    const bad = await createDocument(server.prisma, orgs.school2, 'С ошибкой (тест)');
    const editor = connectClient(server.wsUrl, formatDocumentName('budget-request', bad), otherEconomist);
    clients.push(editor);
    await synced(editor);
    insertRow(editor.doc, 'f144', 'neg', {});
    setCell(editor.doc, { sheetId: 'f144', rowId: 'neg', colId: 'fuel_norm' }, -5);
    setCell(editor.doc, { sheetId: 'f144', rowId: 'neg', colId: 'mileage' }, 100);
    setCell(editor.doc, { sheetId: 'f144', rowId: 'neg', colId: 'months' }, 12);

    type Desk = { documents: Array<{ document: { id: string; status: string; organisation: { id: string } }; failingControls: { errors: number; warnings: number }; openRemarks: number }> };
    let desk: Desk;
    const deadline = Date.now() + 5000;
    for (;;) {
      const result = await api<Desk>(server.baseUrl, '/api/desktop', { token: curator });
      expect(result.status).toBe(200);
      desk = result.body;
      if ((desk.documents.find((d) => d.document.id === bad)?.failingControls.errors ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error('the desktop never showed the failing control');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const organisations = new Set(desk.documents.map((d) => d.document.organisation.id));
    expect([...organisations].sort()).toEqual([orgs.school1, orgs.school2].sort());
    expect(desk.documents.every((d) => d.openRemarks === 0)).toBe(true);
    expect(desk.documents.find((d) => d.document.id === bad)?.document.status).toBe('IN_WORK');
  });

  it('is refused to roles without a desktop', async () => {
    expect((await api(server.baseUrl, '/api/desktop', { token: economist })).status).toBe(403);
  });
});
