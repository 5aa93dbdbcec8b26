/**
 * Dates as Chinese feeds write them: RFC 822 (with or without a zone), ISO 8601, `YYYY-MM-DD`,
 * `YYYY-MM-DD HH:MM:SS`, sometimes still wrapped in CDATA. A date without a zone is Beijing
 * time, because these feeds are written in China.
 */

/** The zone assumed when a date names none: Asia/Shanghai, which has no daylight saving. */
const CHINA_OFFSET_MINUTES = 8 * 60;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** RFC 822 zone names, in minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -5 * 60,
  EDT: -4 * 60,
  // RFC 822 says US Central, but Chinese servers print "CST" for China Standard Time
  // (Java's Date.toString in Asia/Shanghai), and those are the feeds this tool reads.
  CST: 8 * 60,
  CDT: -5 * 60,
  MST: -7 * 60,
  MDT: -6 * 60,
  PST: -8 * 60,
  PDT: -7 * 60,
  BJT: 8 * 60,
};

const ISO_LIKE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,4})?$/;
const RFC_822 =
  /^(?:[A-Za-z]{2,9},?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s-]+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(\S+)?$/;

/**
 * Epoch milliseconds of a feed date, or `undefined` when the text is not a date this reader
 * understands (the caller then uses the first-seen time).
 */
export function parseFeedDate(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw
    .replace(/^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return undefined;
  return parseIsoLike(text) ?? parseRfc822(text);
}

/** Epoch milliseconds of a Unix timestamp in seconds or milliseconds, or `undefined`. */
export function parseTimestamp(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  // Seconds since 1970 stay below 1e11 until the year 5138; milliseconds pass it in 1973.
  return value < 1e11 ? value * 1000 : value;
}

function parseIsoLike(text: string): number | undefined {
  const m = ISO_LIKE.exec(text);
  if (!m) return undefined;
  const offset = zoneOffsetMinutes(m[8]);
  if (offset === undefined) return undefined;
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return utcFromParts(
    [Number(m[1]), Number(m[2]), Number(m[3]), num(m[4]), num(m[5]), num(m[6])],
    offset,
    fraction,
  );
}

function parseRfc822(text: string): number | undefined {
  const m = RFC_822.exec(text);
  if (!m) return undefined;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return undefined;
  const offset = zoneOffsetMinutes(m[7]);
  if (offset === undefined) return undefined;
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 70 ? 2000 : 1900;
  return utcFromParts([year, month, Number(m[1]), num(m[4]), num(m[5]), num(m[6])], offset, 0);
}

/** Minutes east of UTC for a zone token; no token means Beijing time; unknown is undefined. */
function zoneOffsetMinutes(token: string | undefined): number | undefined {
  if (token === undefined || token === '') return CHINA_OFFSET_MINUTES;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(token);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[token.toUpperCase()];
}

function utcFromParts(
  [year, month, day, hour, minute, second]: number[],
  offsetMinutes: number,
  fractionMs: number,
): number | undefined {
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (hour! > 23 || minute! > 59 || second! > 60) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March; such a date is not a date.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc + fractionMs - offsetMinutes * 60_000;
}

function num(part: string | undefined): number {
  return part === undefined ? 0 : Number(part);
}
