import type { Page } from 'playwright-core';
import { RateLimitedError, SiteError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../../log.js';
import { sleep, startBudget, untilAborted, type Budget, type StepLog } from '../../progress.js';
import { evaluateInPage, isNavigationRace } from './in-page.js';
import { readPageState, type PageSnapshot } from './page-state.js';
import type { Selectors } from './selectors.js';

const NAVIGATION_PAUSE_MS = 50;

/** How one attempt (or recovery, or doctor check) drives its own tab. */
export interface RunOptions {
  page: Page;
  selectors: Selectors;
  steps: StepLog;
  log: Logger;
  postId: string;
  attempt: number;
  /** Ctrl-C. */
  signal: AbortSignal;
  /** The budget for the work on this tab; `0` is not allowed (a budget always ends). */
  budgetMs: number;
  /** Waiting for a person on a challenge or login wall; undefined = manual mode off. */
  manualTimeoutMs: number | undefined;
}

/**
 * The state of one attempt on its tab: the budget (paused while a person solves a challenge),
 * the step log, the conversation URL once the page has one, and errors that carry all of it.
 */
export class TabRun {
  readonly page: Page;
  readonly selectors: Selectors;
  readonly steps: StepLog;
  readonly log: Logger;
  readonly options: RunOptions;
  budget: Budget;
  conversationUrl: string | undefined;
  fileId: string | undefined;
  /** What the page showed last while we waited, for the timeout message. */
  lastSeen: string | undefined;
  private warnedSelectors = false;
  /** The page as the last read saw it; a read of a page that changed since answers at once. */
  private lastFingerprint: string | undefined;

  constructor(options: RunOptions) {
    this.options = options;
    this.page = options.page;
    this.selectors = options.selectors;
    this.steps = options.steps;
    this.log = options.log;
    this.budget = startBudget(options.signal, options.budgetMs, options.steps);
  }

  get signal(): AbortSignal {
    return this.budget.signal;
  }

  /**
   * Reads the page state once, after waiting up to `waitForChangeMs` for the page to change.
   * Undefined when the page was navigating (its document went away mid-read): read again.
   */
  async read(waitForChangeMs: number): Promise<PageSnapshot | undefined> {
    try {
      const state = await untilAborted(
        readPageState(this.page, this.selectors, {
          waitForChangeMs,
          since: this.lastFingerprint,
        }),
        this.signal,
      );
      this.lastFingerprint = state.fingerprint;
      this.noteUrl(state.url);
      this.warnBadSelectors(state.badSelectors);
      return state;
    } catch (error) {
      if (!isNavigationRace(error) || this.signal.aborted) throw error;
      // Give the new document a moment instead of spinning on reads that cannot succeed.
      await sleep(NAVIGATION_PAUSE_MS, this.signal);
      return undefined;
    }
  }

  /** Keeps the conversation URL once it is final (`/c/<uuid>`, not the interim `/c/WEB:…`). */
  noteUrl(url: string): void {
    const final = conversationUrlOf(url);
    if (final) this.conversationUrl = final;
  }

  /** Runs `work` with the attempt budget paused, e.g. while a person solves a challenge. */
  async paused<T>(work: () => Promise<T>): Promise<T> {
    const leftMs = Math.max(1, this.budget.deadlineMs - Date.now());
    this.budget.dispose();
    try {
      return await work();
    } finally {
      this.budget = startBudget(this.options.signal, leftMs, this.steps);
    }
  }

  /** A typed failure carrying the post, attempt, current step, step log and URL. */
  fail(code: ErrorCode, message: string, cause?: unknown): SiteError {
    return new SiteError(code, message, this.context(cause));
  }

  rateLimited(detail: string, resetsIn: string | undefined): RateLimitedError {
    const when = resetsIn ? `; it resets in ${resetsIn}` : '';
    return new RateLimitedError(
      `ChatGPT refuses more images for now ("${detail}")${when}. Run again after that.`,
      resetsIn,
      this.context(undefined),
    );
  }

  private context(cause: unknown) {
    return {
      postId: this.options.postId,
      attempt: this.options.attempt,
      step: this.steps.last,
      steps: [...this.steps.entries],
      url: this.conversationUrl ?? this.page.url(),
      cause,
    };
  }

  /**
   * Presses the stop button inside the composer, if there is one, so a generation we give up
   * on does not go on in the account. Best effort with a short bound: the tab closes next.
   */
  async pressStop(): Promise<boolean> {
    if (this.page.isClosed()) return false;
    const bound = AbortSignal.timeout(2_000);
    try {
      return await untilAborted(evaluateInPage(this.page, clickStopInPage, this.selectors), bound);
    } catch (error) {
      this.log.debug({ err: String(error) }, 'could not press stop; the tab is closed next');
      return false;
    }
  }

  dispose(): void {
    this.budget.dispose();
  }

  private warnBadSelectors(bad: readonly string[]): void {
    if (bad.length === 0 || this.warnedSelectors) return;
    this.warnedSelectors = true;
    this.log.warn(
      { postId: this.options.postId, selectors: bad },
      `the browser rejects these selectors from selectors.json as invalid CSS: ${bad.join(', ')}`,
    );
  }
}

/** `https://chatgpt.com/c/<uuid>` from any URL of that conversation; undefined otherwise. */
export function conversationUrlOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (!/^\/c\/[0-9a-f][0-9a-f-]{7,}$/i.test(parsed.pathname)) return undefined;
  return `${parsed.origin}${parsed.pathname}`;
}

/** Runs inside the page. */
function clickStopInPage(sel: Selectors): boolean {
  const pick = (root: ParentNode, list: string[]) =>
    list.map((s) => root.querySelector(s)).find((el) => el !== null) ?? undefined;
  const composer = pick(document, sel.composer);
  const scope = composer
    ? sel.composerScope.map((s) => composer.closest(s)).find((el) => el !== null)
    : undefined;
  const stop = scope ? pick(scope, sel.stop) : undefined;
  if (stop instanceof HTMLElement) {
    stop.click();
    return true;
  }
  return false;
}
