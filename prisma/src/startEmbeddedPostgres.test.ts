import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EMBEDDED_POSTGRES_MAJOR, startEmbeddedPostgres } from './startEmbeddedPostgres.ts';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'zhospar-embedded-test-'));

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: unknown }>(sql);
    return rows[0]?.value;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  it('initialises a new folder (nested, under a private temp dir), then re-uses it without re-initialising', async () => {
    const dataDir = path.join(root, 'nested', 'pgdata');
    const first = await startEmbeddedPostgres({ dataDir });
    await scalar(first.url, 'CREATE TABLE kept (v TEXT)');
    await scalar(first.url, `INSERT INTO kept VALUES ('сохранено')`);
    expect(await scalar(first.url, `SELECT current_setting('server_encoding') AS value`)).toBe('UTF8');
    // The bundled server matches the constant, and Debian bookworm's pg_dump (15) can dump it.
    expect(await scalar(first.url, `SELECT current_setting('server_version_num')::int / 10000 AS value`)).toBe(EMBEDDED_POSTGRES_MAJOR);
    expect(await scalar(first.url, `SELECT upper('әіңғүұқөһ') AS value`)).toBe('ӘІҢҒҮҰҚӨҺ');
    await first.stop();
    await first.stop(); // stopping twice is harmless
    const identity = (await fs.stat(path.join(dataDir, 'PG_VERSION'))).mtimeMs;

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await scalar(second.url, 'SELECT v AS value FROM kept')).toBe('сохранено');
      expect((await fs.stat(path.join(dataDir, 'PG_VERSION'))).mtimeMs).toBe(identity);
    } finally {
      await second.stop();
    }
  });

  it('listens on the port it is given', async () => {
    const probe = await startEmbeddedPostgres({ dataDir: path.join(root, 'probe') });
    const port = probe.port;
    await probe.stop();
    const server = await startEmbeddedPostgres({ dataDir: path.join(root, 'fixed'), port });
    try {
      expect(server.url).toContain(`:${port}/`);
      expect(await scalar(server.url, 'SELECT 1 AS value')).toBe(1);
    } finally {
      await server.stop();
    }
  });

  it('refuses, in ru and en, a data folder initialised by another major version', async () => {
    const dataDir = path.join(root, 'other-major');
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(path.join(dataDir, 'PG_VERSION'), '18\n');
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/created by PostgreSQL 18, but this build runs PostgreSQL 15.*создана PostgreSQL 18/s);
  });

  it('fails with PostgreSQL’s own log when the port is taken', async () => {
    const taken = await startEmbeddedPostgres({ dataDir: path.join(root, 'taken') });
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(root, 'clash'), port: taken.port })).rejects.toThrow(
        /did not start on port/,
      );
    } finally {
      await taken.stop();
    }
  });
});
