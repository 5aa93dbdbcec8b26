import type { Page } from 'playwright-core';
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

/**
 * Reads the image drafts of the profile from inside the page (one evaluate). A profile that
 * has never saved a draft has no database: that is an empty list, and the database is not
 * created by reading it.
 */
export async function readDrafts(page: Page, selectors: XhsSelectors): Promise<DraftSummary[]> {
  return page.evaluate(readDraftsInPage, selectors.draftDb);
}

/** The newest draft that matches: our title, our image count, and new since we started. */
export function findOurDraft(
  drafts: readonly DraftSummary[],
  match: DraftMatch,
): DraftSummary | undefined {
  const ours = drafts.filter((draft) => {
    if (draft.title !== match.title || draft.imageCount !== match.imageCount) return false;
    if (match.knownKeys) return !match.knownKeys.has(draft.key);
    if (match.sinceMs === undefined) return false;
    return draft.timeMs !== undefined && draft.timeMs >= match.sinceMs;
  });
  return ours.at(-1);
}

/** In the page: every record of the image-draft store, reduced to key, title, images, time. */
function readDraftsInPage(db: XhsSelectors['draftDb']): Promise<DraftSummary[]> {
  return new Promise<DraftSummary[]>((resolve, reject) => {
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
        const out: DraftSummary[] = [];
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
          const value = (current.value ?? {}) as Record<string, unknown>;
          const title = db.titleFields.map((f) => value[f]).find((v) => typeof v === 'string');
          const images = db.imageFields.map((f) => value[f]).find((v) => Array.isArray(v));
          const time = db.timeFields.map((f) => value[f]).find((v) => typeof v === 'number');
          const key = current.primaryKey;
          out.push({
            key: typeof key === 'number' || typeof key === 'string' ? key : JSON.stringify(key),
            title: typeof title === 'string' ? title : undefined,
            imageCount: Array.isArray(images) ? images.length : undefined,
            timeMs: typeof time === 'number' ? time : undefined,
          });
          current.continue();
        };
      };
    }, reject);
  });
}
