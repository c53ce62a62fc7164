import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, findUser, login, startTestServer, type TestServer } from '../test/startTestServer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function api(path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(`${server.baseUrl}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers };
}

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } }).error?.code;
}

describe('login', () => {
  it('returns a token and the user for a right IIN and password', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const token = await login(server.baseUrl, economist.iin);
    expect(token.split('.')).toHaveLength(3);
    const me = await api('/api/me', { token });
    expect(me.status).toBe(200);
    expect((me.body as { iin: string }).iin).toBe(economist.iin);
  });

  it('refuses a wrong password with a ru/kk message', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const result = await api('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ iin: economist.iin, password: 'wrong-password' }),
    });
    expect(result.status).toBe(401);
    expect(errorCode(result.body)).toBe('invalid-credentials');
    const message = (result.body as { error: { message: { ru: string; kk: string } } }).error.message;
    expect(message.ru).toMatch(/ИИН|пароль/);
    expect(message.kk.length).toBeGreaterThan(0);
  });

  it.each([
    ['a body of the wrong shape', JSON.stringify({ login: 'x' })],
    ['an IIN of the wrong type', JSON.stringify({ iin: 123456789012, password: 'x' })],
    ['an IIN that is not 12 digits', JSON.stringify({ iin: '12345', password: 'x' })],
    ['unknown fields', JSON.stringify({ iin: '123456789012', password: 'x', admin: true })],
    ['malformed JSON', '{"iin": '],
  ])('answers 400 bad-request to %s, without a stack trace', async (_label, body) => {
    const result = await api('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(result.status).toBe(400);
    expect(errorCode(result.body)).toBe('bad-request');
    expect(JSON.stringify(result.body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });

  it('answers 413 to a body over the limit', async () => {
    const result = await api('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ iin: '123456789012', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(result.status).toBe(413);
    expect(errorCode(result.body)).toBe('payload-too-large');
  });
});

describe('tokens', () => {
  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['an unsigned alg:none token', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","iin":"123456789012","tv":0}').toString('base64url')}.`],
  ])('refuses %s with 401', async (_label, token) => {
    const result = await api('/api/documents', token ? { token } : {});
    expect(result.status).toBe(401);
    expect(errorCode(result.body)).toBe('unauthorized');
  });

  it('refuses a token whose user was revoked (tokenVersion bumped)', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU', 1);
    const token = await login(server.baseUrl, economist.iin);
    expect((await api('/api/me', { token })).status).toBe(200);
    await server.prisma.user.update({ where: { id: economist.id }, data: { tokenVersion: { increment: 1 } } });
    expect((await api('/api/me', { token })).status).toBe(401);
    await server.prisma.user.update({ where: { id: economist.id }, data: { tokenVersion: { decrement: 1 } } });
  });
});

describe('documents are scoped to organisations', () => {
  it('a ГУ economist sees only the documents of their own ГУ', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const token = await login(server.baseUrl, economist.iin);
    const result = await api('/api/documents', { token });
    expect(result.status).toBe(200);
    const documents = (result.body as { documents: Array<{ organisation: { id: string }; actions: string[] }> }).documents;
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      expect(document.organisation.id).toBe(economist.organisationId);
      expect(document.actions).toContain('edit');
    }
  });

  it('a ГУ user cannot open another ГУ’s document', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const foreign = await server.prisma.document.findFirstOrThrow({
      where: { organisationId: { not: economist.organisationId }, organisation: { kind: 'GU' } },
    });
    const token = await login(server.baseUrl, economist.iin);
    const result = await api(`/api/documents/${foreign.id}`, { token });
    expect(result.status).toBe(404);
    expect(errorCode(result.body)).toBe('not-found');
  });

  it('an АБП curator sees and may read, but not edit, its subordinates’ documents', async () => {
    const curator = await findUser(server.prisma, 'CURATOR', 'ABP');
    const subordinates = await server.prisma.organisation.findMany({ where: { parentId: curator.organisationId } });
    const token = await login(server.baseUrl, curator.iin);
    const result = await api('/api/documents', { token });
    const documents = (result.body as { documents: Array<{ id: string; organisation: { id: string }; actions: string[] }> }).documents;
    const subordinateIds = new Set(subordinates.map((o) => o.id));
    const seen = documents.filter((d) => subordinateIds.has(d.organisation.id));
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const one = await api(`/api/documents/${seen[0]!.id}`, { token });
    expect(one.status).toBe(200);
    expect((one.body as { actions: string[] }).actions).toContain('read');
    expect((one.body as { actions: string[] }).actions).not.toContain('edit');
  });

  it('answers 400 to a document id that is not a uuid', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const token = await login(server.baseUrl, economist.iin);
    const result = await api(`/api/documents/..%2F..%2Fetc%2Fpasswd`, { token });
    expect([400, 404]).toContain(result.status);
  });
});

describe('API description and headers', () => {
  it('serves an OpenAPI document that lists every route', async () => {
    const result = await api('/api/openapi.json');
    expect(result.status).toBe(200);
    const paths = Object.keys((result.body as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/documents', '/api/documents/{id}', '/api/health']));
  });

  it('sends security headers', async () => {
    const result = await api('/api/health');
    expect(result.status).toBe(200);
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const result = await api('/api/nothing-here');
    expect(result.status).toBe(404);
    expect(errorCode(result.body)).toBe('not-found');
  });
});

describe('login throttling', () => {
  async function attempt(baseUrl: string, iin: string, password: string): Promise<{ status: number; code: string | undefined }> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ iin, password }),
    });
    return { status: response.status, code: errorCode(await response.json()) };
  }

  it('locks an account after 5 wrong passwords in a row, even against the right one', async () => {
    const head = await findUser(server.prisma, 'HEAD', 'GU');
    for (let i = 1; i <= 4; i += 1) {
      expect(await attempt(server.baseUrl, head.iin, `wrong-${i}`)).toEqual({ status: 401, code: 'invalid-credentials' });
    }
    expect(await attempt(server.baseUrl, head.iin, 'wrong-5')).toEqual({ status: 429, code: 'account-locked' });
    expect(await attempt(server.baseUrl, head.iin, demoPassword())).toEqual({ status: 429, code: 'account-locked' });
    const locked = await server.prisma.user.findUniqueOrThrow({ where: { id: head.id } });
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);
    // When the lock has run out, the right password works and the counter starts again.
    await server.prisma.user.update({ where: { id: head.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await attempt(server.baseUrl, head.iin, demoPassword())).status).toBe(200);
    const unlocked = await server.prisma.user.findUniqueOrThrow({ where: { id: head.id } });
    expect(unlocked.failedLogins).toBe(0);
    expect(unlocked.lockedUntil).toBeNull();
  });

  it('limits login attempts per client address', async () => {
    const limited = await startTestServer({ loginAttemptsPerMinute: 3 });
    try {
      const results = [];
      for (let i = 0; i < 5; i += 1) results.push(await attempt(limited.baseUrl, '123456789012', 'x'));
      expect(results.slice(0, 3).map((r) => r.status)).toEqual([401, 401, 401]);
      expect(results.slice(3)).toEqual([
        { status: 429, code: 'too-many-requests' },
        { status: 429, code: 'too-many-requests' },
      ]);
    } finally {
      await limited.close();
    }
  });
});

describe('workflow routes under malformed bodies (found by the fuzz run, seed 1307563484)', () => {
  it('a reason of the wrong type sent to approve is ignored, not a server error', async () => {
    const economist = await findUser(server.prisma, 'ECONOMIST', 'GU');
    const token = await login(server.baseUrl, economist.iin);
    const document = await server.prisma.document.findFirstOrThrow({ where: { organisationId: economist.organisationId } });
    const result = await api(`/api/documents/${document.id}/approve`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: { a: 1 } }),
    });
    // An economist may not approve: 403, with our error body.
    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('forbidden');
  });
});
