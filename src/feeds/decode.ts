/**
 * Bytes of a feed turned into text. Chinese feeds still come in GBK/GB2312 and sometimes lie
 * about their encoding, so the order is: byte-order mark, then the HTTP charset, then what the
 * document declares, then a guess (UTF-8 if the bytes are valid UTF-8, else GB18030).
 */

/** The text and how it was read, for messages and tests. */
export interface DecodedText {
  text: string;
  /** The WHATWG encoding name used, e.g. `utf-8`, `gbk`, `gb18030`. */
  encoding: string;
  /** Where the encoding came from. */
  via: 'bom' | 'http' | 'declaration' | 'guess';
}

/** How far into the document a declaration is looked for. */
const SNIFF_BYTES = 2048;
/** Up to one broken sequence per this many good non-ASCII characters still counts as UTF-8. */
const MAX_BROKEN_UTF8_RATIO = 100;

/**
 * Decodes feed bytes. `contentType` is the HTTP `Content-Type` header, when there was one.
 * Never throws: an unknown label falls back to the guess, invalid sequences become U+FFFD.
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const fromBom = bomEncoding(bytes);
  if (fromBom) return { text: decodeWith(bytes, fromBom), encoding: fromBom, via: 'bom' };

  const declared: [string | undefined, DecodedText['via']][] = [
    [charsetFromContentType(contentType), 'http'],
    [charsetFromDocument(bytes), 'declaration'],
  ];
  for (const [label, via] of declared) {
    const encoding = label === undefined ? undefined : supportedEncoding(label);
    if (!encoding) continue;
    // A UTF-16 label without a BOM is nearly always a copy-pasted declaration over UTF-8 bytes.
    if (encoding.startsWith('utf-16') && isValidUtf8(bytes)) break;
    // A server that stamps every response "utf-8" over a GBK file: ask the next source.
    if (encoding === 'utf-8' && !mostlyUtf8(bytes)) continue;
    return { text: decodeWith(bytes, encoding), encoding, via };
  }
  return guess(bytes);
}

/** The charset parameter of a Content-Type header value, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType);
  return match?.[1];
}

/** The encoding named by an XML declaration or an HTML meta tag near the start. */
export function charsetFromDocument(bytes: Uint8Array): string | undefined {
  const head = latin1(bytes.subarray(0, SNIFF_BYTES));
  const xml = /<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head);
  return meta?.[1];
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The WHATWG name for a label Node can decode; GB2312 is read as its superset GBK. */
function supportedEncoding(label: string): string | undefined {
  const normalized = label.trim().toLowerCase();
  const alias = normalized === 'gb2312' || normalized === 'gb_2312-80' ? 'gbk' : normalized;
  try {
    return new TextDecoder(alias).encoding;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function guess(bytes: Uint8Array): DecodedText {
  const encoding = mostlyUtf8(bytes) ? 'utf-8' : 'gb18030';
  return { text: decodeWith(bytes, encoding), encoding, via: 'guess' };
}

/**
 * True for valid UTF-8, and for UTF-8 with a few broken sequences (a truncated character in a
 * long feed), which GB18030 would turn into a page of wrong characters instead of one U+FFFD.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  if (isValidUtf8(bytes)) return true;
  const text = new TextDecoder('utf-8').decode(bytes);
  let nonAscii = 0;
  let replaced = 0;
  for (const char of text) {
    if (char === '\ufffd') replaced += 1;
    else if (char.charCodeAt(0) > 0x7f) nonAscii += 1;
  }
  return replaced * MAX_BROKEN_UTF8_RATIO < nonAscii;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  // The decoder drops a BOM that matches its own encoding, which is what a parser wants.
  return new TextDecoder(encoding).decode(bytes);
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}
