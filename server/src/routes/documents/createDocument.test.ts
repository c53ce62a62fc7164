import { listSheets } from '@zhospar/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, synced, type TestClient } from '../../test/collabClient.ts';
import { findUser, login, startTestServer, type TestServer } from '../../test/startTestServer.ts';

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

async function create(token: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/documents', () => {
  it('an economist creates a financing plan; the server gives it the payments and obligations forms on first open', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const token = await login(server.baseUrl, economist.iin);
    const result = await create(token, { kind: 'financing-plan', programCode: '003' });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ kind: 'financing-plan', status: 'IN_WORK', versionKind: 'PLAN', programCode: '003' });
    expect(result.body['actions']).toEqual(expect.arrayContaining(['read', 'edit', 'submit']));
    const client = connectClient(server.wsUrl, String(result.body['collabName']), token);
    clients.push(client);
    await synced(client);
    expect(listSheets(client.doc).map((s) => s.sheetId).sort()).toEqual(['obligations', 'payments']);
  });

  it('refuses a second identical document, even when two requests race', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU', 2);
    const token = await login(server.baseUrl, economist.iin);
    const results = await Promise.all([
      create(token, { kind: 'financing-plan', programCode: '003' }),
      create(token, { kind: 'financing-plan', programCode: '003' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((results.find((r) => r.status === 409)!.body['error'] as { code: string }).code).toBe('document-exists');
  });

  it('refuses people who do not prepare documents, documents their organisation does not prepare, and foreign programs', async () => {
    const curator = await findUser(server.prisma, 'CURATOR', 'ABP');
    const curatorToken = await login(server.baseUrl, curator.iin);
    expect((await create(curatorToken, { kind: 'budget-request', programCode: '003' })).status).toBe(403);
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const token = await login(server.baseUrl, economist.iin);
    expect((await create(token, { kind: 'pkfo', programCode: '003' })).status).toBe(400);
    expect((await create(token, { kind: 'budget-request', programCode: '999' })).status).toBe(400);
    expect((await create(token, { kind: 'budget-request', programCode: '3' })).status).toBe(400);
  });
});

describe('PKFO', () => {
  it('an АБП economist creates the PKFO package, with forms ПКФО-1…4 and Table 4', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'ABP');
    const token = await login(server.baseUrl, economist.iin);
    const result = await create(token, { kind: 'pkfo' });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ kind: 'pkfo', programCode: '000' });
    const client = connectClient(server.wsUrl, String(result.body['collabName']), token);
    clients.push(client);
    await synced(client);
    expect(listSheets(client.doc).map((s) => s.sheetId).sort()).toEqual(['pkfo1', 'pkfo2', 'pkfo3', 'pkfo4', 'pkfo_t4']);
  });
});
