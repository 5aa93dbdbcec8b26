import {
  DetectError,
  MalformedError,
  ParseError,
  detectJsonFeed,
  parseFeed,
  parseJsonFeed,
} from 'feedsmith';

import type { FeedItem } from './candidate.js';
import { itemsOfFeed, type FeedItems } from './feed-items.js';
import { htmlToText, truncateText } from './html-text.js';
import { isHotList, itemsOfHotList } from './hot-list.js';
import { repairXml } from './repair-xml.js';

/** The kind of document a feed turned out to be. */
export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json' | 'hot-list';

/** Items of a document, or one sentence saying why the document gives none. */
export type ParseOutcome =
  | { ok: true; format: FeedFormat; name: string; items: FeedItem[]; repairs: string[] }
  | { ok: false; message: string };

/** How much of an unknown document a message quotes. */
const QUOTE_CHARS = 40;

/**
 * Parses decoded feed text: RSS 0.9x/2.0, Atom, RDF and JSON Feed (with feedsmith), and hot-list
 * JSON. XML that feedsmith rejects gets one lenient repair ({@link repairXml}) and a second try.
 * Never throws for a bad document; the message names what is wrong.
 */
export function parseFeedText(text: string): ParseOutcome {
  const body = text.replace(/^\ufeff/, '').trimStart();
  if (body === '') return { ok: false, message: 'the document is empty' };
  if (body.startsWith('{') || body.startsWith('[')) return parseJsonText(body);
  if (!body.startsWith('<')) {
    return {
      ok: false,
      message: `not a feed: the document is neither XML nor JSON (it starts with "${quote(body)}")`,
    };
  }
  if (isHtmlPage(body)) return htmlPageOutcome(body);
  return parseXmlText(body);
}

function parseXmlText(text: string): ParseOutcome {
  const first = tryFeedsmith(text);
  if ('items' in first) return { ok: true, ...first, repairs: [] };
  if (!(first.error instanceof MalformedError)) return { ok: false, message: first.message };

  const repaired = repairXml(text);
  if (repaired.repairs.length === 0) return { ok: false, message: first.message };
  const second = tryFeedsmith(repaired.text);
  if ('items' in second) return { ok: true, ...second, repairs: repaired.repairs };
  return {
    ok: false,
    message: `${first.message} (still broken after repairing ${repaired.repairs.join(', ')})`,
  };
}

type Attempt = (FeedItems & { format: FeedFormat }) | { error: unknown; message: string };

function tryFeedsmith(text: string): Attempt {
  try {
    const parsed = parseFeed(text);
    return { format: parsed.format, ...itemsOfFeed(parsed) };
  } catch (error) {
    return { error, message: describeXmlError(error, text) };
  }
}

function describeXmlError(error: unknown, text: string): string {
  if (error instanceof DetectError) {
    const root = rootElement(text);
    return root
      ? `not a feed: the XML root element is <${root}>, not <rss>, <feed> or <rdf:RDF>`
      : 'not a feed: no XML element found';
  }
  if (error instanceof MalformedError) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return `malformed XML: ${cause}`;
  }
  if (error instanceof ParseError) {
    return 'malformed feed: the document has no channel or feed element with content';
  }
  if (error instanceof Error) return `could not parse the feed: ${error.message}`;
  throw error;
}

function parseJsonText(text: string): ParseOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError)
      return { ok: false, message: `malformed JSON: ${error.message}` };
    throw error;
  }

  if (detectJsonFeed(value)) {
    try {
      const feed = parseJsonFeed(value);
      return { ok: true, format: 'json', repairs: [], ...itemsOfFeed({ format: 'json', feed }) };
    } catch (error) {
      if (error instanceof Error)
        return { ok: false, message: `malformed JSON Feed: ${error.message}` };
      throw error;
    }
  }
  if (isHotList(value))
    return { ok: true, format: 'hot-list', repairs: [], ...itemsOfHotList(value) };

  const keys =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? ` (its keys: ${Object.keys(value).slice(0, 8).join(', ') || 'none'})`
      : '';
  return {
    ok: false,
    message:
      'not a feed: JSON that is neither a JSON Feed nor a hot list with a "data" array' + keys,
  };
}

/** True for an HTML page: an HTML doctype or an `<html>` root after any prolog. */
function isHtmlPage(text: string): boolean {
  const head = text.slice(0, 4096);
  return /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html\b|<html[\s>])/i.test(
    head,
  );
}

function htmlPageOutcome(text: string): ParseOutcome {
  const titleMatch = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text);
  const title = titleMatch ? truncateText(htmlToText(titleMatch[1]!), QUOTE_CHARS * 2) : '';
  return {
    ok: false,
    message: `not a feed: the document is an HTML page${title ? ` titled "${title}"` : ''}`,
  };
}

function rootElement(text: string): string | undefined {
  const withoutProlog = text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '');
  return /<([a-zA-Z_][\w.:-]*)/.exec(withoutProlog)?.[1];
}

function quote(text: string): string {
  return truncateText(text.replace(/\s+/g, ' '), QUOTE_CHARS);
}
