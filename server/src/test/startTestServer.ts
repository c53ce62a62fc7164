import { createTestDatabase, demoLogins, seedDemoData, type PrismaClient } from '@zhospar/prisma';
import { randomBytes } from 'node:crypto';
import { createApp, type AppOptions, type ZhosparApp } from '../createApp.ts';

/** A real server on a loopback port over a fresh, migrated and seeded PostgreSQL database. */
export interface TestServer {
  app: ZhosparApp;
  prisma: PrismaClient;
  baseUrl: string;
  wsUrl: string;
  tokenSecret: Uint8Array;
  /** Stops the server only; the database stays for a restart. */
  stop(): Promise<void>;
  /** Starts a new server process-equivalent on the same database (and the same port when free). */
  restart(): Promise<TestServer>;
  /** Stops the server and drops the database. */
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<AppOptions> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  await seedDemoData(database.prisma);
  const tokenSecret = new Uint8Array(randomBytes(32));
  return boot(database, tokenSecret, overrides, 0);
}

async function boot(
  database: Awaited<ReturnType<typeof createTestDatabase>>,
  tokenSecret: Uint8Array,
  overrides: Partial<AppOptions>,
  port: number,
): Promise<TestServer> {
  const app = await createApp({
    prisma: database.prisma,
    tokenSecret,
    storeDebounceMs: 50,
    storeMaxDebounceMs: 200,
    // Tests log in far more often than people; the limiter has its own test.
    loginAttemptsPerMinute: 10_000,
    ...overrides,
  });
  const baseUrl = await app.listen(port, '127.0.0.1');
  let stopped = false;
  const server: TestServer = {
    app,
    prisma: database.prisma,
    baseUrl,
    wsUrl: `${baseUrl.replace(/^http/, 'ws')}/collab?protocol=1`,
    tokenSecret,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
    },
    async restart() {
      await server.stop();
      return boot(database, tokenSecret, overrides, Number(new URL(baseUrl).port));
    },
    async close() {
      await server.stop();
      await database.drop();
    },
  };
  return server;
}

/** The demo password (all demo users share it). */
export function demoPassword(): string {
  const first = demoLogins[0];
  if (!first) throw new Error('no demo logins');
  return first.password;
}

/** Logs in over HTTP and returns the token. */
export async function login(baseUrl: string, iin: string, password = demoPassword()): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ iin, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${iin} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token: string };
  return body.token;
}

/** A seeded user by role and organisation kind (and, optionally, organisation code). */
export async function findUser(
  prisma: PrismaClient,
  role: 'ECONOMIST' | 'HEAD' | 'CURATOR' | 'APPROVER' | 'ADMIN',
  organisationKind: 'AUTHORIZED_BODY' | 'ABP' | 'GU',
  skip = 0,
): Promise<{ id: string; iin: string; organisationId: string }> {
  const users = await prisma.user.findMany({
    where: { roles: { some: { role } }, organisation: { kind: organisationKind } },
    orderBy: { iin: 'asc' },
    select: { id: true, iin: true, organisationId: true },
  });
  const user = users[skip];
  if (!user) throw new Error(`no seeded ${role} at a ${organisationKind}`);
  return user;
}
