/** The prompt an image provider sends to make a post's cover picture. */

import { cutAtSentence, toOneLine } from './text.js';

/** Most code points of the summary quoted in the prompt: enough context, not a whole article. */
const PROMPT_SUMMARY_MAX_CHARS = 200;

/** An explicit instruction first: without it the chat model may answer in words or ask back. */
const INSTRUCTION =
  'Create an image with your image generation tool. Do not ask clarifying questions.';

/**
 * ChatGPT's tallest size is 1024×1536 (2:3); the cover is cut to 3:4 from it, so the
 * subject is asked to stay clear of the top and bottom edges.
 */
const FORMAT =
  'Format: 3:4 portrait (the tallest size you have is fine); keep the subject centred, away ' +
  'from the top and bottom edges.';

/**
 * Real people are drawn symbolically: a likeness of a named person is a common reason for the
 * image tool to refuse, and a refusal costs the post its picture.
 */
const STYLE =
  'Style: a clean, modern editorial illustration for a news feed, with one clear focal ' +
  'subject, rich but calm colours and generous space. Show people only as anonymous ' +
  'figures, never as a likeness of a real person.';

const NO_TEXT = 'No text, letters, words, logos or watermarks in the image.';

/**
 * Builds the image prompt for a story: instruction, format (3:4 portrait, subject centred), an
 * editorial illustration of the story's subject taken from its title and summary, and no text
 * in the picture. The prompt is one line, because Enter in the chat composer sends.
 */
export function buildImagePrompt(title: string, summary: string): string {
  const subjectTitle = toOneLine(title);
  const context = cutAtSentence(toOneLine(summary), PROMPT_SUMMARY_MAX_CHARS);
  const subject =
    context.length > 0 && context !== subjectTitle
      ? `Subject: an editorial illustration of this news story: "${subjectTitle}". ` +
        `Context: ${context}`
      : `Subject: an editorial illustration of this news story: "${subjectTitle}".`;

  return [INSTRUCTION, FORMAT, subject, STYLE, NO_TEXT].join(' ');
}
