import { describe, expect, it } from 'vitest';
import {
  epochMs,
  findOurDraft,
  isReadable,
  summarizeDraft,
  unreadableNewDrafts,
  type DraftSummary,
  type RawDraft,
} from './drafts.js';

const draft = (key: number, title: string, imageCount: number, timeMs?: number): DraftSummary => ({
  key,
  title,
  imageCount,
  timeMs,
});

describe('findOurDraft', () => {
  const drafts = [
    draft(1, '今日要闻', 2, 1_000),
    draft(2, '今日要闻', 3, 2_000),
    draft(3, '别的标题', 2, 3_000),
    draft(4, '今日要闻', 2, 4_000),
  ];

  it('takes the newest draft with our title and image count that was not there before', () => {
    const known = new Set<string | number>([1, 2, 3]);
    expect(findOurDraft(drafts, { title: '今日要闻', imageCount: 2, knownKeys: known })?.key).toBe(
      4,
    );
  });

  it('finds nothing when every matching draft was already there', () => {
    const known = new Set<string | number>([1, 2, 3, 4]);
    expect(findOurDraft(drafts, { title: '今日要闻', imageCount: 2, knownKeys: known })).toBe(
      undefined,
    );
  });

  it('without known keys, counts only drafts at or after the given time', () => {
    expect(findOurDraft(drafts, { title: '今日要闻', imageCount: 2, sinceMs: 4_000 })?.key).toBe(4);
    expect(findOurDraft(drafts, { title: '今日要闻', imageCount: 2, sinceMs: 4_001 })).toBe(
      undefined,
    );
  });

  it('without known keys, takes a record that carries no time on title and image count', () => {
    const timeless = [draft(5, '今日要闻', 2), draft(6, '今日要闻', 3)];
    expect(findOurDraft(timeless, { title: '今日要闻', imageCount: 2, sinceMs: 0 })?.key).toBe(5);
  });

  it('never takes a draft without a key list or a time to tell it is new', () => {
    expect(findOurDraft([draft(5, '今日要闻', 2)], { title: '今日要闻', imageCount: 2 })).toBe(
      undefined,
    );
  });
});

describe('summarizeDraft', () => {
  const raw = (change: Partial<RawDraft>): RawDraft => ({
    key: 1,
    titles: [],
    imageCounts: [],
    times: [],
    ...change,
  });

  it('takes the first non-empty title, the first image list and the first readable time', () => {
    const summary = summarizeDraft(
      raw({
        titles: ['', '今日要闻', '旧标题'],
        imageCounts: [null, 3, 1],
        times: [null, 'not a date', 1_700_000_000_000],
      }),
    );
    expect(summary).toEqual({
      key: 1,
      title: '今日要闻',
      imageCount: 3,
      timeMs: 1_700_000_000_000,
    });
  });

  it('leaves title and image count undefined when no path holds them, so the record is unreadable', () => {
    const summary = summarizeDraft(raw({ titles: [null, 42], imageCounts: [null] }));
    expect(summary.title).toBe(undefined);
    expect(summary.imageCount).toBe(undefined);
    expect(isReadable(summary)).toBe(false);
    expect(isReadable(summarizeDraft(raw({ titles: ['t'], imageCounts: [0] })))).toBe(true);
  });
});

describe('epochMs', () => {
  it('reads milliseconds, seconds, numeric strings and date strings', () => {
    expect(epochMs(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(epochMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(epochMs('1700000000000')).toBe(1_700_000_000_000);
    expect(epochMs('2026-12-04T00:00:00.000Z')).toBe(Date.parse('2026-12-04T00:00:00.000Z'));
    expect(epochMs('soon')).toBe(undefined);
    expect(epochMs(null)).toBe(undefined);
  });
});

describe('unreadableNewDrafts', () => {
  it('names only new records that lack a title or an image list', () => {
    const drafts: DraftSummary[] = [
      { key: 1, title: undefined, imageCount: undefined, timeMs: undefined },
      { key: 2, title: undefined, imageCount: 2, timeMs: undefined },
      { key: 3, title: '今日要闻', imageCount: 2, timeMs: undefined },
    ];
    expect(unreadableNewDrafts(drafts, new Set([1])).map((d) => d.key)).toEqual([2]);
  });
});
