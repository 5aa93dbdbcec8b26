/** Small text helpers shared by the post composer: whitespace and sentence-aware cutting. */

import { bodyChars, sliceChars } from './title-units.js';

/** Sentence-ending marks after which a cut reads as a finished sentence. */
const SENTENCE_END = /[。！？!?；;…]|\.(?=\s|$)/gu;

/** Closing quotes and brackets that belong to the sentence they close. */
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '"', "'", '》']);

/**
 * Collapses every run of whitespace (newlines, full-width and no-break spaces too) to one
 * space.
 */
export function toOneLine(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/**
 * Tidies multi-line text: spaces inside a line collapse to one, lines are trimmed, empty lines
 * are dropped.
 */
export function tidyLines(s: string): string {
  return s
    .split(/\r?\n|\r/u)
    .map((line) => line.replace(/[^\S\r\n]+/gu, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * Shortens `s` to at most `maxChars` code points. It prefers to end after the last sentence
 * mark that keeps at least `minKeepRatio` of the budget; otherwise it cuts between graphemes and
 * ends with '…' (inside the budget). Text that fits is returned unchanged.
 */
export function cutAtSentence(s: string, maxChars: number, minKeepRatio = 0.5): string {
  if (bodyChars(s) <= maxChars) return s;
  if (maxChars <= 0) return '';

  const window = sliceChars(s, maxChars);
  let bestEnd = -1;
  for (const match of window.matchAll(SENTENCE_END)) {
    let end = match.index + match[0].length;
    while (end < window.length && CLOSERS.has(window.charAt(end))) end += 1;
    bestEnd = end;
  }

  if (bestEnd > 0 && bodyChars(window.slice(0, bestEnd)) >= maxChars * minKeepRatio) {
    return window.slice(0, bestEnd).trimEnd();
  }
  return sliceChars(s, maxChars - 1).trimEnd() + '…';
}
