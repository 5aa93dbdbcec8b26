// The topic dropdown: typing `#word` asks the server for topics and lists them under the
// editor; picking one (click or Enter) turns the typed text into a topic node.

import { isRiskAnswer, report, riskToast, toast } from './report.js';

const SUGGEST_URL = '/web_api/sns/v1/search/topic';
const MAX_TOPICS = 10;

function formatViews(count) {
  return count >= 1e8 ? `${(count / 1e8).toFixed(1)}亿浏览` : `${Math.round(count / 1e4)}万浏览`;
}

/** Adds the topic dropdown to `editor`, drawn inside `container`. */
export function attachTopics(editor, container) {
  const dropdown = document.createElement('div');
  dropdown.id = 'creator-editor-topic-container';
  let items = [];
  let selected = 0;
  let query = null;
  let warned = false;

  const close = () => {
    dropdown.remove();
    items = [];
  };

  function pick(topic) {
    const pending = editor.pendingTopic();
    close();
    if (!pending) return;
    editor.insertTopic(pending.from, pending.to, { id: topic.id, name: topic.name });
    report('topic_converted', topic.name);
  }

  function draw(topics) {
    items = topics;
    selected = 0;
    dropdown.replaceChildren(
      ...topics.map((topic, index) => {
        const item = document.createElement('div');
        item.className = index === selected ? 'item is-selected' : 'item';
        const name = document.createElement('span');
        name.className = 'name';
        name.textContent = `#${topic.name}`;
        const views = document.createElement('span');
        views.className = 'num';
        views.textContent = formatViews(topic.view_num);
        item.append(name, views);
        item.addEventListener('mousedown', (event) => event.preventDefault());
        item.addEventListener('click', () => pick(topic));
        return item;
      }),
    );
    if (topics.length > 0) container.append(dropdown);
    else close();
  }

  async function suggest(word) {
    const response = await fetch(`${SUGGEST_URL}?keyword=${encodeURIComponent(word)}&page=1`);
    if (isRiskAnswer(response)) return riskToast();
    if (!response.ok) return undefined;
    const answer = await response.json();
    // Only the answer to the word still being typed is shown.
    if (editor.pendingTopic()?.word !== word) return undefined;
    return draw(
      answer.data.topic_info_dtos.map(({ id, name, view_num }) => ({ id, name, view_num })),
    );
  }

  editor.onChange(() => {
    const pending = editor.pendingTopic();
    if (!pending) {
      query = null;
      close();
      return;
    }
    if (editor.topics().length >= MAX_TOPICS) {
      if (!warned) toast(`最多添加${MAX_TOPICS}个话题`);
      warned = true;
      close();
      return;
    }
    if (pending.word === query) return;
    query = pending.word;
    close();
    suggest(pending.word).catch(() => close());
  });

  editor.element.addEventListener('keydown', (event) => {
    if (items.length === 0 || !dropdown.isConnected) return;
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in moves) {
      event.preventDefault();
      selected = (selected + moves[event.key] + items.length) % items.length;
      [...dropdown.children].forEach((el, i) => el.classList.toggle('is-selected', i === selected));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      pick({ id: items[selected].id, name: items[selected].name });
    } else if (event.key === 'Escape') {
      close();
    }
  });
}
