// The note-kind tabs. Since spring 2026 each tab is drawn three times: an off-screen copy, a
// honeypot laid under the real tab, and the real one. Clicking the honeypot works as usual on
// screen but silently marks the session as a bot.

import { report } from './report.js';

const TAB_NAMES = ['上传视频', '上传图文', '写长文'];

function makeTab(name, kind) {
  const tab = document.createElement('div');
  tab.className = 'creator-tab';
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = name;
  tab.append(title);
  if (kind === 'real') {
    tab.dataset.hpBound = '1';
    const line = document.createElement('div');
    line.className = 'underline';
    tab.append(line);
  } else if (kind === 'decoy') {
    tab.setAttribute('style', 'position:absolute;left:-9999px');
  } else {
    tab.classList.add('button-hp-installed');
    tab.dataset.hpKind = 'tab';
    tab.setAttribute('style', 'position:absolute;opacity:1e-05;z-index:-1');
  }
  return tab;
}

/** Inserts `item` at a random place of `list` (copies never sit in the same order twice). */
function insertAnywhere(list, item) {
  list.splice(Math.floor(Math.random() * (list.length + 1)), 0, item);
}

/**
 * Draws the tabs into `bar`, `initial` active, and calls `onActivate(name)` when a tab becomes
 * active.
 */
export function renderTabs(bar, initial, onActivate) {
  const copies = TAB_NAMES.map((name) => ({
    name,
    real: makeTab(name, 'real'),
    decoy: makeTab(name, 'decoy'),
    honeypot: makeTab(name, 'honeypot'),
  }));
  const order = copies.map((copy) => copy.real);
  for (const copy of copies) {
    insertAnywhere(order, copy.decoy);
    insertAnywhere(order, copy.honeypot);
  }
  bar.replaceChildren(...order);

  let active = '';
  const activate = (name) => {
    if (name === active) return;
    active = name;
    for (const copy of copies) {
      for (const tab of [copy.real, copy.decoy, copy.honeypot]) {
        tab.classList.toggle('active', copy.name === name);
      }
    }
    onActivate(name);
  };

  const placeHoneypots = () => {
    for (const { real, honeypot } of copies) {
      Object.assign(honeypot.style, {
        left: `${real.offsetLeft}px`,
        top: `${real.offsetTop}px`,
        width: `${real.offsetWidth}px`,
        height: `${real.offsetHeight}px`,
      });
    }
  };

  for (const copy of copies) {
    copy.real.addEventListener('click', () => {
      report('tab_click', 'real');
      activate(copy.name);
    });
    copy.decoy.addEventListener('click', () => report('tab_click', 'decoy'));
    copy.honeypot.addEventListener('click', () => {
      report('tab_click', 'honeypot');
      report('honeypot_clicked', copy.name);
      activate(copy.name);
    });
  }
  activate(initial);
  // The honeypots follow the real tabs when fonts load or the window changes.
  const watcher = new ResizeObserver(placeHoneypots);
  watcher.observe(bar);
  for (const { real } of copies) watcher.observe(real);
}
