import path from 'node:path';
import { defaultProfileDir, launchChrome } from '../browser/launch-chrome.js';
import type { CliIo } from '../cli.js';
import { EXIT } from '../cli.js';
import { configFrom } from './auto.js';

/** `xhs-news chrome`: start Chrome for xhs-news so the person can log in once. */
export async function runChrome(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const config = configFrom(flags, io);
  const dataDir = path.resolve(io.cwd, config.dataDir);
  const profileDir = path.resolve(io.cwd, config.chromeProfileDir ?? defaultProfileDir(dataDir));
  const chrome = await launchChrome({
    chromePath: config.chromePath,
    profileDir,
    cdpUrl: config.chromeCdpUrl,
    signal: io.signal,
  });
  const lines = chrome.alreadyRunning
    ? [`a Chrome already answers at ${chrome.cdpUrl}; xhs-news will use it as it is.`]
    : [
        `Chrome is running with the profile ${chrome.profileDir}`,
        `and the DevTools port ${chrome.cdpUrl}.`,
        'Log in to chatgpt.com (and creator.xiaohongshu.com for drafts) in that window once;',
        'the logins stay in this profile. Leave the window open (it may be minimised) and run:',
        '  xhs-news doctor',
        `Drafts saved by xhs-news live in this profile only: review them in this Chrome.`,
      ];
  io.stderr.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
