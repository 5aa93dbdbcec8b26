import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SiteError, type ErrorCode } from '../errors.js';
import type { Candidate } from '../feeds/candidate.js';
import type { ImageProvider } from '../images/provider.js';
import { silentLogger } from '../log.js';
import { createLocalPublisher } from '../publish/local/publisher.js';
import { postIdFor } from '../records/ids.js';
import { PostStore } from '../records/store.js';
import { makePost, type PostContext } from './make-post.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-make-post-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const candidate: Candidate = {
  id: 'story-1',
  title: '热榜上的一条新闻',
  summary: '摘要',
  url: 'https://example.com/a',
  source: '热榜',
  publishedAt: '2026-12-04T08:00:00.000Z',
  dateKnown: false,
  sourceRank: 0,
  coverage: 1,
  raw: {},
};

/** A provider whose every attempt times out, after awaiting `onAttempt` as each one starts. */
function timingOut(onAttempt: (attempt: number) => Promise<void> = async () => {}): ImageProvider {
  return {
    name: 'chatgpt_images',
    attempt: async (_request, context) => {
      await onAttempt(context.attempt);
      throw new SiteError('timeout', 'no finished image within 5 s');
    },
    close: () => Promise.resolve(),
  };
}

function contextWith(overrides: Partial<PostContext>): PostContext {
  return {
    store: new PostStore(dataDir),
    provider: timingOut(),
    publisher: createLocalPublisher(),
    series: '每日新闻',
    runId: '20261204T080000000Z-abcd',
    assets: [],
    maxAttempts: 3,
    retrySleepMs: 0,
    signal: new AbortController().signal,
    log: silentLogger(),
    ...overrides,
  };
}

describe('makePost', () => {
  it('keeps the failed attempts in the record when Ctrl-C comes during the retry sleep', async () => {
    const controller = new AbortController();
    const context = contextWith({ signal: controller.signal, retrySleepMs: 60_000 });
    const store = context.store;
    const postId = postIdFor(candidate.id, candidate.publishedAt);
    // Ctrl-C once the first failure is on disk, while the loop sleeps before attempt 2.
    const pressed = (async () => {
      for (;;) {
        const record = await store.read(postId).catch(() => undefined);
        if (record?.platform.image_generate?.attempts === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      controller.abort();
    })();

    await expect(makePost(candidate, '[1/1] 热榜', context)).rejects.toThrow();
    await pressed;

    const record = await store.read(postId);
    expect(record?.status).toBe('failed');
    expect(record?.platform.image_generate).toMatchObject({
      attempts: 1,
      give_up: false,
      failed_code: 'interrupted',
      errors: [{ attempt: 1, code: 'timeout' }],
    });
  });

  it('writes each failed attempt to the record before the next attempt starts', async () => {
    const seen: (number | undefined)[] = [];
    const store = new PostStore(dataDir);
    const postId = postIdFor(candidate.id, candidate.publishedAt);
    const provider = timingOut(async (attempt) => {
      if (attempt > 1) seen.push((await store.read(postId))?.platform.image_generate?.attempts);
    });

    const outcome = await makePost(candidate, '[1/1] 热榜', contextWith({ store, provider }));

    expect(outcome.kind).toBe('failed');
    expect(seen).toEqual([1, 2]);
  });

  const runFatal: ErrorCode[] = [
    'not_logged_in',
    'cloudflare',
    'page_changed',
    'rate_limited',
    'browser_unreachable',
  ];
  it.each(runFatal)(
    'records a post stopped by %s as failed after one call, not given up, for the batch to stop',
    async (code) => {
      let calls = 0;
      const provider: ImageProvider = {
        name: 'chatgpt_images',
        attempt: () => {
          calls += 1;
          return Promise.reject(new SiteError(code, `the page said ${code}`));
        },
        close: () => Promise.resolve(),
      };

      const outcome = await makePost(candidate, '[1/1] 热榜', contextWith({ provider }));

      expect(calls).toBe(1);
      expect(outcome.kind === 'failed' && outcome.error.scope).toBe('run');
      expect(outcome.kind === 'failed' && outcome.record.platform.image_generate).toMatchObject({
        attempts: 1,
        give_up: false,
        failed_code: code,
      });
    },
  );

  it('picks up the post an earlier run started for a story without a date, on a later day', async () => {
    const store = new PostStore(dataDir);
    const first = await makePost(candidate, '[1/1] 热榜', contextWith({ store, maxAttempts: 1 }));
    expect(first.kind).toBe('failed');
    const earlierId = first.kind === 'failed' ? first.record.id : '';

    // The next day the undated story is first seen again, with a new time.
    const again = { ...candidate, publishedAt: '2026-12-05T08:00:00.000Z' };
    const knownPostIds = new Map([[candidate.id, earlierId]]);
    const second = await makePost(again, '[1/1] 热榜', contextWith({ store, knownPostIds }));

    expect(second.kind).toBe('failed');
    expect(second.kind === 'failed' && second.record.id).toBe(earlierId);
    const { records } = await store.list();
    expect(records).toHaveLength(1);
  });
});
