/** The date a post shows for its story, as Chinese readers write it. */

/** The news is Chinese, so its calendar day is Beijing's, wherever the batch runs. */
const NEWS_TIME_ZONE = 'Asia/Shanghai';

/** A published time this far ahead of the clock is a feed error, not the story's date. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

const formatter = new Intl.DateTimeFormat('zh-CN', {
  timeZone: NEWS_TIME_ZONE,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/**
 * Formats the story's day in Beijing time, e.g. "2026年5月1日". Uses `publishedAt` (ISO 8601)
 * when it parses and is not more than a day in the future; otherwise the day of `nowMs`.
 */
export function newsDateText(publishedAt: string, nowMs: number): string {
  const publishedMs = Date.parse(publishedAt);
  const usable = Number.isFinite(publishedMs) && publishedMs <= nowMs + FUTURE_TOLERANCE_MS;
  return formatter.format(new Date(usable ? publishedMs : nowMs));
}
