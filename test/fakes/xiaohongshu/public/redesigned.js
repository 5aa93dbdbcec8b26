// The redesigned creator page: same job, other structure, none of the 2026 selectors.

const bar = document.querySelector('.tab-bar');
const panel = document.querySelector('.tab-panel');

function imagePanel() {
  const wrap = document.createElement('div');
  wrap.className = 'note-form';
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  const title = document.createElement('input');
  title.className = 'note-title';
  title.placeholder = '添加标题，让更多人看到';
  const editor = document.createElement('div');
  editor.className = 'note-editor';
  editor.contentEditable = 'true';
  editor.dataset.hint = '说点什么吧';
  const save = document.createElement('button');
  save.className = 'btn-draft';
  save.textContent = '存草稿';
  wrap.append(input, title, editor, save);
  return wrap;
}

for (const name of ['视频', '图文', '长文']) {
  const tab = document.createElement('div');
  tab.className = name === '视频' ? 'tab-item is-active' : 'tab-item';
  tab.textContent = name;
  tab.addEventListener('click', () => {
    for (const other of bar.children) other.classList.toggle('is-active', other === tab);
    panel.replaceChildren(...(name === '图文' ? [imagePanel()] : []));
  });
  bar.append(tab);
}
