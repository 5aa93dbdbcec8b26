import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { topicId, type FakeState } from './fake-state.js';
import { homePage, loginPage, publishPage, redesignedPage } from './pages.js';

const ORIGIN = 'https://creator.xiaohongshu.com';
const publicDir = new URL('./public/', import.meta.url);
const staticTypes: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
const maxBodyBytes = 40 * 1024 * 1024;
const maxTopicsSuggested = 5;
const pages = ['/', '/login', '/new/home', '/publish/publish'];

/** The page's own telemetry path; nothing but the fake's page scripts post here. */
export const COLLECT_PATH = '/api/apm/web/collect';

interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  session: string | undefined;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function isImage(bytes: Buffer): boolean {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 4).toString('latin1') === '\x89PNG';
  const webp =
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP';
  return jpeg || png || webp;
}

/** Where the exact topic sits in the suggestions for `keyword`: 0, 1 or 2, by its letters. */
export function exactTopicPosition(keyword: string): number {
  let sum = 0;
  for (const char of keyword) sum += char.codePointAt(0) ?? 0;
  return sum % 3;
}

/** Builds the request handler of the fake creator center over `state`. */
export function createHandler(state: FakeState) {
  const loggedIn = (session: string | undefined): session is string =>
    state.pageState !== 'logged_out' &&
    state.pageState !== 'session_expired' &&
    state.isSession(session);

  function page(r: Request): void {
    const { res, url } = r;
    const path = url.pathname;
    if (path === '/login') {
      state.log('page_view', path);
      sendHtml(res, loginPage());
      return;
    }
    if (state.pageState === 'logged_out') {
      state.log('page_view', path);
      redirect(res, `${ORIGIN}/login`);
      return;
    }
    // A logged-in profile: the first view of the day carries (or renews) the session cookie.
    const headers: Record<string, string> = {};
    if (!state.isSession(r.session)) {
      const session = state.issueSession();
      headers['set-cookie'] = `web_session=${session}; Path=/; HttpOnly; Secure; SameSite=Lax`;
    }
    state.log('page_view', path);
    if (path === '/') {
      res.writeHead(302, { location: `${ORIGIN}/new/home`, ...headers });
      res.end();
    } else if (path === '/new/home') {
      sendHtml(res, homePage(), headers);
    } else {
      const html =
        state.pageState === 'redesigned' ? redesignedPage() : publishPage(state.pageVariant);
      sendHtml(res, html, headers);
    }
  }

  async function upload(r: Request): Promise<void> {
    const bytes = await readBody(r.req);
    if (!isImage(bytes)) {
      sendJson(r.res, 400, { code: -1, success: false, msg: '不支持的文件格式' });
      return;
    }
    const name = r.url.searchParams.get('name') ?? 'image';
    const fileId = state.storeUpload(name, bytes);
    state.log('image_received', name);
    await sleep(state.previewDelayMs());
    sendJson(r.res, 200, { code: 0, success: true, data: { fileIds: [fileId] } });
  }

  async function suggestTopics(r: Request): Promise<void> {
    const keyword = (r.url.searchParams.get('keyword') ?? '').trim();
    await sleep(state.timing.topicSuggestMs);
    const related = [`${keyword}相关`, `${keyword}日常`, `${keyword}分享`, `今日${keyword}`];
    // Sorted by views, as on the site: a related topic often beats the exact one to the top.
    const names = keyword ? related.toSpliced(exactTopicPosition(keyword), 0, keyword) : [];
    const topics = names.slice(0, maxTopicsSuggested).map((name, index) => ({
      id: topicId(name),
      name,
      view_num: (names.length - index) * 1_234_567,
    }));
    sendJson(r.res, 200, { code: 0, success: true, data: { topic_info_dtos: topics } });
  }

  async function saveDraft(r: Request, session: string): Promise<void> {
    const body = JSON.parse((await readBody(r.req)).toString('utf8')) as { fileIds?: unknown };
    const fileIds = Array.isArray(body.fileIds) ? body.fileIds : [];
    if (fileIds.length === 0 || !fileIds.every((id) => state.uploads.has(String(id)))) {
      sendJson(r.res, 400, { code: -1, success: false, msg: '图片信息有误' });
      return;
    }
    await sleep(state.timing.saveMs);
    const verdict = state.saveVerdict(session);
    state.log('save_request', verdict);
    // A spoiled session is told all went well, but nothing is kept; a dropped save just vanishes.
    const data = {
      persist: verdict === 'ok',
      notify: verdict !== 'dropped',
      shape: state.draftShape,
      busyDb: verdict === 'ok' && state.takeBusyDbSave(),
    };
    sendJson(r.res, 200, { code: 0, success: true, data });
  }

  async function collect(r: Request): Promise<void> {
    const body = JSON.parse((await readBody(r.req)).toString('utf8')) as {
      type?: unknown;
      detail?: unknown;
      at?: unknown;
    };
    if (typeof body.type !== 'string') throw new Error('collect: no type');
    const detail = typeof body.detail === 'string' ? body.detail : undefined;
    state.log(body.type, detail, typeof body.at === 'number' ? body.at : Date.now());
    if (body.type === 'honeypot_clicked' && r.session !== undefined) state.spoil(r.session);
    r.res.writeHead(204);
    r.res.end();
  }

  async function api(r: Request, route: string): Promise<void> {
    if (route === `POST ${COLLECT_PATH}`) return collect(r);
    if (route === 'GET /api/galaxy/user/info') {
      if (!loggedIn(r.session))
        sendJson(r.res, 401, { code: -100, success: false, msg: '登录已过期' });
      else
        sendJson(r.res, 200, {
          code: 0,
          success: true,
          data: { userId: 'u-fake', userName: '测试账号' },
        });
      return;
    }
    if (!loggedIn(r.session)) {
      sendJson(r.res, 401, { code: -100, success: false, msg: '登录已过期' });
      return;
    }
    if (state.pageState === 'risk_control') {
      state.log('risk_control', route);
      sendJson(r.res, 461, { code: -9135, success: false, msg: '安全限制' });
      return;
    }
    if (state.pageState === 'risk_code') {
      state.log('risk_control', route);
      sendJson(r.res, 200, { code: -9136, success: false, msg: '请求异常' });
      return;
    }
    if (route === 'POST /api/media/v1/upload/creator/image') return upload(r);
    if (route === 'GET /web_api/sns/v1/search/topic') return suggestTopics(r);
    if (route === 'POST /web_api/sns/v2/note/draft') return saveDraft(r, r.session);
    sendJson(r.res, 404, { code: -404, success: false, msg: 'not found' });
  }

  async function staticFile(res: ServerResponse, name: string): Promise<void> {
    const type = staticTypes[name.split('.').pop() ?? ''];
    if (!/^[a-z-]+\.(js|css)$/.test(name) || type === undefined) {
      res.writeHead(404).end();
      return;
    }
    const text = await readFile(new URL(name, publicDir), 'utf8');
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(text);
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', ORIGIN);
    const r: Request = { req, res, url, session: cookie(req, 'web_session') };
    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    if (url.pathname.startsWith('/static/')) return staticFile(res, url.pathname.slice(8));
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/web_api/'))
      return api(r, route);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /\n');
      return;
    }
    // Any /publish/* path goes to login when logged out, as on the real site.
    const known =
      pages.includes(url.pathname) ||
      (state.pageState === 'logged_out' && url.pathname.startsWith('/publish/'));
    if (req.method === 'GET' && known) return page(r);
    res.writeHead(404).end();
  };
}
