import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, seedDemoData, type TestDatabase } from '@zhospar/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupFileName, pruneBackups, runBackupCli } from './backup.ts';

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
  dir = mkdtempSync(join(tmpdir(), 'zhospar-backups-'));
});

afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pnpm backup / pnpm restore', () => {
  it('round trip: back up, change, restore — the old state is back (pg_dump/pg_restore, custom format)', async () => {
    const env = { DATABASE_URL: database.url, ZHOSPAR_BACKUP_DIR: dir };
    const document = await database.prisma.document.findFirstOrThrow({ select: { id: true, title: true } });
    const users = await database.prisma.user.count();
    const organisation = await database.prisma.organisation.findFirstOrThrow({ select: { id: true, nameRu: true } });

    const message = await runBackupCli(['backup'], env);
    expect(message).toMatch(/backup written: .*zhospar-\d{8}-\d{6}\.dump/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.dump'))).toHaveLength(1);

    await database.prisma.document.update({ where: { id: document.id }, data: { title: 'Изменено после резервной копии' } });
    await database.prisma.organisation.update({ where: { id: organisation.id }, data: { nameRu: 'Переименовано' } });
    await database.prisma.user.create({ data: { iin: '000000000000', fullName: 'Появился после копии', organisationId: organisation.id, passwordHash: 'x' } });

    expect(await runBackupCli(['restore'], env)).toMatch(/restored: /);
    const restored = await database.prisma.document.findUniqueOrThrow({ where: { id: document.id }, select: { title: true } });
    expect(restored.title).toBe(document.title);
    expect(await database.prisma.user.count()).toBe(users);
    expect((await database.prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).nameRu).toBe(organisation.nameRu);
  }, 60_000);

  it('prunes dumps older than the retention period by their timestamp, keeps the newest and foreign files', () => {
    const prune = mkdtempSync(join(tmpdir(), 'zhospar-prune-'));
    try {
      const now = new Date('2027-06-01T02:00:00Z');
      const day = 24 * 60 * 60 * 1000;
      const names = [400, 366, 364, 1].map((days) => backupFileName(new Date(now.getTime() - days * day)));
      for (const name of [...names, 'notes.txt']) writeFileSync(join(prune, name), 'x');
      const deleted = pruneBackups(prune, 365, now).map((path) => path.split('/').pop());
      expect(deleted).toEqual([names[0], names[1]]);
      expect(readdirSync(prune).sort()).toEqual([names[2], names[3], 'notes.txt'].sort());
    } finally {
      rmSync(prune, { recursive: true, force: true });
    }
  });

  it('says what is missing instead of failing obscurely, and never echoes the database password', async () => {
    await expect(runBackupCli(['restore'], { DATABASE_URL: database.url, ZHOSPAR_BACKUP_DIR: join(dir, 'empty') })).rejects.toThrow(/No backups/);
    await expect(runBackupCli(['backup'], { DATABASE_URL: database.url, ZHOSPAR_BACKUP_DIR: dir, ZHOSPAR_PG_BIN: '/nonexistent' })).rejects.toThrow(/pg_dump failed/);
    const refused = runBackupCli(['backup'], { DATABASE_URL: 'postgresql://postgres:secret-password@127.0.0.1:1/none', ZHOSPAR_BACKUP_DIR: dir });
    await expect(refused).rejects.toThrow(/pg_dump failed/);
    await expect(refused).rejects.not.toThrow(/secret-password/);
  });
});
