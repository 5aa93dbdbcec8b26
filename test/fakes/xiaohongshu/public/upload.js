// Image upload: a file input that loses its `upload-input` class after the first pick, uploads
// one image at a time, and shows a preview tile for each at once, with 「图片上传中，请稍后」
// until the server has them all.

import { isRiskAnswer, report, riskToast, toast } from './report.js';

export const IMAGE_ACCEPT = '.jpg,.jpeg,.png,.webp';
const UPLOAD_URL = '/api/media/v1/upload/creator/image';
const MAX_IMAGES = 18;
const ALLOWED = /\.(jpe?g|png|webp)$/i;

/**
 * The first screen's file input; `single` draws it without `multiple`, as some versions of
 * the page do, so that files must go in one at a time.
 */
export function createImageInput(single = false) {
  const input = document.createElement('input');
  input.className = 'upload-input';
  input.type = 'file';
  input.multiple = !single;
  input.accept = IMAGE_ACCEPT;
  return input;
}

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Handles picks of `input`. At the first pick `onFirstPick(area)` must mount the preview area
 * (`.img-preview-area`), into which the input moves; `onChange` runs whenever the images or the
 * pending count change.
 */
export function createUploader(input, { onFirstPick, onChange }) {
  const area = document.createElement('div');
  area.className = 'img-preview-area';
  const list = document.createElement('div');
  list.className = 'img-list';
  const entry = document.createElement('div');
  entry.className = 'entry';
  const addLabel = document.createElement('span');
  addLabel.textContent = '+ 添加';
  entry.append(addLabel);
  const status = document.createElement('div');
  status.className = 'upload-status';
  status.textContent = '图片上传中，请稍后';
  area.append(list);

  const images = [];
  let pending = 0;
  let queue = Promise.resolve();

  const changed = () => {
    if (pending > 0 && !status.isConnected) area.prepend(status);
    if (pending === 0) status.remove();
    onChange();
  };

  async function uploadOne(file, tile) {
    const bytes = await file.arrayBuffer();
    const sha256 = await sha256Hex(bytes);
    const url = `${UPLOAD_URL}?name=${encodeURIComponent(file.name)}`;
    const response = await fetch(url, {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': file.type || 'application/octet-stream' },
    });
    if (isRiskAnswer(response)) {
      riskToast();
      tile.remove();
      return;
    }
    const answer = await response.json();
    if (!response.ok || !answer.success) {
      toast(answer.msg ?? '图片上传失败');
      tile.remove();
      return;
    }
    const img = document.createElement('img');
    img.src = URL.createObjectURL(file);
    img.alt = '';
    tile.classList.remove('uploading');
    tile.replaceChildren(img);
    images.push({ fileId: answer.data.fileIds[0], name: file.name, size: file.size, sha256 });
  }

  function accept(file) {
    // The tile is a preview (.pr) from the pick on; only 图片上传中 says it is not there yet.
    const tile = document.createElement('div');
    tile.className = 'pr uploading';
    tile.textContent = '上传中';
    list.insertBefore(tile, entry);
    pending += 1;
    changed();
    queue = queue
      .then(() => uploadOne(file, tile))
      .catch(() => {
        toast('图片上传失败');
        tile.remove();
      })
      .finally(() => {
        pending -= 1;
        changed();
      });
  }

  input.addEventListener('change', () => {
    const files = [...input.files];
    input.value = '';
    input.classList.remove('upload-input');
    if (files.length === 0) return;
    if (!entry.isConnected) {
      list.append(entry);
      entry.prepend(input);
      onFirstPick(area);
    }
    report('upload', String(files.length));
    const allowed = files.filter((file) => ALLOWED.test(file.name));
    if (allowed.length < files.length) toast('仅支持 jpg、jpeg、png、webp 格式的图片');
    const room = MAX_IMAGES - images.length - pending;
    if (allowed.length > room) toast(`最多上传${MAX_IMAGES}张图片`);
    allowed.slice(0, Math.max(room, 0)).forEach(accept);
  });

  return {
    get images() {
      return images.slice();
    },
    get pending() {
      return pending;
    },
  };
}
