import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Why the data dir cannot hold records, or `undefined` when it can: it must be a folder, or not
 * exist yet under a folder this user may write to (`for: 'write'`, the default) or read
 * (`for: 'read'`, for commands that only list). Nothing is created, so a refused run leaves
 * nothing behind.
 */
export async function dataDirProblem(
  dataDir: string,
  use: { for: 'read' | 'write' } = { for: 'write' },
): Promise<string | undefined> {
  let at = path.resolve(dataDir);
  for (;;) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a file stands somewhere above; the walk up finds and names it.
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (found !== undefined) {
      const what = at === path.resolve(dataDir) ? 'it' : `${at}`;
      if (!found.isDirectory()) return `${what} is a file, not a folder`;
      const mode = use.for === 'write' ? constants.W_OK : constants.R_OK;
      const allowed = await access(at, mode).then(
        () => true,
        () => false,
      );
      return allowed ? undefined : `${what} is not ${use.for}able by this user`;
    }
    const parent = path.dirname(at);
    if (parent === at) return undefined;
    at = parent;
  }
}
