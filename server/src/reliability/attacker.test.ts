// Access as an attacker: bad tokens, a user moved to another organisation, guessed document ids
// (HTTP and websocket), foreign Origins. Everything is refused, and every refusal is audited.
import { randomBytes, randomUUID } from 'node:crypto';
import { formatDocumentName } from '@zhospar/collab';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../auth/TokenService.ts';
import { connectClient, synced, waitFor, type TestClient } from '../test/collabClient.ts';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { api, createDocument, createUser, demoOrganisations, errorCode } from '../test/workflowFixtures.ts';

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
let school1Document: string;
let school2Document: string;
const clients: TestClient[] = [];

function connect(documentId: string, token: string): TestClient {
  const client = connectClient(server.wsUrl, formatDocumentName('budget-request', documentId), token);
  clients.push(client);
  return client;
}

/** The websocket refuses: an authentication failure, never a sync. */
async function expectRefusedOverWebsocket(documentId: string, token: string): Promise<string> {
  const client = connect(documentId, token);
  await waitFor(() => client.authFailure !== null, `the refusal of ${documentId}`, 10_000);
  expect(client.provider.isSynced).toBe(false);
  client.destroy();
  return client.authFailure ?? '';
}

async function deniedEvents(): Promise<Array<{ reason: string | null; userId: string | null; details: unknown }>> {
  await server.app.audit.flush();
  return server.prisma.auditEvent.findMany({ where: { kind: 'ACCESS_DENIED' }, orderBy: { id: 'asc' }, select: { reason: true, userId: true, details: true } });
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  school1Document = await createDocument(server.prisma, orgs.school1, 'Attacker test: school 1');
  school2Document = await createDocument(server.prisma, orgs.school2, 'Attacker test: school 2');
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

describe('bad tokens are refused on HTTP and websocket, and audited', () => {
  it('expired, forged (wrong key), alg:none, wrong audience and garbage tokens', async () => {
    const economist = await server.prisma.user.findUniqueOrThrow({ where: { iin: '850315400124' } });
    const claims = { userId: economist.id, iin: economist.iin, tokenVersion: economist.tokenVersion };
    const key = server.tokenSecret;
    const now = Math.floor(Date.now() / 1000);
    const header = (object: Record<string, unknown>): string => Buffer.from(JSON.stringify(object)).toString('base64url');
    const payload = { sub: economist.id, iin: economist.iin, tv: economist.tokenVersion, iss: 'zhospar', aud: 'zhospar-api', iat: now, exp: now + 3600 };
    const tokens: Record<string, string> = {
      expired: await new TokenService(key, 60).issue(claims, now - 3600),
      forged: await new TokenService(new Uint8Array(randomBytes(32))).issue(claims),
      algNone: `${header({ alg: 'none', typ: 'JWT' })}.${header(payload)}.`,
      wrongAudience: await new SignJWT({ iin: economist.iin, tv: economist.tokenVersion })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(economist.id)
        .setIssuer('zhospar')
        .setAudience('another-system')
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(key),
      garbage: 'eyJhbGciOiJIUzI1NiJ9.%%%.$$$',
    };
    const before = (await deniedEvents()).length;
    for (const [what, token] of Object.entries(tokens)) {
      const response = await api(server.baseUrl, `/api/documents/${school1Document}`, { token });
      expect(response.status, what).toBe(401);
      expect(errorCode(response), what).toBe('unauthorized');
      expect(await expectRefusedOverWebsocket(school1Document, token), what).toMatch(/unauthorized/);
    }
    const events = (await deniedEvents()).slice(before);
    expect(events.filter((e) => e.reason === 'unauthorized')).toHaveLength(Object.keys(tokens).length * 2);
    expect(events.map((e) => (e.details as { channel: string }).channel).sort()).toEqual(
      [...Array(Object.keys(tokens).length).fill('collab'), ...Array(Object.keys(tokens).length).fill('http')].sort(),
    );
  });
});

describe('a user moved to another organisation', () => {
  it('the old token no longer opens the old organisation’s documents (roles are re-read on every request), and opens the new one’s', async () => {
    const moved = await createUser(server.prisma, server.baseUrl, 'ECONOMIST', orgs.school1, 'Переведённый экономист (тест)');
    expect((await api(server.baseUrl, `/api/documents/${school1Document}`, { token: moved.token })).status).toBe(200);
    const before = connect(school1Document, moved.token);
    await synced(before);
    before.destroy();

    await server.prisma.$transaction([
      server.prisma.userRole.deleteMany({ where: { userId: moved.id } }),
      server.prisma.user.update({ where: { id: moved.id }, data: { organisationId: orgs.school2 } }),
      server.prisma.userRole.create({ data: { userId: moved.id, organisationId: orgs.school2, role: 'ECONOMIST' } }),
    ]);

    const old = await api(server.baseUrl, `/api/documents/${school1Document}`, { token: moved.token });
    expect(old.status).toBe(404);
    expect(await expectRefusedOverWebsocket(school1Document, moved.token)).toMatch(/forbidden/);
    expect((await api(server.baseUrl, `/api/documents/${school2Document}`, { token: moved.token })).status).toBe(200);
    const events = await deniedEvents();
    expect(events.filter((e) => e.userId === moved.id).map((e) => e.reason).sort()).toEqual(['forbidden', 'not-found']);
  });
});

describe('guessing document ids of other institutions', () => {
  it('random uuids and real ids of other organisations answer alike — 404 over HTTP, forbidden over websocket — and are audited', async () => {
    const token = await login(server.baseUrl, '900722450234'); // economist of school 2
    const user = await server.prisma.user.findUniqueOrThrow({ where: { iin: '900722450234' } });
    const foreign = (await server.prisma.document.findMany({ where: { organisationId: { not: user.organisationId } }, select: { id: true }, take: 5 })).map((d) => d.id);
    const guesses = [...foreign, randomUUID(), randomUUID(), randomUUID()];
    for (const id of guesses) {
      for (const path of [`/api/documents/${id}`, `/api/documents/${id}/audit`, `/api/documents/${id}/versions`]) {
        const response = await api(server.baseUrl, path, { token });
        expect(response.status, path).toBe(404);
        expect(JSON.stringify(response.body)).not.toMatch(/organisation|title|stack/i);
      }
      const submit = await api(server.baseUrl, `/api/documents/${id}/submit`, { method: 'POST', token });
      expect([403, 404]).toContain(submit.status);
      expect(await expectRefusedOverWebsocket(id, token)).toMatch(/forbidden/);
    }
    const mine = (await deniedEvents()).filter((e) => e.userId === user.id);
    expect(mine.length).toBeGreaterThanOrEqual(guesses.length * 5);
    for (const id of guesses) expect(mine.some((e) => JSON.stringify(e.details).includes(id))).toBe(true);
  });
});

describe('HTTP hardening', () => {
  it('a state-changing request with a foreign Origin is refused (403 foreign-origin) and audited; own or absent Origin passes', async () => {
    const token = await login(server.baseUrl, '850315400124');
    const post = (origin: string | undefined): Promise<Response> =>
      fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin !== undefined ? { origin } : {}) },
        body: JSON.stringify({ iin: '850315400124', password: 'wrong-password' }),
      });
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.evil.example`, 'http://localhost:1']) {
      const response = await post(origin);
      expect(response.status, origin).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('foreign-origin');
    }
    expect((await post(server.baseUrl)).status).toBe(401); // reaches the route: wrong password
    expect((await post(undefined)).status).toBe(401);
    const patch = await fetch(`${server.baseUrl}/api/documents/${school1Document}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' },
    });
    expect(patch.status).toBe(403);
    // Reading is not state-changing: a foreign Origin on GET is not refused by this check.
    const read = await fetch(`${server.baseUrl}/api/documents/${school1Document}`, { headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } });
    expect(read.status).toBe(200);
    expect((await deniedEvents()).filter((e) => e.reason === 'foreign-origin').length).toBeGreaterThanOrEqual(5);
  });

  it('sends security headers (helmet): CSP with frame-ancestors none, nosniff, no referrer leaks', async () => {
    const response = await fetch(`${server.baseUrl}/api/health`);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
