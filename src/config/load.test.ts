import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadConfig } from './load.js';
import { testTempDir } from '../../test/support/temp-dir.js';

async function tempDir(): Promise<string> {
  return testTempDir('config');
}

function issuesOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('takes the embedded defaults when nothing is given', async () => {
    const config = loadConfig({ env: {}, cwd: await tempDir() });
    expect(config).toMatchObject({
      title: '每日新闻',
      count: 3,
      candidatesFactor: 5,
      maxAgeHours: 72,
      dataDir: './data',
      imageProvider: 'card',
      publisher: 'local',
      chromeCdpUrl: 'http://127.0.0.1:9222',
      chatgptImageTimeoutS: 300,
      chatgptImageMinBytes: 50_000,
      chatgptImageMaxAttempts: 3,
      chatgptImageRetrySleepS: 2,
      manual: false,
      manualTimeoutS: 600,
      xhsDraftMaxAttempts: 2,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('prefers a flag to the environment, the environment to the file, the file to the default', async () => {
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 'xhs-news.config.json'),
      JSON.stringify({ count: 7, candidatesFactor: 4, maxAgeHours: 10 }),
    );
    const config = loadConfig({
      cwd,
      flags: { count: '9' },
      env: { XHS_NEWS_COUNT: '8', XHS_NEWS_CANDIDATES_FACTOR: '6' },
    });
    expect(config.count).toBe(9);
    expect(config.candidatesFactor).toBe(6);
    expect(config.maxAgeHours).toBe(10);
    expect(config.chatgptImageMaxAttempts).toBe(3);
  });

  it.each([
    ['CHATGPT_IMAGE_MAX_ATTEMPTS', '0'],
    ['CHATGPT_IMAGE_MAX_ATTEMPTS', '-1'],
    ['CHATGPT_IMAGE_MAX_ATTEMPTS', 'abc'],
    ['CHATGPT_IMAGE_MAX_ATTEMPTS', '2.5'],
    ['CHATGPT_IMAGE_RETRY_SLEEP_S', '-1'],
    ['CHATGPT_IMAGE_RETRY_SLEEP_S', 'abc'],
    ['CHATGPT_IMAGE_TIMEOUT_S', '0'],
    ['CHATGPT_IMAGE_TIMEOUT_S', 'abc'],
    ['CHATGPT_MANUAL_TIMEOUT_S', '-1'],
    ['CHATGPT_MANUAL_TIMEOUT_S', '0'],
    ['CHATGPT_MANUAL_TIMEOUT_S', 'abc'],
    ['XHS_DRAFT_MAX_ATTEMPTS', '0'],
    ['CHATGPT_MANUAL_MODE', 'maybe'],
    ['XHS_DRAFT_MAX_ATTEMPTS', '2.5'],
    ['IMAGE_PROVIDER', 'dalle'],
    ['PUBLISHER', 'weibo'],
    ['CHROME_CDP_URL', 'ws:/nope'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    const issues = issuesOf(() => loadConfig({ env: { [name]: value }, cwd: '/' }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(name);
  });

  it('turns manual mode on from CHATGPT_MANUAL_MODE=1 and takes its wait in seconds', () => {
    const config = loadConfig({
      env: { CHATGPT_MANUAL_MODE: '1', CHATGPT_MANUAL_TIMEOUT_S: '90' },
      cwd: '/',
    });
    expect(config.manual).toBe(true);
    expect(config.manualTimeoutS).toBe(90);
  });

  it.each([
    ['an empty flag', { flags: { maxAgeHours: '' } }, '--max-age-hours'],
    ['a hex number', { env: { XHS_NEWS_COUNT: '0x2' } }, 'XHS_NEWS_COUNT'],
    ['an exponent', { env: { CHATGPT_IMAGE_MAX_ATTEMPTS: '1e1' } }, 'CHATGPT_IMAGE_MAX_ATTEMPTS'],
    [
      'a sleep longer than a timer can hold',
      { env: { CHATGPT_IMAGE_RETRY_SLEEP_S: '10000000000' } },
      'CHATGPT_IMAGE_RETRY_SLEEP_S',
    ],
    [
      'a budget longer than a timer can hold',
      { env: { CHATGPT_IMAGE_TIMEOUT_S: '3000000' } },
      'CHATGPT_IMAGE_TIMEOUT_S',
    ],
  ])('refuses %s instead of reading it as some number', (_what, sources, name) => {
    const issues = issuesOf(() => loadConfig({ env: {}, cwd: '/', ...sources }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(name);
  });

  it('refuses a config file value that is not a number, such as true or [2]', async () => {
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, 'xhs-news.config.json'),
      JSON.stringify({ count: true, candidatesFactor: [2] }),
    );
    const issues = issuesOf(() => loadConfig({ env: {}, cwd }));
    expect(issues).toEqual([
      expect.stringContaining('"count"'),
      expect.stringContaining('"candidatesFactor"'),
    ]);
  });

  it('accepts a retry sleep of 0 and a fractional one', () => {
    expect(
      loadConfig({ env: { CHATGPT_IMAGE_RETRY_SLEEP_S: '0' }, cwd: '/' }).chatgptImageRetrySleepS,
    ).toBe(0);
    expect(
      loadConfig({ env: { CHATGPT_IMAGE_RETRY_SLEEP_S: '0.5' }, cwd: '/' }).chatgptImageRetrySleepS,
    ).toBe(0.5);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(() =>
      loadConfig({
        cwd: '/',
        flags: { count: '0', maxAgeHours: '-3' },
        env: { CHATGPT_IMAGE_MAX_ATTEMPTS: 'x', IMAGE_PROVIDER: 'nope' },
      }),
    );
    expect(issues).toHaveLength(4);
    expect(issues.join('\n')).toMatch(/--count.*\n.*--max-age-hours/s);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ env: { XHS_NEWS_COUNT: '' }, cwd: '/' }).count).toBe(3);
  });

  it('splits a comma-separated feed list from the environment', () => {
    const config = loadConfig({ env: { XHS_NEWS_FEEDS: 'a.xml, https://x.test/rss ,' }, cwd: '/' });
    expect(config.feeds).toEqual(['a.xml', 'https://x.test/rss']);
  });

  it('names a config file that is not JSON and does not use it', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'xhs-news.config.json'), '{ "count": 3,');
    const issues = issuesOf(() => loadConfig({ env: {}, cwd }));
    expect(issues[0]).toMatch(/xhs-news\.config\.json: not valid JSON/);
  });

  it('names unknown settings and bad values in the config file', async () => {
    const cwd = await tempDir();
    await writeFile(path.join(cwd, 'mine.json'), JSON.stringify({ cuont: 3, count: 'three' }));
    const issues = issuesOf(() => loadConfig({ env: {}, cwd, configPath: 'mine.json' }));
    expect(issues).toEqual([
      expect.stringContaining('mine.json "count"'),
      expect.stringContaining('unknown setting "cuont"'),
    ]);
  });

  it('says when an explicit config file is missing', () => {
    const issues = issuesOf(() => loadConfig({ env: {}, cwd: '/', configPath: '/no/such.json' }));
    expect(issues[0]).toMatch(/cannot read the config file/);
  });
});
