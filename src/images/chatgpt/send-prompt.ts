import { remainingMs, sleep } from '../../progress.js';
import type { PageSnapshot } from './page-state.js';
import type { TabRun } from './run.js';

/** Bound for one Playwright action (focus, click, key press) on a healthy page. */
const ACTION_TIMEOUT_MS = 5_000;
/** How long the app may take to show what was typed, or to enable the send button. */
const SETTLE_MS = 2_000;
/** How long a slow page may keep wiping the prompt (hydrating late) before it counts as changed. */
const LAND_WAIT_MS = 15_000;
const CHECK_EVERY_MS = 100;

/** Whitespace differences (paragraphs, trailing spaces) do not make a prompt different. */
export function sameText(a: string, b: string): boolean {
  const squash = (s: string) => s.replaceAll(/\s+/g, ' ').trim();
  return squash(a) === squash(b);
}

function actionTimeoutMs(run: TabRun): number {
  return Math.max(1, Math.min(ACTION_TIMEOUT_MS, remainingMs(run.budget)));
}

/**
 * Types the prompt into the composer with real input events (the app ignores text set from a
 * script), then checks the app took it: the composer shows exactly the prompt and the send
 * button is enabled. Text typed before the app hydrated shows for a moment, then the app wipes
 * it; so whenever the text goes, it is cleared and typed again, for up to LAND_WAIT_MS (a slow
 * machine hydrates late). Only a composer that never keeps the prompt is a changed page.
 */
export async function typePrompt(run: TabRun, prompt: string, composerSelector: string) {
  const composer = run.page.locator(composerSelector).first();
  const giveUpAtMs = Math.min(Date.now() + LAND_WAIT_MS, run.budget.deadlineMs);
  let shown = '';
  for (let round = 1; round === 1 || Date.now() < giveUpAtMs; round++) {
    run.steps.step('type', round === 1 ? `${prompt.length} characters` : 'again: the text went');
    await composer.focus({ timeout: actionTimeoutMs(run) });
    if (round > 1) {
      await run.page.keyboard.press('ControlOrMeta+A');
      await run.page.keyboard.press('Backspace');
    }
    await run.page.keyboard.insertText(prompt);
    const landed = await promptTaken(run, prompt, giveUpAtMs);
    if (landed.ok) return;
    shown = landed.shown;
  }
  throw promptNotLanded(run, shown);
}

function promptNotLanded(run: TabRun, shown: string): Error {
  if (remainingMs(run.budget) <= 0) {
    return run.fail(
      'timeout',
      'the attempt budget ran out while the composer kept losing the prompt',
    );
  }
  return run.fail(
    'page_changed',
    `the prompt did not land in the composer (it shows ${JSON.stringify(shown.slice(0, 80))}). ` +
      'The page may have changed: update selectors.json in the data dir, or the tool.',
  );
}

/**
 * Waits, until `giveUpAtMs`, for the composer to show `expected` with the send button enabled.
 * Ends early when the text is not there SETTLE_MS after typing, or when text that had landed is
 * wiped (the app hydrating over it). Text still shown with the button disabled at the end counts
 * as landed: `sendPrompt` reports that button.
 */
async function promptTaken(
  run: TabRun,
  expected: string,
  giveUpAtMs: number,
): Promise<{ ok: boolean; shown: string }> {
  const settleAtMs = Date.now() + SETTLE_MS;
  let shown = '';
  let seen = false;
  do {
    const state = await run.read(CHECK_EVERY_MS);
    if (state === undefined) continue;
    shown = state.composer?.text ?? '';
    if (!sameText(shown, expected)) {
      if (seen || Date.now() >= settleAtMs) return { ok: false, shown };
      continue;
    }
    seen = true;
    if (state.send === undefined || !state.send.disabled) return { ok: true, shown };
  } while (Date.now() < giveUpAtMs);
  return { ok: seen && sameText(shown, expected), shown };
}

/**
 * Sends the typed prompt with the send button once the app enables it. A missing send button, or
 * one that stays disabled, is a changed page; a click that something covers falls back to Enter
 * in the composer. A read lost to a navigation keeps the last state seen.
 */
export async function sendPrompt(
  run: TabRun,
  composerSelector: string,
  prompt: string,
): Promise<void> {
  const giveUpAtMs = Date.now() + SETTLE_MS;
  let last: PageSnapshot | undefined;
  do {
    last = (await run.read(CHECK_EVERY_MS)) ?? last;
    if (last?.send && !last.send.disabled) break;
  } while (Date.now() < giveUpAtMs);
  const send = last?.send;
  if (send === undefined) {
    throw run.fail(
      'page_changed',
      `no send button (tried ${run.selectors.send.join(', ')}). The page may have changed: ` +
        'update selectors.json in the data dir, or the tool.',
    );
  }
  if (send.disabled) {
    const shown = last?.composer?.text ?? '';
    if (!sameText(shown, prompt)) throw promptNotLanded(run, shown);
    throw run.fail(
      'page_changed',
      `the send button (${send.selector}) stayed disabled with the prompt in the composer ` +
        'for as long as we typed and waited. The page may have changed: update selectors.json ' +
        'in the data dir, or the tool.',
    );
  }
  await clickSend(run, send.selector, composerSelector);
}

async function clickSend(run: TabRun, sendSelector: string, composerSelector: string) {
  run.steps.step('send', sendSelector);
  try {
    await run.page
      .locator(sendSelector)
      .first()
      .click({ timeout: actionTimeoutMs(run) });
  } catch (error) {
    if (run.signal.aborted) throw error;
    run.steps.step('send', `click failed (${String(error).split('\n')[0]}); pressing Enter`);
    await run.page
      .locator(composerSelector)
      .first()
      .focus({ timeout: actionTimeoutMs(run) });
    await run.page.keyboard.press('Enter');
  }
  // Let the click's own re-render start before the first read looks for its effects.
  await sleep(20, run.signal);
}
