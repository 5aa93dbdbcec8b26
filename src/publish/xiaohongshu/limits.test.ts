import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostRecord } from '../../records/post-record.js';
import { topicChars } from '../../post/title-units.js';
import { checkDraftLimits, topicNames } from './limits.js';

let postDir: string;

beforeEach(async () => {
  postDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-limits-'));
  await writeFile(path.join(postDir, 'cover.png'), 'png bytes');
  await writeFile(path.join(postDir, 'extra.jpg'), 'jpg bytes');
});

afterEach(async () => {
  await rm(postDir, { recursive: true, force: true });
});

function post(change: Partial<PostRecord['content']> & { images?: string[] } = {}): PostRecord {
  const { images, ...content } = change;
  return {
    id: '20261203-abcdef0123',
    status: 'image_ready',
    created_at: '2026-12-03T08:00:00.000Z',
    updated_at: '2026-12-03T08:00:00.000Z',
    run_id: 'run',
    series: '每日新闻',
    news: {
      id: 'n',
      title: 't',
      url: 'https://example.com',
      source: 's',
      published_at: '',
      summary: '',
    },
    content: { title: '今日要闻', body: '正文', topics: ['每日新闻'], ...content },
    image_prompt: 'p',
    images: images ?? ['cover.png', 'extra.jpg'],
    platform: {},
  };
}

describe('checkDraftLimits', () => {
  it('accepts a post within every limit and gives absolute image paths in order', async () => {
    const check = await checkDraftLimits(post(), postDir);
    expect(check).toEqual({
      ok: true,
      content: {
        title: '今日要闻',
        body: '正文',
        topics: ['每日新闻'],
        imageFiles: [path.join(postDir, 'cover.png'), path.join(postDir, 'extra.jpg')],
      },
    });
  });

  it('accepts a title of exactly 40 units and refuses one of 41', async () => {
    expect((await checkDraftLimits(post({ title: '中'.repeat(20) }), postDir)).ok).toBe(true);
    const check = await checkDraftLimits(post({ title: `${'中'.repeat(20)}a` }), postDir);
    expect(check).toEqual({
      ok: false,
      problems: ['the title is 41 units long; the page allows 40'],
    });
  });

  it('lists every problem at once: body, topics, missing and wrong-type images', async () => {
    const topics = Array.from({ length: 11 }, (_, i) => `话题${i}`);
    const check = await checkDraftLimits(
      post({ body: '字'.repeat(1001), topics, images: ['cover.png', 'gone.png', 'clip.gif'] }),
      postDir,
    );
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problems).toEqual([
      'the body is 1001 characters long; the page allows 1000',
      'the post has 11 topics; the page allows 10',
      'gone.png does not exist',
      'clip.gif is not a jpg, png or webp image',
    ]);
  });

  it('refuses a post without images and one with more than 18', async () => {
    const none = await checkDraftLimits(post({ images: [] }), postDir);
    expect(!none.ok && none.problems).toEqual(['the post has no images']);
    const many = await checkDraftLimits(post({ images: Array(19).fill('cover.png') }), postDir);
    expect(!many.ok && many.problems).toEqual(['the post has 19 images; the page allows 18']);
  });
});

describe('topicNames', () => {
  it('drops the leading #, blanks and repeats, keeping the order', () => {
    expect(topicNames(['#每日新闻', ' 科技 ', '', '#', '每日新闻', '##AI'])).toEqual([
      '每日新闻',
      '科技',
      'AI',
    ]);
  });
});

describe('the body limit with topics', () => {
  it('counts each topic as a space and #name[话题]#, as the page writes it', () => {
    expect(topicChars(['科技'])).toBe(9);
    expect(topicChars(['科技', 'AI'])).toBe(18);
  });

  it('refuses a body that fits alone but not with the text its topics add', async () => {
    const fits = await checkDraftLimits(
      post({ body: '字'.repeat(991), topics: ['科技'] }),
      postDir,
    );
    expect(fits.ok).toBe(true);
    const over = await checkDraftLimits(
      post({ body: '字'.repeat(992), topics: ['科技'] }),
      postDir,
    );
    expect(over).toEqual({
      ok: false,
      problems: [
        'the body is 1001 characters long with its topics as the page writes them (9 for #科技); the page allows 1000',
      ],
    });
  });
});
