import { chromium } from 'playwright-core';
import { z } from 'zod';

import type { DraftRecord } from './types.js';

/** A same-origin path that runs no page script and logs no page view. */
const readerUrl = 'https://creator.xiaohongshu.com/robots.txt';

const image = z.object({ name: z.string(), size: z.number(), sha256: z.string() });
const titled = z.object({ title: z.string() });

/** Every shape the fake page writes (see `draftRecord` in public/drafts-db.js). */
const storedDraft = z.object({
  id: z.union([z.number(), z.string()]),
  updatedAt: z.number().optional(),
  content: z.object({
    draftStore: titled.extend({ imgList: z.array(image) }).optional(),
    contextStore: z.object({ liveContext: titled }).optional(),
    noteImageConfig: z.object({ items: z.array(image) }).optional(),
    noteDraft: z.object({ headline: z.string(), pictures: z.array(image) }).optional(),
    editorContent: z.object({
      text: z.string(),
      topics: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  }),
});

/** A stored record as the tests compare it, whatever its shape. */
function toDraftRecord(value: unknown): DraftRecord {
  const { id, updatedAt, content } = storedDraft.parse(value);
  const title =
    content.draftStore?.title ||
    content.contextStore?.liveContext.title ||
    content.noteDraft?.headline ||
    '';
  const images =
    content.draftStore?.imgList ?? content.noteImageConfig?.items ?? content.noteDraft?.pictures;
  return {
    key: id,
    title,
    body: content.editorContent.text,
    topics: content.editorContent.topics.map((topic) => topic.name),
    images: (images ?? []).map((stored) => stored.sha256),
    savedAt: updatedAt,
  };
}

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
      return raw.map(toDraftRecord);
    } finally {
      await page.close();
    }
  } finally {
    await browser.close();
  }
}
