import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import writeFileAtomic from 'write-file-atomic';
import { errorMessage, type StepEntry } from '../errors.js';
import type { Logger } from '../log.js';
import { scrubHtml, scrubText, scrubValue } from './scrub.js';

/** `attempt.json`: what one attempt did, whatever its outcome. */
export interface AttemptSummary {
  post_id: string;
  run_id: string;
  attempt: number;
  started_at: string;
  ended_at: string;
  outcome: 'ok' | 'failed' | 'recovered';
  error_code?: string;
  error_message?: string;
  steps: readonly StepEntry[];
  url?: string;
  [extra: string]: unknown;
}

export interface EvidenceInput {
  dir: string;
  summary: AttemptSummary;
  page?: Page;
  consoleLines?: readonly string[];
  /** Extra text files, e.g. `prompt.txt`. */
  files?: Record<string, string>;
}

const CAPTURE_TIMEOUT_MS = 5_000;

/**
 * Writes the evidence of one attempt: `attempt.json`, a screenshot, the page HTML with scripts
 * and token-like values removed, the console, and any extra files. A capture that fails is
 * logged as a warning with the post id and the rest is still written. It never rejects: evidence
 * must not change the outcome of the attempt it describes.
 */
export async function writeEvidence(input: EvidenceInput, log: Logger): Promise<void> {
  const { dir, summary } = input;
  const warn: Warn = (what, error) =>
    log.warn(
      { postId: summary.post_id, evidence: dir, err: errorMessage(error) },
      `${summary.post_id}: could not save the ${what} for attempt ${summary.attempt}: ` +
        errorMessage(error),
    );
  try {
    await writeAll(input, warn);
  } catch (error) {
    warn('evidence', error);
  }
}

type Warn = (what: string, error: unknown) => void;

async function writeAll(input: EvidenceInput, warn: Warn): Promise<void> {
  const { dir, summary, page } = input;
  await writeFileAtomic(
    path.join(dir, 'attempt.json'),
    `${JSON.stringify(scrubValue(summary), null, 2)}\n`,
  ).catch((error: unknown) => warn('attempt record', error));
  for (const [name, text] of Object.entries(input.files ?? {})) {
    await writeFile(path.join(dir, name), text).catch((error: unknown) => warn(name, error));
  }
  if (input.consoleLines) {
    const text = input.consoleLines.map(scrubText).join('\n');
    await writeFile(path.join(dir, 'console.txt'), `${text}\n`).catch((error: unknown) =>
      warn('console log', error),
    );
  }
  if (page === undefined) return;
  if (page.isClosed()) {
    warn('screenshot or HTML', new Error('the tab was already closed'));
    return;
  }
  await page
    .screenshot({ path: path.join(dir, 'screenshot.png'), timeout: CAPTURE_TIMEOUT_MS })
    .catch((error: unknown) => warn('screenshot', error));
  await pageHtml(page)
    .then((html) => writeFile(path.join(dir, 'page.html'), scrubHtml(html)))
    .catch((error: unknown) => warn('page HTML', error));
}

async function pageHtml(page: Page): Promise<string> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`no HTML within ${CAPTURE_TIMEOUT_MS} ms`)),
      CAPTURE_TIMEOUT_MS,
    ).unref(),
  );
  return Promise.race([page.content(), timeout]);
}
