import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConversationBook, Conversation, Subscriber } from './conversations.js';
import type { FileStore } from './images.js';
import { appPage, challengePage, loggedOutPage, notFoundPage } from './pages.js';
import type { PlantedSecrets } from './secrets.js';
import type { FakeEvent, FakeTiming, PageState } from './types.js';

export const SESSION_COOKIE = '__Secure-next-auth.session-token';
const CONVERSATION_ACCEPT_DELAY_MS = 60;
const MAX_BODY_BYTES = 1_000_000;

/** Everything the routes read or change. */
export interface SiteContext {
  site: { pageState: PageState };
  timing: FakeTiming;
  secrets: PlantedSecrets;
  book: ConversationBook;
  files: FileStore;
  baselineUrl: string;
  /** Files the page has reported loaded in full (`image_complete`), each logged once. */
  completed: Set<string>;
  record(event: Omit<FakeEvent, 'at'>): void;
}

const publicDir = new URL('./public/', import.meta.url);
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Reads the page's static assets once, at start. */
function loadAssets(): Map<string, { body: Buffer; type: string }> {
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(publicDir)) {
    const type = CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
    assets.set(name, { body: readFileSync(new URL(name, publicDir)), type });
  }
  return assets;
}

/** The fake chatgpt.com: page views, the conversation API, the estuary, telemetry. */
export function createHandler(context: SiteContext) {
  const assets = loadAssets();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://chatgpt.com');
    const path = url.pathname;
    const { pageState } = context.site;

    if (path.startsWith('/cdn/assets/')) {
      const asset = assets.get(path.slice('/cdn/assets/'.length));
      if (!asset) return text(res, 404, 'not found');
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
      res.end(asset.body);
      return;
    }
    if (path.startsWith('/cdn-cgi/challenge-platform/')) {
      return json(res, 200, { solved: pageState !== 'cloudflare' });
    }
    if (path === '/ces/v1/t' && req.method === 'POST') return telemetry(context, req, res);
    if (path === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=86400' });
      res.end();
      return;
    }
    if (pageState === 'cloudflare') return challenge(context, req, res);
    if (path === '/auth/status') return json(res, 200, { ready: pageState !== 'logged_out' });
    if (path.startsWith('/backend-api/')) return api(context, req, res, url);
    if (req.method === 'GET' && (path === '/' || path.startsWith('/c/'))) {
      return pageView(context, req, res, url);
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(notFoundPage());
  };
}

function pageView(context: SiteContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const { pageState } = context.site;
  context.record({ type: 'page_view', detail: `${pageState} ${url.pathname}` });
  if (pageState === 'logged_out') {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`,
    });
    res.end(loggedOutPage());
    return;
  }
  const history = context.book.list();
  const recentImages = [
    { url: context.baselineUrl, alt: 'Generated image: earlier' },
    ...history.flatMap((item) =>
      item.finalUrls.map((finalUrl) => ({ url: finalUrl, alt: `Generated image: ${item.title}` })),
    ),
  ].slice(0, 4);
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
  if (!hasSession(context, req)) {
    headers['set-cookie'] =
      `${SESSION_COOKIE}=${context.secrets.sessionToken}; Path=/; Max-Age=2592000; HttpOnly; Secure; SameSite=Lax`;
  }
  res.writeHead(200, headers);
  res.end(
    appPage({
      origin: `https://${req.headers.host ?? 'chatgpt.com'}`,
      composer: pageState === 'redesigned' ? 'textarea' : 'prosemirror',
      hydrationMs: context.timing.hydrationMs,
      sendStuck: pageState === 'send_stuck',
      earlierImageUrl:
        pageState === 'earlier_image' && url.pathname === '/' ? context.baselineUrl : undefined,
      secrets: context.secrets,
      history,
      recentImages,
    }),
  );
}

function challenge(context: SiteContext, req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && !req.url?.startsWith('/backend-api/')) {
    context.record({ type: 'page_view', detail: `cloudflare ${req.url ?? '/'}` });
  }
  res.writeHead(403, { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge' });
  res.end(challengePage(randomBytes(8).toString('hex')));
}

async function api(context: SiteContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const path = url.pathname;
  if (path === '/backend-api/estuary/content') return estuary(context, req, res, url);
  // Not the estuary: `foreign_src` images live here, and the driver must never fetch them.
  if (path === '/backend-api/files/download') {
    return estuary(context, req, res, url, 'foreign_fetched');
  }
  if (!hasSession(context, req)) return json(res, 401, { detail: 'Unauthorized' });
  if (path === '/backend-api/sentinel/chat-requirements' && req.method === 'POST') {
    return json(res, 200, { persona: 'chatgpt-paid', token: context.secrets.sentinelToken });
  }
  if (path === '/backend-api/conversation' && req.method === 'POST') {
    return startConversation(context, req, res);
  }
  const match = /^\/backend-api\/conversation\/([\w-]+)(\/stop)?$/.exec(path);
  const conversation = match?.[1] ? context.book.get(match[1]) : undefined;
  if (!match) return json(res, 404, { detail: 'Not found' });
  if (!conversation) return json(res, 404, { detail: 'Conversation not found' });
  if (match[2] && req.method === 'POST') {
    context.book.stop(conversation);
    return json(res, 200, { success: true });
  }
  if (req.method === 'GET') return stream(context, req, res, conversation);
  return json(res, 405, { detail: 'Method not allowed' });
}

async function startConversation(context: SiteContext, req: IncomingMessage, res: ServerResponse) {
  const body = (await readJson(req)) as {
    conversation_id?: string;
    messages?: { content?: { parts?: unknown[] } }[];
  };
  const prompt = body.messages?.[0]?.content?.parts?.[0];
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    return json(res, 400, { detail: 'Empty message' });
  }
  const started = context.book.start(prompt, body.conversation_id);
  if (started === 'too_many_requests') {
    return json(res, 429, { detail: "You're making requests too quickly." });
  }
  if (!started) return json(res, 404, { detail: 'Conversation not found' });
  await new Promise((resolve) => setTimeout(resolve, CONVERSATION_ACCEPT_DELAY_MS));
  stream(context, req, res, started);
}

/** Server-sent snapshots of one conversation until it settles, then `[DONE]`. */
function stream(
  context: SiteContext,
  req: IncomingMessage,
  res: ServerResponse,
  conversation: Conversation,
): void {
  req.socket.setNoDelay(true);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  const subscriber: Subscriber = {
    send: (snapshot) => res.write(`data: ${JSON.stringify(snapshot)}\n\n`),
    end: () => res.end('data: [DONE]\n\n'),
  };
  res.on('close', () => context.book.unsubscribe(conversation, subscriber));
  context.book.subscribe(conversation, subscriber);
}

function estuary(
  context: SiteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  eventType = 'image_fetched',
): void {
  const fileId = url.searchParams.get('id') ?? '';
  const withSession = hasSession(context, req);
  const dest = req.headers['sec-fetch-dest'] ?? 'unknown';
  context.record({
    type: eventType,
    fileId,
    detail: `${withSession ? 'with_session' : 'without_session'} dest=${String(dest)}`,
  });
  if (!withSession) {
    return json(res, 422, { detail: 'Unable to load content: missing or expired session' });
  }
  const file = context.files.get(fileId);
  if (!file) return json(res, 404, { detail: 'File not found' });
  if (url.searchParams.get('sig') !== file.sig) return json(res, 403, { detail: 'Bad signature' });
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': String(file.bytes.length),
    'cache-control': 'private, max-age=0, must-revalidate',
  });
  res.end(file.bytes);
}

async function telemetry(context: SiteContext, req: IncomingMessage, res: ServerResponse) {
  const body = (await readJson(req)) as { event?: unknown; path?: unknown; fileId?: unknown };
  if (body.event === 'tab_closed') {
    context.record({ type: 'tab_closed', detail: typeof body.path === 'string' ? body.path : '' });
  }
  if (body.event === 'image_complete' && typeof body.fileId === 'string') {
    const fileId = body.fileId;
    if (!context.completed.has(fileId)) context.record({ type: 'image_complete', fileId });
    context.completed.add(fileId);
  }
  res.writeHead(204);
  res.end();
}

function hasSession(context: SiteContext, req: IncomingMessage): boolean {
  if (context.site.pageState === 'logged_out') return false;
  const cookies = (req.headers.cookie ?? '').split(';').map((part) => part.trim());
  return cookies.includes(`${SESSION_COOKIE}=${context.secrets.sessionToken}`);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new Error(`request body is not JSON: ${String(error)}`, { cause: error });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}
