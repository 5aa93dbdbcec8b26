import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { XhsNewsError } from '../../src/errors.js';
import { diagnoseChatgpt } from '../../src/images/chatgpt/doctor.js';
import { DEFAULT_SELECTORS } from '../../src/images/chatgpt/selectors.js';
import { codeOf, useChatgptAttemptWorld } from '../support/chatgpt-attempt-world.js';

// One Chromium for the file; a fresh fake per test so scripts and events never mix.
const world = useChatgptAttemptWorld();
const { request, attemptContext, provider, attemptWith, expectEvidence } = world;

describe('manual mode during a generation', () => {
  it('waits on a challenge that appears while the image is made, then takes the image', async () => {
    const topic = 'mid-check';
    world.fake.script(topic, ['slow']);
    const req = request(topic);
    const { context } = attemptContext(req);
    const attempt = provider({ manualTimeoutMs: 20_000 }).attempt(req, context);

    // Once the conversation has its id, the site challenges the next page load of our tab.
    const ours = () =>
      world.session.context
        .pages()
        .find((p) => p !== world.userTabs.blank && p !== world.userTabs.chat);
    await expect
      .poll(() => ours()?.url() ?? '', { timeout: 10_000 })
      .toMatch(/\/c\/[0-9a-f-]{36}$/);
    world.fake.setPageState('cloudflare');
    await ours()?.reload();
    // The person passes the check a while after the driver has seen it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    world.fake.solve();

    const image = await attempt;
    expect(world.fake.finalImages.get(image.fileId ?? '')?.equals(image.original)).toBe(true);
  });
});

describe('the attempt budget', () => {
  it('ends a hung generation as timeout within its budget plus the evidence time, and closes its tab', async () => {
    const { error, dir, elapsedMs } = await attemptWith(
      'hang',
      provider({ attemptTimeoutMs: 3_000 }),
    );
    expect(codeOf(error)).toBe('timeout');
    // The README's bound for one attempt: its budget plus at most 10 s to save the evidence.
    expect(elapsedMs).toBeLessThan(3_000 + 10_000);
    expect((error as XhsNewsError).url).toMatch(/^https:\/\/chatgpt\.com\/c\//);
    await expectEvidence(dir, 'failed', 'timeout');
    await expect.poll(() => world.fake.events.some((e) => e.type === 'tab_closed')).toBe(true);
  });

  it('recovers a slow image that finished after the attempt timed out', async () => {
    const p = provider({ attemptTimeoutMs: 3_000 });
    const { error } = await attemptWith('slow', p);
    expect(codeOf(error)).toBe('timeout');
    const url = (error as XhsNewsError).url ?? '';
    await expect
      .poll(() => world.fake.events.some((e) => e.type === 'image_final'), { timeout: 10_000 })
      .toBe(true);
    const req = request('recovered');
    const { context, dir } = attemptContext(req);
    const image = await p.recover?.(req, url, context);
    const finalId = world.fake.events.find((e) => e.type === 'image_final')?.fileId ?? '';
    expect(image?.fileId).toBe(finalId);
    expect(image?.original.equals(world.fake.finalImages.get(finalId) ?? Buffer.alloc(0))).toBe(
      true,
    );
    const summary = JSON.parse(await readFile(path.join(dir, 'attempt.json'), 'utf8')) as {
      outcome: string;
    };
    expect(summary.outcome).toBe('recovered');
  });

  it('stops a timed-out generation that is still running when it looks before a retry', async () => {
    const p = provider({ attemptTimeoutMs: 3_000 });
    const { error } = await attemptWith('hang', p);
    expect(codeOf(error)).toBe('timeout');
    const url = (error as XhsNewsError).url ?? '';
    expect(world.fake.events.some((e) => e.type === 'stop_pressed')).toBe(false);

    const req = request('hang-recovery');
    const image = await p.recover?.(req, url, attemptContext(req).context);

    expect(image).toBeUndefined();
    const conversationId = url.split('/c/')[1];
    expect(world.fake.events).toContainEqual(
      expect.objectContaining({ type: 'stop_pressed', detail: conversationId }),
    );
  });

  it('stops the generation and rethrows the abort on Ctrl-C', async () => {
    const controller = new AbortController();
    world.fake.script('interrupted', ['hang']);
    const req = request('interrupted');
    const { context } = attemptContext(req, controller.signal);
    setTimeout(() => controller.abort(new DOMException('interrupted', 'AbortError')), 2_500);
    const error = await provider()
      .attempt(req, context)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as Error).name).toBe('AbortError');
    expect(world.fake.events.some((e) => e.type === 'stop_pressed')).toBe(true);
  });
});

describe('doctor', () => {
  const cases: ['ok' | 'logged_out' | 'cloudflare' | 'redesigned', boolean[]][] = [
    ['ok', [true, true, true]],
    ['logged_out', [false, true, false]],
    ['cloudflare', [false, false, false]],
    ['redesigned', [true, true, false]],
  ];
  it.each(cases)(
    'on a %s page reports logged in, no challenge, composer as %j',
    async (state, oks) => {
      world.fake.setPageState(state);
      const checks = await diagnoseChatgpt(
        world.session,
        DEFAULT_SELECTORS,
        new AbortController().signal,
      );
      expect(checks.map((c) => c.name)).toEqual([
        'ChatGPT logged in',
        'no Cloudflare challenge',
        'chat composer found',
      ]);
      expect(checks.map((c) => c.ok)).toEqual(oks);
      for (const check of checks) if (!check.ok) expect(check.fix).toBeTruthy();
    },
  );
});
