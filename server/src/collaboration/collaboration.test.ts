import { CloseCode, formatDocumentName, getCell, insertRow, listSheets, setCell } from '@zhospar/collab';
import { getTemplate } from '@zhospar/sheets';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { findUser, login, startTestServer, type TestServer } from '../test/startTestServer.ts';

let server: TestServer;
let economistToken: string;
let secondEconomistToken: string;
let otherGuToken: string;
let curatorToken: string;
let documentName: string;
let documentId: string;
const clients: TestClient[] = [];

function connect(token: string, name = documentName, doc?: Y.Doc): TestClient {
  const client = connectClient(server.wsUrl, name, token, doc);
  clients.push(client);
  return client;
}

/** First sheet with dynamic rows, and its first input column, from the document itself. */
function editableColumn(doc: Y.Doc): { sheetId: string; colId: string; calculatedColId: string | undefined } {
  for (const sheet of listSheets(doc)) {
    const template = getTemplate(sheet.templateId);
    if (!template || !template.rows.some((r) => r.kind === 'dynamic')) continue;
    const input = template.columns.find((c) => c.kind === 'input' && (c.valueType === 'quantity' || c.valueType === 'amount'));
    const calculated = template.columns.find((c) => c.kind === 'calculated');
    if (input) return { sheetId: sheet.sheetId, colId: input.id, calculatedColId: calculated?.id };
  }
  throw new Error('no editable sheet in the demo document');
}

async function storedState(): Promise<Uint8Array | null> {
  const row = await server.prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { yjsState: true } });
  return row.yjsState ? new Uint8Array(row.yjsState) : null;
}

function docFrom(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

beforeAll(async () => {
  server = await startTestServer();
  const economist = await findUser(server.prisma, 'ECONOMIST', 'GU', 0);
  const second = await findUser(server.prisma, 'ECONOMIST', 'GU', 1);
  expect(second.organisationId).toBe(economist.organisationId);
  const otherGu = (
    await server.prisma.user.findMany({
      where: { roles: { some: { role: 'ECONOMIST' } }, organisation: { kind: 'GU' }, organisationId: { not: economist.organisationId } },
    })
  )[0]!;
  const curator = await findUser(server.prisma, 'CURATOR', 'ABP');
  economistToken = await login(server.baseUrl, economist.iin);
  secondEconomistToken = await login(server.baseUrl, second.iin);
  otherGuToken = await login(server.baseUrl, otherGu.iin);
  curatorToken = await login(server.baseUrl, curator.iin);
  const document = await server.prisma.document.findFirstOrThrow({ where: { organisationId: economist.organisationId } });
  documentId = document.id;
  documentName = formatDocumentName('budget-request', document.id);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('co-editing through the real server', () => {
  it('creates the document content on the server once, from the templates', async () => {
    const a = connect(economistToken);
    await synced(a);
    expect(listSheets(a.doc).length).toBeGreaterThan(0);
    await waitFor(() => true, 'nothing');
    const stored = docFrom(await storedState());
    expect(listSheets(stored).map((s) => s.sheetId)).toEqual(listSheets(a.doc).map((s) => s.sheetId));
  });

  it('two economists see each other’s values, and the values survive a server restart', async () => {
    const a = connect(economistToken);
    const b = connect(secondEconomistToken);
    await Promise.all([synced(a), synced(b)]);
    const { sheetId, colId } = editableColumn(a.doc);
    const rowA = insertRow(a.doc, sheetId, 'row-a', {});
    const rowB = insertRow(b.doc, sheetId, 'row-b', {});
    expect(rowA).toBeTruthy();
    expect(rowB).toBeTruthy();
    setCell(a.doc, { sheetId, rowId: 'row-a', colId }, 12);
    setCell(b.doc, { sheetId, rowId: 'row-b', colId }, 34);
    await waitFor(() => getCell(b.doc, { sheetId, rowId: 'row-a', colId }) === 12, 'A’s value at B');
    await waitFor(() => getCell(a.doc, { sheetId, rowId: 'row-b', colId }) === 34, 'B’s value at A');

    server = await server.restart();
    const c = connect(economistToken);
    await synced(c);
    expect(getCell(c.doc, { sheetId, rowId: 'row-a', colId })).toBe(12);
    expect(getCell(c.doc, { sheetId, rowId: 'row-b', colId })).toBe(34);
  });
});

describe('presence', () => {
  it('each editor sees the other’s selected cell, under the identity the server vouches for', async () => {
    const a = connect(economistToken);
    const b = connect(secondEconomistToken);
    await Promise.all([synced(a), synced(b)]);
    a.provider.setAwarenessField('user', { id: 'forged', name: 'Someone Else', color: '#000' });
    a.provider.setAwarenessField('cursor', { sheetId: 'f144', rowId: 'row-a', colId: 'price' });
    const seenByB = (): Record<string, unknown> | undefined =>
      [...b.provider.awareness!.getStates().entries()].find(([clientId]) => clientId === a.doc.clientID)?.[1];
    await waitFor(() => seenByB()?.['cursor'] !== undefined, 'A’s cursor at B');
    expect(seenByB()?.['cursor']).toEqual({ sheetId: 'f144', rowId: 'row-a', colId: 'price' });
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU', 0);
    const user = seenByB()?.['user'] as { id: string; name: string };
    expect(user.id).toBe(economist.id);
    expect(user.name).not.toBe('Someone Else');
  });
});

describe('access over the websocket (raw clients)', () => {
  it('[P2] refuses a connection without a valid token', async () => {
    const client = connect('not-a-token');
    await waitFor(() => client.authFailure !== null, 'an authentication failure');
    expect(client.authFailure).toBe('unauthorized');
    expect(client.provider.isSynced).toBe(false);
  });

  it('[P3] refuses a ГУ user on another ГУ’s document', async () => {
    const client = connect(otherGuToken);
    await waitFor(() => client.authFailure !== null, 'an authentication failure');
    expect(client.authFailure).toBe('forbidden');
    expect(listSheets(client.doc)).toEqual([]);
  });

  it('[P3] refuses an unknown document name', async () => {
    const client = connect(economistToken, 'budget-request.00000000-0000-4000-8000-000000000000');
    await waitFor(() => client.authFailure !== null, 'an authentication failure');
    expect(client.authFailure).toBe('forbidden');
    const garbage = connect(economistToken, '../../etc/passwd');
    await waitFor(() => garbage.authFailure !== null, 'an authentication failure');
    expect(garbage.authFailure).toBe('not-found');
  });

  it('[P1] refuses a client of another protocol version', async () => {
    const client = connectClient(server.wsUrl.replace('protocol=1', 'protocol=0'), documentName, economistToken);
    clients.push(client);
    await waitFor(() => client.authFailure !== null, 'an authentication failure');
    expect(client.authFailure).toBe('protocol-mismatch');
  });

  it('[P4] an АБП curator reads a subordinate’s document, but its writes are never applied', async () => {
    const curator = connect(curatorToken);
    await synced(curator);
    const { sheetId, colId } = editableColumn(curator.doc);
    const before = await storedState();
    setCell(curator.doc, { sheetId, rowId: 'row-a', colId }, 999);
    const economist = connect(economistToken);
    await synced(economist);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(getCell(economist.doc, { sheetId, rowId: 'row-a', colId })).toBe(12);
    expect(await storedState()).toEqual(before);
  });
});

describe('hostile input', () => {
  it('[V] rejects a write to a calculated cell, keeps the document unchanged and tells the client', async () => {
    const hostile = connect(economistToken);
    await synced(hostile);
    const { sheetId, calculatedColId } = editableColumn(hostile.doc);
    expect(calculatedColId).toBeDefined();
    const before = await storedState();
    setCell(hostile.doc, { sheetId, rowId: 'row-a', colId: calculatedColId! }, 1_000_000);
    await waitFor(() => hostile.stateless.length > 0, 'the rejection message');
    expect(JSON.parse(hostile.stateless[0]!)).toMatchObject({ type: 'update-rejected', reason: 'calculated-cell' });
    const observer = connect(secondEconomistToken);
    await synced(observer);
    expect(getCell(observer.doc, { sheetId, rowId: 'row-a', colId: calculatedColId! })).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedState()).toEqual(before);
  });

  it('closes a socket that sends an oversized frame, and keeps serving others', async () => {
    const before = await storedState();
    const ws = new WebSocket(server.wsUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(new Uint8Array(3 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await storedState()).toEqual(before);
  });

  it('survives malformed frames: garbage, truncated varints, unknown message types', async () => {
    const before = await storedState();
    const frames: Uint8Array[] = [
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]),
      new Uint8Array([]),
      (() => {
        const e = encoding.createEncoder();
        encoding.writeVarString(e, documentName);
        encoding.writeVarUint(e, 0); // sync
        encoding.writeVarUint(e, 2); // update
        encoding.writeVarUint8Array(e, new Uint8Array([1, 2, 3, 4, 5, 6, 7]));
        return encoding.toUint8Array(e);
      })(),
      (() => {
        const e = encoding.createEncoder();
        encoding.writeVarString(e, documentName);
        encoding.writeVarUint(e, 77);
        return encoding.toUint8Array(e);
      })(),
    ];
    for (const frame of frames) {
      const ws = new WebSocket(server.wsUrl);
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(frame);
      await new Promise((resolve) => setTimeout(resolve, 50));
      ws.terminate();
    }
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    const client = connect(economistToken);
    await synced(client);
    expect(await storedState()).toEqual(before);
  });

  it('an authenticated client sending a corrupt update is closed with 4422 and changes nothing', async () => {
    const client = connect(economistToken);
    await synced(client);
    const before = await storedState();
    const e = encoding.createEncoder();
    encoding.writeVarString(e, documentName);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, new Uint8Array([9, 9, 9, 9, 9, 9, 9, 9, 9]));
    client.socket.send(encoding.toUint8Array(e));
    await waitFor(() => client.stateless.length > 0, 'the rejection message');
    expect(JSON.parse(client.stateless[0]!)).toMatchObject({ type: 'update-rejected', reason: 'malformed' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await storedState()).toEqual(before);
    expect(CloseCode.UpdateRejected).toBe(4422);
  });
});

describe('load failures never overwrite data', () => {
  it('refuses connections to a document whose stored state cannot be decoded, and keeps the bytes', async () => {
    const other = await server.prisma.document.findFirstOrThrow({ where: { id: { not: documentId } } });
    const corrupt = new Uint8Array([0, 1, 2, 3, 250, 251, 252]);
    await server.prisma.document.update({ where: { id: other.id }, data: { yjsState: corrupt, stateVersion: 5 } });
    const admin = await findUser(server.prisma, 'CURATOR', 'ABP');
    const token = await login(server.baseUrl, admin.iin);
    const client = connect(token, formatDocumentName('budget-request', other.id));
    await waitFor(() => client.authFailure !== null, 'a refusal');
    expect(client.authFailure).toBe('load-failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const row = await server.prisma.document.findUniqueOrThrow({ where: { id: other.id } });
    expect(new Uint8Array(row.yjsState!)).toEqual(corrupt);
  });
});
