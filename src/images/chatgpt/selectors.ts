import path from 'node:path';
import { z } from 'zod';
import { parseOverrideJson, readOverrideFile } from '../../config/override-file.js';
import { ConfigError } from '../../errors.js';

/**
 * Everything the driver looks for on chatgpt.com, as data. Each key is an ordered list: the
 * first entry that matches wins, later entries are fallbacks for older or newer page versions.
 * CSS lists hold selectors; text lists hold case-insensitive substrings of what the page says;
 * pattern lists hold regular expressions whose first group is the value wanted.
 */
export interface Selectors {
  /** The prompt box: ProseMirror `div[contenteditable]` now, a `textarea` earlier. */
  composer: string[];
  /** The composer's container, found with `closest()`; the stop button is looked for only here. */
  composerScope: string[];
  send: string[];
  /** The send button while a reply streams. Never matched page-wide (voice controls say "stop"). */
  stop: string[];
  turn: string[];
  /** Matched against a turn section itself: which turns the assistant wrote. */
  assistantTurn: string[];
  /** Where images are looked for when the page has no turn sections yet. */
  imageScope: string[];
  loading: string[];
  finalImage: string[];
  loginButton: string[];
  cloudflare: string[];
  /** Dialogs and alerts, e.g. "Too many requests". */
  notice: string[];
  cloudflareTitleText: string[];
  cloudflareText: string[];
  rateLimitText: string[];
  tooManyRequestsText: string[];
  refusalText: string[];
  errorText: string[];
  deferredText: string[];
  /** Regular expressions reading the reset time out of a limit text, e.g. "2 hours 14 minutes". */
  rateLimitResetPattern: string[];
}

export type SelectorKey = keyof Selectors;

/** The defaults, from `sites/chatgpt.md`. */
export const DEFAULT_SELECTORS: Readonly<Selectors> = Object.freeze({
  composer: [
    '#prompt-textarea',
    'div[contenteditable="true"].ProseMirror',
    'textarea[data-id="root"]',
    'textarea[name="prompt-textarea"]',
  ],
  composerScope: ['form', '[data-testid="composer"]', '[data-type="unified-composer"]'],
  send: ['button[data-testid="send-button"]', '#composer-submit-button'],
  stop: ['button[data-testid="stop-button"]', 'button[aria-label="Stop streaming"]'],
  turn: [
    'section[data-testid^="conversation-turn-"]',
    'article[data-testid^="conversation-turn-"]',
  ],
  assistantTurn: ['[data-turn="assistant"]', ':has([data-message-author-role="assistant"])'],
  imageScope: ['main', '[role="main"]'],
  loading: [
    '[data-testid="image-gen-loading-state"]',
    '[data-testid="image-gen-loading-state-frame"]',
    '[data-testid="image-gen-loading-state-dots"]',
    '[data-testid="image-gen-loading-state-headline"]',
  ],
  finalImage: ['img[alt^="Generated image"]', 'img[src*="/backend-api/estuary/content"]'],
  loginButton: ['[data-testid="login-button"]', '[data-testid="welcome-login-button"]'],
  cloudflare: [
    '#challenge-form',
    '#cf-challenge-running',
    'iframe[src*="challenges.cloudflare.com"]',
    '#challenge-stage',
  ],
  notice: ['[role="dialog"]', '[role="alertdialog"]', '[role="alert"]'],
  cloudflareTitleText: ['Just a moment', 'Attention Required'],
  cloudflareText: ['Verify you are human', 'Checking if the site connection is secure'],
  // Whole phrases only: an image reply's own words ("you've hit the nail…") must not stop a run.
  rateLimitText: ['plan limit for image generation', 'limit for image generation requests'],
  tooManyRequestsText: ['Too many requests', "You're making requests too quickly"],
  refusalText: [
    'content policy',
    'content policies',
    'guardrails',
    'unable to generate',
    "can't generate",
    'cannot generate',
    "can't create that image",
    "I'm not able to create",
  ],
  errorText: ['Something went wrong while generating the image', 'Something went wrong'],
  deferredText: ['Lots of people are creating images right now', 'Processing image'],
  rateLimitResetPattern: [
    String.raw`resets in ([^.!\n]+)`,
    String.raw`try again in ([^.!\n]+)`,
    String.raw`available again in ([^.!\n]+)`,
  ],
});

const cssList = z.array(z.string().trim().min(1, 'a selector must not be empty')).min(1, {
  message: 'needs at least one selector',
});
const textList = z.array(z.string().trim().min(1, 'a text must not be empty'));
const patternList = z.array(
  z.string().refine(isValidPattern, { message: 'is not a valid regular expression' }),
);

const overrideSchema = z.strictObject({
  composer: cssList,
  composerScope: cssList,
  send: cssList,
  stop: cssList,
  turn: cssList,
  assistantTurn: cssList,
  imageScope: cssList,
  loading: cssList,
  finalImage: cssList,
  loginButton: cssList,
  cloudflare: cssList,
  notice: cssList,
  cloudflareTitleText: textList,
  cloudflareText: textList,
  rateLimitText: textList,
  tooManyRequestsText: textList,
  refusalText: textList,
  errorText: textList,
  deferredText: textList,
  rateLimitResetPattern: patternList,
} satisfies Record<SelectorKey, z.ZodType<string[]>>);

function isValidPattern(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    // The schema reports it; the exception itself says nothing more a person needs.
    return false;
  }
}

/** The user's override file, `<dataDir>/selectors.json`. */
export function selectorsFile(dataDir: string): string {
  return path.join(dataDir, 'selectors.json');
}

/**
 * The defaults merged with `<dataDir>/selectors.json` when that file exists. Each key in the
 * file replaces the whole default list for that key. A file that is not JSON, has an unknown
 * key or a malformed list throws one `ConfigError` naming the file and every bad key.
 */
export async function loadSelectors(dataDir: string): Promise<Selectors> {
  const file = selectorsFile(dataDir);
  const text = await readOverrideFile(file);
  return text === undefined ? cloneSelectors(DEFAULT_SELECTORS) : mergeSelectors(file, text);
}

/** Parses and validates an override file's text; exported for tests. */
export function mergeSelectors(file: string, text: string): Selectors {
  const parsed = overrideSchema.partial().safeParse(parseOverrideJson(file, text));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? issue.path.join('.') : 'top level';
        const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
        return `${file}: ${where}${keys}: ${issue.message}`;
      }),
    );
  }
  return { ...cloneSelectors(DEFAULT_SELECTORS), ...parsed.data };
}

function cloneSelectors(selectors: Readonly<Selectors>): Selectors {
  return Object.fromEntries(
    Object.entries(selectors).map(([key, list]) => [key, [...list]]),
  ) as unknown as Selectors;
}
