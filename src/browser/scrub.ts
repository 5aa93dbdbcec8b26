/**
 * Removes what must never reach the disk from page HTML and console text: scripts (they carry
 * bootstrap state with session data), and any value that looks like a token, a cookie, a
 * signature or a session id. What is left is enough to see what the page showed.
 */
export function scrubHtml(html: string): string {
  const withoutScripts = html
    .replaceAll(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '<script>/* removed */</script>')
    .replaceAll(/<script\b[^>]*\/>/gi, '')
    .replaceAll(/<iframe\b[^>]*\bsrcdoc\s*=\s*("[^"]*"|'[^']*')/gi, '<iframe srcdoc=""');
  return scrubText(scrubSecretAttributes(withoutScripts));
}

const SECRET_WORDS = [
  'token',
  'session',
  'secret',
  'passw(?:or)?d',
  'cookie',
  'auth',
  'csrf',
  'xsrf',
  'sig',
  'signature',
  'api[_-]?key',
  'credential',
  'bearer',
];
const SECRET_NAME = String.raw`[\w.-]*(?:${SECRET_WORDS.join('|')})[\w.-]*`;
const SECRET_NAME_RE = new RegExp(`^${SECRET_NAME}$`, 'i');

/** Attributes whose name says secret, and the value of every hidden input. */
function scrubSecretAttributes(html: string): string {
  return html
    .replaceAll(/<[a-z][^<>]*>/gi, (tag) =>
      tag.replaceAll(
        /([\s"'])([\w:.-]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)/g,
        (whole, before: string, name: string, eq: string) =>
          SECRET_NAME_RE.test(name) ||
          (name.toLowerCase() === 'value' && /type\s*=\s*["']?hidden/i.test(tag))
            ? `${before}${name}${eq}"[scrubbed]"`
            : whole,
      ),
    )
    .replaceAll(
      /(<meta\b[^>]*\bname\s*=\s*["']?[^"'>]*(?:token|csrf|session)[^>]*\bcontent\s*=\s*)("[^"]*"|'[^']*')/gi,
      '$1"[scrubbed]"',
    );
}

const KEY_VALUE_RE = new RegExp(
  String.raw`(["']?${SECRET_NAME}["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s&;,"'<>)]+)`,
  'gi',
);
const JWT_RE = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const BEARER_RE = /\b(Bearer\s+)[\w.~+/=-]+/gi;
// Long opaque runs (session ids, signatures, API keys). Plain words and paths do not match:
// the run must mix letters and digits and has no slash. Image file ids and conversation UUIDs
// are not secrets and evidence needs them.
const OPAQUE_RE =
  /\b(?!file_|file-)(?![0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b)(?=[\w+=-]*\d)(?=[\w+=-]*[A-Za-z])[\w+=-]{32,}\b/g;

/** Scrubs token-like values from any text: console lines, step details, messages. */
export function scrubText(text: string): string {
  return text
    .replaceAll(JWT_RE, '[scrubbed-jwt]')
    .replaceAll(BEARER_RE, '$1[scrubbed]')
    .replaceAll(KEY_VALUE_RE, (_whole, key: string, value: string) => {
      if (value.startsWith('"[scrubbed')) return `${key}${value}`;
      // A bare value (a URL parameter inside an attribute) stays bare, so quoting holds.
      return /^["']/.test(value) ? `${key}"[scrubbed]"` : `${key}[scrubbed]`;
    })
    .replaceAll(OPAQUE_RE, '[scrubbed]');
}

/**
 * Scrubs every string inside a JSON-like value, returning a copy; a string under a key named like
 * a secret is blanked whole. Keys themselves stay. Used for records such as `attempt.json`:
 * scrubbing the serialized text instead could break its quoting and leave invalid JSON.
 */
export function scrubValue<T>(value: T): T {
  return scrubNode(value) as T;
}

function scrubNode(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map(scrubNode);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        typeof inner === 'string' && SECRET_NAME_RE.test(key) ? '[scrubbed]' : scrubNode(inner),
      ]),
    );
  }
  return value;
}
