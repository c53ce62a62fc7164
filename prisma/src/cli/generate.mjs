// Runs `prisma generate` offline. Plain JavaScript so it runs as a postinstall step on any Node the
// machine has. The CLI tries to download the native schema engine before generating even though
// generation does not use it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable stops that.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const packageDir = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(packageDir, 'package.json'));
const cli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'index.js');

const result = spawnSync(process.execPath, [cli, 'generate', '--schema', 'schema.prisma'], {
  cwd: packageDir,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
