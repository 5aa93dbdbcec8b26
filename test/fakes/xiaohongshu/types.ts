/** What the fake creator center serves: the normal page, or one of the situations it can be in. */
export type XhsPageState = 'ok' | 'logged_out' | 'redesigned' | 'risk_control';

/** One thing the fake saw, from its server or reported by its own page. */
export interface XhsFakeEvent {
  at: number;
  type: string;
  detail?: string;
}

/** A draft as read back from the page's IndexedDB by `XhsFake.readDrafts`. */
export interface DraftRecord {
  key: string | number;
  title: string;
  body: string;
  topics: string[];
  /** sha256 hex of each image's bytes, in order. */
  images: string[];
  savedAt: number;
}

/** Delays of the fake page, in milliseconds. */
export interface XhsFakeTiming {
  /** Time from an image's upload to its preview, per image. */
  previewMs: number;
  /** Time from typing `#word` to the topic suggestions. */
  topicSuggestMs: number;
  /** Time the server takes to accept a draft. */
  saveMs: number;
}
