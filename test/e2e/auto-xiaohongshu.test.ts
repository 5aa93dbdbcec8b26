import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startChatgptFake, type ChatgptFake } from '../fakes/chatgpt/index.js';
import { startXhsFake, type XhsFake } from '../fakes/xiaohongshu/index.js';
import { launchTestChrome, type TestChrome } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { writeTestFeed } from '../support/feed.js';
import { readPosts } from '../support/posts.js';

let chatgpt: ChatgptFake;
let xhs: XhsFake;
let chrome: TestChrome;

beforeAll(async () => {
  chatgpt = await startChatgptFake({ generationMs: 500, previewEveryMs: 200 });
  xhs = await startXhsFake({ previewMs: 200, topicSuggestMs: 150, saveMs: 100 });
  chrome = await launchTestChrome({
    'chatgpt.com': chatgpt.port,
    'creator.xiaohongshu.com': xhs.port,
  });
});

afterAll(async () => {
  await chrome?.close();
  await chatgpt?.close();
  await xhs?.close();
});

beforeEach(() => {
  chatgpt.setDefault('ok');
  xhs.setPageState('ok');
});

async function setUp(keys: string[]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-xhs-'));
  const feed = await writeTestFeed(
    dir,
    keys.map((key, i) => ({ key, title: `第${i + 1}条测试新闻 ${key}` })),
  );
  const dataDir = path.join(dir, 'data');
  const env = {
    IMAGE_PROVIDER: 'chatgpt_images',
    PUBLISHER: 'xiaohongshu',
    CHROME_CDP_URL: chrome.cdpUrl,
    CHATGPT_IMAGE_TIMEOUT_S: '5',
    CHATGPT_IMAGE_RETRY_SLEEP_S: '0',
    XHS_STEP_TIMEOUT_S: '10',
    XHS_UPLOAD_TIMEOUT_S: '10',
  };
  const args = (count: number, ...more: string[]) => [
    'auto',
    '--count',
    String(count),
    '--feed',
    feed,
    '--max-age-hours',
    '0',
    '--data-dir',
    dataDir,
    ...more,
  ];
  return { dir, dataDir, env, args };
}

/** Two local images for --assets-glob, named so that sorted order is not creation order. */
async function writeAssets(dir: string): Promise<string> {
  const pics = path.join(dir, 'pics');
  await mkdir(pics);
  const solid = (r: number, g: number, b: number) =>
    sharp({ create: { width: 600, height: 800, channels: 3, background: { r, g, b } } });
  await solid(30, 120, 200).jpeg().toFile(path.join(pics, 'b-sea.jpg'));
  await solid(200, 80, 40).png().toFile(path.join(pics, 'a-sun.png'));
  return `${pics}/*`;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

const compact = (s: string) => s.replaceAll(/\s+/g, '');

describe('auto with chatgpt_images and xiaohongshu against both fakes', () => {
  it('leaves exactly one draft per post, matching it, without touching a honeypot or 发布', async () => {
    const { dir, dataDir, env, args } = await setUp(['amber', 'birch', 'cedar', 'delta']);
    const assetsGlob = await writeAssets(dir);
    chatgpt.script('birch', ['hang']);
    const draftsBefore = (await xhs.readDrafts(chrome.cdpUrl)).length;
    const eventsBefore = xhs.events.length;
    const run = await runCli(args(3, '--assets-glob', assetsGlob), {
      env: { ...env, CHATGPT_IMAGE_MAX_ATTEMPTS: '1' },
    });
    expect(run.code, run.stderr).toBe(0);

    const posts = await readPosts(dataDir);
    const drafted = posts.filter((p) => p.status === 'drafted');
    expect(drafted).toHaveLength(3);
    const drafts = (await xhs.readDrafts(chrome.cdpUrl)).slice(draftsBefore);
    expect(drafts).toHaveLength(3);
    for (const post of drafted) {
      const draft = drafts.find((d) => d.title === post.content.title);
      expect(draft, post.content.title).toBeDefined();
      expect(compact(draft!.body)).toContain(compact(post.content.body));
      expect(draft!.topics).toEqual(post.content.topics);
      const hashes = await Promise.all(
        post.images.map((image) => sha256Of(path.join(dataDir, 'posts', post.id, image))),
      );
      // The cover, then the assets in sorted order: a-sun.png before b-sea.jpg.
      expect(post.images).toEqual([
        'images/cover.png',
        'images/asset-01.png',
        'images/asset-02.jpg',
      ]);
      expect(draft!.images).toEqual(hashes);
      expect(post.platform.xiaohongshu).toMatchObject({
        images_uploaded: post.images.length,
        topics_converted: post.content.topics,
        profile: expect.stringContaining(chrome.cdpUrl) as string,
      });
    }

    // The given-up post never reached the creator center.
    const givenUp = posts.find((p) => p.news.title.endsWith('birch'));
    expect(givenUp?.platform.image_generate?.give_up).toBe(true);
    expect(givenUp?.platform.xiaohongshu).toBeUndefined();
    expect(drafts.some((d) => d.title === givenUp?.content.title)).toBe(false);

    const events = xhs.events.slice(eventsBefore);
    expect(events.filter((e) => e.type === 'publish_pressed')).toEqual([]);
    expect(events.filter((e) => e.type === 'honeypot_clicked')).toEqual([]);
    expect(events.filter((e) => e.type === 'tab_click' && e.detail !== 'real')).toEqual([]);
    // The page's own reports arrived, so the empty lists above are not for want of reports.
    expect(events.filter((e) => e.type === 'tab_click' && e.detail === 'real')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'save_draft')).toHaveLength(3);
    expect(run.stderr).toMatch(/drafts are saved in the Chrome profile at/);

    // A rerun adds no draft: every story is done.
    const rerun = await runCli(args(3), { env });
    expect(rerun.code).toBe(3);
    expect(await xhs.readDrafts(chrome.cdpUrl)).toHaveLength(draftsBefore + 3);
  });

  it('stops with exit 1 when the creator center asks for a login', async () => {
    const { dataDir, env, args } = await setUp(['echo', 'foxtrot']);
    xhs.setPageState('logged_out');
    const run = await runCli(args(2), { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not_logged_in/);
    const posts = await readPosts(dataDir);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.status).toBe('failed');
    expect(posts[0]?.platform.xiaohongshu?.failed_code).toBe('not_logged_in');

    // After logging in, the next run drafts the post without generating its image again.
    xhs.setPageState('ok');
    const sendsBefore = chatgpt.events.filter((e) => e.type === 'send').length;
    const rerun = await runCli(args(1), { env });
    expect(rerun.code, rerun.stderr).toBe(0);
    const [again] = await readPosts(dataDir);
    expect(again?.status).toBe('drafted');
    expect(again?.id).toBe(posts[0]?.id);
    expect(chatgpt.events.filter((e) => e.type === 'send').length).toBe(sendsBefore);
  });

  it('drives one Chrome reached by two spellings of its endpoint as one, locking it once', async () => {
    const { dataDir, env, args } = await setUp(['golf']);
    const otherSpelling = chrome.cdpUrl.replace('127.0.0.1', 'localhost');
    const run = await runCli(args(1), { env: { ...env, XHS_CDP_URL: otherSpelling } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/profile_locked/);
    const [post] = await readPosts(dataDir);
    expect(post?.status).toBe('drafted');
  });
});
