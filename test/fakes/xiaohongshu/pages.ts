/** The HTML shells the fake serves; the page's behaviour lives in `public/`. */

import type { XhsPageVariant } from './types.js';

function shell(title: string, body: string, script?: string, variant?: XhsPageVariant): string {
  const scriptTag = script ? `\n<script type="module" src="/static/${script}"></script>` : '';
  // The page scripts read their variant from here; the markup is the same either way.
  const data = variant ? ` data-variant='${JSON.stringify(variant)}'` : '';
  return `<!doctype html>
<html lang="zh-CN"${data}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/static/creator.css">
</head>
<body>
${body}${scriptTag}
</body>
</html>
`;
}

const sidebar = `<aside class="menu-container">
  <div class="logo">小红书创作服务平台</div>
  <div class="menu-item publish-entry">发布笔记</div>
  <div class="menu-item">首页</div>
  <div class="menu-item">笔记管理</div>
  <div class="menu-item draft-box">草稿箱(0)</div>
</aside>`;

/** The publish page of 2026: the client script draws tabs, forms and buttons. */
export function publishPage(variant: XhsPageVariant): string {
  return shell(
    '小红书创作服务平台',
    `<div id="app">
${sidebar}
<main class="publish-container">
  <div class="header-tabs"></div>
  <div class="publish-body"></div>
</main>
</div>
<div class="d-toast-container"></div>`,
    'publish.js',
    variant,
  );
}

/** A later redesign: other class names, other texts, no custom button element. */
export function redesignedPage(): string {
  return shell(
    '小红书创作服务平台',
    `<div id="app" class="layout-v2">
<nav class="side-nav"><a class="nav-link">发布</a><a class="nav-link">草稿</a></nav>
<section class="creator-main">
  <div class="tab-bar"></div>
  <div class="tab-panel"></div>
</section>
</div>`,
    'redesigned.js',
  );
}

/** Where a visitor without a session lands. */
export function loginPage(): string {
  return shell(
    '小红书创作服务平台 - 登录',
    `<div class="login-container">
  <div class="login-box">
    <div class="login-title">APP扫一扫登录</div>
    <div class="qrcode"><div class="qrcode-img"></div></div>
    <div class="login-tip">打开小红书APP，点击左上角扫一扫</div>
    <div class="login-switch">短信登录</div>
  </div>
</div>`,
  );
}

/** The home page a logged-in visitor of `/` is sent to. */
export function homePage(): string {
  return shell(
    '小红书创作服务平台',
    `<div id="app">
${sidebar}
<main class="home-container"><h2>数据概览</h2></main>
</div>`,
    'home.js',
  );
}
