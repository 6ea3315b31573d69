/**
 * The one way tests wait for something that happens by itself (a job that runs,
 * a mail that arrives, a server that comes back): poll, bounded, and on failure
 * say what was awaited and why the last try failed.
 */
export interface EventuallyOptions {
  /** What is awaited, for the failure message ("the invitation email", "/api/ready answers 200"). */
  what: string;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between tries (default 50 ms). */
  intervalMs?: number;
}

/**
 * Calls `check` until it passes, and resolves with what it returned. `check` is
 * an assertion (passes when it does not throw) or a predicate (returning `false`
 * means "not yet"; any other value passes and is returned, so it can hand back
 * what it found). A try that throws is retried too; after `timeoutMs` the last
 * error or result is in the message (the error also as `cause`).
 */
export async function eventually<T>(check: () => T | false | Promise<T | false>, options: EventuallyOptions): Promise<T> {
  const { what, timeoutMs = 10_000, intervalMs = 50 } = options;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let tries = 0;
  let lastError: unknown;
  for (;;) {
    tries++;
    try {
      const value = await check();
      if (value !== false) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    const left = deadline - Date.now();
    if (left <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, left)));
  }
  const last = lastError === undefined ? "the check returned false" : `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
  throw new Error(`Timed out waiting for ${what} (${Date.now() - started} ms, ${tries} tries; ${last})`, lastError === undefined ? undefined : { cause: lastError });
}
