import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChromeSession } from '../../browser/connect.js';
import { SiteError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import { runChatgptAttempt } from './attempt.js';
import { DEFAULT_SELECTORS } from './selectors.js';

/** A session whose Chrome went away: no tab can be opened in it. */
function goneSession(): ChromeSession {
  const context = {
    newPage: () => Promise.reject(new Error('Target page, context or browser has been closed')),
  } as unknown as BrowserContext;
  return {
    browser: {} as ChromeSession['browser'],
    context,
    browserWsUrl: 'ws://127.0.0.1:9222/devtools/browser/gone',
    disconnect: () => Promise.resolve(),
  };
}

describe('runChatgptAttempt', () => {
  it('tells the person to start Chrome again when no tab can be opened', async () => {
    const attempt = runChatgptAttempt(
      {
        session: goneSession(),
        attemptTimeoutMs: 5_000,
        minBytes: 50_000,
        manualTimeoutMs: undefined,
        selectors: DEFAULT_SELECTORS,
        log: silentLogger(),
      },
      {
        postId: '20261204-0123456789',
        prompt: 'a lighthouse',
        headline: '灯塔',
        series: '每日新闻',
        source: '示例',
        dateText: '2026年12月4日',
      },
      {
        attempt: 1,
        runId: '20261204T080000000Z-abcd',
        signal: new AbortController().signal,
        log: silentLogger(),
        evidenceDir: () => Promise.reject(new Error('no evidence before a tab exists')),
      },
    );

    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteError);
    expect(error).toMatchObject({ code: 'browser_unreachable', scope: 'run', step: 'open_tab' });
    expect((error as Error).message).toMatch(/Start Chrome again \(`xhs-news chrome`/);
  });
});
