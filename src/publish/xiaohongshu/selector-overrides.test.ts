import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import {
  loadXhsSelectors,
  mergeXhsSelectors,
  overrideAdvice,
  xhsSelectorsFile,
} from './selector-overrides.js';
import { DEFAULT_XHS_SELECTORS } from './selectors.js';

const FILE = '/data/xhs-selectors.json';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-xhs-selectors-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The lines of the ConfigError that `content` makes; fails the test when there is none. */
function issuesOf(content: unknown): readonly string[] {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  let caught: unknown;
  try {
    mergeXhsSelectors(FILE, text);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return (caught as ConfigError).issues;
}

describe('loadXhsSelectors', () => {
  it('names xhs-selectors.json in the data dir as the override file', () => {
    expect(xhsSelectorsFile(dataDir)).toBe(path.join(dataDir, 'xhs-selectors.json'));
  });

  it('gives the defaults when there is no override file', async () => {
    expect(await loadXhsSelectors(dataDir)).toEqual(DEFAULT_XHS_SELECTORS);
  });

  it('reads the override file from the data dir', async () => {
    await writeFile(xhsSelectorsFile(dataDir), JSON.stringify({ saveText: '存草稿' }));
    const selectors = await loadXhsSelectors(dataDir);
    expect(selectors.saveText).toBe('存草稿');
    expect(selectors.publishUrl).toBe(DEFAULT_XHS_SELECTORS.publishUrl);
  });

  it('names the file when it cannot be read', async () => {
    // A data dir that is a file: reading inside it fails with ENOTDIR, not ENOENT, even as root.
    await rm(dataDir, { recursive: true });
    await writeFile(dataDir, 'a file, not a folder');
    const error = await loadXhsSelectors(dataDir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]).toMatch(/xhs-selectors\.json: cannot be read: /);
  });

  it('does not let one load change the defaults of the next', async () => {
    const first = await loadXhsSelectors(dataDir);
    first.uploadInputs.push('#mutated');
    first.tabs.imageTabTexts.push('#mutated');
    first.riskCodeRange[0] = 0;
    expect(DEFAULT_XHS_SELECTORS.uploadInputs).not.toContain('#mutated');
    expect(DEFAULT_XHS_SELECTORS.tabs.imageTabTexts).not.toContain('#mutated');
    expect(DEFAULT_XHS_SELECTORS.riskCodeRange[0]).toBe(-9140);
  });
});

describe('mergeXhsSelectors', () => {
  it('replaces a list key as a whole and leaves the other keys at their defaults', () => {
    const selectors = mergeXhsSelectors(
      FILE,
      JSON.stringify({ uploadInputs: ['input.new-upload[type="file"]'], riskStatuses: [429] }),
    );
    expect(selectors.uploadInputs).toEqual(['input.new-upload[type="file"]']);
    expect(selectors.riskStatuses).toEqual([429]);
    expect(selectors.titleInputs).toEqual(DEFAULT_XHS_SELECTORS.titleInputs);
    expect(selectors.tabs).toEqual(DEFAULT_XHS_SELECTORS.tabs);
  });

  it('merges tabs one level deep, keeping the tabs keys it does not name', () => {
    const selectors = mergeXhsSelectors(
      FILE,
      JSON.stringify({ tabs: { imageTabTexts: ['图文'] } }),
    );
    expect(selectors.tabs).toEqual({ ...DEFAULT_XHS_SELECTORS.tabs, imageTabTexts: ['图文'] });
  });

  it('merges draftDb one level deep, keeping the draftDb keys it does not name', () => {
    const selectors = mergeXhsSelectors(FILE, JSON.stringify({ draftDb: { store: 'drafts-v2' } }));
    expect(selectors.draftDb).toEqual({ ...DEFAULT_XHS_SELECTORS.draftDb, store: 'drafts-v2' });
  });

  it('takes a valid risk code range and draft count pattern', () => {
    const selectors = mergeXhsSelectors(
      FILE,
      JSON.stringify({ riskCodeRange: [-9200, -9200], draftCountPattern: String.raw`草稿 (\d+)` }),
    );
    expect(selectors.riskCodeRange).toEqual([-9200, -9200]);
    expect(selectors.draftCountPattern).toBe(String.raw`草稿 (\d+)`);
  });

  it('names the file when it is not JSON', () => {
    const issues = issuesOf('{ uploadInputs: [');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^\/data\/xhs-selectors\.json: not valid JSON: /);
  });

  it('refuses a file that is not a JSON object', () => {
    expect(issuesOf(['input'])).toEqual([
      `${FILE}: top level: must be a JSON object whose keys are selector names`,
    ]);
  });

  it('reports every problem at once, one line each naming the file and the key path', () => {
    const issues = issuesOf({
      uploadInput: ['input'],
      tabs: { imageTab: ['图文'], items: [] },
      draftDb: { name: '' },
      titleInputs: ['input', ' '],
      saveText: ['暂存离开'],
      riskStatuses: [461.5],
      draftCountPattern: '草稿箱(\\d+',
      riskCodeRange: [-9130, -9140],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        `${FILE}: uploadInput: unknown key`,
        `${FILE}: tabs.imageTab: unknown key`,
        `${FILE}: tabs.items: needs at least one entry`,
        `${FILE}: draftDb.name: must not be empty`,
        `${FILE}: titleInputs.1: must not be empty`,
        `${FILE}: saveText: must be a string`,
        `${FILE}: riskStatuses.0: must be a whole number`,
        `${FILE}: riskCodeRange: the first number (lowest) is above the second (highest)`,
      ]),
    );
    expect(issues.find((line) => line.startsWith(`${FILE}: draftCountPattern: `))).toMatch(
      /is not a valid regular expression/,
    );
    expect(issues).toHaveLength(9);
  });

  it('refuses an empty list', () => {
    expect(issuesOf({ bodyEditors: [] })).toEqual([
      `${FILE}: bodyEditors: needs at least one entry`,
    ]);
  });

  it('refuses a draft count pattern that is not a regular expression', () => {
    const issues = issuesOf({ draftCountPattern: '草稿箱[(（](\\d+' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^\/data\/xhs-selectors\.json: draftCountPattern: is not a valid regular expression: /,
    );
  });

  it('refuses a draft count pattern with no group for the number', () => {
    expect(issuesOf({ draftCountPattern: String.raw`草稿箱\d+` })).toEqual([
      `${FILE}: draftCountPattern: needs a group, ( ), around the number`,
    ]);
  });

  it('refuses a reversed risk code range and one that is not two whole numbers', () => {
    expect(issuesOf({ riskCodeRange: [-9130, -9140] })).toEqual([
      `${FILE}: riskCodeRange: the first number (lowest) is above the second (highest)`,
    ]);
    expect(issuesOf({ riskCodeRange: [-9130] })[0]).toMatch(
      /^\/data\/xhs-selectors\.json: riskCodeRange/,
    );
  });

  it('refuses an unknown key inside tabs and inside draftDb', () => {
    expect(issuesOf({ tabs: { decoys: 'x' }, draftDb: { title: ['t'] } })).toEqual([
      `${FILE}: tabs.decoys: unknown key`,
      `${FILE}: draftDb.title: unknown key`,
    ]);
  });
});

describe('overrideAdvice', () => {
  it('tells which keys to override in which file', () => {
    expect(overrideAdvice('bodyEditors', 'bodyPlaceholderTexts')).toBe(
      'the page changed; override `bodyEditors` and `bodyPlaceholderTexts` in xhs-selectors.json ' +
        'in the data dir (see README), or update xhs-news',
    );
  });
});
