import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startChatgptFake, type ChatgptFake } from '../fakes/chatgpt/index.js';
import { startXhsFake, type XhsFake } from '../fakes/xiaohongshu/index.js';
import { launchTestChrome, type TestChrome } from '../support/chromium.js';
import { runCli, type CliRun } from '../support/cli.js';

let chatgpt: ChatgptFake;
let xhs: XhsFake;
let chrome: TestChrome;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-doctor-'));
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
  if (workDir) await rm(workDir, { recursive: true, force: true, maxRetries: 5 });
});

afterEach(async () => {
  chatgpt.setPageState('ok');
  xhs.setPageState('ok');
  await rm(xhsSelectorsFile(), { force: true });
});

function xhsSelectorsFile(): string {
  return path.join(workDir, 'data', 'xhs-selectors.json');
}

async function writeXhsSelectors(override: unknown): Promise<void> {
  await mkdir(path.dirname(xhsSelectorsFile()), { recursive: true });
  await writeFile(xhsSelectorsFile(), JSON.stringify(override));
}

/** A loopback port that was free a moment ago: nothing listens there. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function doctor(cdpUrl: string, env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['doctor', '--data-dir', path.join(workDir, 'data')], {
    cwd: workDir,
    env: { CHROME_CDP_URL: cdpUrl, XHS_STEP_TIMEOUT_S: '3', ...env },
  });
}

const CHECK_LINE = /^(ok {2}|FAIL) /;

/** The line of the check named `name`, with the fix lines that follow it; '' when absent. */
function checkOf(stdout: string, name: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.replace(CHECK_LINE, '').startsWith(`${name}: `));
  if (start < 0) return '';
  const end = lines.findIndex((line, i) => i > start && CHECK_LINE.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

async function openPageCount(cdpUrl: string): Promise<number> {
  const browser = await chromium.connectOverCDP(cdpUrl);
  try {
    return browser.contexts().reduce((sum, context) => sum + context.pages().length, 0);
  } finally {
    await browser.close();
  }
}

describe('xhs-news doctor', () => {
  it('fails the reachability check with how to start Chrome when nothing listens', async () => {
    const port = await freePort();
    const run = await doctor(`http://127.0.0.1:${port}`);

    expect(run.code).toBe(1);
    const reachable = checkOf(run.stdout, 'Chrome reachable');
    expect(reachable).toMatch(/^FAIL Chrome reachable: nothing usable at http:\/\/127\.0\.0\.1:/);
    expect(reachable).toContain(`--remote-debugging-port=${port}`);
    expect(reachable).toContain('--user-data-dir=');
    expect(reachable).toContain('xhs-news chrome');
  });

  it('passes every check, and leaves no tab open, when both sites are ready', async () => {
    const pagesBefore = await openPageCount(chrome.cdpUrl);
    const run = await doctor(chrome.cdpUrl);

    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^ok /);
    const names = [
      'Chrome reachable',
      'ChatGPT logged in',
      'no Cloudflare challenge',
      'chat composer found',
      'creator center: logged in',
      'creator center: publish page',
    ];
    for (const name of names) expect(checkOf(run.stdout, name), name).toMatch(/^ok /);
    expect(lines).toHaveLength(names.length);
    expect(await openPageCount(chrome.cdpUrl)).toBe(pagesBefore);
  });

  it('fails the ChatGPT login check when chatgpt.com shows its login wall', async () => {
    chatgpt.setPageState('logged_out');
    const run = await doctor(chrome.cdpUrl);

    expect(run.code).toBe(1);
    expect(checkOf(run.stdout, 'ChatGPT logged in')).toMatch(/^FAIL [^]*→ Log in to chatgpt\.com/);
    expect(checkOf(run.stdout, 'no Cloudflare challenge')).toMatch(/^ok /);
    expect(checkOf(run.stdout, 'creator center: logged in')).toMatch(/^ok /);
  });

  it('fails the challenge check when chatgpt.com shows a Cloudflare check', async () => {
    chatgpt.setPageState('cloudflare');
    const run = await doctor(chrome.cdpUrl);

    expect(run.code).toBe(1);
    expect(checkOf(run.stdout, 'no Cloudflare challenge')).toMatch(
      /^FAIL [^]*Verify you are human/,
    );
    expect(checkOf(run.stdout, 'chat composer found')).toMatch(/^FAIL /);
  });

  it('checks only the site the configuration uses, so a logged-out creator center does not fail it', async () => {
    xhs.setPageState('logged_out');
    const run = await doctor(chrome.cdpUrl, { IMAGE_PROVIDER: 'chatgpt_images' });

    expect(run.code, run.stdout).toBe(0);
    expect(checkOf(run.stdout, 'chat composer found')).toMatch(/^ok /);
    expect(run.stdout).toMatch(/^skip creator center: not used \(PUBLISHER=local\)$/m);
    expect(checkOf(run.stdout, 'creator center: logged in')).toBe('');
  });

  it('fails the composer check when chatgpt.com was redesigned', async () => {
    chatgpt.setPageState('redesigned');
    const run = await doctor(chrome.cdpUrl);

    expect(run.code).toBe(1);
    expect(checkOf(run.stdout, 'ChatGPT logged in')).toMatch(/^ok /);
    expect(checkOf(run.stdout, 'no Cloudflare challenge')).toMatch(/^ok /);
    expect(checkOf(run.stdout, 'chat composer found')).toMatch(/^FAIL [^]*selectors\.json/);
  });

  it('fails the creator center login check when it sends us to its login page', async () => {
    xhs.setPageState('logged_out');
    const run = await doctor(chrome.cdpUrl);

    expect(run.code).toBe(1);
    expect(checkOf(run.stdout, 'chat composer found')).toMatch(/^ok /);
    expect(checkOf(run.stdout, 'creator center: logged in')).toMatch(/^FAIL [^]*log in/);
    expect(checkOf(run.stdout, 'creator center: publish page')).toMatch(/^FAIL .*not checked/);
  });

  it('fails the creator center structure check when its publish page was redesigned', async () => {
    xhs.setPageState('redesigned');
    const pagesBefore = await openPageCount(chrome.cdpUrl);
    const run = await doctor(chrome.cdpUrl);

    expect(run.code).toBe(1);
    expect(checkOf(run.stdout, 'creator center: logged in')).toMatch(/^ok /);
    expect(checkOf(run.stdout, 'creator center: publish page')).toMatch(/^FAIL [^]*redesigned/);
    expect(await openPageCount(chrome.cdpUrl)).toBe(pagesBefore);
  });

  it('checks the creator center with the selectors of xhs-selectors.json in the data dir', async () => {
    await writeXhsSelectors({ tabs: { imageTabTexts: ['上传视频图文'] } });
    const run = await doctor(chrome.cdpUrl);

    expect(run.code).toBe(1);
    expect(checkOf(run.stdout, 'creator center: logged in')).toMatch(/^ok /);
    const structure = checkOf(run.stdout, 'creator center: publish page');
    expect(structure).toMatch(
      /^FAIL [^]*「上传视频图文」[^]*override `tabs` in xhs-selectors\.json/,
    );
  });

  it('refuses a bad xhs-selectors.json with exit 2 and every problem, before checking anything', async () => {
    await writeXhsSelectors({ uploadInput: ['input'], draftCountPattern: '草稿箱(' });
    const run = await doctor(chrome.cdpUrl);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${xhsSelectorsFile()}: uploadInput: unknown key`);
    expect(run.stderr).toMatch(/draftCountPattern: is not a valid regular expression/);
  });
});
