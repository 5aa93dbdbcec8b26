import type { Candidate } from './candidate.js';
import { canonicalUrl, normalizeTitle } from './canonical.js';
import {
  dedupeStories,
  sameStoryTitle,
  shapeOfTitle,
  type StoryGroup,
  type TitleShape,
} from './dedupe.js';
import type { FeedResult } from './load.js';

export { canonicalUrl, normalizeTitle };

/**
 * Stories an earlier run already made a post for: ids, canonical URLs, normalized titles, and
 * title shapes, so that the same story reworded by another outlet is known too.
 */
export interface SeenStories {
  ids: Set<string>;
  urls: Set<string>;
  titles: Set<string>;
  shapes: TitleShape[];
}

/** No story seen yet. */
export function noStoriesSeen(): SeenStories {
  return { ids: new Set(), urls: new Set(), titles: new Set(), shapes: [] };
}

export interface SelectOptions {
  /** How many candidates to return at most. */
  limit: number;
  /** Drop stories older than this; `0` turns the window off. Undated stories are never old. */
  maxAgeHours: number;
  /** The current time, epoch milliseconds. */
  nowMs: number;
  seen: SeenStories;
}

const HOUR_MS = 60 * 60 * 1000;
/** Freshness halves every this many hours. */
const FRESHNESS_HALF_LIFE_HOURS = 24;
/** Freshness of a story without a date: as fresh as one a day old. */
const UNDATED_FRESHNESS = 0.5;
const COVERAGE_WEIGHT = 0.5;
/** Extra sources beyond this add nothing: a story in five feeds is not five times the news. */
const COVERAGE_CAP = 3;
const SOURCE_WEIGHT = 0.5;

/** The seen-story keys of post records, as `posts/<id>/post.json` keeps them under `news`. */
export function seenFromRecords(
  records: readonly { news: { id: string; url: string; title: string } }[],
): SeenStories {
  const seen = noStoriesSeen();
  for (const { news } of records) {
    if (news.id) seen.ids.add(news.id);
    const url = news.url ? canonicalUrl(news.url) : '';
    if (url) seen.urls.add(url);
    const title = normalizeTitle(news.title);
    if (title) {
      seen.titles.add(title);
      seen.shapes.push(shapeOfTitle(news.title));
    }
  }
  return seen;
}

/**
 * True when the candidate's id, canonical URL or normalized title was posted before, or its
 * title is a rewording of one posted before (the fuzzy layer of deduplication).
 */
export function isSeen(candidate: Candidate, seen: SeenStories): boolean {
  if (seen.ids.has(candidate.id)) return true;
  if (candidate.url && seen.urls.has(canonicalUrl(candidate.url))) return true;
  const title = normalizeTitle(candidate.title);
  if (title === '') return false;
  if (seen.titles.has(title)) return true;
  const shape = shapeOfTitle(candidate.title);
  return seen.shapes.some((posted) => sameStoryTitle(shape, posted));
}

/**
 * The ranking score, higher first:
 * `freshness + 0.5 × min(coverage − 1, 3) + 0.5 / (1 + sourceRank)`, where freshness is
 * `2^(−age in hours / 24)` (1 now, 0.5 a day old, 0.25 two days old) and 0.5 for a story without
 * a date. So one more source carrying a story is worth about a day of age, and the first feed
 * listed beats the second by 0.25.
 */
export function storyScore(candidate: Candidate, nowMs: number): number {
  const ageHours = Math.max(0, (nowMs - Date.parse(candidate.publishedAt)) / HOUR_MS);
  const freshness = candidate.dateKnown
    ? 2 ** (-ageHours / FRESHNESS_HALF_LIFE_HOURS)
    : UNDATED_FRESHNESS;
  const coverage = COVERAGE_WEIGHT * Math.min(candidate.coverage - 1, COVERAGE_CAP);
  const source = SOURCE_WEIGHT / (1 + candidate.sourceRank);
  return freshness + coverage + source;
}

/** The chosen candidates, and how many stories were left out, so a short run can say why. */
export interface Selection {
  candidates: Candidate[];
  /** Stories (after deduplication) an earlier run already finished. */
  alreadyPosted: number;
  /** Stories older than the freshness window. */
  tooOld: number;
}

/**
 * The candidates the batch works through, best first: every feed's items deduplicated across
 * feeds, stories older than `maxAgeHours` dropped (undated ones kept), stories already posted
 * dropped (matched through any copy), ranked by {@link storyScore}, at most `limit`. On equal
 * scores the order of the feeds and of their items is kept.
 */
export function selectCandidates(
  results: readonly FeedResult[],
  options: SelectOptions,
): Candidate[] {
  return selectStories(results, options).candidates;
}

/** {@link selectCandidates} with the counts of what it left out. */
export function selectStories(results: readonly FeedResult[], options: SelectOptions): Selection {
  const candidates = results.flatMap((result) => (result.ok ? result.candidates : []));
  const all = dedupeStories(candidates);
  const unseen = all.filter((story) => !story.members.some((m) => isSeen(m, options.seen)));
  const fresh = unseen.filter((story) => !isTooOld(story, options));
  const stories = fresh.map((story) => ({
    candidate: story.candidate,
    score: storyScore(story.candidate, options.nowMs),
  }));
  stories.sort((a, b) => b.score - a.score);
  return {
    candidates: stories.slice(0, Math.max(0, options.limit)).map((story) => story.candidate),
    alreadyPosted: all.length - unseen.length,
    tooOld: unseen.length - fresh.length,
  };
}

function isTooOld(story: StoryGroup, options: SelectOptions): boolean {
  if (options.maxAgeHours <= 0 || !story.candidate.dateKnown) return false;
  const ageMs = options.nowMs - Date.parse(story.candidate.publishedAt);
  return ageMs > options.maxAgeHours * HOUR_MS;
}
