/**
 * What a failure affects, which is also the retry policy:
 * - `retryable`: this attempt failed; another attempt at the same post may succeed.
 * - `post`: this post cannot be made; the batch goes on with the next candidate.
 * - `run`: nothing else can succeed until a person acts; the batch stops.
 */
export type ErrorScope = 'retryable' | 'post' | 'run';

/** Every stable failure code, with the scope it always has. */
export const ERROR_SCOPES = {
  // one image attempt
  timeout: 'retryable',
  file_invalid: 'retryable',
  dom_detached: 'retryable',
  generation_error: 'retryable',
  content_refused: 'post',
  image_abandoned: 'post',
  // one draft attempt
  upload_timeout: 'retryable',
  save_unconfirmed: 'retryable',
  draft_invalid: 'post',
  // the whole run
  not_logged_in: 'run',
  cloudflare: 'run',
  page_changed: 'run',
  rate_limited: 'run',
  risk_control: 'run',
  browser_unreachable: 'run',
  profile_locked: 'run',
  interrupted: 'run',
  config_invalid: 'run',
  feeds_unreadable: 'run',
  record_corrupt: 'run',
} as const satisfies Record<string, ErrorScope>;

export type ErrorCode = keyof typeof ERROR_SCOPES;

/** One entry of the step log that a long operation keeps and a failure carries. */
export interface StepEntry {
  /** Milliseconds since the operation started. */
  atMs: number;
  step: string;
  detail?: string;
}

export interface ErrorContext {
  postId?: string;
  attempt?: number;
  step?: string;
  steps?: readonly StepEntry[];
  /** The page's URL when it failed (e.g. the conversation), for recovery and evidence. */
  url?: string;
  cause?: unknown;
}

/**
 * The base of every failure the tool knows: a stable `code` for machines and records, a scope
 * for the retry policy, and the context a person needs (post, attempt, step, step log).
 */
export class XhsNewsError extends Error {
  readonly code: ErrorCode;
  readonly scope: ErrorScope;
  readonly postId: string | undefined;
  readonly attempt: number | undefined;
  readonly step: string | undefined;
  readonly steps: readonly StepEntry[];
  readonly url: string | undefined;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.scope = ERROR_SCOPES[code];
    this.postId = context.postId;
    this.attempt = context.attempt;
    this.step = context.step;
    this.steps = context.steps ?? [];
    this.url = context.url;
  }

  get retryable(): boolean {
    return this.scope === 'retryable';
  }

  /** The message followed by the step log, for attempt records and the final failure. */
  describe(): string {
    if (this.steps.length === 0) return this.message;
    const lines = this.steps.map(
      (s) => `  ${(s.atMs / 1000).toFixed(1)}s ${s.step}${s.detail ? `: ${s.detail}` : ''}`,
    );
    return `${this.message}\nsteps:\n${lines.join('\n')}`;
  }
}

/** One failure of a page or of the browser behind it, while making an image or a draft. */
export class SiteError extends XhsNewsError {}

/** The ChatGPT page says when the image limit resets; the run stops and tells the person. */
export class RateLimitedError extends SiteError {
  constructor(
    message: string,
    readonly resetsIn: string | undefined,
    context: ErrorContext = {},
  ) {
    super('rate_limited', message, context);
  }
}

/** One failed image attempt, as kept in `post.json` and shown by `xhs-news show`. */
export interface AttemptFailure {
  attempt: number;
  code: ErrorCode;
  message: string;
  at: string;
  /** Evidence folder relative to the post folder, e.g. `evidence/ai_…`. */
  evidence?: string;
}

/** The image attempts for one post are used up; the post is given up and the batch goes on. */
export class ImageGenerationAbandoned extends XhsNewsError {
  constructor(
    readonly attempts: number,
    readonly errors: readonly AttemptFailure[],
    context: ErrorContext = {},
  ) {
    const last = errors.at(-1);
    super(
      'image_abandoned',
      `gave up on the image after ${attempts} attempt${attempts === 1 ? '' : 's'}` +
        (last ? ` (last: ${last.code}: ${last.message})` : ''),
      context,
    );
  }
}

/** Flags, environment or config file are wrong; every problem is in `issues`. */
export class ConfigError extends XhsNewsError {
  constructor(readonly issues: readonly string[]) {
    super('config_invalid', `invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** A record on disk does not match its schema; it is left as it is. */
export class RecordCorruptError extends XhsNewsError {
  constructor(
    readonly file: string,
    detail: string,
    cause?: unknown,
  ) {
    super(
      'record_corrupt',
      `${file} is not a valid record (${detail}); it was left untouched. ` +
        'Fix or move the file, then run again.',
      { cause },
    );
  }
}

/** The person pressed Ctrl-C. */
export class InterruptedError extends XhsNewsError {
  constructor(message = 'interrupted') {
    super('interrupted', message);
  }
}

export function isXhsNewsError(error: unknown): error is XhsNewsError {
  return error instanceof XhsNewsError;
}

/** The DOM's error for an aborted signal, and ours for Ctrl-C. */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof InterruptedError || (error instanceof Error && error.name === 'AbortError')
  );
}

/** Text of any thrown value, for a log line. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
