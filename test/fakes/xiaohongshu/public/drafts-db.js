// The browser-side draft box: IndexedDB `draft-database-v1`, one store per note kind.

const DB_NAME = 'draft-database-v1';
const DB_VERSION = 1;
const STORES = ['image-draft', 'video-draft', 'article-draft', 'audio-draft'];
const UPGRADE_SETTLE_MS = 500;

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of STORES) {
        if (!db.objectStoreNames.contains(name)) {
          db.createObjectStore(name, { keyPath: 'id', autoIncrement: true });
        }
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, action) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction('image-draft', mode);
      const request = action(tx.objectStore('image-draft'));
      let result;
      request.onsuccess = () => {
        result = request.result;
      };
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/**
 * The record the page keeps for a note, in one of the shapes the real page has used
 * (`draft_store`, the default; `live_context`, which carries no time; `unknown`, a shape no
 * reader knows yet). `note` holds title, text, topics and the stored images.
 */
export function draftRecord(shape, note) {
  const editorContent = { text: note.text, topics: note.topics };
  if (shape === 'live_context') {
    return {
      content: {
        contextStore: { liveContext: { title: note.title, noteType: 'normal' } },
        noteImageConfig: { items: note.images },
        editorContent,
      },
    };
  }
  if (shape === 'unknown') {
    return {
      updatedAt: Date.now(),
      content: { noteDraft: { headline: note.title, pictures: note.images }, editorContent },
    };
  }
  return {
    updatedAt: Date.now(),
    content: {
      draftStore: { title: note.title, imgList: note.images, noteType: 'normal' },
      contextStore: { liveContext: { title: '' } },
      editorContent,
    },
  };
}

/** Stores an image-note draft and resolves with its key once the transaction committed. */
export function writeDraft(record) {
  return withStore('readwrite', (store) => store.add(record));
}

/**
 * Stores a draft like {@link writeDraft}, but first leaves a database upgrade waiting behind
 * this page's open connection, so every other reader's open waits until the tab closes: the
 * draft is there, and no one can see it from this tab. Resolves with the key.
 */
export async function writeDraftBehindUpgrade(record) {
  const db = await openDb();
  const upgrade = indexedDB.open(DB_NAME, DB_VERSION + 1);
  // Should the upgrade ever run (after the tab closed), it changes nothing.
  upgrade.onupgradeneeded = () => upgrade.transaction.abort();
  upgrade.onerror = (event) => event.preventDefault();
  // Readers that opened before the upgrade was asked for finish their read first.
  await new Promise((resolve) => setTimeout(resolve, UPGRADE_SETTLE_MS));
  return new Promise((resolve, reject) => {
    const tx = db.transaction('image-draft', 'readwrite');
    const request = tx.objectStore('image-draft').add(record);
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
  });
}

/** How many image-note drafts the profile holds. */
export function countDrafts() {
  return withStore('readonly', (store) => store.count());
}

/** Writes 「草稿箱(N)」 into the sidebar. */
export async function showDraftCount() {
  const entry = document.querySelector('.menu-item.draft-box');
  if (entry) entry.textContent = `草稿箱(${await countDrafts()})`;
}
