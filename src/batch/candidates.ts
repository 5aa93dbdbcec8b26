import type { Config } from '../config/index.js';
import type { Candidate } from '../feeds/candidate.js';
import { loadFeed } from '../feeds/load.js';
import { selectStories, seenFromRecords } from '../feeds/select.js';
import type { Logger } from '../log.js';
import type { PostRecord } from '../records/post-record.js';

/** Budget for fetching one feed URL. */
const FEED_TIMEOUT_MS = 20_000;

export interface Gathered {
  candidates: Candidate[];
  /** Feeds that gave nothing, each with one sentence saying why. */
  skippedFeeds: { source: string; message: string }[];
  /** Stories left out: already finished by an earlier run, or older than the window. */
  dropped: { already_posted: number; too_old: number };
}

/**
 * Loads every feed (a bad one is reported and skipped), and picks `count × k` candidates in rank
 * order, leaving out every story an earlier run already finished: drafted, or given up.
 */
export async function gatherCandidates(
  config: Config,
  records: readonly PostRecord[],
  context: { signal: AbortSignal; nowMs: number; log: Logger; cwd: string },
): Promise<Gathered> {
  const { log, signal, nowMs, cwd } = context;
  const results = await Promise.all(
    config.feeds.map((source, sourceRank) =>
      loadFeed(source, { signal, nowMs, timeoutMs: FEED_TIMEOUT_MS, sourceRank, cwd }),
    ),
  );
  const skippedFeeds: Gathered['skippedFeeds'] = [];
  for (const result of results) {
    if (result.ok) {
      log.info(
        { event: 'feed_loaded', source: result.source, items: result.candidates.length },
        `feed ${result.source}: ${result.candidates.length} stories`,
      );
    } else {
      skippedFeeds.push({ source: result.source, message: result.message });
      log.warn(
        { event: 'feed_skipped', source: result.source, reason: result.message },
        `feed ${result.source} skipped: ${result.message}`,
      );
    }
  }
  const finished = records.filter(isFinished);
  const { candidates, alreadyPosted, tooOld } = selectStories(results, {
    limit: config.count * config.candidatesFactor,
    maxAgeHours: config.maxAgeHours,
    nowMs,
    seen: seenFromRecords(finished),
  });
  return { candidates, skippedFeeds, dropped: { already_posted: alreadyPosted, too_old: tooOld } };
}

/**
 * A story is done with once its post is drafted or given up. A post that a run-fatal failure
 * or Ctrl-C stopped is offered again, and picks up where it was.
 */
export function isFinished(record: PostRecord): boolean {
  if (record.status === 'drafted') return true;
  if (record.status !== 'failed') return false;
  return (
    record.platform.image_generate?.give_up === true ||
    record.platform.xiaohongshu?.failed_code === 'draft_invalid'
  );
}
