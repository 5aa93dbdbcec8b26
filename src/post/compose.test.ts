import { describe, expect, it } from 'vitest';

import { composePost, normalizeTopics, type StoryInput } from './compose.js';
import { newsDateText } from './date-text.js';
import { buildImagePrompt } from './image-prompt.js';
import { cutAtSentence } from './text.js';
import { BODY_MAX_CHARS, TOPICS_MAX, bodyChars, titleUnits, topicChars } from './title-units.js';

const NOW_MS = Date.parse('2026-05-01T04:00:00Z');

function story(overrides: Partial<StoryInput> = {}): StoryInput {
  return {
    title: '【新华社】我国成功发射新一代气象卫星 - 新华网',
    summary:
      '记者从国家航天局获悉，新一代气象卫星今天成功发射。卫星将提升天气预报精度。后续还将组网。',
    url: 'https://example.com/news/1',
    source: '新华网',
    publishedAt: '2026-05-01T02:00:00Z',
    ...overrides,
  };
}

describe('composePost title', () => {
  it('cleans the headline of its source tag and site suffix', () => {
    const post = composePost(story(), { series: '每日新闻', nowMs: NOW_MS });
    expect(post.title).toBe('我国成功发射新一代气象卫星');
  });

  it('clamps a long headline to 40 units', () => {
    const post = composePost(story({ title: '重大消息'.repeat(20) }), {
      series: '每日新闻',
      nowMs: NOW_MS,
    });
    expect(titleUnits(post.title)).toBeLessThanOrEqual(40);
    expect(post.title.endsWith('…')).toBe(true);
  });
});

describe('composePost body', () => {
  it('is the lead, a blank line, then the source and link lines, without topics', () => {
    const post = composePost(story(), { series: '每日新闻', nowMs: NOW_MS });
    expect(post.body).toBe(
      '记者从国家航天局获悉，新一代气象卫星今天成功发射。卫星将提升天气预报精度。后续还将组网。\n\n' +
        '来源：新华网\n原文：https://example.com/news/1',
    );
    expect(post.body).not.toContain('#');
  });

  it('keeps the source and link and, with its topics, stays within 1000 characters with a 5000-character summary', () => {
    const summary = '这是一段很长的新闻摘要，用于测试。'.repeat(300).slice(0, 5000);
    const post = composePost(story({ summary }), {
      series: '每日新闻',
      nowMs: NOW_MS,
      leadMaxChars: 5000,
    });
    // The creator center counts each topic, typed into the body, as ` #name[话题]#`.
    const onThePage = bodyChars(post.body) + topicChars(post.topics);
    expect(onThePage).toBeLessThanOrEqual(BODY_MAX_CHARS);
    expect(onThePage).toBeGreaterThan(900);
    expect(post.body.endsWith('\n\n来源：新华网\n原文：https://example.com/news/1')).toBe(true);
  });

  it('ends a shortened lead at a sentence end', () => {
    const first = '第一句话说明事件的来龙去脉'.repeat(15) + '。';
    const summary = first + '第二句话补充很多细节'.repeat(40) + '。';
    const post = composePost(story({ summary }), { series: '每日新闻', nowMs: NOW_MS });
    expect(post.body.split('\n\n')[0]).toBe(first);
  });

  it('leaves out the link line when the story has no link', () => {
    const post = composePost(story({ url: '' }), { series: '每日新闻', nowMs: NOW_MS });
    expect(post.body).not.toContain('原文');
    expect(post.body.endsWith('来源：新华网')).toBe(true);
  });

  it('uses the title as the lead when the summary is empty', () => {
    const post = composePost(story({ summary: '  ' }), { series: '每日新闻', nowMs: NOW_MS });
    expect(post.body.startsWith('我国成功发射新一代气象卫星\n\n')).toBe(true);
  });
});

describe('topics', () => {
  it('puts the series first, then generic topics and a short source name', () => {
    const post = composePost(story(), { series: '每日新闻', nowMs: NOW_MS });
    expect(post.topics).toEqual(['每日新闻', '新闻', '今日热点', '新华网']);
  });

  it('leaves out a long or host-like source name', () => {
    const long = composePost(story({ source: '某某省某某市融媒体中心新闻客户端' }), {
      series: '每日新闻',
      nowMs: NOW_MS,
    });
    const host = composePost(story({ source: 'news.example.com' }), {
      series: '每日新闻',
      nowMs: NOW_MS,
    });
    expect(long.topics).toEqual(['每日新闻', '新闻', '今日热点']);
    expect(host.topics).toEqual(['每日新闻', '新闻', '今日热点']);
  });

  it('deduplicates after removing # and spaces, keeping the first', () => {
    expect(normalizeTopics(['#新闻', '新 闻', '今日 热点', '今日热点#', '', '#'])).toEqual([
      '新闻',
      '今日热点',
    ]);
  });

  it('keeps at most 10 topics of at most 20 characters each', () => {
    const many = Array.from({ length: 15 }, (_, i) => `话题${i}`);
    const topics = normalizeTopics([...many, '长'.repeat(30)]);
    expect(topics).toHaveLength(TOPICS_MAX);
    expect(normalizeTopics(['长'.repeat(30)])).toEqual(['长'.repeat(20)]);
  });

  it('does not repeat the series when it is also a generic topic', () => {
    const post = composePost(story(), { series: '新闻', nowMs: NOW_MS });
    expect(post.topics).toEqual(['新闻', '今日热点', '新华网']);
  });
});

describe('image prompt', () => {
  it('starts with the tool instruction and asks for a 3:4 portrait without text', () => {
    const post = composePost(story(), { series: '每日新闻', nowMs: NOW_MS });
    expect(
      post.imagePrompt.startsWith(
        'Create an image with your image generation tool. Do not ask clarifying questions.',
      ),
    ).toBe(true);
    expect(post.imagePrompt).toContain('3:4 portrait');
    expect(post.imagePrompt).not.toContain('1024×1536');
    expect(post.imagePrompt).toContain('subject centred');
    expect(post.imagePrompt).toContain('editorial illustration');
    expect(post.imagePrompt).toContain(
      'No text, letters, words, logos or watermarks in the image.',
    );
  });

  it('names the subject from the cleaned title and the summary', () => {
    const post = composePost(story(), { series: '每日新闻', nowMs: NOW_MS });
    expect(post.imagePrompt).toContain('"我国成功发射新一代气象卫星"');
    expect(post.imagePrompt).toContain('新一代气象卫星今天成功发射');
    expect(post.imagePrompt).not.toContain('【');
  });

  it('is a single line, because Enter sends in the chat composer', () => {
    const prompt = buildImagePrompt('标题\n第二行', '摘要第一行。\n\n摘要第二行。');
    expect(prompt).not.toMatch(/[\r\n]/u);
  });

  it('quotes at most about 200 characters of a long summary', () => {
    const prompt = buildImagePrompt('标题', '很长的摘要'.repeat(500));
    expect(bodyChars(prompt)).toBeLessThan(800);
  });
});

describe('dates and sentence cuts', () => {
  it('formats the published day in Beijing time', () => {
    expect(newsDateText('2026-04-30T20:00:00Z', NOW_MS)).toBe('2026年5月1日');
  });

  it('falls back to the clock for a missing or far-future date', () => {
    expect(newsDateText('', NOW_MS)).toBe('2026年5月1日');
    expect(newsDateText('2027-01-01T00:00:00Z', NOW_MS)).toBe('2026年5月1日');
  });

  it('cuts with an ellipsis when no sentence end keeps half the budget', () => {
    expect(cutAtSentence('短。' + '长'.repeat(50), 10)).toBe('短。长长长长长长长…');
  });

  it('keeps a closing quote with the sentence it ends', () => {
    expect(cutAtSentence('他说：“今天发射。”之后还有很多很多很多内容', 12)).toBe(
      '他说：“今天发射。”',
    );
  });
});
