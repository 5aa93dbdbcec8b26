import { chromium } from 'playwright-core';
import { z } from 'zod';

import type { DraftRecord } from './types.js';

/** A same-origin path that runs no page script and logs no page view. */
const readerUrl = 'https://creator.xiaohongshu.com/robots.txt';

const storedDraft = z.object({
  id: z.union([z.number(), z.string()]),
  title: z.string(),
  content: z.string(),
  topics: z.array(z.object({ id: z.string(), name: z.string() })),
  images: z.array(z.object({ name: z.string(), size: z.number(), sha256: z.string() })),
  createdAt: z.number(),
});

/** Runs inside the reader page: every record of `draft-database-v1` / `image-draft`. */
function readImageDrafts(): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('draft-database-v1');
    let missing = false;
    // No database yet: abort the creation so the page can still create it at its version.
    request.onupgradeneeded = () => {
      missing = true;
      request.transaction?.abort();
    };
    request.onerror = () => (missing ? resolve([]) : reject(request.error ?? new Error('open')));
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('image-draft')) {
        db.close();
        resolve([]);
        return;
      }
      const all = db.transaction('image-draft', 'readonly').objectStore('image-draft').getAll();
      all.onsuccess = () => {
        db.close();
        resolve(all.result as unknown[]);
      };
      all.onerror = () => {
        db.close();
        reject(all.error ?? new Error('getAll'));
      };
    };
  });
}

/**
 * Reads the image-note drafts from the profile behind `cdpUrl` through a page of its own on the
 * creator center's origin, the only place those drafts exist.
 */
export async function readDrafts(cdpUrl: string): Promise<DraftRecord[]> {
  const browser = await chromium.connectOverCDP(cdpUrl);
  try {
    const context = browser.contexts()[0];
    if (!context) throw new Error('readDrafts: the browser has no default context');
    const page = await context.newPage();
    try {
      await page.goto(readerUrl);
      const raw = await page.evaluate(readImageDrafts);
      return raw.map((record) => {
        const draft = storedDraft.parse(record);
        return {
          key: draft.id,
          title: draft.title,
          body: draft.content,
          topics: draft.topics.map((topic) => topic.name),
          images: draft.images.map((image) => image.sha256),
          savedAt: draft.createdAt,
        };
      });
    } finally {
      await page.close();
    }
  } finally {
    await browser.close();
  }
}
