import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { loadFeed } from '../../src/feeds/load.js';
import { noStoriesSeen, selectCandidates } from '../../src/feeds/select.js';

/**
 * Real feeds from Chinese news sites, kept next to the project (never copied into it): each one
 * gives candidates with readable titles, or one clear message saying why it cannot.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.resolve(repoRoot, '../shared/feeds');
const files = existsSync(corpusDir)
  ? readdirSync(corpusDir)
      // Every file but the notes about them: a feed with an unexpected name is read too.
      .filter((name) => !/\.md$/i.test(name) && !name.startsWith('.'))
      .sort()
  : [];

const CJK = /[\u4e00-\u9fff]/;
const NOW_MS = Date.parse('2026-03-01T00:00:00Z');

function load(file: string, sourceRank = 0) {
  return loadFeed(path.join(corpusDir, file), {
    signal: new AbortController().signal,
    nowMs: NOW_MS,
    timeoutMs: 5_000,
    sourceRank,
  });
}

describe.skipIf(files.length === 0)('real feed corpus in ../shared/feeds', () => {
  it.each(files)('%s gives readable candidates or one clear message', async (file) => {
    const result = await load(file);

    if (file.startsWith('notafeed_')) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message).toMatch(/^not a feed: /);
      expect(result.message).not.toContain('\ufffd');
      return;
    }

    if (!result.ok) throw new Error(`${file}: ${result.message}`);
    expect(result.candidates.length).toBeGreaterThan(0);
    expect(result.name).not.toContain('\ufffd');
    for (const candidate of result.candidates) {
      expect(candidate.title).not.toContain('\ufffd');
      expect(candidate.title).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(Array.from(candidate.summary).length).toBeLessThanOrEqual(300);
      expect(Number.isNaN(Date.parse(candidate.publishedAt))).toBe(false);
    }
    if (file.startsWith('rdf_')) {
      expect(
        result.candidates.every((c) => /^[\x20-\x7e\u00a0-\u024f\u2010-\u203a]+$/.test(c.title)),
      ).toBe(true);
    } else {
      expect(result.candidates.some((c) => CJK.test(c.title))).toBe(true);
    }
  });

  it('reads the GB2312 feed as Chinese, its no-zone dates as Beijing time', async () => {
    const result = await load('rss2_qq-news-china_2018_gb2312.xml');
    if (!result.ok) throw new Error(result.message);
    expect(result.name).toBe('新闻国内');
    expect(result.candidates[0]?.publishedAt).toBe('2018-09-18T06:38:10.000Z');
  });

  it('strips the script players out of the people.cn summaries', async () => {
    const result = await load('rss2_people-cn-politics_2022_date-only-pubdate.xml');
    if (!result.ok) throw new Error(result.message);
    expect(result.candidates.some((c) => /showPlayer|<script/i.test(c.summary))).toBe(false);
  });

  it('keeps the JSON Feed items without date_published, dated by date_modified', async () => {
    const result = await load('jsonfeed1_sina-finance-7x24_2024_int-id-no-date-published.json');
    if (!result.ok) throw new Error(result.message);
    expect(result.candidates).toHaveLength(64);
    expect(result.candidates.every((c) => c.dateKnown)).toBe(true);
  });

  it('selects 15 stories across the whole corpus, one feed reported as failed', async () => {
    const results = await Promise.all(files.map((file, rank) => load(file, rank)));
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
    const seen = noStoriesSeen();
    const selected = selectCandidates(results, { limit: 15, maxAgeHours: 0, nowMs: NOW_MS, seen });
    expect(selected).toHaveLength(15);
  });
});
