import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export interface TestChrome {
  /** The DevTools endpoint, as a user's `CHROME_CDP_URL`. */
  cdpUrl: string;
  userDataDir: string;
  process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium the way a user starts Chrome for xhs-news (a dedicated profile and a
 * DevTools port), headless, with the real host names of the sites mapped to the loopback fakes.
 * `hosts` maps a host name (e.g. `chatgpt.com`) to the loopback port of its fake.
 */
export async function launchTestChrome(hosts: Record<string, number>): Promise<TestChrome> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-chrome-'));
  const rules = Object.entries(hosts)
    .map(([host, port]) => `MAP ${host}:443 127.0.0.1:${port}`)
    .join(', ');
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--ignore-certificate-errors',
    `--host-resolver-rules=${rules}`,
    `--user-data-dir=${userDataDir}`,
    '--remote-debugging-port=0',
    '--window-size=1280,900',
    'about:blank',
  ];
  const child = spawn(CHROMIUM_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const cdpUrl = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${text}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /DevTools listening on ws:\/\/([^/]+)\//.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited with ${code}:\n${text}`));
    });
  });
  child.stderr?.resume();
  return {
    cdpUrl,
    userDataDir,
    process: child,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      // Chromium may still be writing to the profile for a moment after it exits.
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
