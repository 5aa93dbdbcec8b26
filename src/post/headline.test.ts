import { describe, expect, it } from 'vitest';

import { cleanHeadline } from './headline.js';

describe('cleanHeadline', () => {
  it('drops a 【source】 tag at the start or in the middle', () => {
    expect(cleanHeadline('【新华社】国务院发布新规')).toBe('国务院发布新规');
    expect(cleanHeadline('国务院发布新规【快讯】细则公布')).toBe('国务院发布新规 细则公布');
  });

  it('keeps the words of a headline that is nothing but a bracket tag', () => {
    expect(cleanHeadline('【突发】')).toBe('突发');
  });

  it('drops a trailing " - site" suffix that names the source', () => {
    expect(cleanHeadline('央行宣布降准 - 澎湃新闻', '澎湃新闻')).toBe('央行宣布降准');
  });

  it('drops site suffixes that look like an outlet name even when the source differs', () => {
    expect(cleanHeadline('央行宣布降准_新浪网')).toBe('央行宣布降准');
    expect(cleanHeadline('央行宣布降准｜界面新闻')).toBe('央行宣布降准');
    expect(cleanHeadline('央行宣布降准 | Example News')).toBe('央行宣布降准');
  });

  it('drops two stacked suffixes', () => {
    expect(cleanHeadline('央行宣布降准 - 财经频道 - 某某网')).toBe('央行宣布降准');
  });

  it('keeps a hyphen without spaces and a suffix that is part of the story', () => {
    expect(cleanHeadline('A股-沪指收涨1%')).toBe('A股-沪指收涨1%');
    expect(cleanHeadline('苹果发布新品 - 售价下调')).toBe('苹果发布新品 - 售价下调');
  });

  it('drops quotes that wrap the whole headline but not quotes inside it', () => {
    expect(cleanHeadline('“嫦娥七号发射成功”')).toBe('嫦娥七号发射成功');
    expect(cleanHeadline('「天宫」迎来新乘组')).toBe('「天宫」迎来新乘组');
    expect(cleanHeadline('"A" and "B" merge')).toBe('"A" and "B" merge');
  });

  it('turns line breaks and runs of spaces into single spaces', () => {
    expect(cleanHeadline('  暴雨\n预警\u3000升级  ')).toBe('暴雨 预警 升级');
  });
});
