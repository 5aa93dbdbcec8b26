import path from 'node:path';
import { z } from 'zod';
import { parseOverrideJson, readOverrideFile } from '../../config/override-file.js';
import { ConfigError, errorMessage } from '../../errors.js';
import { DEFAULT_XHS_SELECTORS, type XhsSelectors } from './selectors.js';

const text = z
  .string({ error: 'must be a string' })
  .refine((value) => value.trim() !== '', { message: 'must not be empty' });
const textList = z
  .array(text, { error: 'must be a list of strings' })
  .min(1, { message: 'needs at least one entry' });
const integerList = z
  .array(z.number({ error: 'must be a number' }).int({ message: 'must be a whole number' }), {
    error: 'must be a list of numbers',
  })
  .min(1, { message: 'needs at least one entry' });
const codeRange = z
  .tuple([z.int({ error: 'must be a whole number' }), z.int({ error: 'must be a whole number' })], {
    error: 'must be two whole numbers, [lowest, highest]',
  })
  .refine(([lowest, highest]) => lowest <= highest, {
    message: 'the first number (lowest) is above the second (highest)',
  });
const countPattern = text.superRefine((source, ctx) => {
  const problem = patternProblem(source);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const tabsShape = {
  items: textList,
  label: textList,
  imageTabTexts: textList,
  decoy: text,
  activeClasses: textList,
} satisfies Record<keyof XhsSelectors['tabs'], z.ZodType>;

const draftDbShape = {
  name: text,
  store: text,
  titlePaths: textList,
  imagePaths: textList,
  timePaths: textList,
} satisfies Record<keyof XhsSelectors['draftDb'], z.ZodType>;

const overrideSchema = z
  .strictObject(
    {
      publishUrl: text,
      loginPaths: textList,
      loginMarkers: textList,
      loginTexts: textList,
      userInfoPath: text,
      tabs: z.strictObject(tabsShape, { error: 'must be an object' }).partial(),
      uploadInputs: textList,
      uploadInputsByAccept: textList,
      previewItems: textList,
      uploadingTexts: textList,
      titleInputs: textList,
      titleCounters: textList,
      counterOverClass: text,
      bodyEditors: textList,
      bodyPlaceholderTexts: textList,
      bodyLengthErrors: textList,
      topicItems: textList,
      topicAnchors: textList,
      topicDataAttribute: text,
      publishButtonHosts: textList,
      saveDisabledAttribute: text,
      saveTextAttribute: text,
      saveText: text,
      riskStatuses: integerList,
      riskCodeRange: codeRange,
      apiPathPrefixes: textList,
      riskTexts: textList,
      ownTextContainers: textList,
      successTexts: textList,
      draftCountPattern: countPattern,
      draftDb: z.strictObject(draftDbShape, { error: 'must be an object' }).partial(),
    } satisfies Record<keyof XhsSelectors, z.ZodType>,
    { error: 'must be a JSON object whose keys are selector names' },
  )
  .partial();

type Override = z.output<typeof overrideSchema>;

/** Why `source` cannot read the draft count, or `undefined` when it can. */
function patternProblem(source: string): string | undefined {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    return `is not a valid regular expression: ${errorMessage(error)}`;
  }
  // An alternative that matches the empty string shows how many groups the pattern has.
  const groups = (new RegExp(`${pattern.source}|`).exec('')?.length ?? 1) - 1;
  return groups === 0 ? 'needs a group, ( ), around the number' : undefined;
}

/**
 * What to do when the page no longer matches the selectors under `keys`, for `page_changed`
 * messages: "the page changed; override `tabs` in xhs-selectors.json …".
 */
export function overrideAdvice(...keys: (keyof XhsSelectors)[]): string {
  const named = keys.map((key) => `\`${key}\``).join(' and ');
  return (
    `the page changed; override ${named} in xhs-selectors.json in the data dir (see README), ` +
    'or update xhs-news'
  );
}

/** The user's override file for the creator center, `<dataDir>/xhs-selectors.json`. */
export function xhsSelectorsFile(dataDir: string): string {
  return path.join(dataDir, 'xhs-selectors.json');
}

/**
 * The creator center's selectors: `DEFAULT_XHS_SELECTORS` merged with
 * `<dataDir>/xhs-selectors.json` when that file exists (see `mergeXhsSelectors`). A file that
 * cannot be read, is not JSON or has a bad key throws one `ConfigError` naming the file and every
 * bad key.
 */
export async function loadXhsSelectors(dataDir: string): Promise<XhsSelectors> {
  const file = xhsSelectorsFile(dataDir);
  const content = await readOverrideFile(file);
  if (content === undefined) return structuredClone(DEFAULT_XHS_SELECTORS);
  return mergeXhsSelectors(file, content);
}

/**
 * Parses and checks the override file's `content` (read from `file`, which messages name) and
 * merges it over fresh copies of the defaults. Each top-level key replaces its default whole;
 * `tabs` and `draftDb` are merged one level deep, so an override names only the entries that
 * changed. Unknown keys, empty lists or strings, a `draftCountPattern` that is not a regular
 * expression with a group, and a reversed `riskCodeRange` are all reported in one `ConfigError`,
 * one line per problem: `<file>: <key path>: <what is wrong>`.
 */
export function mergeXhsSelectors(file: string, content: string): XhsSelectors {
  const parsed = overrideSchema.safeParse(parseOverrideJson(file, content));
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.flatMap((i) => issueLines(file, i)));
  return merged(structuredClone(DEFAULT_XHS_SELECTORS), parsed.data);
}

function merged(defaults: XhsSelectors, override: Override): XhsSelectors {
  const { tabs, draftDb, ...flat } = override;
  return {
    ...defaults,
    ...flat,
    tabs: { ...defaults.tabs, ...tabs },
    draftDb: { ...defaults.draftDb, ...draftDb },
  };
}

function issueLines(file: string, issue: z.core.$ZodIssue): string[] {
  const where = issue.path.map(String);
  // One line per unknown key, named by its own path, so a typo is found at a glance.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${file}: ${[...where, key].join('.')}: unknown key`);
  }
  return [`${file}: ${where.length > 0 ? where.join('.') : 'top level'}: ${issue.message}`];
}
