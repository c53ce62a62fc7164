import { applyMigrations, createPrismaClient, demoLogins, seedDemoData, startEmbeddedPostgres } from '@zhospar/prisma';
import { join } from 'node:path';
import { createApp } from './createApp.ts';
import { loadConfig } from './config.ts';

/** Starts Zhospar: database (embedded unless DATABASE_URL), migrations, demo seed, server. */
async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: { url: string; stop(): Promise<void> } | undefined;
  let url = config.databaseUrl;
  if (!url) {
    console.log('[zhospar] DATABASE_URL is not set: starting an embedded PostgreSQL in', join(config.dataDir, 'postgres'));
    const started = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres') });
    embedded = started;
    url = started.url;
  }

  try {
    await applyMigrations(url);
  } catch (error) {
    console.error('[zhospar] Cannot reach or migrate the database / База данных недоступна:', (error as Error).message);
    await embedded?.stop();
    process.exit(1);
  }
  const prisma = createPrismaClient(url);
  if (config.seedDemo) await seedDemoData(prisma);

  const app = await createApp({
    prisma,
    tokenSecret: config.tokenSecret,
    staticDir: config.staticDir,
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
  });
  const baseUrl = await app.listen(config.port, config.host);

  console.log(`\n  Zhospar is running: ${baseUrl}\n`);
  if (config.seedDemo) {
    console.log('  Demo logins (IIN / password):');
    for (const login of demoLogins) {
      console.log(`    ${login.iin} / ${login.password}   ${login.role.padEnd(9)} ${login.fullName} — ${login.organisation}`);
    }
    console.log('');
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`[zhospar] ${signal}: storing open documents and stopping…`);
    await app.close();
    await prisma.$disconnect();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[zhospar] start-up failed:', error);
  process.exit(1);
});
