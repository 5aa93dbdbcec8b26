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
  executable: string | undefined;
  profileDir: string;
  cdpUrl: string;
  alreadyRunning: boolean;
}

const START_TIMEOUT_MS = 20_000;
const DEFAULT_DEVTOOLS_PORT = '9222';

/**
 * Starts the user's Chrome headed, with a dedicated profile (Chrome 136+ ignores the DevTools
 * port on the default profile) and the port of `cdpUrl`, and leaves it running on its own. A
 * Chrome that already answers there is left as it is.
 */
export async function launchChrome(options: {
  /** `CHROME_PATH`, else the first Chrome or Chromium found. */
  chromePath: string | undefined;
  profileDir: string;
  cdpUrl: string;
  signal: AbortSignal;
}): Promise<LaunchedChrome> {
  const endpoint = new URL(options.cdpUrl);
  if (!endpoint.port) endpoint.port = DEFAULT_DEVTOOLS_PORT;
  const cdpUrl = endpoint.origin;
  const launched = { profileDir: options.profileDir, cdpUrl, alreadyRunning: false };
  if (await answers(cdpUrl)) return { ...launched, executable: undefined, alreadyRunning: true };

  const executable = findChrome(options.chromePath);
  await mkdir(options.profileDir, { recursive: true });
  const child = spawn(
    executable,
    [
      `--remote-debugging-port=${endpoint.port}`,
      `--user-data-dir=${options.profileDir}`,
      '--no-first-run',
      '--no-default-browser-check',
      'https://chatgpt.com/',
      'https://creator.xiaohongshu.com/publish/publish?source=official',
    ],
    { detached: true, stdio: 'ignore' },
  );
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  child.unref();

  const deadlineMs = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadlineMs && spawnError === undefined && child.exitCode === null) {
    if (await answers(cdpUrl)) return { ...launched, executable };
    await sleep(250, options.signal);
  }
  const why =
    spawnError !== undefined
      ? `could not start ${executable}: ${spawnError.message}`
      : child.exitCode !== null
        ? `${executable} exited with ${child.exitCode}`
        : `started ${executable}, but nothing answers at ${cdpUrl}`;
  throw new XhsNewsError(
    'browser_unreachable',
    `${why}; if another Chrome with this profile is open, close it and try again`,
    { cause: spawnError },
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
