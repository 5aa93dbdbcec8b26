import { XhsNewsError, errorMessage } from '../../errors.js';
import { findOurDraft, readDrafts, unreadableNewDrafts, type DraftSummary } from './drafts.js';
import {
  probeOverflowInPage,
  probeSaveButtonInPage,
  probeSaveSignsInPage,
  type SaveSigns,
} from './page-probes.js';
import {
  isNavigationError,
  unconfirmedOutcome,
  unreadableDraftMessage,
  type ReadTally,
} from './save-outcome.js';
import { overrideAdvice } from './selector-overrides.js';
import { failure, pollUntil, runStep, type StepContext } from './step-context.js';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Reads the page's own overflow markers (title counter over its limit, body length error).
 * Our limits were checked before we started; a page that still disagrees gets no draft.
 */
export async function checkOverflow(ctx: StepContext): Promise<void> {
  const { selectors } = ctx;
  const state = await ctx.page.evaluate(probeOverflowInPage, {
    counters: selectors.titleCounters,
    overClass: selectors.counterOverClass,
    lengthErrors: selectors.bodyLengthErrors,
  });
  ctx.steps.step('overflow markers', `title counter ${state.counter ?? 'not found'}`);
  if (state.titleOver) {
    throw failure(
      ctx,
      'draft_invalid',
      `the page says the title is too long (${state.counter ?? 'over'}); shorten it`,
    );
  }
  if (state.lengthError !== undefined) {
    throw failure(ctx, 'draft_invalid', `the page says the body is too long: ${state.lengthError}`);
  }
}

/** What we know about the drafts before clicking 暂存离开. */
export interface BeforeSave {
  keys: Set<string | number>;
  /** The sidebar's 「草稿箱(N)」 before saving, when shown. */
  draftCount: number | undefined;
}

/** Reads the keys of the drafts already in the profile, before our save. */
export async function draftKeysBeforeSave(ctx: StepContext): Promise<BeforeSave> {
  const drafts = await runStep(
    ctx,
    'read drafts before saving',
    { code: 'save_unconfirmed', timeoutMessage: 'could not read the drafts before saving' },
    (budget) => readDrafts(ctx.page, ctx.selectors, budget.signal),
  );
  const signs = await readSaveSigns(ctx);
  ctx.steps.step('drafts before saving', `${drafts.length} in IndexedDB`);
  return { keys: new Set(drafts.map((draft) => draft.key)), draftCount: signs?.draftCount };
}

/**
 * Clicks 「暂存离开」: waits until the button host says saving is allowed, then makes a real
 * mouse click inside its LEFT half (the right half is 发布, which we never press).
 */
export async function clickSaveDraft(ctx: StepContext): Promise<void> {
  const { selectors } = ctx;
  const arg = {
    hosts: selectors.publishButtonHosts,
    disabledAttribute: selectors.saveDisabledAttribute,
    textAttribute: selectors.saveTextAttribute,
  };
  const message = `「${selectors.saveText}」 stayed disabled for ${seconds(ctx.stepTimeoutMs)}`;
  const button = await runStep(
    ctx,
    'wait for save button',
    { code: 'save_unconfirmed', timeoutMessage: message },
    async (budget) => {
      const first = await ctx.page.evaluate(probeSaveButtonInPage, arg);
      if (!first) {
        throw failure(
          ctx,
          'page_changed',
          `no <${selectors.publishButtonHosts.join('|')}> button host: ` +
            overrideAdvice('publishButtonHosts'),
        );
      }
      return pollUntil(ctx, budget, async () => {
        const state = await ctx.page.evaluate(probeSaveButtonInPage, arg);
        return state?.disabled === 'false' ? state : undefined;
      });
    },
  );
  if (button.saveText !== null && button.saveText !== selectors.saveText) {
    throw failure(
      ctx,
      'page_changed',
      `the button's left half now reads 「${button.saveText}」, ` +
        `not 「${selectors.saveText}」: not clicking`,
    );
  }
  if (!button.clickable) {
    throw failure(ctx, 'page_changed', 'something covers 「暂存离开」: not clicking');
  }
  ctx.steps.step(
    'click save draft',
    `at ${Math.round(button.left.x)},${Math.round(button.left.y)}`,
  );
  await ctx.page.mouse.move(button.left.x, button.left.y, { steps: 4 });
  await ctx.page.mouse.click(button.left.x, button.left.y);
}

/**
 * Confirms the save: a new record in the profile's IndexedDB with our title and image count.
 * The page navigates to a fresh form after saving, so reads that meet a navigation are made
 * again; other read errors are kept for the message. A new record we cannot read, or no read
 * that ever worked, is not retried: saving again could make a second draft.
 */
export async function confirmDraft(
  ctx: StepContext,
  before: BeforeSave,
  expected: { title: string; imageCount: number },
): Promise<DraftSummary> {
  const message =
    `no new draft with our title and ${expected.imageCount} images appeared in ` +
    `${seconds(ctx.stepTimeoutMs)} after 「${ctx.selectors.saveText}」`;
  const tally: ReadTally = { succeeded: 0, lastError: undefined };
  let toastSeen = false;
  let draftCount: number | undefined;
  const draft = await runStep(
    ctx,
    'confirm draft',
    { code: 'save_unconfirmed', timeoutMessage: message },
    (budget) =>
      pollUntil(ctx, budget, async () => {
        const signs = await readSaveSigns(ctx);
        toastSeen ||= signs?.toast === true;
        draftCount = signs?.draftCount ?? draftCount;
        const drafts = await readDraftsAfterSave(ctx, tally, budget.signal);
        if (drafts === undefined) return undefined;
        const ours = findOurDraft(drafts, { ...expected, knownKeys: before.keys });
        if (ours) return ours;
        const unreadable = unreadableNewDrafts(drafts, before.keys);
        if (unreadable.length === 0) return undefined;
        throw failure(ctx, 'page_changed', unreadableDraftMessage(unreadable, ctx.profile));
      }),
  ).catch((error: unknown) => {
    if (!(error instanceof XhsNewsError) || error.code !== 'save_unconfirmed') throw error;
    const outcome = unconfirmedOutcome(tally, message, ctx.profile);
    throw failure(ctx, outcome.code, outcome.message, error);
  });
  const counts = `草稿箱 ${before.draftCount ?? '?'} → ${draftCount ?? '?'}`;
  const toast = toastSeen ? `「${ctx.selectors.successTexts.join('/')}」 seen` : 'no toast seen';
  ctx.steps.step('draft confirmed', `key ${String(draft.key)}; ${toast}; ${counts}`);
  return draft;
}

/**
 * One read of the drafts, counted in `tally`; `undefined` when it failed. A read still waiting
 * when the budget ends is noted as the last error and ends the wait.
 */
async function readDraftsAfterSave(
  ctx: StepContext,
  tally: ReadTally,
  signal: AbortSignal,
): Promise<DraftSummary[] | undefined> {
  try {
    const drafts = await readDrafts(ctx.page, ctx.selectors, signal);
    tally.succeeded += 1;
    return drafts;
  } catch (error) {
    if (signal.aborted) {
      tally.lastError = "a read of the drafts was still waiting for the page's database";
      throw error;
    }
    // A read that meets the page's navigation after saving is simply made again.
    if (!isNavigationError(error)) {
      const message = errorMessage(error);
      if (message !== tally.lastError) ctx.steps.step('read drafts failed', message);
      tally.lastError = message;
    }
    return undefined;
  }
}

/** The toast and the draft count, for the step log; `undefined` while the page navigates. */
async function readSaveSigns(ctx: StepContext): Promise<SaveSigns | undefined> {
  const arg = {
    successTexts: ctx.selectors.successTexts,
    countPattern: ctx.selectors.draftCountPattern,
  };
  return ctx.page.evaluate(probeSaveSignsInPage, arg).catch(() => undefined);
}
