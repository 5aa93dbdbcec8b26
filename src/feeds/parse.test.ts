import { describe, expect, it } from 'vitest';

import { parseFeedText, type ParseOutcome } from './parse.js';

function parsed(text: string): Extract<ParseOutcome, { ok: true }> {
  const outcome = parseFeedText(text);
  if (!outcome.ok) throw new Error(`expected items, got: ${outcome.message}`);
  return outcome;
}

function failure(text: string): string {
  const outcome = parseFeedText(text);
  if (outcome.ok) throw new Error(`expected a failure, got ${outcome.items.length} items`);
  return outcome.message;
}

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title><![CDATA[示例频道]]></title>
    <link>https://example.com/</link>
    <description>d</description>
    <item>
      <title>央行发布&lt;金融数据&gt; &amp; 解读</title>
      <link>https://example.com/a?utm_source=rss</link>
      <guid isPermaLink="false">a-1</guid>
      <description><![CDATA[<p>摘要<b>加粗</b></p>]]></description>
      <pubDate><![CDATA[Wed, 26 Oct 2016 16:53:42 +0800]]></pubDate>
    </item>
    <item>
      <title>第二条</title>
      <description></description>
      <content:encoded><![CDATA[<p>正文</p>]]></content:encoded>
      <guid>https://example.com/b</guid>
    </item>
  </channel>
</rss>`;

const RSS_091 = `<?xml version="1.0"?>
<rss version="0.91"><channel><title>旧格式</title><link>https://example.com/</link>
<description>d</description>
<item><title>零点九一版新闻</title><link>https://example.com/old</link></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">原子频道</title>
  <id>tag:example.com,2020:feed</id>
  <updated></updated>
  <entry>
    <title>科技周刊：第 102 期</title>
    <id>tag:example.com,2020:/102</id>
    <link rel="enclosure" href=""/>
    <link rel="alternate" type="text/html" href="https://example.com/102"/>
    <published>2020-04-10T01:07:36Z</published>
    <updated>2020-04-11T00:00:00Z</updated>
    <summary type="html"></summary>
    <content type="html"><![CDATA[<p>第一段</p>]]><![CDATA[<p>第二段</p>]]></content>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.com/rdf">
    <title>RDF Channel</title><link>https://example.com/</link><description>d</description>
  </channel>
  <item rdf:about="https://example.com/fungi">
    <title>Food for fungi</title>
    <link>https://example.com/fungi?rss=1</link>
    <dc:date>2017-06-15T10:29:47-07:00</dc:date>
  </item>
</rdf:RDF>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1',
  title: '快讯',
  items: [
    { id: 3832803, url: 'https://example.com/j1', title: '数字编号的快讯', content_html: '' },
    { id: '2', title: '只有修改时间', date_modified: '2024-10-25T00:38:03.000Z' },
  ],
});

const DAILY_HOT = JSON.stringify({
  code: 200,
  name: 'weibo',
  title: '微博',
  type: '热搜榜',
  link: 'https://example.com/hot',
  total: 2,
  updateTime: '2025-06-15T12:00:00.000Z',
  fromCache: false,
  data: [
    {
      id: 11,
      title: '热搜一',
      desc: '描述',
      hot: 100,
      timestamp: 1749988800000,
      url: 'https://example.com/h1',
      mobileUrl: 'https://m.example.com/h1',
    },
    { id: 'x2', title: '热搜二', mobileUrl: 'https://m.example.com/h2' },
  ],
});

const SIMPLE_HOT = JSON.stringify({
  id: 'ithome-hot.1',
  lastUpdatedAt: '2026-02-22 08:36:46',
  data: [
    {
      title: '简单热榜',
      url: 'https://m.example.com/s1',
      createdAt: '2026-02-22 08:36:16',
      hot: 1,
    },
  ],
});

describe('parseFeedText formats', () => {
  it('reads RSS 2.0 items with CDATA values, entities and content:encoded', () => {
    const result = parsed(RSS);
    expect(result.format).toBe('rss');
    expect(result.name).toBe('示例频道');
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toMatchObject({
      guid: 'a-1',
      title: '央行发布<金融数据> & 解读',
      url: 'https://example.com/a?utm_source=rss',
      published: 'Wed, 26 Oct 2016 16:53:42 +0800',
    });
    expect(result.items[0]?.summary).toContain('<b>加粗</b>');
    expect(result.items[1]?.summary).toBe('<p>正文</p>');
  });

  it('takes a permalink guid as the link when an RSS item has no <link>', () => {
    expect(parsed(RSS).items[1]?.url).toBe('https://example.com/b');
  });

  it('reads RSS 0.91', () => {
    const result = parsed(RSS_091);
    expect(result.format).toBe('rss');
    expect(result.items[0]?.title).toBe('零点九一版新闻');
  });

  it('reads Atom entries: the alternate link, published and updated, joined CDATA content', () => {
    const result = parsed(ATOM);
    expect(result.format).toBe('atom');
    expect(result.name).toBe('原子频道');
    expect(result.items[0]).toMatchObject({
      guid: 'tag:example.com,2020:/102',
      title: '科技周刊：第 102 期',
      url: 'https://example.com/102',
      published: '2020-04-10T01:07:36Z',
      updated: '2020-04-11T00:00:00Z',
    });
    expect(result.items[0]?.summary).toContain('第一段');
    expect(result.items[0]?.summary).toContain('第二段');
  });

  it('reads RDF items with dc:date', () => {
    const result = parsed(RDF);
    expect(result.format).toBe('rdf');
    expect(result.items[0]).toMatchObject({
      guid: 'https://example.com/fungi',
      title: 'Food for fungi',
      published: '2017-06-15T10:29:47-07:00',
    });
  });

  it('reads a JSON Feed with numeric ids and no date_published', () => {
    const result = parsed(JSON_FEED);
    expect(result.format).toBe('json');
    expect(result.items[0]).toMatchObject({ guid: '3832803', url: 'https://example.com/j1' });
    expect(result.items[1]).toMatchObject({ guid: '2', updated: '2024-10-25T00:38:03.000Z' });
    expect(result.items[1]?.published).toBeUndefined();
  });

  it('reads a DailyHotApi hot list: name with type, numeric ids, mobileUrl fallback', () => {
    const result = parsed(DAILY_HOT);
    expect(result.format).toBe('hot-list');
    expect(result.name).toBe('微博 热搜榜');
    expect(result.items[0]).toMatchObject({
      guid: '11',
      summary: '描述',
      publishedMs: 1749988800000,
    });
    expect(result.items[1]).toMatchObject({ guid: 'x2', url: 'https://m.example.com/h2' });
    expect(result.items[1]?.publishedMs).toBeUndefined();
  });

  it('reads the plain {data:[{title,url,createdAt}]} hot list', () => {
    const result = parsed(SIMPLE_HOT);
    expect(result.format).toBe('hot-list');
    expect(result.name).toBe('');
    expect(result.items[0]).toMatchObject({ title: '简单热榜', published: '2026-02-22 08:36:16' });
  });
});

describe('parseFeedText with broken or foreign documents', () => {
  it('repairs a bare "&" and a bare "<" that the parser rejects, and says so', () => {
    const broken = `<rss version="2.0"><channel><title>t</title>
      <item><title>比较 a < b & c</title><link>https://example.com/?a=1&b=2</link></item>
      </channel></rss>`;
    const result = parsed(broken);
    expect(result.repairs).toEqual(['bare "&"', 'bare "<" in text']);
    expect(result.items[0]).toMatchObject({
      title: '比较 a < b & c',
      url: 'https://example.com/?a=1&b=2',
    });
  });

  it('reports malformed XML that no repair fixes, with the parser reason', () => {
    const message = failure(
      '<rss version="2.0"><channel><title>t</title><item><title>x</item></channel></rss>',
    );
    expect(message).toMatch(/^malformed XML: .*title/);
  });

  it('says an HTML page is not a feed and quotes its title', () => {
    const message = failure(
      '\r\n<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN">\r\n<HTML><HEAD><title>系统维护中</title></HEAD></HTML>',
    );
    expect(message).toBe('not a feed: the document is an HTML page titled "系统维护中"');
  });

  it('names the root element of XML that is no feed', () => {
    expect(failure('<?xml version="1.0"?><opml version="2.0"><body/></opml>')).toBe(
      'not a feed: the XML root element is <opml>, not <rss>, <feed> or <rdf:RDF>',
    );
  });

  it('reports malformed JSON, JSON of another shape, empty and plain-text documents', () => {
    expect(failure('{"data": [')).toMatch(/^malformed JSON: /);
    expect(failure('{"status": "ok"}')).toBe(
      'not a feed: JSON that is neither a JSON Feed nor a hot list with a "data" array (its keys: status)',
    );
    expect(failure(' \n ')).toBe('the document is empty');
    expect(failure('Service Unavailable')).toBe(
      'not a feed: the document is neither XML nor JSON (it starts with "Service Unavailable")',
    );
  });
});
