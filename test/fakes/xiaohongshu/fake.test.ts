import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  clickPublishButton,
  clickSave,
  eventsOf,
  IMAGE_ACCEPT,
  openImageForm,
  PUBLISH_URL,
  realTab,
  startWorld,
  testImage,
  waitForEvent,
  type World,
} from './test-kit.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world?.close();
});

afterEach(async () => {
  world.fake.setPageState('ok');
  world.fake.setUploadDelayMs(world.fake.timing.previewMs);
  world.fake.dropNextSaves(0);
  for (const page of world.browser.contexts()[0]?.pages() ?? []) await page.close();
});

describe('the tabs', () => {
  it('draws every tab as an off-screen copy, a honeypot under the real tab, and the real one', async () => {
    const page = await world.newPage();
    await page.goto(PUBLISH_URL);
    await expect.poll(() => realTab(page, '上传视频').getAttribute('class')).toContain('active');
    for (const name of ['上传视频', '上传图文', '写长文']) {
      const copies = page.locator('div.creator-tab', { hasText: name });
      expect(await copies.count()).toBe(3);
      const decoy = copies.and(page.locator('[style*="left:-9999px"]'));
      await expect.poll(() => decoy.count()).toBe(1);
      const honeypot = copies.and(page.locator('.button-hp-installed[data-hp-kind]'));
      const looks = await honeypot.evaluate((el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return {
          opacity: Number(style.opacity),
          zIndex: style.zIndex,
          coveredByReal: top?.closest('[data-hp-bound="1"]')?.textContent === el.textContent,
        };
      });
      expect(looks).toEqual({ opacity: 1e-5, zIndex: '-1', coveredByReal: true });
    }
  });

  it('ignores a click on the off-screen copy apart from logging it as a decoy', async () => {
    const page = await world.newPage();
    await page.goto(PUBLISH_URL);
    const tabs = page.locator('div.creator-tab', { hasText: '上传图文' });
    await tabs
      .and(page.locator('[style*="left:-9999px"]'))
      .evaluate((el: HTMLElement) => el.click());
    await waitForEvent(world.fake, 'tab_click', 'decoy');
    expect(await realTab(page, '上传图文').getAttribute('class')).not.toContain('active');
    expect(await page.locator(`input[accept="${IMAGE_ACCEPT}"]`).count()).toBe(0);
  });

  it('lets a honeypot click switch the tab but spoils the session: 暂存成功 shows and no draft is written', async () => {
    const page = await world.newPage();
    const before = await world.fake.readDrafts(world.chrome.cdpUrl);
    await page.goto(PUBLISH_URL);
    const honeypot = page.locator('div.creator-tab.button-hp-installed', { hasText: '上传图文' });
    await honeypot.evaluate((el: HTMLElement) => el.click());
    await waitForEvent(world.fake, 'honeypot_clicked');
    await waitForEvent(world.fake, 'session_spoiled');
    await expect.poll(() => realTab(page, '上传图文').getAttribute('class')).toContain('active');

    await page.locator(`input.upload-input[accept="${IMAGE_ACCEPT}"]`).setInputFiles({
      ...(await testImage('spoiled.png', 10)),
    });
    await page.locator('xhs-publish-btn[save-disabled="false"]').waitFor();
    await clickSave(page);
    await page.getByText('暂存成功').waitFor();
    await waitForEvent(world.fake, 'save_request', 'spoiled');
    expect(await world.fake.readDrafts(world.chrome.cdpUrl)).toHaveLength(before.length);
    await world.browser.contexts()[0]?.clearCookies();
  });
});

describe('the image upload', () => {
  it('offers the image input only on 上传图文 and drops its upload-input class after the first file', async () => {
    const page = await world.newPage();
    await page.goto(PUBLISH_URL);
    await expect
      .poll(() => page.locator('input.upload-input').getAttribute('accept'))
      .toContain('.mp4');
    await realTab(page, '上传图文').click();
    const first = page.locator(`input.upload-input[type=file][accept="${IMAGE_ACCEPT}"]`);
    await first.setInputFiles(await testImage('one.png', 20));
    expect(await page.locator(`input.upload-input[accept="${IMAGE_ACCEPT}"]`).count()).toBe(0);
    // The video tab's input stays in the page, hidden, with the same class and first in order.
    const video = page.locator('input.upload-input[type=file]').first();
    expect(await video.getAttribute('accept')).toContain('.mp4');
    expect(await video.isVisible()).toBe(false);

    const later = page.locator(`input[type=file][accept="${IMAGE_ACCEPT}"]`);
    await later.setInputFiles(await testImage('two.jpg', 30));
    await expect.poll(() => page.locator('.img-preview-area .pr').count()).toBe(2);
  });

  it('shows preview tiles at once but their images only after the upload delay, with 图片上传中，请稍后 and the save disabled meanwhile and a while after', async () => {
    world.fake.setUploadDelayMs(1500);
    const page = await world.newPage();
    await page.goto(PUBLISH_URL);
    await realTab(page, '上传图文').click();
    const startedMs = Date.now();
    const images = [await testImage('slow-a.png', 40), await testImage('slow-b.png', 50)];
    await page.locator(`input.upload-input[accept="${IMAGE_ACCEPT}"]`).setInputFiles(images);

    await page.getByText('图片上传中，请稍后').waitFor();
    expect(await page.locator('.img-preview-area .pr').count()).toBe(2);
    expect(await page.locator('.img-preview-area .pr img').count()).toBe(0);
    expect(await page.locator('xhs-publish-btn').getAttribute('save-disabled')).toBe('true');
    await page.locator('.img-preview-area .pr img').nth(1).waitFor({ timeout: 10_000 });
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(2900);
    await expect.poll(() => page.getByText('图片上传中，请稍后').count()).toBe(0);
    expect(await page.locator('xhs-publish-btn').getAttribute('save-disabled')).toBe('true');
    await expect
      .poll(() => page.locator('xhs-publish-btn').getAttribute('save-disabled'))
      .toBe('false');
  });

  it('answers 461 under risk control and shows 账号存在风险，请稍后再试', async () => {
    const page = await world.newPage();
    await page.goto(PUBLISH_URL);
    world.fake.setPageState('risk_control');
    await realTab(page, '上传图文').click();
    await page
      .locator(`input.upload-input[accept="${IMAGE_ACCEPT}"]`)
      .setInputFiles(await testImage('risk.png', 60));
    await page.getByText('账号存在风险，请稍后再试').waitFor();
    expect(await page.locator('.img-preview-area .pr').count()).toBe(0);
    const answer = await page.evaluate(async () => {
      const response = await fetch('/web_api/sns/v2/note/draft', { method: 'POST', body: '{}' });
      return { status: response.status, body: (await response.json()) as unknown };
    });
    expect(answer).toEqual({ status: 461, body: expect.objectContaining({ code: -9135 }) });
  });
});

describe('the closed-shadow button pair', () => {
  it('ignores .click() on the host, and saves the draft on a mouse click in the left half', async () => {
    const page = await world.newPage();
    const images = [await testImage('a.png', 70), await testImage('b.jpg', 80)];
    const before = await world.fake.readDrafts(world.chrome.cdpUrl);
    await openImageForm(page, images);
    await page.locator('div.d-input input').fill('按钮测试');
    const savesBefore = eventsOf(world.fake, 'save_draft').length;
    await page.locator('xhs-publish-btn').evaluate((host: HTMLElement) => host.click());
    await sleep(500);
    expect(eventsOf(world.fake, 'save_draft').length).toBe(savesBefore);
    expect(await world.fake.readDrafts(world.chrome.cdpUrl)).toHaveLength(before.length);

    await clickSave(page);
    await page.getByText('暂存成功').waitFor();
    const drafts = await world.fake.readDrafts(world.chrome.cdpUrl);
    expect(drafts).toHaveLength(before.length + 1);
    const draft = drafts.at(-1);
    expect(draft).toMatchObject({ title: '按钮测试', images: images.map((i) => i.sha256) });
    await waitForEvent(world.fake, 'draft_written', String(draft?.key));
    await page.waitForURL(/from=draft/);
    await expect.poll(() => page.getByText(`草稿箱(${drafts.length})`).count()).toBe(1);
  });

  it('logs publish_pressed for a click in the right half (发布)', async () => {
    const page = await world.newPage();
    await openImageForm(page, [await testImage('publish.png', 90)]);
    await clickPublishButton(page, 0.75);
    await waitForEvent(world.fake, 'publish_pressed', 'trusted');
  });

  it('drops a save when told to: no toast and no record', async () => {
    world.fake.dropNextSaves(1);
    const page = await world.newPage();
    const before = await world.fake.readDrafts(world.chrome.cdpUrl);
    await openImageForm(page, [await testImage('dropped.png', 100)]);
    await page.locator('div.d-input input').fill('丢失的草稿');
    await clickSave(page);
    await waitForEvent(world.fake, 'save_request', 'dropped');
    await sleep(500);
    expect(await page.getByText('暂存成功').count()).toBe(0);
    expect(await world.fake.readDrafts(world.chrome.cdpUrl)).toHaveLength(before.length);
    expect(page.url()).toBe(PUBLISH_URL);
  });
});

describe('the session and the page version', () => {
  it('sends a logged-out profile from /publish/ to the login page and answers 401 to user info', async () => {
    world.fake.setPageState('logged_out');
    const page = await world.newPage();
    await page.goto(PUBLISH_URL);
    expect(page.url()).toBe('https://creator.xiaohongshu.com/login');
    expect(await page.locator('div.login-box').innerText()).toContain('APP扫一扫登录');
    const status = await page.evaluate(async () => (await fetch('/api/galaxy/user/info')).status);
    expect(status).toBe(401);
    world.fake.setPageState('ok');
    await page.goto(PUBLISH_URL);
    expect(await page.evaluate(async () => (await fetch('/api/galaxy/user/info')).status)).toBe(
      200,
    );
  });

  it('serves a redesigned page on which none of the usual selectors match', async () => {
    world.fake.setPageState('redesigned');
    const page = await world.newPage();
    await page.goto(PUBLISH_URL);
    await page.locator('div.tab-item', { hasText: '图文' }).click();
    await page.locator('.note-form').waitFor();
    for (const selector of [
      'div.creator-tab',
      'input.upload-input',
      `input[accept="${IMAGE_ACCEPT}"]`,
      'input[placeholder*="填写标题"]',
      'div.tiptap.ProseMirror',
      'xhs-publish-btn',
    ]) {
      expect(await page.locator(selector).count(), selector).toBe(0);
    }
  });
});
