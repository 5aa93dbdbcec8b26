import { remainingMs, startBudget } from '../../progress.js';
import { classifyReady, type Blocker } from './classify.js';
import type { PageSnapshot } from './page-state.js';
import type { TabRun } from './run.js';

export const NEW_CHAT_URL = 'https://chatgpt.com/';

/** How long the app may take to show its composer before we call the page changed. */
const COMPOSER_WAIT_MS = 15_000;
/** Shorter, when the loaded page shows a text box none of our composer selectors match. */
const REDESIGN_WAIT_MS = 3_000;
const READ_WAIT_MS = 250;

/**
 * Opens a new chat and waits until the composer is there. A login wall or Cloudflare challenge
 * stops the run, unless manual mode is on: then our tab comes to the front and the person has
 * `manualTimeoutMs` to solve it, with the attempt budget paused meanwhile.
 */
export async function openNewChat(run: TabRun): Promise<PageSnapshot> {
  run.steps.step('open', NEW_CHAT_URL);
  await run.page.goto(NEW_CHAT_URL, {
    waitUntil: 'domcontentloaded',
    timeout: Math.max(1, remainingMs(run.budget)),
  });
  return waitUntilReady(run);
}

/** Polls until the composer shows; blockers end it (or wait for a person in manual mode). */
export async function waitUntilReady(run: TabRun): Promise<PageSnapshot> {
  const startedMs = Date.now();
  for (;;) {
    const state = await run.read(READ_WAIT_MS);
    if (state !== undefined) {
      const verdict = classifyReady(state, run.selectors);
      if (verdict.kind === 'ready') {
        run.steps.step('ready', `composer ${state.composer?.selector ?? ''}`);
        return state;
      }
      if (verdict.kind !== 'pending') {
        if (run.options.manualTimeoutMs === undefined || verdict.kind === 'rate_limited') {
          throw blockerError(run, verdict);
        }
        return run.paused(() => waitForPerson(run, verdict, run.options.manualTimeoutMs ?? 0));
      }
    }
    const waitedMs = Date.now() - startedMs;
    if (waitedMs >= COMPOSER_WAIT_MS || (state?.unknownTextBox && waitedMs >= REDESIGN_WAIT_MS)) {
      throw run.fail(
        'page_changed',
        `no chat composer on ${run.page.url()} after ${Math.round(waitedMs / 1000)} s (tried ` +
          `${run.selectors.composer.join(', ')}). The page may have changed: update ` +
          'selectors.json in the data dir, or the tool.',
      );
    }
  }
}

/** The run-stopping error for a blocker, with what the person must do. */
export function blockerError(run: TabRun, blocker: Blocker): Error {
  if (blocker.kind === 'rate_limited') return run.rateLimited(blocker.detail, blocker.resetsIn);
  if (blocker.kind === 'cloudflare') {
    return run.fail(
      'cloudflare',
      `chatgpt.com shows a ${blocker.detail}. Open Chrome, pass the check in a chatgpt.com ` +
        'tab, then run again (or use --manual to solve it while the run waits).',
    );
  }
  return run.fail(
    'not_logged_in',
    `ChatGPT is not logged in (${blocker.detail}). Log in to chatgpt.com in the Chrome the ` +
      'tool uses (xhs-news chrome), then run again.',
  );
}

/** Manual mode: bring our tab forward, say what to do, wait for the composer to show. */
export async function waitForPerson(run: TabRun, blocker: Blocker, manualTimeoutMs: number) {
  run.steps.step('manual_wait', blocker.detail);
  const what =
    blocker.kind === 'cloudflare'
      ? 'pass the Cloudflare check ("Verify you are human")'
      : 'log in to ChatGPT';
  await run.page.bringToFront();
  run.log.warn(
    { postId: run.options.postId, waitMs: manualTimeoutMs },
    `${run.options.postId}: chatgpt.com needs you: ${what} in the Chrome tab that just came to ` +
      `the front. Waiting up to ${Math.round(manualTimeoutMs / 1000)} s.`,
  );
  const wait = startBudget(run.options.signal, manualTimeoutMs, run.steps);
  run.budget = wait;
  try {
    for (;;) {
      const state = await run.read(500);
      if (state && classifyReady(state, run.selectors).kind === 'ready') {
        run.steps.step('ready', 'the person solved it');
        run.log.info({ postId: run.options.postId }, `${run.options.postId}: thanks, going on`);
        return state;
      }
    }
  } catch (error) {
    if (wait.expired) {
      throw run.fail(
        blocker.kind,
        `nobody solved the ${blocker.kind === 'cloudflare' ? 'challenge' : 'login'} within ` +
          `${Math.round(manualTimeoutMs / 1000)} s of manual mode (${blocker.detail})`,
        error,
      );
    }
    throw error;
  } finally {
    wait.dispose();
  }
}
