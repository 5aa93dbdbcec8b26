/**
 * What the fake creator center serves: the normal page, or one of the situations it can be in.
 * `risk_control` answers the API with HTTP 461; `risk_code` with HTTP 200 and a JSON risk
 * code (-9136) whose message names no risk, as the site often does. `session_expired` serves
 * the page itself but answers its API with 401, so the page's own script goes to the login page.
 */
export type XhsPageState =
  'ok' | 'logged_out' | 'session_expired' | 'redesigned' | 'risk_control' | 'risk_code';

/**
 * How the page stores a draft in IndexedDB: title and images under `content.draftStore` with
 * `updatedAt` (the default); under `content.contextStore.liveContext` and
 * `content.noteImageConfig.items` with no time at all; or in a shape no reader knows.
 */
export type XhsDraftShape = 'draft_store' | 'live_context' | 'unknown';

/**
 * Variations of the 2026 publish page, each something the real page has done (see
 * ../shared/sites/xiaohongshu.md). `XhsFake.setPageVariant` starts from these defaults.
 */
export interface XhsPageVariant {
  /** The image input takes one file at a time (no `multiple`), so files go in one by one. */
  singleFileInput: boolean;
  /** A later editor: no TipTap classes, no textbox role, another placeholder. */
  redesignedEditor: boolean;
  /** A later button bar: plain 存草稿 / 发布 buttons instead of `<xhs-publish-btn>`. */
  redesignedButtons: boolean;
}

export const DEFAULT_PAGE_VARIANT: XhsPageVariant = {
  singleFileInput: false,
  redesignedEditor: false,
  redesignedButtons: false,
};

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
  /** The record's `updatedAt`, when its shape carries a time. */
  savedAt: number | undefined;
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
