import {
  classifyGeneration,
  generationStarted,
  type Blocker,
  type GenerationVerdict,
} from './classify.js';
import { blockerError, waitForPerson } from './open-chat.js';
import type { TabRun } from './run.js';

/** Longest a poll waits for the page to change before reading it anyway. */
const POLL_MS = 250;
/** After sending, the page must react (composer emptied, stop or a reply) within this. */
const START_WAIT_MS = 15_000;
/**
 * A new image that loaded without pixels, or from outside the estuary, must stay so this long
 * before the wait ends on it.
 */
const SUSPECT_GRACE_MS = 1_000;

/** The image that ended the wait: finished, or finished with a URL that is not an image. */
export interface FinalImage {
  fileId: string;
  src: string;
  broken: boolean;
}

/**
 * Watches the page until the new image is finished, reacting to each change within a poll.
 * Deferred generation, previews and re-renders are waited through; a refusal, error, limit,
 * login wall or challenge ends the wait at once with its typed error. The budget on `run`
 * bounds the whole wait.
 */
export async function waitForImage(
  run: TabRun,
  baseline: ReadonlySet<string>,
  assistantTurnsBefore: number,
): Promise<FinalImage> {
  const startBy = Date.now() + START_WAIT_MS;
  let started = false;
  let lastKind = '';
  let suspectSinceMs: number | undefined;
  for (;;) {
    const state = await run.read(POLL_MS);
    if (state === undefined) continue;
    if (!started && generationStarted(state, assistantTurnsBefore)) {
      started = true;
      run.steps.step('started');
    }
    const verdict = classifyGeneration(state, run.selectors, baseline);
    if (verdict.kind !== lastKind) {
      lastKind = verdict.kind;
      run.steps.step(`page_${verdict.kind}`, detailOf(verdict));
    }
    run.lastSeen = [verdict.kind, detailOf(verdict)].filter(Boolean).join(': ');
    if (verdict.kind === 'done') return { fileId: verdict.fileId, src: verdict.src, broken: false };
    if (verdict.kind === 'broken' || verdict.kind === 'foreign') {
      // Both may be a moment of a re-render; only one that stays so ends the wait.
      suspectSinceMs ??= Date.now();
      if (Date.now() - suspectSinceMs < SUSPECT_GRACE_MS) continue;
      if (verdict.kind === 'foreign') throw foreignImage(run, verdict.src);
      return { fileId: verdict.fileId, src: verdict.src, broken: true };
    }
    suspectSinceMs = undefined;
    const manualTimeoutMs = run.options.manualTimeoutMs;
    if (isCheck(verdict) && manualTimeoutMs !== undefined) {
      // The challenge or login page reloads into the conversation once passed, where the
      // image goes on; the waiting for the person does not count against the attempt.
      await run.paused(() => waitForPerson(run, verdict, manualTimeoutMs));
      continue;
    }
    failOnVerdict(run, verdict);
    if (!started && Date.now() > startBy) throw notStarted(run, state.composer?.text ?? '');
  }
}

/**
 * The finished image is not on the estuary endpoint: it is not fetched with the session. Another
 * attempt would pay for another image served the same way, so the run stops instead.
 */
function foreignImage(run: TabRun, src: string): Error {
  const where = URL.canParse(src) ? `${new URL(src).origin}${new URL(src).pathname}` : 'no URL';
  return run.fail(
    'page_changed',
    `the new image is served from ${where}, not the estuary endpoint; it was not fetched. ` +
      'ChatGPT may have changed how it serves images: update the tool.',
  );
}

/**
 * Nothing happened after sending. A prompt still in the composer means our send does not work
 * on this page any more; an emptied composer with no reply is the site's hiccup, worth a retry.
 */
function notStarted(run: TabRun, composerText: string): Error {
  const waited = `${START_WAIT_MS / 1000} s`;
  if (composerText !== '') {
    return run.fail(
      'page_changed',
      `the prompt was still in the composer ${waited} after sending: the send button no longer ` +
        'sends. Update selectors.json in the data dir, or the tool.',
    );
  }
  return run.fail('generation_error', `the prompt was sent but no reply started within ${waited}`);
}

/** A Cloudflare check or a login wall: what a person can pass in manual mode. */
function isCheck(verdict: GenerationVerdict): verdict is Blocker {
  return verdict.kind === 'cloudflare' || verdict.kind === 'not_logged_in';
}

/** Throws the typed error of a verdict that ends the attempt; returns for the waiting ones. */
function failOnVerdict(run: TabRun, verdict: GenerationVerdict): void {
  switch (verdict.kind) {
    case 'cloudflare':
    case 'not_logged_in':
    case 'rate_limited':
      throw blockerError(run, verdict);
    case 'refused':
      throw run.fail(
        'content_refused',
        `ChatGPT refused this image ("${verdict.detail}"); this post is given up, ` +
          'the batch goes on',
      );
    case 'error':
      throw run.fail('generation_error', `ChatGPT could not make the image ("${verdict.detail}")`);
    default:
      return;
  }
}

function detailOf(verdict: GenerationVerdict): string | undefined {
  switch (verdict.kind) {
    case 'done':
    case 'broken':
      return verdict.fileId;
    case 'foreign':
      return 'image outside the estuary';
    case 'idle':
      return undefined;
    default:
      return verdict.detail;
  }
}
