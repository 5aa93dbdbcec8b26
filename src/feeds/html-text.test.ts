import { describe, expect, it } from 'vitest';

import { decodeEntities, htmlToText, truncateText } from './html-text.js';

describe('htmlToText', () => {
  it('drops scripts, styles and iframes with their content', () => {
    const html =
      '<p>开头</p><script>showPlayer({id:"x"})</script><style>p{color:red}</style>' +
      '<iframe src="https://example.com/v">fallback</iframe><p>结尾</p>';
    expect(htmlToText(html)).toBe('开头 结尾');
  });

  it('joins inline tags without a space and separates blocks with one', () => {
    expect(htmlToText('<p>新<b>闻</b>内容</p><p>第二段<br/>换行</p>')).toBe('新闻内容 第二段 换行');
  });

  it('decodes named, decimal and hex entities after removing tags', () => {
    expect(htmlToText('a&nbsp;&amp;&nbsp;b &#183; &#x4e2d; &mdash; &lt;b&gt;')).toBe(
      'a & b · 中 — <b>',
    );
  });

  it('keeps text that only looks like a tag', () => {
    expect(htmlToText('转《<草根网>的前途与未来 》一文')).toBe('转《<草根网>的前途与未来 》一文');
  });

  it('collapses CRLF, tabs, ideographic and no-break spaces', () => {
    expect(htmlToText('  一\r\n\t二\u3000三\u00a0 四  ')).toBe('一 二 三 四');
  });

  it('drops comments and an unclosed script to the end', () => {
    expect(htmlToText('甲<!-- 注释 -->乙<script>var a = "<p>"')).toBe('甲 乙');
  });
});

describe('decodeEntities', () => {
  it('leaves unknown names and invalid code points as they are', () => {
    expect(decodeEntities('&bogus; &#0; &#xD800;')).toBe('&bogus; &#0; &#xD800;');
  });
});

describe('truncateText', () => {
  it('cuts by characters and ends with an ellipsis', () => {
    expect(truncateText('一二三四五六', 4)).toBe('一二三…');
    expect(truncateText('一二三', 3)).toBe('一二三');
  });

  it('never splits an emoji', () => {
    expect(truncateText('😀😀😀😀', 3)).toBe('😀😀…');
  });
});
