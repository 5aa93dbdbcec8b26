import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RateLimitedError, type XhsNewsError } from '../../src/errors.js';
import type { Behaviour } from '../fakes/chatgpt/index.js';
import { PROMPT, codeOf, useChatgptAttemptWorld } from '../support/chatgpt-attempt-world.js';

// One Chromium for the file; a fresh fake per test so scripts and events never mix.
const world = useChatgptAttemptWorld();
const { request, attemptContext, provider, attemptWith, expectEvidence } = world;

describe('a successful attempt', () => {
  it('saves the final image byte for byte, not the earlier image nor a preview', async () => {
    const { image, error, dir } = await attemptWith('ok');
    expect(error).toBeUndefined();
    expect(image?.fileId).toBeDefined();
    const served = world.fake.finalImages.get(image?.fileId ?? '');
    expect(served).toBeDefined();
    expect(image?.original.equals(served ?? Buffer.alloc(0))).toBe(true);
    const previews = world.fake.events
      .filter((e) => e.type === 'preview_shown')
      .map((e) => e.fileId);
    expect(previews).not.toContain(image?.fileId);
    expect(image?.originalExt).toBe('png');
    expect(image?.conversationUrl).toMatch(/^https:\/\/chatgpt\.com\/c\/[0-9a-f-]+$/);
    await expectEvidence(dir, 'ok');
  });

  it('keeps the image and warns with the post id when its evidence cannot be saved', async () => {
    const lines: { level: number; postId?: string; msg: string }[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
          done();
        },
      }),
    );
    world.fake.script('no-evidence', ['ok']);
    const req = request('no-evidence');
    const { context } = attemptContext(req);
    const image = await provider().attempt(req, {
      ...context,
      log,
      evidenceDir: () => Promise.reject(new Error('EACCES: permission denied')),
    });
    expect(world.fake.finalImages.has(image.fileId ?? '')).toBe(true);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.postId).toBe(req.postId);
    expect(warnings[0]?.msg).toContain('permission denied');
  });

  it('makes a 1080×1440 cover', async () => {
    const { image } = await attemptWith('ok');
    const sharp = (await import('sharp')).default;
    const meta = await sharp(image?.cover).metadata();
    expect([meta.width, meta.height]).toEqual([1080, 1440]);
  });

  it('gets through constant re-rendering of the image and turn nodes', async () => {
    const { image, error } = await attemptWith('rerender');
    expect(error).toBeUndefined();
    expect(
      image?.original.equals(world.fake.finalImages.get(image.fileId ?? '') ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('waits through a deferred generation and takes the late image', async () => {
    const { image, error } = await attemptWith('deferred');
    expect(error).toBeUndefined();
    expect(world.fake.finalImages.has(image?.fileId ?? '')).toBe(true);
  });
});

describe('what the real page does that an easy fake would not', () => {
  it('types the prompt again when the app wipes what was typed before it hydrated', async () => {
    const hydrationMs = world.fake.timing.hydrationMs;
    world.fake.timing.hydrationMs = 1_500;
    try {
      const { image, error, dir } = await attemptWith('ok');
      expect(error).toBeUndefined();
      expect(world.fake.finalImages.has(image?.fileId ?? '')).toBe(true);
      const sent = world.fake.events.filter((e) => e.type === 'send').map((e) => e.prompt);
      expect(sent).toEqual([expect.stringContaining(PROMPT)]);
      expect(sent[0]?.startsWith(PROMPT)).toBe(true);
      const summary = JSON.parse(await readFile(path.join(dir, 'attempt.json'), 'utf8')) as {
        steps: { step: string; detail?: string }[];
      };
      expect(summary.steps.filter((s) => s.step === 'type')).toHaveLength(2);
    } finally {
      world.fake.timing.hydrationMs = hydrationMs;
    }
  });

  it('keeps typing until a page that hydrates late keeps the prompt, instead of calling it changed', async () => {
    const hydrationMs = world.fake.timing.hydrationMs;
    world.fake.timing.hydrationMs = 4_500;
    try {
      const { image, error } = await attemptWith('ok');
      expect(error).toBeUndefined();
      expect(world.fake.finalImages.has(image?.fileId ?? '')).toBe(true);
      expect(world.fake.events.filter((e) => e.type === 'send')).toHaveLength(1);
    } finally {
      world.fake.timing.hydrationMs = hydrationMs;
    }
  });

  it('saves the new image, not the earlier one the new chat still shows in main', async () => {
    world.fake.setPageState('earlier_image');
    const { image, error } = await attemptWith('ok');
    expect(error).toBeUndefined();
    const finalId = world.fake.events.find((e) => e.type === 'image_final')?.fileId;
    expect(image?.fileId).toBe(finalId);
    expect(
      image?.original.equals(world.fake.finalImages.get(finalId ?? '') ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('gets through a full page load of the conversation after sending', async () => {
    const { image, error } = await attemptWith('navigate');
    expect(error).toBeUndefined();
    expect(
      world.fake.events.some(
        (e) => e.type === 'page_view' && /\/c\/[0-9a-f-]{36}$/.test(e.detail ?? ''),
      ),
    ).toBe(true);
    expect(
      image?.original.equals(world.fake.finalImages.get(image.fileId ?? '') ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('calls a send button that never enables a changed page, without sending', async () => {
    world.fake.setPageState('send_stuck');
    const { error, dir } = await attemptWith('ok');
    expect(codeOf(error)).toBe('page_changed');
    expect((error as Error).message).toContain('stayed disabled');
    expect(world.fake.events.some((e) => e.type === 'send')).toBe(false);
    await expectEvidence(dir, 'failed', 'page_changed', ['open', 'ready', 'type']);
  });
});

describe('failures the page shows', () => {
  const cases: [Behaviour, string][] = [
    ['refusal', 'content_refused'],
    ['plan_limit', 'rate_limited'],
    ['too_many_requests', 'rate_limited'],
    ['error', 'generation_error'],
    ['tiny', 'file_invalid'],
    ['html', 'file_invalid'],
    ['truncated', 'file_invalid'],
  ];
  it.each(cases)('%s ends as %s, with evidence', async (behaviour, code) => {
    const { error, dir } = await attemptWith(behaviour);
    expect(codeOf(error)).toBe(code);
    await expectEvidence(dir, 'failed', code);
  });

  it('never fetches a final image served outside the estuary endpoint, and stops the run', async () => {
    const { error, dir } = await attemptWith('foreign_src');
    expect(codeOf(error)).toBe('page_changed');
    expect((error as Error).message).toContain('not the estuary endpoint');
    const fetches = world.fake.events.filter((e) => e.type === 'foreign_fetched');
    expect(fetches.length).toBeGreaterThan(0);
    expect(fetches.every((e) => e.detail?.includes('dest=image'))).toBe(true);
    await expectEvidence(dir, 'failed', 'page_changed');
  });

  it('reports the plan limit reset time', async () => {
    const { error } = await attemptWith('plan_limit');
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetsIn).toBe('2 hours 14 minutes');
  });
});

describe('page states', () => {
  const cases: ['logged_out' | 'cloudflare' | 'redesigned', string][] = [
    ['logged_out', 'not_logged_in'],
    ['cloudflare', 'cloudflare'],
    ['redesigned', 'page_changed'],
  ];
  it.each(cases)('%s ends as %s without sending', async (state, code) => {
    world.fake.setPageState(state);
    const { error, dir } = await attemptWith('ok');
    expect(codeOf(error)).toBe(code);
    expect((error as XhsNewsError).scope).toBe('run');
    expect(world.fake.events.some((e) => e.type === 'send')).toBe(false);
    await expectEvidence(dir, 'failed', code, ['open']);
  });

  it('in manual mode waits on a challenge until the person solves it, then succeeds', async () => {
    world.fake.setPageState('cloudflare');
    const solver = setTimeout(() => world.fake.solve(), 1_000);
    const { image, error } = await attemptWith('ok', provider({ manualTimeoutMs: 20_000 }));
    clearTimeout(solver);
    expect(error).toBeUndefined();
    expect(world.fake.finalImages.has(image?.fileId ?? '')).toBe(true);
  });
});
