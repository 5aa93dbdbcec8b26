import { describe, expect, it } from 'vitest';

import {
  canonicalUrl,
  cleanUrl,
  diceSimilarity,
  normalizeTitle,
  titleBigrams,
  titleNumbers,
} from './canonical.js';

describe('cleanUrl', () => {
  it('drops tracking parameters and the fragment but keeps the host and the other parameters', () => {
    expect(
      cleanUrl(
        'https://M.Example.com/a/b?id=7&utm_source=x&spm=1.2&from=timeline&FBCLID=z#comments',
      ),
    ).toBe('https://m.example.com/a/b?id=7');
  });

  it('keeps the original encoding of the parameters it keeps', () => {
    const wechat = 'https://mp.weixin.qq.com/s?__biz=MjM5NzM0MjcyMQ==&mid=2650091036&idx=2#rd';
    expect(cleanUrl(wechat)).toBe(
      'https://mp.weixin.qq.com/s?__biz=MjM5NzM0MjcyMQ==&mid=2650091036&idx=2',
    );
  });

  it('keeps hash routes, which address the page', () => {
    expect(cleanUrl('https://example.com/#/news/12')).toBe('https://example.com/#/news/12');
  });

  it('returns a non-http string trimmed', () => {
    expect(cleanUrl('  /relative/path ')).toBe('/relative/path');
  });
});

describe('canonicalUrl', () => {
  it('maps m., wap., 3g. and www. hosts, either scheme and a trailing slash to one key', () => {
    const keys = [
      'https://www.example.com/news/1/',
      'http://m.example.com/news/1',
      'https://wap.example.com/news/1?utm_medium=share',
      'https://3G.EXAMPLE.com:443/news/1#top',
      'https://example.com/news/1',
    ].map(canonicalUrl);
    expect(new Set(keys)).toEqual(new Set(['example.com/news/1']));
  });

  it('sorts the remaining parameters and keeps them significant', () => {
    expect(canonicalUrl('https://example.com/a?b=2&a=1')).toBe(
      canonicalUrl('https://example.com/a?a=1&b=2'),
    );
    expect(canonicalUrl('https://example.com/a?id=1')).not.toBe(
      canonicalUrl('https://example.com/a?id=2'),
    );
  });

  it('keeps a non-default port', () => {
    expect(canonicalUrl('http://example.com:8080/x')).toBe('example.com:8080/x');
  });
});

describe('normalizeTitle', () => {
  it('folds full-width forms, case, punctuation and spaces', () => {
    expect(normalizeTitle('「新闻」 ２０２４！ＡＢＣ')).toBe(normalizeTitle('新闻2024abc'));
    expect(normalizeTitle('央行：降准 0.5 个百分点…')).toBe('央行降准05个百分点');
  });
});

describe('fuzzy title pieces', () => {
  it('scores the same bigrams 1 and disjoint ones 0', () => {
    const a = titleBigrams('南方暴雨预警');
    expect(diceSimilarity(a, a)).toBe(1);
    expect(diceSimilarity(a, titleBigrams('北京马拉松'))).toBe(0);
    expect(diceSimilarity(a, titleBigrams(''))).toBe(0);
  });

  it('extracts the numbers of a headline, full-width and thousands separators included', () => {
    expect(titleNumbers('5月零售额增长６.４%，达1,234亿元')).toEqual(['1234', '5', '6.4']);
    expect(titleNumbers('没有数字')).toEqual([]);
  });
});
