// Builds client/dist when it is missing or older than any source it is made from.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['client/src', 'client/index.html', 'client/vite.config.ts', 'sheets/src', 'collab/src', 'formulas/src'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** @param {{ force?: boolean }} options */
export function buildClient({ force = false } = {}) {
  const index = join(root, 'client', 'dist', 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (!force && built > newest) return false;
  console.log('[build] building the client (vite build)…');
  execFileSync(process.execPath, [join(root, 'client', 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: join(root, 'client'),
    stdio: 'inherit',
  });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildClient({ force: process.argv.includes('--force') });
