// Embedded PostgreSQL in its own process for fault tests (processHarness.ts), on a GIVEN port so
// it can be stopped and started again under a running server whose DATABASE_URL stays valid.
// Usage: runDatabaseProcess.ts <dataDir> <port> [--seed]; prints `DATABASE_URL <url>` when ready.
// SIGTERM/SIGINT: fast shutdown, then exit.
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres } from '@zhospar/prisma';

const [dataDir, port, flag] = process.argv.slice(2);
if (!dataDir || !port) throw new Error('usage: runDatabaseProcess.ts <dataDir> <port> [--seed]');
const pg = await startEmbeddedPostgres({ dataDir, port: Number(port) });
if (flag === '--seed') {
  await applyMigrations(pg.url);
  const prisma = createPrismaClient(pg.url);
  await seedDemoData(prisma);
  await prisma.$disconnect();
}
console.log(`DATABASE_URL ${pg.url}`);

const stop = async (): Promise<void> => {
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
