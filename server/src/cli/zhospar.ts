/**
 * Entry of the `zhospar` command line (`pnpm zhospar export <id> <file>` from the repository root,
 * or `pnpm --filter @zhospar/server zhospar …`); commands and options in runCli.ts.
 *
 * pnpm runs the script inside `server/`; file arguments are resolved against the directory the
 * user typed the command in (`INIT_CWD`, set by pnpm), so `pnpm zhospar export <id> out.xlsx` at
 * the root writes `./out.xlsx` there.
 */
import path from 'node:path';
import { runCli } from './runCli.ts';

const cwd = process.env['INIT_CWD'] ?? process.cwd();
const argv = process.argv.slice(2);
// Positional arguments after the command and the document id are files.
let positional = 0;
const resolved = argv.map((arg, i) => {
  const previous = argv[i - 1];
  if (arg.startsWith('--') || previous === '--lang' || previous === '--unit' || previous === '--sheets') return arg;
  positional++;
  return positional === 3 ? path.resolve(cwd, arg) : arg;
});

process.exitCode = await runCli(resolved, {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
