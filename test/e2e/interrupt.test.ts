import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useChatgptWorld } from '../support/chatgpt-world.js';
import { REPO_ROOT } from '../support/cli.js';
import { writeTestFeed } from '../support/feed.js';
import { readPosts } from '../support/posts.js';

const world = useChatgptWorld({ generationMs: 600, previewEveryMs: 200 });
let dir: string;

beforeEach(async () => {
  world.fake.setDefault('hang');
  dir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-interrupt-'));
  return () => rm(dir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  stderr: string;
}

/**
 * Runs `xhs-news auto` as a real process and sends it SIGINT, as Ctrl-C in a terminal does,
 * once `when` holds for what it has written to stderr so far.
 */
async function autoInterrupted(
  when: (stderr: string) => boolean,
  env: Record<string, string>,
): Promise<Exit> {
  const feed = await writeTestFeed(dir, [{ key: 'stall', title: '一条生成很慢的新闻 stall' }]);
  const args = ['auto', '--count', '1', '--feed', feed, '--max-age-hours', '0'];
  const child = spawn('node', ['--import', 'tsx', 'src/index.ts', ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'],
      IMAGE_PROVIDER: 'chatgpt_images',
      CHROME_CDP_URL: world.chrome.cdpUrl,
      XHS_NEWS_DATA_DIR: path.join(dir, 'data'),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const watch = setInterval(() => {
    if (when(stderr)) {
      clearInterval(watch);
      child.kill('SIGINT');
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(watch);
  return { code, stderr };
}

async function openTabs(): Promise<string[]> {
  const response = await fetch(`${world.chrome.cdpUrl}/json/list`);
  const targets = (await response.json()) as { type: string; url: string }[];
  return targets.filter((t) => t.type === 'page').map((t) => t.url);
}

async function leftovers(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  // write-file-atomic writes `<name>.<hash>` beside the file first.
  return entries.filter((name) => /\.json\.\d+$|\.tmp$/.test(name));
}

describe('Ctrl-C on a real xhs-news process', () => {
  it('during the sleep before a retry: exit 130, the failed attempt kept in post.json', async () => {
    const run = await autoInterrupted((stderr) => /retrying in 30 s/.test(stderr), {
      CHATGPT_IMAGE_TIMEOUT_S: '2',
      CHATGPT_IMAGE_RETRY_SLEEP_S: '30',
    });

    expect(run.code, run.stderr).toBe(130);
    const [post] = await readPosts(path.join(dir, 'data'));
    expect(post?.status).toBe('failed');
    expect(post?.platform.image_generate).toMatchObject({
      attempts: 1,
      give_up: false,
      failed_code: 'interrupted',
      errors: [{ attempt: 1, code: 'timeout' }],
    });
    expect(await leftovers(path.join(dir, 'data'))).toEqual([]);
  });

  it('while an image is being made: exit 130, our tab closed, the record complete', async () => {
    world.fake.events.length = 0;
    const generating = () => world.fake.events.some((e) => e.type === 'generation_started');
    const run = await autoInterrupted(generating, { CHATGPT_IMAGE_TIMEOUT_S: '30' });

    expect(run.code, run.stderr).toBe(130);
    const [post] = await readPosts(path.join(dir, 'data'));
    expect(post?.status).toBe('failed');
    expect(post?.platform.image_generate).toMatchObject({ failed_code: 'interrupted' });
    expect(await leftovers(path.join(dir, 'data'))).toEqual([]);
    expect(generating()).toBe(true);
    expect((await openTabs()).filter((url) => url.includes('chatgpt.com'))).toEqual([]);
  });
});
