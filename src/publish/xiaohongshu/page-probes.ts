/**
 * Functions that run inside the creator center's page (through `page.evaluate`). They only
 * read the page (and scroll an element into view); every click is a real mouse click made by
 * the caller at the coordinates they return.
 *
 * They must stay self-contained: Playwright sends their source text, so no imports, no helper
 * functions, and no named inner functions (bundlers that keep names would wrap those).
 */

/** A point in the viewport, in CSS pixels, as `page.mouse` takes it. */
export interface Point {
  x: number;
  y: number;
}

export interface TabCandidate extends Point {
  label: string;
  /** Why this copy must not be clicked; `undefined` for a real, clickable tab. */
  skip: string | undefined;
  active: boolean;
}

export interface TabProbeArg {
  items: string[];
  label: string[];
  decoy: string;
  activeClasses: string[];
}

/**
 * In the page: every tab element with its label and, for copies that must not be clicked, why:
 * honeypot, aria-hidden, tabindex=-1, hidden, off-screen, transparent, behind the page, or
 * covered (the point at its centre belongs to another element, so a click would land there).
 */
export function probeTabsInPage(arg: TabProbeArg): TabCandidate[] {
  const seen = new Set<Element>();
  const out: TabCandidate[] = [];
  for (const selector of arg.items) {
    for (const el of Array.from(document.querySelectorAll(selector))) {
      if (seen.has(el)) continue;
      seen.add(el);
      const labelEl = arg.label.map((s) => el.querySelector(s)).find((found) => found !== null);
      const label = (labelEl ?? el).textContent?.trim() ?? '';
      const rect = el.getBoundingClientRect();
      const x = rect.left + rect.width / 2;
      const y = rect.top + rect.height / 2;
      const style = getComputedStyle(el);
      let opacity = 1;
      for (let node: Element | null = el; node; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
      }
      const hit = document.elementFromPoint(x, y);
      let skip: string | undefined;
      if (arg.decoy !== '' && el.closest(arg.decoy)) skip = 'honeypot';
      else if (el.closest('[aria-hidden="true"]')) skip = 'aria-hidden';
      else if (el.getAttribute('tabindex') === '-1') skip = 'tabindex=-1';
      else if (rect.width < 1 || rect.height < 1 || style.display === 'none') skip = 'hidden';
      else if (style.visibility !== 'visible') skip = 'hidden';
      else if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) skip = 'off-screen';
      else if (opacity < 0.1) skip = 'transparent';
      else if (Number(style.zIndex) < 0) skip = 'behind the page';
      else if (!hit || (hit !== el && !el.contains(hit))) skip = 'covered';
      const active =
        arg.activeClasses.some((name) => el.classList.contains(name)) ||
        el.getAttribute('aria-selected') === 'true';
      out.push({ label, skip, active, x, y });
    }
  }
  return out;
}

export interface UploadState {
  previews: number;
  uploading: boolean;
}

/** In the page: how many image previews show, and whether 「图片上传中」 is still shown. */
export function probeUploadInPage(arg: { previews: string[]; uploading: string[] }): UploadState {
  const counts = arg.previews.map((s) => document.querySelectorAll(s).length);
  const previews = counts.find((n) => n > 0) ?? 0;
  const text = document.body.innerText;
  return { previews, uploading: arg.uploading.some((t) => text.includes(t)) };
}

export interface EditorPick {
  selector: string;
  index: number;
  how: 'placeholder' | 'only candidate';
}

/**
 * In the page: where the body editor is, found by its placeholder (an attribute or a
 * placeholder element near it), or as the only visible candidate. Placeholders vanish once
 * there is text, so later reads use the place found here.
 */
export function locateEditorInPage(arg: {
  editors: string[];
  placeholders: string[];
}): EditorPick | undefined {
  const visible: { el: Element; selector: string; index: number }[] = [];
  for (const selector of arg.editors) {
    Array.from(document.querySelectorAll(selector)).forEach((el, index) => {
      if (el.getClientRects().length > 0 && !visible.some((v) => v.el === el)) {
        visible.push({ el, selector, index });
      }
    });
  }
  for (const { el, selector, index } of visible) {
    const texts: string[] = [];
    for (let anc: Element | null = el, up = 0; anc && up < 4; anc = anc.parentElement) {
      up += 1;
      const marked = [
        anc,
        ...Array.from(anc.querySelectorAll('[data-placeholder], [placeholder]')),
      ];
      for (const m of marked) {
        texts.push(m.getAttribute('data-placeholder') ?? '', m.getAttribute('placeholder') ?? '');
      }
      anc
        .querySelectorAll('[class*="placeholder"]')
        .forEach((m) => texts.push(m.textContent ?? ''));
    }
    if (arg.placeholders.some((p) => texts.some((t) => t.includes(p)))) {
      return { selector, index, how: 'placeholder' };
    }
  }
  const only = visible.length === 1 ? visible[0] : undefined;
  return only ? { selector: only.selector, index: only.index, how: 'only candidate' } : undefined;
}

export interface EditorState extends Point {
  text: string;
  focused: boolean;
  /** Names of the converted topics in the editor, in order. */
  topics: string[];
}

/** In the page: the editor's text, whether it has the focus, and its converted topics. */
export function probeEditorInPage(arg: {
  pick: { selector: string; index: number };
  anchors: string[];
  dataAttribute: string;
}): EditorState | undefined {
  const el = document.querySelectorAll(arg.pick.selector)[arg.pick.index];
  if (!(el instanceof HTMLElement)) return undefined;
  const topics: string[] = [];
  for (const anchor of arg.anchors.flatMap((s) => Array.from(el.querySelectorAll(s)))) {
    let name = '';
    try {
      const data = JSON.parse(anchor.getAttribute(arg.dataAttribute) ?? '{}') as { name?: unknown };
      if (typeof data.name === 'string') name = data.name;
    } catch {
      name = '';
    }
    if (name === '') name = (anchor.textContent ?? '').replace(/\[话题\]/g, '').replace(/#/g, '');
    topics.push(name.trim());
  }
  const rect = el.getBoundingClientRect();
  return {
    text: el.innerText,
    focused: el.contains(document.activeElement),
    topics,
    x: rect.left + Math.min(rect.width / 2, 40),
    y: rect.top + Math.min(rect.height / 2, 20),
  };
}

/**
 * In the page: the dropdown entry for topic `name` (its label without `#` or 「[话题]」 equals
 * the name), scrolled into view; `undefined` while there is none.
 */
export function probeTopicItemInPage(arg: { items: string[]; name: string }): Point | undefined {
  for (const selector of arg.items) {
    for (const item of Array.from(document.querySelectorAll(selector))) {
      if (item.getClientRects().length === 0) continue;
      const texts = [
        ...(item as HTMLElement).innerText.split('\n'),
        ...Array.from(item.querySelectorAll('*')).map((child) => child.textContent ?? ''),
      ];
      const matches = texts.some(
        (text) =>
          text
            .replace(/\[话题\]/g, '')
            .trim()
            .replace(/^#/, '')
            .trim() === arg.name,
      );
      if (!matches) continue;
      item.scrollIntoView({ block: 'nearest' });
      const rect = item.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
  }
  return undefined;
}

export interface OverflowState {
  counter: string | undefined;
  titleOver: boolean;
  lengthError: string | undefined;
}

/** In the page: the title counter ("24/20", class `over`) and a shown body length error. */
export function probeOverflowInPage(arg: {
  counters: string[];
  overClass: string;
  lengthErrors: string[];
}): OverflowState {
  const counterEl = arg.counters.map((s) => document.querySelector(s)).find((el) => el !== null);
  const counter = counterEl?.textContent?.trim();
  const numbers = /(\d+)\s*\/\s*(\d+)/.exec(counter ?? '');
  const titleOver =
    (counterEl?.classList.contains(arg.overClass) ?? false) ||
    (numbers !== null && Number(numbers[1]) > Number(numbers[2]));
  const errorEl = arg.lengthErrors
    .flatMap((s) => Array.from(document.querySelectorAll(s)))
    .find((el) => el.getClientRects().length > 0 && (el.textContent ?? '').trim() !== '');
  return { counter, titleOver, lengthError: errorEl?.textContent?.trim() };
}

export interface SaveButtonState {
  disabled: string | null;
  saveText: string | null;
  /** A point in the left half (暂存离开), scrolled into view. */
  left: Point;
  /** False when another element sits on that point, so a click would land elsewhere. */
  clickable: boolean;
}

/** In the page: the closed-shadow button host, its `save-disabled`, and its left half. */
export function probeSaveButtonInPage(arg: {
  hosts: string[];
  disabledAttribute: string;
  textAttribute: string;
}): SaveButtonState | undefined {
  const host = arg.hosts
    .flatMap((s) => Array.from(document.querySelectorAll(s)))
    .find((el) => el.getClientRects().length > 0);
  if (!host) return undefined;
  host.scrollIntoView({ block: 'center' });
  const rect = host.getBoundingClientRect();
  const left = { x: rect.left + rect.width * 0.25, y: rect.top + rect.height / 2 };
  const hit = document.elementFromPoint(left.x, left.y);
  return {
    disabled: host.getAttribute(arg.disabledAttribute),
    saveText: host.getAttribute(arg.textAttribute),
    left,
    clickable: rect.width >= 8 && hit !== null && (hit === host || host.contains(hit)),
  };
}

export interface SaveSigns {
  /** The page showed 「暂存成功」. */
  toast: boolean;
  /** The sidebar's 「草稿箱(N)」, when shown. */
  draftCount: number | undefined;
}

/** In the page: the page's own signs of a save, besides the IndexedDB record. */
export function probeSaveSignsInPage(arg: {
  successTexts: string[];
  countPattern: string;
}): SaveSigns {
  const text = document.body.innerText;
  const count = new RegExp(arg.countPattern).exec(text);
  return {
    toast: arg.successTexts.some((wanted) => text.includes(wanted)),
    draftCount: count ? Number(count[1]) : undefined,
  };
}
