import path from 'node:path';
import { connectToChrome, type ChromeSession } from '../browser/connect.js';
import type { DoctorCheck } from '../browser/doctor-check.js';
import type { CliIo } from '../cli.js';
import { EXIT } from '../cli.js';
import { XhsNewsError, errorMessage } from '../errors.js';
import { diagnoseChatgpt } from '../images/chatgpt/doctor.js';
import { loadSelectors } from '../images/chatgpt/selectors.js';
import { diagnoseXiaohongshu } from '../publish/xiaohongshu/diagnose.js';
import { loadXhsSelectors } from '../publish/xiaohongshu/selector-overrides.js';
import type { Config } from '../config/index.js';
import { configFrom } from './auto.js';

/**
 * `xhs-news doctor`: Chrome reachable, ChatGPT logged in with no challenge and its composer
 * found, the creator center logged in with its publish page as expected. One line per check,
 * with what to do when it fails; exit 0 only when all pass. It checks the sites the
 * configuration uses (`IMAGE_PROVIDER=chatgpt_images`, `PUBLISHER=xiaohongshu`); on the offline
 * defaults, which use neither, it checks both, as a person setting up their Chrome wants.
 */
export async function runDoctor(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const config = configFrom(flags, io);
  const dataDir = path.resolve(io.cwd, config.dataDir);
  const sites = sitesToCheck(config);
  // Before Chrome is attached: a bad override file is a usage error (exit 2), not a failed check.
  const xhsSelectors = sites.xiaohongshu ? await loadXhsSelectors(dataDir) : undefined;
  const all: DoctorCheck[] = [];
  const print = (checks: readonly DoctorCheck[]) => {
    for (const check of checks) io.stdout.write(`${checkLine(check)}\n`);
    all.push(...checks);
  };

  const chrome = await attach(config.chromeCdpUrl, 'Chrome', io.signal);
  print([chrome.check]);
  const xhsUrl = config.xhsCdpUrl ?? config.chromeCdpUrl;
  const xhs =
    xhsUrl === config.chromeCdpUrl || !sites.xiaohongshu
      ? chrome
      : await attach(xhsUrl, 'Chrome for Xiaohongshu', io.signal);
  if (xhs !== chrome) print([xhs.check]);
  try {
    if (!sites.chatgpt) {
      io.stdout.write(`skip ChatGPT: not used (IMAGE_PROVIDER=${config.imageProvider})\n`);
    } else if (chrome.session) {
      const selectors = await loadSelectors(dataDir);
      print(await diagnoseChatgpt(chrome.session, selectors, io.signal));
    } else {
      print([notChecked('ChatGPT', `Chrome is not reachable at ${config.chromeCdpUrl}`)]);
    }
    if (!sites.xiaohongshu) {
      io.stdout.write(`skip creator center: not used (PUBLISHER=${config.publisher})\n`);
    } else if (xhs.session) {
      const stepTimeoutMs = config.xhsStepTimeoutS * 1000;
      print(await diagnoseXiaohongshu(xhs.session, xhsSelectors, io.signal, { stepTimeoutMs }));
    } else {
      print([notChecked('creator center', `Chrome is not reachable at ${xhsUrl}`)]);
    }
  } finally {
    await chrome.session?.disconnect();
    if (xhs !== chrome) await xhs.session?.disconnect();
  }
  return all.every((c) => c.ok) ? EXIT.ok : EXIT.fatal;
}

/** The sites the configured run uses; both when it uses none (the offline defaults). */
function sitesToCheck(config: Config): { chatgpt: boolean; xiaohongshu: boolean } {
  const chatgpt = config.imageProvider === 'chatgpt_images';
  const xiaohongshu = config.publisher === 'xiaohongshu';
  return chatgpt || xiaohongshu ? { chatgpt, xiaohongshu } : { chatgpt: true, xiaohongshu: true };
}

function notChecked(name: string, why: string): DoctorCheck {
  return { name, ok: false, detail: `not checked: ${why}` };
}

async function attach(
  cdpUrl: string,
  name: string,
  signal: AbortSignal,
): Promise<{ check: DoctorCheck; session?: ChromeSession }> {
  try {
    const session = await connectToChrome(cdpUrl, signal);
    return { check: { name: `${name} reachable`, ok: true, detail: cdpUrl }, session };
  } catch (error) {
    if (!(error instanceof XhsNewsError)) throw error;
    return {
      check: {
        name: `${name} reachable`,
        ok: false,
        detail: `nothing usable at ${cdpUrl}`,
        fix: errorMessage(error),
      },
    };
  }
}

export function checkLine(check: DoctorCheck): string {
  const head = `${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`;
  if (check.ok || !check.fix) return head;
  return `${head}\n     → ${check.fix.replaceAll('\n', '\n       ')}`;
}
