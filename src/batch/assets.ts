import path from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError } from '../errors.js';
import { verifyImageFile } from '../images/verify.js';

/**
 * The local images matched by `--assets-glob`, sorted, each checked to be a real jpg/png/webp.
 * A glob that matches nothing is fine; a file that is not an image stops the run before it
 * starts, naming the file.
 */
export async function resolveAssets(pattern: string | undefined, cwd: string): Promise<string[]> {
  if (pattern === undefined) return [];
  const files = (
    await glob(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false })
  ).sort();
  const problems: string[] = [];
  for (const file of files) {
    const checked = await verifyImageFile(file, { minBytes: 1 });
    if (!checked.ok) {
      problems.push(
        `--assets-glob ${JSON.stringify(pattern)} matched ${path.relative(cwd, file) || file}, ` +
          `which is not a usable image (${checked.reason}); remove it or narrow the pattern`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return files;
}
