import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToChrome, type ChromeSession } from '../../src/browser/connect.js';
import { XhsNewsError, RateLimitedError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { diagnoseChatgpt } from '../../src/images/chatgpt/doctor.js';
import { createChatgptProvider } from '../../src/images/chatgpt/provider.js';
import { DEFAULT_SELECTORS } from '../../src/images/chatgpt/selectors.js';
import type { AttemptContext, ImageProvider, ImageRequest } from '../../src/images/provider.js';
import { startChatgptFake, type Behaviour, type ChatgptFake } from '../fakes/chatgpt/index.js';
import { launchTestChrome, type TestChrome } from '../support/chromium.js';

// One Chromium for the file; a fresh fake per test so scripts and events never mix.
let chrome: TestChrome;
let session: ChromeSession;
let fake: ChatgptFake;
let dataDir: string;
let userTabs: { blank: Page; chat: Page };
let attemptNo = 0;

const PROMPT = 'Create an image with your image generation tool. Do not ask clarifying questions.';

function request(topic: string): ImageRequest {
  return {
    postId: `post-${topic}`,
    prompt: `${PROMPT} Topic: ${topic}. Portrait 3:4, no text.`,
    headline: topic,
    series: 'test',
    source: 'test',
    dateText: '2026-12-03',
  };
}

function attemptContext(req: ImageRequest, signal = new AbortController().signal) {
  attemptNo += 1;
  const dir = path.join(dataDir, 'posts', req.postId, 'evidence', `ai_run${attemptNo}`);
  const context: AttemptContext = {
    attempt: 1,
    runId: `run${attemptNo}`,
    signal,
    log: silentLogger(),
    evidenceDir: async () => {
      await mkdir(dir, { recursive: true });
      return dir;
    },
  };
  return { context, dir };
}

function provider(over: { attemptTimeoutMs?: number; manualTimeoutMs?: number } = {}) {
  return createChatgptProvider({
    session,
    attemptTimeoutMs: over.attemptTimeoutMs ?? 20_000,
    minBytes: 50_000,
    ...(over.manualTimeoutMs === undefined ? {} : { manualTimeoutMs: over.manualTimeoutMs }),
    selectors: DEFAULT_SELECTORS,
    log: silentLogger(),
  });
}

/** Runs one attempt with `behaviour` scripted for its topic; returns the image or the error. */
async function attemptWith(behaviour: Behaviour, p: ImageProvider = provider()) {
  const topic = `${behaviour}-${attemptNo + 1}`;
  fake.script(topic, [behaviour]);
  const req = request(topic);
  const { context, dir } = attemptContext(req);
  const startedMs = Date.now();
  try {
    const image = await p.attempt(req, context);
    return {
      image,
      error: undefined,
      dir,
      elapsedMs: Date.now() - startedMs,
    };
  } catch (error) {
    return {
      image: undefined,
      error,
      dir,
      elapsedMs: Date.now() - startedMs,
    };
  }
}

function codeOf(error: unknown): string | undefined {
  return error instanceof XhsNewsError ? error.code : undefined;
}

/** The evidence folder holds every file, the step log, and no planted secret anywhere. */
async function expectEvidence(
  dir: string,
  outcome: string,
  code?: string,
  steps = ['open', 'ready'],
) {
  const names = await readdir(dir);
  expect(names).toEqual(
    expect.arrayContaining([
      'attempt.json',
      'prompt.txt',
      'screenshot.png',
      'page.html',
      'console.txt',
    ]),
  );
  const summary = JSON.parse(await readFile(path.join(dir, 'attempt.json'), 'utf8')) as {
    outcome: string;
    error_code?: string;
    steps: { step: string }[];
  };
  expect(summary.outcome).toBe(outcome);
  expect(summary.error_code).toBe(code);
  expect(summary.steps.map((s) => s.step)).toEqual(expect.arrayContaining(steps));
  for (const name of names) {
    const text = (await readFile(path.join(dir, name))).toString('latin1');
    for (const secret of fake.plantedSecrets)
      expect(text, `${name} leaks a secret`).not.toContain(secret);
    expect(text, `${name} keeps an image signature`).not.toMatch(/(?:[?&]|&amp;)sig=[\w-]{6,}/);
  }
}

/** Only the user's two tabs are open, both where they were. */
function expectUserTabsUntouched() {
  const pages = session.context.pages();
  expect(pages).toHaveLength(2);
  expect(userTabs.blank.isClosed()).toBe(false);
  expect(userTabs.chat.isClosed()).toBe(false);
  expect(userTabs.blank.url()).toBe('about:blank');
  expect(userTabs.chat.url()).toMatch(/^https:\/\/chatgpt\.com\//);
}

beforeAll(async () => {
  fake = await startChatgptFake({
    generationMs: 800,
    slowMs: 5_000,
    deferredMs: 1_500,
    previewEveryMs: 200,
  });
  chrome = await launchTestChrome({ 'chatgpt.com': fake.port });
  session = await connectToChrome(chrome.cdpUrl, new AbortController().signal);
  const blank = session.context.pages()[0] ?? (await session.context.newPage());
  const chat = await session.context.newPage();
  await chat.goto('https://chatgpt.com/');
  userTabs = { blank, chat };
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-chatgpt-'));
});

afterAll(async () => {
  await session?.disconnect();
  await chrome?.close();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.setPageState('ok');
  fake.setDefault('ok');
  fake.events.length = 0;
});

afterEach(() => {
  expectUserTabsUntouched();
});

describe('a successful attempt', () => {
  it('saves the final image byte for byte, not the earlier image nor a preview', async () => {
    const { image, error, dir } = await attemptWith('ok');
    expect(error).toBeUndefined();
    expect(image?.fileId).toBeDefined();
    const served = fake.finalImages.get(image?.fileId ?? '');
    expect(served).toBeDefined();
    expect(image?.original.equals(served ?? Buffer.alloc(0))).toBe(true);
    const previews = fake.events.filter((e) => e.type === 'preview_shown').map((e) => e.fileId);
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
    fake.script('no-evidence', ['ok']);
    const req = request('no-evidence');
    const { context } = attemptContext(req);
    const image = await provider().attempt(req, {
      ...context,
      log,
      evidenceDir: () => Promise.reject(new Error('EACCES: permission denied')),
    });
    expect(fake.finalImages.has(image.fileId ?? '')).toBe(true);
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
      image?.original.equals(fake.finalImages.get(image.fileId ?? '') ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('waits through a deferred generation and takes the late image', async () => {
    const { image, error } = await attemptWith('deferred');
    expect(error).toBeUndefined();
    expect(fake.finalImages.has(image?.fileId ?? '')).toBe(true);
  });
});

describe('what the real page does that an easy fake would not', () => {
  it('types the prompt again when the app wipes what was typed before it hydrated', async () => {
    const hydrationMs = fake.timing.hydrationMs;
    fake.timing.hydrationMs = 1_500;
    try {
      const { image, error, dir } = await attemptWith('ok');
      expect(error).toBeUndefined();
      expect(fake.finalImages.has(image?.fileId ?? '')).toBe(true);
      const sent = fake.events.filter((e) => e.type === 'send').map((e) => e.prompt);
      expect(sent).toEqual([expect.stringContaining(PROMPT)]);
      expect(sent[0]?.startsWith(PROMPT)).toBe(true);
      const summary = JSON.parse(await readFile(path.join(dir, 'attempt.json'), 'utf8')) as {
        steps: { step: string; detail?: string }[];
      };
      expect(summary.steps.filter((s) => s.step === 'type')).toHaveLength(2);
    } finally {
      fake.timing.hydrationMs = hydrationMs;
    }
  });

  it('keeps typing until a page that hydrates late keeps the prompt, instead of calling it changed', async () => {
    const hydrationMs = fake.timing.hydrationMs;
    fake.timing.hydrationMs = 4_500;
    try {
      const { image, error } = await attemptWith('ok');
      expect(error).toBeUndefined();
      expect(fake.finalImages.has(image?.fileId ?? '')).toBe(true);
      expect(fake.events.filter((e) => e.type === 'send')).toHaveLength(1);
    } finally {
      fake.timing.hydrationMs = hydrationMs;
    }
  });

  it('saves the new image, not the earlier one the new chat still shows in main', async () => {
    fake.setPageState('earlier_image');
    const { image, error } = await attemptWith('ok');
    expect(error).toBeUndefined();
    const finalId = fake.events.find((e) => e.type === 'image_final')?.fileId;
    expect(image?.fileId).toBe(finalId);
    expect(image?.original.equals(fake.finalImages.get(finalId ?? '') ?? Buffer.alloc(0))).toBe(
      true,
    );
  });

  it('gets through a full page load of the conversation after sending', async () => {
    const { image, error } = await attemptWith('navigate');
    expect(error).toBeUndefined();
    expect(
      fake.events.some((e) => e.type === 'page_view' && /\/c\/[0-9a-f-]{36}$/.test(e.detail ?? '')),
    ).toBe(true);
    expect(
      image?.original.equals(fake.finalImages.get(image.fileId ?? '') ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('calls a send button that never enables a changed page, without sending', async () => {
    fake.setPageState('send_stuck');
    const { error, dir } = await attemptWith('ok');
    expect(codeOf(error)).toBe('page_changed');
    expect((error as Error).message).toContain('stayed disabled');
    expect(fake.events.some((e) => e.type === 'send')).toBe(false);
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
    const fetches = fake.events.filter((e) => e.type === 'foreign_fetched');
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
    fake.setPageState(state);
    const { error, dir } = await attemptWith('ok');
    expect(codeOf(error)).toBe(code);
    expect((error as XhsNewsError).scope).toBe('run');
    expect(fake.events.some((e) => e.type === 'send')).toBe(false);
    await expectEvidence(dir, 'failed', code, ['open']);
  });

  it('in manual mode waits on a challenge until the person solves it, then succeeds', async () => {
    fake.setPageState('cloudflare');
    const solver = setTimeout(() => fake.solve(), 1_000);
    const { image, error } = await attemptWith('ok', provider({ manualTimeoutMs: 20_000 }));
    clearTimeout(solver);
    expect(error).toBeUndefined();
    expect(fake.finalImages.has(image?.fileId ?? '')).toBe(true);
  });
});

describe('manual mode during a generation', () => {
  it('waits on a challenge that appears while the image is made, then takes the image', async () => {
    const topic = 'mid-check';
    fake.script(topic, ['slow']);
    const req = request(topic);
    const { context } = attemptContext(req);
    const attempt = provider({ manualTimeoutMs: 20_000 }).attempt(req, context);

    // Once the conversation has its id, the site challenges the next page load of our tab.
    const ours = () =>
      session.context.pages().find((p) => p !== userTabs.blank && p !== userTabs.chat);
    await expect
      .poll(() => ours()?.url() ?? '', { timeout: 10_000 })
      .toMatch(/\/c\/[0-9a-f-]{36}$/);
    fake.setPageState('cloudflare');
    await ours()?.reload();
    // The person passes the check a while after the driver has seen it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    fake.solve();

    const image = await attempt;
    expect(fake.finalImages.get(image.fileId ?? '')?.equals(image.original)).toBe(true);
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
    await expect.poll(() => fake.events.some((e) => e.type === 'tab_closed')).toBe(true);
  });

  it('recovers a slow image that finished after the attempt timed out', async () => {
    const p = provider({ attemptTimeoutMs: 3_000 });
    const { error } = await attemptWith('slow', p);
    expect(codeOf(error)).toBe('timeout');
    const url = (error as XhsNewsError).url ?? '';
    await expect
      .poll(() => fake.events.some((e) => e.type === 'image_final'), { timeout: 10_000 })
      .toBe(true);
    const req = request('recovered');
    const { context, dir } = attemptContext(req);
    const image = await p.recover?.(req, url, context);
    const finalId = fake.events.find((e) => e.type === 'image_final')?.fileId ?? '';
    expect(image?.fileId).toBe(finalId);
    expect(image?.original.equals(fake.finalImages.get(finalId) ?? Buffer.alloc(0))).toBe(true);
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
    expect(fake.events.some((e) => e.type === 'stop_pressed')).toBe(false);

    const req = request('hang-recovery');
    const image = await p.recover?.(req, url, attemptContext(req).context);

    expect(image).toBeUndefined();
    const conversationId = url.split('/c/')[1];
    expect(fake.events).toContainEqual(
      expect.objectContaining({ type: 'stop_pressed', detail: conversationId }),
    );
  });

  it('stops the generation and rethrows the abort on Ctrl-C', async () => {
    const controller = new AbortController();
    fake.script('interrupted', ['hang']);
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
    expect(fake.events.some((e) => e.type === 'stop_pressed')).toBe(true);
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
      fake.setPageState(state);
      const checks = await diagnoseChatgpt(
        session,
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
