import { logTabNotClosed, withOwnTab } from '../../browser/own-tab.js';
import { errorMessage, isAbortError } from '../../errors.js';
import { StepLog, remainingMs } from '../../progress.js';
import type { AttemptContext, GeneratedImage, ImageRequest } from '../provider.js';
import type { ChatgptDeps } from './attempt.js';
import { saveEvidence } from './attempt-evidence.js';
import { classifyRecovery, type RecoveryVerdict } from './classify.js';
import { fetchImageInPage, prepareImage } from './fetch-image.js';
import { TabRun, conversationUrlOf } from './run.js';

/** How long the conversation page may take to render its turns and image. */
const RENDER_WAIT_MS = 15_000;
/** How long a generation still running there may take to stop once stop is pressed. */
const STOP_WAIT_MS = 10_000;
/** The whole look, rendering plus fetching and verifying the bytes. */
const RECOVERY_BUDGET_MS = 30_000;

/**
 * After an attempt that timed out, got a bad file or lost a node: opens its conversation in a
 * tab of our own and looks once whether the image finished after all. Returns it (verified,
 * with its cover, evidence written with outcome `recovered`) or undefined; a generation still
 * running there is stopped first. Nothing here fails the post: a page that cannot be read just
 * means no recovery, and the next attempt meets the same page with its own checks.
 */
export async function recoverChatgptImage(
  deps: ChatgptDeps,
  request: ImageRequest,
  url: string,
  context: AttemptContext,
): Promise<GeneratedImage | undefined> {
  const conversationUrl = conversationUrlOf(url);
  const log = context.log;
  if (conversationUrl === undefined || !conversationUrl.startsWith('https://chatgpt.com/c/')) {
    log.debug({ postId: request.postId }, `no chatgpt.com conversation to look at in ${url}`);
    return undefined;
  }
  const startedAt = new Date();
  try {
    const onCloseError = logTabNotClosed(log, request.postId, 'chatgpt.com');
    return await withOwnTab(
      deps.session.context,
      async (tab) => {
        const run = new TabRun({
          page: tab.page,
          selectors: deps.selectors,
          steps: new StepLog(),
          log,
          postId: request.postId,
          attempt: context.attempt,
          signal: context.signal,
          budgetMs: RECOVERY_BUDGET_MS,
          manualTimeoutMs: undefined,
        });
        try {
          const image = await lookForImage(run, conversationUrl, deps.minBytes);
          if (image)
            await saveEvidence({ request, context, run, tab, startedAt, outcome: 'recovered' });
          return image;
        } finally {
          run.dispose();
        }
      },
      { onCloseError },
    );
  } catch (error) {
    if (context.signal.aborted || isAbortError(error) || isProgrammingError(error)) throw error;
    log.warn(
      { postId: request.postId, err: errorMessage(error) },
      `${request.postId}: could not look at the earlier conversation: ${errorMessage(error)}`,
    );
    return undefined;
  }
}

async function lookForImage(
  run: TabRun,
  conversationUrl: string,
  minBytes: number,
): Promise<GeneratedImage | undefined> {
  const postId = run.options.postId;
  run.steps.step('recover', conversationUrl);
  await run.page.goto(conversationUrl, {
    waitUntil: 'domcontentloaded',
    timeout: Math.max(1, remainingMs(run.budget)),
  });
  const verdict = await waitForRender(run);
  if (verdict.kind === 'generating') {
    // Still going after its whole budget: stopped, so that the next attempt is the only
    // generation in the account and the earlier one costs nothing more.
    const stopped = await stopGeneration(run);
    run.steps.step('not_recovered', stopped ? 'still generating; stopped' : 'still generating');
    run.log.info(
      { postId },
      `${postId}: the earlier conversation is still generating; ` +
        (stopped ? 'stopped it before a new attempt' : 'could not press its stop button'),
    );
    return undefined;
  }
  if (verdict.kind !== 'done') {
    const why = verdict.kind === 'rendering' ? 'it did not render in time' : verdict.detail;
    run.steps.step('not_recovered', why);
    run.log.info({ postId }, `${postId}: the earlier conversation has no finished image (${why})`);
    return undefined;
  }
  run.fileId = verdict.fileId;
  const fetched = await fetchImageInPage(run.page, verdict.src, run.signal);
  const prepared = fetched.ok ? await prepareImage(fetched.bytes, minBytes) : fetched;
  if (!prepared.ok) {
    run.steps.step('not_recovered', prepared.reason);
    run.log.warn({ postId }, `${postId}: the earlier image is not usable: ${prepared.reason}`);
    return undefined;
  }
  run.steps.step('recovered', verdict.fileId);
  run.log.info({ postId }, `${postId}: the earlier attempt's image finished after all; using it`);
  return { ...prepared.image, conversationUrl, fileId: verdict.fileId };
}

function isProgrammingError(error: unknown): boolean {
  return error instanceof TypeError || error instanceof ReferenceError;
}

/**
 * Presses stop until the conversation no longer generates. A freshly opened page shows the
 * loading state before its composer comes alive, so the first presses may find no button.
 */
async function stopGeneration(run: TabRun): Promise<boolean> {
  const giveUpAtMs = Date.now() + STOP_WAIT_MS;
  while (Date.now() < giveUpAtMs) {
    await run.pressStop();
    const state = await run.read(500);
    if (state !== undefined && classifyRecovery(state, run.selectors).kind !== 'generating') {
      return true;
    }
  }
  return false;
}

/** Reads the page until it has rendered enough to say whether the image is there. */
async function waitForRender(run: TabRun): Promise<RecoveryVerdict> {
  const giveUpAtMs = Date.now() + RENDER_WAIT_MS;
  let verdict: RecoveryVerdict = { kind: 'rendering' };
  while (Date.now() < giveUpAtMs) {
    const state = await run.read(250);
    if (state === undefined) continue;
    verdict = classifyRecovery(state, run.selectors);
    if (verdict.kind !== 'rendering') return verdict;
  }
  return verdict;
}
