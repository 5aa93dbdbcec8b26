import { z } from 'zod';

/**
 * One setting: how a flag, an environment variable and the config file spell it, its default,
 * and the schema every source is checked against. Durations are given in seconds by people and
 * kept in milliseconds by the code (`toMs`).
 */
export interface Setting<T> {
  /** Key in the config file and in `Config`. */
  key: string;
  /** Commander's attribute name for the flag, when there is one. */
  flag?: string;
  /** The flag as a person types it, for messages. */
  flagName?: string;
  env?: string;
  schema: z.ZodType<T>;
  defaultValue: T | undefined;
  /** What the setting does, for `--help` and the README. */
  description: string;
}

/**
 * A number as people write one: a JSON number, or a string of decimal digits with an optional
 * sign and fraction. Anything else (`''`, `true`, `[2]`, `0x2`, `1e1`) is left for the schema to
 * refuse, where `z.coerce` would quietly turn it into a number.
 */
const decimal = (error: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
    z.number({ error }).finite(error),
  );
/** Timers in Node hold at most 2³¹−1 ms; a longer wait would fire at once. */
const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const positiveInt = decimal('must be a whole number').pipe(
  z.number().int('must be a whole number').min(1, 'must be at least 1'),
);
const nonNegative = decimal('must be a number').pipe(z.number().min(0, 'must be 0 or more'));
const nonNegativeSeconds = decimal('must be a number of seconds').pipe(
  z.number().min(0, 'must be 0 or more').max(MAX_SECONDS, `must be at most ${MAX_SECONDS} seconds`),
);
const positiveSeconds = decimal('must be a number of seconds').pipe(
  z
    .number()
    .gt(0, 'must be more than 0 seconds')
    .max(MAX_SECONDS, `must be at most ${MAX_SECONDS} seconds`),
);
const commaList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string().trim().min(1, 'must not be empty'), 'must be a list of URLs or files'),
);
const bool = z.union([
  z.boolean(),
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], 'must be 1 or 0')
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
]);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

/** Every setting of the tool. Nothing else reads flags, the environment or the config file. */
export const SETTINGS = {
  title: setting({
    key: 'title',
    flag: 'title',
    flagName: '--title',
    env: 'XHS_NEWS_TITLE',
    schema: z.string().trim().min(1, 'must not be empty').max(20, 'must be at most 20 characters'),
    defaultValue: '每日新闻',
    description: 'series name; heads every cover and is the first topic',
  }),
  count: setting({
    key: 'count',
    flag: 'count',
    flagName: '--count',
    env: 'XHS_NEWS_COUNT',
    schema: positiveInt,
    defaultValue: 3,
    description: 'posts to finish',
  }),
  feeds: setting({
    key: 'feeds',
    flag: 'feed',
    flagName: '--feed',
    env: 'XHS_NEWS_FEEDS',
    schema: commaList,
    defaultValue: [] as string[],
    description:
      'feed URLs or files (repeat the flag; the env variable takes a comma-separated list)',
  }),
  assetsGlob: setting({
    key: 'assetsGlob',
    flag: 'assetsGlob',
    flagName: '--assets-glob',
    env: 'XHS_NEWS_ASSETS_GLOB',
    schema: z.string().min(1).optional(),
    defaultValue: undefined,
    description: 'local images added after the cover of every post, in sorted order',
  }),
  candidatesFactor: setting({
    key: 'candidatesFactor',
    flag: 'candidatesFactor',
    flagName: '--candidates-factor',
    env: 'XHS_NEWS_CANDIDATES_FACTOR',
    schema: positiveInt,
    defaultValue: 5,
    description: 'the batch takes count × k candidates',
  }),
  maxAgeHours: setting({
    key: 'maxAgeHours',
    flag: 'maxAgeHours',
    flagName: '--max-age-hours',
    env: 'XHS_NEWS_MAX_AGE_HOURS',
    schema: nonNegative,
    defaultValue: 72,
    description: 'freshness window in hours; 0 turns it off',
  }),
  dataDir: setting({
    key: 'dataDir',
    flag: 'dataDir',
    flagName: '--data-dir',
    env: 'XHS_NEWS_DATA_DIR',
    schema: z.string().min(1),
    defaultValue: './data',
    description: 'where posts, evidence and run logs are kept',
  }),
  imageProvider: setting({
    key: 'imageProvider',
    flag: 'imageProvider',
    flagName: '--image-provider',
    env: 'IMAGE_PROVIDER',
    schema: z.enum(['card', 'chatgpt_images'], 'must be card or chatgpt_images'),
    defaultValue: 'card' as const,
    description: 'card (offline cover card) or chatgpt_images (the logged-in Chrome)',
  }),
  publisher: setting({
    key: 'publisher',
    flag: 'publisher',
    flagName: '--publisher',
    env: 'PUBLISHER',
    schema: z.enum(['local', 'xiaohongshu'], 'must be local or xiaohongshu'),
    defaultValue: 'local' as const,
    description: 'local (a draft package on disk) or xiaohongshu (a draft in the creator center)',
  }),
  chromeCdpUrl: setting({
    key: 'chromeCdpUrl',
    flag: 'cdpUrl',
    flagName: '--cdp-url',
    env: 'CHROME_CDP_URL',
    schema: httpUrl,
    defaultValue: 'http://127.0.0.1:9222',
    description: "the DevTools endpoint of the user's Chrome",
  }),
  xhsCdpUrl: setting({
    key: 'xhsCdpUrl',
    env: 'XHS_CDP_URL',
    schema: httpUrl.optional(),
    defaultValue: undefined,
    description: 'the Chrome that holds the Xiaohongshu login, when it is another profile',
  }),
  chromePath: setting({
    key: 'chromePath',
    env: 'CHROME_PATH',
    schema: z.string().min(1).optional(),
    defaultValue: undefined,
    description: '`xhs-news chrome`: the Chrome or Chromium to start (else the first one found)',
  }),
  chromeProfileDir: setting({
    key: 'chromeProfileDir',
    flag: 'profileDir',
    flagName: '--profile-dir',
    env: 'XHS_NEWS_CHROME_PROFILE',
    schema: z.string().min(1).optional(),
    defaultValue: undefined,
    description: '`xhs-news chrome`: the dedicated profile (default <data-dir>/chrome-profile)',
  }),
  chatgptImageTimeoutS: setting({
    key: 'chatgptImageTimeoutS',
    env: 'CHATGPT_IMAGE_TIMEOUT_S',
    schema: positiveSeconds,
    defaultValue: 300,
    description: 'budget of one image attempt, in seconds',
  }),
  chatgptImageMinBytes: setting({
    key: 'chatgptImageMinBytes',
    env: 'CHATGPT_IMAGE_MIN_BYTES',
    schema: positiveInt,
    defaultValue: 50_000,
    description: 'smallest image file accepted, in bytes',
  }),
  chatgptImageMaxAttempts: setting({
    key: 'chatgptImageMaxAttempts',
    env: 'CHATGPT_IMAGE_MAX_ATTEMPTS',
    schema: positiveInt,
    defaultValue: 3,
    description: 'image attempts per post in total',
  }),
  chatgptImageRetrySleepS: setting({
    key: 'chatgptImageRetrySleepS',
    env: 'CHATGPT_IMAGE_RETRY_SLEEP_S',
    schema: nonNegativeSeconds,
    defaultValue: 2,
    description: 'seconds between image attempts',
  }),
  manual: setting({
    key: 'manual',
    flag: 'manual',
    flagName: '--manual',
    env: 'CHATGPT_MANUAL_MODE',
    schema: bool,
    defaultValue: false,
    description: 'wait for a person to pass a Cloudflare check or log in, instead of stopping',
  }),
  manualTimeoutS: setting({
    key: 'manualTimeoutS',
    env: 'CHATGPT_MANUAL_TIMEOUT_S',
    schema: positiveSeconds,
    defaultValue: 600,
    description: 'manual mode: how long to wait for the page to become usable, in seconds',
  }),
  xhsDraftMaxAttempts: setting({
    key: 'xhsDraftMaxAttempts',
    env: 'XHS_DRAFT_MAX_ATTEMPTS',
    schema: positiveInt,
    defaultValue: 2,
    description: 'draft attempts per post in total',
  }),
  xhsUploadTimeoutS: setting({
    key: 'xhsUploadTimeoutS',
    env: 'XHS_UPLOAD_TIMEOUT_S',
    schema: positiveSeconds,
    defaultValue: 60,
    description: 'creator center: seconds to wait for each image preview',
  }),
  xhsStepTimeoutS: setting({
    key: 'xhsStepTimeoutS',
    env: 'XHS_STEP_TIMEOUT_S',
    schema: positiveSeconds,
    defaultValue: 30,
    description: 'creator center: seconds for each other step (page load, topic, save)',
  }),
  logLevel: setting({
    key: 'logLevel',
    env: 'XHS_NEWS_LOG_LEVEL',
    schema: z.enum(['debug', 'info', 'warn', 'error'], 'must be debug, info, warn or error'),
    defaultValue: 'info' as const,
    description: 'lowest level written to the console and the run log',
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;

type ValueOf<S> = S extends Setting<infer T> ? T : never;

/** The validated, frozen configuration. */
export type Config = { readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };
