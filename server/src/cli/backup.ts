// `pnpm backup` / `pnpm restore [file]`: PostgreSQL dumps in pg_dump's custom format, in a backups
// folder with timestamped names, pruned to a retention period. Uses the system's pg_dump/pg_restore
// (Debian: postgresql-client); the embedded server is PostgreSQL 15 so that bookworm's tools match.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmbeddedPostgres } from '@zhospar/prisma';

/** `zhospar-YYYYMMDD-HHMMSS.dump` (UTC): sorts by time, and only such files are ever pruned. */
export const BACKUP_NAME = /^zhospar-(\d{8})-(\d{6})\.dump$/;

/** Default retention: one year of daily backups. */
export const DEFAULT_RETENTION_DAYS = 365;

export interface BackupOptions {
  databaseUrl: string;
  /** Folder of the dumps (created when missing). */
  dir: string;
  /** Folder of pg_dump/pg_restore; default: found on PATH. */
  binDir?: string;
  now?: Date;
}

/** Writes a custom-format dump of the whole database and returns its path. */
export function backupDatabase(options: BackupOptions): string {
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, backupFileName(options.now ?? new Date()));
  run(tool('pg_dump', options.binDir), ['--format=custom', '--compress=6', '--no-owner', `--file=${file}`, `--dbname=${options.databaseUrl}`]);
  return file;
}

/**
 * Restores a dump over the database, replacing every object it contains, in one transaction (a
 * failed restore changes nothing). Stop the server first: open documents would store their
 * in-memory state over the restored one.
 */
export function restoreDatabase(options: { databaseUrl: string; file: string; binDir?: string }): void {
  if (!existsSync(options.file)) throw new Error(`No such backup: ${options.file}`);
  run(tool('pg_restore', options.binDir), [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${options.databaseUrl}`,
    options.file,
  ]);
}

/** The newest backup in `dir`, or undefined. */
export function latestBackup(dir: string): string | undefined {
  const names = existsSync(dir) ? readdirSync(dir).filter((name) => BACKUP_NAME.test(name)).sort() : [];
  const last = names.at(-1);
  return last ? join(dir, last) : undefined;
}

/**
 * Deletes backups older than `retentionDays` by the time in their name; never touches other files
 * and always keeps the newest one. Returns the deleted paths.
 */
export function pruneBackups(dir: string, retentionDays: number, now: Date = new Date()): string[] {
  if (!existsSync(dir)) return [];
  const cutoff = now.getTime() - retentionDays * 24 * 60 * 60 * 1000;
  const names = readdirSync(dir).filter((name) => BACKUP_NAME.test(name)).sort();
  const deleted: string[] = [];
  for (const name of names.slice(0, -1)) {
    const taken = backupTime(name);
    if (taken !== undefined && taken < cutoff && statSync(join(dir, name)).isFile()) {
      unlinkSync(join(dir, name));
      deleted.push(join(dir, name));
    }
  }
  return deleted;
}

/** `zhospar-20270131-235959.dump` for that UTC moment. */
export function backupFileName(at: Date): string {
  const iso = at.toISOString(); // 2027-01-31T23:59:59.000Z
  return `zhospar-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}.dump`;
}

function backupTime(name: string): number | undefined {
  const match = BACKUP_NAME.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  const [d, t] = [match[1], match[2]];
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)), Number(t.slice(0, 2)), Number(t.slice(2, 4)), Number(t.slice(4, 6)));
}

function tool(name: 'pg_dump' | 'pg_restore', binDir: string | undefined): string {
  if (binDir) return join(binDir, name);
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(
    `${name} was not found. Install PostgreSQL's client tools (Debian: sudo apt-get install -y postgresql-client) ` +
      `or set ZHOSPAR_PG_BIN to their folder. / ${name} не найден: установите postgresql-client.`,
  );
}

function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
    // Never echo the URL: it carries the password.
    throw new Error(`${command.split('/').pop()} failed: ${stderr.replace(/postgres(ql)?:\/\/[^\s"']+/g, '<database-url>')}`, { cause: error });
  }
}

/**
 * `backup` | `restore [file]` with the server's environment: DATABASE_URL, or else the embedded
 * PostgreSQL in `$ZHOSPAR_DATA_DIR/postgres`, started for the duration (the server must be stopped:
 * one data folder, one PostgreSQL). Dumps go to `$ZHOSPAR_BACKUP_DIR` (default `$ZHOSPAR_DATA_DIR/backups`).
 */
export async function runBackupCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const [command, file] = argv;
  if (command !== 'backup' && command !== 'restore') throw new Error('usage: backup.ts backup | restore [file]');
  const dataDir = resolve(env['ZHOSPAR_DATA_DIR'] ?? '.data');
  const dir = resolve(env['ZHOSPAR_BACKUP_DIR'] ?? join(dataDir, 'backups'));
  const binDir = env['ZHOSPAR_PG_BIN'];
  const target = command === 'restore' ? (file ? resolve(file) : latestBackup(dir)) : undefined;
  if (command === 'restore' && !target) throw new Error(`No backups in ${dir}.`);
  const embedded = env['DATABASE_URL'] ? undefined : await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres') });
  const databaseUrl = env['DATABASE_URL'] ?? embedded?.url ?? '';
  try {
    if (command === 'backup') {
      const written = backupDatabase({ databaseUrl, dir, ...(binDir ? { binDir } : {}) });
      const retention = Number(env['ZHOSPAR_BACKUP_RETENTION_DAYS'] ?? DEFAULT_RETENTION_DAYS);
      const pruned = pruneBackups(dir, Number.isFinite(retention) && retention > 0 ? retention : DEFAULT_RETENTION_DAYS);
      return `backup written: ${written}${pruned.length > 0 ? `; pruned ${pruned.length} older than the retention period` : ''}`;
    }
    restoreDatabase({ databaseUrl, file: target ?? '', ...(binDir ? { binDir } : {}) });
    return `restored: ${target}`;
  } finally {
    await embedded?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBackupCli(process.argv.slice(2)).then(
    (message) => {
      console.log(message);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`[zhospar] ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
