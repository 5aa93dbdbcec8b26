import type { PlantedSecrets } from './secrets.js';

/** What the server knows when it renders the app shell. */
export interface AppPageInput {
  origin: string;
  /** `textarea` is the redesigned composer: none of the old selectors match it. */
  composer: 'prosemirror' | 'textarea';
  /** How long after loading the composer comes alive (hydration). */
  hydrationMs: number;
  /** The send button never enables. */
  sendStuck: boolean;
  /** An earlier conversation's finished image the new chat still shows in its thread. */
  earlierImageUrl: string | undefined;
  secrets: PlantedSecrets;
  history: { id: string; title: string }[];
  /** The sidebar strip: earlier images, present before any send. */
  recentImages: { url: string; alt: string }[];
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The logged-in app: sidebar and header from the server, thread and composer hydrated by app.js. */
export function appPage(input: AppPageInput): string {
  const { secrets } = input;
  const bootstrap = JSON.stringify({
    authStatus: 'logged_in',
    session: {
      user: { id: 'user-fake', name: 'Test User', email: 'test@example.com' },
      accessToken: secrets.accessToken,
      expires: new Date(Date.now() + 864_000_000).toISOString(),
    },
    deviceToken: secrets.deviceToken,
    features: { image_gen: true, composer_send: !input.sendStuck },
    hydrationMs: input.hydrationMs,
    earlierExchange: input.earlierImageUrl && earlierExchange(input.earlierImageUrl),
  }).replaceAll('<', '\\u003c');
  const history = input.history
    .map((item) => `<li><a href="/c/${item.id}">${escapeHtml(item.title)}</a></li>`)
    .join('');
  const strip = input.recentImages
    .map(
      (image) =>
        `<a class="recent-image" href="/library"><img src="${input.origin}${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}" width="48" height="72" loading="eager"></a>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${secrets.csrfToken}">
<title>ChatGPT</title>
<link rel="stylesheet" href="/cdn/assets/app.css">
<script id="client-bootstrap" type="application/json">${bootstrap}</script>
<script type="module" src="/cdn/assets/app.js"></script>
</head>
<body>
<div id="__next" class="app">
<nav class="sidebar" aria-label="Chat history">
  <a class="new-chat" href="/" data-testid="create-new-chat-button">New chat</a>
  <div class="recent-images" data-testid="recent-images"><h2>Library</h2>${strip}</div>
  <div class="sidebar-meta" hidden data-token="${secrets.dataToken}"></div>
  <h2>Chats</h2>
  <ol id="history">${history}</ol>
</nav>
<div class="main-column">
  <header class="page-header">
    <button type="button" class="model-switcher" aria-haspopup="menu">ChatGPT</button>
    <div class="voice-controls">
      <span class="voice-label">Voice</span>
      <button type="button" data-testid="voice-stop-button" aria-label="Stop voice mode">■</button>
    </div>
    <button type="button" data-testid="profile-button" aria-label="Open profile menu">TU</button>
  </header>
  <main id="main" class="main">
    <div id="thread" class="thread"></div>
    <div class="composer-wrap">${composerHtml(input.composer)}</div>
  </main>
</div>
<div id="toasts" class="toasts" aria-live="polite"></div>
</div>
</body>
</html>`;
}

/** A finished exchange of another conversation, as the thread draws it. */
function earlierExchange(url: string): object {
  return {
    id: 'earlier-exchange',
    user_message_id: 'earlier-user-message',
    assistant_message_id: 'earlier-assistant-message',
    prompt: 'Create an image of a lighthouse at dawn.',
    title: 'Lighthouse at dawn',
    status: 'done',
    text: '',
    progress: 100,
    image: { url, title: 'Lighthouse at dawn', width: 1024, height: 1536 },
  };
}

function composerHtml(kind: AppPageInput['composer']): string {
  if (kind === 'textarea') {
    return `<form class="composer composer-v2" data-composer="v2">
  <textarea name="message-input" rows="1" placeholder="Message ChatGPT" aria-label="Message ChatGPT"></textarea>
  <div class="composer-actions"><span class="composer-action"><button type="submit" aria-label="Submit message" disabled>↑</button></span></div>
</form>`;
  }
  return `<form class="composer" data-type="unified-composer">
  <div class="composer-body">
    <div id="prompt-textarea" class="ProseMirror" contenteditable="true" translate="no" role="textbox" aria-multiline="true" aria-label="Chat with ChatGPT"><p data-placeholder="Ask anything" class="placeholder"><br class="ProseMirror-trailingBreak"></p></div>
  </div>
  <div class="composer-actions">
    <button type="button" data-testid="composer-plus-btn" aria-label="Add photos and files">+</button>
    <button type="button" data-testid="composer-speech-button" aria-label="Start voice mode">🎙</button>
    <span class="composer-action"><button type="button" id="composer-submit-button" data-testid="send-button" aria-label="Send prompt" disabled>↑</button></span>
  </div>
</form>`;
}

/** What a visitor without a session sees: no composer, a Log in button. */
export function loggedOutPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>ChatGPT</title><link rel="stylesheet" href="/cdn/assets/app.css"></head>
<body>
<header class="page-header logged-out">
  <span class="brand">ChatGPT</span>
  <div class="auth-buttons">
    <button type="button" data-testid="login-button">Log in</button>
    <button type="button" data-testid="signup-button">Sign up for free</button>
  </div>
</header>
<main class="hero"><h1>What can I help with?</h1><p>Log in to get answers based on saved chats, plus create images and upload files.</p></main>
<script>
  // A person logging in lands back on the app in this same tab.
  setInterval(async () => {
    const response = await fetch('/auth/status', { cache: 'no-store' }).catch(() => undefined);
    if (response && response.ok && (await response.json()).ready) location.reload();
  }, 500);
</script>
</body>
</html>`;
}

// `srcdoc` wins over `src`: the frame keeps Cloudflare's address in its attribute, as the real
// widget does, without the test browser ever contacting Cloudflare.
const TURNSTILE_WIDGET = escapeHtml(
  '<body style="font:14px sans-serif"><label><input type="checkbox"> Verify you are human</label></body>',
);

/** The Cloudflare interstitial; it polls and reloads itself once the check is solved. */
export function challengePage(ray: string): string {
  return `<!doctype html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>Just a moment...</title><meta name="robots" content="noindex,nofollow"></head>
<body>
<div class="main-wrapper" role="main">
  <div class="main-content">
    <h1 class="zone-name-title">chatgpt.com</h1>
    <h2 id="challenge-body-text">Verify you are human by completing the action below.</h2>
    <div id="challenge-stage">
      <iframe src="https://challenges.cloudflare.com/cdn-cgi/challenge-platform/h/g/turnstile/if/ov2/av0/rcv/${ray}/0x4AAAAAAADnPIDROrmt1Wwj/light/fbE/new/normal/auto/" srcdoc="${TURNSTILE_WIDGET}" title="Widget containing a Cloudflare security challenge" width="300" height="65"></iframe>
    </div>
    <div id="cf-challenge-running">chatgpt.com needs to review the security of your connection before proceeding.</div>
    <form id="challenge-form" action="/?__cf_chl_f_tk=${ray}" method="POST" enctype="application/x-www-form-urlencoded"><input type="hidden" name="md" value="${ray}"></form>
  </div>
  <div class="footer">Ray ID: <code>${ray}</code> · Performance &amp; security by Cloudflare</div>
</div>
<script>
  setInterval(async () => {
    const response = await fetch('/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=${ray}', { cache: 'no-store' }).catch(() => undefined);
    if (response && response.ok && (await response.json()).solved) location.reload();
  }, 500);
</script>
</body>
</html>`;
}

/** What the estuary answers in the `html` behaviour: a login page with status 200. */
export function loginPageHtml(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Log in - OpenAI</title></head><body><h1>Welcome back</h1><form action="https://auth.openai.com/log-in" method="post"><input name="email" type="email" placeholder="Email address"><button type="submit">Continue</button></form></body></html>`;
}

export function notFoundPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>404: This page could not be found</title></head><body><h1>404</h1><p>This page could not be found.</p></body></html>`;
}
