import { describe, expect, it } from 'vitest';
import { findOurDraft, type DraftSummary } from './drafts.js';

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

  it('never takes a draft without a time or a key to tell it is new', () => {
    expect(findOurDraft([draft(5, '今日要闻', 2)], { title: '今日要闻', imageCount: 2 })).toBe(
      undefined,
    );
    expect(
      findOurDraft([draft(5, '今日要闻', 2)], { title: '今日要闻', imageCount: 2, sinceMs: 0 }),
    ).toBe(undefined);
  });
});
