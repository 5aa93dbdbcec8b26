import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BehaviourBook } from './behaviours.js';
import {
  fetchInPage,
  readTurns,
  sendPrompt,
  startWorld,
  until,
  waitForFinal,
  type FakeWorld,
} from './harness.js';
import { REPLY_TEXTS } from './index.js';

const TIMING = { generationMs: 300, slowMs: 1_500, deferredMs: 900, previewEveryMs: 80 };

let world: FakeWorld;
let page: Page;

beforeAll(async () => {
  world = await startWorld(TIMING);
});
afterAll(async () => {
  await world.close();
});
afterEach(async () => {
  if (!page.isClosed()) await page.close();
});

async function open(): Promise<Page> {
  page = await world.context.newPage();
  return page;
}

function eventsOf(prompt: string, type: string) {
  return world.fake.events.filter((event) => event.prompt === prompt && event.type === type);
}

describe('scripted behaviours in real Chromium', () => {
  it('ok: blurred 512-wide previews with other ids, then one final drawn as three layers', async () => {
    const prompt = 'behaviour ok: a lighthouse at dawn';
    world.fake.script(prompt, ['ok']);
    await sendPrompt(await open(), prompt);
    await until(() => eventsOf(prompt, 'preview_shown').length >= 1);
    await page.waitForTimeout(40);
    const during = await readTurns(page);
    expect(during.stopInComposer).toBe(true);
    expect(during.loadingText).toMatch(/^Creating image \d+%$/);

    const final = await waitForFinal(page);
    const [finalEvent] = eventsOf(prompt, 'image_final');
    const previewIds = eventsOf(prompt, 'preview_shown').map((event) => event.fileId);
    const layers = final.images.filter((image) => image.fileId === finalEvent?.fileId);
    expect(layers).toHaveLength(3);
    expect(new Set(layers.map((layer) => layer.src)).size).toBe(1);
    expect(layers.map((layer) => layer.alt).sort()).toEqual([
      '',
      '',
      expect.stringMatching(/^Generated image: ./),
    ]);
    expect(layers.every((layer) => layer.width === 1024)).toBe(true);
    expect(previewIds).not.toContain(finalEvent?.fileId);
    expect(
      during.images.every((image) => image.blurred && image.alt.startsWith('Generated image: ')),
    ).toBe(true);
    expect(during.images.every((image) => previewIds.includes(image.fileId))).toBe(true);
    expect(
      during.images.filter((image) => image.complete).every((image) => image.width === 512),
    ).toBe(true);
    expect(world.fake.finalImages.get(finalEvent?.fileId ?? '')?.length).toBeGreaterThanOrEqual(
      300_000,
    );
  });

  it('slow: still creating after twice the normal time, finished after slowMs', async () => {
    const prompt = 'behaviour slow: a mountain village';
    world.fake.script(prompt, ['slow']);
    await sendPrompt(await open(), prompt);
    await page.waitForTimeout(TIMING.generationMs * 2);
    const during = await readTurns(page);
    expect(during.loadingText).toMatch(/^Creating image/);
    expect(eventsOf(prompt, 'image_final')).toHaveLength(0);
    await waitForFinal(page);
    const [sent] = eventsOf(prompt, 'send');
    const [final] = eventsOf(prompt, 'image_final');
    expect((final?.at ?? 0) - (sent?.at ?? 0)).toBeGreaterThanOrEqual(TIMING.slowMs - 50);
  });

  it('hang: the loading state and the stop button stay and no image ever arrives', async () => {
    const prompt = 'behaviour hang: a desert road';
    world.fake.script(prompt, ['hang']);
    await sendPrompt(await open(), prompt);
    await page.waitForTimeout(1_200);
    const view = await readTurns(page);
    expect(view.stopInComposer).toBe(true);
    expect(view.loadingText).toMatch(/^Creating image \d+%$/);
    expect(eventsOf(prompt, 'image_final')).toHaveLength(0);
  });

  it('tiny: the final file is a real 1024×1536 PNG under 50 000 bytes', async () => {
    const prompt = 'behaviour tiny: a flat poster';
    world.fake.script(prompt, ['tiny']);
    await sendPrompt(await open(), prompt);
    const view = await waitForFinal(page);
    const main = view.images.find((image) => image.alt.startsWith('Generated image: '));
    const fetched = await fetchInPage(page, main?.src ?? '', 'include');
    expect(fetched.bytes.length).toBeLessThan(50_000);
    expect(await sharp(fetched.bytes).metadata()).toMatchObject({ width: 1024, height: 1536 });
    expect(
      fetched.bytes.equals(world.fake.finalImages.get(main?.fileId ?? '') ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('html: the estuary URL of the final image answers 200 with a login page', async () => {
    const prompt = 'behaviour html: a harbour';
    world.fake.script(prompt, ['html']);
    await sendPrompt(await open(), prompt);
    await until(() => eventsOf(prompt, 'image_final').length === 1);
    const fileId = eventsOf(prompt, 'image_final')[0]?.fileId ?? '';
    await page.waitForFunction(
      () => document.querySelectorAll('section[data-turn="assistant"] img').length === 3,
    );
    const view = await readTurns(page);
    const main = view.images.find((image) => image.fileId === fileId && image.alt !== '');
    const fetched = await fetchInPage(page, main?.src ?? '', 'include');
    expect(fetched.status).toBe(200);
    expect(fetched.type).toMatch(/^text\/html/);
    expect(fetched.bytes.toString()).toContain('<title>Log in');
    expect(world.fake.finalImages.has(fileId)).toBe(false);
  });

  it('truncated: the final PNG has a sound header but fails to decode', async () => {
    const prompt = 'behaviour truncated: a forest';
    world.fake.script(prompt, ['truncated']);
    await sendPrompt(await open(), prompt);
    await until(() => eventsOf(prompt, 'image_final').length === 1);
    const fileId = eventsOf(prompt, 'image_final')[0]?.fileId ?? '';
    await page.waitForFunction(
      () => document.querySelectorAll('section[data-turn="assistant"] img').length === 3,
    );
    const src = (await readTurns(page)).images.find((image) => image.fileId === fileId)?.src ?? '';
    const fetched = await fetchInPage(page, src, 'include');
    expect(fetched.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(await sharp(fetched.bytes).metadata()).toMatchObject({ width: 1024 });
    await expect(sharp(fetched.bytes).raw().toBuffer()).rejects.toThrow();
  });

  it('rerender: held image nodes go stale while a fresh read still finds the image', async () => {
    const prompt = 'behaviour rerender: a city at night';
    world.fake.script(prompt, ['rerender']);
    await sendPrompt(await open(), prompt);
    const loading = await page.waitForSelector('[data-testid="image-gen-loading-state"]');
    await page.waitForTimeout(150);
    expect(await loading.evaluate((node) => node.isConnected)).toBe(false);

    await waitForFinal(page);
    const held = await page.waitForSelector(
      'section[data-turn="assistant"] img[alt^="Generated image: "]',
    );
    await page.waitForTimeout(250);
    expect(await held.evaluate((node) => node.isConnected)).toBe(false);
    const reads = [];
    for (let i = 0; i < 10; i++) {
      reads.push(await readTurns(page));
      await page.waitForTimeout(30);
    }
    const complete = reads.filter((view) =>
      view.images.some((image) => image.complete && image.width === 1024),
    );
    expect(complete.length).toBeGreaterThanOrEqual(8);
  });

  it('deferred: a processing notice with no stop and no loading, then the image in the same turn', async () => {
    const prompt = 'behaviour deferred: a tea house';
    world.fake.script(prompt, ['deferred']);
    await sendPrompt(await open(), prompt);
    await until(() => eventsOf(prompt, 'deferred_shown').length === 1);
    await page.waitForTimeout(50);
    const notice = await readTurns(page);
    expect(notice.text).toContain('Processing image. Lots of people are creating images right now');
    expect(notice.stopInComposer).toBe(false);
    expect(notice.loadingText).toBeUndefined();
    expect(notice.images).toHaveLength(0);

    const final = await waitForFinal(page);
    expect(final.turnIds).toEqual(notice.turnIds);
    expect(final.text).toContain('Processing image.');
  });

  it.each([
    ['refusal', 'refused', REPLY_TEXTS.refusal, /content policy/],
    ['plan_limit', 'plan_limit', REPLY_TEXTS.planLimit, /plan limit.*resets in 2 hours 14 minutes/],
    [
      'error',
      'error_shown',
      REPLY_TEXTS.error,
      /^Something went wrong while generating the image\.$/,
    ],
  ] as const)(
    '%s: a text-only reply, no image, no stop button',
    async (behaviour, type, text, pattern) => {
      const prompt = `behaviour ${behaviour}: a street market`;
      world.fake.script(prompt, [behaviour]);
      await sendPrompt(await open(), prompt);
      await until(() => eventsOf(prompt, type).length === 1);
      await page.waitForTimeout(50);
      const view = await readTurns(page);
      expect(view.text).toBe(text);
      expect(view.text).toMatch(pattern);
      expect(view.images).toHaveLength(0);
      expect(view.stopInComposer).toBe(false);
      expect(view.loadingText).toBeUndefined();
    },
  );

  it('too_many_requests: a "Too many requests" dialog and the composer back to send', async () => {
    const prompt = 'behaviour too many: a bridge';
    world.fake.script(prompt, ['too_many_requests']);
    await sendPrompt(await open(), prompt);
    const dialog = page.locator('[role="dialog"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(
      /Too many requests.*You're making requests too quickly/,
    );
    await page.locator('form button[data-testid="send-button"]').waitFor();
    expect(eventsOf(prompt, 'generation_started')).toHaveLength(0);
  });
});

describe('behaviour scripts', () => {
  it('follow the attempts of their match and repeat the last behaviour', () => {
    const book = new BehaviourBook();
    book.script('story A', ['hang', 'hang', 'ok']);
    book.setDefault('refusal');
    const seen = [1, 2, 3, 4].map(() => book.next('draw story A please'));
    expect(seen).toEqual(['hang', 'hang', 'ok', 'ok']);
    expect(book.next('story B')).toBe('refusal');
  });
});
