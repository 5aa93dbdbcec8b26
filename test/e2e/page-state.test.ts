import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPageState } from '../../src/images/chatgpt/page-state.js';
import { DEFAULT_SELECTORS } from '../../src/images/chatgpt/selectors.js';
import { launchTestChrome, type TestChrome } from '../support/chromium.js';

let chrome: TestChrome;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  chrome = await launchTestChrome({});
  browser = await chromium.connectOverCDP(chrome.cdpUrl);
  page = await browser.contexts()[0]!.newPage();
  await page.setContent('<main><p>before</p></main>');
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await chrome?.close();
});

describe('reading the ChatGPT page state', () => {
  it('answers at once for a change that came between two reads, without waiting for another', async () => {
    const first = await readPageState(page, DEFAULT_SELECTORS, { waitForChangeMs: 0 });
    await page.evaluate(() => document.querySelector('main')?.append('after'));

    // With nothing else changing, a read that waited for the next change would sit out its
    // 50 s and fail this test on its 10 s limit.
    const second = await readPageState(page, DEFAULT_SELECTORS, {
      waitForChangeMs: 50_000,
      since: first.fingerprint,
    });

    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.bodyText).toContain('after');
  }, 10_000);
});
