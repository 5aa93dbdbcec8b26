import { describe, expect, it } from 'vitest';

import type { Candidate } from './candidate.js';
import type { FeedResult } from './load.js';
import {
  isSeen,
  noStoriesSeen,
  seenFromRecords,
  selectCandidates,
  selectStories,
  storyScore,
  type SeenStories,
} from './select.js';

const NOW_MS = Date.parse('2025-06-15T12:00:00Z');
const HOUR_MS = 60 * 60 * 1000;
const hoursAgo = (hours: number) => new Date(NOW_MS - hours * HOUR_MS).toISOString();
const noneSeen = (): SeenStories => noStoriesSeen();

let nextId = 0;
function candidate(fields: Partial<Candidate> & { title: string }): Candidate {
  nextId += 1;
  return {
    id: `id-${nextId}`,
    summary: '',
    url: `https://example.com/story/${nextId}`,
    source: '来源甲',
    publishedAt: hoursAgo(1),
    dateKnown: true,
    sourceRank: 0,
    coverage: 1,
    raw: {},
    ...fields,
  };
}

function feed(source: string, candidates: Candidate[]): FeedResult {
  return { ok: true, source, name: source, candidates };
}

function select(
  results: FeedResult[],
  options: { maxAgeHours?: number; seen?: SeenStories; limit?: number } = {},
) {
  return selectCandidates(results, {
    limit: options.limit ?? 100,
    maxAgeHours: options.maxAgeHours ?? 72,
    nowMs: NOW_MS,
    seen: options.seen ?? noneSeen(),
  });
}

describe('selectCandidates: freshness window', () => {
  const stories = [
    candidate({ title: '今天的新闻', publishedAt: hoursAgo(2) }),
    candidate({ title: '四天前的新闻', publishedAt: hoursAgo(96) }),
    candidate({ title: '日期不明的热榜', publishedAt: hoursAgo(0), dateKnown: false }),
  ];

  it('drops stories older than maxAgeHours and keeps undated ones', () => {
    const titles = select([feed('甲', stories)], { maxAgeHours: 72 }).map((c) => c.title);
    expect(titles).toContain('今天的新闻');
    expect(titles).toContain('日期不明的热榜');
    expect(titles).not.toContain('四天前的新闻');
  });

  it('keeps every story when maxAgeHours is 0', () => {
    expect(select([feed('甲', stories)], { maxAgeHours: 0 })).toHaveLength(3);
  });
});

describe('selectStories: what was left out', () => {
  it('counts the stories left out as too old and as already posted', () => {
    const posted = seenFromRecords([{ news: { id: 'done', url: '', title: '已发' } }]);
    const selection = selectStories(
      [
        feed('甲', [
          candidate({ title: '今天的新闻' }),
          candidate({ title: '港口吞吐量创新高', publishedAt: hoursAgo(96) }),
          candidate({ title: '山区小学迎来新校舍', publishedAt: hoursAgo(120) }),
          candidate({ id: 'done', title: '已发' }),
        ]),
      ],
      { limit: 10, maxAgeHours: 72, nowMs: NOW_MS, seen: posted },
    );
    expect(selection.candidates.map((c) => c.title)).toEqual(['今天的新闻']);
    expect(selection).toMatchObject({ tooOld: 2, alreadyPosted: 1 });
  });
});

describe('selectCandidates: stories already posted', () => {
  const posted = {
    news: {
      id: 'old-id',
      url: 'https://m.example.com/posted/?utm_source=x',
      title: '「已发」新闻！',
    },
  };

  it('drops a story whose id, canonical URL or normalized title was posted', () => {
    const seen = seenFromRecords([posted]);
    const results = [
      feed('甲', [
        candidate({ id: 'old-id', title: '同一编号' }),
        candidate({ title: '同一链接', url: 'https://www.example.com/posted' }),
        candidate({ title: '已发新闻' }),
        candidate({ title: '全新的故事' }),
      ]),
    ];
    expect(select(results, { seen }).map((c) => c.title)).toEqual(['全新的故事']);
  });

  it('drops a story that another outlet reworded after it was posted, when the numbers agree', () => {
    const seen = seenFromRecords([
      { news: { id: 'x', url: '', title: '国务院常务会议部署稳就业' } },
      { news: { id: 'y', url: '', title: '5月CPI同比上涨0.2%' } },
    ]);
    const results = [
      feed('甲', [
        candidate({ title: '国务院常务会议：部署稳就业举措' }),
        candidate({ title: '6月CPI同比上涨0.2%' }),
      ]),
    ];
    expect(select(results, { seen }).map((c) => c.title)).toEqual(['6月CPI同比上涨0.2%']);
  });

  it('drops a story when any merged copy was posted, not only the one that represents it', () => {
    const seen = seenFromRecords([posted]);
    const results = [
      feed('甲', [candidate({ title: '换了标题的报道', url: 'https://example.com/other' })]),
      feed('乙', [
        candidate({ title: '另一个来源', url: 'https://example.com/other', sourceRank: 1 }),
      ]),
      feed('丙', [
        candidate({ title: '已发新闻', url: 'https://example.com/other', sourceRank: 2 }),
      ]),
    ];
    expect(select(results, { seen })).toEqual([]);
  });

  it('builds seen keys from records and matches candidates against them', () => {
    const seen = seenFromRecords([posted, { news: { id: '', url: '', title: '' } }]);
    expect(seen.ids).toEqual(new Set(['old-id']));
    expect(seen.urls).toEqual(new Set(['example.com/posted']));
    expect(seen.titles).toEqual(new Set(['已发新闻']));
    expect(isSeen(candidate({ title: '其他', url: 'http://wap.example.com/posted#x' }), seen)).toBe(
      true,
    );
    expect(isSeen(candidate({ title: '其他' }), seen)).toBe(false);
  });
});

describe('selectCandidates: ranking', () => {
  it('ranks a story two feeds carry above a fresher one-feed story, and the first feed above the second', () => {
    const results = [
      feed('甲', [
        candidate({ title: '甲源的文化展览消息', publishedAt: hoursAgo(24) }),
        candidate({ title: '刚刚发生的事', publishedAt: hoursAgo(0) }),
        candidate({
          title: '两家都报道的要闻',
          publishedAt: hoursAgo(12),
          url: 'https://example.com/shared',
        }),
      ]),
      feed('乙', [
        candidate({
          title: '乙源的同一要闻',
          publishedAt: hoursAgo(10),
          url: 'https://example.com/shared',
          source: '来源乙',
          sourceRank: 1,
        }),
        candidate({
          title: '乙源的地方体育消息',
          publishedAt: hoursAgo(24),
          source: '来源乙',
          sourceRank: 1,
        }),
      ]),
    ];
    expect(select(results).map((c) => c.title)).toEqual([
      '两家都报道的要闻',
      '刚刚发生的事',
      '甲源的文化展览消息',
      '乙源的地方体育消息',
    ]);
  });

  it('scores by the documented formula', () => {
    const fresh = candidate({ title: 'x', publishedAt: hoursAgo(0) });
    expect(storyScore(fresh, NOW_MS)).toBeCloseTo(1 + 0.5);
    const dayOldTwoSources = candidate({
      title: 'x',
      publishedAt: hoursAgo(24),
      coverage: 2,
      sourceRank: 1,
    });
    expect(storyScore(dayOldTwoSources, NOW_MS)).toBeCloseTo(0.5 + 0.5 + 0.25);
    const undated = candidate({ title: 'x', dateKnown: false, sourceRank: 3 });
    expect(storyScore(undated, NOW_MS)).toBeCloseTo(0.5 + 0.125);
  });

  it('keeps feed order among equal scores, skips failed feeds and takes at most limit', () => {
    const undated = ['榜一', '榜二', '榜三'].map((title) => candidate({ title, dateKnown: false }));
    const failed: FeedResult = { ok: false, source: 'bad.xml', message: 'HTTP 404 Not Found' };
    expect(select([failed, feed('榜', undated)], { limit: 2 }).map((c) => c.title)).toEqual([
      '榜一',
      '榜二',
    ]);
  });
});
