import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (server/src/config.ts → ../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerConfig {
  /** Given database; when absent an embedded PostgreSQL runs in `dataDir/postgres`. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  tokenSecret: Uint8Array;
  staticDir: string;
  seedDemo: boolean;
  /** Redis for several server processes (scaleout/); absent: one process. */
  redisUrl: string | undefined;
}

/** Reads the environment once, at start-up. Every variable is documented in README.md. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dataDir = resolve(env.ZHOSPAR_DATA_DIR ?? join(REPO_ROOT, '.data'));
  mkdirSync(dataDir, { recursive: true });
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    port,
    host: env.HOST ?? '127.0.0.1',
    tokenSecret: tokenSecret(env.ZHOSPAR_TOKEN_SECRET, dataDir),
    staticDir: resolve(env.ZHOSPAR_STATIC_DIR ?? join(REPO_ROOT, 'client', 'dist')),
    seedDemo: env.ZHOSPAR_SEED_DEMO !== 'false',
    redisUrl: env.REDIS_URL || undefined,
  };
}

/** The token key: from the environment (hex, 64+ chars), else generated once and kept in the data dir. */
function tokenSecret(fromEnv: string | undefined, dataDir: string): Uint8Array {
  if (fromEnv) {
    if (!/^[0-9a-f]{64,}$/i.test(fromEnv)) throw new Error('ZHOSPAR_TOKEN_SECRET must be at least 64 hex characters.');
    return Buffer.from(fromEnv, 'hex');
  }
  const file = join(dataDir, 'token-secret');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
