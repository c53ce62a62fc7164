// Installs the Debian packages the test suite needs (Chromium for browser tests, LibreOffice
// Calc as the independent spreadsheet) when they are missing. Needs root or passwordless sudo.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian package → a file that proves it is installed. */
const required = {
  chromium: '/usr/bin/chromium',
  'libreoffice-calc': '/usr/bin/localc',
  // Two server processes sharing Redis (server/src/scaleout).
  'redis-server': '/usr/bin/redis-server',
  // pg_dump/pg_restore for `pnpm backup` / `pnpm restore` and their test (major 15 = the embedded server's).
  'postgresql-client': '/usr/bin/pg_dump',
};

/** @returns {string[]} the packages that were missing */
export function ensureSystemPackages(packages = Object.keys(required)) {
  const missing = packages.filter((name) => !existsSync(required[name]));
  if (missing.length === 0) return [];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = isRoot ? [] : ['sudo', '-n'];
  console.log(`[setup] installing Debian packages: ${missing.join(', ')}`);
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    execFileSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
  } catch (error) {
    throw new Error(
      `Could not install ${missing.join(', ')} (needs root or passwordless sudo): ${error.message}\n` +
        `Install them by hand: sudo apt-get install -y ${missing.join(' ')}`,
      { cause: error },
    );
  }
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemPackages();
