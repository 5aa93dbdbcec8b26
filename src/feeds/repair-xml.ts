/**
 * A lenient second chance for XML feeds that a parser rejects. Each repair fixes one mistake
 * that real Chinese feeds make and that has only one sensible reading; anything else is left
 * broken and reported.
 */

/** The repaired text and the names of the repairs that changed something. */
export interface RepairResult {
  text: string;
  repairs: string[];
}

/** Markup sections whose content must not be touched: CDATA, comments, processing instructions. */
const VERBATIM_SECTION =
  /(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>)/i;
const BARE_AMPERSAND = /&(?!(?:[a-zA-Z][a-zA-Z0-9._-]*|#\d+|#x[0-9a-fA-F]+);)/g;
/** A `<` that cannot open a tag: not followed by a name start, `/`, `!` or `?`. */
const BARE_LESS_THAN = /<(?![a-zA-Z_/!?])/g;

/**
 * Repairs, in order: a byte-order mark or blank lines before the declaration; bare `&` that
 * starts no entity (in WeChat links like `?__biz=…&mid=…`); a `<` in text that cannot start a
 * tag (`《<草根网>的前途》`); junk after the root element's end tag.
 */
export function repairXml(text: string): RepairResult {
  const repairs: string[] = [];
  let current = text;
  const apply = (name: string, next: string): void => {
    if (next !== current) repairs.push(name);
    current = next;
  };

  apply('leading byte-order mark or blank lines', current.replace(/^[\ufeff\s]+(?=<)/, ''));
  apply(
    'bare "&"',
    mapOutsideVerbatim(current, (s) => s.replace(BARE_AMPERSAND, '&amp;')),
  );
  apply(
    'bare "<" in text',
    mapOutsideVerbatim(current, (s) => s.replace(BARE_LESS_THAN, '&lt;')),
  );
  apply('text after the root element', cutAfterRoot(current));
  return { text: current, repairs };
}

function mapOutsideVerbatim(text: string, fix: (markup: string) => string): string {
  return text
    .split(VERBATIM_SECTION)
    .map((part, index) => (index % 2 === 1 ? part : fix(part)))
    .join('');
}

/** Cuts everything after the last end tag of the root element, if the root is known. */
function cutAfterRoot(text: string): string {
  const withoutProlog = text.split(VERBATIM_SECTION).map((part, index) =>
    // Blank out CDATA, comments and declarations so their content cannot pose as the root.
    index % 2 === 1 ? ' '.repeat(part.length) : part,
  );
  const flat = withoutProlog.join('');
  const root = /<([a-zA-Z_][\w.:-]*)[\s>/]/.exec(flat)?.[1];
  if (!root) return text;
  const endTag = `</${root}>`;
  const end = flat.lastIndexOf(endTag);
  if (end < 0) return text;
  return text.slice(0, end + endTag.length);
}
