import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { XhsNewsError, errorMessage } from '../errors.js';
import { untilAborted } from '../progress.js';
import type { Logger } from '../log.js';

export interface OwnTab {
  page: Page;
  /** Console messages of this tab so far, for evidence. */
  consoleLines: string[];
}

/** Options of `withOwnTab`. */
export interface OwnTabOptions {
  /**
   * Told when our tab could not be closed (usually: the browser went away). The error of `work`,
   * if any, is what the caller gets either way. Default: a process warning.
   */
  onCloseError?: (error: unknown) => void;
  /** How long Chrome may take to open our tab before it counts as gone. Default 30 s. */
  openTimeoutMs?: number;
  /** How long closing our tab may take before it is reported to `onCloseError`. Default 10 s. */
  closeTimeoutMs?: number;
}

const MAX_CONSOLE_LINES = 500;
const TAB_OPEN_TIMEOUT_MS = 30_000;
const TAB_CLOSE_TIMEOUT_MS = 10_000;

/**
 * Runs `work` in a tab of our own in the user's context and closes that tab afterwards, whatever
 * happened. Other tabs and the browser are never touched. A tab that cannot be closed is reported
 * to `onCloseError` and never replaces the result or the error of `work`.
 */
export async function withOwnTab<T>(
  context: BrowserContext,
  work: (tab: OwnTab) => Promise<T>,
  options: OwnTabOptions = {},
): Promise<T> {
  const page = await openTab(context, options.openTimeoutMs ?? TAB_OPEN_TIMEOUT_MS);
  const consoleLines: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (consoleLines.length < MAX_CONSOLE_LINES) {
      consoleLines.push(`[${new Date().toISOString()}] ${message.type()}: ${message.text()}`);
    }
  };
  page.on('console', onConsole);
  page.on('pageerror', (error) => onPageError(consoleLines, error));
  try {
    return await work({ page, consoleLines });
  } finally {
    page.off('console', onConsole);
    const closeTimeoutMs = options.closeTimeoutMs ?? TAB_CLOSE_TIMEOUT_MS;
    await closeTab(page, closeTimeoutMs, options.onCloseError ?? warnCloseFailed);
  }
}

/**
 * A new tab, or `browser_unreachable` when Chrome does not open one in time: a Chrome that hangs
 * must not hold the batch past its stated bound.
 */
async function openTab(context: BrowserContext, timeoutMs: number): Promise<Page> {
  const opening = context.newPage();
  try {
    return await untilAborted(opening, AbortSignal.timeout(timeoutMs));
  } catch (error) {
    // A tab that opens after we stopped waiting is closed as soon as it exists.
    void opening.then((late) => late.close()).catch(() => undefined);
    if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    throw new XhsNewsError(
      'browser_unreachable',
      `Chrome did not open a tab within ${timeoutMs / 1000} s. Restart it ` +
        '(`xhs-news chrome`), check it with `xhs-news doctor`, and run again.',
      { cause: error },
    );
  }
}

async function closeTab(
  page: Page,
  timeoutMs: number,
  onCloseError: (error: unknown) => void,
): Promise<void> {
  try {
    if (page.isClosed()) return;
    const closing = page.close({ runBeforeUnload: false });
    await untilAborted(closing, AbortSignal.timeout(timeoutMs));
  } catch (error) {
    onCloseError(error);
  }
}

/**
 * An `onCloseError` that says so in the run log, with the post and the site, where the person
 * running the batch sees it.
 */
export function logTabNotClosed(log: Logger, postId: string, site: string) {
  return (error: unknown): void => {
    const message = errorMessage(error).split('\n')[0] ?? '';
    log.warn({ postId, err: message }, `${postId}: could not close our ${site} tab: ${message}`);
  };
}

function warnCloseFailed(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`could not close our tab: ${message.split('\n')[0] ?? ''}`);
}

function onPageError(lines: string[], error: Error): void {
  if (lines.length < MAX_CONSOLE_LINES) {
    lines.push(`[${new Date().toISOString()}] pageerror: ${error.message}`);
  }
}
