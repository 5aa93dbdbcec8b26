import type { StepEntry } from './errors.js';

/** Records what a long operation did and when, for evidence and for the error it may end in. */
export class StepLog {
  readonly entries: StepEntry[] = [];
  private readonly startedMs = Date.now();

  /** Adds a step; returns it so callers can log the same text. */
  step(step: string, detail?: string): StepEntry {
    const entry: StepEntry = { atMs: Date.now() - this.startedMs, step };
    if (detail !== undefined) entry.detail = detail;
    this.entries.push(entry);
    return entry;
  }

  get last(): string | undefined {
    return this.entries.at(-1)?.step;
  }
}

/**
 * What every long step receives: the signal that Ctrl-C or the budget aborts, the deadline
 * (epoch ms) of the phase it belongs to, and the step log it appends to.
 */
export interface Progress {
  signal: AbortSignal;
  deadlineMs: number;
  steps: StepLog;
}

/** A phase with its own budget inside a parent signal: aborted by the parent or the budget. */
export interface Budget extends Progress {
  /** True once the budget (not the parent) ended the phase. */
  readonly expired: boolean;
  dispose(): void;
}

/**
 * The longest wait a Node timer holds (about 24.8 days); a longer one would fire at once, so
 * every wait here is cut to it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function startBudget(parent: AbortSignal, budgetMs: number, steps = new StepLog()): Budget {
  const controller = new AbortController();
  let expired = false;
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(
    () => {
      expired = true;
      controller.abort(new DOMException('budget used up', 'TimeoutError'));
    },
    Math.min(budgetMs, MAX_TIMER_MS),
  );
  return {
    signal: controller.signal,
    deadlineMs: Date.now() + budgetMs,
    steps,
    get expired() {
      return expired;
    },
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

/** Milliseconds left before the deadline, never below zero. */
export function remainingMs(progress: Pick<Progress, 'deadlineMs'>): number {
  return Math.max(0, progress.deadlineMs - Date.now());
}

/** Rejects with the signal's reason when it aborts. */
export function throwIfAborted(signal: AbortSignal): void {
  signal.throwIfAborted();
}

/** Waits `ms`, or less if the signal aborts first (then rejects with an AbortError). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortErrorOf(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorOf(signal));
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortErrorOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('aborted', 'AbortError');
}

/** Rejects with the signal's reason as soon as it aborts, whatever `work` is doing. */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('aborted', 'AbortError');
}
