// Fault-test harness: PostgreSQL and the Zhospar server each in their OWN process, so a test can
// SIGKILL the server (a crash: no flush, no goodbye) or stop and start the database under a
// running server. Each script runs in one Node process (tsx as an `--import` loader, not the tsx
// CLI, which would run it in a child that outlives a SIGKILL of the wrapper).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../config.ts';

const TSX_LOADER = pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const DATABASE_SCRIPT = 'server/src/reliability/runDatabaseProcess.ts';
const SERVER_SCRIPT = 'server/src/main.ts';
/** A fixed key, so tokens issued before a restart stay valid after it (as with a real deployment). */
export const TEST_TOKEN_SECRET = 'a1'.repeat(32);

/** How a process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process with its output kept line by line, to wait for and to show on failure. */
export class ManagedProcess {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<ExitStatus>;
  private readonly listeners = new Set<(line: string) => void>();

  constructor(
    readonly label: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, ['--import', TSX_LOADER, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (stream: 'out' | 'err') => (line: string): void => {
      const tagged = stream === 'err' ? `! ${line}` : line;
      this.lines.push(tagged);
      if (this.lines.length > 5000) this.lines.splice(0, 1000);
      for (const listener of this.listeners) listener(tagged);
    };
    createInterface({ input: this.child.stdout! }).on('line', keep('out'));
    createInterface({ input: this.child.stderr! }).on('line', keep('err'));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.label} has no pid`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves the first output line from now on that matches `pattern` (stderr lines start with `! `); rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (line: string): void => {
        const match = pattern.exec(line);
        if (match) {
          done();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.label}: no line matching ${pattern} within ${timeoutMs} ms. Last output:\n${this.tail()}`));
      }, timeoutMs);
      this.listeners.add(listener);
      void this.exited.then((status) => {
        if (!this.listeners.has(listener)) return;
        done();
        reject(new Error(`${this.label} exited (${status.code ?? status.signal}) before printing ${pattern}. Last output:\n${this.tail()}`));
      });
    });
  }

  /** Sends `signal` and resolves how the process ended. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  /** Resident set size in bytes (Linux /proc), or 0 when gone. */
  rssBytes(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  /** The last lines of output, for failure messages. */
  tail(count = 40): string {
    return this.lines.slice(-count).join('\n');
  }
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Embedded PostgreSQL in its own process; stop and start it again on the same folder and port. */
export class DatabaseProcess {
  url = '';
  private process: ManagedProcess | undefined;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  /** Starts PostgreSQL in `dataDir`; with `seed`, migrates and loads the demo data first. */
  static async start(dataDir: string, options: { seed?: boolean } = {}): Promise<DatabaseProcess> {
    const database = new DatabaseProcess(dataDir, await freePort());
    await database.launch(options.seed ?? true);
    return database;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  /** Fast shutdown (as an operator's restart would do); resolves when PostgreSQL is down. */
  async stop(): Promise<void> {
    await this.process?.kill('SIGTERM');
  }

  /** Starts it again on the same folder and port, so the server's DATABASE_URL stays right. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.launch(false);
  }

  private async launch(seed: boolean): Promise<void> {
    const process = new ManagedProcess('database', [DATABASE_SCRIPT, this.dataDir, String(this.port), ...(seed ? ['--seed'] : [])], {});
    this.process = process;
    const match = await process.waitForLine(/^DATABASE_URL (\S+)/, 120_000);
    this.url = match[1] ?? '';
  }
}

/** Options of a server process. */
export interface ServerProcessOptions {
  databaseUrl: string;
  /** Data folder (token secret); the database is given by URL. */
  dataDir: string;
  port?: number;
  /** Extra environment, e.g. `ZHOSPAR_TEST_PAUSE_STORE_MS`. */
  env?: NodeJS.ProcessEnv;
}

/** `tsx server/src/main.ts` against a given database; can be killed and started again. */
export class ServerProcess {
  baseUrl = '';
  process: ManagedProcess;

  private constructor(
    readonly options: ServerProcessOptions & { port: number },
    process: ManagedProcess,
  ) {
    this.process = process;
  }

  /** Spawns the server and resolves once it listens. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const withPort = { ...options, port: options.port ?? (await freePort()) };
    const server = new ServerProcess(withPort, spawnServer(withPort));
    await server.ready();
    return server;
  }

  /** The collaboration endpoint, protocol version included. */
  get wsUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/collab?protocol=1`;
  }

  /** SIGKILL: what a crash looks like. */
  async kill(): Promise<ExitStatus> {
    return this.process.kill('SIGKILL');
  }

  /** SIGTERM: the clean stop (stores open documents first). */
  async stop(): Promise<ExitStatus> {
    return this.process.kill('SIGTERM');
  }

  /** Starts a new process on the same port, database and data folder; `env` replaces the extra environment. */
  async restart(env: NodeJS.ProcessEnv = {}): Promise<void> {
    if (this.process.running) await this.kill();
    this.process = spawnServer({ ...this.options, env });
    await this.ready();
  }

  private async ready(): Promise<void> {
    const match = await this.process.waitForLine(/Zhospar is running: (\S+)/, 120_000);
    this.baseUrl = match[1] ?? '';
  }
}

function spawnServer(options: ServerProcessOptions & { port: number }): ManagedProcess {
  return new ManagedProcess('server', [SERVER_SCRIPT], {
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    ZHOSPAR_DATA_DIR: options.dataDir,
    ZHOSPAR_TOKEN_SECRET: TEST_TOKEN_SECRET,
    ZHOSPAR_SEED_DEMO: 'false',
    ZHOSPAR_STATIC_DIR: join(options.dataDir, 'no-client'),
    ...options.env,
  });
}
