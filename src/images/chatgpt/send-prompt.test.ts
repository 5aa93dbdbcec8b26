import { describe, expect, it } from 'vitest';
import { SiteError } from '../../errors.js';
import { pageSnapshot } from '../../../test/support/page-snapshot.js';
import type { PageSnapshot } from './page-state.js';
import type { TabRun } from './run.js';
import { DEFAULT_SELECTORS } from './selectors.js';
import { sendPrompt } from './send-prompt.js';

const PROMPT = 'Create an image of a red kite.';

/** The new-chat page with the prompt typed and the send button not yet enabled. */
function snapshot(over: Partial<PageSnapshot>): PageSnapshot {
  return pageSnapshot({
    url: 'https://chatgpt.com/',
    composer: { selector: '#prompt-textarea', text: PROMPT, inScope: true },
    turns: 0,
    assistantTurns: 0,
    ...over,
  });
}

/**
 * A run whose reads give `states` in turn, then `undefined` (a read lost to a navigation) for
 * ever; it records clicks instead of making them.
 */
function stubRun(states: PageSnapshot[]) {
  const clicks: string[] = [];
  const queue = [...states];
  const run = {
    selectors: DEFAULT_SELECTORS,
    steps: { step: () => ({ atMs: 0, step: '' }) },
    signal: new AbortController().signal,
    budget: { deadlineMs: Date.now() + 60_000 },
    read: async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return queue.shift();
    },
    page: {
      locator: (selector: string) => ({
        first: () => ({
          click: () => {
            clicks.push(selector);
            return Promise.resolve();
          },
        }),
      }),
    },
    fail: (code: string, message: string) => new SiteError(code as never, message, {}),
  };
  return { run: run as unknown as TabRun, clicks };
}

describe('sendPrompt', () => {
  it('keeps the last state read when later reads are lost to a navigation', async () => {
    const { run, clicks } = stubRun([snapshot({})]);

    const error = await sendPrompt(run, '#prompt-textarea', PROMPT).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SiteError);
    expect((error as SiteError).code).toBe('page_changed');
    expect((error as Error).message).toContain('stayed disabled');
    expect((error as Error).message).not.toContain('no send button');
    expect(clicks).toEqual([]);
  });

  it('says the prompt did not land when the button stays disabled over an emptied composer', async () => {
    const emptied = snapshot({
      composer: { selector: '#prompt-textarea', text: '', inScope: true },
    });
    const { run, clicks } = stubRun([emptied]);

    const error = await sendPrompt(run, '#prompt-textarea', PROMPT).catch((e: unknown) => e);

    expect((error as SiteError).code).toBe('page_changed');
    expect((error as Error).message).toContain('the prompt did not land');
    expect(clicks).toEqual([]);
  });

  it('clicks the send button once the app enables it', async () => {
    const enabled = snapshot({ send: { selector: '#composer-submit-button', disabled: false } });
    const { run, clicks } = stubRun([snapshot({}), enabled]);

    await sendPrompt(run, '#prompt-textarea', PROMPT);

    expect(clicks).toEqual(['#composer-submit-button']);
  });
});
