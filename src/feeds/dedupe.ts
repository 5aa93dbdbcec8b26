import type { Candidate } from './candidate.js';
import {
  canonicalUrl,
  diceSimilarity,
  normalizeTitle,
  titleBigrams,
  titleNumbers,
} from './canonical.js';

/**
 * The same story from several feeds (or twice in one) becomes one candidate. Layers run from
 * the surest key to the loosest: source + guid, canonical URL, normalized title within a time
 * window, then fuzzy title. Each layer is a pure function over story groups.
 */

/** One story: the candidate that represents it and every copy merged into it. */
export interface StoryGroup {
  /** The merged view: best-ranked copy's title, link and id; see {@link mergeMembers}. */
  candidate: Candidate;
  /** Every copy, in the order they were met. */
  members: readonly Candidate[];
}

/**
 * Two copies with the same title this far apart are two stories (a weekly column, a recurring
 * headline).
 */
export const TITLE_WINDOW_MS = 48 * 60 * 60 * 1000;
/** Dice similarity of title bigrams from which two headlines count as the same story. */
export const FUZZY_THRESHOLD = 0.7;

/** Every candidate as a story of its own, ready for the layers. */
export function toGroups(candidates: readonly Candidate[]): StoryGroup[] {
  return candidates.map((candidate) => ({ candidate, members: [candidate] }));
}

/** Layer (a): copies with the same id, i.e. the same guid in the same source. */
export function mergeBySourceGuid(groups: readonly StoryGroup[]): StoryGroup[] {
  return mergeByKey(
    groups,
    (c) => [c.id],
    () => true,
  );
}

/** Layer (b): copies whose links have the same {@link canonicalUrl}. */
export function mergeByUrl(groups: readonly StoryGroup[]): StoryGroup[] {
  return mergeByKey(
    groups,
    (c) => (c.url ? [canonicalUrl(c.url)] : []),
    () => true,
  );
}

/** Layer (c): copies with the same {@link normalizeTitle} dated within `windowMs` of each other. */
export function mergeByTitle(
  groups: readonly StoryGroup[],
  windowMs: number = TITLE_WINDOW_MS,
): StoryGroup[] {
  const key = (c: Candidate) => {
    const title = normalizeTitle(c.title);
    return title ? [title] : [];
  };
  return mergeByKey(groups, key, (a, b) => withinWindow(a.candidate, b.candidate, windowMs));
}

/**
 * Layer (d): headlines that share at least `threshold` of their character bigrams (Dice) and
 * state the same numbers, dated within `windowMs`. Catches rewrites such as
 * "国务院常务会议部署稳就业" / "国务院常务会议：部署稳就业举措".
 */
export function mergeByFuzzyTitle(
  groups: readonly StoryGroup[],
  threshold: number = FUZZY_THRESHOLD,
  windowMs: number = TITLE_WINDOW_MS,
): StoryGroup[] {
  const kept: { group: MutableGroup; shapes: TitleShape[] }[] = [];
  for (const group of copyGroups(groups)) {
    const shapes = group.members.map(titleShape);
    const time = timeOf(group.candidate);
    const target = kept.find(
      (other) =>
        timesWithin(timeOf(other.group.candidate), time, windowMs) &&
        shapes.some((shape) => other.shapes.some((o) => sameFuzzyTitle(shape, o, threshold))),
    );
    if (target) {
      absorb(target.group, group);
      target.shapes.push(...shapes);
    } else kept.push({ group, shapes });
  }
  return kept.map((entry) => entry.group);
}

/** All layers in order; the stories in the order their first copy was met. */
export function dedupeStories(candidates: readonly Candidate[]): StoryGroup[] {
  const layers = [mergeBySourceGuid, mergeByUrl, (g: readonly StoryGroup[]) => mergeByTitle(g)];
  const exact = layers.reduce((groups, layer) => layer(groups), toGroups(candidates));
  return mergeByFuzzyTitle(exact);
}

/** {@link dedupeStories}, keeping only the merged candidates. */
export function dedupeCandidates(candidates: readonly Candidate[]): Candidate[] {
  return dedupeStories(candidates).map((group) => group.candidate);
}

/**
 * The merged candidate of a story: title, link, id and raw item of the copy from the
 * best-ranked source (the first met on a tie), the link of another copy if that one has none,
 * the longest summary, the earliest known date, and coverage = number of distinct sources.
 */
export function mergeMembers(members: readonly Candidate[]): Candidate {
  const lead = members.reduce((best, c) => (c.sourceRank < best.sourceRank ? c : best));
  const dated = members.filter((c) => c.dateKnown);
  const earliest = dated.reduce<Candidate | undefined>(
    (best, c) =>
      best === undefined || Date.parse(c.publishedAt) < Date.parse(best.publishedAt) ? c : best,
    undefined,
  );
  const summary = members.reduce(
    (best, c) => (c.summary.length > best.length ? c.summary : best),
    '',
  );
  return {
    ...lead,
    url: lead.url || (members.find((c) => c.url !== '')?.url ?? ''),
    summary,
    publishedAt: earliest?.publishedAt ?? lead.publishedAt,
    dateKnown: earliest !== undefined,
    coverage: new Set(members.map((c) => c.source)).size,
  };
}

interface MutableGroup {
  candidate: Candidate;
  members: Candidate[];
}

/** What fuzzy matching compares of a headline: its character bigrams and the numbers it states. */
export interface TitleShape {
  bigrams: Set<string>;
  numbers: string;
}

function mergeByKey(
  groups: readonly StoryGroup[],
  keysOf: (candidate: Candidate) => string[],
  compatible: (a: MutableGroup, b: MutableGroup) => boolean,
): StoryGroup[] {
  const kept: MutableGroup[] = [];
  const index = new Map<string, MutableGroup[]>();
  for (const group of copyGroups(groups)) {
    const keys = [...new Set(group.members.flatMap(keysOf))];
    const target = keys
      .flatMap((key) => index.get(key) ?? [])
      .find((other) => compatible(other, group));
    const home = target ?? group;
    if (target) absorb(target, group);
    else kept.push(group);
    for (const key of keys) {
      const list = index.get(key) ?? [];
      if (!list.includes(home)) list.push(home);
      index.set(key, list);
    }
  }
  return kept;
}

/** Fresh group objects, so that a layer never changes the groups it was given. */
function copyGroups(groups: readonly StoryGroup[]): MutableGroup[] {
  return groups.map((group) => ({ candidate: group.candidate, members: [...group.members] }));
}

function absorb(target: MutableGroup, other: MutableGroup): void {
  target.members.push(...other.members);
  target.candidate = mergeMembers(target.members);
}

function withinWindow(a: Candidate, b: Candidate, windowMs: number): boolean {
  return timesWithin(timeOf(a), timeOf(b), windowMs);
}

/** Dates unknown on either side cannot tell the copies apart, so they count as within. */
function timesWithin(a: number | undefined, b: number | undefined, windowMs: number): boolean {
  return a === undefined || b === undefined || Math.abs(a - b) <= windowMs;
}

const parsedTimes = new WeakMap<Candidate, number>();

/** Epoch ms of a known date, parsed once per candidate object: fuzzy matching asks often. */
function timeOf(candidate: Candidate): number | undefined {
  if (!candidate.dateKnown) return undefined;
  let time = parsedTimes.get(candidate);
  if (time === undefined) {
    time = Date.parse(candidate.publishedAt);
    parsedTimes.set(candidate, time);
  }
  return time;
}

function titleShape(candidate: Candidate): TitleShape {
  return shapeOfTitle(candidate.title);
}

/** The shape of a headline, for {@link sameStoryTitle}. */
export function shapeOfTitle(title: string): TitleShape {
  return { bigrams: titleBigrams(normalizeTitle(title)), numbers: titleNumbers(title).join(' ') };
}

/** Layer (d)'s test on two headlines alone, with no date window: the same story reworded. */
export function sameStoryTitle(a: TitleShape, b: TitleShape): boolean {
  return sameFuzzyTitle(a, b, FUZZY_THRESHOLD);
}

function sameFuzzyTitle(a: TitleShape, b: TitleShape, threshold: number): boolean {
  if (a.numbers !== b.numbers) return false;
  const [small, large] =
    a.bigrams.size < b.bigrams.size
      ? [a.bigrams.size, b.bigrams.size]
      : [b.bigrams.size, a.bigrams.size];
  // Dice cannot reach the threshold when one set is much smaller: 2·small / (small + large).
  if ((2 * small) / (small + large) < threshold) return false;
  return diceSimilarity(a.bigrams, b.bigrams) >= threshold;
}
