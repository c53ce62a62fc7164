import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestServer, type TestServer } from '../test/startTestServer.ts';
import {
  api,
  createDocument,
  createKeyPair,
  demoOrganisations,
  enrolAndBind,
  errorCode,
  signStatement,
  type TestKeyPair,
} from '../test/workflowFixtures.ts';

interface Verification {
  signatureId: string;
  valid: boolean;
  reason: string | null;
  message: { ru: string; kk: string };
  signer: { iin: string; fullName: string };
  signedAt: string;
}

let server: TestServer;
let orgs: Awaited<ReturnType<typeof demoOrganisations>>;
let economist: string;
let approver: { token: string; iin: string };
let admin: { token: string; iin: string };
let key: TestKeyPair;

const APPROVER_IIN = '910404300670';
const ADMIN_IIN = '870626300896';

async function approvedDocument(): Promise<string> {
  const documentId = await createDocument(server.prisma, orgs.school1);
  expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);
  expect((await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: approver.token })).status).toBe(200);
  return documentId;
}

async function statementOf(documentId: string): Promise<{ snapshotId: string; sha256: string; documentId: string; iin: string; iat: number }> {
  const snapshot = await api<{ statement: { snapshotId: string; sha256: string; documentId: string; iin: string } }>(
    server.baseUrl,
    `/api/documents/${documentId}/snapshot`,
    { token: approver.token },
  );
  expect(snapshot.status).toBe(200);
  return { ...snapshot.body.statement, iat: Math.floor(Date.now() / 1000) };
}

async function signedDocument(): Promise<{ documentId: string; signatureId: string }> {
  const documentId = await approvedDocument();
  const jws = await signStatement(key, await statementOf(documentId));
  const signed = await api<Verification>(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: approver.token, body: { jws } });
  expect(signed.status).toBe(201);
  return { documentId, signatureId: signed.body.signatureId };
}

async function verify(documentId: string, signatureId: string): Promise<Verification> {
  const result = await api<Verification>(server.baseUrl, `/api/documents/${documentId}/signatures/${signatureId}/verify`, { token: economist });
  expect(result.status).toBe(200);
  return result.body;
}

/** Changes rows the way an attacker with database access would: past the append-only triggers. */
async function tamper(sql: string, ...values: unknown[]): Promise<void> {
  await server.prisma.$transaction([
    server.prisma.$executeRawUnsafe('SET LOCAL session_replication_role = replica'),
    server.prisma.$executeRawUnsafe(sql, ...values),
  ]);
}

beforeAll(async () => {
  server = await startTestServer();
  orgs = await demoOrganisations(server.prisma);
  economist = await login(server.baseUrl, '850315400124');
  approver = { token: await login(server.baseUrl, APPROVER_IIN), iin: APPROVER_IIN };
  admin = { token: await login(server.baseUrl, ADMIN_IIN), iin: ADMIN_IIN };
  key = await createKeyPair();
});

afterAll(async () => {
  await server?.close();
});

describe('signing keys', () => {
  it('an approver enrols a browser-made public key (PENDING), an admin binds it to the owner’s ИИН (BOUND)', async () => {
    const own = await createKeyPair();
    const enrolled = await api<{ id: string; status: string; thumbprint: string }>(server.baseUrl, '/api/signing-keys', {
      method: 'POST',
      token: approver.token,
      body: { publicJwk: own.publicJwk, label: 'Ноутбук' },
    });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ status: 'PENDING', thumbprint: own.thumbprint });

    const twice = await api(server.baseUrl, '/api/signing-keys', { method: 'POST', token: approver.token, body: { publicJwk: own.publicJwk } });
    expect(errorCode(twice)).toBe('key-exists');

    const managed = await api<{ keys: Array<{ id: string; status: string }> }>(server.baseUrl, '/api/signing-keys?scope=managed', { token: admin.token });
    expect(managed.body.keys.find((k) => k.id === enrolled.body.id)?.status).toBe('PENDING');

    const wrongIin = await api(server.baseUrl, `/api/signing-keys/${enrolled.body.id}/bind`, { method: 'POST', token: admin.token, body: { iin: '850315400124' } });
    expect(wrongIin.status).toBe(400);
    expect(errorCode(wrongIin)).toBe('iin-mismatch');
    const notAdmin = await api(server.baseUrl, `/api/signing-keys/${enrolled.body.id}/bind`, { method: 'POST', token: approver.token, body: { iin: APPROVER_IIN } });
    expect(notAdmin.status).toBe(403);

    const bound = await api<{ status: string; boundIin: string }>(server.baseUrl, `/api/signing-keys/${enrolled.body.id}/bind`, {
      method: 'POST',
      token: admin.token,
      body: { iin: APPROVER_IIN },
    });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ status: 'BOUND', boundIin: APPROVER_IIN });
    const mine = await api<{ keys: Array<{ id: string; status: string }> }>(server.baseUrl, '/api/signing-keys', { token: approver.token });
    expect(mine.body.keys.find((k) => k.id === enrolled.body.id)?.status).toBe('BOUND');
  });

  it.each([
    ['a private key', async (): Promise<unknown> => ({ ...(await createKeyPair()).publicJwk, d: 'AAAA' })],
    ['another curve', async (): Promise<unknown> => ({ ...(await createKeyPair()).publicJwk, crv: 'P-384' })],
    ['a point off the curve', async (): Promise<unknown> => ({ ...(await createKeyPair()).publicJwk, y: 'A'.repeat(43) })],
    ['an RSA key', async (): Promise<unknown> => ({ kty: 'RSA', n: 'AQAB', e: 'AQAB' })],
  ])('refuses to enrol %s', async (_label, make) => {
    const result = await api(server.baseUrl, '/api/signing-keys', { method: 'POST', token: approver.token, body: { publicJwk: await make() } });
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('invalid-key');
  });

  it('only approvers enrol keys', async () => {
    const result = await api(server.baseUrl, '/api/signing-keys', { method: 'POST', token: economist, body: { publicJwk: (await createKeyPair()).publicJwk } });
    expect(result.status).toBe(403);
  });
});

describe('signing an approved version', () => {
  beforeAll(async () => {
    await enrolAndBind(server.baseUrl, approver, admin, key);
  });

  it('stores a verified signature and answers «signed by … at …, signature valid»', async () => {
    const documentId = await approvedDocument();
    const statement = await statementOf(documentId);
    const jws = await signStatement(key, statement);
    const signed = await api<Verification>(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: approver.token, body: { jws } });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ valid: true, reason: null, signer: { iin: APPROVER_IIN } });
    expect(signed.body.message.ru).toMatch(/^Подписано: Омаров Бауыржан.*ИИН 910404300670.*Подпись действительна\.$/);
    expect(signed.body.signedAt).toBe(new Date(statement.iat * 1000).toISOString());

    const list = await api<{ signatures: Verification[] }>(server.baseUrl, `/api/documents/${documentId}/signatures`, { token: economist });
    expect(list.body.signatures.map((s) => s.valid)).toEqual([true]);
    const again = await api(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: approver.token, body: { jws } });
    expect(errorCode(again)).toBe('already-signed');
    expect(await server.prisma.auditEvent.count({ where: { documentId, kind: 'SIGNATURE' } })).toBe(1);
  });

  it.each([
    ['another snapshot hash', (s: Record<string, unknown>): Record<string, unknown> => ({ ...s, sha256: 'a'.repeat(64) }), 'signature-invalid'],
    ['another document', (s: Record<string, unknown>): Record<string, unknown> => ({ ...s, documentId: '00000000-0000-4000-8000-000000000000' }), 'signature-invalid'],
    ['someone else’s ИИН', (s: Record<string, unknown>): Record<string, unknown> => ({ ...s, iin: '850315400124' }), 'signature-invalid'],
    ['a time far from now', (s: Record<string, unknown>): Record<string, unknown> => ({ ...s, iat: 1_000_000_000 }), 'signature-invalid'],
    ['a statement without iat', ({ iat: _iat, ...s }: Record<string, unknown>): Record<string, unknown> => s, 'signature-invalid'],
  ])('refuses a signature over %s', async (_label, change, code) => {
    const documentId = await approvedDocument();
    const jws = await signStatement(key, change(await statementOf(documentId)));
    const result = await api(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: approver.token, body: { jws } });
    expect(result.status).toBe(422);
    expect(errorCode(result)).toBe(code);
    expect(await server.prisma.signature.count({ where: { documentId } })).toBe(0);
  });

  it('refuses a signature made with a key that is not enrolled, not bound, or another user’s', async () => {
    const documentId = await approvedDocument();
    const statement = await statementOf(documentId);
    const stranger = await createKeyPair();
    const unknown = await api(server.baseUrl, `/api/documents/${documentId}/signatures`, {
      method: 'POST',
      token: approver.token,
      body: { jws: await signStatement(stranger, statement) },
    });
    expect(errorCode(unknown)).toBe('key-not-bound');
    await api(server.baseUrl, '/api/signing-keys', { method: 'POST', token: approver.token, body: { publicJwk: stranger.publicJwk } });
    const pending = await api(server.baseUrl, `/api/documents/${documentId}/signatures`, {
      method: 'POST',
      token: approver.token,
      body: { jws: await signStatement(stranger, statement) },
    });
    expect(errorCode(pending)).toBe('key-not-bound');
    // The right key, but the header claims it while the bytes were signed by the stranger.
    const forged = await signStatement(stranger, statement, { kid: key.thumbprint });
    const result = await api(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: approver.token, body: { jws: forged } });
    expect(errorCode(result)).toBe('signature-invalid');
  });

  it('refuses to sign a document that is not approved (409) and lets only approvers sign (403)', async () => {
    const documentId = await createDocument(server.prisma, orgs.school1);
    const jws = await signStatement(key, { snapshotId: 'x', sha256: 'a'.repeat(64), documentId, iin: APPROVER_IIN, iat: 1 });
    expect((await api(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: approver.token, body: { jws } })).status).toBe(409);
    const approved = await approvedDocument();
    expect((await api(server.baseUrl, `/api/documents/${approved}/signatures`, { method: 'POST', token: economist, body: { jws } })).status).toBe(403);
  });
});

describe('tampering is detected by verification', () => {
  it('a changed canonical JSON: snapshot-hash-mismatch', async () => {
    const { documentId, signatureId } = await signedDocument();
    await tamper(`UPDATE "DocumentSnapshot" SET "canonicalJson" = replace("canonicalJson", '"programCode":"003"', '"programCode":"004"') WHERE "documentId" = $1::uuid`, documentId);
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: false, reason: 'snapshot-hash-mismatch' });
  });

  it('a changed canonical JSON with a recomputed hash: payload-mismatch (the signature is over the old hash)', async () => {
    const { documentId, signatureId } = await signedDocument();
    await tamper(
      `UPDATE "DocumentSnapshot" SET "canonicalJson" = replace("canonicalJson", '"programCode":"003"', '"programCode":"004"'),
         "sha256" = encode(sha256(convert_to(replace("canonicalJson", '"programCode":"003"', '"programCode":"004"'), 'UTF8')), 'hex')
       WHERE "documentId" = $1::uuid`,
      documentId,
    );
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: false, reason: 'payload-mismatch' });
  });

  it('a changed Yjs state: yjs-state-mismatch', async () => {
    const { documentId, signatureId } = await signedDocument();
    await tamper(`UPDATE "DocumentSnapshot" SET "yjsState" = "yjsState" || '\\x00'::bytea WHERE "documentId" = $1::uuid`, documentId);
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: false, reason: 'yjs-state-mismatch' });
  });

  it('a changed signature: signature-invalid', async () => {
    const { documentId, signatureId } = await signedDocument();
    const row = await server.prisma.signature.findUniqueOrThrow({ where: { id: signatureId } });
    const [header, payload, signature] = row.value.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    await tamper(`UPDATE "Signature" SET "value" = $2 WHERE "id" = $1::uuid`, signatureId, `${header}.${payload}.${flipped}`);
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: false, reason: 'signature-invalid' });
  });

  it('a key re-bound to another ИИН in the database: key-binding-invalid', async () => {
    const { documentId, signatureId } = await signedDocument();
    const row = await server.prisma.signature.findUniqueOrThrow({ where: { id: signatureId } });
    const before = await server.prisma.signingKey.findUniqueOrThrow({ where: { id: row.keyId } });
    await server.prisma.signingKey.update({ where: { id: row.keyId }, data: { boundIin: '850315400124' } });
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: false, reason: 'key-binding-invalid' });
    await server.prisma.signingKey.update({ where: { id: row.keyId }, data: { boundIin: before.boundIin } });
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: true });
  });

  it('a swapped public key (with its thumbprint) in the database: key-binding-invalid', async () => {
    const { documentId, signatureId } = await signedDocument();
    const row = await server.prisma.signature.findUniqueOrThrow({ where: { id: signatureId } });
    const before = await server.prisma.signingKey.findUniqueOrThrow({ where: { id: row.keyId } });
    const attacker = await createKeyPair();
    await server.prisma.signingKey.update({ where: { id: row.keyId }, data: { publicJwk: attacker.publicJwk as object, thumbprint: attacker.thumbprint } });
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: false, reason: 'key-binding-invalid' });
    await server.prisma.signingKey.update({ where: { id: row.keyId }, data: { publicJwk: before.publicJwk as object, thumbprint: before.thumbprint } });
  });

  it('a signature row moved to another approver: key-binding-invalid', async () => {
    const { documentId, signatureId } = await signedDocument();
    const economistUser = await server.prisma.user.findUniqueOrThrow({ where: { iin: '850315400124' } });
    await tamper(`UPDATE "Signature" SET "userId" = $2::uuid, "iin" = $3 WHERE "id" = $1::uuid`, signatureId, economistUser.id, economistUser.iin);
    expect(await verify(documentId, signatureId)).toMatchObject({ valid: false, reason: 'key-binding-invalid' });
  });

  it('revoking the key afterwards keeps earlier signatures valid but stops new ones', async () => {
    const own = await createKeyPair();
    const keyId = await enrolAndBind(server.baseUrl, approver, admin, own);
    const documentId = await approvedDocument();
    const jws = await signStatement(own, await statementOf(documentId));
    const signed = await api<Verification>(server.baseUrl, `/api/documents/${documentId}/signatures`, { method: 'POST', token: approver.token, body: { jws } });
    expect(signed.status).toBe(201);
    expect((await api(server.baseUrl, `/api/signing-keys/${keyId}/revoke`, { method: 'POST', token: approver.token })).status).toBe(200);
    expect(await verify(documentId, signed.body.signatureId)).toMatchObject({ valid: true });
    const next = await approvedDocument();
    const refused = await api(server.baseUrl, `/api/documents/${next}/signatures`, {
      method: 'POST',
      token: approver.token,
      body: { jws: await signStatement(own, await statementOf(next)) },
    });
    expect(errorCode(refused)).toBe('key-not-bound');
  });
});
