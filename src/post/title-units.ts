/**
 * Xiaohongshu's length rules for a note: title units, body characters, topic count.
 *
 * The publish page counts a title in units: a CJK (or other wide) character is 2 units, an
 * ASCII character 1, and 40 units are allowed (the page shows this to people as "20").
 */

/** Most title units the publish page accepts (shown to people as 20). */
export const TITLE_MAX_UNITS = 40;

/**
 * Most body characters the publish page accepts, counted in Unicode code points (see
 * {@link bodyChars}).
 */
export const BODY_MAX_CHARS = 1000;

/** Most topics (`#话题`) one note may carry. */
export const TOPICS_MAX = 10;

const ELLIPSIS = '…';

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** Splits text into user-perceived characters (an emoji with modifiers stays whole). */
export function graphemes(s: string): string[] {
  return Array.from(segmenter.segment(s), (part) => part.segment);
}

/**
 * A grapheme is narrow (1 unit) only when every code point in it is ASCII or a half-width
 * form (half-width katakana, half-width Hangul and symbols, U+FF61–U+FFEE minus the
 * full-width signs). Everything else counts 2: the page's exact table is not published, and
 * counting a doubtful character wide only shortens a title, while counting it narrow can make
 * the page reject the title. Emoji are 2, as in the width tables other Xiaohongshu tools use.
 */
function graphemeUnits(grapheme: string): 1 | 2 {
  for (const char of grapheme) {
    const code = char.codePointAt(0) ?? 0;
    const isAscii = code <= 0x7f;
    const isHalfWidth = (code >= 0xff61 && code <= 0xffdc) || (code >= 0xffe8 && code <= 0xffee);
    if (!isAscii && !isHalfWidth) return 2;
  }
  return 1;
}

/** Title length in Xiaohongshu units: wide characters and emoji 2, ASCII/half-width 1. */
export function titleUnits(s: string): number {
  let units = 0;
  for (const grapheme of graphemes(s)) units += graphemeUnits(grapheme);
  return units;
}

/**
 * Shortens `s` to at most `maxUnits` title units. A cut falls on a grapheme boundary and ends
 * with '…' (2 units, counted inside the budget); text that fits is returned unchanged.
 */
export function clampTitle(s: string, maxUnits: number = TITLE_MAX_UNITS): string {
  if (titleUnits(s) <= maxUnits) return s;

  const budget = maxUnits - titleUnits(ELLIPSIS);
  if (budget < 0) return '';

  let kept = '';
  let used = 0;
  for (const grapheme of graphemes(s)) {
    const units = graphemeUnits(grapheme);
    if (used + units > budget) break;
    kept += grapheme;
    used += units;
  }
  return kept.trimEnd() + ELLIPSIS;
}

/**
 * Body length in Unicode code points.
 *
 * Why code points: for every character of the Basic Multilingual Plane (all common CJK,
 * ASCII, Chinese punctuation) code points, UTF-16 units and graphemes agree, so the choice
 * only matters for astral characters such as emoji and rare ideographs. A grapheme count
 * would undercount a joined emoji (one grapheme, up to seven code points) against any
 * counter the page could use; a code point is one "character" to every counter that is not
 * UTF-16 based. The page's own rule is not recorded in the site notes; composed bodies stay
 * well under the limit with BMP text, where all three counts are equal.
 */
export function bodyChars(s: string): number {
  return Array.from(s).length;
}

/**
 * What the topics add to the body as the creator center counts it: each is typed after a space
 * and becomes `#name[话题]#` in the editor's text, inside the same 1000 characters.
 */
export function topicChars(topics: readonly string[]): number {
  return topics.reduce((sum, name) => sum + 1 + bodyChars(`#${name}[话题]#`), 0);
}

/** Keeps the longest start of `s` that fits in `maxChars` code points, cut between graphemes. */
export function sliceChars(s: string, maxChars: number): string {
  let kept = '';
  let used = 0;
  for (const grapheme of graphemes(s)) {
    const size = bodyChars(grapheme);
    if (used + size > maxChars) break;
    kept += grapheme;
    used += size;
  }
  return kept;
}
