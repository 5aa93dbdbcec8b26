import { setTimeout as sleep } from 'node:timers/promises';

import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  clickSave,
  openImageForm,
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
  for (const page of world.browser.contexts()[0]?.pages() ?? []) await page.close();
});

const editor = (page: Page) =>
  page.locator('div.tiptap.ProseMirror[contenteditable=true][role=textbox]');
const topicItems = (page: Page) => page.locator('#creator-editor-topic-container .item');

async function openForm(page: Page, red: number): Promise<void> {
  await openImageForm(page, [await testImage(`editor-${red}.png`, red)]);
}

/** Saves with the mouse and returns the newest draft once the page confirmed it. */
async function saveAndRead(page: Page) {
  const before = await world.fake.readDrafts(world.chrome.cdpUrl);
  await clickSave(page);
  await page.getByText('暂存成功').waitFor();
  const drafts = await world.fake.readDrafts(world.chrome.cdpUrl);
  expect(drafts).toHaveLength(before.length + 1);
  return drafts.at(-1);
}

describe('the title', () => {
  it('counts CJK as 1 and ASCII as ½ (rounded up) in n/20, and marks overflow', async () => {
    const page = await world.newPage();
    await openForm(page, 110);
    const title = page.locator('div.d-input input[placeholder="填写标题会有更多赞哦～"]');
    const counter = page.locator('div.title-container div.max_suffix');
    expect(await counter.innerText()).toBe('0/20');
    await title.fill('abc');
    expect(await counter.innerText()).toBe('2/20');
    await title.fill('今日新闻abc');
    expect(await counter.innerText()).toBe('6/20');
    await title.fill('一二三四五六七八九十一二三四五六七八九十一二三四');
    expect(await counter.innerText()).toBe('24/20');
    expect(await counter.getAttribute('class')).toContain('over');
    await waitForEvent(world.fake, 'title_set', '一二三四五六七八九十一二三四五六七八九十一二三四');
  });
});

describe('the body editor', () => {
  it('keeps text set by script out of its state and stores only what was typed', async () => {
    const page = await world.newPage();
    await openForm(page, 120);
    await page.locator('div.d-input input').fill('脚本正文');
    await editor(page).click();
    await page.keyboard.type('typed 正文');
    await editor(page).evaluate((el) => {
      el.textContent = 'SCRIPT-A';
    });
    await editor(page).evaluate((el) => {
      el.innerHTML += '<p>SCRIPT-B</p>';
    });
    await editor(page).evaluate((el) => {
      el.focus();
      document.execCommand('insertText', false, 'SCRIPT-C');
      el.dispatchEvent(
        new InputEvent('beforeinput', {
          inputType: 'insertText',
          data: 'SCRIPT-D',
          bubbles: true,
          cancelable: true,
        }),
      );
    });
    await sleep(100);
    expect(await editor(page).innerText()).toBe('typed 正文');

    const draft = await saveAndRead(page);
    expect(draft?.body).toBe('typed 正文');
  });

  it('accepts insertText and Enter, and shows length-error past 1000 characters', async () => {
    const page = await world.newPage();
    await openForm(page, 130);
    await editor(page).click();
    await page.keyboard.insertText('第一段');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('第二段');
    expect(await editor(page).locator('p').allInnerTexts()).toEqual(['第一段', '第二段']);
    expect(await page.locator('div.edit-container div.length-error').count()).toBe(0);
    await page.keyboard.insertText('字'.repeat(1000));
    await page.locator('div.edit-container div.length-error').waitFor();
    // 1007 characters: seven backspaces bring the body back to the limit.
    for (let i = 0; i < 7; i += 1) await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('div.edit-container div.length-error').count()).toBe(0);
  });
});

describe('the topic dropdown', () => {
  it('turns a picked #word into a topic node and leaves an unpicked one as plain text', async () => {
    const page = await world.newPage();
    await openForm(page, 140);
    await page.locator('div.d-input input').fill('话题测试');
    await editor(page).click();
    await page.keyboard.type('今天的新闻 #新闻');
    const startedMs = Date.now();
    await topicItems(page).first().waitFor();
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(world.fake.timing.topicSuggestMs - 50);
    // Sorted by views: for 新闻 two related topics come before the exact one.
    expect(await topicItems(page).first().innerText()).toContain('#新闻相关');
    expect(await topicItems(page).first().getAttribute('class')).toContain('is-selected');
    expect(await topicItems(page).nth(2).locator('.name').innerText()).toBe('#新闻');
    await topicItems(page).nth(2).click();
    await waitForEvent(world.fake, 'topic_converted', '新闻');

    await page.keyboard.type('#未选 ');
    await sleep(world.fake.timing.topicSuggestMs + 200);
    expect(await topicItems(page).count()).toBe(0);

    await page.keyboard.type('#旅行');
    await topicItems(page).first().waitFor();
    await page.keyboard.press('Enter');
    await waitForEvent(world.fake, 'topic_converted', '旅行');

    const topics = page.locator('a.tiptap-topic');
    expect(await topics.count()).toBe(2);
    const data = JSON.parse((await topics.first().getAttribute('data-topic')) ?? '{}') as unknown;
    expect(data).toMatchObject({ name: '新闻', id: expect.any(String) });
    expect(await topics.first().innerText()).toBe('#新闻[话题]#');

    const draft = await saveAndRead(page);
    expect(draft?.topics).toEqual(['新闻', '旅行']);
    expect(draft?.body).toBe('今天的新闻 #新闻[话题]# #未选 #旅行[话题]# ');
  });
});
