// The publish page: tabs, the image-note form, and the draft save.

import { draftRecord, showDraftCount, writeDraft, writeDraftBehindUpgrade } from './drafts-db.js';
import { createEditor } from './editor.js';
import { bindPublishButton } from './publish-btn.js';
import { isRiskAnswer, report, riskToast, toast } from './report.js';
import { renderTabs } from './tabs.js';
import { attachTopics } from './topics.js';
import { createImageInput, createUploader } from './upload.js';

const SAVE_URL = '/web_api/sns/v2/note/draft';
const TITLE_PLACEHOLDER = '填写标题会有更多赞哦～';
const MAX_TITLE = 20;
const MAX_BODY = 1000;
const LEAVE_AFTER_SAVE_MS = 1000;
const TITLE_SETTLE_MS = 500;
// 暂存离开 stays disabled this long after the last preview is in.
const SAVE_SETTLE_MS = 1200;

const body = document.querySelector('.publish-body');
/** The page variant the fake's server chose (see XhsPageVariant in ../types.ts). */
const variant = JSON.parse(document.documentElement.dataset.variant ?? '{}');

/** Title length as the page counts it: CJK 1, ASCII ½, rounded up. */
function titleLength(text) {
  let units = 0;
  for (const char of text) units += char.charCodeAt(0) < 128 ? 1 : 2;
  return Math.ceil(units / 2);
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function videoForm() {
  const input = element('input', 'upload-input');
  input.type = 'file';
  input.accept = '.mp4,.mov,.flv,.f4v,.mkv,.rm,.rmvb,.m4v,.mpg,.mpeg,.ts';
  const zone = element('div', 'upload-wrapper');
  zone.append(
    input,
    element('button', 'upload-button', '上传视频'),
    element('p', '', '拖拽视频到此或点击上传'),
  );
  return zone;
}

function articleForm() {
  const zone = element('div', 'article-entry');
  zone.append(element('button', 'new-article', '新的创作'));
  return zone;
}

function titleField(form) {
  const container = element('div', 'title-container');
  const wrapper = element('div', 'd-input');
  const input = element('input', 'd-text');
  input.type = 'text';
  input.placeholder = TITLE_PLACEHOLDER;
  const suffix = element('div', 'max_suffix', `0/${MAX_TITLE}`);
  wrapper.append(input);
  container.append(wrapper, suffix);
  let settle;
  // Like a bound form model: only input events reach the state.
  input.addEventListener('input', () => {
    form.title = input.value;
    const length = titleLength(form.title);
    suffix.textContent = `${length}/${MAX_TITLE}`;
    suffix.classList.toggle('over', length > MAX_TITLE);
    clearTimeout(settle);
    settle = setTimeout(() => report('title_set', form.title), TITLE_SETTLE_MS);
  });
  return container;
}

function bodyField(form) {
  const container = element('div', 'edit-container');
  const content = element('div', 'editor-content');
  const editor = createEditor(variant.redesignedEditor === true);
  const lengthError = element('div', 'length-error');
  content.append(editor.element);
  container.append(content);
  editor.onChange(() => {
    const length = editor.text().length;
    lengthError.textContent = `正文超出字数限制 ${length}/${MAX_BODY}`;
    if (length > MAX_BODY) container.append(lengthError);
    else lengthError.remove();
  });
  attachTopics(editor, container);
  form.editor = editor;
  return container;
}

async function save(form) {
  const images = form.uploader.images;
  if (form.uploader.pending > 0) return toast('图片上传中，请稍后');
  if (titleLength(form.title) > MAX_TITLE) return toast(`标题最多输入${MAX_TITLE}个字`);
  if (form.editor.text().length > MAX_BODY) return toast(`正文最多输入${MAX_BODY}个字`);
  report('save_draft');
  form.saving = true;
  form.refresh();
  let leaving = false;
  try {
    const note = {
      title: form.title,
      content: form.editor.text(),
      topics: form.editor.topics(),
      fileIds: images.map((image) => image.fileId),
    };
    const response = await fetch(SAVE_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(note),
    });
    if (isRiskAnswer(response)) return riskToast();
    const answer = await response.json();
    if (!response.ok || !answer.success) return toast(answer.msg ?? '保存失败，请稍后重试');
    if (!answer.data.notify) return undefined;
    if (answer.data.persist) {
      const stored = images.map(({ name, size, sha256 }) => ({ name, size, sha256 }));
      const record = draftRecord(answer.data.shape, {
        title: note.title,
        text: note.content,
        topics: note.topics,
        images: stored,
      });
      if (answer.data.busyDb) {
        const key = await writeDraftBehindUpgrade(record);
        report('draft_written', String(key));
        toast('暂存成功');
        return undefined;
      }
      const key = await writeDraft(record);
      report('draft_written', String(key));
      await showDraftCount();
    }
    toast('暂存成功');
    leaving = true;
    setTimeout(
      () => location.assign('/publish/publish?source=official&from=draft'),
      LEAVE_AFTER_SAVE_MS,
    );
  } finally {
    // After a save the page leaves; until then the button stays disabled.
    form.saving = leaving;
    form.refresh();
  }
  return undefined;
}

/** A later design's button bar: plain buttons, no closed-shadow host. */
function plainButtons(form) {
  const bar = element('div', 'submit action-bar');
  const draft = element('button', 'btn-draft', '存草稿');
  const submit = element('button', 'btn-publish', '发布');
  draft.addEventListener('click', () => void save(form).catch(() => toast('保存失败，请稍后重试')));
  submit.addEventListener('click', () => report('publish_pressed', 'trusted'));
  form.refresh = () => {
    draft.disabled = form.saving || form.uploader.pending > 0;
  };
  bar.append(draft, submit);
  return bar;
}

function buttons(form) {
  if (variant.redesignedButtons === true) return plainButtons(form);
  const bar = element('div', 'submit');
  const button = document.createElement('xhs-publish-btn');
  for (const [name, value] of Object.entries({
    'is-publish': 'true',
    'is-save-draft': 'true',
    'submit-text': '发布',
    'save-text': '暂存离开',
    'submit-disabled': 'false',
    'save-disabled': 'true',
  })) {
    button.setAttribute(name, value);
  }
  bindPublishButton(button, {
    save: () => void save(form).catch(() => toast('保存失败，请稍后重试')),
    submit: () => toast(form.uploader.images.length > 0 ? '发布成功' : '请先上传图片'),
  });
  let settle;
  form.refresh = () => {
    const blocked = form.saving || form.uploader.pending > 0 || form.uploader.images.length === 0;
    const waitMs = form.settledAt - Date.now();
    button.setAttribute('save-disabled', String(blocked || waitMs > 0));
    clearTimeout(settle);
    if (!blocked && waitMs > 0) settle = setTimeout(() => form.refresh(), waitMs);
  };
  bar.append(button);
  return bar;
}

function imageForm() {
  const input = createImageInput(variant.singleFileInput === true);
  const zone = element('div', 'upload-wrapper');
  zone.append(
    input,
    element('button', 'upload-button', '上传图片'),
    element('p', '', '或拖拽图片到此'),
  );
  const form = { title: '', saving: false, settledAt: 0, refresh: () => undefined };
  form.uploader = createUploader(input, {
    onFirstPick(area) {
      const editView = element('div', 'edit-view');
      editView.append(area, titleField(form), bodyField(form), buttons(form));
      zone.replaceWith(editView);
    },
    onChange: () => {
      if (form.uploader?.pending === 0) form.settledAt = Date.now() + SAVE_SETTLE_MS;
      form.refresh();
    },
  });
  return zone;
}

const forms = { 上传视频: videoForm, 上传图文: imageForm, 写长文: articleForm };

async function boot() {
  const info = await fetch('/api/galaxy/user/info');
  if (info.status === 401) {
    location.assign('/login');
    return;
  }
  // Like v-show: a tab's panel is made once and only hidden when another tab is chosen, so
  // the video tab's upload input (class upload-input too) stays in the page.
  const panels = new Map();
  renderTabs(document.querySelector('.header-tabs'), '上传视频', (name) => {
    if (!panels.has(name)) {
      const panel = element('div', 'tab-panel');
      panel.append(forms[name]());
      panels.set(name, panel);
      body.append(panel);
    }
    for (const [other, panel] of panels) panel.style.display = other === name ? '' : 'none';
  });
  await showDraftCount();
}

void boot();
