import { createHash, randomBytes } from 'node:crypto';

import {
  DEFAULT_PAGE_VARIANT,
  type XhsDraftShape,
  type XhsFakeEvent,
  type XhsFakeTiming,
  type XhsPageState,
  type XhsPageVariant,
} from './types.js';

/** An image the fake's server received, by the id it handed back to the page. */
export interface StoredUpload {
  name: string;
  size: number;
  sha256: string;
}

/** How the server answers one draft save. */
export type SaveVerdict = 'ok' | 'dropped' | 'spoiled';

/** Everything the fake's server remembers between requests. */
export class FakeState {
  pageState: XhsPageState = 'ok';
  pageVariant: XhsPageVariant = DEFAULT_PAGE_VARIANT;
  /** Per-image preview delay set by a test; `undefined` means `timing.previewMs`. */
  uploadDelayMs: number | undefined;
  savesToDrop = 0;
  /** How the page stores the next drafts in IndexedDB. */
  draftShape: XhsDraftShape = 'draft_store';
  /** Saves that land while the page then keeps its database busy (see `XhsFake`). */
  busyDbSaves = 0;
  readonly events: XhsFakeEvent[] = [];
  readonly uploads = new Map<string, StoredUpload>();
  private readonly sessions = new Set<string>();
  private readonly spoiledSessions = new Set<string>();

  constructor(readonly timing: XhsFakeTiming) {}

  /** Appends an event, keeping the log in time order (page reports may arrive late). */
  log(type: string, detail?: string, at = Date.now()): void {
    const event: XhsFakeEvent = detail === undefined ? { at, type } : { at, type, detail };
    let index = this.events.length;
    while (index > 0 && (this.events[index - 1]?.at ?? 0) > at) index -= 1;
    this.events.splice(index, 0, event);
  }

  issueSession(): string {
    const session = randomBytes(16).toString('hex');
    this.sessions.add(session);
    return session;
  }

  isSession(session: string | undefined): session is string {
    return session !== undefined && this.sessions.has(session);
  }

  spoil(session: string): void {
    if (this.spoiledSessions.has(session)) return;
    this.spoiledSessions.add(session);
    this.log('session_spoiled');
  }

  saveVerdict(session: string): SaveVerdict {
    if (this.spoiledSessions.has(session)) return 'spoiled';
    if (this.savesToDrop > 0) {
      this.savesToDrop -= 1;
      return 'dropped';
    }
    return 'ok';
  }

  /** True (and counted) when this save should leave the page's database busy. */
  takeBusyDbSave(): boolean {
    if (this.busyDbSaves === 0) return false;
    this.busyDbSaves -= 1;
    return true;
  }

  previewDelayMs(): number {
    return this.uploadDelayMs ?? this.timing.previewMs;
  }

  storeUpload(name: string, bytes: Buffer): string {
    const fileId = `spectrum/${randomBytes(12).toString('hex')}`;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.uploads.set(fileId, { name, size: bytes.length, sha256 });
    return fileId;
  }
}

/** A stable id for a topic name, shaped like the site's 24-hex ids. */
export function topicId(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 24);
}
