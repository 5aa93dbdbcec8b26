import type { Page } from 'playwright-core';
import type { ChromeSession } from '../../browser/connect.js';
import { writeEvidence, type AttemptSummary } from '../../browser/evidence.js';
import { XhsNewsError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { StepLog } from '../../progress.js';
import { logTabNotClosed, withOwnTab } from '../../browser/own-tab.js';
import { findOurDraft, readDrafts, unreadableNewDrafts, type DraftSummary } from './drafts.js';
import { addTopics, typeBody } from './editor.js';
import type { DraftContent } from './limits.js';
import { checkOverflow, clickSaveDraft, confirmDraft, draftKeysBeforeSave } from './save.js';
import type { XhsSelectors } from './selectors.js';
import { unreadableDraftMessage } from './save-outcome.js';
import { failure, runStep, watchPage, type StepContext } from './step-context.js';
import { chooseImageTab, fillTitle, openPublishPage, uploadImages } from './steps.js';

/** What the attempts at one post share, so a retry never makes a second draft. */
export interface PostDraftState {
  /** Draft keys in the profile before this post's first save click. */
  knownKeys?: Set<string | number>;
  /** True once any attempt clicked 暂存离开: only then can a draft of ours exist. */
  saveClicked: boolean;
  /** An earlier run tried this post: before uploading, look for its draft made since then. */
  earlierRunSinceMs?: number;
  topicsConverted?: string[];
}

/** One confirmed draft. */
export interface SavedDraft {
  key: string | number;
  savedAt: string;
  imagesUploaded: number;
  topicsConverted: string[];
  topicsUnconverted: string[];
  /** Found in IndexedDB as the work of an earlier attempt or run, not saved by this one. */
  recovered: boolean;
}

/** What a look for an earlier attempt's draft needs. */
export interface RecoverInput {
  session: ChromeSession;
  selectors: XhsSelectors;
  content: DraftContent;
  postId: string;
  attempt: number;
  profile: string;
  stepTimeoutMs: number;
  uploadTimeoutPerImageMs: number;
  signal: AbortSignal;
  log: Logger;
  state: PostDraftState;
}

/** What one attempt needs: the recover input plus where its evidence goes. */
export interface AttemptInput extends RecoverInput {
  runId: string;
  evidenceDir: string;
}

/**
 * One draft attempt in a tab of our own: publish page → real image tab → images → title → body
 * → topics → overflow check → 暂存离开 → a new draft confirmed in IndexedDB. The attempt's
 * evidence is written before the tab closes, whatever the outcome.
 */
export async function runDraftAttempt(input: AttemptInput): Promise<SavedDraft> {
  return withOwnTab(
    input.session.context,
    async (tab) => {
      const startedAt = new Date().toISOString();
      const ctx = stepContext(tab.page, input);
      const stopWatching = watchPage(ctx);
      let saved: SavedDraft | undefined;
      let failed: unknown;
      try {
        saved = await draftSteps(ctx, input);
        return saved;
      } catch (error) {
        failed = error;
        throw error;
      } finally {
        stopWatching();
        const summary = attemptSummary(input, ctx, startedAt, saved, failed);
        await writeEvidence(
          { dir: input.evidenceDir, summary, page: tab.page, consoleLines: tab.consoleLines },
          input.log,
        );
      }
    },
    { onCloseError: logTabNotClosed(input.log, input.postId, 'creator center') },
  );
}

async function draftSteps(ctx: StepContext, input: AttemptInput): Promise<SavedDraft> {
  const { content, state } = input;
  const expected = { title: content.title, imageCount: content.imageFiles.length };
  await openPublishPage(ctx);
  if (state.earlierRunSinceMs !== undefined) {
    const sinceMs = state.earlierRunSinceMs;
    const earlier = await runStep(
      ctx,
      'look for an earlier draft',
      { code: 'timeout', timeoutMessage: 'could not read the drafts of the profile' },
      async (budget) => {
        const drafts = await readDrafts(ctx.page, ctx.selectors, budget.signal);
        return findOurDraft(drafts, { ...expected, sinceMs });
      },
    );
    state.earlierRunSinceMs = undefined;
    if (earlier) return recoveredDraft(earlier, expected.imageCount, state);
  }

  await chooseImageTab(ctx);
  await uploadImages(ctx, content.imageFiles, input.uploadTimeoutPerImageMs);
  await fillTitle(ctx, content.title);
  await checkOverflow(ctx);
  const editor = await typeBody(ctx, content.body);
  const topics = await addTopics(ctx, editor, content.topics);
  state.topicsConverted = topics.converted;
  await checkOverflow(ctx);

  const before = await draftKeysBeforeSave(ctx);
  state.knownKeys ??= before.keys;
  // Set before the click: a click that throws may still have reached the page.
  state.saveClicked = true;
  await clickSaveDraft(ctx);
  const draft = await confirmDraft(ctx, before, expected);
  return {
    key: draft.key,
    savedAt: new Date().toISOString(),
    imagesUploaded: expected.imageCount,
    topicsConverted: topics.converted,
    topicsUnconverted: topics.unconverted,
    recovered: false,
  };
}

/** A draft found in IndexedDB that an earlier attempt or run saved. */
export function recoveredDraft(
  draft: DraftSummary,
  imageCount: number,
  state: PostDraftState,
): SavedDraft {
  return {
    key: draft.key,
    savedAt: new Date(draft.timeMs ?? Date.now()).toISOString(),
    imagesUploaded: imageCount,
    topicsConverted: state.topicsConverted ?? [],
    topicsUnconverted: [],
    recovered: true,
  };
}

function attemptSummary(
  input: AttemptInput,
  ctx: StepContext,
  startedAt: string,
  saved: SavedDraft | undefined,
  failed: unknown,
): AttemptSummary {
  const summary: AttemptSummary = {
    post_id: input.postId,
    run_id: input.runId,
    attempt: input.attempt,
    started_at: startedAt,
    ended_at: new Date().toISOString(),
    outcome: saved ? (saved.recovered ? 'recovered' : 'ok') : 'failed',
    steps: ctx.steps.entries,
    url: ctx.page.isClosed() ? undefined : ctx.page.url(),
    profile: input.profile,
  };
  if (saved) {
    summary['draft_key'] = saved.key;
    summary['topics_converted'] = saved.topicsConverted;
    summary['topics_unconverted'] = saved.topicsUnconverted;
  }
  if (failed !== undefined) {
    summary.error_code = failed instanceof XhsNewsError ? failed.code : 'unexpected';
    summary.error_message = errorMessage(failed);
  }
  return summary;
}

/**
 * Before a retry: looks in the profile's IndexedDB (from a tab of our own) for a draft that an
 * earlier attempt of this post saved after all. Only a post whose attempts clicked 暂存离开 can
 * have one, so nothing is opened otherwise. A new record we cannot read may be that draft, so
 * it stops the retry (`page_changed`).
 */
export async function lookForSavedDraft(input: RecoverInput): Promise<SavedDraft | undefined> {
  const { state, content } = input;
  if (!state.saveClicked || state.knownKeys === undefined) return undefined;
  const match = {
    title: content.title,
    imageCount: content.imageFiles.length,
    knownKeys: state.knownKeys,
  };
  return withOwnTab(
    input.session.context,
    async (tab) => {
      const ctx = stepContext(tab.page, input);
      const stopWatching = watchPage(ctx);
      try {
        await openPublishPage(ctx);
        const drafts = await runStep(
          ctx,
          'look for a draft of an earlier attempt',
          { code: 'timeout', timeoutMessage: 'could not read the drafts of the profile' },
          (budget) => readDrafts(ctx.page, ctx.selectors, budget.signal),
        );
        const found = findOurDraft(drafts, match);
        if (found) return recoveredDraft(found, match.imageCount, state);
        const unreadable = unreadableNewDrafts(drafts, match.knownKeys);
        if (unreadable.length > 0) {
          throw failure(ctx, 'page_changed', unreadableDraftMessage(unreadable, input.profile));
        }
        return undefined;
      } finally {
        stopWatching();
      }
    },
    { onCloseError: logTabNotClosed(input.log, input.postId, 'creator center') },
  );
}

function stepContext(page: Page, input: RecoverInput): StepContext {
  return {
    page,
    selectors: input.selectors,
    steps: new StepLog(),
    signal: input.signal,
    stepTimeoutMs: input.stepTimeoutMs,
    postId: input.postId,
    attempt: input.attempt,
    profile: input.profile,
  };
}
