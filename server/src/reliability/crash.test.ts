// Crash without loss: the server PROCESS is SIGKILLed under 20 editors (at a seeded random moment,
// inside a store, inside an approval transaction); PostgreSQL runs in its own process and survives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrismaClient, type PrismaClient } from '@zhospar/prisma';
import { formatDocumentName } from '@zhospar/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../test/startTestServer.ts';
import { api, createDocument, demoOrganisations } from '../test/workflowFixtures.ts';
import { DatabaseProcess, ServerProcess } from './processHarness.ts';
import { faultSeed, seededRandom } from './seededRandom.ts';
import { docFromState, EditorCrowd } from './simulatedEditors.ts';

const EDITORS = 20;
const ECONOMIST_IIN = '850315400124'; // school 1
const APPROVER_IIN = '910404300670'; // education (АБП)
const seed = faultSeed();
const random = seededRandom(seed);

let root: string;
let database: DatabaseProcess;
let server: ServerProcess;
let prisma: PrismaClient;
let school1: string;
const crowds: EditorCrowd[] = [];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Says which seed to replay when an assertion fails. */
async function withSeed<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    console.error(`[crash] failed with ZHOSPAR_FAULT_SEED=${seed}\n--- server output ---\n${server?.process.tail()}`);
    throw error;
  }
}

async function storedRow(documentId: string): Promise<{ yjsState: Uint8Array | null; stateVersion: number }> {
  const row = await prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { yjsState: true, stateVersion: true } });
  return { yjsState: row.yjsState ? new Uint8Array(row.yjsState) : null, stateVersion: row.stateVersion };
}

/** Stops typing, waits for every editor to be acknowledged, stops the server cleanly, checks PostgreSQL. */
async function expectEverythingStored(crowd: EditorCrowd, documentId: string): Promise<void> {
  crowd.stop();
  await crowd.settled();
  crowd.destroy(); // everything is acknowledged; the records stay
  await server.stop(); // SIGTERM: stores every open document
  const stored = docFromState((await storedRow(documentId)).yjsState);
  expect(crowd.editCount).toBeGreaterThan(EDITORS * 5);
  expect(crowd.missingIn(stored)).toEqual([]);
  await server.restart();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zhospar-crash-'));
  database = await DatabaseProcess.start(join(root, 'postgres'));
  prisma = createPrismaClient(database.url);
  school1 = (await demoOrganisations(prisma)).school1;
  server = await ServerProcess.start({ databaseUrl: database.url, dataDir: root });
}, 180_000);

afterAll(async () => {
  for (const crowd of crowds) crowd.destroy();
  await server?.process.kill('SIGKILL');
  await prisma?.$disconnect();
  await database?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe(`crash without loss (seed ${seed})`, () => {
  it('SIGKILL at a random moment under 20 editors: after restart and resync PostgreSQL holds every edit of every editor', async () => {
    await withSeed(async () => {
      const documentId = await createDocument(prisma, school1, 'Crash test: random kill');
      const token = await login(server.baseUrl, ECONOMIST_IIN);
      const crowd = new EditorCrowd(server.wsUrl, formatDocumentName('budget-request', documentId), token, EDITORS, seed);
      crowds.push(crowd);
      await crowd.synced();
      crowd.start();
      await sleep(800 + Math.floor(random() * 2500)); // the kill lands anywhere in 0.8–3.3 s of typing
      await server.kill();
      await sleep(200 + Math.floor(random() * 800)); // editors keep typing offline meanwhile
      await server.restart();
      await sleep(1000); // and after the reconnect
      await expectEverythingStored(crowd, documentId);
    });
  }, 120_000);

  it('SIGKILL inside a store (row written, not committed): the old state stays intact and no edit is lost', async () => {
    await withSeed(async () => {
      const documentId = await createDocument(prisma, school1, 'Crash test: kill inside a store');
      await server.restart({ ZHOSPAR_TEST_PAUSE_STORE_MS: '600000' });
      const token = await login(server.baseUrl, ECONOMIST_IIN);
      const crowd = new EditorCrowd(server.wsUrl, formatDocumentName('budget-request', documentId), token, EDITORS, seed + 1);
      crowds.push(crowd);
      await crowd.synced();
      const before = await storedRow(documentId); // the initial content, created at the first load
      crowd.start();
      const paused = server.process.waitForLine(/^\[test-pause\] store /, 30_000);
      await paused; // the debounced store has written its UPDATE and waits before COMMIT
      await server.kill();
      // The uncommitted write died with the process: not a half-written state, the previous one.
      const after = await storedRow(documentId);
      expect(after.stateVersion).toBe(before.stateVersion);
      expect(after.yjsState).toEqual(before.yjsState);
      await sleep(300);
      await server.restart(); // without the pause
      await sleep(1000);
      await expectEverythingStored(crowd, documentId);
    });
  }, 120_000);

  it('SIGKILL inside the approval transaction: the approval is wholly absent, and a retry makes it wholly present', async () => {
    await withSeed(async () => {
      const documentId = await createDocument(prisma, school1, 'Crash test: kill inside an approval');
      const economist = await login(server.baseUrl, ECONOMIST_IIN);
      expect((await api(server.baseUrl, `/api/documents/${documentId}/submit`, { method: 'POST', token: economist })).status).toBe(200);

      await server.restart({ ZHOSPAR_TEST_PAUSE_APPROVAL_MS: '600000' });
      const approver = await login(server.baseUrl, APPROVER_IIN);
      const paused = server.process.waitForLine(/^\[test-pause\] approval /, 30_000);
      const request = api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: approver }).catch((error: unknown) => error);
      await paused; // snapshot, status, transition and audit rows written; COMMIT not yet
      await server.kill();
      expect(await request).toBeInstanceOf(Error); // the connection died with the server

      const approvalParts = async (): Promise<{ status: string; snapshots: number; transitions: number; audits: number }> => ({
        status: (await prisma.document.findUniqueOrThrow({ where: { id: documentId } })).status,
        snapshots: await prisma.documentSnapshot.count({ where: { documentId } }),
        transitions: await prisma.documentTransition.count({ where: { documentId, toStatus: 'APPROVED' } }),
        audits: await prisma.auditEvent.count({ where: { documentId, kind: 'TRANSITION', newValue: { equals: 'APPROVED' } } }),
      });
      expect(await approvalParts()).toEqual({ status: 'SUBMITTED', snapshots: 0, transitions: 0, audits: 0 });

      await server.restart();
      const retried = await api(server.baseUrl, `/api/documents/${documentId}/approve`, { method: 'POST', token: await login(server.baseUrl, APPROVER_IIN) });
      expect(retried.status).toBe(200);
      expect(await approvalParts()).toEqual({ status: 'APPROVED', snapshots: 1, transitions: 1, audits: 1 });
    });
  }, 120_000);
});
