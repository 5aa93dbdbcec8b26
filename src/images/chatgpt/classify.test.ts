import { describe, expect, it } from 'vitest';
import {
  BUDGET_SLACK_MS,
  budgetSpent,
  classifyFailure,
  classifyGeneration,
  classifyReady,
  classifyRecovery,
  findText,
  generationStarted,
  resetTimeOf,
} from './classify.js';
import { pageSnapshot } from '../../../test/support/page-snapshot.js';
import type { ImageSnapshot } from './page-state.js';
import { DEFAULT_SELECTORS } from './selectors.js';

const texts = DEFAULT_SELECTORS;
const estuary = (id: string) => `https://chatgpt.com/backend-api/estuary/content?id=${id}&sig=abc`;

function image(fileId: string, over: Partial<ImageSnapshot> = {}): ImageSnapshot {
  return {
    fileId,
    src: estuary(fileId),
    alt: 'Generated image: a cat',
    complete: true,
    naturalWidth: 1024,
    blurred: false,
    ...over,
  };
}

const noBaseline = new Set<string>();

describe('classifyReady', () => {
  it('is ready once the composer is there', () => {
    expect(classifyReady(pageSnapshot(), texts)).toEqual({ kind: 'ready' });
  });

  it('waits while the app has not rendered a composer', () => {
    expect(classifyReady(pageSnapshot({ composer: undefined }), texts).kind).toBe('pending');
  });

  it('sees the Cloudflare interstitial by its title even without marker elements', () => {
    const state = pageSnapshot({ composer: undefined, title: 'Just a moment...' });
    expect(classifyReady(state, texts).kind).toBe('cloudflare');
  });

  it('sees the Cloudflare interstitial by "Verify you are human" in the body', () => {
    const state = pageSnapshot({ composer: undefined, bodyText: 'Please Verify you are human' });
    expect(classifyReady(state, texts).kind).toBe('cloudflare');
  });

  it('calls a visible "Log in" button a login wall even when a composer exists', () => {
    expect(classifyReady(pageSnapshot({ loginButton: true }), texts).kind).toBe('not_logged_in');
  });

  it('calls the auth.openai.com host a login wall', () => {
    const state = pageSnapshot({ url: 'https://auth.openai.com/log-in', composer: undefined });
    expect(classifyReady(state, texts).kind).toBe('not_logged_in');
  });
});

describe('classifyGeneration', () => {
  it('is done with a new, complete, sharp image of full width', () => {
    const state = pageSnapshot({ images: [image('file_new')] });
    expect(classifyGeneration(state, texts, noBaseline)).toEqual({
      kind: 'done',
      fileId: 'file_new',
      src: estuary('file_new'),
    });
  });

  it('never takes an image that was on the page before sending', () => {
    const state = pageSnapshot({ images: [image('file_old')] });
    expect(classifyGeneration(state, texts, new Set(['file_old'])).kind).toBe('idle');
  });

  it('never takes a blurred preview, even at 512 px', () => {
    const state = pageSnapshot({
      images: [image('file_preview', { blurred: true, naturalWidth: 512 })],
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('idle');
  });

  it('waits for an image that is not loaded yet or is a small thumbnail', () => {
    const loading = pageSnapshot({
      images: [image('file_a', { complete: false, naturalWidth: 0 })],
    });
    const thumb = pageSnapshot({ images: [image('file_b', { naturalWidth: 128 })] });
    expect(classifyGeneration(loading, texts, noBaseline).kind).toBe('idle');
    expect(classifyGeneration(thumb, texts, noBaseline).kind).toBe('idle');
  });

  it('takes an image whose decorative layer is blurred when another layer is sharp', () => {
    const layers = [image('file_x', { blurred: true, alt: '' }), image('file_x')];
    expect(classifyGeneration(pageSnapshot({ images: layers }), texts, noBaseline).kind).toBe(
      'done',
    );
  });

  it('is still generating while the stop button or the loading state is shown', () => {
    const stop = pageSnapshot({ stop: true, images: [image('file_new')] });
    const loading = pageSnapshot({
      loading: { selector: '[data-testid="image-gen-loading-state"]', text: 'Creating image 37%' },
    });
    expect(classifyGeneration(stop, texts, noBaseline).kind).toBe('generating');
    expect(classifyGeneration(loading, texts, noBaseline)).toEqual({
      kind: 'generating',
      detail: 'Creating image 37%',
    });
  });

  it('keeps waiting on a deferred generation instead of calling it a refusal', () => {
    const state = pageSnapshot({
      assistantText: 'Processing image. Lots of people are creating images right now…',
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('deferred');
  });

  it('takes the late image of a deferred generation', () => {
    const state = pageSnapshot({
      assistantText: 'Processing image. Lots of people are creating images right now…',
      images: [image('file_late')],
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('done');
  });

  it('reads a content-policy reply as a refusal', () => {
    const state = pageSnapshot({
      assistantText: "I can't generate that image because it violates our content policy.",
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('refused');
  });

  it('keeps waiting while a reply that mentions the content policy is still being made', () => {
    const state = pageSnapshot({
      stop: true,
      loading: { selector: '[data-testid="image-gen-loading-state"]', text: 'Creating image 10%' },
      assistantText: 'Here is a poster that follows our content policy on news imagery.',
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('generating');
  });

  it('does not read everyday wording of a reply as a plan limit', () => {
    const state = pageSnapshot({
      stop: true,
      assistantText: "You've hit the nail on the head: image generation requests like this work.",
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('generating');
  });

  it('reads the plan limit with its reset time, typographic apostrophe included', () => {
    const state = pageSnapshot({
      assistantText:
        'You\u2019ve hit the Plus plan limit for image generation requests. You can create more ' +
        'images when the limit resets in 2 hours 14 minutes.',
    });
    const verdict = classifyGeneration(state, texts, noBaseline);
    expect(verdict).toMatchObject({ kind: 'rate_limited', resetsIn: '2 hours 14 minutes' });
  });

  it('reads the "Too many requests" dialog as a rate limit', () => {
    const state = pageSnapshot({
      noticeText: "Too many requests You're making requests too quickly.",
    });
    expect(classifyGeneration(state, texts, noBaseline)).toMatchObject({
      kind: 'rate_limited',
      resetsIn: undefined,
    });
  });

  it('reads "Something went wrong" as a generation error', () => {
    const state = pageSnapshot({
      assistantText: 'Something went wrong while generating the image.',
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('error');
  });

  it('sees a login wall that appears mid-generation', () => {
    const state = pageSnapshot({ loginButton: true, stop: true });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('not_logged_in');
  });
});

describe('generationStarted', () => {
  it('is false while the prompt is still in the composer', () => {
    const state = pageSnapshot({
      composer: { selector: '#prompt-textarea', text: 'a cat', inScope: true },
      stop: true,
    });
    expect(generationStarted(state, 0)).toBe(false);
  });

  it('is true once the composer emptied and the stop button showed', () => {
    const state = pageSnapshot({ url: 'https://chatgpt.com/', stop: true, assistantTurns: 0 });
    expect(generationStarted(state, 0)).toBe(true);
  });

  it('is false on a fresh page with an empty composer and nothing new', () => {
    const state = pageSnapshot({ url: 'https://chatgpt.com/', assistantTurns: 0 });
    expect(generationStarted(state, 0)).toBe(false);
  });
});

describe('classifyRecovery', () => {
  it('finds the finished image of the conversation', () => {
    expect(classifyRecovery(pageSnapshot({ images: [image('file_late')] }), texts).kind).toBe(
      'done',
    );
  });

  it('waits while the conversation has not rendered its turns', () => {
    expect(classifyRecovery(pageSnapshot({ assistantTurns: 0, turns: 0 }), texts).kind).toBe(
      'rendering',
    );
  });

  it('reports a conversation that is still generating as such, not as a finished image', () => {
    const state = pageSnapshot({ stop: true, images: [image('file_late')] });
    expect(classifyRecovery(state, texts).kind).toBe('generating');
  });
});

describe('text helpers', () => {
  it('matches case-insensitively', () => {
    expect(findText('SOMETHING WENT WRONG', ['something went wrong'])).toBe('something went wrong');
  });

  it('returns no reset time when the text names none', () => {
    expect(resetTimeOf('You hit the limit.', DEFAULT_SELECTORS.rateLimitResetPattern)).toBe(
      undefined,
    );
  });
});

describe('images outside the estuary', () => {
  it('calls a finished generated image served from elsewhere foreign, so it is never fetched', () => {
    const src = 'https://chatgpt.com/backend-api/files/download?id=file_x&sig=1';
    const state = pageSnapshot({ images: [image('file_x', { fileId: undefined, src })] });
    expect(classifyGeneration(state, texts, noBaseline)).toEqual({ kind: 'foreign', src });
  });

  it('calls an image on another host foreign even when its path looks like the estuary', () => {
    const src = 'https://evil.example/backend-api/estuary/content?id=file_x&sig=1';
    const state = pageSnapshot({ images: [image('file_x', { src })] });
    expect(classifyGeneration(state, texts, noBaseline)).toEqual({ kind: 'foreign', src });
  });

  it('prefers a finished estuary image over a foreign one', () => {
    const foreign = image('file_y', { fileId: undefined, src: 'https://example.com/y.png' });
    const state = pageSnapshot({ images: [foreign, image('file_new')] });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('done');
  });
});

describe('broken images', () => {
  it('calls a new image that loaded without pixels broken, so its bytes get checked', () => {
    const state = pageSnapshot({ images: [image('file_html', { naturalWidth: 0 })] });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('broken');
  });

  it('does not call an image broken while it is still loading', () => {
    const state = pageSnapshot({
      images: [image('file_slow', { complete: false, naturalWidth: 0 })],
    });
    expect(classifyGeneration(state, texts, noBaseline).kind).toBe('idle');
  });
});

function playwrightTimeout(message: string): Error {
  const error = new Error(message);
  error.name = 'TimeoutError';
  return error;
}

describe('classifyFailure', () => {
  const facts = (error: unknown, over: { remainingMs?: number; budgetExpired?: boolean } = {}) => ({
    error,
    budgetExpired: false,
    remainingMs: 120_000,
    browserConnected: true,
    ...over,
  });

  it('calls an element replaced by a re-render dom_detached', () => {
    for (const message of [
      'locator.click: Element is not attached to the DOM',
      'elementHandle.click: Element is detached from document',
      'element is not attached to the DOM',
    ]) {
      expect(classifyFailure(facts(new Error(message)))).toBe('dom_detached');
    }
  });

  it('calls a detached frame or target a lost tab, not a re-render', () => {
    for (const message of ['page.evaluate: Frame was detached', 'Target detached']) {
      expect(classifyFailure(facts(new Error(message)))).toBe('tab_closed');
      expect(classifyFailure({ ...facts(new Error(message)), browserConnected: false })).toBe(
        'browser_unreachable',
      );
    }
  });

  it('calls a Playwright timeout that fired just before the budget ran out a timeout', () => {
    const error = playwrightTimeout('page.goto: Timeout 300000ms exceeded.');
    expect(classifyFailure(facts(error, { remainingMs: 3 }))).toBe('timeout');
    expect(classifyFailure(facts(error, { remainingMs: BUDGET_SLACK_MS }))).toBe('timeout');
    expect(budgetSpent(facts(error, { remainingMs: 0 }))).toBe(true);
  });

  it('keeps a Playwright timeout with most of the budget left a generation error', () => {
    const error = playwrightTimeout('locator.focus: Timeout 5000ms exceeded.');
    expect(classifyFailure(facts(error, { remainingMs: 200_000 }))).toBe('generation_error');
    expect(budgetSpent(facts(error, { remainingMs: 200_000 }))).toBe(false);
  });

  it('calls any error after the budget timer fired a timeout', () => {
    expect(classifyFailure(facts(new Error('whatever'), { budgetExpired: true }))).toBe('timeout');
  });

  it('lets programming errors through as bugs', () => {
    expect(classifyFailure(facts(new TypeError('x is undefined')))).toBe('bug');
  });
});
