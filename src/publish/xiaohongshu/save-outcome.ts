import type { ErrorCode } from '../../errors.js';
import { errorMessage } from '../../errors.js';
import type { DraftSummary } from './drafts.js';

/** How the reads of IndexedDB went while we waited for our draft. */
export interface ReadTally {
  /** Reads that returned the drafts. */
  succeeded: number;
  /** The last read that failed for a reason other than the page navigating. */
  lastError: string | undefined;
}

/** What a failed confirmation becomes: its code and what the person reads. */
export interface UnconfirmedOutcome {
  code: ErrorCode;
  message: string;
}

/**
 * True for the errors a read meets while the page navigates (it does after 暂存离开): the
 * document it ran in is gone, and the next read runs in the new one.
 */
export function isNavigationError(error: unknown): boolean {
  const navigation = new RegExp(
    [
      'execution context was destroyed',
      'cannot find context with specified id',
      'frame was detached',
      'because of a navigation',
      'navigating',
    ].join('|'),
    'i',
  );
  return navigation.test(errorMessage(error));
}

const checkDraftBox = (profile: string | undefined) =>
  `open 草稿箱 in the creator center of the Chrome profile ${profile ?? 'xhs-news uses'} and ` +
  'check whether the draft is there before running again';

/**
 * What a confirmation that ran out of time means. When no read of the drafts ever succeeded we
 * cannot tell whether the save landed, so it is not retried (a retry could make a second
 * draft); otherwise it is `save_unconfirmed`, with the last read error when there was one.
 */
export function unconfirmedOutcome(
  tally: ReadTally,
  timeoutMessage: string,
  profile: string | undefined,
): UnconfirmedOutcome {
  if (tally.succeeded === 0) {
    const why = tally.lastError ?? 'the page kept navigating';
    return {
      code: 'page_changed',
      message:
        `could not read the saved drafts after 「暂存离开」 (${why}), so the draft may exist: ` +
        `not saving again; ${checkDraftBox(profile)}`,
    };
  }
  const last = tally.lastError === undefined ? '' : ` (last read error: ${tally.lastError})`;
  return { code: 'save_unconfirmed', message: `${timeoutMessage}${last}` };
}

/**
 * The failure for new draft records we cannot read: one of them is probably ours, so saving
 * again could make a second draft. The record paths in the selectors need updating.
 */
export function unreadableDraftMessage(
  drafts: readonly DraftSummary[],
  profile: string | undefined,
): string {
  const keys = drafts.map((draft) => String(draft.key)).join(', ');
  return (
    `after 「暂存离开」 a new draft record appeared (key ${keys}) whose title or images are not ` +
    'where we look (draftDb paths in the selectors): the page stores drafts another way now. ' +
    `Not saving again; ${checkDraftBox(profile)}, and override \`draftDb\` in ` +
    'xhs-selectors.json in the data dir (see README), or update xhs-news'
  );
}
