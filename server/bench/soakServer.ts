// The server for bench:soak, in its own process (one Node process: run with `node --import tsx`,
// so its PID is the server's and /proc/<pid>/status is its RSS): embedded PostgreSQL in a temp
// dir, migrations, demo seed, port 0. Prints `READY <baseUrl> <databaseUrl>`, then every 5 s a
// `STATS {json}` line with what could grow: documents, connections, heap.
import { applyMigrations, createPrismaClient, seedDemoData, startEmbeddedPostgres } from '@zhospar/prisma';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/createApp.ts';

const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'zhospar-soak-'));
const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres') });
await applyMigrations(pg.url);
const prisma = createPrismaClient(pg.url);
await seedDemoData(prisma);
const app = await createApp({ prisma, tokenSecret: new Uint8Array(randomBytes(32)), ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}) });
const baseUrl = await app.listen(0, '127.0.0.1');
console.log(`READY ${baseUrl} ${pg.url}`);

const stats = setInterval(() => {
  const memory = process.memoryUsage();
  const hocuspocus = app.collaboration.hocuspocus;
  let awareness = 0;
  for (const document of hocuspocus.documents.values()) awareness += document.awareness.getStates().size;
  console.log(
    `STATS ${JSON.stringify({
      rssMb: Math.round(memory.rss / 1048576),
      heapUsedMb: Math.round(memory.heapUsed / 1048576),
      externalMb: Math.round(memory.external / 1048576),
      documents: hocuspocus.getDocumentsCount(),
      connections: hocuspocus.getConnectionsCount(),
      awarenessStates: awareness,
    })}`,
  );
}, 5000);

const stop = async (): Promise<void> => {
  clearInterval(stats);
  await app.close();
  await prisma.$disconnect();
  await pg.stop();
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
