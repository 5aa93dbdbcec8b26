import type { DoctorCheck } from '../../browser/doctor-check.js';
import type { ChromeSession } from '../../browser/connect.js';
import { withOwnTab } from '../../browser/own-tab.js';
import { errorMessage, isAbortError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import { StepLog, remainingMs } from '../../progress.js';
import { classifyReady, type ReadyVerdict } from './classify.js';
import { NEW_CHAT_URL } from './open-chat.js';
import { TabRun } from './run.js';
import type { Selectors } from './selectors.js';

const DOCTOR_BUDGET_MS = 30_000;
const COMPOSER_WAIT_MS = 15_000;
/** Shorter, when the loaded page shows a text box none of our composer selectors match. */
const REDESIGN_WAIT_MS = 3_000;

/**
 * Opens chatgpt.com in a tab of our own, reads the page until it has settled, closes the tab,
 * and reports three checks: logged in, no challenge, composer found.
 */
export async function diagnoseChatgpt(
  session: ChromeSession,
  selectors: Selectors,
  signal: AbortSignal,
): Promise<DoctorCheck[]> {
  let verdict: ReadyVerdict | { kind: 'unreadable'; detail: string };
  try {
    verdict = await withOwnTab(session.context, async (tab) => {
      const run = new TabRun({
        page: tab.page,
        selectors,
        steps: new StepLog(),
        log: silentLogger(),
        postId: 'doctor',
        attempt: 1,
        signal,
        budgetMs: DOCTOR_BUDGET_MS,
        manualTimeoutMs: undefined,
      });
      try {
        await tab.page.goto(NEW_CHAT_URL, {
          waitUntil: 'domcontentloaded',
          timeout: Math.max(1, remainingMs(run.budget)),
        });
        return await settledVerdict(run);
      } finally {
        run.dispose();
      }
    });
  } catch (error) {
    if (signal.aborted || isAbortError(error)) throw error;
    verdict = { kind: 'unreadable', detail: errorMessage(error).split('\n')[0] ?? '' };
  }
  return checksOf(verdict, selectors);
}

/** Reads until the composer shows or a blocker does, for at most COMPOSER_WAIT_MS. */
async function settledVerdict(run: TabRun): Promise<ReadyVerdict> {
  const startedMs = Date.now();
  let verdict: ReadyVerdict = { kind: 'pending', detail: 'the page did not render' };
  while (Date.now() - startedMs < COMPOSER_WAIT_MS) {
    const state = await run.read(250);
    if (state === undefined) continue;
    verdict = classifyReady(state, run.selectors);
    if (verdict.kind !== 'pending') return verdict;
    if (state.unknownTextBox && Date.now() - startedMs >= REDESIGN_WAIT_MS) return verdict;
  }
  return verdict;
}

function checksOf(
  verdict: ReadyVerdict | { kind: 'unreadable'; detail: string },
  selectors: Selectors,
): DoctorCheck[] {
  if (verdict.kind === 'unreadable') {
    const fix = 'Check that Chrome is still running and chatgpt.com opens in it, then run again.';
    return ['ChatGPT logged in', 'no Cloudflare challenge', 'chat composer found'].map((name) => ({
      name,
      ok: false,
      detail: `chatgpt.com could not be read: ${verdict.detail}`,
      fix,
    }));
  }
  const challenged = verdict.kind === 'cloudflare';
  const loggedOut = verdict.kind === 'not_logged_in';
  const ready = verdict.kind === 'ready' || verdict.kind === 'rate_limited';
  const challenge: DoctorCheck = challenged
    ? { name: 'no Cloudflare challenge', ok: false, detail: verdict.detail, fix: CHALLENGE_FIX }
    : { name: 'no Cloudflare challenge', ok: true, detail: 'no challenge page' };
  const login: DoctorCheck = loggedOut
    ? { name: 'ChatGPT logged in', ok: false, detail: verdict.detail, fix: LOGIN_FIX }
    : challenged
      ? {
          name: 'ChatGPT logged in',
          ok: false,
          detail: 'unknown behind the challenge',
          fix: CHALLENGE_FIX,
        }
      : { name: 'ChatGPT logged in', ok: true, detail: 'no login wall' };
  const composer: DoctorCheck = ready
    ? { name: 'chat composer found', ok: true, detail: 'the prompt box is there' }
    : {
        name: 'chat composer found',
        ok: false,
        detail:
          challenged || loggedOut
            ? 'not reachable until the check above passes'
            : `no composer found (tried ${selectors.composer.join(', ')})`,
        fix:
          challenged || loggedOut
            ? 'Fix the check above first.'
            : 'The page may have changed: update selectors.json in the data dir, or the tool.',
      };
  return [login, challenge, composer];
}

const LOGIN_FIX =
  'Log in to chatgpt.com in the Chrome the tool uses (start it with `xhs-news chrome`).';
const CHALLENGE_FIX =
  'Open chatgpt.com in that Chrome and pass "Verify you are human", or run with --manual.';
