import type { Page } from 'playwright-core';
import { evaluateInPage } from './in-page.js';
import type { Selectors } from './selectors.js';

/** One `<img>` that may be a generated image, as the page showed it at one moment. */
export interface ImageSnapshot {
  /** The `file_…` id of an estuary src; the identity of an image (its three layers share it). */
  fileId: string | undefined;
  src: string;
  alt: string;
  complete: boolean;
  naturalWidth: number;
  /** Drawn through a blur filter: a progressive preview, never the result. */
  blurred: boolean;
}

/** Everything the driver needs to know about the page, read in one go as plain data. */
export interface PageSnapshot {
  url: string;
  title: string;
  composer: { selector: string; text: string; inScope: boolean } | undefined;
  send: { selector: string; disabled: boolean } | undefined;
  /** A stop button inside the composer's container (never page-wide). */
  stop: boolean;
  loginButton: boolean;
  /** Which Cloudflare marker element matched, if any. */
  cloudflareMarker: string | undefined;
  /** The start of the body text, read only when there is no composer (challenge pages). */
  bodyText: string;
  /**
   * With no composer found: a text box none of our selectors know is on the loaded page, the
   * sign of a redesign (so we need not wait out the whole hydration allowance).
   */
  unknownTextBox: boolean;
  turns: number;
  assistantTurns: number;
  /** Text of the assistant turns (the last 4000 characters). */
  assistantText: string;
  /** Text of open dialogs and alerts. */
  noticeText: string;
  loading: { selector: string; text: string } | undefined;
  /** Candidate images inside the assistant turns (or the main area before any turn exists). */
  images: ImageSnapshot[];
  /** Every estuary file id anywhere on the page, for the baseline. */
  pageFileIds: string[];
  /** User selectors the browser rejected as invalid CSS. */
  badSelectors: string[];
  /** A short hash of everything above, for the next read's `since`. */
  fingerprint?: string;
}

export interface ReadOptions {
  /**
   * Wait up to this long for the page to change (a DOM mutation or a loaded image) before
   * reading, so a poll answers as soon as something happens instead of on a fixed tick.
   */
  waitForChangeMs: number;
  /**
   * The `fingerprint` of the previous read: when the page differs from it already (it changed
   * between two reads), this read answers at once instead of waiting for the next change.
   */
  since?: string;
}

/**
 * Reads the whole page state in ONE `evaluate`, returning plain data. Element handles are never
 * held: the app re-renders these nodes constantly and a held handle goes stale.
 */
export function readPageState(
  page: Page,
  selectors: Selectors,
  options: ReadOptions,
): Promise<PageSnapshot> {
  return evaluateInPage(
    page,
    readStateInPage,
    { sel: selectors, waitMs: options.waitForChangeMs, since: options.since ?? '' },
    IN_PAGE_HELPERS,
  );
}

// Everything below runs inside the page (see `evaluateInPage`): these functions reach nothing
// but their arguments and each other. `bad` collects selectors the browser rejects.

function readStateInPage(arg: {
  sel: Selectors;
  waitMs: number;
  since: string;
}): Promise<PageSnapshot> {
  const read = () => {
    const snapshot = snapshotInPage(arg.sel);
    return { ...snapshot, fingerprint: fingerprintInPage(snapshot) };
  };
  const now = read();
  // A change that fell between two reads is answered now, not after the next one.
  if (arg.waitMs <= 0 || (arg.since !== '' && now.fingerprint !== arg.since)) {
    return Promise.resolve(now);
  }
  return new Promise<PageSnapshot>((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      observer.disconnect();
      document.removeEventListener('load', finish, true);
      clearTimeout(timer);
      resolve(read());
    };
    const observer = new MutationObserver(finish);
    observer.observe(document, { subtree: true, childList: true, attributes: true });
    // `load` of an <img> does not bubble; a capturing listener on the document still sees it.
    document.addEventListener('load', finish, true);
    const timer = setTimeout(finish, arg.waitMs);
  });
}

/** FNV-1a over the snapshot's JSON: equal for equal snapshots, short to send back. */
function fingerprintInPage(snapshot: PageSnapshot): string {
  const text = JSON.stringify(snapshot);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

function snapshotInPage(sel: Selectors): PageSnapshot {
  const bad: string[] = [];
  const composerHit = firstInPage(document, sel.composer, bad);
  const scope = composerHit ? closestInPage(composerHit.el, sel.composerScope, bad) : undefined;
  const sendHit = firstInPage(scope ?? document, sel.send, bad);
  const turns = allInPage(document, sel.turn, bad);
  const assistant = turns.filter((turn) =>
    sel.assistantTurn.some((s) => matchesInPage(turn, s, bad)),
  );
  const imageRoots =
    turns.length > 0 ? assistant : allInPage(document, sel.imageScope, bad).slice(0, 1);
  const loadingHit = firstInPage(document, sel.loading, bad);
  const loginHit = firstInPage(document, sel.loginButton, bad);
  const notices = allInPage(document, sel.notice, bad);
  return {
    url: location.href,
    title: document.title,
    composer: composerHit && {
      selector: composerHit.selector,
      text: composerTextInPage(composerHit.el),
      inScope: scope !== undefined,
    },
    send: sendHit && {
      selector: sendHit.selector,
      disabled: (sendHit.el as HTMLButtonElement).disabled,
    },
    stop: scope ? firstInPage(scope, sel.stop, bad) !== undefined : false,
    loginButton: loginHit ? visibleInPage(loginHit.el) : false,
    cloudflareMarker: firstInPage(document, sel.cloudflare, bad)?.selector,
    bodyText: composerHit ? '' : textInPage(document.body).slice(0, 2000),
    unknownTextBox: !composerHit && unknownTextBoxInPage(),
    turns: turns.length,
    assistantTurns: assistant.length,
    assistantText: assistant
      .map((turn) => textInPage(turn))
      .join('\n')
      .slice(-4000),
    noticeText: notices
      .map((notice) => textInPage(notice))
      .join('\n')
      .slice(0, 2000),
    loading: loadingHit && { selector: loadingHit.selector, text: textInPage(loadingHit.el) },
    images: imageRoots.flatMap((root) => imagesInPage(root, sel.finalImage, bad)),
    pageFileIds: pageFileIdsInPage(),
    badSelectors: [...new Set(bad)],
  };
}

function imagesInPage(root: Element, list: string[], bad: string[]): ImageSnapshot[] {
  return allInPage(root, list, bad).flatMap((el) => {
    if (!(el instanceof HTMLImageElement)) return [];
    const src = el.currentSrc || el.src;
    return [
      {
        fileId: fileIdInPage(src),
        src,
        alt: el.alt,
        complete: el.complete,
        naturalWidth: el.naturalWidth,
        blurred: blurredInPage(el, root),
      },
    ];
  });
}

function pageFileIdsInPage(): string[] {
  const ids = new Set<string>();
  document.querySelectorAll('img').forEach((img) => {
    const id = fileIdInPage(img.currentSrc || img.src);
    if (id) ids.add(id);
  });
  return [...ids];
}

function allInPage(root: ParentNode, list: string[], bad: string[]): Element[] {
  const found = new Set<Element>();
  for (const selector of list) {
    try {
      root.querySelectorAll(selector).forEach((el) => found.add(el));
    } catch {
      bad.push(selector);
    }
  }
  return [...found];
}

function firstInPage(
  root: ParentNode,
  list: string[],
  bad: string[],
): { el: Element; selector: string } | undefined {
  for (const selector of list) {
    const el = allInPage(root, [selector], bad)[0];
    if (el) return { el, selector };
  }
  return undefined;
}

function matchesInPage(el: Element, selector: string, bad: string[]): boolean {
  try {
    return el.matches(selector);
  } catch {
    bad.push(selector);
    return false;
  }
}

function closestInPage(el: Element, list: string[], bad: string[]): Element | undefined {
  for (const selector of list) {
    try {
      const found = el.closest(selector);
      if (found) return found;
    } catch {
      bad.push(selector);
    }
  }
  return undefined;
}

function visibleInPage(el: Element): boolean {
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
}

function textInPage(el: Element): string {
  const raw = el instanceof HTMLElement ? el.innerText : (el.textContent ?? '');
  return raw.replace(/\s+/g, ' ').trim();
}

function composerTextInPage(el: Element): string {
  return el instanceof HTMLTextAreaElement ? el.value.trim() : textInPage(el);
}

function unknownTextBoxInPage(): boolean {
  if (document.readyState !== 'complete') return false;
  const boxes = document.querySelectorAll('textarea, [contenteditable="true"]');
  return [...boxes].some((el) => visibleInPage(el));
}

function blurredInPage(el: Element, top: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (getComputedStyle(node).filter.includes('blur')) return true;
    if (node === top) break;
  }
  return false;
}

function fileIdInPage(src: string): string | undefined {
  if (!URL.canParse(src, location.href)) return undefined;
  const url = new URL(src, location.href);
  if (!url.pathname.endsWith('/backend-api/estuary/content')) return undefined;
  return url.searchParams.get('id') ?? undefined;
}

const IN_PAGE_HELPERS = [
  snapshotInPage,
  fingerprintInPage,
  imagesInPage,
  pageFileIdsInPage,
  allInPage,
  firstInPage,
  matchesInPage,
  closestInPage,
  visibleInPage,
  textInPage,
  composerTextInPage,
  unknownTextBoxInPage,
  blurredInPage,
  fileIdInPage,
];
