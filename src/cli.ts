import { Command, CommanderError, Option } from 'commander';
import { runAuto } from './commands/auto.js';
import { runChrome } from './commands/chrome.js';
import { runDoctor } from './commands/doctor.js';
import { runPosts, runShow } from './commands/posts.js';
import { ConfigError, XhsNewsError, errorMessage } from './errors.js';
import { POST_STATUSES } from './records/post-record.js';

/** Exit codes; only `src/index.ts` hands them to the process. */
export const EXIT = {
  ok: 0,
  fatal: 1,
  usage: 2,
  shortOfCount: 3,
  interrupted: 130,
} as const;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The environment; the real one when not given (tests give their own). */
  env?: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted by Ctrl-C. */
  signal: AbortSignal;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The command table. Each action resolves to an exit code. */
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('xhs-news')
    .description('Daily news posts for a Xiaohongshu account: feeds, posts, images, drafts')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');

  const common = (command: Command) =>
    command
      .option('--data-dir <dir>', 'records, evidence and run logs (default ./data)')
      .option('--config <file>', 'config file (default ./xhs-news.config.json when present)');

  common(
    program
      .command('auto')
      .description('run the daily batch: pick stories, make posts and images, save drafts')
      .option(
        '--title <series>',
        'series name; heads every cover and is the first topic (default 每日新闻)',
      )
      .option('--count <n>', 'posts to finish (default 3)')
      .option('--feed <url|file>', 'a feed URL or file; repeat for more', collect)
      .option('--assets-glob <glob>', 'local images added after the cover of every post')
      .option('--candidates-factor <k>', 'take count × k candidates (default 5)')
      .option('--max-age-hours <h>', 'freshness window in hours; 0 turns it off (default 72)')
      .addOption(new Option('--image-provider <name>', 'card or chatgpt_images (default card)'))
      .addOption(new Option('--publisher <name>', 'local or xiaohongshu (default local)'))
      .option(
        '--cdp-url <url>',
        "the user's Chrome DevTools endpoint (default http://127.0.0.1:9222)",
      )
      .option('--manual', 'wait for a person at a Cloudflare check or login wall')
      .option('--json', 'print a machine-readable summary on stdout'),
  ).action(async (flags: Record<string, unknown>) => setExit(await runAuto(flags, io)));

  common(
    program
      .command('posts')
      .description('list posts, newest first')
      .addOption(
        new Option('--status <status>', 'only posts with this status').choices(POST_STATUSES),
      )
      .option('--json', 'print JSON on stdout'),
  ).action(async (flags: Record<string, unknown>) => setExit(await runPosts(flags, io)));

  common(
    program
      .command('show')
      .description('print one post with its image attempts')
      .argument('<post_id>'),
  )
    .option('--json', 'print the record as JSON')
    .action(async (postId: string, flags: Record<string, unknown>) =>
      setExit(await runShow(postId, flags, io)),
    );

  common(
    program
      .command('doctor')
      .description('check Chrome, ChatGPT and the creator center before a run')
      .option('--cdp-url <url>', "the user's Chrome DevTools endpoint"),
  ).action(async (flags: Record<string, unknown>) => setExit(await runDoctor(flags, io)));

  common(
    program
      .command('chrome')
      .description('start Chrome with a dedicated profile and the DevTools port, to log in once')
      .option('--profile-dir <dir>', 'the profile folder (default <data-dir>/chrome-profile)')
      .option('--cdp-url <url>', 'the DevTools endpoint to open (its port is used)'),
  ).action(async (flags: Record<string, unknown>) => setExit(await runChrome(flags, io)));

  return program;
}

/** Parses the command line, runs the command, and returns the exit code. Never exits. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and version "fail" with code 0; usage errors were already printed by commander.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (io.signal.aborted) {
    io.stderr.write('interrupted\n');
    return EXIT.interrupted;
  }
  if (error instanceof XhsNewsError) {
    io.stderr.write(`error (${error.code}): ${error.message}\n`);
    return EXIT.fatal;
  }
  if (isFileSystemError(error)) {
    // The machine, not the tool: a disk full, a folder taken away, a permission changed.
    io.stderr.write(`error: ${error.message}; check that path, its space and permissions\n`);
    return EXIT.fatal;
  }
  io.stderr.write(
    `error: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}\n`,
  );
  return EXIT.fatal;
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'syscall' in error && 'path' in error;
}
