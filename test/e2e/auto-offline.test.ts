import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/records/lock.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { readPosts } from '../support/posts.js';
import { testTempDir } from '../support/temp-dir.js';

const FEED = path.join(REPO_ROOT, 'examples/daily-news.xml');
const HOT_LIST = path.join(REPO_ROOT, 'examples/hot-list.json');

async function tempDataDir(): Promise<string> {
  return testTempDir('auto');
}

function autoArgs(dataDir: string, ...more: string[]): string[] {
  return [
    'auto',
    '--title',
    '每日新闻',
    '--feed',
    FEED,
    '--max-age-hours',
    '0',
    '--data-dir',
    dataDir,
    ...more,
  ];
}

describe('xhs-news auto on the embedded defaults (offline)', () => {
  it('drafts count posts, each with a 1080×1440 PNG cover and a complete draft package', async () => {
    const dataDir = await tempDataDir();
    const run = await runCli(autoArgs(dataDir, '--count', '3', '--json'));
    expect(run.code, run.stderr).toBe(0);
    const posts = await readPosts(dataDir);
    expect(posts).toHaveLength(3);
    for (const post of posts) {
      expect(post.status).toBe('drafted');
      expect(post.images).toEqual(['images/cover.png']);
      const cover = await sharp(
        path.join(dataDir, 'posts', post.id, 'images/cover.png'),
      ).metadata();
      expect([cover.format, cover.width, cover.height]).toEqual(['png', 1080, 1440]);
      const draft = path.join(dataDir, 'posts', post.id, 'draft');
      expect((await readdir(draft)).sort()).toEqual(['01.png', 'post.txt']);
      const text = await readFile(path.join(draft, 'post.txt'), 'utf8');
      expect(text.startsWith(post.content.title)).toBe(true);
      expect(text).toContain('#每日新闻');
      expect(post.platform.image_generate).toMatchObject({
        provider: 'card',
        attempts: 1,
        give_up: false,
      });
    }
    const summary = JSON.parse(run.stdout) as {
      outcome: string;
      drafted: unknown[];
      run_log: string;
    };
    expect(summary.outcome).toBe('count_reached');
    expect(summary.drafted).toHaveLength(3);
    const events = (await readFile(summary.run_log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event?: string });
    expect(events.filter((e) => e.event === 'drafted')).toHaveLength(3);
    expect(run.stderr).toMatch(/3\/3 drafted, 0 failed/);
  });

  it('makes different posts on a second run into the same data dir', async () => {
    const dataDir = await tempDataDir();
    expect((await runCli(autoArgs(dataDir, '--count', '2'))).code).toBe(0);
    const first = new Map((await readPosts(dataDir)).map((p) => [p.id, p.updated_at]));
    expect((await runCli(autoArgs(dataDir, '--count', '2'))).code).toBe(0);
    const all = await readPosts(dataDir);
    expect(all).toHaveLength(4);
    expect(new Set(all.map((p) => p.news.title)).size).toBe(4);
    // The first run's posts were left as they were.
    for (const [id, updatedAt] of first) {
      expect(all.find((p) => p.id === id)?.updated_at).toBe(updatedAt);
    }
  });

  it('exits 3 and says why when the candidates run out before the count', async () => {
    const dataDir = await tempDataDir();
    const run = await runCli(autoArgs(dataDir, '--count', '40'));
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/candidates ran out/);
    expect((await readPosts(dataDir)).every((p) => p.status === 'drafted')).toBe(true);
  });

  it('says how many stories the freshness window and earlier runs left out', async () => {
    const dataDir = await tempDataDir();
    expect((await runCli(autoArgs(dataDir, '--count', '2'))).code).toBe(0);
    const run = await runCli([
      ...autoArgs(dataDir, '--count', '2'),
      '--max-age-hours',
      '1',
      '--json',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /ran out \(\d+ stories older than 1 h and 2 stories posted by earlier runs left out\)/,
    );
    const summary = JSON.parse(run.stdout) as { dropped: { too_old: number } };
    expect(summary.dropped.too_old).toBeGreaterThan(0);
  });

  it('skips a bad feed with one message and goes on with the others', async () => {
    const dataDir = await tempDataDir();
    const run = await runCli(
      autoArgs(
        dataDir,
        '--count',
        '2',
        '--feed',
        path.join(dataDir, 'missing.xml'),
        '--feed',
        HOT_LIST,
      ),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/missing\.xml skipped: /);
  });

  it('stops with exit 1 and says so when not one feed can be read', async () => {
    const dataDir = await tempDataDir();
    await writeFile(path.join(dataDir, 'page.html'), '<html><body>维护中</body></html>');
    const run = await runCli([
      'auto',
      '--data-dir',
      dataDir,
      '--feed',
      path.join(dataDir, 'missing.xml'),
      '--feed',
      path.join(dataDir, 'page.html'),
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/none of the 2 feeds could be read/);
    expect(run.stderr).not.toMatch(/candidates ran out/);
    const summary = JSON.parse(run.stdout) as { outcome: string; stopped_by: { code: string } };
    expect(summary).toMatchObject({ outcome: 'stopped', stopped_by: { code: 'feeds_unreadable' } });
  });

  it('reads a relative feed path from the directory it was run in', async () => {
    const dataDir = await tempDataDir();
    await writeFile(path.join(dataDir, 'local.xml'), await readFile(FEED));
    const run = await runCli(
      ['auto', '--count', '1', '--feed', 'local.xml', '--max-age-hours', '0', '--data-dir', 'd'],
      { cwd: dataDir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(await readPosts(path.join(dataDir, 'd'))).toHaveLength(1);
  });

  it('adds the assets after the cover in sorted order, and a glob matching nothing is fine', async () => {
    const dataDir = await tempDataDir();
    const pics = path.join(dataDir, 'pics');
    await mkdir(pics);
    const png = await sharp({
      create: { width: 300, height: 400, channels: 3, background: '#39c' },
    })
      .png()
      .toBuffer();
    const jpeg = await sharp(png).jpeg().toBuffer();
    await writeFile(path.join(pics, 'b.png'), png);
    await writeFile(path.join(pics, 'a.png'), png);
    // A JPEG with the wrong extension, and one with none: named by what they hold.
    await writeFile(path.join(pics, 'c.png'), jpeg);
    await writeFile(path.join(pics, 'd'), jpeg);
    const run = await runCli(autoArgs(dataDir, '--count', '1', '--assets-glob', `${pics}/*`));
    expect(run.code, run.stderr).toBe(0);
    const [post] = await readPosts(dataDir);
    expect(post?.images).toEqual([
      'images/cover.png',
      'images/asset-01.png',
      'images/asset-02.png',
      'images/asset-03.jpg',
      'images/asset-04.jpg',
    ]);

    const empty = await runCli(
      autoArgs(await tempDataDir(), '--count', '1', '--assets-glob', 'empty/pics/*'),
    );
    expect(empty.code, empty.stderr).toBe(0);
  });

  it('refuses an asset that is not an image, naming it, before writing anything', async () => {
    const dataDir = await tempDataDir();
    await mkdir(path.join(dataDir, 'pics'));
    await writeFile(path.join(dataDir, 'pics', 'notes.png'), 'just text');
    const run = await runCli(
      autoArgs(dataDir, '--count', '1', '--assets-glob', `${dataDir}/pics/*`),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/notes\.png, which is not a usable image/);
    expect(await readdir(dataDir)).toEqual(['pics']);
  });

  it('reports every bad flag and variable at once with exit 2 and writes nothing', async () => {
    const dataDir = await tempDataDir();
    const run = await runCli(autoArgs(dataDir, '--count', '0', '--candidates-factor', 'x'), {
      env: { CHATGPT_IMAGE_MAX_ATTEMPTS: '2.5' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--count/);
    expect(run.stderr).toMatch(/--candidates-factor/);
    expect(run.stderr).toMatch(/CHATGPT_IMAGE_MAX_ATTEMPTS/);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('asks for a feed when none is given', async () => {
    const run = await runCli(['auto', '--data-dir', await tempDataDir()], {
      cwd: await tempDataDir(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no feeds: pass --feed/);
  });

  it('reports a missing feed together with a bad flag value', async () => {
    const run = await runCli(['auto', '--data-dir', await tempDataDir(), '--count', '0'], {
      cwd: await tempDataDir(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--count[^]*no feeds: pass --feed/);
  });

  it('refuses a data dir that is a file with one message and exit 2, in auto and posts', async () => {
    const file = path.join(await tempDataDir(), 'data');
    await writeFile(file, 'not a folder');
    const auto = await runCli(autoArgs(file, '--count', '1'));
    expect(auto.code).toBe(2);
    expect(auto.stderr).toMatch(/data dir .*: it is a file, not a folder; choose another/);
    expect(auto.stderr).not.toMatch(/\n\s+at /);
    const posts = await runCli(['posts', '--data-dir', file]);
    expect(posts.code).toBe(2);
    expect(posts.stderr).toMatch(/it is a file, not a folder/);
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  });

  it('reports a missing feed and a bad asset in the same message', async () => {
    const dataDir = await tempDataDir();
    await writeFile(path.join(dataDir, 'notes.png'), 'just text');
    const run = await runCli(['auto', '--data-dir', dataDir, '--assets-glob', `${dataDir}/*.png`], {
      cwd: dataDir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no feeds: pass --feed[^]*notes\.png, which is not a usable image/);
    expect(await readdir(dataDir)).toEqual(['notes.png']);
  });

  it('refuses a bad xhs-selectors.json with exit 2 before Chrome is touched, with other problems', async () => {
    const dataDir = await tempDataDir();
    const file = path.join(dataDir, 'xhs-selectors.json');
    await writeFile(file, JSON.stringify({ tabs: { imageTab: ['图文'] }, riskCodeRange: [2, 1] }));
    // Nothing listens on port 1: a run that got as far as Chrome would stop with exit 1.
    const run = await runCli(autoArgs(dataDir, '--count', '0', '--publisher', 'xiaohongshu'), {
      env: { CHROME_CDP_URL: 'http://127.0.0.1:1' },
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--count/);
    expect(run.stderr).toContain(`${file}: tabs.imageTab: unknown key`);
    expect(run.stderr).toContain(`${file}: riskCodeRange: the first number`);
    expect(await readdir(dataDir)).toEqual(['xhs-selectors.json']);
  });

  it('stops with exit 1 and a --json summary when another run holds the data dir', async () => {
    const dataDir = await tempDataDir();
    const release = await acquireLock(path.join(dataDir, 'locks'), 'batch', {
      runId: 'other-run',
      what: 'the data dir',
    });
    try {
      const run = await runCli(autoArgs(dataDir, '--count', '1', '--json'));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/in use by another run \(run other-run/);
      const summary = JSON.parse(run.stdout) as { outcome: string; stopped_by?: { code: string } };
      expect(summary).toMatchObject({ outcome: 'stopped', stopped_by: { code: 'profile_locked' } });
      expect(await readPosts(dataDir)).toEqual([]);
    } finally {
      await release();
    }
  });

  it('reports a corrupt post record, leaves it untouched and goes on', async () => {
    const dataDir = await tempDataDir();
    const bad = path.join(dataDir, 'posts', '20200101-0000000000');
    await mkdir(bad, { recursive: true });
    await writeFile(path.join(bad, 'post.json'), '{ broken');
    const run = await runCli(autoArgs(dataDir, '--count', '1'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/20200101-0000000000[/\\]post\.json is not a valid record/);
    expect(await readFile(path.join(bad, 'post.json'), 'utf8')).toBe('{ broken');
  });

  it('skips the story whose record is corrupt, reporting the file once, and drafts another', async () => {
    const dataDir = await tempDataDir();
    await runCli(autoArgs(dataDir, '--count', '1'));
    const [first] = await readPosts(dataDir);
    const file = path.join(dataDir, 'posts', first!.id, 'post.json');
    await writeFile(file, '{ "id": 1 }');

    const run = await runCli(autoArgs(dataDir, '--count', '1', '--json'));

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.match(/post\.json is not a valid record/g)).toHaveLength(1);
    const summary = JSON.parse(run.stdout) as { skipped: { id: string }[]; drafted: unknown[] };
    expect(summary.skipped.map((p) => p.id)).toEqual([first!.id]);
    expect(summary.drafted).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe('{ "id": 1 }');
  });

  it('stops on Ctrl-C with exit 130 and every record complete', async () => {
    const dataDir = await tempDataDir();
    const controller = new AbortController();
    const run = await runCli(autoArgs(dataDir, '--count', '5'), {
      signal: controller.signal,
      onStderr: (line) => {
        if (/drafted \(local\)/.test(line))
          controller.abort(new DOMException('interrupted', 'AbortError'));
      },
    });
    expect(run.code).toBe(130);
    const posts = await readPosts(dataDir);
    expect(posts.filter((p) => p.status === 'drafted').length).toBeGreaterThanOrEqual(1);
    expect(posts.length).toBeLessThan(5);
    // Nothing half-way: every record is drafted, or failed as interrupted and offered again.
    for (const post of posts) {
      if (post.status === 'drafted') continue;
      expect(post.status).toBe('failed');
      expect(post.platform.image_generate).toMatchObject({ give_up: false });
    }
    const leftovers = (await readdir(path.join(dataDir, 'posts'), { recursive: true })).filter(
      (name) => /(^|[/\\])\.draft-|\.json\.[0-9a-z]+$/.test(name),
    );
    expect(leftovers).toEqual([]);
  });

  it('lists posts and shows one with its image attempts', async () => {
    const dataDir = await tempDataDir();
    await runCli(autoArgs(dataDir, '--count', '2'));
    const list = await runCli(['posts', '--data-dir', dataDir, '--status', 'drafted']);
    expect(list.code).toBe(0);
    const ids = list.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]!);
    expect(ids).toHaveLength(2);
    const json = await runCli(['posts', '--data-dir', dataDir, '--json']);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(2);
    const show = await runCli(['show', ids[0]!, '--data-dir', dataDir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/image:\s+card, 1 attempt\(s\), give_up false/);
    const missing = await runCli(['show', '20000101-nope', '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
  });
});

describe('the xhs-news command', () => {
  it('exits 2 on a bad flag value from a real process', async () => {
    const run = promisify(execFile);
    const result = await run(
      'node',
      ['--import', 'tsx', 'src/index.ts', 'auto', '--count', 'abc', '--feed', FEED],
      {
        cwd: REPO_ROOT,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--count="abc": must be a whole number/);
  });
  it('finishes the batch when the reader of its output goes away, as with | head', async () => {
    const dataDir = await tempDataDir();
    const args = ['--import', 'tsx', 'src/index.ts', ...autoArgs(dataDir, '--count', '3')];
    const child = spawn('node', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Read the first line, then close the pipe, as `head -1` does.
    child.stderr.once('data', () => child.stderr.destroy());
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const posts = await readPosts(dataDir);
    expect(posts.map((p) => p.status)).toEqual(['drafted', 'drafted', 'drafted']);
  });
});
