import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/**
 * Spawns a TypeScript script and resolves the first capture of `ready` in its stdout. The script
 * runs in ONE Node process (tsx as an `--import` loader, not the tsx CLI, which would run it in a
 * child): a SIGKILL must hit the server itself, not a wrapper that leaves it running.
 */
function spawnUntil(args: string[], ready: RegExp, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, ['--import', tsxLoader, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout! });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${args[0]?.split('/').pop()}] ${chunk.toString()}`));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not become ready in 90 s`)), 90_000);
    lines.on('line', (line) => {
      const match = ready.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise({ child, match: match[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}`));
    });
  });
}

/** A killed process has a `signalCode` and no `exitCode`. */
function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
    server.on('error', reject);
  });
}

/** A seeded PostgreSQL in its own process, and a Zhospar server that can be killed and restarted. */
export class Stack {
  private database?: ChildProcess;
  private server?: ChildProcess;
  databaseUrl = '';
  baseUrl = '';
  private port = 0;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'zhospar-e2e-'));

  async start(): Promise<void> {
    const database = await spawnUntil(['server/src/test/runDatabase.ts', join(this.dataDir, 'postgres')], /^DATABASE_URL (\S+)/, {});
    this.database = database.child;
    this.databaseUrl = database.match;
    this.port = await freePort();
    await this.startServer();
  }

  async startServer(): Promise<void> {
    const server = await spawnUntil(['server/src/main.ts'], /Zhospar is running: (\S+)/, {
      DATABASE_URL: this.databaseUrl,
      PORT: String(this.port),
      ZHOSPAR_DATA_DIR: this.dataDir,
      ZHOSPAR_SEED_DEMO: 'false',
    });
    this.server = server.child;
    this.baseUrl = server.match;
  }

  /** SIGKILL: no flush, no goodbye — what a crash looks like. */
  async killServer(): Promise<void> {
    const server = this.server;
    if (!server || !isRunning(server)) return;
    const exited = new Promise((resolvePromise) => server.once('exit', resolvePromise));
    server.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    if (this.server && isRunning(this.server)) {
      const exited = new Promise((resolvePromise) => this.server!.once('exit', resolvePromise));
      this.server.kill('SIGTERM');
      await exited;
    }
    if (this.database && isRunning(this.database)) {
      const exited = new Promise((resolvePromise) => this.database!.once('exit', resolvePromise));
      this.database.kill('SIGTERM');
      await exited;
    }
  }
}
