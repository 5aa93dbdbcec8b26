import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadFeed, type FeedResult, type LoadFeedOptions } from './load.js';
import { noStoriesSeen, selectCandidates } from './select.js';

const NOW_MS = Date.parse('2025-06-15T13:00:00Z');
const options = (overrides: Partial<LoadFeedOptions> = {}): LoadFeedOptions => ({
  signal: new AbortController().signal,
  nowMs: NOW_MS,
  timeoutMs: 5_000,
  sourceRank: 0,
  ...overrides,
});

/** '新闻' in GBK: 新 = D0 C2, 闻 = CE C5. */
const XINWEN_GBK = Buffer.from([0xd0, 0xc2, 0xce, 0xc5]);
/** A GBK RSS feed whose channel and item titles are '新闻' and whose only declaration is HTTP's. */
const GBK_RSS = Buffer.concat([
  Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>'),
  XINWEN_GBK,
  Buffer.from('</title><item><title>'),
  XINWEN_GBK,
  Buffer.from('</title><link>https://example.com/x</link>'),
  Buffer.from('<pubDate>2025-06-15 18:00:00</pubDate></item></channel></rss>'),
]);

function expectOk(result: FeedResult): Extract<FeedResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected candidates, got: ${result.message}`);
  return result;
}

function expectFailure(result: FeedResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${result.candidates.length} candidates`);
  return result.message;
}

describe('loadFeed over HTTP', () => {
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/gbk.xml') {
        response.writeHead(200, { 'content-type': 'application/rss+xml; charset=GBK' });
        response.end(GBK_RSS);
      } else if (request.url === '/slow.xml') {
        const timer = setTimeout(() => response.end('<rss version="2.0"></rss>'), 5_000);
        response.on('close', () => clearTimeout(timer));
      } else {
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<html><title>Not Found</title></html>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('decodes with the charset of the Content-Type header', async () => {
    const result = expectOk(await loadFeed(`${base}/gbk.xml`, options({ sourceRank: 3 })));
    expect(result.name).toBe('新闻');
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]).toMatchObject({
      title: '新闻',
      source: '新闻',
      sourceRank: 3,
      publishedAt: '2025-06-15T10:00:00.000Z',
    });
  });

  it('turns a 404 into a message', async () => {
    expect(expectFailure(await loadFeed(`${base}/missing.xml`, options()))).toBe(
      'HTTP 404 Not Found',
    );
  });

  it('gives up after timeoutMs with a message', async () => {
    const message = expectFailure(await loadFeed(`${base}/slow.xml`, options({ timeoutMs: 200 })));
    expect(message).toBe('timed out after 200 ms');
  });

  it('rethrows when the caller aborts', async () => {
    const controller = new AbortController();
    const loading = loadFeed(`${base}/slow.xml`, options({ signal: controller.signal }));
    setTimeout(() => controller.abort(new DOMException('stop', 'AbortError')), 50);
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('says why an unreachable host could not be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const message = expectFailure(await loadFeed(`http://127.0.0.1:${port}/`, options()));
    expect(message).toMatch(/^could not fetch: ECONNREFUSED/);
  });
});

describe('loadFeed from files', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xhs-news-feeds-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a GB2312-declared feed file', async () => {
    const file = path.join(dir, 'gb2312.xml');
    const declared = Buffer.from(
      GBK_RSS.toString('latin1').replace(
        '<?xml version="1.0"?>',
        '<?xml version="1.0" encoding="gb2312"?>',
      ),
      'latin1',
    );
    await writeFile(file, declared);
    const result = expectOk(await loadFeed(file, options()));
    expect(result.candidates[0]?.title).toBe('新闻');
  });

  it('names a missing file', async () => {
    const file = path.join(dir, 'nope.xml');
    expect(expectFailure(await loadFeed(file, options()))).toBe(`file not found: ${file}`);
  });

  it('reports a feed without items', async () => {
    const file = path.join(dir, 'empty.json');
    await writeFile(file, '{"id":"kr36-hot.1","data":[]}');
    expect(expectFailure(await loadFeed(file, options()))).toBe('the hot list has no items');
  });

  it('falls back to the file name when a hot list has no name', async () => {
    const file = path.join(dir, 'ithome-hot.json');
    await writeFile(file, '{"data":[{"title":"热榜条目","url":"https://m.example.com/1"}]}');
    const result = expectOk(await loadFeed(file, options()));
    expect(result.name).toBe('ithome-hot');
    expect(result.candidates[0]).toMatchObject({
      dateKnown: false,
      publishedAt: new Date(NOW_MS).toISOString(),
    });
  });
});

describe('the example feeds', () => {
  const examples = path.resolve(fileURLToPath(import.meta.url), '../../../examples');

  it('load, merge their duplicates, and leave at least 16 distinct stories', async () => {
    const rss = expectOk(await loadFeed(path.join(examples, 'daily-news.xml'), options()));
    const hot = expectOk(
      await loadFeed(path.join(examples, 'hot-list.json'), options({ sourceRank: 1 })),
    );
    expect(rss.candidates).toHaveLength(18);
    expect(hot.candidates).toHaveLength(6);

    const seen = noStoriesSeen();
    const selected = selectCandidates([rss, hot], {
      limit: 100,
      maxAgeHours: 0,
      nowMs: NOW_MS,
      seen,
    });
    expect(selected.length).toBeGreaterThanOrEqual(16);
    expect(selected.length).toBeLessThan(24);
    expect(selected.some((c) => c.coverage === 2)).toBe(true);
    expect(selected.filter((c) => c.title.includes('耐盐碱水稻'))).toHaveLength(1);
    expect(selected.filter((c) => c.title.includes('暴雨蓝色预警'))).toHaveLength(1);
  });
});
