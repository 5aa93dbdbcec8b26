import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useChatgptWorld } from '../support/chatgpt-world.js';
import { runCli } from '../support/cli.js';
import { writeTestFeed } from '../support/feed.js';
import { testTempDir } from '../support/temp-dir.js';

const world = useChatgptWorld({ generationMs: 600, previewEveryMs: 200 });

describe('one Chrome profile, one run', () => {
  it('tells a second run with another data dir and another spelling of the URL who holds it', async () => {
    world.fake.setDefault('hang');
    const dir = await testTempDir('profile-lock');
    const feed = await writeTestFeed(dir, [{ key: 'held', title: '一条占用浏览器的新闻 held' }]);
    const env = (cdpUrl: string) => ({
      IMAGE_PROVIDER: 'chatgpt_images',
      CHROME_CDP_URL: cdpUrl,
      CHATGPT_IMAGE_TIMEOUT_S: '30',
    });
    const args = (data: string) => [
      ...['auto', '--count', '1', '--feed', feed, '--max-age-hours', '0'],
      ...['--data-dir', path.join(dir, data)],
    ];

    const controller = new AbortController();
    const first = runCli(args('first'), {
      env: env(world.chrome.cdpUrl),
      signal: controller.signal,
    });
    while (!world.fake.events.some((e) => e.type === 'generation_started')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const otherSpelling = world.chrome.cdpUrl.replace('127.0.0.1', 'localhost');
    const second = await runCli(args('second'), { env: env(otherSpelling) });
    controller.abort();
    const firstRun = await first;

    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toMatch(/profile_locked/);
    expect(second.stderr).toMatch(/is in use by another run \(run \d{8}T\d+Z-[0-9a-f]{4}, pid/);
    expect(firstRun.code).toBe(130);
    expect(world.fake.events.filter((e) => e.type === 'send')).toHaveLength(1);
  });
});
