import path from 'node:path';
import { connectToChrome, type ChromeSession } from '../browser/connect.js';
import type { DoctorCheck } from '../browser/doctor-check.js';
import type { CliIo } from '../cli.js';
import { EXIT } from '../cli.js';
import type { Config } from '../config/index.js';
import { XhsNewsError, errorMessage } from '../errors.js';
import { diagnoseChatgpt } from '../images/chatgpt/doctor.js';
import { loadSelectors } from '../images/chatgpt/selectors.js';
import { diagnoseXiaohongshu } from '../publish/xiaohongshu/diagnose.js';
import { configFrom } from './auto.js';

/**
 * `xhs-news doctor`: Chrome reachable, ChatGPT logged in with no challenge and its composer
 * found, the creator center logged in with its publish page as expected. One line per check,
 * with what to do when it fails; exit 0 only when all pass.
 */
export async function runDoctor(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const config = configFrom(flags, io);
  const dataDir = path.resolve(io.cwd, config.dataDir);
  const print = (checks: readonly DoctorCheck[]) => {
    for (const check of checks) io.stdout.write(`${checkLine(check)}\n`);
    return checks;
  };
  const all: DoctorCheck[] = [];

  const chatgpt = await attach(config.chromeCdpUrl, 'Chrome', io.signal);
  all.push(...print([chatgpt.check]));
  if (chatgpt.session) {
    try {
      const selectors = await loadSelectors(dataDir);
      all.push(...print(await diagnoseChatgpt(chatgpt.session, selectors, io.signal)));
    } finally {
      await chatgpt.session.disconnect();
    }
  }
  all.push(...print(await xiaohongshuChecks(config, io.signal)));
  return all.every((c) => c.ok) ? EXIT.ok : EXIT.fatal;
}

async function xiaohongshuChecks(
  config: Config,
  signal: AbortSignal,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  let session: ChromeSession | undefined;
  if (config.xhsCdpUrl !== undefined && config.xhsCdpUrl !== config.chromeCdpUrl) {
    const attached = await attach(config.xhsCdpUrl, 'Chrome for Xiaohongshu', signal);
    checks.push(attached.check);
    session = attached.session;
  } else {
    session = (await attach(config.chromeCdpUrl, 'Chrome', signal)).session;
  }
  if (session === undefined) return checks;
  try {
    checks.push(
      ...(await diagnoseXiaohongshu(session, undefined, signal, {
        stepTimeoutMs: config.xhsStepTimeoutS * 1000,
      })),
    );
  } finally {
    await session.disconnect();
  }
  return checks;
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
