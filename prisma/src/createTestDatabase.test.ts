import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './createTestDatabase.ts';
import { createPrismaClient } from './createPrismaClient.ts';

const open: TestDatabase[] = [];

afterAll(async () => {
  for (const db of open) await db.drop();
});

describe('createTestDatabase', () => {
  it('gives each call its own migrated, empty database', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    if (!a || !b) throw new Error('unreachable');
    open.push(a, b);
    expect(a.url).not.toBe(b.url);
    await a.prisma.planningRound.create({
      data: { name: 'only in a', currentYear: 2026, firstPlanYear: 2027, lastPlanYear: 2029, parameters: {} },
    });
    expect(await a.prisma.planningRound.count()).toBe(1);
    expect(await b.prisma.planningRound.count()).toBe(0);
  });

  it('drop() removes the database even while another client is connected', async () => {
    const db = await createTestDatabase();
    const other = createPrismaClient(db.url);
    await other.$queryRaw`SELECT 1`;
    await db.drop();
    await expect(other.$queryRaw`SELECT 1`).rejects.toThrow();
    await other.$disconnect();
  });
});
