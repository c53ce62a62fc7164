import { deleteRow, formatDocumentName, insertRow, setCell } from '@zhospar/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { api, createDocument, demoOrganisations } from '../test/workflowFixtures.ts';

interface EventView {
  id: string;
  kind: string;
  user: { iin: string | null; fullName: string | null } | null;
  sheetId: string | null;
  rowId: string | null;
  colId: string | null;
  old: unknown;
  new: unknown;
  reason: string | null;
}

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
let economist: string;
let secondEconomist: string;
let curator: string;
let otherEconomist: string;
const clients: TestClient[] = [];

const SHEET = 'f144';
const ECONOMIST_IIN = '850315400124';
const SECOND_IIN = '881102350342';

function connect(token: string, documentId: string): TestClient {
  const client = connectClient(server.wsUrl, formatDocumentName('budget-request', documentId), token);
  clients.push(client);
  return client;
}

async function history(documentId: string, rowId: string, colId: string, token: string, count: number): Promise<EventView[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const result = await api<{ events: EventView[] }>(
      server.baseUrl,
      `/api/documents/${documentId}/cell-history?sheetId=${SHEET}&rowId=${rowId}&colId=${colId}`,
      { token },
    );
    if (result.status !== 200) throw new Error(`cell history: ${result.status}`);
    if (result.body.events.length >= count) return result.body.events;
    if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${result.body.events.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  economist = await login(server.baseUrl, ECONOMIST_IIN);
  secondEconomist = await login(server.baseUrl, SECOND_IIN);
  curator = await login(server.baseUrl, '831204450562');
  otherEconomist = await login(server.baseUrl, '900722450234');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('cell changes in the audit log', () => {
  it('records who changed which cell when, old → new, for every editor', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const a = connect(economist, documentId);
    const b = connect(secondEconomist, documentId);
    await Promise.all([synced(a), synced(b)]);
    insertRow(a.doc, SHEET, 'r1', {});
    setCell(a.doc, { sheetId: SHEET, rowId: 'r1', colId: 'price' }, 300);
    await waitFor(() => b.doc.getMap(`cells:${SHEET}`).get('r1/price') === 300, 'A’s value at B');
    setCell(b.doc, { sheetId: SHEET, rowId: 'r1', colId: 'price' }, 320);
    await waitFor(() => a.doc.getMap(`cells:${SHEET}`).get('r1/price') === 320, 'B’s value at A');
    setCell(a.doc, { sheetId: SHEET, rowId: 'r1', colId: 'price' }, null);

    const events = await history(documentId, 'r1', 'price', curator, 3);
    expect(events.map((e) => [e.user?.iin, e.old, e.new])).toEqual([
      [ECONOMIST_IIN, 320, null],
      [SECOND_IIN, 300, 320],
      [ECONOMIST_IIN, null, 300],
    ]);
    expect(events[0]?.user?.fullName).toMatch(/Сапарова/);

    deleteRow(b.doc, SHEET, 'r1');
    const deadline = Date.now() + 5000;
    let log: EventView[] = [];
    while (!log.some((e) => e.kind === 'ROW_DELETE')) {
      if (Date.now() > deadline) throw new Error('no ROW_DELETE event');
      log = (await api<{ events: EventView[] }>(server.baseUrl, `/api/documents/${documentId}/audit`, { token: economist })).body.events;
    }
    expect(log.find((e) => e.kind === 'ROW_INSERT')).toMatchObject({ sheetId: SHEET, rowId: 'r1', old: null, user: { iin: ECONOMIST_IIN } });
    expect(log.find((e) => e.kind === 'ROW_DELETE')).toMatchObject({ rowId: 'r1', new: null, user: { iin: SECOND_IIN } });
  });

  it('records the transitions with their reason in the same log', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist });
    await api(server.baseUrl, `/api/documents/${documentId}/return`, { method: 'POST', token: curator, body: { reason: 'Нет обоснования' } });
    const log = await api<{ events: EventView[] }>(server.baseUrl, `/api/documents/${documentId}/audit?kind=TRANSITION`, { token: economist });
    expect(log.body.events.map((e) => [e.old, e.new, e.reason])).toEqual([
      ['SUBMITTED', 'RETURNED', 'Нет обоснования'],
      ['IN_WORK', 'SUBMITTED', null],
    ]);
  });

  it('pages the log newest first with nextBefore', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const a = connect(economist, documentId);
    await synced(a);
    insertRow(a.doc, SHEET, 'p1', {});
    for (let i = 1; i <= 5; i += 1) setCell(a.doc, { sheetId: SHEET, rowId: 'p1', colId: 'mileage' }, i * 100);
    await history(documentId, 'p1', 'mileage', economist, 5);
    const first = await api<{ events: EventView[]; nextBefore: string | null }>(server.baseUrl, `/api/documents/${documentId}/audit?limit=4`, { token: economist });
    expect(first.body.events).toHaveLength(4);
    expect(first.body.nextBefore).not.toBeNull();
    const second = await api<{ events: EventView[]; nextBefore: string | null }>(
      server.baseUrl,
      `/api/documents/${documentId}/audit?limit=4&before=${first.body.nextBefore}`,
      { token: economist },
    );
    expect(second.body.events.length).toBeGreaterThan(0);
    const ids = [...first.body.events, ...second.body.events].map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)));
  });

  it('follows the document policy: another ГУ gets 404', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    expect((await api(server.baseUrl, `/api/documents/${documentId}/audit`, { token: otherEconomist })).status).toBe(404);
    expect(
      (await api(server.baseUrl, `/api/documents/${documentId}/cell-history?sheetId=${SHEET}&rowId=a&colId=b`, { token: otherEconomist })).status,
    ).toBe(404);
  });

  it('loses nothing on a clean shutdown: buffered events are written before the server stops', async () => {
    // A flush interval longer than the test: only the shutdown can write these events.
    const slow = await startTestServer({ auditFlushMs: 600_000 });
    try {
      const documentId = await createDocument(slow.prisma, (await demoOrganisations(slow.prisma)).school1);
      const name = formatDocumentName('budget-request', documentId);
      const client = connectClient(slow.wsUrl, name, await login(slow.baseUrl, ECONOMIST_IIN));
      clients.push(client);
      await synced(client);
      insertRow(client.doc, SHEET, 's1', {});
      for (let i = 1; i <= 20; i += 1) setCell(client.doc, { sheetId: SHEET, rowId: 's1', colId: 'months' }, i);
      await waitFor(() => slow.app.collaboration.hocuspocus.documents.get(name)?.getMap(`cells:${SHEET}`).get('s1/months') === 20, 'all writes applied');
      expect(slow.app.audit.pending).toBe(21);
      expect(await slow.prisma.auditEvent.count({ where: { documentId } })).toBe(0);
      await slow.stop();
      expect(await slow.prisma.auditEvent.count({ where: { documentId, kind: 'CELL', rowId: 's1' } })).toBe(20);
      expect(await slow.prisma.auditEvent.count({ where: { documentId, kind: 'ROW_INSERT', rowId: 's1' } })).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('never records an update the server refused', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const a = connect(economist, documentId);
    await synced(a);
    insertRow(a.doc, SHEET, 'x1', {});
    setCell(a.doc, { sheetId: SHEET, rowId: 'x1', colId: 'amount' }, 5); // calculated column: rejected
    await waitFor(() => a.stateless.length > 0, 'the rejection');
    const reader = connect(curator, documentId);
    await synced(reader);
    const rows = await server.prisma.auditEvent.findMany({ where: { documentId, colId: 'amount' } });
    expect(rows).toHaveLength(0);
  });
});

