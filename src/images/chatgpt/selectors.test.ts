import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { DEFAULT_SELECTORS, loadSelectors, selectorsFile } from './selectors.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-selectors-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function issuesOf(text: string): Promise<readonly string[]> {
  await writeFile(selectorsFile(dataDir), text);
  const error = await loadSelectors(dataDir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues;
}

describe('loadSelectors', () => {
  it('gives the defaults when there is no override file', async () => {
    expect(await loadSelectors(dataDir)).toEqual(DEFAULT_SELECTORS);
  });

  it('replaces only the lists the file names, each as a whole', async () => {
    await writeFile(
      selectorsFile(dataDir),
      JSON.stringify({ composer: ['textarea[name="message-input"]'], refusalText: [] }),
    );
    const selectors = await loadSelectors(dataDir);
    expect(selectors.composer).toEqual(['textarea[name="message-input"]']);
    expect(selectors.refusalText).toEqual([]);
    expect(selectors.send).toEqual(DEFAULT_SELECTORS.send);
  });

  it('names the file when it is not JSON', async () => {
    const issues = await issuesOf('{ composer: [');
    expect(issues[0]).toContain(selectorsFile(dataDir));
    expect(issues[0]).toContain('not valid JSON');
  });

  it('names an unknown key and a bad list, all at once', async () => {
    const issues = await issuesOf(JSON.stringify({ composr: ['x'], send: [], stop: 'button' }));
    expect(issues).toHaveLength(3);
    expect(issues.join('\n')).toMatch(/composr/);
    expect(issues.join('\n')).toMatch(/send: needs at least one selector/);
    expect(issues.join('\n')).toMatch(/stop: /);
  });

  it('rejects a reset-time pattern that is not a regular expression', async () => {
    const issues = await issuesOf(JSON.stringify({ rateLimitResetPattern: ['resets in ([^.'] }));
    expect(issues[0]).toMatch(/rateLimitResetPattern\.0: is not a valid regular expression/);
  });

  it('does not let one load change the defaults of the next', async () => {
    const first = await loadSelectors(dataDir);
    first.composer.push('#mutated');
    expect(DEFAULT_SELECTORS.composer).not.toContain('#mutated');
  });
});
