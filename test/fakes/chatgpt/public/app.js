// The fake chatgpt.com app: it learns everything from the server, as the real page does.
import { mountComposer } from './composer.js';
import { h } from './dom.js';
import { renderNotice, renderThread } from './thread.js';

const LIVE = ['thinking', 'generating'];
const TOO_MANY_REQUESTS =
  "You're making requests too quickly. We've temporarily limited access to your conversations to protect our systems. Please wait a few minutes before trying again.";
const GENERIC_ERROR =
  'Something went wrong. If this issue persists please contact us through our help center at help.openai.com.';

const bootstrap = JSON.parse(document.getElementById('client-bootstrap')?.textContent || '{}');
const accessToken = bootstrap.session?.accessToken;
if (bootstrap.deviceToken) localStorage.setItem('oai/apps/deviceToken', bootstrap.deviceToken);

const state = {
  conversationId: undefined,
  exchanges: [],
  stopRequested: false,
  seenFinals: new Set(),
  // A new chat that still shows an earlier conversation's turn until the page is reloaded.
  carried: bootstrap.earlierExchange ? [bootstrap.earlierExchange] : [],
};
const thread = document.getElementById('thread');
const notifications = new BroadcastChannel('oai/apps/notifications');
const sentinel = requestSentinel();
// The composer is server-rendered but only comes alive once the app hydrates: until then the
// browser edits it natively, and hydration redraws it from the (empty) app state.
let composer = { setBusy() {}, remount() {} };
let busy = false;
setTimeout(() => {
  composer = mountComposer(document.querySelector('main form'), {
    onSend: send,
    onStop: stop,
    sendEnabled: bootstrap.features?.composer_send !== false,
  });
  composer.setBusy(busy);
}, bootstrap.hydrationMs ?? 0);

function setBusy(value) {
  busy = value;
  composer.setBusy(value);
}

function headers() {
  return { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
}

async function requestSentinel() {
  try {
    const response = await fetch('/backend-api/sentinel/chat-requirements', {
      method: 'POST',
      headers: headers(),
      body: '{}',
    });
    const body = response.ok ? await response.json() : {};
    console.log(`[sentinel] chat requirements ready token=${body.token}`);
    return body.token;
  } catch (error) {
    console.warn('[sentinel] chat requirements failed', error);
    return undefined;
  }
}

function paint() {
  renderThread(thread, [...state.carried, ...state.exchanges]);
}

async function send(prompt) {
  if (!state.conversationId) history.pushState(null, '', `/c/WEB:${crypto.randomUUID()}`);
  const pending = { id: crypto.randomUUID(), prompt, title: '', status: 'thinking', text: '' };
  state.exchanges = [...state.exchanges, pending];
  paint();
  setBusy(true);
  const token = await sentinel;
  let response;
  try {
    response = await fetch('/backend-api/conversation', {
      method: 'POST',
      headers: { ...headers(), 'openai-sentinel-chat-requirements-token': token ?? '' },
      body: JSON.stringify({
        action: 'next',
        conversation_id: state.conversationId,
        model: 'auto',
        messages: [
          {
            id: pending.id,
            author: { role: 'user' },
            content: { content_type: 'text', parts: [prompt] },
          },
        ],
      }),
    });
  } catch (error) {
    return failPending(pending, GENERIC_ERROR, error);
  }
  if (response.status === 429) {
    state.exchanges = state.exchanges.filter((exchange) => exchange !== pending);
    state.exchanges.push({ ...pending, status: 'text', text: '' });
    paint();
    setBusy(false);
    showDialog('Too many requests', TOO_MANY_REQUESTS);
    return undefined;
  }
  if (!(await acceptable(response))) return failPending(pending, GENERIC_ERROR);
  return consume(response, false);
}

function failPending(pending, text, error) {
  if (error) console.error('conversation request failed', error);
  pending.status = 'error';
  pending.text = text;
  paint();
  setBusy(false);
}

/** Session and challenge answers send the whole tab back through the front door. */
async function acceptable(response) {
  if (response.status === 401) {
    location.assign('/');
    return false;
  }
  if (response.status === 403 && response.headers.get('cf-mitigated')) {
    location.reload();
    return false;
  }
  return response.ok;
}

async function consume(response, initial) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let first = initial;
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (error) {
      console.warn('conversation stream ended', error);
      return;
    }
    if (chunk.done) return;
    buffer += chunk.value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer.slice(0, cut).replace(/^data: /, '');
      buffer = buffer.slice(cut + 2);
      if (data === '[DONE]') continue;
      applySnapshot(JSON.parse(data), first);
      first = false;
    }
  }
}

function applySnapshot(snapshot, initial) {
  const id = snapshot.conversation_id;
  if (state.conversationId !== id) {
    const isNew = state.conversationId === undefined && !initial;
    state.conversationId = id;
    if (isNew && snapshot.hard_navigation) {
      // A full page load of the conversation: every handle and script context goes away.
      location.replace(`/c/${id}`);
      return;
    }
    if (location.pathname !== `/c/${id}`) history.replaceState(null, '', `/c/${id}`);
    if (isNew) addToHistory(id, snapshot.title);
    if (state.stopRequested) {
      state.stopRequested = false;
      postStop();
    }
  }
  for (const exchange of snapshot.exchanges) {
    if (!exchange.image || state.seenFinals.has(exchange.id)) continue;
    state.seenFinals.add(exchange.id);
    if (!initial) notifications.postMessage({ type: 'image_created', conversationId: id });
  }
  state.exchanges = snapshot.exchanges;
  paint();
  if (snapshot.churn) composer.remount();
  setBusy(snapshot.exchanges.some((exchange) => LIVE.includes(exchange.status)));
}

function stop() {
  if (state.conversationId) postStop();
  else state.stopRequested = true;
}

function postStop() {
  fetch(`/backend-api/conversation/${state.conversationId}/stop`, {
    method: 'POST',
    headers: headers(),
    body: '{}',
  }).catch((error) => console.warn('stop failed', error));
}

async function openConversation(id) {
  let response;
  try {
    response = await fetch(`/backend-api/conversation/${id}`, { headers: headers() });
  } catch (error) {
    return renderNotice(thread, `Unable to load conversation ${id}. ${String(error)}`);
  }
  if (response.status === 404) return renderNotice(thread, `Unable to load conversation ${id}`);
  if (!(await acceptable(response))) return renderNotice(thread, GENERIC_ERROR);
  return consume(response, true);
}

function addToHistory(id, title) {
  const list = document.getElementById('history');
  list?.prepend(h('li', {}, h('a', { href: `/c/${id}` }, title)));
}

function showDialog(title, text) {
  const button = h('button', { type: 'button', class: 'primary' }, 'Got it');
  const overlay = h(
    'div',
    { class: 'modal-overlay' },
    h(
      'div',
      { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title', class: 'modal' },
      h('h2', { id: 'modal-title' }, title),
      h('p', {}, text),
      button,
    ),
  );
  button.addEventListener('click', () => overlay.remove());
  document.body.append(overlay);
}

function showToast(conversationId) {
  const toast = h(
    'div',
    { role: 'status', class: 'toast', 'data-testid': 'toast' },
    'Image created ',
    h('a', { href: `/c/${conversationId}` }, 'View'),
  );
  document.getElementById('toasts')?.append(toast);
  setTimeout(() => toast.remove(), 5000);
}

notifications.addEventListener('message', (event) => {
  const message = event.data;
  if (message?.type === 'image_created' && message.conversationId !== state.conversationId) {
    showToast(message.conversationId);
  }
});

addEventListener('pagehide', () => {
  navigator.sendBeacon(
    '/ces/v1/t',
    JSON.stringify({
      event: 'tab_closed',
      path: location.pathname,
      conversationId: state.conversationId,
    }),
  );
});

if (state.carried.length > 0) paint();

const route = /^\/c\/([^/]+)$/.exec(location.pathname);
if (route) {
  const id = decodeURIComponent(route[1]);
  if (/^[0-9a-f-]{36}$/.test(id)) void openConversation(id);
  else renderNotice(thread, `Unable to load conversation ${id}`);
}
