import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

export interface OwnTab {
  page: Page;
  /** Console messages of this tab so far, for evidence. */
  consoleLines: string[];
}

const MAX_CONSOLE_LINES = 500;

/**
 * Runs `work` in a tab of our own in the user's context and closes that tab afterwards, whatever
 * happened. Other tabs and the browser are never touched.
 */
export async function withOwnTab<T>(
  context: BrowserContext,
  work: (tab: OwnTab) => Promise<T>,
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
    if (!page.isClosed()) await page.close({ runBeforeUnload: false });
  }
}

function onPageError(lines: string[], error: Error): void {
  if (lines.length < MAX_CONSOLE_LINES) {
    lines.push(`[${new Date().toISOString()}] pageerror: ${error.message}`);
  }
}
