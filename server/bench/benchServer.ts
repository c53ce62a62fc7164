// A Zhospar server for benchmarks, in its own process so the simulated editors do not share its
// event loop: embedded PostgreSQL in a temp dir, migrations, demo seed, port 0.
// Prints `READY <baseUrl>` when it listens.
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres } from '@zhospar/prisma';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/createApp.ts';

const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zhospar-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres') });
await applyMigrations(pg.url);
const prisma = createPrismaClient(pg.url);
await seedDemoData(prisma);
const app = await createApp({ prisma, tokenSecret: new Uint8Array(randomBytes(32)) });
const baseUrl = await app.listen(0, '127.0.0.1');
console.log(`READY ${baseUrl}`);

const stop = async (): Promise<void> => {
  await app.close();
  await prisma.$disconnect();
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
