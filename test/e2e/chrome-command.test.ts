import { existsSync } from 'node:fs';
import { chmod, lstat, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../support/chromium.js';
import { runCli } from '../support/cli.js';

let dir: string;
let wrapper: string;
let invocationLog: string;
const started: { cdpUrl: string; profileDir: string }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-chrome-cmd-'));
  invocationLog = path.join(dir, 'invocations.log');
  wrapper = path.join(dir, 'chrome');
  // Headed Chrome needs a display, so this stands in for it, headless. Headless Chromium refuses
  // more than one start page ("Multiple targets are not supported"), so the wrapper logs every
  // argument, then passes on the flags only.
  await writeFile(
    wrapper,
    [
      '#!/bin/sh',
      `echo "$@" >> '${invocationLog}'`,
      'for arg do',
      '  shift',
      '  case "$arg" in -*) set -- "$@" "$arg" ;; esac',
      'done',
      `exec ${CHROMIUM_PATH} --headless=new --no-sandbox --disable-gpu \\`,
      '  --disable-background-networking --disable-component-update --disable-sync "$@"',
      '',
    ].join('\n'),
  );
  await chmod(wrapper, 0o755);
});

afterEach(async () => {
  for (const chrome of started.splice(0)) await closeChromeAt(chrome.cdpUrl, chrome.profileDir);
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

/** A loopback port that was free a moment ago. */
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

async function answers(cdpUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/json/version', cdpUrl), {
      signal: AbortSignal.timeout(1_000),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    // A refused or silent port is the answer "no Chrome here".
    return false;
  }
}

/**
 * Ends the Chrome that `xhs-news chrome` left running, and waits until its port is closed. Its
 * process is found by the profile's SingletonLock (`<host>-<pid>`), so a Chrome too busy to
 * answer over DevTools is ended all the same.
 */
async function closeChromeAt(cdpUrl: string, profileDir: string): Promise<void> {
  if (!(await answers(cdpUrl))) return;
  const lock = await readlink(path.join(profileDir, 'SingletonLock'));
  const pid = Number(lock.split('-').at(-1));
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in SingletonLock: ${lock}`);
  process.kill(pid, 'SIGTERM');
  const deadlineMs = Date.now() + 10_000;
  while (Date.now() < deadlineMs && (await answers(cdpUrl))) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (await answers(cdpUrl)) process.kill(pid, 'SIGKILL');
}

async function invocations(): Promise<string[]> {
  const text = await readFile(invocationLog, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text.split('\n').filter((line) => line !== '');
}

describe('xhs-news chrome', () => {
  it('starts Chrome with the profile and DevTools port, and a second run reuses it', async () => {
    const port = await freePort();
    const cdpUrl = `http://127.0.0.1:${port}`;
    const profileDir = path.join(dir, 'profile');
    const args = ['chrome', '--cdp-url', cdpUrl, '--profile-dir', profileDir];
    const env = { CHROME_PATH: wrapper };

    started.push({ cdpUrl, profileDir });
    const run = await runCli(args, { env, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Chrome is running with the profile ${profileDir}`);
    expect(run.stderr).toContain(`the DevTools port ${cdpUrl}`);
    expect(run.stderr).toContain('xhs-news doctor');

    const version = await fetch(`${cdpUrl}/json/version`);
    expect(version.ok).toBe(true);
    expect(await version.json()).toHaveProperty('webSocketDebuggerUrl');
    expect(existsSync(profileDir)).toBe(true);
    // Chrome holds this lock (a symbolic link to nowhere) in the profile it runs with.
    expect((await lstat(path.join(profileDir, 'SingletonLock'))).isSymbolicLink()).toBe(true);
    const [first, ...others] = await invocations();
    expect(others).toEqual([]);
    expect(first).toContain(`--remote-debugging-port=${port}`);
    expect(first).toContain(`--user-data-dir=${profileDir}`);
    expect(first).toContain('https://chatgpt.com/');
    expect(first).toContain('https://creator.xiaohongshu.com/');

    const again = await runCli(args, { env, cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`a Chrome already answers at ${cdpUrl}`);
    expect(await invocations()).toHaveLength(1);
  });

  it('stops with exit 1 and names CHROME_PATH when it does not exist', async () => {
    const port = await freePort();
    const cdpUrl = `http://127.0.0.1:${port}`;
    const run = await runCli(
      ['chrome', '--cdp-url', cdpUrl, '--profile-dir', path.join(dir, 'profile')],
      { env: { CHROME_PATH: '/no/such/chrome' }, cwd: dir },
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('/no/such/chrome');
    expect(await answers(cdpUrl)).toBe(false);
  });

  it('stops with exit 1 and a message when CHROME_PATH cannot be run', async () => {
    const port = await freePort();
    const cdpUrl = `http://127.0.0.1:${port}`;
    const notRunnable = path.join(dir, 'chrome.txt');
    await writeFile(notRunnable, 'not a program');
    const run = await runCli(
      ['chrome', '--cdp-url', cdpUrl, '--profile-dir', path.join(dir, 'profile')],
      { env: { CHROME_PATH: notRunnable }, cwd: dir },
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`could not start ${notRunnable}`);
  });
});
