// A standalone embedded PostgreSQL for browser tests and benchmarks, in its own process so the
// server process can be killed and restarted without taking the database with it.
// Usage: tsx server/src/test/runDatabase.ts <dataDir>; prints `DATABASE_URL <url>` when ready.
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres } from '@zhospar/prisma';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: runDatabase.ts <dataDir>');
const pg = await startEmbeddedPostgres({ dataDir });
await applyMigrations(pg.url);
const prisma = createPrismaClient(pg.url);
await seedDemoData(prisma);
await prisma.$disconnect();
console.log(`DATABASE_URL ${pg.url}`);

const stop = async (): Promise<void> => {
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
