/** Backoff of {@link retryUntilDone}. */
export interface RetryOptions {
  /** First wait after a failure, ms (default 100). */
  initialDelayMs?: number;
  /** Longest wait between attempts, ms (default 5000). */
  maxDelayMs?: number;
  /** Checked before every attempt; true ends the loop without success (process shutting down). */
  isStopped?: () => boolean;
  /** Called on each failure with the attempt number (from 1); default logs the 1st and every 10th. */
  onFailure?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `attempt` until it resolves, waiting with exponential backoff (×2, capped) between failures.
 * Used for document stores: Hocuspocus 4.7 only logs a failed `onStoreDocument` and stores again on
 * the next change, and a document whose last client left is then unloaded with the unstored edits.
 * Retrying inside the hook keeps its save mutex held, so the document stays in memory until its
 * state is in PostgreSQL. Resolves true when done, false when stopped.
 */
export async function retryUntilDone(what: string, attempt: () => Promise<void>, options: RetryOptions = {}): Promise<boolean> {
  const initial = options.initialDelayMs ?? 100;
  const max = options.maxDelayMs ?? 5000;
  const onFailure =
    options.onFailure ??
    ((error: unknown, n: number): void => {
      if (n === 1 || n % 10 === 0) console.error(`[retry] ${what} failed (attempt ${n}); retrying with backoff:`, describe(error));
    });
  for (let n = 1; ; n += 1) {
    if (options.isStopped?.()) return false;
    try {
      await attempt();
      if (n > 1) console.error(`[retry] ${what} succeeded after ${n} attempts`);
      return true;
    } catch (error) {
      onFailure(error, n);
    }
    const delay = Math.min(max, initial * 2 ** Math.min(n - 1, 20));
    await new Promise<void>((resolve) => setTimeout(resolve, delay).unref());
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n').filter(Boolean).slice(-1)[0] ?? error.name : String(error);
}
