import { hashPassword, type PrismaClient } from '@zhospar/prisma';
import { exportJWK, generateKeyPair, CompactSign, type CryptoKey, type JWK } from 'jose';
import { calculateJwkThumbprint } from 'jose';
import type { Role } from '../access/Policy.ts';
import { demoPassword, login } from './startTestServer.ts';

/** A JSON call to the API with what came back. */
export interface ApiResult<T = unknown> {
  status: number;
  body: T;
}

/** Calls the API (JSON in, JSON out when possible). */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<ApiResult<T>> {
  const headers = new Headers();
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: body as T };
}

/** The error code of an API error body. */
export function errorCode(result: ApiResult): string | undefined {
  return (result.body as { error?: { code?: string } }).error?.code;
}

/** Demo organisations by their code in the seed. */
export async function demoOrganisations(prisma: PrismaClient): Promise<{ finance: string; education: string; health: string; school1: string; school2: string }> {
  const byCode = new Map((await prisma.organisation.findMany({ select: { id: true, code: true } })).map((o) => [o.code, o.id]));
  const get = (code: string): string => {
    const id = byCode.get(code);
    if (!id) throw new Error(`no demo organisation ${code}`);
    return id;
  };
  return { finance: get('257'), education: get('261'), health: get('253'), school1: get('261001'), school2: get('261002') };
}

let iinCounter = 0;
let passwordHash: Promise<string> | undefined;

/** A new user with one role at one organisation; returns the user and a session token. */
export async function createUser(
  prisma: PrismaClient,
  baseUrl: string,
  role: Role,
  organisationId: string,
  fullName = `${role} (тест)`,
): Promise<{ id: string; iin: string; token: string }> {
  iinCounter += 1;
  const iin = `99${String(process.pid % 10000).padStart(4, '0')}${String(iinCounter).padStart(6, '0')}`;
  passwordHash ??= hashPassword(demoPassword());
  const user = await prisma.user.create({
    data: { iin, fullName, passwordHash: await passwordHash, organisationId, roles: { create: { role, organisationId } } },
  });
  return { id: user.id, iin, token: await login(baseUrl, iin) };
}

/** A new, never opened budget request (IN_WORK, no Yjs state yet) of an organisation. */
export async function createDocument(prisma: PrismaClient, organisationId: string, title = 'Бюджетная заявка (тест)'): Promise<string> {
  const round = await prisma.planningRound.findFirstOrThrow({ select: { id: true } });
  const document = await prisma.document.create({
    data: { kind: 'BUDGET_REQUEST', organisationId, roundId: round.id, programCode: '003', versionKind: 'PLAN', title },
  });
  return document.id;
}

/** An approver's key pair as the browser makes it (ECDSA P-256), with the public JWK and its thumbprint. */
export interface TestKeyPair {
  privateKey: CryptoKey;
  publicJwk: JWK;
  thumbprint: string;
}

export async function createKeyPair(): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256') };
}

/** Signs a statement as the browser would: compact JWS, ES256, kid = thumbprint. */
export async function signStatement(key: TestKeyPair, statement: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(statement)))
    .setProtectedHeader({ alg: 'ES256', kid: key.thumbprint, ...header })
    .sign(key.privateKey);
}

/** Enrols a key for `approver` and has `admin` bind it; returns the key id. */
export async function enrolAndBind(baseUrl: string, approver: { token: string; iin: string }, admin: { token: string }, key: TestKeyPair): Promise<string> {
  const enrolled = await api<{ id: string; status: string }>(baseUrl, '/api/signing-keys', {
    method: 'POST',
    token: approver.token,
    body: { publicJwk: key.publicJwk, label: 'test' },
  });
  if (enrolled.status !== 201) throw new Error(`enrol failed: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  const bound = await api(baseUrl, `/api/signing-keys/${enrolled.body.id}/bind`, { method: 'POST', token: admin.token, body: { iin: approver.iin } });
  if (bound.status !== 200) throw new Error(`bind failed: ${bound.status} ${JSON.stringify(bound.body)}`);
  return enrolled.body.id;
}
