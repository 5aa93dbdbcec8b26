import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  BODY_MAX_CHARS,
  TITLE_MAX_UNITS,
  TOPICS_MAX,
  bodyChars,
  titleUnits,
  topicChars,
} from '../../post/title-units.js';
import type { PostRecord } from '../../records/post-record.js';

/** Most images one note may carry. */
export const IMAGES_MAX = 18;

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);

/** What a post would put on the page, once its limits are checked. */
export interface DraftContent {
  title: string;
  body: string;
  /** Topic names without the leading `#`, in order, without duplicates. */
  topics: string[];
  /** Absolute paths, in upload order (the cover first). */
  imageFiles: string[];
}

export type LimitCheck = { ok: true; content: DraftContent } | { ok: false; problems: string[] };

/**
 * Checks a post against the page's limits before any tab is opened: title ≤ 40 units, body ≤
 * 1000 characters with the text its topics add, ≤ 10 topics, 1–18 jpg/png/webp images that
 * exist. Every problem is listed.
 */
export async function checkDraftLimits(record: PostRecord, postDir: string): Promise<LimitCheck> {
  const problems: string[] = [];
  const { title, body } = record.content;
  const topics = topicNames(record.content.topics);

  if (title.trim() === '') problems.push('the title is empty');
  const units = titleUnits(title);
  if (units > TITLE_MAX_UNITS) {
    problems.push(`the title is ${units} units long; the page allows ${TITLE_MAX_UNITS}`);
  }
  const chars = bodyChars(body);
  const withTopics = chars + topicChars(topics);
  if (chars > BODY_MAX_CHARS) {
    problems.push(`the body is ${chars} characters long; the page allows ${BODY_MAX_CHARS}`);
  } else if (withTopics > BODY_MAX_CHARS) {
    problems.push(
      `the body is ${withTopics} characters long with its topics as the page writes them ` +
        `(${withTopics - chars} for ${topics.map((t) => `#${t}`).join(' ')}); the page allows ` +
        `${BODY_MAX_CHARS}`,
    );
  }
  if (topics.length > TOPICS_MAX) {
    problems.push(`the post has ${topics.length} topics; the page allows ${TOPICS_MAX}`);
  }

  const imageFiles = record.images.map((image) => path.resolve(postDir, image));
  if (imageFiles.length === 0) problems.push('the post has no images');
  if (imageFiles.length > IMAGES_MAX) {
    problems.push(`the post has ${imageFiles.length} images; the page allows ${IMAGES_MAX}`);
  }
  for (const file of imageFiles) {
    const problem = await imageProblem(file);
    if (problem) problems.push(problem);
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, content: { title, body, topics, imageFiles } };
}

/** Topic names as the page's dropdown shows them: no `#`, no blanks, each once. */
export function topicNames(topics: readonly string[]): string[] {
  const names = topics.map((topic) => topic.trim().replace(/^#+/, '').trim());
  return [...new Set(names.filter((name) => name !== ''))];
}

async function imageProblem(file: string): Promise<string | undefined> {
  const name = path.basename(file);
  if (!IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase())) {
    return `${name} is not a jpg, png or webp image`;
  }
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size === 0) return `${name} is empty or not a file`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return `${name} does not exist`;
    throw error;
  }
  return undefined;
}
