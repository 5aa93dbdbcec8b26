import { remainingMs, sleep } from '../../progress.js';
import type { TabRun } from './run.js';

/** Bound for one Playwright action (focus, click, key press) on a healthy page. */
const ACTION_TIMEOUT_MS = 5_000;
/** How long the app may take to show what was typed, or to enable the send button. */
const SETTLE_MS = 2_000;
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
 * script), then checks the composer shows exactly the prompt. A mismatch is cleared and typed
 * once more; a second mismatch means the composer no longer works as we expect.
 */
export async function typePrompt(run: TabRun, prompt: string, composerSelector: string) {
  const composer = run.page.locator(composerSelector).first();
  let shown = '';
  for (let round = 1; round <= 2; round++) {
    run.steps.step('type', round === 1 ? `${prompt.length} characters` : 'again after a mismatch');
    await composer.focus({ timeout: actionTimeoutMs(run) });
    if (round > 1) {
      await run.page.keyboard.press('ControlOrMeta+A');
      await run.page.keyboard.press('Backspace');
    }
    await run.page.keyboard.insertText(prompt);
    shown = await composerTextOnceSettled(run, prompt);
    if (sameText(shown, prompt)) return;
  }
  throw run.fail(
    'page_changed',
    `the prompt did not land in the composer (it shows ${JSON.stringify(shown.slice(0, 80))}). ` +
      'The page may have changed: update selectors.json in the data dir, or the tool.',
  );
}

/** The composer's text once it equals `expected`, or whatever it shows after SETTLE_MS. */
async function composerTextOnceSettled(run: TabRun, expected: string): Promise<string> {
  const giveUpAtMs = Date.now() + SETTLE_MS;
  let shown: string;
  do {
    const state = await run.read(CHECK_EVERY_MS);
    shown = state?.composer?.text ?? '';
    if (sameText(shown, expected)) return shown;
  } while (Date.now() < giveUpAtMs);
  return shown;
}

/**
 * Sends the typed prompt with the send button once the app enables it. A missing send button is
 * a changed page; a click that something covers falls back to Enter in the composer.
 */
export async function sendPrompt(run: TabRun, composerSelector: string): Promise<void> {
  const giveUpAtMs = Date.now() + SETTLE_MS;
  let send: { selector: string; disabled: boolean } | undefined;
  do {
    send = (await run.read(CHECK_EVERY_MS))?.send;
    if (send && !send.disabled) break;
  } while (Date.now() < giveUpAtMs);
  if (send === undefined) {
    throw run.fail(
      'page_changed',
      `no send button (tried ${run.selectors.send.join(', ')}). The page may have changed: ` +
        'update selectors.json in the data dir, or the tool.',
    );
  }
  run.steps.step('send', send.selector);
  try {
    await run.page
      .locator(send.selector)
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
