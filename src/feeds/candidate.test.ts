import { describe, expect, it } from 'vitest';

import { compactRaw, storyId, toCandidate, type FeedItem } from './candidate.js';

const NOW_MS = Date.parse('2025-06-15T12:00:00Z');
const context = { source: '示例日报', sourceRank: 2, nowMs: NOW_MS };
const item = (fields: Partial<FeedItem>): FeedItem => ({ raw: {}, ...fields });

describe('toCandidate', () => {
  it('strips HTML from title and summary and cleans the link', () => {
    const candidate = toCandidate(
      item({
        guid: 'g1',
        title: '<b>央行</b>&amp;财政部',
        summary: '<p>正文<script>x()</script></p>',
        url: 'https://example.com/a?utm_source=rss#top',
        published: '2025-06-15 18:00:00',
      }),
      context,
    );
    expect(candidate).toMatchObject({
      title: '央行&财政部',
      summary: '正文',
      url: 'https://example.com/a',
      source: '示例日报',
      publishedAt: '2025-06-15T10:00:00.000Z',
      dateKnown: true,
      sourceRank: 2,
      coverage: 1,
    });
  });

  it('caps the summary at 300 characters', () => {
    const candidate = toCandidate(item({ title: 't', summary: '字'.repeat(500) }), context);
    expect(Array.from(candidate!.summary)).toHaveLength(300);
    expect(candidate!.summary.endsWith('…')).toBe(true);
  });

  it('uses updated when published is missing, and first-seen time when neither parses', () => {
    const updated = toCandidate(item({ title: 't', updated: '2025-06-14T00:00:00Z' }), context);
    expect(updated).toMatchObject({ publishedAt: '2025-06-14T00:00:00.000Z', dateKnown: true });
    const unknown = toCandidate(item({ title: 't', published: '昨天' }), context);
    expect(unknown).toMatchObject({
      publishedAt: new Date(NOW_MS).toISOString(),
      dateKnown: false,
    });
  });

  it('treats a date more than a day in the future as unknown', () => {
    const candidate = toCandidate(item({ title: 't', published: '2030-01-01T00:00:00Z' }), context);
    expect(candidate?.dateKnown).toBe(false);
  });

  it('takes the title from the summary when the item has none, and skips an empty item', () => {
    expect(toCandidate(item({ summary: '<p>只有正文的快讯</p>' }), context)?.title).toBe(
      '只有正文的快讯',
    );
    expect(toCandidate(item({ title: '<p> </p>' }), context)).toBeUndefined();
  });
});

describe('storyId', () => {
  it('hashes source + guid first, then the URL, then the normalized title', () => {
    expect(storyId('a', 'g', 'https://x/1', 't')).not.toBe(storyId('b', 'g', 'https://x/1', 't'));
    expect(storyId('a', undefined, 'https://x/1', 't')).toBe(
      storyId('b', '  ', 'https://x/1', 'u'),
    );
    expect(storyId('a', undefined, '', '新闻！')).toBe(storyId('b', undefined, '', '新闻'));
    expect(storyId('a', 'g', '', 't')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('compactRaw', () => {
  it('caps long strings and arrays and drops deep nesting', () => {
    const raw = compactRaw({
      html: 'x'.repeat(5000),
      list: Array.from({ length: 50 }, (_, i) => i),
      deep: { a: { b: { c: { d: { e: { f: 'too deep' } } } } } },
      when: new Date('2025-06-15T00:00:00Z'),
      skip: undefined,
    });
    expect((raw.html as string).length).toBe(2001);
    expect(raw.list).toHaveLength(20);
    expect(JSON.stringify(raw.deep)).not.toContain('too deep');
    expect(raw.when).toBe('2025-06-15T00:00:00.000Z');
    expect('skip' in raw).toBe(false);
  });
});
