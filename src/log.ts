import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: 'debug' | 'info' | 'warn' | 'error';
  /** JSON lines, one event a line; `undefined` writes none (e.g. `posts`, `show`). */
  runLogFile?: string;
  /** Where the human lines go; stderr unless a test captures them. */
  human?: NodeJS.WritableStream;
}

/**
 * One logger for a run: every event as a JSON line in the run log, and the same event as one
 * short line for the person on stderr. Components take `logger.child({ component, postId })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const streams: pino.StreamEntry[] = [
    { level: options.level, stream: humanStream(options.human ?? process.stderr) },
  ];
  if (options.runLogFile) {
    mkdirSync(path.dirname(options.runLogFile), { recursive: true });
    streams.push({
      level: options.level,
      stream: pino.destination({ dest: options.runLogFile, sync: true, mkdir: true }),
    });
  }
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.multistream(streams),
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

function humanStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.write(humanLine(chunk.toString()));
      done();
    },
  });
}

const LEVEL_TAGS: Record<string, string> = {
  warn: 'warning: ',
  error: 'error: ',
  fatal: 'error: ',
};

function humanLine(json: string): string {
  try {
    const event = JSON.parse(json) as { level?: string; msg?: string; hint?: string };
    const tag = LEVEL_TAGS[event.level ?? ''] ?? '';
    const hint = event.hint ? `\n${event.hint}` : '';
    return `${tag}${event.msg ?? ''}${hint}\n`;
  } catch {
    // Not one of ours: pass it through rather than lose it.
    return json;
  }
}
