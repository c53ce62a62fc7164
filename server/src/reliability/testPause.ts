/**
 * Test-only pause points, so a fault test can land a SIGKILL *inside* a critical section rather
 * than hoping a random moment hits it. Off unless `ZHOSPAR_TEST_PAUSE_<POINT>_MS` is set (never in
 * production configs): when on, the server prints `[test-pause] <point> <detail>` on stdout and
 * waits that long before going on. Points:
 * - `store`: PersistenceExtension, after the UPDATE of the document state and before its COMMIT;
 * - `approval`: WorkflowService, after snapshot + status + transition + audit rows and before COMMIT.
 */
export type PausePoint = 'store' | 'approval';

/** Milliseconds to pause at `point`, 0 when the pause is off. */
export function pauseMs(point: PausePoint): number {
  const value = Number(process.env[`ZHOSPAR_TEST_PAUSE_${point.toUpperCase()}_MS`] ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Announces the pause on stdout (the test harness waits for the line) and waits. */
export async function testPause(point: PausePoint, detail: string): Promise<void> {
  const ms = pauseMs(point);
  if (ms === 0) return;
  process.stdout.write(`[test-pause] ${point} ${detail}\n`);
  await new Promise((resolve) => setTimeout(resolve, ms));
}
