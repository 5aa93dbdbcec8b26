import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImageGenerationAbandoned, SiteError, type ErrorCode } from '../errors.js';
import { createLogger, silentLogger } from '../log.js';
import { generateImage, type GenerateOptions } from './generate.js';
import type { GeneratedImage, ImageProvider, ImageRequest } from './provider.js';
import { testTempDir } from '../../test/support/temp-dir.js';

const request: ImageRequest = {
  postId: '20261203-abcdef0123',
  prompt: 'Create an image',
  headline: '标题',
  series: '每日新闻',
  source: '示例',
  dateText: '2026年12月3日',
};

const image: GeneratedImage = {
  original: Buffer.from('original'),
  originalExt: 'png',
  cover: Buffer.from('cover'),
};

/** A stand-in for one attempt: fails with the given codes in order, then succeeds. */
function standIn(codes: ErrorCode[], extra: Partial<ImageProvider> = {}) {
  const calls: number[] = [];
  const provider: ImageProvider = {
    name: 'chatgpt_images',
    attempt: (_request, context) => {
      calls.push(context.attempt);
      const code = codes[context.attempt - 1];
      if (code === undefined) return Promise.resolve(image);
      return Promise.reject(
        new SiteError(code, `${code} on attempt ${context.attempt}`, {
          url: `https://chatgpt.com/c/conversation-${context.attempt}`,
        }),
      );
    },
    close: () => Promise.resolve(),
    ...extra,
  };
  return { provider, calls };
}

/** A stand-in that fails once with `code` and whose look at the conversation finds the image. */
function lookingStandIn(code: ErrorCode) {
  const looked: string[] = [];
  const standing = standIn([code], {
    recover: (_request, url) => {
      looked.push(url);
      return Promise.resolve(image);
    },
  });
  return { ...standing, looked };
}

async function options(overrides: Partial<GenerateOptions> = {}): Promise<GenerateOptions> {
  const postDir = await testTempDir('generate');
  return {
    maxAttempts: 3,
    retrySleepMs: 0,
    signal: new AbortController().signal,
    log: silentLogger(),
    postDir,
    makeEvidenceDir: (runId) => Promise.resolve(path.join(postDir, 'evidence', `ai_${runId}`)),
    label: '[1/1] 标题',
    ...overrides,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('generateImage (requirements 6.1)', () => {
  it('retries two timeouts and succeeds on the third attempt', async () => {
    const { provider, calls } = standIn(['timeout', 'timeout']);
    const outcome = await generateImage(provider, request, await options());
    expect(outcome.ok).toBe(true);
    expect(outcome.attempts).toBe(3);
    expect(outcome.failures.map((f) => f.code)).toEqual(['timeout', 'timeout']);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('gives up with ImageGenerationAbandoned after three timeouts', async () => {
    const { provider, calls } = standIn(['timeout', 'timeout', 'timeout']);
    const outcome = await generateImage(provider, request, await options());
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(ImageGenerationAbandoned);
    expect(outcome.error.code).toBe('image_abandoned');
    expect((outcome.error as ImageGenerationAbandoned).attempts).toBe(3);
    expect(outcome.attempts).toBe(3);
    expect(outcome.giveUp).toBe(true);
    expect(outcome.failures).toHaveLength(3);
    expect(calls).toHaveLength(3);
  });

  it('calls the attempt exactly once when the page is not logged in', async () => {
    const { provider, calls } = standIn(['not_logged_in']);
    const outcome = await generateImage(provider, request, await options());
    expect(calls).toEqual([1]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('not_logged_in');
    expect(outcome.giveUp).toBe(false);
  });
});

describe('generateImage', () => {
  it.each(['timeout', 'file_invalid', 'dom_detached', 'generation_error'] as const)(
    'retries %s',
    async (code) => {
      const { provider, calls } = standIn([code]);
      const outcome = await generateImage(provider, request, await options());
      expect(outcome.ok).toBe(true);
      expect(calls).toEqual([1, 2]);
    },
  );

  it.each([
    'content_refused',
    'cloudflare',
    'page_changed',
    'rate_limited',
    'browser_unreachable',
  ] as const)('does not retry %s', async (code) => {
    const { provider, calls } = standIn([code]);
    const outcome = await generateImage(provider, request, await options());
    expect(outcome.ok).toBe(false);
    expect(calls).toEqual([1]);
  });

  it('gives up on a refused post without retrying it', async () => {
    const { provider } = standIn(['content_refused']);
    const outcome = await generateImage(provider, request, await options());
    expect(outcome.ok === false && outcome.giveUp).toBe(true);
  });

  it('never retries when one attempt is allowed', async () => {
    const { provider, calls } = standIn(['timeout']);
    const outcome = await generateImage(provider, request, await options({ maxAttempts: 1 }));
    expect(outcome.ok).toBe(false);
    expect(calls).toEqual([1]);
    if (!outcome.ok) expect(outcome.error).toBeInstanceOf(ImageGenerationAbandoned);
  });

  it('keeps the last three failures with their evidence folders', async () => {
    const { provider } = standIn([
      'timeout',
      'file_invalid',
      'timeout',
      'generation_error',
      'timeout',
    ]);
    const base = await options({ maxAttempts: 5 });
    const recording: ImageProvider = {
      ...provider,
      attempt: async (req, context) => {
        await context.evidenceDir();
        return provider.attempt(req, context);
      },
    };
    const outcome = await generateImage(recording, request, base);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(5);
    expect(outcome.failures.map((f) => f.attempt)).toEqual([3, 4, 5]);
    for (const failure of outcome.failures) {
      expect(failure.evidence).toMatch(/^evidence[/\\]ai_\d{8}T\d{9}Z-[0-9a-f]{4}$/);
    }
  });

  it('waits the retry sleep between attempts', async () => {
    vi.useFakeTimers();
    const { provider, calls } = standIn(['timeout']);
    const running = generateImage(provider, request, await options({ retrySleepMs: 2_000 }));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await running).ok).toBe(true);
    expect(calls).toEqual([1, 2]);
  });

  it('ends the retry sleep at once when interrupted', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { provider, calls } = standIn(['timeout']);
    const running = generateImage(
      provider,
      request,
      await options({ retrySleepMs: 60_000, signal: controller.signal }),
    );
    const settled = expect(running).rejects.toThrow(/interrupted/);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new DOMException('interrupted', 'AbortError'));
    await settled;
    expect(calls).toEqual([1]);
  });

  it.each(['timeout', 'file_invalid', 'dom_detached'] as const)(
    "takes the earlier conversation's image after %s instead of paying for a new one",
    async (code) => {
      const { provider, calls, looked } = lookingStandIn(code);
      const outcome = await generateImage(provider, request, await options());
      expect(calls).toEqual([1]);
      expect(looked).toEqual(['https://chatgpt.com/c/conversation-1']);
      expect(outcome).toMatchObject({ ok: true, attempts: 1, recoveredFrom: 1 });
    },
  );

  it('generates again at once after the page said the generation failed', async () => {
    const { provider, calls, looked } = lookingStandIn('generation_error');
    const outcome = await generateImage(provider, request, await options());
    expect(looked).toEqual([]);
    expect(calls).toEqual([1, 2]);
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
  });

  it('generates again when the timed-out conversation has no image yet', async () => {
    const { provider, calls } = standIn(['timeout'], { recover: () => Promise.resolve(undefined) });
    const outcome = await generateImage(provider, request, await options());
    expect(calls).toEqual([1, 2]);
    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
  });

  it('says on the console which attempt failed and when it retries', async () => {
    const human = new PassThrough();
    const lines: string[] = [];
    human.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const { provider } = standIn(['timeout']);
    await generateImage(
      provider,
      request,
      await options({ retrySleepMs: 0, log: createLogger({ level: 'info', human }) }),
    );
    expect(lines.join('')).toContain(
      '[1/1] 标题: image attempt 1/3 failed (timeout: timeout on attempt 1); retrying in 0 s',
    );
  });
});
