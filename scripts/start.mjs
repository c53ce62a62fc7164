// `pnpm start`: build the client if needed, then run the server (embedded PostgreSQL unless
// DATABASE_URL is set; migrations and the demo seed are applied on start-up).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient } from './buildClient.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Zhospar needs Node 24 (got ${process.version}). Run it through pnpm: npx -y pnpm@10.34.8 start`);
  process.exit(1);
}
buildClient();
const server = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'server', 'src', 'main.ts')], {
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
