import type { ChromeSession } from '../../browser/connect.js';
import { logTabNotClosed, withOwnTab, type OwnTab } from '../../browser/own-tab.js';
import { XhsNewsError, errorMessage, isAbortError, SiteError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { StepLog, remainingMs } from '../../progress.js';
import type { AttemptContext, GeneratedImage, ImageRequest } from '../provider.js';
import { saveEvidence } from './attempt-evidence.js';
import { fetchImageInPage, prepareImage } from './fetch-image.js';
import { budgetSpent, classifyFailure } from './classify.js';
import { openNewChat } from './open-chat.js';
import { TabRun } from './run.js';
import type { Selectors } from './selectors.js';
import { sendPrompt, typePrompt } from './send-prompt.js';
import { waitForImage } from './wait-image.js';

const CHROME_GONE_WHAT_TO_DO =
  'Start Chrome again (`xhs-news chrome`, or with --remote-debugging-port), check it with ' +
  '`xhs-news doctor`, and run again: this post will be offered again.';

/** What every ChatGPT attempt needs; see `createChatgptProvider` for each option. */
export interface ChatgptDeps {
  session: ChromeSession;
  attemptTimeoutMs: number;
  minBytes: number;
  manualTimeoutMs: number | undefined;
  selectors: Selectors;
  log: Logger;
}

/**
 * One image attempt in a tab of our own: new chat, prompt typed and checked, sent, the new
 * image awaited, fetched with the session, verified, turned into a cover. Evidence is written
 * whatever happens, then our tab closes. When the budget runs out the tab is closed (the
 * conversation may still finish, for `recover`); on Ctrl-C or a failure the stop button is
 * pressed first.
 */
export async function runChatgptAttempt(
  deps: ChatgptDeps,
  request: ImageRequest,
  context: AttemptContext,
): Promise<GeneratedImage> {
  const startedAt = new Date();
  const steps = new StepLog();
  let inTab = false;
  try {
    return await withOwnTab(
      deps.session.context,
      (tab) => {
        inTab = true;
        return attemptInTab(deps, request, context, { tab, steps, startedAt });
      },
      { onCloseError: logTabNotClosed(context.log, request.postId, 'chatgpt.com') },
    );
  } catch (error) {
    if (inTab || isAbortError(error)) throw error;
    // Our tab could not even be opened: the browser went away under us.
    const said = `Chrome stopped answering: ${errorMessage(error)}. ${CHROME_GONE_WHAT_TO_DO}`;
    throw new SiteError('browser_unreachable', said, {
      postId: request.postId,
      attempt: context.attempt,
      step: 'open_tab',
      cause: error,
    });
  }
}

async function attemptInTab(
  deps: ChatgptDeps,
  request: ImageRequest,
  context: AttemptContext,
  where: { tab: OwnTab; steps: StepLog; startedAt: Date },
): Promise<GeneratedImage> {
  const run = new TabRun({
    page: where.tab.page,
    selectors: deps.selectors,
    steps: where.steps,
    log: context.log,
    postId: request.postId,
    attempt: context.attempt,
    signal: context.signal,
    budgetMs: deps.attemptTimeoutMs,
    manualTimeoutMs: deps.manualTimeoutMs,
  });
  const facts = { request, context, run, tab: where.tab, startedAt: where.startedAt };
  const ended = (outcome: string) =>
    deps.log.debug(
      { postId: request.postId, attempt: context.attempt, outcome },
      `${request.postId}: chatgpt attempt ${context.attempt} ended after ` +
        `${Date.now() - where.startedAt.getTime()} ms: ${outcome}`,
    );
  try {
    const image = await generate(run, request.prompt, deps.minBytes);
    await saveEvidence({ ...facts, outcome: 'ok' });
    ended('ok');
    return image;
  } catch (error) {
    const failure = await settle(run, error, context.signal, deps.attemptTimeoutMs);
    await saveEvidence({ ...facts, outcome: 'failed', error: failure });
    ended(failure instanceof XhsNewsError ? failure.code : errorMessage(failure));
    throw failure;
  } finally {
    run.dispose();
  }
}

/** The story of one attempt, step by step; every failure is thrown and settled by the caller. */
async function generate(run: TabRun, prompt: string, minBytes: number): Promise<GeneratedImage> {
  const ready = await openNewChat(run);
  const composerSelector = ready.composer?.selector ?? run.selectors.composer[0] ?? '';
  const baseline = new Set(ready.pageFileIds);
  run.steps.step('baseline', `${baseline.size} image(s) already on the page`);

  await typePrompt(run, prompt, composerSelector);
  await sendPrompt(run, composerSelector, prompt);
  const final = await waitForImage(run, baseline, ready.assistantTurns);
  run.fileId = final.fileId;

  run.steps.step(
    'fetch',
    final.broken ? `${final.fileId} (did not load as an image)` : final.fileId,
  );
  const fetched = await fetchImageInPage(run.page, final.src, run.signal);
  if (!fetched.ok)
    throw run.fail('file_invalid', `the new image could not be saved: ${fetched.reason}`);
  run.steps.step('fetched', `${fetched.bytes.length} bytes, ${fetched.contentType}`);

  const prepared = await prepareImage(fetched.bytes, minBytes);
  if (!prepared.ok)
    throw run.fail('file_invalid', `the new image is not usable: ${prepared.reason}`);
  run.steps.step('verified', `${prepared.image.originalExt}, cover made`);
  return {
    ...prepared.image,
    conversationUrl: run.conversationUrl ?? run.page.url(),
    fileId: final.fileId,
  };
}

/**
 * Turns whatever ended the attempt into the error the caller gets, after stopping the
 * generation on the page: Ctrl-C rethrows the abort, a spent budget becomes `timeout`,
 * Playwright's detached-node errors `dom_detached`. Programming errors pass through unchanged.
 */
async function settle(
  run: TabRun,
  error: unknown,
  interrupt: AbortSignal,
  attemptTimeoutMs: number,
): Promise<unknown> {
  const facts = {
    error,
    budgetExpired: run.budget.expired,
    remainingMs: remainingMs(run.budget),
    browserConnected: run.options.page.context().browser()?.isConnected() !== false,
  };
  const expired = budgetSpent(facts) && !interrupt.aborted;
  // A timed-out generation is ended by closing our tab, not by the stop button: closing stops
  // our work, while the server may still finish the image, which the retry loop then recovers
  // instead of paying for a second one. Anything else (Ctrl-C, a failure) presses stop.
  if (!expired && (await run.pressStop())) run.steps.step('stop', 'pressed stop in the composer');
  if (expired) run.steps.step('timeout', 'closing our tab; the conversation stays for recovery');

  if (interrupt.aborted) {
    run.steps.step('interrupted');
    return isAbortError(error) ? error : (interrupt.reason as unknown);
  }
  if (error instanceof XhsNewsError) return error;
  const said = errorMessage(error).split('\n')[0] ?? '';
  switch (classifyFailure(facts)) {
    case 'timeout':
      return run.fail(
        'timeout',
        `no finished image within ${Math.round(attemptTimeoutMs / 1000)} s` +
          (run.lastSeen ? ` (the page last showed: ${run.lastSeen})` : ''),
        error,
      );
    case 'dom_detached':
      return run.fail('dom_detached', `the page replaced a node we used: ${said}`, error);
    case 'browser_unreachable':
      return run.fail(
        'browser_unreachable',
        `Chrome closed or disconnected during the attempt. ${CHROME_GONE_WHAT_TO_DO}`,
        error,
      );
    case 'tab_closed':
      return run.fail(
        'generation_error',
        `our tab went away before the image was saved: ${said}`,
        error,
      );
    case 'bug':
      return error;
    case 'generation_error':
      return run.fail(
        'generation_error',
        `the browser step "${run.steps.last ?? 'start'}" failed: ${said}`,
        error,
      );
  }
}
