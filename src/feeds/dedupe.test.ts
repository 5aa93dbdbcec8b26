import { describe, expect, it } from 'vitest';

import type { Candidate } from './candidate.js';
import {
  dedupeCandidates,
  dedupeStories,
  mergeBySourceGuid,
  mergeByFuzzyTitle,
  mergeByTitle,
  mergeByUrl,
  mergeMembers,
  toGroups,
  type StoryGroup,
} from './dedupe.js';

let nextId = 0;
function candidate(fields: Partial<Candidate> & { title: string }): Candidate {
  nextId += 1;
  return {
    id: `id-${nextId}`,
    summary: '',
    url: `https://example.com/unique/${nextId}`,
    source: '来源甲',
    publishedAt: '2025-06-15T10:00:00.000Z',
    dateKnown: true,
    sourceRank: 0,
    coverage: 1,
    raw: {},
    ...fields,
  };
}

const titlesOf = (groups: StoryGroup[]) => groups.map((g) => g.members.map((m) => m.title));
const HOUR_MS = 60 * 60 * 1000;
const at = (hoursAfter: number) =>
  new Date(Date.parse('2025-06-15T10:00:00Z') + hoursAfter * HOUR_MS).toISOString();

/** Every layer except the one named, in pipeline order. */
function layersWithout(skip: string, candidates: Candidate[]): StoryGroup[] {
  const layers: [string, (g: readonly StoryGroup[]) => StoryGroup[]][] = [
    ['guid', mergeBySourceGuid],
    ['url', mergeByUrl],
    ['title', (g) => mergeByTitle(g)],
    ['fuzzy', (g) => mergeByFuzzyTitle(g)],
  ];
  return layers
    .filter(([name]) => name !== skip)
    .reduce((groups, [, layer]) => layer(groups), toGroups(candidates));
}

describe('layer (a): same source + guid', () => {
  const pair = [
    candidate({ id: 'same-guid', title: '国务院常务会议召开', url: 'https://example.com/a' }),
    candidate({ id: 'same-guid', title: '更新：会议部署3项工作', url: 'https://example.com/a-v2' }),
  ];

  it('merges an item the feed re-published under the same guid', () => {
    expect(mergeBySourceGuid(toGroups(pair))).toHaveLength(1);
    expect(dedupeCandidates(pair)).toHaveLength(1);
  });

  it('is the only layer that catches it', () => {
    expect(layersWithout('guid', pair)).toHaveLength(2);
  });
});

describe('layer (b): canonical URL', () => {
  const pair = [
    candidate({ title: '央行宣布降准', url: 'https://www.example.com/n/1?utm_source=weibo' }),
    candidate({
      title: '货币政策出现新动向',
      url: 'https://m.example.com/n/1/#comments',
      source: '来源乙',
    }),
  ];

  it('merges copies whose links differ only by tracking, mobile host, slash and fragment', () => {
    expect(mergeByUrl(toGroups(pair))).toHaveLength(1);
    expect(dedupeCandidates(pair)).toHaveLength(1);
  });

  it('is the only layer that catches it', () => {
    expect(layersWithout('url', pair)).toHaveLength(2);
  });

  it('keeps links with different significant parameters apart', () => {
    const apart = [
      candidate({ title: '甲', url: 'https://example.com/n?id=1' }),
      candidate({ title: '乙', url: 'https://example.com/n?id=2' }),
    ];
    expect(mergeByUrl(toGroups(apart))).toHaveLength(2);
  });
});

describe('layer (c): normalized title within 48 h', () => {
  it('merges full-width and punctuation variants of one headline', () => {
    const pair = [
      candidate({ title: '「央行」宣布：降准０.５个百分点！' }),
      candidate({ title: '央行宣布降准0.5个百分点', source: '来源乙', publishedAt: at(47) }),
    ];
    expect(titlesOf(mergeByTitle(toGroups(pair)))).toEqual([[pair[0]!.title, pair[1]!.title]]);
  });

  it('catches a pair whose numbers only agree after normalization, which fuzzy refuses', () => {
    const pair = [
      candidate({ title: '新品发布会 V2.0 上线' }),
      candidate({ title: '新品发布会V20上线' }),
    ];
    expect(mergeByTitle(toGroups(pair))).toHaveLength(1);
    expect(dedupeCandidates(pair)).toHaveLength(1);
    expect(layersWithout('title', pair)).toHaveLength(2);
  });

  it('keeps the same headline apart when the copies are more than 48 h apart', () => {
    const pair = [
      candidate({ title: '本周天气展望' }),
      candidate({ title: '本周天气展望', publishedAt: at(49) }),
    ];
    expect(mergeByTitle(toGroups(pair))).toHaveLength(2);
    expect(dedupeCandidates(pair)).toHaveLength(2);
  });

  it('counts a copy without a date as within the window', () => {
    const pair = [
      candidate({ title: '本周天气展望' }),
      candidate({ title: '本周天气展望', publishedAt: at(100), dateKnown: false }),
    ];
    expect(mergeByTitle(toGroups(pair))).toHaveLength(1);
  });
});

describe('layer (d): fuzzy title', () => {
  const pair = [
    candidate({ title: '南方多地迎来入汛以来最强降雨 气象台发布暴雨蓝色预警' }),
    candidate({ title: '气象台发布暴雨蓝色预警：南方多地迎来入汛以来最强降雨', source: '来源乙' }),
  ];

  it('merges reworded headlines that share most character pairs', () => {
    expect(mergeByFuzzyTitle(toGroups(pair))).toHaveLength(1);
    expect(dedupeCandidates(pair)).toHaveLength(1);
  });

  it('is the only layer that catches them', () => {
    expect(layersWithout('fuzzy', pair)).toHaveLength(2);
  });

  it('keeps alike headlines apart when their numbers differ', () => {
    const numbers = [
      candidate({ title: '5月CPI同比上涨0.3% 核心CPI保持稳定' }),
      candidate({ title: '5月CPI同比上涨0.5% 核心CPI保持稳定' }),
    ];
    expect(mergeByFuzzyTitle(toGroups(numbers))).toHaveLength(2);
  });

  it('keeps different stories on one topic apart', () => {
    const topic = [
      candidate({ title: '北方地区高温持续 部分城市最高气温将达38℃' }),
      candidate({ title: '南方地区暴雨持续 部分城市最高降雨量将达38毫米' }),
    ];
    expect(mergeByFuzzyTitle(toGroups(topic))).toHaveLength(2);
  });
});

describe('merging copies', () => {
  it('keeps the best-ranked copy, the earliest known date, the longest summary, distinct sources', () => {
    const copies = [
      candidate({
        title: '二号源标题',
        source: '乙',
        sourceRank: 1,
        publishedAt: at(-5),
        summary: '长一些的摘要内容',
      }),
      candidate({
        title: '一号源标题',
        source: '甲',
        sourceRank: 0,
        publishedAt: at(0),
        summary: '短',
      }),
      candidate({
        title: '一号源重复',
        source: '甲',
        sourceRank: 0,
        publishedAt: at(-1),
        dateKnown: false,
      }),
    ];
    const merged = mergeMembers(copies);
    expect(merged).toMatchObject({
      title: '一号源标题',
      id: copies[1]!.id,
      summary: '长一些的摘要内容',
      publishedAt: at(-5),
      dateKnown: true,
      coverage: 2,
    });
  });

  it('chains layers: a guid copy and a URL copy end in one story with every member', () => {
    const a = candidate({ id: 'g', title: '甲标题', url: 'https://example.com/1' });
    const b = candidate({ id: 'g', title: '乙标题', url: 'https://example.com/2' });
    const c = candidate({ title: '丙标题', url: 'https://m.example.com/2', source: '来源丙' });
    const stories = dedupeStories([a, b, c]);
    expect(stories).toHaveLength(1);
    expect(stories[0]?.members).toHaveLength(3);
    expect(stories[0]?.candidate.coverage).toBe(2);
  });

  it('leaves the groups it was given unchanged', () => {
    const groups = toGroups([candidate({ title: '同一标题' }), candidate({ title: '同一标题' })]);
    mergeByTitle(groups);
    expect(groups.map((g) => g.members.length)).toEqual([1, 1]);
  });
});
