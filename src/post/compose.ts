/** Composes a Xiaohongshu post (title, body, topics, image prompt) from one news story. */

import { newsDateText } from './date-text.js';
import { cleanHeadline } from './headline.js';
import { buildImagePrompt } from './image-prompt.js';
import { cutAtSentence, tidyLines, toOneLine } from './text.js';
import {
  BODY_MAX_CHARS,
  TITLE_MAX_UNITS,
  TOPICS_MAX,
  bodyChars,
  clampTitle,
  sliceChars,
  topicChars,
} from './title-units.js';

/** The parts of a news candidate a post is made from. */
export interface StoryInput {
  title: string;
  summary: string;
  /** Link to the original; empty when the feed gave none. */
  url: string;
  /** Name of the outlet or feed. */
  source: string;
  /** ISO 8601 time the story was published or first seen. */
  publishedAt: string;
}

export interface ComposeOptions {
  /** The series name (e.g. 每日新闻); it becomes the first topic. */
  series: string;
  /** The clock, for the date shown when the story's own date is unusable. */
  nowMs: number;
  /** Most code points of the summary used as the body's lead. Default 300. */
  leadMaxChars?: number;
}

export interface ComposedPost {
  /** At most {@link TITLE_MAX_UNITS} units. */
  title: string;
  /** Lead, blank line, source and link lines; at most {@link BODY_MAX_CHARS} code points. */
  body: string;
  /** Topic names without '#', series first; the publisher types them into the editor. */
  topics: string[];
  /** One-line instruction for an image provider. */
  imagePrompt: string;
  /** The story's day in Beijing time (e.g. 2026年5月1日), for the cover card. */
  dateText: string;
}

const DEFAULT_LEAD_MAX_CHARS = 300;

/** Most code points of the source name shown in the body. */
const SOURCE_MAX_CHARS = 40;

/** A link longer than this is left out: it cannot be cut and would crowd out the story. */
const URL_MAX_CHARS = 600;

/** Most code points in a topic name. */
const TOPIC_MAX_CHARS = 20;

/** A source name this short reads as a topic people follow (新华社, 澎湃新闻). */
const SOURCE_TOPIC_MAX_CHARS = 8;

/** Topics every news post carries after the series name. */
const GENERIC_TOPICS = ['新闻', '今日热点'];

/**
 * Makes a topic name the editor accepts: no '#', no whitespace, at most 20 code points. ASCII
 * square brackets go too, because the editor marks a picked topic as `#name[话题]#` and a
 * bracket in the name would confuse the check that it was picked.
 */
export function normalizeTopic(topic: string): string {
  return sliceChars(topic.replace(/[#\s[\]]/gu, ''), TOPIC_MAX_CHARS);
}

/** Normalizes, deduplicates (first wins) and limits topics to {@link TOPICS_MAX}. */
export function normalizeTopics(topics: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const topic of topics) {
    const name = normalizeTopic(topic);
    if (name.length > 0) seen.add(name);
  }
  return [...seen].slice(0, TOPICS_MAX);
}

function deriveTopics(series: string, source: string): string[] {
  const sourceName = normalizeTopic(source);
  const sourceFits =
    sourceName.length > 0 &&
    bodyChars(sourceName) <= SOURCE_TOPIC_MAX_CHARS &&
    !/[./:]/u.test(sourceName);
  return normalizeTopics([series, ...GENERIC_TOPICS, ...(sourceFits ? [sourceName] : [])]);
}

/**
 * Builds the body: the lead, a blank line, `来源：…` and `原文：…`. The source and link lines
 * are never cut; the lead gives way so the whole, with the text the topics add on the page,
 * stays within {@link BODY_MAX_CHARS}.
 */
function composeBody(
  story: StoryInput,
  title: string,
  leadMaxChars: number,
  topics: readonly string[],
): string {
  const source = sliceChars(toOneLine(story.source), SOURCE_MAX_CHARS);
  const url = toOneLine(story.url);
  const tail: string[] = [];
  if (source.length > 0) tail.push(`来源：${source}`);
  if (url.length > 0 && bodyChars(url) <= URL_MAX_CHARS) tail.push(`原文：${url}`);

  const tailText = tail.join('\n');
  const separator = tailText.length > 0 ? '\n\n' : '';
  const leadBudget = BODY_MAX_CHARS - topicChars(topics) - bodyChars(separator + tailText);

  const summary = tidyLines(story.summary);
  const leadSource = summary.length > 0 ? summary : title;
  const lead = cutAtSentence(leadSource, Math.min(leadMaxChars, leadBudget));
  return `${lead}${separator}${tailText}`;
}

/**
 * Composes a post for one story within Xiaohongshu's limits: a cleaned title of at most 40
 * units, a body of at most 1000 code points that keeps the source and link, at most 10
 * topics headed by the series name, and the cover image prompt.
 */
export function composePost(story: StoryInput, options: ComposeOptions): ComposedPost {
  const cleaned = cleanHeadline(story.title, story.source);
  const title = clampTitle(cleaned, TITLE_MAX_UNITS);
  const leadMaxChars = options.leadMaxChars ?? DEFAULT_LEAD_MAX_CHARS;

  const topics = deriveTopics(options.series, story.source);
  return {
    title,
    body: composeBody(story, cleaned, leadMaxChars, topics),
    topics,
    imagePrompt: buildImagePrompt(cleaned, story.summary),
    dateText: newsDateText(story.publishedAt, options.nowMs),
  };
}
