import { describe, expect, it } from 'vitest';

import { charsetFromContentType, charsetFromDocument, decodeBytes } from './decode.js';

/** '新闻' in GBK/GB2312: 新 = D0 C2, 闻 = CE C5. */
const XINWEN_GBK = [0xd0, 0xc2, 0xce, 0xc5];
const ascii = (text: string) => Array.from(text, (ch) => ch.charCodeAt(0));
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? ascii(part) : part)));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeBytes', () => {
  it('reads a GB2312-declared document as GBK', () => {
    const doc = bytes('<?xml version="1.0" encoding="gb2312"?><title>', XINWEN_GBK, '</title>');
    const decoded = decodeBytes(doc);
    expect(decoded).toMatchObject({ encoding: 'gbk', via: 'declaration' });
    expect(decoded.text).toContain('<title>新闻</title>');
  });

  it('prefers the HTTP charset over the XML declaration', () => {
    const doc = bytes('<?xml version="1.0" encoding="utf-8"?><t>', XINWEN_GBK, '</t>');
    const decoded = decodeBytes(doc, 'text/xml; charset="GBK"');
    expect(decoded).toMatchObject({ encoding: 'gbk', via: 'http' });
    expect(decoded.text).toContain('新闻');
  });

  it('lets a byte-order mark win over any declaration and drops it', () => {
    const doc = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<?xml encoding="gbk"?><t>新闻</t>')]);
    const decoded = decodeBytes(doc, 'text/xml; charset=gbk');
    expect(decoded.via).toBe('bom');
    expect(decoded.text.startsWith('<?xml')).toBe(true);
    expect(decoded.text).toContain('新闻');
  });

  it('reads a utf-16 declaration over valid UTF-8 bytes as UTF-8', () => {
    const doc = utf8('<?xml version="1.0" encoding="utf-16"?><t>日本語の新闻</t>');
    const decoded = decodeBytes(doc);
    expect(decoded).toMatchObject({ encoding: 'utf-8', via: 'guess' });
    expect(decoded.text).toContain('日本語の新闻');
  });

  it('detects undeclared GBK bytes (invalid UTF-8) as GB18030', () => {
    const doc = bytes('\r\n<HTML><title>', XINWEN_GBK, '</title></HTML>');
    const decoded = decodeBytes(doc);
    expect(decoded).toMatchObject({ encoding: 'gb18030', via: 'guess' });
    expect(decoded.text).toContain('新闻');
    expect(decoded.text).not.toContain('\ufffd');
  });

  it('falls back to the guess when the declared label is unknown', () => {
    const decoded = decodeBytes(utf8('<?xml version="1.0" encoding="x-made-up"?><t>新闻</t>'));
    expect(decoded).toMatchObject({ encoding: 'utf-8', via: 'guess' });
  });

  it('reads Big5 from an HTML meta charset', () => {
    // 新聞 in Big5: B7 73 BB 44.
    const doc = bytes(
      '<html><head><meta charset="big5"></head><p>',
      [0xb7, 0x73, 0xbb, 0x44],
      '</p>',
    );
    expect(decodeBytes(doc).text).toContain('新聞');
  });
});

describe('charset sniffing', () => {
  it('finds the charset parameter of a Content-Type', () => {
    expect(charsetFromContentType('application/rss+xml;charset=GB2312')).toBe('GB2312');
    expect(charsetFromContentType('application/rss+xml')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });

  it('finds the XML declaration encoding and the http-equiv meta charset', () => {
    expect(charsetFromDocument(utf8("<?xml version='1.0' encoding='GBK' ?>"))).toBe('GBK');
    expect(
      charsetFromDocument(
        utf8('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
      ),
    ).toBe('gb2312');
  });
});

describe('decodeBytes with a wrong or damaged declaration', () => {
  it('reads GBK bytes as GBK when HTTP claims utf-8 and the document declares gbk', () => {
    const doc = bytes('<?xml version="1.0" encoding="gbk"?><t>', XINWEN_GBK, '</t>');
    const decoded = decodeBytes(doc, 'text/xml; charset=utf-8');
    expect(decoded).toMatchObject({ encoding: 'gbk', via: 'declaration' });
    expect(decoded.text).toContain('新闻');
  });

  it('keeps UTF-8 with one broken sequence among many good characters as UTF-8', () => {
    const good = Array.from(utf8('新闻'.repeat(200)));
    const doc = new Uint8Array([...ascii('<t>'), ...good, 0xe6, ...ascii('</t>')]);
    const decoded = decodeBytes(doc);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('新闻新闻');
  });
});
