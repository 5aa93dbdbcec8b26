// Draws the conversation from the server's snapshot. Every snapshot redraws the turns from
// scratch, as the real app's re-renders replace these nodes.
import { h } from './dom.js';

/**
 * @param {HTMLElement} container
 * @param {Array<Record<string, any>>} exchanges
 */
export function renderThread(container, exchanges) {
  const turns = exchanges.flatMap((exchange, index) => [
    userTurn(exchange, index * 2 + 1),
    assistantTurn(exchange, index * 2 + 2),
  ]);
  container.replaceChildren(...turns);
}

/** A line in the thread when a conversation cannot be shown. */
export function renderNotice(container, text) {
  container.replaceChildren(h('div', { class: 'notice', role: 'alert' }, text));
}

function userTurn(exchange, number) {
  return h(
    'section',
    {
      'data-testid': `conversation-turn-${number}`,
      'data-turn': 'user',
      'data-turn-id': exchange.user_message_id,
      class: 'my-4 flex justify-end',
    },
    h('h5', { class: 'sr-only' }, 'You said:'),
    h(
      'div',
      { 'data-message-author-role': 'user', 'data-message-id': exchange.user_message_id },
      h(
        'div',
        { class: 'rounded-3xl bg-token-message-surface px-4 py-2 whitespace-pre-wrap' },
        exchange.prompt,
      ),
    ),
  );
}

function assistantTurn(exchange, number) {
  const section = h(
    'section',
    {
      'data-testid': `conversation-turn-${number}`,
      'data-turn': 'assistant',
      'data-turn-id': exchange.assistant_message_id,
      class: 'my-4',
    },
    h('h6', { class: 'sr-only' }, 'ChatGPT said:'),
  );
  if (exchange.status === 'generating') section.append(loadingState(exchange));
  if (exchange.image) section.append(finalImage(exchange.image));
  const paragraphs = (exchange.text || '').split('\n').filter(Boolean);
  const message = h(
    'div',
    {
      'data-message-author-role': 'assistant',
      'data-message-id': exchange.assistant_message_id,
      'data-message-model-slug': 'gpt-5',
    },
    h('div', { class: 'markdown prose' }, ...paragraphs.map((line) => h('p', {}, line))),
  );
  if (exchange.status === 'thinking') {
    message.append(
      h('span', {
        class: 'inline-block h-2.5 w-2.5 rounded-full bg-black',
        'aria-label': 'Thinking',
      }),
    );
  }
  section.append(message);
  if (!['thinking', 'generating'].includes(exchange.status)) section.append(turnActions());
  return section;
}

function loadingState(exchange) {
  const preview = exchange.preview_url
    ? h('img', {
        src: new URL(exchange.preview_url, location.origin).href,
        alt: `Generated image: ${exchange.title}`,
        class: 'h-full w-full object-cover',
        style: 'filter: blur(22px)',
        draggable: 'false',
      })
    : null;
  return h(
    'div',
    { 'data-testid': 'image-gen-loading-state', class: 'flex w-80 flex-col gap-2' },
    h(
      'div',
      { 'data-testid': 'image-gen-loading-state-headline', class: 'text-sm' },
      'Creating image ',
      h('span', { class: 'tabular-nums' }, `${exchange.progress}%`),
    ),
    h(
      'span',
      { 'data-testid': 'image-gen-loading-state-dots', class: 'flex gap-1', 'aria-hidden': 'true' },
      h('i'),
      h('i'),
      h('i'),
    ),
    h(
      'div',
      {
        'data-testid': 'image-gen-loading-state-frame',
        class: 'relative h-120 w-80 overflow-hidden rounded-xl bg-token-surface',
      },
      preview,
    ),
  );
}

// One image drawn as three layers behind one URL: a blurred backdrop, the image, and an
// overlay that catches clicks. Only the middle one is labelled.
function finalImage(image) {
  const src = new URL(image.url, location.origin).href;
  const layer = (className, alt, extra = {}) =>
    h('img', { src, alt, class: className, draggable: 'false', ...extra });
  return h(
    'div',
    { class: 'flex flex-col gap-2' },
    h(
      'div',
      {
        class: 'relative w-80 overflow-hidden rounded-xl',
        style: `aspect-ratio: ${image.width} / ${image.height}`,
      },
      layer('absolute inset-0 h-full w-full scale-110 opacity-40', '', {
        'aria-hidden': 'true',
        style: 'filter: blur(28px)',
      }),
      reportComplete(layer('relative block h-auto w-full', `Generated image: ${image.title}`)),
      layer('absolute inset-0 h-full w-full opacity-0', '', { 'aria-hidden': 'true' }),
    ),
    h(
      'div',
      { class: 'flex gap-1' },
      h('button', { type: 'button', 'aria-label': 'Download this image' }, '⤓'),
      h('button', { type: 'button', 'aria-label': 'Edit image' }, '✎'),
    ),
  );
}

// The page's own telemetry says when an image has loaded in full: the moment a driver could
// first take it. The fake's event log keeps the first report per file.
function reportComplete(img) {
  img.addEventListener('load', () => {
    if (img.naturalWidth < 256) return;
    const fileId = new URL(img.src).searchParams.get('id');
    navigator.sendBeacon('/ces/v1/t', JSON.stringify({ event: 'image_complete', fileId }));
  });
  return img;
}

function turnActions() {
  return h(
    'div',
    { class: 'flex gap-1' },
    h(
      'button',
      { type: 'button', 'data-testid': 'copy-turn-action-button', 'aria-label': 'Copy' },
      '⧉',
    ),
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'good-response-turn-action-button',
        'aria-label': 'Good response',
      },
      '👍',
    ),
  );
}
