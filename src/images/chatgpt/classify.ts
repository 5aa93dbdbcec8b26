import { isEstuaryUrl } from './estuary.js';
import { isDetachedError, isPlaywrightTimeout, isTargetClosed } from './in-page.js';
import type { ImageSnapshot, PageSnapshot } from './page-state.js';
import type { Selectors } from './selectors.js';

/** Natural width below which an `<img>` is a thumbnail or preview, not the generated image. */
export const MIN_FINAL_WIDTH_PX = 256;

/** A page that stops the whole run until a person acts. */
export type Blocker =
  | { kind: 'cloudflare'; detail: string }
  | { kind: 'not_logged_in'; detail: string }
  | { kind: 'rate_limited'; detail: string; resetsIn: string | undefined };

/** What the page is before the prompt is sent. */
export type ReadyVerdict = Blocker | { kind: 'ready' } | { kind: 'pending'; detail: string };

/** What the page is while we wait for the image. */
export type GenerationVerdict =
  | Blocker
  | { kind: 'done'; fileId: string; src: string }
  /** Finished, but the new image's URL did not load as an image: fetch it to say why. */
  | { kind: 'broken'; fileId: string; src: string }
  /** Finished, but its src is not the estuary endpoint: never fetched with the session. */
  | { kind: 'foreign'; src: string }
  | { kind: 'refused'; detail: string }
  | { kind: 'error'; detail: string }
  | { kind: 'deferred'; detail: string }
  | { kind: 'generating'; detail: string }
  | { kind: 'idle' };

type Texts = Pick<
  Selectors,
  | 'cloudflareTitleText'
  | 'cloudflareText'
  | 'rateLimitText'
  | 'tooManyRequestsText'
  | 'refusalText'
  | 'errorText'
  | 'deferredText'
  | 'rateLimitResetPattern'
>;

/** Typographic apostrophes and case do not change what a text says. */
function normalize(text: string): string {
  return text.replaceAll(/[\u2018\u2019\u02bc]/g, "'").toLowerCase();
}

/** The first of `needles` found in `haystack`, case-insensitively. */
export function findText(haystack: string, needles: readonly string[]): string | undefined {
  const hay = normalize(haystack);
  return needles.find((needle) => hay.includes(normalize(needle)));
}

/** The reset time a limit text names ("2 hours 14 minutes"), when it names one. */
export function resetTimeOf(text: string, patterns: readonly string[]): string | undefined {
  for (const source of patterns) {
    const match = new RegExp(source, 'i').exec(text);
    const value = match?.[1]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The sentence around `needle` in `text`, short enough for a log line. */
function excerpt(text: string, needle: string): string {
  const at = normalize(text).indexOf(normalize(needle));
  if (at < 0) return text.slice(0, 200);
  const start = Math.max(0, text.lastIndexOf('.', at) + 1);
  const end = text.indexOf('.', at + needle.length);
  return text
    .slice(start, end < 0 ? start + 240 : end + 1)
    .trim()
    .slice(0, 240);
}

/** Login wall, Cloudflare challenge or image limit: the states no waiting fixes. */
export function findBlocker(state: PageSnapshot, texts: Texts): Blocker | undefined {
  const titleHit = findText(state.title, texts.cloudflareTitleText);
  const bodyHit = state.composer ? undefined : findText(state.bodyText, texts.cloudflareText);
  if (state.cloudflareMarker ?? titleHit ?? bodyHit) {
    const detail = state.cloudflareMarker ?? (titleHit ? `title "${state.title}"` : `"${bodyHit}"`);
    return { kind: 'cloudflare', detail: `Cloudflare challenge (${detail})` };
  }
  if (state.loginButton || isAuthHost(state.url)) {
    return { kind: 'not_logged_in', detail: 'the page shows "Log in" instead of the chat' };
  }
  const limitText = `${state.noticeText}\n${state.assistantText}`;
  const limitHit =
    findText(limitText, texts.tooManyRequestsText) ?? findText(limitText, texts.rateLimitText);
  if (limitHit) {
    const said = excerpt(limitText, limitHit);
    return {
      kind: 'rate_limited',
      detail: said,
      resetsIn: resetTimeOf(limitText, texts.rateLimitResetPattern),
    };
  }
  return undefined;
}

function isAuthHost(url: string): boolean {
  try {
    return new URL(url).hostname === 'auth.openai.com';
  } catch {
    return false;
  }
}

/** Before sending: can we type the prompt yet? */
export function classifyReady(state: PageSnapshot, texts: Texts): ReadyVerdict {
  const blocker = findBlocker(state, texts);
  if (blocker) return blocker;
  if (state.composer === undefined) return { kind: 'pending', detail: 'no composer yet' };
  return { kind: 'ready' };
}

/**
 * True once the prompt has left the composer and the page reacted: a stop button, a loading
 * state, a new assistant turn or the conversation URL.
 */
export function generationStarted(state: PageSnapshot, assistantTurnsBefore: number): boolean {
  if (state.composer && state.composer.text !== '') return false;
  return (
    state.stop ||
    state.loading !== undefined ||
    state.assistantTurns > assistantTurnsBefore ||
    /\/c\//.test(new URL(state.url).pathname)
  );
}

/**
 * The new, finished image: not in the baseline, loaded at full size, drawn sharp. One image is
 * several layers sharing an id; one sharp, complete layer is enough (a decorative copy may be
 * blurred on purpose).
 */
export function finishedImage(
  images: readonly ImageSnapshot[],
  baseline: ReadonlySet<string>,
): ImageSnapshot | undefined {
  return images.find(
    (img) =>
      img.fileId !== undefined &&
      !baseline.has(img.fileId) &&
      !img.blurred &&
      img.complete &&
      img.naturalWidth >= MIN_FINAL_WIDTH_PX,
  );
}

/** A new image whose every layer finished loading without pixels: its URL is not an image. */
function brokenImage(
  images: readonly ImageSnapshot[],
  baseline: ReadonlySet<string>,
): ImageSnapshot | undefined {
  const candidate = images.find(
    (img) => img.fileId !== undefined && !baseline.has(img.fileId) && !img.blurred,
  );
  if (candidate === undefined) return undefined;
  const layers = images.filter((img) => img.fileId === candidate.fileId);
  return layers.every((img) => img.complete && img.naturalWidth === 0) ? candidate : undefined;
}

/** A finished, sharp generated image whose src is not an estuary URL (so it has no file id). */
function foreignImage(images: readonly ImageSnapshot[]): ImageSnapshot | undefined {
  return images.find(
    (img) =>
      img.fileId === undefined &&
      img.src !== '' &&
      !img.blurred &&
      img.complete &&
      img.naturalWidth >= MIN_FINAL_WIDTH_PX,
  );
}

/**
 * While waiting for the image. Order matters: states that stop the run first, then a finished
 * image (a late image wins over any text), then what the reply says.
 */
export function classifyGeneration(
  state: PageSnapshot,
  texts: Texts,
  baseline: ReadonlySet<string>,
): GenerationVerdict {
  const blocker = findBlocker(state, texts);
  if (blocker) return blocker;
  const busy = state.stop || state.loading !== undefined;
  // Only the estuary endpoint names an image by its file id; anything else is foreign.
  const images = state.images.map((img) =>
    img.fileId === undefined || isEstuaryUrl(img.src) ? img : { ...img, fileId: undefined },
  );
  const image = busy ? undefined : finishedImage(images, baseline);
  if (image?.fileId) return { kind: 'done', fileId: image.fileId, src: image.src };
  const broken = busy ? undefined : brokenImage(images, baseline);
  if (broken?.fileId) return { kind: 'broken', fileId: broken.fileId, src: broken.src };
  const foreign = busy ? undefined : foreignImage(images);
  if (foreign) return { kind: 'foreign', src: foreign.src };
  const error = findText(`${state.noticeText}\n${state.assistantText}`, texts.errorText);
  if (error) return { kind: 'error', detail: error };
  // A refusal is a finished text-only reply; words like "content policy" in a reply that is
  // still being written, next to an image in the making, are not one.
  if (busy) {
    return { kind: 'generating', detail: state.loading?.text || 'reply streaming' };
  }
  const refusal = findText(state.assistantText, texts.refusalText);
  if (refusal) return { kind: 'refused', detail: excerpt(state.assistantText, refusal) };
  const deferred = findText(state.assistantText, texts.deferredText);
  if (deferred) return { kind: 'deferred', detail: deferred };
  return { kind: 'idle' };
}

/** After a timeout, on the conversation page: is the image there now? */
export type RecoveryVerdict =
  | Blocker
  | { kind: 'done'; fileId: string; src: string }
  | { kind: 'rendering' }
  | { kind: 'generating' }
  | { kind: 'absent'; detail: string };

/** For recovery: a finished image, still generating, none, or the page not rendered yet. */
export function classifyRecovery(state: PageSnapshot, texts: Texts): RecoveryVerdict {
  const blocker = findBlocker(state, texts);
  if (blocker) return blocker;
  if (state.assistantTurns === 0) return { kind: 'rendering' };
  if (state.stop || state.loading) return { kind: 'generating' };
  const image = finishedImage(state.images, new Set());
  if (image?.fileId) return { kind: 'done', fileId: image.fileId, src: image.src };
  const loadingImage = state.images.some((img) => img.fileId && !img.blurred && !img.complete);
  if (loadingImage) return { kind: 'rendering' };
  return { kind: 'absent', detail: 'no finished image in the conversation' };
}

/**
 * A Playwright call given the budget's remaining time can time out a moment before the budget's
 * own timer fires. A Playwright timeout with this little left counts as the budget running out.
 */
export const BUDGET_SLACK_MS = 1_000;

/** What ended an attempt, before it becomes a typed error. */
export type FailureKind =
  | 'timeout'
  | 'dom_detached'
  | 'browser_unreachable'
  | 'tab_closed'
  | 'generation_error'
  /** A programming error: passes through unchanged. */
  | 'bug';

export interface FailureFacts {
  error: unknown;
  /** The attempt budget's own timer fired. */
  budgetExpired: boolean;
  /** What was left of the budget when the error arrived. */
  remainingMs: number;
  /** False once Playwright reports the browser disconnected. */
  browserConnected: boolean;
}

/** True when the budget is spent, even if a Playwright timeout beat the budget's own timer. */
export function budgetSpent(facts: Omit<FailureFacts, 'browserConnected'>): boolean {
  return (
    facts.budgetExpired ||
    (isPlaywrightTimeout(facts.error) && facts.remainingMs <= BUDGET_SLACK_MS)
  );
}

/**
 * The kind of an untyped error that ended an attempt (typed errors and Ctrl-C are settled
 * before this). Only an element replaced by a re-render is `dom_detached`; a detached frame or
 * target is a lost tab.
 */
export function classifyFailure(facts: FailureFacts): FailureKind {
  const { error } = facts;
  if (budgetSpent(facts)) return 'timeout';
  if (isDetachedError(error)) return 'dom_detached';
  if (isTargetClosed(error)) return facts.browserConnected ? 'tab_closed' : 'browser_unreachable';
  if (error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError)
    return 'bug';
  return 'generation_error';
}
