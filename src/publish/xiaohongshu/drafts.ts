import type { Page } from 'playwright-core';
import { untilAborted } from '../../progress.js';
import type { XhsSelectors } from './selectors.js';

/** One saved draft as the page keeps it in the profile's IndexedDB, reduced to what we check. */
export interface DraftSummary {
  key: string | number;
  title: string | undefined;
  imageCount: number | undefined;
  /** Epoch ms, when the record carries a time. */
  timeMs: number | undefined;
}

/** What makes a draft ours. */
export interface DraftMatch {
  title: string;
  imageCount: number;
  /** Keys that existed before our first save click; a draft among them is not ours. */
  knownKeys?: ReadonlySet<string | number>;
  /** Without known keys: only drafts whose time is at or after this (epoch ms) count. */
  sinceMs?: number;
}

/** One record as read in the page: the values found at each candidate path, in path order. */
export interface RawDraft {
  key: string | number;
  /** Strings and numbers only; anything else is `null`. */
  titles: (string | number | null)[];
  /** The length of an array found at each image path, else `null`. */
  imageCounts: (number | null)[];
  times: (string | number | null)[];
}

/**
 * Reads the image drafts of the profile from inside the page (one evaluate). A profile that
 * has never saved a draft has no database: that is an empty list, and the database is not
 * created by reading it. A read the page's database keeps waiting (an upgrade in progress)
 * ends with `signal`, rejecting with its reason; the tab's closing ends the read itself.
 */
export async function readDrafts(
  page: Page,
  selectors: XhsSelectors,
  signal: AbortSignal,
): Promise<DraftSummary[]> {
  const raw = await untilAborted(page.evaluate(readDraftsInPage, selectors.draftDb), signal);
  return raw.map(summarizeDraft);
}

/**
 * Reduces a record to what we check: the first non-empty title (an empty one when that is all
 * there is), the first image list, the first time that reads as a date.
 */
export function summarizeDraft(raw: RawDraft): DraftSummary {
  const titles = raw.titles.filter((value): value is string => typeof value === 'string');
  const imageCount = raw.imageCounts.find((count): count is number => count !== null);
  const timeMs = raw.times.map(epochMs).find((ms): ms is number => ms !== undefined);
  return { key: raw.key, title: titles.find((t) => t !== '') ?? titles[0], imageCount, timeMs };
}

/** A stored time as epoch ms: numbers below 1e11 are seconds; strings are numbers or dates. */
export function epochMs(value: string | number | null): number | undefined {
  if (value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(number))
    return number > 0 ? (number < 1e11 ? number * 1000 : number) : undefined;
  const parsed = Date.parse(String(value));
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A draft we can tell apart: it has a title and an image list at one of the known paths. */
export function isReadable(draft: DraftSummary): boolean {
  return draft.title !== undefined && draft.imageCount !== undefined;
}

/**
 * The newest draft that matches: our title, our image count, and new since we started. New
 * means a key not among the known keys; without them, a time at or after `sinceMs`, or, for a
 * record that carries no time, title and image count alone.
 */
export function findOurDraft(
  drafts: readonly DraftSummary[],
  match: DraftMatch,
): DraftSummary | undefined {
  const ours = drafts.filter((draft) => {
    if (draft.title !== match.title || draft.imageCount !== match.imageCount) return false;
    if (match.knownKeys) return !match.knownKeys.has(draft.key);
    if (match.sinceMs === undefined) return false;
    return draft.timeMs === undefined || draft.timeMs >= match.sinceMs;
  });
  return ours.at(-1);
}

/** Drafts whose keys are new and that we cannot read: the page stores drafts another way now. */
export function unreadableNewDrafts(
  drafts: readonly DraftSummary[],
  knownKeys: ReadonlySet<string | number>,
): DraftSummary[] {
  return drafts.filter((draft) => !knownKeys.has(draft.key) && !isReadable(draft));
}

/** In the page: every record of the image-draft store, with the values at each candidate path. */
function readDraftsInPage(db: XhsSelectors['draftDb']): Promise<RawDraft[]> {
  return new Promise<RawDraft[]>((resolve, reject) => {
    void indexedDB.databases().then((list) => {
      if (!list.some((info) => info.name === db.name)) {
        resolve([]);
        return;
      }
      const request = indexedDB.open(db.name);
      // Opening must never create or upgrade the page's own database.
      request.onupgradeneeded = () => request.transaction?.abort();
      request.onerror = () =>
        reject(new Error(`cannot open ${db.name}: ${request.error?.message}`));
      request.onsuccess = () => {
        const database = request.result;
        if (!database.objectStoreNames.contains(db.store)) {
          database.close();
          resolve([]);
          return;
        }
        const out: RawDraft[] = [];
        const cursor = database
          .transaction(db.store, 'readonly')
          .objectStore(db.store)
          .openCursor();
        cursor.onerror = () =>
          reject(new Error(`cannot read ${db.store}: ${cursor.error?.message}`));
        cursor.onsuccess = () => {
          const current = cursor.result;
          if (!current) {
            database.close();
            resolve(out);
            return;
          }
          const value: unknown = current.value;
          // Every path of every list, looked up in the record (no helpers: see page-probes.ts).
          const found = [db.titlePaths, db.imagePaths, db.timePaths].map((paths) =>
            paths.map((path) =>
              path
                .split('.')
                .reduce<unknown>(
                  (node, part) =>
                    node !== null && typeof node === 'object'
                      ? (node as Record<string, unknown>)[part]
                      : undefined,
                  value,
                ),
            ),
          );
          const [titles = [], images = [], times = []] = found;
          const key = current.primaryKey;
          out.push({
            key: typeof key === 'number' || typeof key === 'string' ? key : JSON.stringify(key),
            titles: titles.map((v) => (typeof v === 'string' || typeof v === 'number' ? v : null)),
            imageCounts: images.map((v) => (Array.isArray(v) ? v.length : null)),
            times: times.map((v) => (typeof v === 'string' || typeof v === 'number' ? v : null)),
          });
          current.continue();
        };
      };
    }, reject);
  });
}
