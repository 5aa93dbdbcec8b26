import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, sleep, startBudget } from './progress.js';

describe('waits longer than a Node timer holds', () => {
  it('keeps a budget of a month running instead of ending it at once', async () => {
    const budget = startBudget(new AbortController().signal, MAX_TIMER_MS * 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(budget.signal.aborted).toBe(false);
    expect(budget.expired).toBe(false);
    budget.dispose();
  });

  it('keeps a month-long sleep sleeping until Ctrl-C ends it', async () => {
    const controller = new AbortController();
    let woke = false;
    const sleeping = sleep(MAX_TIMER_MS * 2, controller.signal).then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    controller.abort();
    await expect(sleeping).rejects.toThrow();
  });
});
