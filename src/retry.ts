import { XhsNewsError, errorMessage, isAbortError, type AttemptFailure } from './errors.js';
import { sleep } from './progress.js';

export interface AttemptInfo {
  /** 1-based. */
  attempt: number;
  maxAttempts: number;
}

export interface RetryOptions<T> {
  maxAttempts: number;
  sleepMs: number;
  signal: AbortSignal;
  /** One attempt. Failures must be XhsNewsError; anything else is treated as a bug and rethrown. */
  run: (info: AttemptInfo) => Promise<T>;
  /**
   * Before attempt n > 1: look whether the failed attempt's work finished after all (a late
   * image, a draft that was saved). A value ends the loop as a success without a new attempt.
   */
  recover?: (failure: XhsNewsError, info: AttemptInfo) => Promise<T | undefined>;
  /** Where an attempt's evidence went (relative to the post folder), for its failure record. */
  evidenceOf?: (attempt: number) => string | undefined;
  /**
   * Called once per failed attempt, with every failure so far, before any sleep; awaited, so a
   * record of the attempts is on disk before the next one starts.
   */
  onFailure?: (
    failure: XhsNewsError,
    info: AttemptInfo & { willRetry: boolean; failures: readonly AttemptFailure[] },
  ) => void | Promise<void>;
}

export type RetryResult<T> =
  | { ok: true; value: T; attempts: number; failures: AttemptFailure[]; recoveredFrom?: number }
  | { ok: false; error: XhsNewsError; attempts: number; failures: AttemptFailure[] };

/**
 * Our own small attempt loop. It counts attempts (not retries), keeps the history of every
 * failure, retries only what the error's scope calls retryable, asks `recover` before paying for
 * a new attempt, and sleeps between attempts in a way Ctrl-C ends at once.
 */
export async function withAttempts<T>(options: RetryOptions<T>): Promise<RetryResult<T>> {
  const failures: AttemptFailure[] = [];
  let lastError: XhsNewsError | undefined;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const info = { attempt, maxAttempts: options.maxAttempts };
    if (lastError !== undefined && options.recover) {
      const recovered = await options.recover(lastError, info);
      if (recovered !== undefined) {
        return {
          ok: true,
          value: recovered,
          attempts: attempt - 1,
          failures,
          recoveredFrom: attempt - 1,
        };
      }
    }
    try {
      const value = await options.run(info);
      return { ok: true, value, attempts: attempt, failures };
    } catch (error) {
      if (isAbortError(error) || !(error instanceof XhsNewsError)) throw error;
      lastError = error;
      failures.push(failureOf(error, attempt, options.evidenceOf?.(attempt)));
      const willRetry = error.retryable && attempt < options.maxAttempts;
      await options.onFailure?.(error, { ...info, willRetry, failures });
      if (!willRetry) return { ok: false, error, attempts: attempt, failures };
      await sleep(options.sleepMs, options.signal);
    }
  }
  // The loop always returns from inside; this satisfies the type checker for maxAttempts < 1.
  throw new Error(`maxAttempts must be at least 1, got ${options.maxAttempts}`);
}

/** One failure as `post.json` keeps it. */
export function failureOf(error: XhsNewsError, attempt: number, evidence?: string): AttemptFailure {
  const failure: AttemptFailure = {
    attempt,
    code: error.code,
    message: errorMessage(error),
    at: new Date().toISOString(),
  };
  if (evidence !== undefined) failure.evidence = evidence;
  return failure;
}

/** The last `n` failures, oldest first, as `post.json` keeps them. */
export function lastFailures(failures: readonly AttemptFailure[], n = 3): AttemptFailure[] {
  return failures.slice(-n);
}
