// Our own offline migration runner. Migrations are committed SQL files in Prisma's folder layout,
// `migrations/<yyyyMMddHHmmss>_<name>/migration.sql`, applied in name order. Each one runs in its
// own transaction together with the row that records it (name + SHA-256 checksum) in
// `_zhospar_migrations`, so a failed migration leaves no trace. An applied migration whose file
// changed, or that is missing from the folder, stops the run: history is append-only.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** The committed migrations folder of this package. */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

/** Table that records applied migrations; excluded from schema diffs. */
export const MIGRATIONS_TABLE = '_zhospar_migrations';

/** Any 64-bit constant; serialises concurrent runners (server start + CLI) on one database. */
const ADVISORY_LOCK_KEY = 7_240_517_201;

export interface MigrationFile {
  /** Folder name, e.g. `20261123120000_init`. */
  name: string;
  sql: string;
  /** SHA-256 (hex) of the SQL with line endings normalised to LF. */
  checksum: string;
}

export interface ApplyMigrationsOptions {
  /** Defaults to MIGRATIONS_DIR. */
  migrationsDir?: string;
}

export interface ApplyMigrationsResult {
  /** Names applied by this run, in order. */
  applied: string[];
  /** Names that were already applied before this run. */
  alreadyApplied: string[];
}

/** Thrown when the database's record of a migration does not match the committed files. */
export class MigrationHistoryError extends Error {
  override readonly name = 'MigrationHistoryError';
}

/** SHA-256 of a migration's SQL; CRLF/LF differences from a checkout do not count as a change. */
export function migrationChecksum(sql: string): string {
  return crypto.createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/** Reads `<dir>/<name>/migration.sql` for every sub-folder, sorted by name. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const sql = await fs.readFile(path.join(dir, name, 'migration.sql'), 'utf8');
    migrations.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return migrations;
}

/**
 * Brings the database at `url` up to date with the committed migrations. Idempotent: a second run
 * applies nothing. Throws MigrationHistoryError, before changing anything, when an applied
 * migration was edited or deleted; throws (with the migration's name) when a migration fails, after
 * rolling that migration back.
 */
export async function applyMigrations(url: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult> {
  const migrations = await readMigrations(options.migrationsDir ?? MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
        "name" TEXT PRIMARY KEY,
        "checksum" CHAR(64) NOT NULL,
        "appliedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
      )`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`,
    );
    const byName = new Map(migrations.map((migration) => [migration.name, migration]));
    for (const row of rows) {
      const file = byName.get(row.name);
      if (!file) {
        throw new MigrationHistoryError(
          `Migration ${row.name} is recorded as applied but migrations/${row.name}/migration.sql does not exist.`,
        );
      }
      if (file.checksum !== row.checksum) {
        throw new MigrationHistoryError(
          `Migration ${row.name} was changed after it was applied (checksum ${row.checksum} in the database, ` +
            `${file.checksum} on disk). Applied migrations are immutable: revert the edit and add a new migration.`,
        );
      }
    }
    const done = new Set(rows.map((row) => row.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: rows.map((row) => row.name) };
  } finally {
    await client.end();
  }
}
