import { startHttpsServer } from '../../support/https-server.js';
import { FakeState } from './fake-state.js';
import { readDrafts } from './read-drafts.js';
import { createHandler } from './routes.js';
import type {
  DraftRecord,
  XhsDraftShape,
  XhsFakeEvent,
  XhsFakeTiming,
  XhsPageState,
  XhsPageVariant,
} from './types.js';
import { DEFAULT_PAGE_VARIANT } from './types.js';

export type {
  DraftRecord,
  XhsDraftShape,
  XhsFakeEvent,
  XhsFakeTiming,
  XhsPageState,
  XhsPageVariant,
} from './types.js';

/** A running fake of creator.xiaohongshu.com and the knobs a test turns. */
export interface XhsFake {
  /** Loopback HTTPS port; Chromium maps creator.xiaohongshu.com:443 here. */
  port: number;
  timing: XhsFakeTiming;
  setPageState(state: XhsPageState): void;
  /** The publish page served from now on: the defaults changed by `change` (`{}` resets). */
  setPageVariant(change: Partial<XhsPageVariant>): void;
  /** Upload previews take this long per image (slow uploads). */
  setUploadDelayMs(ms: number): void;
  /** The next `n` saves do not write to IndexedDB and show no toast (an unconfirmed save). */
  dropNextSaves(n: number): void;
  /**
   * The next `n` saves land in IndexedDB and show 「暂存成功」, but the page then keeps its
   * database busy (an upgrade left waiting) and stays: no reader can see the draft until the
   * tab closes, so a confirmation in that tab runs out of time.
   */
  busyDatabaseAfterNextSaves(n: number): void;
  /** How the page stores the drafts saved from now on (see {@link XhsDraftShape}). */
  setDraftShape(shape: XhsDraftShape): void;
  /**
   * Every click and action the fake saw, in time order: 'page_view' (path), 'tab_click'
   * (real|decoy|honeypot), 'honeypot_clicked', 'session_spoiled', 'upload' (file count),
   * 'image_received' (name), 'title_set' (title), 'topic_converted' (name), 'save_draft',
   * 'save_ignored' (why), 'save_request' (ok|dropped|spoiled), 'draft_written' (key),
   * 'publish_pressed' (trusted|untrusted), 'risk_control' (route). The page reports its part
   * with sendBeacon to its own telemetry path, so an event may land a few ms after the action.
   */
  events: XhsFakeEvent[];
  /** Drafts in the browser profile, read from IndexedDB through a page of the helper's own. */
  readDrafts(cdpUrl: string): Promise<DraftRecord[]>;
  close(): Promise<void>;
}

const defaultTiming: XhsFakeTiming = { previewMs: 400, topicSuggestMs: 300, saveMs: 300 };

/** Starts the fake creator center on a loopback HTTPS port. */
export async function startXhsFake(options: Partial<XhsFakeTiming> = {}): Promise<XhsFake> {
  const timing: XhsFakeTiming = { ...defaultTiming, ...options };
  const state = new FakeState(timing);
  const server = await startHttpsServer(createHandler(state));
  return {
    port: server.port,
    timing,
    events: state.events,
    setPageState: (pageState) => {
      state.pageState = pageState;
    },
    setPageVariant: (change) => {
      state.pageVariant = { ...DEFAULT_PAGE_VARIANT, ...change };
    },
    setUploadDelayMs: (ms) => {
      state.uploadDelayMs = ms;
    },
    dropNextSaves: (n) => {
      state.savesToDrop = n;
    },
    busyDatabaseAfterNextSaves: (n) => {
      state.busyDbSaves = n;
    },
    setDraftShape: (shape) => {
      state.draftShape = shape;
    },
    readDrafts,
    close: () => server.close(),
  };
}
