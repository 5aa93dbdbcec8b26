import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeEvidence, type AttemptSummary } from './evidence.js';

function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

function summary(over: Partial<AttemptSummary> = {}): AttemptSummary {
  return {
    post_id: 'post-1',
    run_id: 'run-1',
    attempt: 1,
    started_at: '2026-01-01T00:00:00.000Z',
    ended_at: '2026-01-01T00:00:01.000Z',
    outcome: 'failed',
    steps: [{ atMs: 0, step: 'open', detail: 'https://chatgpt.com/' }],
    ...over,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeEvidence', () => {
  it('writes valid JSON when a message quotes an attribute named like a token', async () => {
    const { log, lines } = captureLog();
    const message = 'no send button in <div data-token="x" class="composer">';
    await writeEvidence(
      { dir, summary: summary({ error_message: message, steps: [{ atMs: 3, step: message }] }) },
      log,
    );

    const record = JSON.parse(await readFile(path.join(dir, 'attempt.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(record['post_id']).toBe('post-1');
    expect(String(record['error_message'])).toContain('class="composer"');
    expect(JSON.stringify(record)).not.toContain('"x"');
    expect(lines.filter((line) => line['level'] === 40)).toEqual([]);
  });

  it('blanks string values stored under keys named like a secret', async () => {
    const { log } = captureLog();
    await writeEvidence({ dir, summary: summary({ session_token: 'abc' }) }, log);

    const text = await readFile(path.join(dir, 'attempt.json'), 'utf8');
    expect(text).not.toContain('abc');
    expect(text).toContain('"session_token": "[scrubbed]"');
  });

  it('warns with the post id instead of rejecting when the folder cannot be written', async () => {
    const { log, lines } = captureLog();
    const notADir = path.join(dir, 'file');
    await writeFile(notADir, 'x');

    await expect(
      writeEvidence({ dir: notADir, summary: summary(), files: { 'prompt.txt': 'p' } }, log),
    ).resolves.toBeUndefined();
    const warnings = lines.filter((line) => line['level'] === 40);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings.every((line) => line['postId'] === 'post-1')).toBe(true);
    expect(String(warnings[0]?.['msg'])).toContain('post-1: could not save the attempt record');
  });

  it('warns with the post id when the tab closed before the screenshot', async () => {
    const { log, lines } = captureLog();
    const closedPage = { isClosed: () => true } as unknown as import('playwright-core').Page;
    await writeEvidence({ dir, summary: summary(), page: closedPage }, log);

    const warnings = lines.filter((line) => line['level'] === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.['postId']).toBe('post-1');
    expect(String(warnings[0]?.['msg'])).toContain('already closed');
  });

  it('warns with the post id when the page throws while capturing, and still resolves', async () => {
    const { log, lines } = captureLog();
    const brokenPage = {
      isClosed: () => {
        throw new Error('Target page, context or browser has been closed');
      },
    } as unknown as import('playwright-core').Page;

    await expect(
      writeEvidence({ dir, summary: summary(), page: brokenPage }, log),
    ).resolves.toBeUndefined();
    const warnings = lines.filter((line) => line['level'] === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.['postId']).toBe('post-1');
  });
});
