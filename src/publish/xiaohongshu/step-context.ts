import type { Page, Response } from 'playwright-core';
import { XhsNewsError, errorMessage, type ErrorCode } from '../../errors.js';
import { sleep, startBudget, type Budget, type StepLog } from '../../progress.js';
import type { XhsSelectors } from './selectors.js';

/** What every step of a draft attempt works with. */
export interface StepContext {
  page: Page;
  selectors: XhsSelectors;
  steps: StepLog;
  /** Aborted by Ctrl-C; each step adds its own budget inside it. */
  signal: AbortSignal;
  stepTimeoutMs: number;
  postId?: string;
  attempt?: number;
  /** The browser profile that holds the drafts, for messages that send the person there. */
  profile?: string;
  /** Set by {@link watchPage}: the first risk-control answer the page got. */
  riskResponse?: string;
}

const POLL_INTERVAL_MS = 200;

/** An XhsNewsError carrying the attempt's context: post, attempt, step, step log, URL. */
export function failure(
  ctx: StepContext,
  code: ErrorCode,
  message: string,
  cause?: unknown,
): XhsNewsError {
  return new XhsNewsError(code, message, {
    postId: ctx.postId,
    attempt: ctx.attempt,
    step: ctx.steps.last,
    steps: [...ctx.steps.entries],
    url: ctx.page.isClosed() ? undefined : ctx.page.url(),
    cause,
  });
}

/**
 * Notes risk-control answers as they arrive: HTTP 461/471, or a JSON answer of the site's API
 * whose `code` is in the risk-control range (the site often sends those with HTTP 200);
 * `checkPage` turns them into errors.
 */
export function watchPage(ctx: StepContext): () => void {
  const onResponse = (response: Response) => {
    if (ctx.riskResponse !== undefined) return;
    const { pathname } = new URL(response.url());
    if (ctx.selectors.riskStatuses.includes(response.status())) {
      ctx.riskResponse = `HTTP ${response.status()} from ${pathname}`;
      return;
    }
    if (!isApiJson(response, pathname, ctx.selectors)) return;
    void response.json().then(
      (body: unknown) => {
        const code = riskCode(body, ctx.selectors.riskCodeRange);
        if (code !== undefined && ctx.riskResponse === undefined) {
          ctx.riskResponse = `code ${code} from ${pathname}`;
        }
      },
      (error: unknown) => {
        // The body is gone when the page navigated or closed meanwhile; nothing to check then.
        ctx.steps.step('answer not read', `${pathname}: ${errorMessage(error)}`);
      },
    );
  };
  ctx.page.on('response', onResponse);
  return () => ctx.page.off('response', onResponse);
}

function isApiJson(response: Response, pathname: string, selectors: XhsSelectors): boolean {
  const type = response.headers()['content-type'] ?? '';
  return type.includes('json') && selectors.apiPathPrefixes.some((p) => pathname.startsWith(p));
}

/** The risk-control `code` of a JSON answer, if it carries one in `range`. */
export function riskCode(body: unknown, range: readonly [number, number]): number | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const code = Number((body as { code?: unknown }).code);
  return Number.isInteger(code) && code >= range[0] && code <= range[1] ? code : undefined;
}

/**
 * Stops the attempt when the session is gone (login page) or risk control answered. Called
 * between every action and in every wait.
 */
export async function checkPage(ctx: StepContext): Promise<void> {
  if (isLoginUrl(ctx.page.url(), ctx.selectors)) {
    throw failure(ctx, 'not_logged_in', notLoggedInMessage());
  }
  if (ctx.riskResponse !== undefined) {
    throw failure(ctx, 'risk_control', riskMessage(ctx.riskResponse));
  }
  const riskText = await pageRiskText(ctx);
  if (riskText !== undefined) throw failure(ctx, 'risk_control', riskMessage(`「${riskText}」`));
}

export function isLoginUrl(url: string, selectors: XhsSelectors): boolean {
  try {
    const { pathname } = new URL(url);
    return selectors.loginPaths.some((prefix) => pathname.startsWith(prefix));
  } catch {
    // about:blank and the like are not the login page.
    return false;
  }
}

export function notLoggedInMessage(): string {
  return (
    'the creator center sent us to its login page: log in at https://creator.xiaohongshu.com ' +
    'in the Chrome profile xhs-news uses, then run again'
  );
}

function riskMessage(what: string): string {
  return (
    `Xiaohongshu risk control answered (${what}); stop for now, open the creator center by ` +
    'hand to see what it asks, and try again later. Retrying now makes it worse.'
  );
}

async function pageRiskText(ctx: StepContext): Promise<string | undefined> {
  const arg = { texts: ctx.selectors.riskTexts, skip: ctx.selectors.ownTextContainers.join(',') };
  // While the page navigates there is no document to read; the next check reads the new one.
  return ctx.page.evaluate(findPageTextInPage, arg).catch(() => undefined);
}

/** In the page: the first of `texts` shown in a visible text node outside our own text. */
function findPageTextInPage(arg: { texts: string[]; skip: string }): string | undefined {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent ?? '';
    if (!parent || text.trim() === '' || (arg.skip !== '' && parent.closest(arg.skip))) continue;
    const hit = arg.texts.find((wanted) => text.includes(wanted));
    if (hit !== undefined && parent.getClientRects().length > 0) return hit;
  }
  return undefined;
}

export interface StepOptions {
  /** The step's budget; `stepTimeoutMs` when absent. */
  budgetMs?: number;
  /** The code of a step that runs out of time or fails for an unknown reason. */
  code: ErrorCode;
  /** What a person reads when the budget runs out. */
  timeoutMessage: string;
}

/**
 * Runs one step with its own budget, logging it. Our own errors pass through; a used-up budget
 * or a Playwright timeout becomes `code` with the timeout message; Ctrl-C passes through.
 */
export async function runStep<T>(
  ctx: StepContext,
  name: string,
  options: StepOptions,
  work: (budget: Budget) => Promise<T>,
): Promise<T> {
  ctx.steps.step(name);
  const budget = startBudget(ctx.signal, options.budgetMs ?? ctx.stepTimeoutMs, ctx.steps);
  try {
    return await work(budget);
  } catch (error) {
    if (ctx.signal.aborted || error instanceof XhsNewsError) throw error;
    const timedOut = budget.expired || (error instanceof Error && error.name === 'TimeoutError');
    const message = timedOut ? options.timeoutMessage : `${name} failed: ${errorMessage(error)}`;
    throw failure(ctx, options.code, message, error);
  } finally {
    budget.dispose();
  }
}

/**
 * Asks `probe` until it returns a value, checking the page between tries; the budget's end
 * ends the wait (as a timeout of the step).
 */
export async function pollUntil<T>(
  ctx: StepContext,
  budget: Budget,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (;;) {
    await checkPage(ctx);
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(POLL_INTERVAL_MS, budget.signal);
  }
}

/**
 * Like {@link pollUntil} with a budget of its own, for outcomes that are not failures (a topic
 * the dropdown never offered): `undefined` when the budget runs out.
 */
export async function pollFor<T>(
  ctx: StepContext,
  budgetMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const budget = startBudget(ctx.signal, budgetMs, ctx.steps);
  try {
    return await pollUntil(ctx, budget, probe);
  } catch (error) {
    if (budget.expired && !ctx.signal.aborted && !(error instanceof XhsNewsError)) return undefined;
    throw error;
  } finally {
    budget.dispose();
  }
}
