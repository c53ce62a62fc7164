// Test and bench support: a real redis-server, a seeded PostgreSQL and several Zhospar server
// processes on them, each its own OS process so one can be SIGKILLed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Debian's redis-server (scripts/ensureSystemPackages.mjs installs it). */
export const REDIS_SERVER = '/usr/bin/redis-server';

/** A free loopback port (closed again before it is returned). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/**
 * Spawns `command` and resolves the first capture of `ready` in its stdout. TypeScript runs in ONE
 * Node process (tsx as an `--import` loader), so a SIGKILL hits the server itself, not a wrapper.
 */
function spawnUntil(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv, label: string): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString()}`));
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not become ready in 90 s`)), 90_000);
    let matched = false;
    lines.on('line', (line) => {
      if (process.env['SCALEOUT_VERBOSE']) process.stderr.write(`[${label}] ${line}\n`);
      const match = matched ? null : ready.exec(line);
      if (match?.[1]) {
        matched = true;
        clearTimeout(timer);
        resolveReady({ child, match: match[1] });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!matched) reject(new Error(`${label} exited with ${code ?? signal}`));
    });
  });
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || !isRunning(child)) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill(signal);
  await exited;
}

/** One Zhospar server process of a cluster. */
export interface ClusterServer {
  child: ChildProcess;
  baseUrl: string;
  wsUrl: string;
  port: number;
}

/** redis-server + PostgreSQL + N server processes sharing them (what `start:cluster` runs, for tests). */
export class Cluster {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'zhospar-scaleout-'));
  readonly tokenSecret = randomBytes(32).toString('hex');
  redisUrl = '';
  databaseUrl = '';
  readonly servers: ClusterServer[] = [];
  private redis: ChildProcess | undefined;
  private database: ChildProcess | undefined;

  /** Starts Redis, the database and `count` servers (one after another, on free ports). */
  async start(count: number, env: NodeJS.ProcessEnv = {}): Promise<void> {
    const redisPort = await freePort();
    const redis = await spawnUntil(
      REDIS_SERVER,
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', this.dataDir, '--save', '', '--appendonly', 'no', '--loglevel', 'notice'],
      /(Ready) to accept connections/,
      {},
      'redis',
    );
    this.redis = redis.child;
    this.redisUrl = `redis://127.0.0.1:${redisPort}`;
    const database = await spawnUntil(process.execPath, ['--import', tsxLoader, 'server/src/test/runDatabase.ts', join(this.dataDir, 'postgres')], /^DATABASE_URL (\S+)/, {}, 'database');
    this.database = database.child;
    this.databaseUrl = database.match;
    for (let i = 0; i < count; i += 1) this.servers.push(await this.startServer(await freePort(), env));
  }

  /** Starts one more server process on `port`. */
  async startServer(port: number, env: NodeJS.ProcessEnv = {}): Promise<ClusterServer> {
    const started = await spawnUntil(
      process.execPath,
      ['--import', tsxLoader, 'server/src/main.ts'],
      /Zhospar is running: (\S+)/,
      {
        DATABASE_URL: this.databaseUrl,
        REDIS_URL: this.redisUrl,
        PORT: String(port),
        ZHOSPAR_DATA_DIR: this.dataDir,
        ZHOSPAR_TOKEN_SECRET: this.tokenSecret,
        ZHOSPAR_SEED_DEMO: 'false',
        ...env,
      },
      `server:${port}`,
    );
    return { child: started.child, baseUrl: started.match, wsUrl: `${started.match.replace(/^http/, 'ws')}/collab?protocol=1`, port };
  }

  /** SIGKILL: no store, no goodbye — a crash. */
  async kill(server: ClusterServer): Promise<void> {
    await stopChild(server.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    for (const server of this.servers) await stopChild(server.child, 'SIGTERM');
    await stopChild(this.database, 'SIGTERM');
    await stopChild(this.redis, 'SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
