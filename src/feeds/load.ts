import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { toCandidate, type Candidate } from './candidate.js';
import { decodeBytes } from './decode.js';
import { parseFeedText } from './parse.js';

/** The candidates of one feed, or one sentence saying why the feed gave none. */
export type FeedResult =
  | { ok: true; source: string; name: string; candidates: Candidate[] }
  | { ok: false; source: string; message: string };

export interface LoadFeedOptions {
  /** Aborts the load; an abort is rethrown, never turned into a result. */
  signal: AbortSignal;
  /** First-seen time (epoch ms) for items without a usable date. */
  nowMs: number;
  /** Budget for fetching one URL (connect, headers and body). */
  timeoutMs: number;
  /** Position of this feed in the list given (0 = first). */
  sourceRank: number;
  /** Where a relative file path is read from: the working directory the person ran us in. */
  cwd?: string;
}

/** Feeds larger than this are refused rather than held in memory. */
const MAX_FEED_BYTES = 20 * 1024 * 1024;
const ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, ' +
  'application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

type Fetched =
  { ok: true; bytes: Uint8Array; contentType?: string } | { ok: false; message: string };

/**
 * Loads one feed from an http(s) URL or a local file and turns its items into candidates.
 * Never throws for a bad feed (unreachable, HTTP error, not a feed, malformed): the result then
 * carries one message saying what is wrong. Rethrows only when `signal` aborts.
 */
export async function loadFeed(source: string, options: LoadFeedOptions): Promise<FeedResult> {
  const fetched = isHttpUrl(source)
    ? await fetchUrl(source, options)
    : await readLocalFile(path.resolve(options.cwd ?? '.', source), options.signal);
  if (!fetched.ok) return { ok: false, source, message: fetched.message };

  const decoded = decodeBytes(fetched.bytes, fetched.contentType);
  const parsed = parseFeedText(decoded.text);
  if (!parsed.ok) return { ok: false, source, message: parsed.message };

  const name = parsed.name.replace(/\s+/g, ' ').trim() || fallbackName(source);
  const context = { source: name, sourceRank: options.sourceRank, nowMs: options.nowMs };
  const candidates = parsed.items.flatMap((item) => toCandidate(item, context) ?? []);
  if (candidates.length === 0) {
    const what = parsed.items.length === 0 ? 'has no items' : 'has no item with a title';
    return { ok: false, source, message: `the ${formatName(parsed.format)} ${what}` };
  }
  return { ok: true, source, name, candidates };
}

async function fetchUrl(url: string, options: LoadFeedOptions): Promise<Fetched> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  try {
    const response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: { accept: ACCEPT, 'user-agent': 'xhs-news (feed reader)' },
    });
    if (!response.ok) {
      await response.body?.cancel();
      const status = `${response.status} ${response.statusText}`.trim();
      return { ok: false, message: `HTTP ${status}` };
    }
    const bytes = await readCapped(response);
    if (!bytes) return { ok: false, message: `the feed is larger than ${MAX_FEED_BYTES} bytes` };
    return { ok: true, bytes, contentType: response.headers.get('content-type') ?? undefined };
  } catch (error) {
    options.signal.throwIfAborted();
    if (timeout.aborted) return { ok: false, message: `timed out after ${options.timeoutMs} ms` };
    return { ok: false, message: `could not fetch: ${networkReason(error)}` };
  }
}

/** The body, or `undefined` once it passes {@link MAX_FEED_BYTES}. */
async function readCapped(response: Response): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_FEED_BYTES) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    total += value.byteLength;
    if (total > MAX_FEED_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

async function readLocalFile(file: string, signal: AbortSignal): Promise<Fetched> {
  try {
    return { ok: true, bytes: await readFile(file, { signal }) };
  } catch (error) {
    signal.throwIfAborted();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `file not found: ${file}` };
    if (code === 'EISDIR') return { ok: false, message: `${file} is a folder, not a feed file` };
    if (code === 'EACCES') return { ok: false, message: `no permission to read ${file}` };
    return { ok: false, message: `could not read ${file}: ${errorText(error)}` };
  }
}

/** Why fetch failed, from the cause Node attaches (`ENOTFOUND`, `ECONNREFUSED`, …). */
function networkReason(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) {
    const code = (error.cause as NodeJS.ErrnoException).code;
    return code ? `${code} (${error.cause.message})` : error.cause.message;
  }
  return errorText(error);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isHttpUrl(source: string): boolean {
  return /^https?:\/\//i.test(source.trim());
}

/** A name for a feed that has no title: the host of a URL, the base name of a file. */
function fallbackName(source: string): string {
  if (isHttpUrl(source)) {
    try {
      return new URL(source.trim()).hostname;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
  }
  return path.basename(source, path.extname(source)) || source;
}

function formatName(format: string): string {
  const names: Record<string, string> = {
    rss: 'RSS feed',
    atom: 'Atom feed',
    rdf: 'RDF feed',
    json: 'JSON Feed',
    'hot-list': 'hot list',
  };
  return names[format] ?? 'feed';
}
