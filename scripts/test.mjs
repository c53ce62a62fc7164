// `pnpm test`: unit, integration and browser tests, in that order, then one summary line
// "N passed, N failed" (CI reads it). Installs Debian's Chromium and LibreOffice Calc if missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient } from './buildClient.mjs';
import { ensureSystemPackages } from './ensureSystemPackages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2); // e.g. `pnpm test unit` or `pnpm test e2e`
const want = (part) => only.length === 0 || only.includes(part);

if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(`Zhospar needs Node 24 (got ${process.version}). Run: npx -y pnpm@10.34.8 test`);
  process.exit(1);
}

const results = [];

// Real parts, not mocks: LibreOffice Calc (parity), Chromium (browser tests) and the other
// Debian packages listed in ensureSystemPackages.mjs are installed once, before any test runs.
ensureSystemPackages();

function run(name, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const child = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${name}: exit ${child.status ?? child.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  return child.status ?? 1;
}

if (want('unit')) {
  const out = join(tmp, 'vitest-results.json');
  rmSync(out, { force: true });
  const code = run('unit and integration tests (vitest)', [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`,
  ]);
  let passed = 0;
  let failed;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + (report.numTotalTestSuites > 0 && report.success === false && report.numFailedTests === 0 ? 1 : 0);
    if (report.numPendingTests + report.numTodoTests > 0) {
      console.error(`[test] ${report.numPendingTests + report.numTodoTests} skipped/todo tests: a skipped test is a claim nobody checks.`);
      failed += report.numPendingTests + report.numTodoTests;
    }
  } else failed = 1;
  if (code !== 0 && failed === 0) failed = 1;
  results.push({ name: 'vitest', passed, failed });
}

if (want('e2e')) {
  buildClient();
  const out = join(tmp, 'playwright-results.json');
  rmSync(out, { force: true });
  const code = run(
    'browser tests (Playwright + Debian Chromium)',
    [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', join(root, 'client', 'e2e', 'playwright.config.ts'), '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(out)) {
    const stats = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
    passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    if (stats.flaky) console.log(`[test] ${stats.flaky} browser test(s) FLAKY: failed once, passed on retry — see the output above.`);
    failed = (stats.unexpected ?? 0) + (stats.skipped ?? 0);
  }
  if (code !== 0 && failed === 0) failed = 1;
  results.push({ name: 'playwright', passed, failed });
}

const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log('');
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
