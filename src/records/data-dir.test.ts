import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataDirProblem } from './data-dir.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xhs-news-data-dir-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dataDirProblem', () => {
  it('accepts a folder, and a folder that does not exist yet, without creating it', async () => {
    await mkdir(path.join(dir, 'data'));
    expect(await dataDirProblem(path.join(dir, 'data'))).toBeUndefined();
    expect(await dataDirProblem(path.join(dir, 'new', 'data'))).toBeUndefined();
    await expect(
      import('node:fs/promises').then((fs) => fs.stat(path.join(dir, 'new'))),
    ).rejects.toThrow(/ENOENT/);
  });

  it('says when the data dir is a file', async () => {
    await writeFile(path.join(dir, 'data'), 'x');
    expect(await dataDirProblem(path.join(dir, 'data'))).toBe('it is a file, not a folder');
  });

  it('names the file that stands where a parent folder should be', async () => {
    await writeFile(path.join(dir, 'file'), 'x');
    expect(await dataDirProblem(path.join(dir, 'file', 'data'))).toBe(
      `${path.join(dir, 'file')} is a file, not a folder`,
    );
  });
});
