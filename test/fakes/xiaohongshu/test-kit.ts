import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';

import { launchTestChrome, type TestChrome } from '../../support/chromium.js';
import { startXhsFake, type XhsFake, type XhsFakeEvent } from './index.js';

export const PUBLISH_URL = 'https://creator.xiaohongshu.com/publish/publish?source=official';
export const IMAGE_ACCEPT = '.jpg,.jpeg,.png,.webp';

/** A fake creator center, a Chromium mapped onto it, and a CDP connection to that Chromium. */
export interface World {
  fake: XhsFake;
  chrome: TestChrome;
  browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const fake = await startXhsFake({ previewMs: 200, topicSuggestMs: 200, saveMs: 100 });
  const chrome = await launchTestChrome({ 'creator.xiaohongshu.com': fake.port });
  const browser = await chromium.connectOverCDP(chrome.cdpUrl);
  const context = browser.contexts()[0];
  if (!context) throw new Error('no default context');
  return {
    fake,
    chrome,
    browser,
    newPage: () => context.newPage(),
    async close() {
      await browser.close();
      await chrome.close();
      await fake.close();
    },
  };
}

export interface TestImage {
  name: string;
  mimeType: string;
  buffer: Buffer;
  sha256: string;
}

/** A small distinct image; `red` picks its colour so that bytes (and hashes) differ. */
export async function testImage(name: string, red: number): Promise<TestImage> {
  const image = sharp({
    create: { width: 16, height: 16, channels: 3, background: { r: red, g: 40, b: 90 } },
  });
  const jpeg = name.endsWith('.jpg');
  const buffer = await (jpeg ? image.jpeg() : image.png()).toBuffer();
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  return { name, mimeType: jpeg ? 'image/jpeg' : 'image/png', buffer, sha256 };
}

/** Waits until the fake has logged an event matching `type` (and `detail`, when given). */
export async function waitForEvent(
  fake: XhsFake,
  type: string,
  detail?: string,
  timeoutMs = 5000,
): Promise<XhsFakeEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = fake.events.find(
      (e) => e.type === type && (detail === undefined || e.detail === detail),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no '${type}' event within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export function eventsOf(fake: XhsFake, type: string): XhsFakeEvent[] {
  return fake.events.filter((e) => e.type === type);
}

/** The real copy of the tab titled `name`. */
export function realTab(page: Page, name: string) {
  return page.locator('div.creator-tab[data-hp-bound="1"]', { hasText: name });
}

/**
 * Opens the publish page, switches to 上传图文 and uploads `images`; waits until every upload is
 * done and 暂存离开 is enabled.
 */
export async function openImageForm(page: Page, images: TestImage[]): Promise<void> {
  await page.goto(PUBLISH_URL);
  await realTab(page, '上传图文').click();
  const input = page.locator(`input[type=file][accept="${IMAGE_ACCEPT}"]`);
  await input.setInputFiles(
    images.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })),
  );
  await page
    .locator('.img-preview-area .pr img')
    .nth(images.length - 1)
    .waitFor({ timeout: 20_000 });
  await page.locator('xhs-publish-btn[save-disabled="false"]').waitFor({ timeout: 20_000 });
}

/** Clicks with the real mouse at `fraction` of the width of the closed-shadow button pair. */
export async function clickPublishButton(page: Page, fraction: number): Promise<void> {
  const host = page.locator('xhs-publish-btn');
  await host.scrollIntoViewIfNeeded();
  const box = await host.boundingBox();
  if (!box) throw new Error('xhs-publish-btn has no box');
  await page.mouse.click(box.x + box.width * fraction, box.y + box.height / 2);
}

/** Presses 暂存离开 (the left half). */
export const clickSave = (page: Page) => clickPublishButton(page, 0.25);
