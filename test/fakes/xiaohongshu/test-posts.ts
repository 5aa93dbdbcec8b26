import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

import type { PostRecord } from '../../../src/records/post-record.js';
import type { PostStore } from '../../../src/records/store.js';

/** A post written for a publisher test, with the hashes of its images. */
export interface TestPost {
  record: PostRecord;
  /** sha256 of each image's bytes, in upload order. */
  hashes: string[];
}

export interface TestPostChange {
  topics?: string[];
  imageCount?: number;
  title?: string;
  body?: string;
}

/**
 * Writes the `n`-th `image_ready` post of a test file into `store`, with `imageCount` (default
 * 2) distinct small PNGs; `n` makes ids, titles and image bytes differ between posts.
 */
export async function writeTestPost(
  store: PostStore,
  n: number,
  change: TestPostChange = {},
): Promise<TestPost> {
  const id = `20261203-post${n}`;
  const dir = store.postDir(id);
  await mkdir(path.join(dir, 'images'), { recursive: true });
  const images: string[] = [];
  const hashes: string[] = [];
  for (let i = 0; i < (change.imageCount ?? 2); i++) {
    const background = { r: 30 * i, g: n, b: 90 };
    const png = await sharp({ create: { width: 24, height: 32, channels: 3, background } })
      .png()
      .toBuffer();
    images.push(`images/${i}.png`);
    hashes.push(createHash('sha256').update(png).digest('hex'));
    await writeFile(path.join(dir, `images/${i}.png`), png);
  }
  const record = await store.write({
    id,
    status: 'image_ready',
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    run_id: 'test-run',
    series: '每日新闻',
    news: {
      id,
      title: '新闻',
      url: 'https://example.com/n',
      source: '示例',
      published_at: '',
      summary: '',
    },
    content: {
      title: change.title ?? `第${n}条 今日要闻 AI`,
      body: change.body ?? `第一段：今天的新闻${n}。\n第二段：更多细节。`,
      topics: change.topics ?? ['每日新闻', '科技'],
    },
    image_prompt: 'a news illustration',
    images,
    platform: {},
  });
  return { record, hashes };
}
