// The composer. The ProseMirror-like editor keeps its own text state, changed only by trusted
// input events; whatever else touches its DOM is redrawn from that state.
import { h } from './dom.js';

/**
 * @param {HTMLFormElement} form
 * @param {{ onSend(text: string): void; onStop(): void; sendEnabled: boolean }} hooks
 */
export function mountComposer(form, hooks) {
  const editor = form.querySelector('#prompt-textarea');
  return editor ? proseMirrorComposer(form, editor, hooks) : textareaComposer(form, hooks);
}

function sendButton() {
  return h(
    'button',
    {
      type: 'button',
      id: 'composer-submit-button',
      'data-testid': 'send-button',
      'aria-label': 'Send prompt',
      class: 'send',
    },
    '↑',
  );
}

function stopButton() {
  return h(
    'button',
    {
      type: 'button',
      id: 'composer-submit-button',
      'data-testid': 'stop-button',
      'aria-label': 'Stop streaming',
      class: 'stop',
    },
    '■',
  );
}

function proseMirrorComposer(form, editor, hooks) {
  const composer = new ProseMirrorComposer(form, editor, hooks);
  return { setBusy: (value) => composer.setBusy(value), remount: () => composer.remount() };
}

class ProseMirrorComposer {
  constructor(form, editor, hooks) {
    this.form = form;
    this.hooks = hooks;
    this.text = '';
    this.caret = 0;
    this.busy = false;
    /** @type {[number, number] | null} the selection when an IME composition started */
    this.composing = null;
    // The server-rendered button is replaced on the first render (hydration), then on swaps.
    this.action = { busy: undefined, button: undefined };
    this.observer = new MutationObserver(() => {
      if (this.composing === null) this.render();
    });
    this.bind(editor);
    this.render();
  }

  /** A re-render that replaces the whole form: new editor and button nodes, same state. */
  remount() {
    this.observer.disconnect();
    const fresh = this.form.cloneNode(true);
    this.form.replaceWith(fresh);
    this.form = fresh;
    this.action = { busy: undefined, button: undefined };
    this.bind(fresh.querySelector('#prompt-textarea'));
    this.render();
  }

  bind(editor) {
    this.editor = editor;
    this.slot = this.form.querySelector('.composer-action');
    editor.addEventListener('beforeinput', (event) => this.onBeforeInput(event));
    editor.addEventListener('input', (event) => this.onInput(event));
    editor.addEventListener('compositionstart', () => {
      this.composing = this.selectionOffsets();
    });
    editor.addEventListener('compositionend', (event) => {
      const [start, end] = this.composing ?? [this.caret, this.caret];
      this.composing = null;
      this.edit(start, end, event.data ?? '');
    });
    editor.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      this.submit();
    });
  }

  setBusy(value) {
    this.busy = value;
    this.renderAction();
  }

  render() {
    this.observer.disconnect();
    const lines = this.text.split('\n');
    const paragraphs =
      this.text === ''
        ? [h('p', { 'data-placeholder': 'Ask anything', class: 'placeholder' }, trailingBreak())]
        : lines.map((line) => h('p', {}, line === '' ? trailingBreak() : line));
    this.editor.replaceChildren(...paragraphs);
    if (document.activeElement === this.editor) this.placeCaret(lines);
    this.observer.observe(this.editor, { childList: true, subtree: true, characterData: true });
    this.renderAction();
  }

  renderAction() {
    if (this.action.busy !== this.busy) {
      const button = this.busy ? stopButton() : sendButton();
      button.addEventListener('click', () => (this.busy ? this.hooks.onStop() : this.submit()));
      this.slot.replaceChildren(button);
      this.action = { busy: this.busy, button };
    }
    if (!this.busy) {
      this.action.button.disabled = !this.hooks.sendEnabled || this.text.trim() === '';
    }
  }

  placeCaret(lines) {
    let rest = this.caret;
    let index = 0;
    while (index < lines.length - 1 && rest > lines[index].length) {
      rest -= lines[index].length + 1;
      index += 1;
    }
    const paragraph = this.editor.children[index];
    const first = paragraph.firstChild;
    const range = document.createRange();
    if (first?.nodeType === Node.TEXT_NODE) range.setStart(first, Math.min(rest, first.length));
    else range.setStart(paragraph, 0);
    range.collapse(true);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /** The state offset of a DOM position inside the editor. */
  offsetOf(node, offset) {
    const lines = this.text.split('\n');
    const before = (count) => lines.slice(0, count).reduce((sum, line) => sum + line.length + 1, 0);
    if (node === this.editor) return Math.min(before(offset), this.text.length);
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const paragraph = element?.closest('p');
    const index = Array.prototype.indexOf.call(this.editor.children, paragraph);
    if (index < 0) return this.caret;
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    range.setEnd(node, offset);
    return Math.min(before(index) + range.toString().length, this.text.length);
  }

  selectionOffsets() {
    const selection = getSelection();
    if (!selection?.rangeCount || !this.editor.contains(selection.anchorNode)) {
      return [this.caret, this.caret];
    }
    const range = selection.getRangeAt(0);
    const start = this.offsetOf(range.startContainer, range.startOffset);
    const end = this.offsetOf(range.endContainer, range.endOffset);
    return start <= end ? [start, end] : [end, start];
  }

  edit(start, end, insert) {
    this.text = this.text.slice(0, start) + insert + this.text.slice(end);
    this.caret = start + insert.length;
    this.render();
  }

  onBeforeInput(event) {
    // Composition text cannot be cancelled; it is committed on compositionend.
    if (event.inputType === 'insertCompositionText') return;
    event.preventDefault();
    if (!event.isTrusted) return;
    const [start, end] = this.selectionOffsets();
    const data = event.data ?? event.dataTransfer?.getData('text/plain') ?? '';
    switch (event.inputType) {
      case 'insertText':
      case 'insertReplacementText':
      case 'insertFromPaste':
      case 'insertFromDrop':
        return this.edit(start, end, data.replace(/\r\n?/g, '\n'));
      case 'insertParagraph':
      case 'insertLineBreak':
        return this.edit(start, end, '\n');
      default: {
        if (!event.inputType.startsWith('delete')) return undefined;
        const [from, to] =
          start === end ? this.deletionRange(event.inputType, start) : [start, end];
        return this.edit(from, to, '');
      }
    }
  }

  /** What a deletion with a collapsed caret removes. */
  deletionRange(inputType, at) {
    const text = this.text;
    switch (inputType) {
      case 'deleteContentBackward': {
        const code = text.charCodeAt(at - 1);
        const width = code >= 0xdc00 && code <= 0xdfff && at >= 2 ? 2 : 1;
        return [Math.max(0, at - width), at];
      }
      case 'deleteContentForward':
        return [at, Math.min(text.length, at + 1)];
      case 'deleteWordBackward':
        return [at - (/\S*\s*$/.exec(text.slice(0, at))?.[0].length ?? 0), at];
      case 'deleteSoftLineBackward':
      case 'deleteHardLineBackward':
        return [text.lastIndexOf('\n', at - 1) + 1, at];
      default:
        return [at, at];
    }
  }

  // Trusted input the page did not cancel (e.g. execCommand): read what the DOM now says.
  onInput(event) {
    if (!event.isTrusted || event.isComposing || this.composing !== null) return;
    const paragraphs = [...this.editor.children];
    this.text = paragraphs.length
      ? paragraphs.map((p) => p.textContent).join('\n')
      : this.editor.textContent;
    this.caret = this.text.length;
    this.render();
  }

  submit() {
    if (this.busy || this.text.trim() === '') return;
    const prompt = this.text;
    this.text = '';
    this.caret = 0;
    this.render();
    this.hooks.onSend(prompt);
  }
}

function textareaComposer(form, hooks) {
  const area = form.querySelector('textarea[name="message-input"]');
  const slot = form.querySelector('.composer-action');
  let busy = false;

  function renderAction() {
    const button = busy
      ? h('button', { type: 'button', 'aria-label': 'Stop response', class: 'stop' }, '■')
      : h('button', { type: 'submit', 'aria-label': 'Submit message', class: 'send' }, '↑');
    if (busy) button.addEventListener('click', () => hooks.onStop());
    else button.disabled = area.value.trim() === '';
    slot.replaceChildren(button);
  }

  area.addEventListener('input', renderAction);
  area.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    form.requestSubmit();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy || area.value.trim() === '') return;
    const prompt = area.value;
    area.value = '';
    renderAction();
    hooks.onSend(prompt);
  });

  renderAction();
  return {
    setBusy(value) {
      busy = value;
      renderAction();
    },
    remount() {},
  };
}

function trailingBreak() {
  return h('br', { class: 'ProseMirror-trailingBreak' });
}
