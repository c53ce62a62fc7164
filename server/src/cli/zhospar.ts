/**
 * Entry of the `zhospar` command line (`pnpm --filter @zhospar/server zhospar export <id> <file>`);
 * commands and options in runCli.ts.
 */
import { runCli } from './runCli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
