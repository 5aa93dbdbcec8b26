import { createHash } from 'node:crypto';

import { cleanUrl, normalizeTitle } from './canonical.js';
import { parseFeedDate } from './dates.js';
import { htmlToText, truncateText } from './html-text.js';

/** One news story offered to the batch, whatever feed format it came from. */
export interface Candidate {
  /** Stable story id: short hash of source + guid, else of the canonical URL, else of the title. */
  id: string;
  /** Plain text: HTML stripped, entities decoded, whitespace collapsed. */
  title: string;
  /**
   * Plain text without scripts, styles or iframes; at most {@link SUMMARY_MAX_CHARS}
   * characters.
   */
  summary: string;
  /** The link without tracking parameters or fragment; `''` when the item has none. */
  url: string;
  /** Display name of the source: channel title, hot-list name, or file/host name. */
  source: string;
  /** ISO 8601: published, else updated, else the first-seen time. */
  publishedAt: string;
  /** False when `publishedAt` is the first-seen time. */
  dateKnown: boolean;
  /** Index of the feed in the list given (0 = first). */
  sourceRank: number;
  /** How many sources carried this story; 1 until dedupe merges copies. */
  coverage: number;
  /** The parsed item as the feed had it, trimmed for the record. */
  raw: Record<string, unknown>;
}

/** An item as a parser hands it over, before it becomes a {@link Candidate}. */
export interface FeedItem {
  guid?: string;
  /** May contain HTML; it is stripped later. */
  title?: string;
  /** HTML or text. */
  summary?: string;
  url?: string;
  published?: string;
  updated?: string;
  /** Epoch milliseconds, for formats (hot lists) that give a number instead of text. */
  publishedMs?: number;
  raw: Record<string, unknown>;
}

/** What every candidate of one feed shares. */
export interface CandidateContext {
  source: string;
  sourceRank: number;
  /** First-seen time, epoch milliseconds. */
  nowMs: number;
}

/** Longest summary kept, in characters (code points). */
export const SUMMARY_MAX_CHARS = 300;
const TITLE_FROM_SUMMARY_CHARS = 60;
const RAW_STRING_MAX_CHARS = 2000;
const RAW_ARRAY_MAX_ITEMS = 20;
const RAW_MAX_DEPTH = 5;
/** A date further ahead than this is a broken clock, not news from the future. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * Builds the candidate for one item, or `undefined` when the item has neither a title nor a
 * summary to show.
 */
export function toCandidate(item: FeedItem, context: CandidateContext): Candidate | undefined {
  const summary = truncateText(htmlToText(item.summary ?? ''), SUMMARY_MAX_CHARS);
  const title = htmlToText(item.title ?? '') || truncateText(summary, TITLE_FROM_SUMMARY_CHARS);
  if (title === '') return undefined;

  const url = item.url ? cleanUrl(item.url) : '';
  const dateMs = pickDate(item, context.nowMs);
  return {
    id: storyId(context.source, item.guid, url, title),
    title,
    summary,
    url,
    source: context.source,
    publishedAt: new Date(dateMs ?? context.nowMs).toISOString(),
    dateKnown: dateMs !== undefined,
    sourceRank: context.sourceRank,
    coverage: 1,
    raw: compactRaw(item.raw),
  };
}

/** Short hash of source + guid, else of the canonical URL, else of the normalized title. */
export function storyId(
  source: string,
  guid: string | undefined,
  url: string,
  title: string,
): string {
  const trimmedGuid = guid?.trim();
  const basis = trimmedGuid
    ? `guid\n${source}\n${trimmedGuid}`
    : url
      ? `url\n${url}`
      : `title\n${normalizeTitle(title)}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 16);
}

function pickDate(item: FeedItem, nowMs: number): number | undefined {
  const dates = [item.publishedMs, parseFeedDate(item.published), parseFeedDate(item.updated)];
  return dates.find((ms) => ms !== undefined && ms <= nowMs + FUTURE_TOLERANCE_MS);
}

/**
 * A copy of a parsed item small enough for a record: strings capped at 2000 characters, arrays
 * at 20 entries, nesting at 5 levels; functions and undefined values dropped.
 */
export function compactRaw(value: Record<string, unknown>): Record<string, unknown> {
  return compactObject(value, 0);
}

function compactObject(value: object, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const compacted = compactValue(entry, depth + 1);
    if (compacted !== undefined) out[key] = compacted;
  }
  return out;
}

function compactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > RAW_STRING_MAX_CHARS ? `${value.slice(0, RAW_STRING_MAX_CHARS)}…` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (depth > RAW_MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    return value
      .slice(0, RAW_ARRAY_MAX_ITEMS)
      .map((entry) => compactValue(entry, depth + 1) ?? null);
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return compactObject(value, depth);
  return undefined;
}
