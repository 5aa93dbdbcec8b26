/**
 * How fast the chatgpt_images driver reacts, measured against the fake chatgpt.com in real
 * Chromium (`npm run bench`; `-- --runs 5` for fewer runs). A benchmark, not a test: it prints
 * figures and asserts nothing.
 *
 * - fetch lag: from the image being complete in the page (the page's own load report, the fake's
 *   'image_complete' event) to the driver holding its bytes; and from the fake finishing the
 *   image ('image_final', before the page has even loaded it) to the same moment.
 * - end lag: from the fake showing a failure (refusal, plan limit, generic error, login page) to
 *   the attempt having ended, evidence written and tab closed.
 * - overhead: a whole successful attempt minus the fake's generation time.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectToChrome, type ChromeSession } from '../src/browser/connect.js';
import { isXhsNewsError } from '../src/errors.js';
import { createChatgptProvider } from '../src/images/chatgpt/provider.js';
import { DEFAULT_SELECTORS } from '../src/images/chatgpt/selectors.js';
import type { AttemptContext, ImageProvider } from '../src/images/provider.js';
import { silentLogger } from '../src/log.js';
import { startChatgptFake, type Behaviour, type ChatgptFake } from '../test/fakes/chatgpt/index.js';
import { launchTestChrome } from '../test/support/chromium.js';

const GENERATION_MS = 2_000;

interface Scenario {
  name: string;
  behaviour: Behaviour;
  pageState: 'ok' | 'logged_out';
  /** The fake event that marks the moment measured from. */
  markEvent: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'ok', behaviour: 'ok', pageState: 'ok', markEvent: 'image_final' },
  { name: 'refusal', behaviour: 'refusal', pageState: 'ok', markEvent: 'refused' },
  { name: 'plan limit', behaviour: 'plan_limit', pageState: 'ok', markEvent: 'plan_limit' },
  { name: 'generic error', behaviour: 'error', pageState: 'ok', markEvent: 'error_shown' },
  { name: 'login wall', behaviour: 'ok', pageState: 'logged_out', markEvent: 'page_view' },
];

interface Sample {
  outcome: string;
  /** ok: image_final → bytes in hand; failures: failure shown → attempt ended. */
  lagMs: number | undefined;
  /** ok only: image complete in the page → bytes in hand. */
  completeToBytesMs: number | undefined;
  totalMs: number;
}

interface Bench {
  fake: ChatgptFake;
  provider: ImageProvider;
  workDir: string;
}

async function runOnce(bench: Bench, scenario: Scenario, index: number): Promise<Sample> {
  const { fake, provider, workDir } = bench;
  const topic = `${scenario.behaviour}-${index}`;
  fake.script(topic, [scenario.behaviour]);
  fake.setPageState(scenario.pageState);
  fake.events.length = 0;
  const dir = path.join(workDir, `${scenario.behaviour}-${scenario.pageState}-${index}`);
  const context: AttemptContext = {
    attempt: 1,
    runId: `bench${index}`,
    signal: new AbortController().signal,
    log: silentLogger(),
    evidenceDir: async () => {
      await mkdir(dir, { recursive: true });
      return dir;
    },
  };
  const request = {
    postId: `bench-${index}`,
    prompt: `Create an image with your image generation tool. Topic: ${topic}. Portrait 3:4.`,
    headline: topic,
    series: 'bench',
    source: 'bench',
    dateText: '2026-12-03',
  };
  const startedMs = Date.now();
  const outcome = await provider.attempt(request, context).then(
    () => 'ok',
    (error: unknown) => (isXhsNewsError(error) ? error.code : String(error)),
  );
  const endedMs = Date.now();
  const mark = fake.events.find((event) => event.type === scenario.markEvent)?.at;
  const sample: Sample = {
    outcome,
    lagMs: mark === undefined ? undefined : endedMs - mark,
    completeToBytesMs: undefined,
    totalMs: endedMs - startedMs,
  };
  if (outcome === 'ok') {
    const fetchedAtMs = await fetchedAt(dir);
    const completeAtMs = fake.events.find((event) => event.type === 'image_complete')?.at;
    sample.lagMs = mark === undefined ? undefined : fetchedAtMs - mark;
    sample.completeToBytesMs = completeAtMs === undefined ? undefined : fetchedAtMs - completeAtMs;
  }
  return sample;
}

/** When the driver held the image's bytes, from its step log. */
async function fetchedAt(dir: string): Promise<number> {
  const summary = JSON.parse(await readFile(path.join(dir, 'attempt.json'), 'utf8')) as {
    started_at: string;
    steps: { atMs: number; step: string }[];
  };
  const fetched = summary.steps.find((entry) => entry.step === 'fetched');
  return Date.parse(summary.started_at) + (fetched?.atMs ?? Number.NaN);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? Number.NaN;
}

function row(cells: (string | number)[]): string {
  const widths = [14, 6, 22, 34, 10, 10];
  return cells.map((cell, i) => String(cell).padEnd(widths[i] ?? 10)).join(' ');
}

function report(scenario: Scenario, samples: Sample[]): string[] {
  const outcomes = [...new Set(samples.map((s) => s.outcome))].join(',');
  const lags = samples.flatMap((s) => (s.lagMs === undefined ? [] : [s.lagMs]));
  const lagName =
    scenario.name === 'ok' ? 'image_final → bytes (ms)' : 'failure shown → ended (ms)';
  const lines = [
    row([
      scenario.name,
      samples.length,
      outcomes,
      lagName,
      percentile(lags, 50),
      percentile(lags, 95),
    ]),
  ];
  if (scenario.name === 'ok') {
    const completes = samples.flatMap((s) => s.completeToBytesMs ?? []);
    lines.push(
      row([
        '',
        '',
        '',
        'image complete → bytes (ms)',
        percentile(completes, 50),
        percentile(completes, 95),
      ]),
    );
    const overheads = samples.map((s) => s.totalMs - GENERATION_MS);
    lines.push(
      row([
        '',
        '',
        '',
        'overhead beyond generation (ms)',
        percentile(overheads, 50),
        percentile(overheads, 95),
      ]),
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
  const runs = Math.max(1, Number.parseInt(values.runs, 10) || 10);
  const fake = await startChatgptFake({ generationMs: GENERATION_MS });
  const chrome = await launchTestChrome({ 'chatgpt.com': fake.port });
  let session: ChromeSession | undefined;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-bench-'));
  try {
    session = await connectToChrome(chrome.cdpUrl, new AbortController().signal);
    const provider = createChatgptProvider({
      session,
      attemptTimeoutMs: 60_000,
      minBytes: 50_000,
      selectors: DEFAULT_SELECTORS,
      log: silentLogger(),
    });
    const bench: Bench = { fake, provider, workDir };
    const lines = [row(['scenario', 'runs', 'outcome', 'figure', 'median', 'p95'])];
    for (const scenario of SCENARIOS) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await runOnce(bench, scenario, i));
      lines.push(...report(scenario, samples));
      process.stderr.write(`${scenario.name}: ${runs} runs done\n`);
    }
    console.log(
      `\nchatgpt_images against the fake (generation ${GENERATION_MS} ms), ${runs} runs each\n`,
    );
    console.log(lines.join('\n'));
  } finally {
    await session?.disconnect();
    await chrome.close().catch((error: unknown) => {
      process.stderr.write(`could not remove the test profile: ${String(error)}\n`);
    });
    await fake.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
