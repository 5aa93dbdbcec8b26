import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_URL,
  fetchInPage,
  readTurns,
  sendPrompt,
  startWorld,
  until,
  waitForFinal,
  waitForHydration,
  type FakeWorld,
} from './harness.js';
import { SESSION_COOKIE } from './index.js';

const TIMING = { generationMs: 300, slowMs: 1_500, deferredMs: 900, previewEveryMs: 80 };
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

let world: FakeWorld;
const pages: Page[] = [];

beforeAll(async () => {
  world = await startWorld(TIMING);
});
afterAll(async () => {
  await world.close();
});
afterEach(async () => {
  world.fake.setPageState('ok');
  world.fake.setDefault('ok');
  for (const page of pages.splice(0)) if (!page.isClosed()) await page.close();
});

async function open(): Promise<Page> {
  const page = await world.context.newPage();
  pages.push(page);
  return page;
}

function eventsOf(type: string, prompt?: string) {
  return world.fake.events.filter(
    (event) => event.type === type && (prompt === undefined || event.prompt === prompt),
  );
}

describe('the composer', () => {
  it('ignores text set from a script but takes insertText, Backspace and Enter', async () => {
    const page = await open();
    await page.goto(APP_URL);
    await waitForHydration(page);
    const editor = page.locator('#prompt-textarea');
    const send = page.locator('form button[data-testid="send-button"]');
    await editor.evaluate((node) => {
      node.textContent = 'set from a script';
      node.dispatchEvent(
        new InputEvent('beforeinput', { inputType: 'insertText', data: 'x', cancelable: true }),
      );
      node.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: 'x' }));
    });
    await page.waitForTimeout(50);
    expect(await send.isDisabled()).toBe(true);
    expect(await editor.textContent()).toBe('');

    await editor.click();
    await page.keyboard.insertText('a red kite');
    await page.keyboard.press('Backspace');
    expect(await editor.textContent()).toBe('a red kit');
    expect(await send.isEnabled()).toBe(true);
    await page.keyboard.press('Enter');
    await until(() => eventsOf('send', 'a red kit').length === 1);
    expect(await editor.textContent()).toBe('');
  });

  it('keeps its stop button inside the composer while a voice stop button sits elsewhere', async () => {
    world.fake.script('stop placement', ['hang']);
    const page = await open();
    await sendPrompt(page, 'stop placement');
    await page.locator('form [data-testid="stop-button"]').waitFor();
    expect(await page.locator('form [data-testid="send-button"]').count()).toBe(0);
    expect(await page.locator('[data-testid*="stop"]').count()).toBe(2);
    expect(await page.locator('form [data-testid="voice-stop-button"]').count()).toBe(0);
    expect(await page.locator('[data-testid="voice-stop-button"]').isVisible()).toBe(true);
  });
});

describe('the session', () => {
  it('estuary answers 422 without the session cookie and the final bytes with it', async () => {
    const page = await open();
    await sendPrompt(page, 'estuary check');
    const view = await waitForFinal(page);
    const main = view.images.find((image) => image.alt.startsWith('Generated image: '));
    const without = await fetchInPage(page, main?.src ?? '', 'omit');
    const withSession = await fetchInPage(page, main?.src ?? '', 'include');
    expect(without.status).toBe(422);
    expect(withSession.status).toBe(200);
    expect(withSession.type).toBe('image/png');
    expect(
      withSession.bytes.equals(world.fake.finalImages.get(main?.fileId ?? '') ?? Buffer.alloc(0)),
    ).toBe(true);
    const fetched = eventsOf('image_fetched').filter((event) => event.fileId === main?.fileId);
    expect(fetched.map((event) => event.detail)).toContain('without_session dest=empty');
  });

  it('sets an HttpOnly session cookie and plants every secret in or around the page', async () => {
    const page = await open();
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    await page.goto(APP_URL);
    await until(() => consoleLines.some((line) => line.includes('[sentinel]')));
    const cookie = (await world.context.cookies(APP_URL)).find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    expect(world.fake.plantedSecrets).toContain(cookie?.value);

    const html = await page.content();
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    const everywhere = [html, storage, consoleLines.join('\n'), cookie?.value ?? ''].join('\n');
    expect(world.fake.plantedSecrets).toHaveLength(6);
    for (const secret of world.fake.plantedSecrets) expect(everywhere).toContain(secret);
    expect(await page.evaluate(() => document.cookie)).not.toContain(cookie?.value ?? '?');
  });
});

describe('fidelity to the real page', () => {
  it('wipes text typed into the server-rendered composer before the app hydrates', async () => {
    const hydrationMs = world.fake.timing.hydrationMs;
    world.fake.timing.hydrationMs = 1_500;
    try {
      const page = await open();
      await page.goto(APP_URL);
      const editor = page.locator('#prompt-textarea');
      await editor.click();
      await page.keyboard.insertText('too early');
      expect(await editor.textContent()).toBe('too early');
      await waitForHydration(page);
      expect(await editor.textContent()).toBe('');
      expect(await page.locator('form button[data-testid="send-button"]').isDisabled()).toBe(true);
    } finally {
      world.fake.timing.hydrationMs = hydrationMs;
    }
  });

  it('keeps an earlier conversation image inside main on a new chat in earlier_image', async () => {
    world.fake.setPageState('earlier_image');
    const page = await open();
    await page.goto(APP_URL);
    const inTurn = page.locator(
      'main section[data-turn="assistant"] img[alt="Generated image: Lighthouse at dawn"]',
    );
    await expect.poll(() => inTurn.count()).toBe(1);
    await sendPrompt(page, 'after an earlier image');
    await until(() => eventsOf('image_final', 'after an earlier image').length === 1);
    await expect.poll(() => readTurns(page).then((view) => view.images.length)).toBe(6);
    expect(await inTurn.count()).toBe(1);
  });

  it('loads the conversation page anew after sending in the navigate behaviour', async () => {
    world.fake.script('hard nav', ['navigate']);
    const page = await open();
    await sendPrompt(page, 'hard nav');
    await until(() =>
      eventsOf('page_view').some((e) => new RegExp(`/c/${UUID}$`).test(e.detail ?? '')),
    );
    await page.waitForURL(new RegExp(`/c/${UUID}$`), { waitUntil: 'load' });
    const view = await waitForFinal(page);
    expect(view.images.length).toBeGreaterThan(0);
  });

  it('remounts the composer form and its button while re-rendering', async () => {
    world.fake.script('churn form', ['rerender']);
    const page = await open();
    await sendPrompt(page, 'churn form');
    const form = await page.locator('main form').elementHandle();
    await expect.poll(() => form?.evaluate((node) => !node.isConnected)).toBe(true);
  });

  it('never enables the send button in send_stuck', async () => {
    world.fake.setPageState('send_stuck');
    const page = await open();
    await page.goto(APP_URL);
    await waitForHydration(page);
    await page.locator('#prompt-textarea').click();
    await page.keyboard.insertText('stuck');
    expect(await page.locator('#prompt-textarea').textContent()).toBe('stuck');
    expect(await page.locator('form button[data-testid="send-button"]').isDisabled()).toBe(true);
  });
});

describe('the conversation', () => {
  it('moves the URL from / to /c/WEB:… and then to /c/<uuid>', async () => {
    const page = await open();
    const urls: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) urls.push(new URL(frame.url()).pathname);
    });
    await sendPrompt(page, 'url check');
    await waitForFinal(page);
    const webIndex = urls.findIndex((path) => new RegExp(`^/c/WEB:${UUID}$`).test(path));
    const uuidIndex = urls.findIndex((path) => new RegExp(`^/c/${UUID}$`).test(path));
    expect(urls[0]).toBe('/');
    expect(webIndex).toBeGreaterThan(0);
    expect(uuidIndex).toBeGreaterThan(webIndex);
  });

  it('shows an earlier image outside the thread before anything is sent', async () => {
    const page = await open();
    await page.goto(APP_URL);
    const earlier = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('img[alt="Generated image: earlier"]');
      return (
        img && { complete: img.complete, width: img.naturalWidth, inMain: !!img.closest('main') }
      );
    });
    expect(earlier).toEqual({ complete: true, width: 1024, inMain: false });
  });

  it('renders a finished image later at its conversation URL after the tab was closed', async () => {
    world.fake.script('recover me', ['slow']);
    const page = await open();
    await sendPrompt(page, 'recover me');
    await page.waitForURL(new RegExp(`/c/${UUID}$`));
    const conversationUrl = page.url();
    await page.close({ runBeforeUnload: false });
    expect(eventsOf('image_final', 'recover me')).toHaveLength(0);
    await until(() => eventsOf('image_final', 'recover me').length === 1, 5_000);

    const later = await open();
    await later.goto(conversationUrl);
    const view = await waitForFinal(later);
    const fileId = eventsOf('image_final', 'recover me')[0]?.fileId;
    expect(view.images.filter((image) => image.fileId === fileId)).toHaveLength(3);
  });

  it('shows "Image created" in other tabs only', async () => {
    const other = await open();
    await other.goto(APP_URL);
    const page = await open();
    await sendPrompt(page, 'toast check');
    await waitForFinal(page);
    await other.getByText('Image created').waitFor({ timeout: 2_000 });
    expect(await page.getByText('Image created').count()).toBe(0);
  });

  it('logs stop_pressed and ends the turn without an image when stop is clicked', async () => {
    world.fake.script('stop me', ['hang']);
    const page = await open();
    await sendPrompt(page, 'stop me');
    await page.locator('form [data-testid="stop-button"]').click();
    await page.locator('form [data-testid="send-button"]').waitFor();
    const view = await readTurns(page);
    expect(eventsOf('stop_pressed')).toHaveLength(1);
    expect(view.loadingText).toBeUndefined();
    expect(view.images).toHaveLength(0);
  });

  it('logs tab_closed when the tab is closed', async () => {
    const page = await open();
    await page.goto(APP_URL);
    const before = eventsOf('tab_closed').length;
    await page.close({ runBeforeUnload: false });
    await until(() => eventsOf('tab_closed').length === before + 1, 3_000);
  });
});

describe('page states', () => {
  it('logged_out: a Log in button, no composer, and the APIs refuse', async () => {
    world.fake.setPageState('logged_out');
    const page = await open();
    await page.goto(APP_URL);
    expect(await page.locator('[data-testid="login-button"]').textContent()).toBe('Log in');
    expect(await page.locator('#prompt-textarea, textarea').count()).toBe(0);
    const status = await page.evaluate(
      async () => (await fetch('/backend-api/conversation/x')).status,
    );
    expect(status).toBe(401);
  });

  it('cloudflare: the interstitial, which reloads into the app by itself after solve()', async () => {
    world.fake.setPageState('cloudflare');
    const page = await open();
    await page.goto(APP_URL);
    expect(await page.title()).toBe('Just a moment...');
    expect(await page.locator('#challenge-form').count()).toBe(1);
    expect(await page.locator('#cf-challenge-running').count()).toBe(1);
    expect(await page.locator('iframe').getAttribute('src')).toMatch(
      /^https:\/\/challenges\.cloudflare\.com\//,
    );
    expect(await page.locator('body').textContent()).toContain('Verify you are human');
    world.fake.solve();
    await page.locator('#prompt-textarea').waitFor({ timeout: 3_000 });
    expect(await page.title()).toBe('ChatGPT');
  });

  it('logged_out also turns into the app by itself after solve()', async () => {
    world.fake.setPageState('logged_out');
    const page = await open();
    await page.goto(APP_URL);
    world.fake.solve();
    await page.locator('#prompt-textarea').waitFor({ timeout: 3_000 });
  });

  it('redesigned: a textarea composer that works, and none of the old selectors match', async () => {
    world.fake.setPageState('redesigned');
    world.fake.script('redesign check', ['hang']);
    const page = await open();
    await page.goto(APP_URL);
    const old =
      '#prompt-textarea, [data-testid="send-button"], #composer-submit-button, [data-testid="stop-button"]';
    expect(await page.locator(old).count()).toBe(0);
    await page.locator('textarea[name="message-input"]').fill('redesign check');
    await page.locator('button[aria-label="Submit message"]').click();
    await until(() => eventsOf('send', 'redesign check').length === 1);
    await page.locator('form button[aria-label="Stop response"]').waitFor();
    expect(await page.locator(old).count()).toBe(0);
  });
});
