import { describe, expect, it } from 'vitest';

import { repairXml } from './repair-xml.js';

describe('repairXml', () => {
  it('escapes bare ampersands but leaves entities and CDATA alone', () => {
    const xml = '<a><l>?x=1&y=2&amp;z=&#38;</l><d><![CDATA[a & b < c]]></d></a>';
    expect(repairXml(xml)).toEqual({
      text: '<a><l>?x=1&amp;y=2&amp;z=&#38;</l><d><![CDATA[a & b < c]]></d></a>',
      repairs: ['bare "&"'],
    });
  });

  it('escapes a "<" that cannot start a tag', () => {
    const { text } = repairXml('<t>转《<草根网>的前途》 a < b</t>');
    expect(text).toBe('<t>转《&lt;草根网>的前途》 a &lt; b</t>');
  });

  it('strips a byte-order mark and blank lines before the declaration', () => {
    const { text, repairs } = repairXml('\ufeff\r\n\r\n<?xml version="1.0"?><rss></rss>');
    expect(text).toBe('<?xml version="1.0"?><rss></rss>');
    expect(repairs).toEqual(['leading byte-order mark or blank lines']);
  });

  it('cuts junk after the root end tag, ignoring a root name inside CDATA', () => {
    const xml = '<?xml version="1.0"?><feed><e><![CDATA[</feed>]]></e></feed>>\n<entry><title>half';
    const { text, repairs } = repairXml(xml);
    expect(text).toBe('<?xml version="1.0"?><feed><e><![CDATA[</feed>]]></e></feed>');
    expect(repairs).toContain('text after the root element');
  });

  it('changes nothing in a well-formed document', () => {
    const xml = '<?xml version="1.0"?><rss><t>a &amp; b</t></rss>';
    expect(repairXml(xml)).toEqual({ text: xml, repairs: [] });
  });
});
