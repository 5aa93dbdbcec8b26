/**
 * HTML fragments from feeds turned into plain text: what a headline or a summary shows.
 * A small hand-written pass, not a DOM: feed snippets are short, and the job is only to drop
 * markup, decode entities and collapse whitespace.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  laquo: '\u00ab',
  raquo: '\u00bb',
  lsaquo: '\u2039',
  rsaquo: '\u203a',
  middot: '\u00b7',
  bull: '\u2022',
  times: '\u00d7',
  divide: '\u00f7',
  plusmn: '\u00b1',
  deg: '\u00b0',
  permil: '\u2030',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  yen: '\u00a5',
  euro: '\u20ac',
  pound: '\u00a3',
  cent: '\u00a2',
  sect: '\u00a7',
  para: '\u00b6',
  shy: '\u00ad',
  zwsp: '\u200b',
  zwnj: '\u200c',
  zwj: '\u200d',
  larr: '\u2190',
  rarr: '\u2192',
  uarr: '\u2191',
  darr: '\u2193',
  hearts: '\u2665',
  star: '\u2606',
};

/** Elements whose content is never text a reader sees. */
const HIDDEN_ELEMENTS = ['script', 'style', 'iframe', 'noscript', 'template', 'object', 'svg'];

/** Elements that separate words; the others (b, a, span, …) join text without a space. */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'img',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
  'video',
]);

const HIDDEN_PATTERN = new RegExp(
  `<(${HIDDEN_ELEMENTS.join('|')})\\b[^>]*>[\\s\\S]*?(?:<\\/\\1\\s*>|$)`,
  'gi',
);
const TAG_PATTERN = /<\/?([a-zA-Z][a-zA-Z0-9:-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const ENTITY_PATTERN = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g;

/** Decodes named (common ones) and numeric character references; unknown names stay as they are. */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY_PATTERN, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) {
      const codePoint = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
      const valid =
        codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
      return valid ? String.fromCodePoint(codePoint) : whole;
    }
    const named = NAMED_ENTITIES[name!.toLowerCase()];
    return named ?? whole;
  });
}

/** Collapses runs of whitespace (including no-break and ideographic spaces) to one space. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u00ad\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Plain text of an HTML fragment: hidden elements (script, style, iframe, …) and comments are
 * dropped with their content, tags removed (block tags leave a space), entities decoded,
 * whitespace collapsed. Text that only looks like a tag, such as `<草根网>`, is kept.
 */
export function htmlToText(html: string): string {
  const withoutHidden = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(HIDDEN_PATTERN, ' ');
  const withoutTags = withoutHidden.replace(TAG_PATTERN, (_tag, name: string) =>
    BLOCK_ELEMENTS.has(name.toLowerCase()) ? ' ' : '',
  );
  return collapseWhitespace(decodeEntities(withoutTags));
}

/**
 * Cuts text to at most `maxChars` characters (code points, so CJK and emoji are never split),
 * ending with `…` when something was cut.
 */
export function truncateText(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return `${chars
    .slice(0, Math.max(0, maxChars - 1))
    .join('')
    .trimEnd()}…`;
}
