import { describe, expect, it } from 'vitest';

import {
  TITLE_MAX_UNITS,
  bodyChars,
  clampTitle,
  graphemes,
  sliceChars,
  titleUnits,
} from './title-units.js';

describe('titleUnits', () => {
  it('counts ASCII letters, digits and spaces as one unit each', () => {
    expect(titleUnits('GDP up 5%')).toBe(9);
  });

  it('counts each CJK character and full-width mark as two units', () => {
    expect(titleUnits('今日新闻')).toBe(8);
    expect(titleUnits('你好，世界！')).toBe(12);
  });

  it('adds the units of mixed CJK and ASCII text', () => {
    expect(titleUnits('A股收盘涨1%')).toBe(1 + 2 * 4 + 2);
  });

  it('counts an emoji as two units, even a joined family or a flag', () => {
    expect(titleUnits('🔥')).toBe(2);
    expect(titleUnits('👨‍👩‍👧')).toBe(2);
    expect(titleUnits('🇨🇳')).toBe(2);
    expect(titleUnits('热点🔥news')).toBe(4 + 2 + 4);
  });

  it('counts half-width katakana as one unit and full-width letters as two', () => {
    expect(titleUnits('ｱｲ')).toBe(2);
    expect(titleUnits('ＡＢ')).toBe(4);
  });

  it('counts doubtful non-ASCII characters such as an em dash as two units', () => {
    expect(titleUnits('—')).toBe(2);
    expect(titleUnits('é')).toBe(2);
  });
});

describe('clampTitle', () => {
  it('returns a title of exactly 40 units unchanged', () => {
    const title = '一二三四五六七八九十一二三四五六七八九十';
    expect(titleUnits(title)).toBe(TITLE_MAX_UNITS);
    expect(clampTitle(title, TITLE_MAX_UNITS)).toBe(title);
  });

  it('cuts a 41-unit title and ends it with an ellipsis inside the budget', () => {
    const title = '一二三四五六七八九十一二三四五六七八九十a';
    const clamped = clampTitle(title, TITLE_MAX_UNITS);
    expect(clamped).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(titleUnits(clamped)).toBeLessThanOrEqual(TITLE_MAX_UNITS);
  });

  it('never splits an emoji when cutting', () => {
    const title = 'ab' + '👨‍👩‍👧'.repeat(30);
    const clamped = clampTitle(title, 10);
    expect(titleUnits(clamped)).toBeLessThanOrEqual(10);
    expect(clamped).toBe('ab👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧…');
  });

  it('uses 40 units when no limit is given', () => {
    expect(titleUnits(clampTitle('新'.repeat(100)))).toBe(TITLE_MAX_UNITS);
  });

  it('drops a trailing space before the ellipsis', () => {
    expect(clampTitle('abcd efgh', 7)).toBe('abcd…');
  });
});

describe('body character helpers', () => {
  it('counts code points, so an astral character is one and a joined emoji several', () => {
    expect(bodyChars('新闻ab')).toBe(4);
    expect(bodyChars('𠀀')).toBe(1);
    expect(bodyChars('👨‍👩‍👧')).toBe(5);
  });

  it('slices to a code point budget without breaking a grapheme', () => {
    expect(sliceChars('新闻👨‍👩‍👧', 4)).toBe('新闻');
    expect(sliceChars('新闻👨‍👩‍👧', 7)).toBe('新闻👨‍👩‍👧');
    expect(sliceChars('abc', 0)).toBe('');
  });

  it('segments text into user-perceived characters', () => {
    expect(graphemes('a👍🏽新')).toEqual(['a', '👍🏽', '新']);
  });
});
