// Usage: pnpm --filter @zhospar/prisma migrate:create <name>
// Writes migrations/<timestamp>_<name>/migration.sql with the SQL that takes a database holding
// all existing migrations to what schema.prisma describes, using the wasm schema engine against a
// scratch embedded PostgreSQL (no network, no DATABASE_URL needed).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations, MIGRATIONS_DIR } from '../migrations/applyMigrations.ts';
import { createDatabase } from '../databases.ts';
import { diffDatabaseToSchema } from '../schemaEngine/openSchemaEngine.ts';
import { startEmbeddedPostgres } from '../startEmbeddedPostgres.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: migrate:create <name>   (name: lowercase letters, digits, underscores)');
  process.exit(2);
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-migrate-'));
const server = await startEmbeddedPostgres({ dataDir: path.join(root, 'pgdata') });
try {
  const url = await createDatabase(server.url, `scratch_${crypto.randomBytes(4).toString('hex')}`);
  await applyMigrations(url);
  const sql = await diffDatabaseToSchema(url);
  if (sql === '') {
    console.log('schema.prisma and the migrations already agree: nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const folder = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'migration.sql'), `${sql}\n`);
    console.log(`wrote ${path.relative(process.cwd(), folder)}/migration.sql — review it, then commit it.`);
  }
} finally {
  await server.stop();
  await fs.rm(root, { recursive: true, force: true });
}
