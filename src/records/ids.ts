import { createHash, randomBytes } from 'node:crypto';

/**
 * A post id sorts by the story's date and is the same every time the same story comes back:
 * `20261203-1a2b3c4d5e`.
 */
export function postIdFor(storyId: string, publishedAt: string): string {
  const day = publishedAt.slice(0, 10).replaceAll('-', '');
  const safeDay = /^\d{8}$/.test(day) ? day : '00000000';
  const hash = createHash('sha256').update(storyId).digest('hex').slice(0, 10);
  return `${safeDay}-${hash}`;
}

/**
 * A run id, unique per batch and per attempt, sortable by time: `20261203T194136123Z-a1b2`.
 */
export function newRunId(nowMs = Date.now()): string {
  const stamp = new Date(nowMs).toISOString().replaceAll(/[-:]/g, '').replace('.', '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Post ids and run ids are used as folder names; nothing else may be. */
export function isSafeId(id: string): boolean {
  return /^[0-9A-Za-z][0-9A-Za-z_-]*$/.test(id);
}
