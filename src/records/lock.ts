import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { XhsNewsError } from '../errors.js';

export interface LockOwner {
  runId: string;
  pid: number;
  since: string;
  what: string;
}

/**
 * Holds `<dir>/<name>` for one run: the data dir's own `locks/` folder for the batch, the
 * machine-wide {@link machineLockDir} for a Chrome profile. A second run is told who holds it.
 * A lock whose process died is taken over after proper-lockfile's stale time.
 */
export async function acquireLock(
  dir: string,
  name: string,
  owner: Omit<LockOwner, 'pid' | 'since'>,
): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, name);
  const ownerFile = `${target}.owner.json`;
  // proper-lockfile locks an existing file; appending nothing creates it without a race.
  await writeFile(target, '', { flag: 'a' });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, { stale: 30_000, update: 10_000, realpath: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readOwner(ownerFile);
    throw new XhsNewsError(
      'profile_locked',
      `${owner.what} is in use by another run` +
        (holder ? ` (run ${holder.runId}, pid ${holder.pid}, since ${holder.since})` : '') +
        '; wait for it to finish, or stop it first',
      { cause: error },
    );
  }
  const me: LockOwner = { ...owner, pid: process.pid, since: new Date().toISOString() };
  await writeFileAtomic(ownerFile, `${JSON.stringify(me)}\n`);
  return async () => {
    await rm(ownerFile, { force: true });
    await release();
  };
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockOwner;
  } catch {
    // The holder may be between taking the lock and writing its name: say less, not wrong.
    return undefined;
  }
}

/**
 * Locks that must hold across data dirs, such as one Chrome profile: two runs with different
 * `--data-dir` still drive the same account.
 */
export function machineLockDir(): string {
  return path.join(os.tmpdir(), 'xhs-news-locks');
}

/**
 * A lock name for the Chrome behind a DevTools endpoint, from the id that Chrome gives its
 * browser (`ws://…/devtools/browser/<id>`): the same Chrome whichever host name or URL reaches
 * it, and one Chrome holds one profile.
 */
export function profileLockName(browserWsUrl: string): string {
  const id = new URL(browserWsUrl).pathname.split('/').at(-1) ?? '';
  return `chrome-${id.replaceAll(/[^0-9A-Za-z_-]/g, '_')}`;
}
