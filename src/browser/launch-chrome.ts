import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XhsNewsError } from '../errors.js';
import { sleep } from '../progress.js';

/** Where Chrome and Chromium are usually installed, in the order we try them. */
function knownChromePaths(): string[] {
  switch (process.platform) {
    case 'darwin':
      return [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
      ];
    case 'win32':
      return [
        'C:\\Program Files',
        'C:\\Program Files (x86)',
        path.join(os.homedir(), 'AppData', 'Local'),
      ].map((root) => path.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'));
    default:
      return ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser'].flatMap(
        (name) => ['/usr/bin', '/usr/local/bin', '/snap/bin'].map((dir) => path.join(dir, name)),
      );
  }
}

export function findChrome(explicit: string | undefined): string {
  if (explicit !== undefined) {
    if (existsSync(explicit)) return explicit;
    throw new XhsNewsError('browser_unreachable', `CHROME_PATH=${explicit} does not exist`);
  }
  const found = knownChromePaths().find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new XhsNewsError(
      'browser_unreachable',
      'no Chrome or Chromium found; install one, or set CHROME_PATH to its executable',
    );
  }
  return found;
}

export interface LaunchedChrome {
  executable: string;
  profileDir: string;
  cdpUrl: string;
  alreadyRunning: boolean;
}

const START_TIMEOUT_MS = 20_000;

/**
 * Starts the user's Chrome headed, with a dedicated profile (Chrome 136+ ignores the DevTools
 * port on the default profile) and the port of `cdpUrl`, and leaves it running on its own.
 */
export async function launchChrome(options: {
  executable: string;
  profileDir: string;
  cdpUrl: string;
  signal: AbortSignal;
}): Promise<LaunchedChrome> {
  const url = new URL(options.cdpUrl);
  const port = url.port || '9222';
  const result = { ...options, alreadyRunning: false };
  if (await answers(options.cdpUrl)) return { ...result, alreadyRunning: true };
  await mkdir(options.profileDir, { recursive: true });
  const child = spawn(
    options.executable,
    [
      `--remote-debugging-port=${port}`,
      `--user-data-dir=${options.profileDir}`,
      '--no-first-run',
      '--no-default-browser-check',
      'https://chatgpt.com/',
      'https://creator.xiaohongshu.com/publish/publish?source=official',
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  const deadlineMs = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadlineMs) {
    if (await answers(options.cdpUrl)) return result;
    if (child.exitCode !== null) break;
    await sleep(250, options.signal);
  }
  throw new XhsNewsError(
    'browser_unreachable',
    `started ${options.executable}, but nothing answers at ${options.cdpUrl}` +
      (child.exitCode !== null ? ` (it exited with ${child.exitCode})` : '') +
      '; if another Chrome with this profile is open, close it and try again',
  );
}

async function answers(cdpUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/json/version', cdpUrl), {
      signal: AbortSignal.timeout(1_000),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    // Nothing listening yet is the expected answer while Chrome starts.
    return false;
  }
}

/** The default profile folder when none is given. */
export function defaultProfileDir(dataDir: string): string {
  return path.join(dataDir, 'chrome-profile');
}
