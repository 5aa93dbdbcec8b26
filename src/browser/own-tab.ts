import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { errorMessage } from '../errors.js';
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
}

const MAX_CONSOLE_LINES = 500;

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
  const page = await context.newPage();
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
    await closeTab(page, options.onCloseError ?? warnCloseFailed);
  }
}

async function closeTab(page: Page, onCloseError: (error: unknown) => void): Promise<void> {
  try {
    if (!page.isClosed()) await page.close({ runBeforeUnload: false });
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
