/**
 * Turns a feed headline into a clean post title: no source tags, site suffixes or wrapping
 * quotes.
 */

import { toOneLine } from './text.js';

/** Quote pairs that may wrap a whole headline. */
const WRAPPING_QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['“', '”'],
  ['"', '"'],
  ['‘', '’'],
  ["'", "'"],
  ['「', '」'],
  ['『', '』'],
];

/**
 * A trailing "<separator> <site>" part, as news sites append to their titles
 * ("… - 澎湃新闻", "…｜界面新闻", "…_新浪网"). A plain hyphen counts only with spaces round it,
 * so "A股-沪指" stays whole.
 */
const SUFFIX = /(?:\s+[-–—|]\s+|\s*[｜_]\s*)([^-–—|｜_]{1,24})$/u;

/** Words that end the name of an outlet, so a suffix ending in one of them is a site name. */
const OUTLET_ENDING =
  /(?:网|报|社|台|新闻|频道|客户端|头条|在线|周刊|财经|资讯|观察|\.com|\.cn|\.net|News)$/iu;

/** Drops 【…】 tags (usually the outlet); keeps their content when nothing else is left. */
function dropBracketTags(title: string): string {
  const without = title.replace(/【[^】]*】/gu, ' ').trim();
  if (without.length > 0) return without;
  return title.replace(/[【】]/gu, ' ').trim();
}

function dropSiteSuffix(title: string, source: string): string {
  let result = title;
  // Some sites stack two suffixes ("… - 国内 - 某某网").
  for (let round = 0; round < 2; round += 1) {
    const match = SUFFIX.exec(result);
    if (!match) break;

    const suffix = (match[1] ?? '').trim();
    const rest = result.slice(0, match.index).trim();
    const namesSource = source.length > 0 && (suffix.includes(source) || source.includes(suffix));
    if (rest.length === 0 || !(namesSource || OUTLET_ENDING.test(suffix))) break;
    result = rest;
  }
  return result;
}

function dropWrappingQuotes(title: string): string {
  for (const [open, close] of WRAPPING_QUOTES) {
    const inner = title.slice(open.length, title.length - close.length);
    const wraps = title.length > open.length + close.length;
    if (wraps && title.startsWith(open) && title.endsWith(close) && !inner.includes(close)) {
      return inner.trim();
    }
  }
  return title;
}

/**
 * Cleans a feed headline for use as a post title: one line, no 【source】 tags, no trailing
 * " - 来源" style site suffix, no quotes wrapping the whole title. Not length-limited; see
 * `clampTitle` for that.
 */
export function cleanHeadline(headline: string, source = ''): string {
  let title = toOneLine(headline);
  title = dropBracketTags(title);
  title = dropSiteSuffix(title, source.trim());
  title = dropWrappingQuotes(title);
  return toOneLine(title);
}
