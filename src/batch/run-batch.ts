import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Candidate } from '../feeds/candidate.js';
import { XhsNewsError, errorMessage, isAbortError } from '../errors.js';
import type { Logger } from '../log.js';
import { acquireLock } from '../records/lock.js';
import { PostStore } from '../records/store.js';
import { gatherCandidates } from './candidates.js';
import { makePost, type PostContext } from './make-post.js';
import { openParts } from './parts.js';

export type BatchOutcome = 'count_reached' | 'candidates_exhausted' | 'stopped' | 'interrupted';

export interface PostLine {
  id: string;
  title: string;
  code?: string;
  reason?: string;
}

/** What a run did; `--json` prints it as it is. */
export interface BatchSummary {
  run_id: string;
  outcome: BatchOutcome;
  count: number;
  candidates: number;
  drafted: PostLine[];
  failed: PostLine[];
  skipped: PostLine[];
  skipped_feeds: { source: string; message: string }[];
  /** Stories the feeds had that were not candidates: finished before, or too old. */
  dropped: { already_posted: number; too_old: number };
  /** The failure that stopped the run, with what the person should do. */
  stopped_by?: { code: string; message: string; post_id?: string };
  duration_ms: number;
  run_log: string;
  data_dir: string;
}

export interface BatchOptions {
  config: Config;
  runId: string;
  runLogFile: string;
  signal: AbortSignal;
  log: Logger;
  cwd: string;
  /** Images added after every cover, already checked (`resolveAssets`). */
  assets: string[];
}

/**
 * The daily batch: candidates in rank order, each through image and draft, until `count` posts
 * are drafted or the `count × k` candidates run out. A post that fails or is given up makes room
 * for the next candidate; a failure of the whole run (login wall, challenge, rate limit, page
 * changed, browser gone) stops the batch at once.
 */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const { config, log } = options;
  const startedMs = Date.now();
  const dataDir = path.resolve(options.cwd, config.dataDir);
  const summary = newSummary(options, dataDir);

  let release: (() => Promise<void>) | undefined;
  try {
    release = await acquireLock(path.join(dataDir, 'locks'), 'batch', {
      runId: options.runId,
      what: `the data dir ${dataDir}`,
    });
    await gatherAndWork(summary, { ...options, store: new PostStore(dataDir), startedMs });
  } catch (error) {
    if (isAbortError(error)) {
      summary.outcome = 'interrupted';
    } else if (error instanceof XhsNewsError && error.scope === 'run') {
      stop(summary, error, undefined, log);
    } else {
      throw error;
    }
  } finally {
    await release?.();
    summary.duration_ms = Date.now() - startedMs;
  }
  if (summary.outcome === 'candidates_exhausted') {
    log.warn(
      { event: 'candidates_exhausted' },
      `only ${summary.drafted.length} of ${config.count} posts drafted: ` +
        `the ${summary.candidates} candidates ran out${droppedText(summary, config)}. ` +
        'Add feeds (--feed), widen --max-age-hours, or raise --candidates-factor.',
    );
  }
  return summary;
}

/** Why the feeds gave so few candidates, e.g. " (12 stories older than 72 h left out)". */
function droppedText(summary: BatchSummary, config: Config): string {
  const { too_old: tooOld, already_posted: posted } = summary.dropped;
  const parts = [
    tooOld > 0 ? `${tooOld} stories older than ${config.maxAgeHours} h` : '',
    posted > 0 ? `${posted} stories posted by earlier runs` : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(' and ')} left out)` : '';
}

function newSummary(options: BatchOptions, dataDir: string): BatchSummary {
  return {
    run_id: options.runId,
    outcome: 'candidates_exhausted',
    count: options.config.count,
    candidates: 0,
    drafted: [],
    failed: [],
    skipped: [],
    skipped_feeds: [],
    dropped: { already_posted: 0, too_old: 0 },
    duration_ms: 0,
    run_log: options.runLogFile,
    data_dir: dataDir,
  };
}

/** Reads the records and the feeds, then works through the candidates they leave. */
async function gatherAndWork(
  summary: BatchSummary,
  options: BatchOptions & { store: PostStore; startedMs: number },
): Promise<void> {
  const { config, log, store } = options;
  const { records, corrupt } = await store.list();
  for (const problem of corrupt) log.warn({ event: 'record_corrupt' }, problem.message);
  const gathered = await gatherCandidates(config, records, {
    signal: options.signal,
    nowMs: options.startedMs,
    log,
    cwd: options.cwd,
  });
  summary.candidates = gathered.candidates.length;
  summary.skipped_feeds = gathered.skippedFeeds;
  summary.dropped = gathered.dropped;
  if (gathered.skippedFeeds.length === config.feeds.length) {
    stop(summary, feedsUnreadable(config.feeds.length), undefined, log);
    return;
  }
  log.info(
    { event: 'batch_start', runId: options.runId, candidates: summary.candidates },
    `run ${options.runId}: ${summary.candidates} candidates for ${config.count} posts ` +
      `(${config.imageProvider} → ${config.publisher})`,
  );
  if (summary.candidates === 0) return;
  const knownPostIds = new Map(records.map((r) => [r.news.id, r.id]));
  await workThrough(gathered.candidates, summary, { ...options, knownPostIds });
}

function feedsUnreadable(feeds: number): XhsNewsError {
  return new XhsNewsError(
    'feeds_unreadable',
    `${feeds === 1 ? 'the feed' : `none of the ${feeds} feeds`} could be read (see above); ` +
      'check each --feed URL or file, then run again',
  );
}

async function workThrough(
  candidates: readonly Candidate[],
  summary: BatchSummary,
  options: BatchOptions & { store: PostStore; knownPostIds: ReadonlyMap<string, string> },
): Promise<void> {
  const { config, log, signal } = options;
  const parts = await openParts(config, {
    runId: options.runId,
    signal,
    log,
    dataDir: summary.data_dir,
  });
  const context: PostContext = {
    store: options.store,
    provider: parts.provider,
    publisher: parts.publisher,
    series: config.title,
    runId: options.runId,
    assets: options.assets,
    maxAttempts: config.chatgptImageMaxAttempts,
    retrySleepMs: config.chatgptImageRetrySleepS * 1000,
    signal,
    log,
    knownPostIds: options.knownPostIds,
  };
  try {
    for (const candidate of candidates) {
      signal.throwIfAborted();
      const position = `[${summary.drafted.length + 1}/${config.count}]`;
      const label = `${position} ${shortTitle(candidate.title)}`;
      const outcome = await makePost(candidate, label, context);
      if (outcome.kind === 'skipped') {
        summary.skipped.push({
          id: outcome.postId,
          title: candidate.title,
          reason: outcome.reason,
        });
        continue;
      }
      const line = { id: outcome.record.id, title: outcome.record.content.title };
      if (outcome.kind === 'drafted') {
        summary.drafted.push(line);
        if (summary.drafted.length >= config.count) {
          summary.outcome = 'count_reached';
          return;
        }
        continue;
      }
      summary.failed.push({ ...line, code: outcome.error.code });
      if (outcome.error.scope === 'run') {
        stop(summary, outcome.error, outcome.record.id, log);
        return;
      }
    }
  } finally {
    await parts.close();
  }
}

function stop(
  summary: BatchSummary,
  error: XhsNewsError,
  postId: string | undefined,
  log: Logger,
): void {
  summary.outcome = 'stopped';
  summary.stopped_by = { code: error.code, message: errorMessage(error) };
  if (postId !== undefined) summary.stopped_by.post_id = postId;
  log.error(
    { event: 'batch_stopped', code: error.code, postId },
    `stopping the run (${error.code}): ${error.message}`,
  );
}

function shortTitle(title: string): string {
  const chars = Array.from(title);
  return chars.length > 14 ? `${chars.slice(0, 14).join('')}…` : title;
}
