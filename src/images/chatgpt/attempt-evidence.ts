import type { AttemptSummary } from '../../browser/evidence.js';
import { writeEvidence } from '../../browser/evidence.js';
import type { OwnTab } from '../../browser/own-tab.js';
import { RateLimitedError, errorMessage, isAbortError, isXhsNewsError } from '../../errors.js';
import type { AttemptContext, ImageRequest } from '../provider.js';
import type { TabRun } from './run.js';

export interface EvidenceFacts {
  request: ImageRequest;
  context: AttemptContext;
  run: TabRun;
  tab: OwnTab;
  startedAt: Date;
  outcome: AttemptSummary['outcome'];
  error?: unknown;
}

/**
 * Writes this attempt's evidence while our tab is still open: `attempt.json` (never the image
 * URL's signature, only the file id), `prompt.txt`, screenshot, scrubbed HTML and console.
 * Any failure to capture is a warning naming the post; it never replaces the attempt's outcome.
 */
export async function saveEvidence(facts: EvidenceFacts): Promise<void> {
  try {
    await writeAttemptEvidence(facts);
  } catch (error) {
    warnEvidence(facts, 'evidence', error);
  }
}

function warnEvidence(facts: EvidenceFacts, what: string, error: unknown): void {
  const { request, context } = facts;
  context.log.warn(
    { postId: request.postId, attempt: context.attempt, err: errorMessage(error) },
    `${request.postId}: could not save the ${what} for attempt ${context.attempt}: ` +
      errorMessage(error),
  );
}

async function writeAttemptEvidence(facts: EvidenceFacts): Promise<void> {
  const { request, context, tab } = facts;
  let dir: string;
  try {
    dir = await context.evidenceDir();
  } catch (error) {
    warnEvidence(facts, 'evidence folder', error);
    return;
  }
  await writeEvidence(
    {
      dir,
      summary: summaryOf(facts),
      page: tab.page,
      consoleLines: tab.consoleLines,
      files: { 'prompt.txt': `${request.prompt}\n` },
    },
    context.log,
  );
}

function summaryOf(facts: EvidenceFacts): AttemptSummary {
  const { request, context, run, error } = facts;
  const summary: AttemptSummary = {
    post_id: request.postId,
    run_id: context.runId,
    attempt: context.attempt,
    provider: 'chatgpt_images',
    started_at: facts.startedAt.toISOString(),
    ended_at: new Date().toISOString(),
    outcome: facts.outcome,
    steps: [...run.steps.entries],
  };
  const url = run.conversationUrl ?? (run.page.isClosed() ? undefined : run.page.url());
  if (url !== undefined) summary.url = url;
  if (run.fileId !== undefined) summary.file_id = run.fileId;
  if (error !== undefined) {
    summary.error_code = isXhsNewsError(error)
      ? error.code
      : isAbortError(error)
        ? 'interrupted'
        : 'unexpected';
    summary.error_message = errorMessage(error);
    if (isXhsNewsError(error)) summary.error_scope = error.scope;
    if (error instanceof RateLimitedError && error.resetsIn) summary.resets_in = error.resetsIn;
  }
  return summary;
}
