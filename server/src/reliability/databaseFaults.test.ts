// Database faults under a running server: PostgreSQL (its own process) is stopped and started again
// while 8 editors type. The server must say so (/api/health 503), refuse new document loads rather
// than serve empty documents, keep failing stores in memory and retry them, and after the database
// is back hold every edit. A database unreachable at start-up is a clear error and a non-zero exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrismaClient, type PrismaClient } from '@zhospar/prisma';
import { formatDocumentName } from '@zhospar/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor, type TestClient } from '../test/collabClient.ts';
import { login } from '../test/startTestServer.ts';
import { createDocument, demoOrganisations } from '../test/workflowFixtures.ts';
import { DatabaseProcess, freePort, ManagedProcess, ServerProcess } from './processHarness.ts';
import { faultSeed } from './seededRandom.ts';
import { docFromState, EditorCrowd } from './simulatedEditors.ts';

const ECONOMIST_IIN = '850315400124'; // school 1
const seed = faultSeed();

let root: string;
let database: DatabaseProcess;
let server: ServerProcess;
let prisma: PrismaClient;
const cleanups: Array<() => void> = [];

async function health(): Promise<number> {
  try {
    return (await fetch(`${server.baseUrl}/api/health`)).status;
  } catch {
    return 0; // the server itself is gone
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- server output ---\n${server.process.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zhospar-dbfault-'));
  database = await DatabaseProcess.start(join(root, 'postgres'));
  prisma = createPrismaClient(database.url);
  server = await ServerProcess.start({ databaseUrl: database.url, dataDir: root });
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await server?.process.kill('SIGKILL');
  await prisma?.$disconnect();
  await database?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe(`database faults (seed ${seed})`, () => {
  it('PostgreSQL restarted under 8 editors: health 503, new loads refused, stores retried; afterwards nothing is lost', async () => {
    const { school1 } = await demoOrganisations(prisma);
    const documentId = await createDocument(prisma, school1, 'DB fault test: edited');
    const unopened = await createDocument(prisma, school1, 'DB fault test: opened during the outage');
    const token = await login(server.baseUrl, ECONOMIST_IIN);
    const crowd = new EditorCrowd(server.wsUrl, formatDocumentName('budget-request', documentId), token, 8, seed);
    cleanups.push(() => crowd.destroy());
    await crowd.synced();
    crowd.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await health()).toBe(200);

    // One editor of another document types during the outage, is acknowledged, and leaves.
    const leftDocumentId = await createDocument(prisma, school1, 'DB fault test: its editor leaves during the outage');
    const leaver = new EditorCrowd(server.wsUrl, formatDocumentName('budget-request', leftDocumentId), token, 1, seed + 1);
    cleanups.push(() => leaver.destroy());
    await leaver.synced();

    const storeFailed = server.process.waitForLine(/^! \[retry\] store of budget-request\.\S+ failed/, 30_000);
    await database.stop();
    leaver.start();
    await until(async () => (await health()) === 503, '/api/health to answer 503');
    const body = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as { database: string };
    expect(body.database).toBe('unreachable');
    await storeFailed; // a debounced store ran into the outage and is being retried
    leaver.stop();
    await leaver.settled();
    leaver.destroy(); // its edits now live only in the server's memory, with the database away

    // A document nobody has open cannot be loaded now: refused, never served empty.
    let late: TestClient | undefined = connectClient(server.wsUrl, formatDocumentName('budget-request', unopened), token);
    cleanups.push(() => late?.destroy());
    await waitFor(() => late?.authFailure !== null || (late?.closes.length ?? 0) > 0, 'the refusal of a load during the outage', 20_000);
    expect(late.provider.isSynced).toBe(false);
    late.destroy();
    late = undefined;
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(503); // still up, still honest

    await database.start();
    const storeRecovered = server.process.waitForLine(/^! \[retry\] store of budget-request\.\S+ succeeded after \d+ attempts/, 30_000);
    await until(async () => (await health()) === 200, '/api/health to answer 200 again');
    await storeRecovered;

    // Stored by the retry alone: no client is left to resend them, and nobody stopped the server.
    const leftState = async (): Promise<Uint8Array | null> => {
      const row = await prisma.document.findUniqueOrThrow({ where: { id: leftDocumentId }, select: { yjsState: true } });
      return row.yjsState ? new Uint8Array(row.yjsState) : null;
    };
    await until(async () => leaver.missingIn(docFromState(await leftState())).length === 0, 'the retried store of the left document');
    expect(leaver.editCount).toBeGreaterThan(0);

    crowd.stop();
    await crowd.settled();
    crowd.destroy(); // all acknowledged; the records stay
    await server.stop(); // clean stop: stores what is open
    const row = await prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { yjsState: true } });
    expect(crowd.missingIn(docFromState(row.yjsState ? new Uint8Array(row.yjsState) : null))).toEqual([]);

    // The document refused during the outage opens normally now, with its template content.
    await server.restart();
    const reopened = connectClient(server.wsUrl, formatDocumentName('budget-request', unopened), await login(server.baseUrl, ECONOMIST_IIN));
    cleanups.push(() => reopened.destroy());
    await waitFor(() => reopened.provider.isSynced, 'the document to open after the outage', 20_000);
    expect(reopened.doc.share.size).toBeGreaterThan(0);
  }, 150_000);

  it('a database unreachable at start-up: a clear error in Russian and English, and a non-zero exit', async () => {
    const closedPort = await freePort();
    const starting = new ManagedProcess('server', ['server/src/main.ts'], {
      DATABASE_URL: `postgresql://postgres:zhospar@127.0.0.1:${closedPort}/postgres`,
      PORT: String(await freePort()),
      ZHOSPAR_DATA_DIR: root,
      ZHOSPAR_SEED_DEMO: 'false',
    });
    const exit = await starting.exited;
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const output = starting.lines.join('\n');
    expect(output).toMatch(/Cannot reach or migrate the database/);
    expect(output).toMatch(/База данных недоступна/);
    expect(output).not.toMatch(/Zhospar is running/);
  }, 60_000);
});
