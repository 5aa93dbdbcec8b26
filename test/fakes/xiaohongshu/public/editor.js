// A TipTap-like body editor. The document lives in a model; the DOM is only drawn from it.
// The model changes only through trusted `beforeinput` events (typing, insertText, paste);
// any other change of the DOM is undone by drawing the model again.

const PLACEHOLDER = '输入正文描述，真诚有价值的分享予人温暖';
const TOPIC_HASH = /[\s#]/;

const isTopic = (token) => typeof token === 'object';
const topicText = (topic) => `#${topic.name}[话题]#`;

/**
 * Creates the editor element and its model; `redesigned` draws it as a later design would:
 * no TipTap classes, no textbox role, another placeholder.
 */
export function createEditor(redesigned = false) {
  const root = document.createElement('div');
  root.className = redesigned ? 'note-editor rich-text' : 'tiptap ProseMirror';
  root.contentEditable = 'true';
  if (!redesigned) root.setAttribute('role', 'textbox');
  const placeholder = redesigned ? '说点什么，分享你的生活' : PLACEHOLDER;
  root.setAttribute('translate', 'no');
  root.spellcheck = false;
  root.tabIndex = 0;

  // Tokens: one UTF-16 unit per string, '\n' between paragraphs, `{ topic }` for a topic.
  let doc = [];
  let caret = 0;
  const listeners = [];
  let rendering = false;

  const paragraphs = () => {
    const result = [[]];
    for (const token of doc) {
      if (token === '\n') result.push([]);
      else result[result.length - 1].push(token);
    }
    return result;
  };

  const paragraphStart = (index) => {
    let seen = 0;
    for (let i = 0; i < doc.length; i += 1) {
      if (seen === index) return i;
      if (doc[i] === '\n') seen += 1;
    }
    return doc.length;
  };

  function drawParagraph(tokens) {
    const p = document.createElement('p');
    let text = '';
    const flush = () => {
      if (text) p.append(document.createTextNode(text));
      text = '';
    };
    for (const token of tokens) {
      if (!isTopic(token)) {
        text += token;
        continue;
      }
      flush();
      const a = document.createElement('a');
      a.className = 'tiptap-topic';
      a.contentEditable = 'false';
      a.dataset.topic = JSON.stringify({ id: token.topic.id, name: token.topic.name });
      a.textContent = topicText(token.topic);
      p.append(a);
    }
    flush();
    if (tokens.length === 0 || isTopic(tokens[tokens.length - 1])) {
      const br = document.createElement('br');
      br.className = 'ProseMirror-trailingBreak';
      p.append(br);
    }
    return p;
  }

  const size = (node) =>
    node.nodeType === Node.TEXT_NODE ? node.data.length : node.nodeName === 'A' ? 1 : 0;

  function domToModel(node, offset) {
    if (node === root) return paragraphStart(offset);
    let p = node;
    while (p && p.parentNode !== root) p = p.parentNode;
    if (!p) return caret;
    let pos = paragraphStart([...root.childNodes].indexOf(p));
    const children = [...p.childNodes];
    if (node === p) return children.slice(0, offset).reduce((sum, n) => sum + size(n), pos);
    let child = node;
    while (child.parentNode !== p) child = child.parentNode;
    for (const sibling of children.slice(0, children.indexOf(child))) pos += size(sibling);
    if (child.nodeType === Node.TEXT_NODE) return pos + offset;
    return child.nodeName === 'A' && offset > 0 ? pos + 1 : pos;
  }

  function modelToDom(index) {
    let paragraph = 0;
    for (let i = 0; i < index; i += 1) if (doc[i] === '\n') paragraph += 1;
    let k = index - paragraphStart(paragraph);
    const p = root.childNodes[paragraph];
    const children = [...p.childNodes];
    for (let i = 0; i < children.length; i += 1) {
      const child = children[i];
      if (child.nodeType === Node.TEXT_NODE) {
        if (k <= child.data.length) return [child, k];
        k -= child.data.length;
      } else if (child.nodeName === 'A') {
        if (k === 0) return [p, i];
        k -= 1;
      } else {
        return [p, i];
      }
    }
    return [p, children.length];
  }

  function render() {
    rendering = true;
    const drawn = paragraphs().map(drawParagraph);
    if (doc.length === 0) {
      drawn[0].className = 'is-empty is-editor-empty';
      drawn[0].dataset.placeholder = placeholder;
    }
    root.replaceChildren(...drawn);
    if (document.activeElement === root) {
      const [node, offset] = modelToDom(caret);
      document.getSelection()?.collapse(node, offset);
    }
    observer.takeRecords();
    rendering = false;
  }

  // Whatever changed the DOM without going through the model is drawn over.
  const observer = new MutationObserver(() => {
    if (!rendering) render();
  });

  function readSelection() {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || !root.contains(selection.anchorNode)) {
      return [caret, caret];
    }
    const a = domToModel(selection.anchorNode, selection.anchorOffset);
    const b = domToModel(selection.focusNode, selection.focusOffset);
    return [Math.min(a, b), Math.max(a, b)];
  }

  function replace(from, to, tokens) {
    doc.splice(from, to - from, ...tokens);
    caret = from + tokens.length;
    render();
    for (const listener of listeners) listener();
  }

  function deleteBackward(from, to) {
    if (from !== to) return replace(from, to, []);
    if (from === 0) return undefined;
    const low = doc[from - 1];
    const pair = typeof low === 'string' && /[\uDC00-\uDFFF]/.test(low) && from > 1;
    return replace(from - (pair ? 2 : 1), from, []);
  }

  root.addEventListener('beforeinput', (event) => {
    event.preventDefault();
    if (!event.isTrusted) return;
    const [from, to] = readSelection();
    const pasted = event.dataTransfer?.getData('text/plain');
    const text = (event.data ?? pasted ?? '').replace(/\r\n?/g, '\n');
    switch (event.inputType) {
      case 'insertText':
      case 'insertReplacementText':
      case 'insertFromPaste':
      case 'insertFromDrop':
        return text
          ? replace(
              from,
              to,
              [...text].flatMap((c) => c.split('')),
            )
          : undefined;
      case 'insertParagraph':
      case 'insertLineBreak':
        return replace(from, to, ['\n']);
      case 'deleteContentBackward':
      case 'deleteWordBackward':
      case 'deleteSoftLineBackward':
      case 'deleteHardLineBackward':
        return deleteBackward(from, to);
      case 'deleteContentForward':
      case 'deleteWordForward':
        return from !== to
          ? replace(from, to, [])
          : replace(from, Math.min(from + 1, doc.length), []);
      case 'deleteByCut':
      case 'deleteByDrag':
        return replace(from, to, []);
      default:
        return undefined;
    }
  });
  root.addEventListener('drop', (event) => event.preventDefault());

  render();
  observer.observe(root, { childList: true, subtree: true, characterData: true });

  return {
    element: root,
    /** Calls `listener` after every change of the model. */
    onChange: (listener) => listeners.push(listener),
    /** The body as the page stores it: paragraphs joined by '\n', topics as `#name[话题]#`. */
    text: () =>
      paragraphs()
        .map((tokens) => tokens.map((t) => (isTopic(t) ? topicText(t.topic) : t)).join(''))
        .join('\n'),
    topics: () => doc.filter(isTopic).map((t) => t.topic),
    /** The `#word` just typed before the caret, if any. */
    pendingTopic() {
      let start = caret;
      while (start > 0 && typeof doc[start - 1] === 'string' && !TOPIC_HASH.test(doc[start - 1])) {
        start -= 1;
      }
      if (start === 0 || doc[start - 1] !== '#' || start === caret) return null;
      return { from: start - 1, to: caret, word: doc.slice(start, caret).join('') };
    },
    /** Replaces the typed `#word` by a topic node and a space. */
    insertTopic(from, to, topic) {
      root.focus();
      replace(from, to, [{ topic }, ' ']);
    },
  };
}
