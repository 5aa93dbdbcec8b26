import type { CliIo } from '../cli.js';
import { EXIT } from '../cli.js';
import { connectToChrome } from '../browser/connect.js';
import { XhsNewsError, errorMessage } from '../errors.js';
import { configFrom } from './auto.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** `xhs-news doctor`: one line per check, with what to do when it fails; exit 0 only if all pass. */
export async function runDoctor(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const config = configFrom(flags, io);
  const checks: Check[] = [];
  try {
    const session = await connectToChrome(config.chromeCdpUrl, io.signal);
    checks.push({ name: 'Chrome reachable', ok: true, detail: config.chromeCdpUrl });
    await session.disconnect();
  } catch (error) {
    if (!(error instanceof XhsNewsError)) throw error;
    checks.push({
      name: 'Chrome reachable',
      ok: false,
      detail: `nothing usable at ${config.chromeCdpUrl}`,
      fix: errorMessage(error),
    });
  }
  for (const check of checks) io.stdout.write(`${checkLine(check)}\n`);
  return checks.every((c) => c.ok) ? EXIT.ok : EXIT.fatal;
}

export function checkLine(check: Check): string {
  const head = `${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`;
  return check.ok || !check.fix
    ? head
    : `${head}\n     → ${check.fix.replaceAll('\n', '\n       ')}`;
}
