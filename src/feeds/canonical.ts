/**
 * Keys that say "this is the same story": a canonical URL and a normalized title, plus the
 * pieces of the fuzzy title match. Also used across runs to recognise stories already posted.
 */

/** Query parameters that only say where a click came from. */
const TRACKING_PARAMS = new Set([
  'spm',
  'from',
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'yclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  'ref',
  'ref_src',
  'share_from',
  'share_source',
  'share_token',
  'sharer_shareid',
  'tt_from',
  'isappinstalled',
  'wfr',
  'rss',
  '_hsenc',
  '_hsmi',
]);
const TRACKING_PREFIXES = ['utm_', 'ktm_'];

/** Host labels of mobile editions, which carry the same stories as the desktop site. */
const MOBILE_HOST_PREFIX = /^(?:m|wap|3g|mobile|www)\./;

/**
 * The link as a person should get it: tracking parameters and a plain fragment removed, host
 * lower-cased. Hash routes (`#/…`, `#!…`) are kept because they address the page. A string that
 * is not an http(s) URL is returned trimmed.
 */
export function cleanUrl(url: string): string {
  const parsed = parseHttpUrl(url);
  if (!parsed) return url.trim();
  parsed.search = keptQuery(parsed.search, false);
  if (!/^#[/!]/.test(parsed.hash)) parsed.hash = '';
  return parsed.toString();
}

/**
 * The comparison key of a link: {@link cleanUrl}, then the mobile or `www.` host label dropped
 * (`m.`, `wap.`, `3g.` and `www.` all map to the bare host), the scheme ignored, the default
 * port and a trailing slash removed, the remaining query parameters sorted. Not a link to
 * visit; a key to compare. Returns `''` for an empty input.
 */
export function canonicalUrl(url: string): string {
  const parsed = parseHttpUrl(url);
  if (!parsed) return url.trim();
  parsed.search = keptQuery(parsed.search, true);
  if (!/^#[/!]/.test(parsed.hash)) parsed.hash = '';
  const host = parsed.hostname.replace(/\.$/, '').replace(MOBILE_HOST_PREFIX, '');
  const port = parsed.port ? `:${parsed.port}` : '';
  const path = parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') : '';
  return `${host}${port}${path}${parsed.search}${parsed.hash}`;
}

/**
 * The comparison key of a headline: full-width forms folded to half-width (NFKC), lower-cased,
 * punctuation, symbols and spaces removed. `「新闻」 ２０２４！` and `新闻2024` give the same key.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s\p{Cc}\p{Cf}]/gu, '');
}

/** The set of adjacent character pairs of a normalized title. */
export function titleBigrams(normalizedTitle: string): Set<string> {
  const chars = Array.from(normalizedTitle);
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) bigrams.add(chars[i]! + chars[i + 1]!);
  return bigrams;
}

/** Dice coefficient of two bigram sets: 1 for the same set, 0 when nothing is shared. */
export function diceSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const bigram of a) if (b.has(bigram)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/**
 * The numbers a headline states, in order of value, as text (`3.5`, `2024`). Two headlines
 * about different figures (a 5 % and a 7 % rise) are different stories however alike they read.
 */
export function titleNumbers(title: string): string[] {
  const digits = title.normalize('NFKC').replace(/(\d),(?=\d{3}\b)/g, '$1');
  const numbers = digits.match(/\d+(?:\.\d+)?/g) ?? [];
  return numbers.map((n) => n.replace(/^0+(?=\d)/, '')).sort();
}

function parseHttpUrl(url: string): URL | undefined {
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    return new URL(trimmed);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * The query without tracking parameters. Works on the raw text so that the rest keeps its
 * original encoding (`URLSearchParams` would rewrite `==` in WeChat links as `%3D%3D`).
 */
function keptQuery(search: string, sorted: boolean): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(pair.split('=', 1)[0]!));
  if (sorted) kept.sort();
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}
