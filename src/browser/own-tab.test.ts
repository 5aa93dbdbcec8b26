import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createLogger } from '../log.js';
import { XhsNewsError } from '../errors.js';
import { logTabNotClosed, withOwnTab } from './own-tab.js';

/** A context whose one page cannot be closed: the browser went away under it. */
function contextWithUnclosablePage(): { context: BrowserContext; closeCalls: () => number } {
  let calls = 0;
  const page = {
    on: () => page,
    off: () => page,
    isClosed: () => false,
    close: () => {
      calls += 1;
      return Promise.reject(new Error('Target page, context or browser has been closed'));
    },
  };
  const context = { newPage: () => Promise.resolve(page as unknown as Page) };
  return { context: context as unknown as BrowserContext, closeCalls: () => calls };
}

class TypedFailure extends Error {
  readonly code = 'timeout';
}

/** A page that does nothing; `close` resolves only when `closeNever` is false. */
function quietPage(closeNever: boolean): { page: Page; closed: () => boolean } {
  let closed = false;
  const page = {
    on: () => page,
    off: () => page,
    isClosed: () => closed,
    close: () => {
      if (closeNever) return new Promise<void>(() => undefined);
      closed = true;
      return Promise.resolve();
    },
  };
  return { page: page as unknown as Page, closed: () => closed };
}

describe('withOwnTab when Chrome hangs', () => {
  it('gives up on a tab Chrome does not open in time, and closes it when it comes late', async () => {
    const late = quietPage(false);
    let openLate: (page: Page) => void = () => undefined;
    const context = {
      newPage: () => new Promise<Page>((resolve) => (openLate = resolve)),
    } as unknown as BrowserContext;

    const result = withOwnTab(context, () => Promise.resolve('never run'), { openTimeoutMs: 50 });

    await expect(result).rejects.toBeInstanceOf(XhsNewsError);
    await expect(result).rejects.toMatchObject({ code: 'browser_unreachable', scope: 'run' });
    openLate(late.page);
    await expect.poll(() => late.closed()).toBe(true);
  });

  it('reports a close that never finishes instead of waiting for it', async () => {
    const { page } = quietPage(true);
    const context = { newPage: () => Promise.resolve(page) } as unknown as BrowserContext;
    const closeErrors: unknown[] = [];

    const result = await withOwnTab(context, () => Promise.resolve('image'), {
      closeTimeoutMs: 50,
      onCloseError: (error) => closeErrors.push(error),
    });

    expect(result).toBe('image');
    expect(closeErrors).toHaveLength(1);
  });
});

describe('withOwnTab', () => {
  it('keeps the error of the work when closing the tab fails too', async () => {
    const { context, closeCalls } = contextWithUnclosablePage();
    const closeErrors: unknown[] = [];

    const result = withOwnTab(
      context,
      () => Promise.reject(new TypedFailure('no image within 300 s')),
      { onCloseError: (error) => closeErrors.push(error) },
    );

    await expect(result).rejects.toBeInstanceOf(TypedFailure);
    expect(closeCalls()).toBe(1);
    expect(String(closeErrors[0])).toContain('has been closed');
  });

  it('returns the result of the work when closing the tab fails afterwards', async () => {
    const { context } = contextWithUnclosablePage();
    const closeErrors: unknown[] = [];

    const result = await withOwnTab(context, () => Promise.resolve('saved'), {
      onCloseError: (error) => closeErrors.push(error),
    });

    expect(result).toBe('saved');
    expect(closeErrors).toHaveLength(1);
  });

  it('reports a failed close as a process warning when no handler is given', async () => {
    const { context } = contextWithUnclosablePage();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      await expect(
        withOwnTab(context, () => Promise.reject(new TypedFailure('boom'))),
      ).rejects.toBeInstanceOf(TypedFailure);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.some((text) => text.includes('could not close our tab'))).toBe(true);
  });

  it('can say so in the run log, naming the post and the site', async () => {
    const { context } = contextWithUnclosablePage();
    const human = new PassThrough();
    let lines = '';
    human.on('data', (chunk: Buffer) => (lines += chunk.toString()));
    const log = createLogger({ level: 'info', human });

    await withOwnTab(context, () => Promise.resolve('saved'), {
      onCloseError: logTabNotClosed(log, '20261204-abcdef0123', 'creator center'),
    });

    expect(lines).toMatch(/warning: 20261204-abcdef0123: could not close our creator center tab/);
  });
});
