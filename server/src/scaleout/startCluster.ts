// `pnpm start:cluster` — several Zhospar server processes on one machine, on consecutive ports,
// sharing one PostgreSQL (DATABASE_URL, else an embedded one started here) and one Redis
// (REDIS_URL, else Debian's redis-server started here). CLUSTER_SIZE processes (default 2) from
// PORT (default 3000). A process that dies is started again. Put nginx in front
// (server/src/scaleout/nginx.conf.example) for one address with routing by document.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres } from '@zhospar/prisma';
import { loadConfig, REPO_ROOT } from '../config.ts';
import { REDIS_SERVER } from './testing/cluster.ts';

const size = Number(process.env.CLUSTER_SIZE ?? 2);
const basePort = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(size) || size < 1) throw new Error(`CLUSTER_SIZE must be a positive integer, got ${process.env.CLUSTER_SIZE}`);

// Generates the token key into the data dir once, so every process signs and checks alike.
const config = loadConfig();
const stops: Array<() => Promise<void>> = [];

let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  const pg = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres') });
  stops.push(() => pg.stop());
  databaseUrl = pg.url;
}
await applyMigrations(databaseUrl);
if (config.seedDemo) {
  const prisma = createPrismaClient(databaseUrl);
  await seedDemoData(prisma);
  await prisma.$disconnect();
}

let redisUrl = config.redisUrl;
if (!redisUrl) {
  if (!existsSync(REDIS_SERVER)) throw new Error('REDIS_URL is not set and redis-server is missing: sudo apt-get install -y redis-server');
  const port = await freePort();
  const dir = join(config.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const redis = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  stops.push(() => stopChild(redis));
  redisUrl = `redis://127.0.0.1:${port}`;
  await waitForPort(port);
}

const children = new Map<number, ChildProcess>();
let stopping = false;

function startProcess(port: number): void {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'main.ts')], {
    cwd: join(REPO_ROOT, 'server'),
    stdio: 'inherit',
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, ZHOSPAR_SEED_DEMO: 'false' },
  });
  children.set(port, child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[cluster] process on port ${port} exited (${code ?? signal}); starting it again`);
    setTimeout(() => startProcess(port), 1000);
  });
}

for (let i = 0; i < size; i += 1) startProcess(basePort + i);
console.log(`[cluster] ${size} processes on ports ${basePort}–${basePort + size - 1}, DATABASE_URL and REDIS_URL=${redisUrl} shared`);

const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await Promise.all([...children.values()].map((child) => stopChild(child)));
  for (const stopOne of stops.reverse()) await stopOne();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server did not listen on ${port}`);
}
