import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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
 * Holds `<dataDir>/locks/<name>` for one run. A second run is told who holds it. A lock whose
 * process died is taken over after proper-lockfile's stale time.
 */
export async function acquireLock(
  dataDir: string,
  name: string,
  owner: Omit<LockOwner, 'pid' | 'since'>,
): Promise<() => Promise<void>> {
  const dir = path.join(dataDir, 'locks');
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

/** A lock name for one Chrome profile, known by its DevTools endpoint. */
export function profileLockName(cdpUrl: string): string {
  const url = new URL(cdpUrl);
  return `chrome-${url.hostname}-${url.port || '80'}`.replaceAll(/[^0-9A-Za-z_-]/g, '_');
}
