import path from 'node:path';
import {
  ImageGenerationAbandoned,
  type AttemptFailure,
  type ErrorCode,
  type XhsNewsError,
} from '../errors.js';
import type { Logger } from '../log.js';
import { newRunId } from '../records/ids.js';
import { lastFailures, withAttempts } from '../retry.js';
import type { AttemptContext, GeneratedImage, ImageProvider, ImageRequest } from './provider.js';

export interface GenerateOptions {
  /** Attempts in total (`CHATGPT_IMAGE_MAX_ATTEMPTS`), at least 1. */
  maxAttempts: number;
  /** Pause between attempts (`CHATGPT_IMAGE_RETRY_SLEEP_S`); Ctrl-C ends it at once. */
  retrySleepMs: number;
  signal: AbortSignal;
  log: Logger;
  /** The post folder; evidence goes to `evidence/ai_<run_id>/` inside it. */
  postDir: string;
  /** Makes the evidence folder of one attempt; the store's `evidenceDir`. */
  makeEvidenceDir: (runId: string) => Promise<string>;
  /** Short label of the post for console lines, e.g. `[2/3] 标题…`. */
  label: string;
  /**
   * Called after each failed attempt with the attempts so far and the last three failures, so
   * the post's record holds them even if Ctrl-C or a crash ends the run before the loop does.
   */
  onAttemptFailed?: (attempts: number, failures: AttemptFailure[]) => Promise<void>;
}

export type ImageOutcome =
  | {
      ok: true;
      image: GeneratedImage;
      attempts: number;
      /** Every failed attempt before the success. */
      failures: AttemptFailure[];
      recoveredFrom?: number;
    }
  | {
      ok: false;
      /** ImageGenerationAbandoned when the attempts ran out, else the failure that ended them. */
      error: XhsNewsError;
      attempts: number;
      /** The last three failures, oldest first. */
      failures: AttemptFailure[];
      /** True when this post is given up for good (attempts used up, or refused). */
      giveUp: boolean;
    };

/**
 * The failures after which the image may still be there: the wait ran out, the file was not
 * whole yet, or the page re-rendered under the driver. After these the earlier conversation is
 * looked at once before a new (paid) generation; after a page that said it failed, it is not.
 */
const LOOK_AGAIN_AFTER: ReadonlySet<ErrorCode> = new Set([
  'timeout',
  'file_invalid',
  'dom_detached',
]);

/**
 * Makes one post's image with the provider, retrying the failures that may pass (`timeout`,
 * `file_invalid`, `dom_detached`, `generation_error`) up to `maxAttempts` attempts in all. Before
 * a new attempt after a timeout, a bad file or a detached node it looks once at the earlier
 * conversation and takes its image if it is there and whole by now. No post takes longer than
 * `maxAttempts × (attempt budget + stop press + evidence capture) + (maxAttempts − 1) ×
 * (retrySleepMs + one late-image look with its evidence)`; the README states it in seconds.
 */
export async function generateImage(
  provider: ImageProvider,
  request: ImageRequest,
  options: GenerateOptions,
): Promise<ImageOutcome> {
  const { log, label, maxAttempts } = options;
  const evidence = new Map<number, string>();
  const contextFor = (attempt: number): AttemptContext => {
    const runId = newRunId();
    return {
      attempt,
      runId,
      signal: options.signal,
      log,
      evidenceDir: async () => {
        const dir = await options.makeEvidenceDir(runId);
        evidence.set(attempt, path.relative(options.postDir, dir));
        return dir;
      },
    };
  };

  const result = await withAttempts<GeneratedImage>({
    maxAttempts,
    sleepMs: options.retrySleepMs,
    signal: options.signal,
    run: ({ attempt }) => provider.attempt(request, contextFor(attempt)),
    recover: async (failure, { attempt }) => {
      if (!LOOK_AGAIN_AFTER.has(failure.code) || failure.url === undefined || !provider.recover) {
        return undefined;
      }
      log.info(
        { postId: request.postId, event: 'image_recover_check', url: failure.url },
        `${label}: looking once at attempt ${attempt - 1}'s conversation before generating again`,
      );
      const image = await provider.recover(request, failure.url, contextFor(attempt - 1));
      if (image) {
        log.info(
          { postId: request.postId, event: 'image_recovered', attempt: attempt - 1 },
          `${label}: attempt ${attempt - 1}'s image is there after all; using it`,
        );
      }
      return image;
    },
    evidenceOf: (attempt) => evidence.get(attempt),
    onFailure: async (failure, { attempt, willRetry, failures }) => {
      const sleepS = options.retrySleepMs / 1000;
      const then = willRetry ? `; retrying in ${sleepS} s` : '';
      log.warn(
        {
          postId: request.postId,
          event: 'image_attempt_failed',
          attempt,
          maxAttempts,
          code: failure.code,
          willRetry,
          evidence: evidence.get(attempt),
        },
        `${label}: image attempt ${attempt}/${maxAttempts} failed ` +
          `(${failure.code}: ${failure.message})${then}`,
      );
      await options.onAttemptFailed?.(attempt, lastFailures(failures));
    },
  });

  if (result.ok) {
    const outcome: ImageOutcome = {
      ok: true,
      image: result.value,
      attempts: result.attempts,
      failures: lastFailures(result.failures),
    };
    if (result.recoveredFrom !== undefined) outcome.recoveredFrom = result.recoveredFrom;
    return outcome;
  }
  const failures = lastFailures(result.failures);
  if (result.error.retryable) {
    const abandoned = new ImageGenerationAbandoned(result.attempts, failures, {
      postId: request.postId,
      cause: result.error,
    });
    log.warn(
      { postId: request.postId, event: 'image_abandoned', attempts: result.attempts },
      `${label}: ${abandoned.message}; giving up on this post and moving on`,
    );
    return { ok: false, error: abandoned, attempts: result.attempts, failures, giveUp: true };
  }
  const giveUp = result.error.scope === 'post';
  if (giveUp) {
    log.warn(
      { postId: request.postId, event: 'image_give_up', code: result.error.code },
      `${label}: giving up on this post (${result.error.code}, not retried) and moving on`,
    );
  }
  return { ok: false, error: result.error, attempts: result.attempts, failures, giveUp };
}
