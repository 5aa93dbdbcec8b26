import { describe, expect, it } from 'vitest';
import { scrubHtml, scrubText } from './scrub.js';

const SECRET = 'sess-7f3a9c2e41b84d0f9a6e5c3b2a1d0e9f8c7b6a5';

describe('scrubHtml', () => {
  it('removes scripts with the bootstrap state they carry', () => {
    const html = `<div>hi</div><script>window.__STATE__={"user":"a","x":"${SECRET}"}</script>`;
    const out = scrubHtml(html);
    expect(out).toContain('<div>hi</div>');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('__STATE__');
  });

  it('blanks attributes named like a token and hidden input values', () => {
    const html =
      `<meta name="csrf-token" content="abc123secret">` +
      `<input type="hidden" name="state" value="plainvalue">` +
      `<div data-access-token="tok_live_1"><a href="/x">x</a></div>`;
    const out = scrubHtml(html);
    expect(out).not.toContain('abc123secret');
    expect(out).not.toContain('plainvalue');
    expect(out).not.toContain('tok_live_1');
    expect(out).toContain('href="/x"');
  });

  it('removes the signature of estuary image URLs but keeps the file id', () => {
    const html =
      '<img src="https://chatgpt.com/backend-api/estuary/content?id=file_00000000abc&sig=9f8e7d6c5b4a">';
    const out = scrubHtml(html);
    expect(out).toContain('file_00000000abc');
    expect(out).not.toContain('9f8e7d6c5b4a');
  });

  it('keeps the attribute quoting whole when it scrubs a signature inside a URL', () => {
    const html =
      '<img src="https://chatgpt.com/backend-api/estuary/content?id=file_1&amp;sig=9f8e7d6c5b4a&amp;ts=1" alt="x">';
    expect(scrubHtml(html)).toBe(
      '<img src="https://chatgpt.com/backend-api/estuary/content?id=file_1&amp;sig=[scrubbed]&amp;ts=1" alt="x">',
    );
  });
});

describe('scrubText', () => {
  it('scrubs JWTs, bearer tokens, cookies and long opaque ids in free text', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl';
    const text = `auth ${jwt}; Authorization: Bearer abc.def; cookie: __Secure-next-auth.session-token=${SECRET}; id ${SECRET}`;
    const out = scrubText(text);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain(SECRET);
  });

  it('keeps image file ids and conversation URLs, which evidence needs', () => {
    const text =
      'https://chatgpt.com/c/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 file_00000000a1b2c3d4e5f60718293a4b5c';
    expect(scrubText(text)).toBe(text);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Creating image 45% — 新闻标题 https://chatgpt.com/c/abc-def';
    expect(scrubText(text)).toBe(text);
  });
});
