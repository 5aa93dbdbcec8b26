import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Runs the CLI in this process as `xhs-news <args>` with its own streams, environment and
 * working directory. `onStderr` sees each human line as it is written (e.g. to press Ctrl-C).
 */
export async function runCli(
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    signal?: AbortSignal;
    onStderr?: (line: string) => void;
  } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    options.onStderr?.(chunk.toString());
  });
  const code = await main(['node', 'xhs-news', ...args], {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_ROOT,
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout: out, stderr: err };
}
