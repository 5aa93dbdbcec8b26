import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { connectToChrome, type ChromeSession } from '../../src/browser/connect.js';
import { XhsNewsError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { createChatgptProvider } from '../../src/images/chatgpt/provider.js';
import { DEFAULT_SELECTORS } from '../../src/images/chatgpt/selectors.js';
import type { AttemptContext, ImageProvider, ImageRequest } from '../../src/images/provider.js';
import { startChatgptFake, type Behaviour, type ChatgptFake } from '../fakes/chatgpt/index.js';
import { launchTestChrome, type TestChrome } from './chromium.js';

/** The start of every prompt the attempt tests send. */
export const PROMPT =
  'Create an image with your image generation tool. Do not ask clarifying questions.';

/** The stable code of `error` when it is one of ours. */
export function codeOf(error: unknown): string | undefined {
  return error instanceof XhsNewsError ? error.code : undefined;
}

/**
 * A fake chatgpt.com, a Chromium that reaches it by its real name with the user's two tabs open
 * (a blank one and a chat), a connection to that Chromium and a data dir, for every test of the
 * file that calls {@link useChatgptAttemptWorld}. The page state, the default behaviour and the
 * event log are set back before each test, and after each the user's tabs must be untouched.
 */
export function useChatgptAttemptWorld() {
  let chrome: TestChrome;
  let session: ChromeSession;
  let fake: ChatgptFake;
  let dataDir: string;
  let userTabs: { blank: Page; chat: Page };
  let attemptNo = 0;

  const request = (topic: string): ImageRequest => ({
    postId: `post-${topic}`,
    prompt: `${PROMPT} Topic: ${topic}. Portrait 3:4, no text.`,
    headline: topic,
    series: 'test',
    source: 'test',
    dateText: '2026-12-03',
  });

  const attemptContext = (req: ImageRequest, signal = new AbortController().signal) => {
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
  };

  const provider = (over: { attemptTimeoutMs?: number; manualTimeoutMs?: number } = {}) =>
    createChatgptProvider({
      session,
      attemptTimeoutMs: over.attemptTimeoutMs ?? 20_000,
      minBytes: 50_000,
      ...(over.manualTimeoutMs === undefined ? {} : { manualTimeoutMs: over.manualTimeoutMs }),
      selectors: DEFAULT_SELECTORS,
      log: silentLogger(),
    });

  /** Runs one attempt with `behaviour` scripted for its topic; returns the image or the error. */
  const attemptWith = async (behaviour: Behaviour, p: ImageProvider = provider()) => {
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
  };

  /** The evidence folder holds every file, the step log, and no planted secret anywhere. */
  const expectEvidence = async (
    dir: string,
    outcome: string,
    code?: string,
    steps = ['open', 'ready'],
  ) => {
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
  };

  /** Only the user's two tabs are open, both where they were. */
  const expectUserTabsUntouched = () => {
    const pages = session.context.pages();
    expect(pages).toHaveLength(2);
    expect(userTabs.blank.isClosed()).toBe(false);
    expect(userTabs.chat.isClosed()).toBe(false);
    expect(userTabs.blank.url()).toBe('about:blank');
    expect(userTabs.chat.url()).toMatch(/^https:\/\/chatgpt\.com\//);
  };

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

  return {
    get fake() {
      return fake;
    },
    get session() {
      return session;
    },
    get userTabs() {
      return userTabs;
    },
    request,
    attemptContext,
    provider,
    attemptWith,
    expectEvidence,
  };
}
