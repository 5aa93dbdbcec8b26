import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/records/post-record.js';
import { startChatgptFake, type ChatgptFake } from '../fakes/chatgpt/index.js';
import { launchTestChrome, type TestChrome } from '../support/chromium.js';
import { runCli } from '../support/cli.js';
import { writeTestFeed, type TestStory } from '../support/feed.js';
import { postByKey as byKey, readPosts } from '../support/posts.js';

let fake: ChatgptFake;
let chrome: TestChrome;

beforeAll(async () => {
  fake = await startChatgptFake({ generationMs: 600, previewEveryMs: 200, slowMs: 3_000 });
  chrome = await launchTestChrome({ 'chatgpt.com': fake.port });
});

afterAll(async () => {
  await chrome?.close();
  await fake?.close();
});

beforeEach(() => {
  fake.setPageState('ok');
  fake.setDefault('ok');
  fake.events.length = 0;
});

const story = (key: string, title: string): TestStory => ({ key, title: `${title} ${key}` });

async function setUp(stories: TestStory[]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-chatgpt-'));
  const feed = await writeTestFeed(dir, stories);
  const dataDir = path.join(dir, 'data');
  const env = {
    IMAGE_PROVIDER: 'chatgpt_images',
    CHROME_CDP_URL: chrome.cdpUrl,
    CHATGPT_IMAGE_TIMEOUT_S: '4',
    CHATGPT_IMAGE_RETRY_SLEEP_S: '0.2',
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
    '--json',
    ...more,
  ];
  return { dataDir, env, args };
}

async function evidenceFolders(dataDir: string, post: PostRecord): Promise<string[]> {
  const dir = path.join(dataDir, 'posts', post.id, 'evidence');
  return (await readdir(dir).catch(() => [])).filter((name) => name.startsWith('ai_'));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('auto with chatgpt_images against the fake chatgpt.com', () => {
  it('saves originals byte-identical to the final images the page served, and no secret', async () => {
    const { dataDir, env, args } = await setUp([
      story('alpha', '城市公园新增步道'),
      story('beta', '图书馆延长开放'),
    ]);
    const run = await runCli(args(2), { env });
    expect(run.code, run.stderr).toBe(0);
    const posts = await readPosts(dataDir);
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.status).toBe('drafted');
      const fileId = post.platform.image_generate?.file_id;
      expect(fileId).toMatch(/^file_/);
      const served = fake.finalImages.get(fileId!);
      const saved = await readFile(path.join(dataDir, 'posts', post.id, 'images', 'original.png'));
      expect(served && saved.equals(served)).toBe(true);
    }
    for (const file of await filesUnder(dataDir)) {
      const text = (await readFile(file)).toString('latin1');
      for (const secret of fake.plantedSecrets) expect(text, file).not.toContain(secret);
    }
  });

  it('retries timeouts, gives up on a post after three, skips a refusal, and still drafts the count', async () => {
    const stories = [
      story('hangs', '台风路径预测'),
      story('late', '高铁新线开通'),
      story('refused', '演唱会门票'),
      story('fine', '秋收进度过半'),
      story('also', '博物馆新展开幕'),
    ];
    const { dataDir, env, args } = await setUp(stories);
    fake.script('hangs', ['hang']);
    fake.script('late', ['hang', 'hang', 'ok']);
    fake.script('refused', ['refusal']);
    const run = await runCli(args(3), { env });
    expect(run.code, run.stderr).toBe(0);
    const posts = await readPosts(dataDir);

    const hangs = byKey(posts, 'hangs');
    expect(hangs.status).toBe('failed');
    expect(hangs.platform.image_generate).toMatchObject({
      attempts: 3,
      give_up: true,
      failed_code: 'image_abandoned',
    });
    expect(hangs.platform.image_generate?.errors.map((e) => e.code)).toEqual([
      'timeout',
      'timeout',
      'timeout',
    ]);
    expect(await evidenceFolders(dataDir, hangs)).toHaveLength(3);
    expect(hangs.platform.local).toBeUndefined();

    const late = byKey(posts, 'late');
    expect(late.status).toBe('drafted');
    expect(late.platform.image_generate).toMatchObject({ attempts: 3, give_up: false });
    expect(late.platform.image_generate?.errors).toHaveLength(2);

    const refused = byKey(posts, 'refused');
    expect(refused.status).toBe('failed');
    expect(refused.platform.image_generate).toMatchObject({
      attempts: 1,
      give_up: true,
      failed_code: 'content_refused',
    });
    expect(refused.platform.local).toBeUndefined();
    expect(
      fake.events.filter((e) => e.type === 'send' && e.prompt?.includes('refused')),
    ).toHaveLength(1);

    expect(posts.filter((p) => p.status === 'drafted')).toHaveLength(3);
    expect(run.stderr).toMatch(/image attempt 1\/3 failed \(timeout.*retrying in 0\.2 s/);
    expect(run.stderr).toMatch(/giving up on this post and moving on/);
    expect(run.stderr).toMatch(/giving up on this post \(content_refused, not retried\)/);

    // The run log has an event for every failed attempt and every give-up, by post.
    const summary = JSON.parse(run.stdout) as { run_log: string };
    const events = (await readFile(summary.run_log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event?: string; postId?: string; code?: string });
    const of = (event: string, postId: string) =>
      events.filter((e) => e.event === event && e.postId === postId);
    expect(of('image_attempt_failed', hangs.id)).toHaveLength(3);
    expect(of('image_abandoned', hangs.id)).toHaveLength(1);
    expect(of('image_attempt_failed', late.id)).toHaveLength(2);
    expect(of('image_give_up', refused.id)).toMatchObject([{ code: 'content_refused' }]);
  });

  it('exits 3 when given-up posts leave too few candidates', async () => {
    const { env, args } = await setUp([story('stuck', '地铁延误'), story('ok1', '新桥合龙')]);
    fake.script('stuck', ['hang']);
    const run = await runCli(args(2), { env: { ...env, CHATGPT_IMAGE_MAX_ATTEMPTS: '1' } });
    expect(run.code, run.stderr).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      outcome: 'candidates_exhausted',
      drafted: [{}],
      failed: [{ code: 'image_abandoned' }],
    });
  });

  it('stops the batch at a login wall with exit 1 and tries no further candidate', async () => {
    const { dataDir, env, args } = await setUp([
      story('first', '早高峰'),
      story('second', '晚高峰'),
      story('third', '夜经济'),
    ]);
    const run = await runCli(args(3), {
      env,
      onStderr: (line) => {
        if (/drafted \(local\)/.test(line)) fake.setPageState('logged_out');
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not_logged_in/);
    const posts = await readPosts(dataDir);
    expect(byKey(posts, 'second').platform.image_generate).toMatchObject({
      failed_code: 'not_logged_in',
      give_up: false,
      attempts: 1,
    });
    expect(posts.some((p) => p.news.title.endsWith('third'))).toBe(false);
    expect(fake.events.filter((e) => e.type === 'send')).toHaveLength(1);
  });

  it.each(['cloudflare', 'logged_out'] as const)(
    'waits in manual mode at a %s page until the person has passed it, then goes on',
    async (state) => {
      const { env, args } = await setUp([story(`manual${state.length}`, '雪景')]);
      fake.setPageState(state);
      let solved = false;
      const run = await runCli(args(1, '--manual'), {
        env: { ...env, CHATGPT_MANUAL_TIMEOUT_S: '30' },
        onStderr: (line) => {
          if (!solved && /needs you/.test(line)) {
            solved = true;
            setTimeout(() => fake.solve(), 1_000);
          }
        },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(solved).toBe(true);
    },
  );

  it('stops without manual mode at a Cloudflare check', async () => {
    const { env, args } = await setUp([story('cf', '雨景')]);
    fake.setPageState('cloudflare');
    const run = await runCli(args(1), { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cloudflare/);
  });

  it('works on a redesigned page once selectors.json in the data dir names its new parts', async () => {
    const { dataDir, env, args } = await setUp([story('v2', '新版页面')]);
    fake.setPageState('redesigned');
    const stopped = await runCli(args(1), { env });
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/page_changed/);

    // What a person writes after looking at the new page, without waiting for a release.
    const override = {
      composer: ['textarea[name="message-input"]'],
      send: ['button[aria-label="Submit message"]'],
      stop: ['button[aria-label="Stop response"]'],
    };
    await writeFile(path.join(dataDir, 'selectors.json'), JSON.stringify(override));
    const run = await runCli(args(1), { env });

    expect(run.code, run.stderr).toBe(0);
    const [post] = await readPosts(dataDir);
    expect(post?.status).toBe('drafted');
    const original = await readFile(
      path.join(dataDir, 'posts', post!.id, 'images', 'original.png'),
    );
    const served = [...fake.finalImages.values()].some((bytes) => bytes.equals(original));
    expect(served).toBe(true);
  });
});
