import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase } from '../databases.ts';
import { diffDatabaseToSchema, SCHEMA_PATH } from '../schemaEngine/openSchemaEngine.ts';
import { testServer } from '../test/serverOf.ts';
import type { TestDatabase } from '../createTestDatabase.ts';
import { applyMigrations, MIGRATIONS_DIR, MIGRATIONS_TABLE, MigrationHistoryError, readMigrations } from './applyMigrations.ts';

let serverUrl: string;
let scratch: TestDatabase;
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `mig_${crypto.randomBytes(4).toString('hex')}`;
  created.push(name);
  return createDatabase(serverUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the committed migrations folder that a test may edit. */
async function copyOfMigrations(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-migrations-'));
  await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  ({ serverUrl, scratch } = await testServer());
});

afterAll(async () => {
  for (const name of created) await dropDatabase(serverUrl, name);
  await scratch.drop();
});

describe('migrations', () => {
  it('[M1] schema.prisma and the committed migrations agree: the schema engine finds nothing to change', async () => {
    const url = await freshDatabase();
    const { applied } = await applyMigrations(url);
    expect(applied.length).toBeGreaterThan(0);
    expect(await diffDatabaseToSchema(url)).toBe('');
  });

  it('[M1] the agreement check is not vacuous: a schema with one more column yields SQL for it', async () => {
    const url = await freshDatabase();
    await applyMigrations(url);
    const schema = await fs.readFile(SCHEMA_PATH, 'utf8');
    const changed = schema.replace('  fullName       String\n', '  fullName       String\n  nickname       String?\n');
    expect(changed).not.toBe(schema);
    expect(await diffDatabaseToSchema(url, changed)).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);
  });

  it('[M2] are idempotent: a second run applies nothing and keeps the record', async () => {
    const url = await freshDatabase();
    const first = await applyMigrations(url);
    const second = await applyMigrations(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    const rows = await query<{ name: string; checksum: string }>(url, `SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`);
    expect(rows).toEqual((await readMigrations()).map(({ name, checksum }) => ({ name, checksum })));
  });

  it('[M2] concurrent runners on one database apply each migration once', async () => {
    const url = await freshDatabase();
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
    const appliedTotal = results.flatMap((result) => result.applied);
    expect(appliedTotal).toEqual((await readMigrations()).map((m) => m.name));
  });

  it('[M3] refuses to run when an applied migration was edited (checksum mismatch), changing nothing', async () => {
    const dir = await copyOfMigrations();
    const url = await freshDatabase();
    await applyMigrations(url, { migrationsDir: dir });
    const [first] = await readMigrations(dir);
    if (!first) throw new Error('no migrations');
    const file = path.join(dir, first.name, 'migration.sql');
    await fs.appendFile(file, '\nCREATE TABLE "Sneaky" ("id" INTEGER);\n');
    await fs.mkdir(path.join(dir, '29990101000000_later'));
    await fs.writeFile(path.join(dir, '29990101000000_later', 'migration.sql'), 'CREATE TABLE "Later" ("id" INTEGER);');

    const run = applyMigrations(url, { migrationsDir: dir });
    await expect(run).rejects.toBeInstanceOf(MigrationHistoryError);
    await expect(run).rejects.toThrow(/was changed after it was applied/);
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_name IN ('Sneaky', 'Later')`,
    );
    expect(tables).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('[M3] line endings do not count as an edit', async () => {
    const dir = await copyOfMigrations();
    const url = await freshDatabase();
    await applyMigrations(url, { migrationsDir: dir });
    for (const migration of await readMigrations(dir)) {
      const file = path.join(dir, migration.name, 'migration.sql');
      await fs.writeFile(file, migration.sql.replace(/\n/g, '\r\n'));
    }
    await expect(applyMigrations(url, { migrationsDir: dir })).resolves.toMatchObject({ applied: [] });
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('[M4] refuses to run when an applied migration is missing from the folder', async () => {
    const dir = await copyOfMigrations();
    const url = await freshDatabase();
    await applyMigrations(url, { migrationsDir: dir });
    const [first] = await readMigrations(dir);
    await fs.rm(path.join(dir, first?.name ?? 'missing'), { recursive: true });
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/recorded as applied but/);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('[M5] a failing migration is rolled back as a whole and not recorded', async () => {
    const dir = await copyOfMigrations();
    const url = await freshDatabase();
    await applyMigrations(url, { migrationsDir: dir });
    await fs.mkdir(path.join(dir, '29990101000000_broken'));
    await fs.writeFile(
      path.join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "HalfDone" ("id" INTEGER);\nSELECT * FROM "NoSuchTable";\n',
    );
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/29990101000000_broken failed/);
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'HalfDone'`)).toEqual([]);
    expect(await query(url, `SELECT 1 FROM "${MIGRATIONS_TABLE}" WHERE name = '29990101000000_broken'`)).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('[M6] the hand-written CHECK constraints reject malformed ИИН and БИН', async () => {
    const url = await freshDatabase();
    await applyMigrations(url);
    await expect(
      query(
        url,
        `INSERT INTO "Organisation" (id, kind, bin, code, "nameRu", "nameKk", "budgetLevel", "updatedAt")
         VALUES (gen_random_uuid(), 'GU', '12345', '1', 'x', 'x', 'LOCAL', now())`,
      ),
    ).rejects.toThrow(/Organisation_bin_format/);
  });
});
