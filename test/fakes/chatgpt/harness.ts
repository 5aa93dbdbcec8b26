import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchTestChrome, type TestChrome } from '../../support/chromium.js';
import { startChatgptFake, type ChatgptFake, type FakeTiming } from './index.js';

/** The real address; Chromium maps it to the fake. */
export const APP_URL = 'https://chatgpt.com/';

/** A fake chatgpt.com with a Chromium that reaches it by its real name. */
export interface FakeWorld {
  fake: ChatgptFake;
  chrome: TestChrome;
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function startWorld(timing: Partial<FakeTiming>): Promise<FakeWorld> {
  const fake = await startChatgptFake(timing);
  const chrome = await launchTestChrome({ 'chatgpt.com': fake.port });
  const browser = await chromium.connectOverCDP(chrome.cdpUrl);
  const context = browser.contexts()[0];
  if (!context) throw new Error('Chromium has no default context');
  return {
    fake,
    chrome,
    browser,
    context,
    close: async () => {
      await browser.close();
      await chrome.close();
      await fake.close();
    },
  };
}

/** Opens a new chat and sends `prompt` the way a person types it, once the app is live. */
export async function sendPrompt(page: Page, prompt: string): Promise<void> {
  await page.goto(APP_URL);
  await waitForHydration(page);
  await page.locator('#prompt-textarea').click();
  await page.keyboard.insertText(prompt);
  await page.locator('form button[data-testid="send-button"]').click();
}

/**
 * Waits until the app has hydrated the composer: its first render replaces the server-rendered
 * send button, which carries the `disabled` attribute from the HTML.
 */
export async function waitForHydration(page: Page): Promise<void> {
  const serverButton = await page.locator('form button[data-testid="send-button"]').elementHandle();
  await page.waitForFunction((button) => !button?.isConnected, serverButton);
}

/** What the assistant turns show, read in one go as plain data. */
export interface TurnView {
  turnIds: string[];
  stopInComposer: boolean;
  loadingText: string | undefined;
  text: string;
  images: {
    fileId: string;
    src: string;
    alt: string;
    complete: boolean;
    width: number;
    blurred: boolean;
  }[];
}

export function readTurns(page: Page): Promise<TurnView> {
  return page.evaluate(() => {
    const sections = [...document.querySelectorAll('section[data-turn="assistant"]')];
    const images = sections.flatMap((section) => [...section.querySelectorAll('img')]);
    return {
      turnIds: sections.map((section) => section.getAttribute('data-turn-id') ?? ''),
      stopInComposer: document.querySelector('form [data-testid="stop-button"]') !== null,
      loadingText: document
        .querySelector('[data-testid="image-gen-loading-state"]')
        ?.textContent?.replaceAll(/\s+/g, ' ')
        .trim(),
      text: sections
        .map((section) => section.querySelector('[data-message-author-role="assistant"]'))
        .map((message) => message?.textContent ?? '')
        .join('\n'),
      images: images.map((img) => ({
        fileId: new URL(img.src).searchParams.get('id') ?? '',
        src: img.src,
        alt: img.alt,
        complete: img.complete,
        width: img.naturalWidth,
        blurred: getComputedStyle(img).filter.includes('blur'),
      })),
    };
  });
}

/** Waits until the assistant turn holds a finished image: no stop, no loading, a complete image. */
export async function waitForFinal(page: Page, timeoutMs = 10_000): Promise<TurnView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await readTurns(page);
    const done = view.images.some(
      (image) => image.complete && image.width >= 256 && !image.blurred,
    );
    if (done && !view.stopInComposer && view.loadingText === undefined) return view;
    if (Date.now() > deadline) throw new Error(`no final image: ${JSON.stringify(view)}`);
    await page.waitForTimeout(50);
  }
}

/** Fetches a URL inside the page, as the driver does, and returns status, type and bytes. */
export async function fetchInPage(
  page: Page,
  src: string,
  credentials: RequestCredentials,
): Promise<{ status: number; type: string; bytes: Buffer }> {
  const result = await page.evaluate(
    async ({ url, mode }) => {
      const response = await fetch(url, { credentials: mode });
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        base64: btoa(binary),
      };
    },
    { url: src, mode: credentials },
  );
  return { status: result.status, type: result.type, bytes: Buffer.from(result.base64, 'base64') };
}

/** Resolves when `predicate` holds, polling every 20 ms; throws after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
