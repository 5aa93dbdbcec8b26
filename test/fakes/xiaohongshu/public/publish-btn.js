// <xhs-publish-btn>: the 暂存离开 / 发布 pair in a closed shadow root. Only a real pointer click
// inside the matching half acts; `.click()` on the host reaches no button.

import { report } from './report.js';

const actions = new WeakMap();

const STYLE = `
:host { display: inline-block; width: 240px; height: 40px; }
.group { display: flex; width: 100%; height: 100%; }
button {
  box-sizing: border-box; width: 50%; height: 100%; margin: 0; border: 1px solid #ddd;
  font-size: 14px; cursor: pointer;
}
.save { background: #fff; color: #333; border-radius: 20px 0 0 20px; }
.submit { background: #ff2442; color: #fff; border-color: #ff2442; border-radius: 0 20px 20px 0; }
button:disabled { opacity: 0.5; cursor: not-allowed; }
`;

/** Gives the page's handlers to one button pair; nothing outside this module can reach them. */
export function bindPublishButton(element, handlers) {
  actions.set(element, handlers);
}

class XhsPublishBtn extends HTMLElement {
  static observedAttributes = ['submit-text', 'save-text', 'submit-disabled', 'save-disabled'];

  #save;
  #submit;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const group = document.createElement('div');
    group.className = 'group';
    this.#save = document.createElement('button');
    this.#save.className = 'save';
    this.#submit = document.createElement('button');
    this.#submit.className = 'submit';
    group.append(this.#save, this.#submit);
    root.append(style, group);
    this.#save.addEventListener('click', (event) => this.#onClick('save', event));
    this.#submit.addEventListener('click', (event) => this.#onClick('submit', event));
    this.#render();
  }

  attributeChangedCallback() {
    this.#render();
  }

  #render() {
    this.#save.textContent = this.getAttribute('save-text') ?? '暂存离开';
    this.#submit.textContent = this.getAttribute('submit-text') ?? '发布';
    this.#save.disabled = this.getAttribute('save-disabled') === 'true';
    this.#submit.disabled = this.getAttribute('submit-disabled') === 'true';
  }

  #onClick(kind, event) {
    if (kind === 'submit') report('publish_pressed', event.isTrusted ? 'trusted' : 'untrusted');
    if (!event.isTrusted) {
      if (kind === 'save') report('save_ignored', 'untrusted');
      return;
    }
    const box = this.getBoundingClientRect();
    const offsetX = event.clientX - box.left;
    const half = offsetX < box.width / 2 ? 'save' : 'submit';
    if (half !== kind) return;
    actions.get(this)?.[kind]?.();
  }
}

customElements.define('xhs-publish-btn', XhsPublishBtn);
