import { describe, expect, it } from 'vitest';

import { parseFeedDate, parseTimestamp } from './dates.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('parseFeedDate', () => {
  it.each([
    ['Wed, 26 Oct 2016 16:53:42 +0800', '2016-10-26T08:53:42.000Z'],
    ['Fri, 03 Apr 2020 04:02:23 GMT', '2020-04-03T04:02:23.000Z'],
    ['Thu, 15 Jun 2017 10:29:47 EDT', '2017-06-15T14:29:47.000Z'],
    ['26 Oct 16 16:53 +0800', '2016-10-26T08:53:00.000Z'],
    ['<![CDATA[Wed, 26 Oct 2016 16:53:42 +0800]]>', '2016-10-26T08:53:42.000Z'],
    ['2017-06-15T10:29:47-07:00', '2017-06-15T17:29:47.000Z'],
    ['2024-10-25T00:38:03.000Z', '2024-10-25T00:38:03.000Z'],
    ['2020-04-10T01:07:36Z', '2020-04-10T01:07:36.000Z'],
  ])('reads %s with its zone', (raw, expected) => {
    expect(iso(parseFeedDate(raw))).toBe(expected);
  });

  it.each([
    ['2018-09-18 14:38:10', '2018-09-18T06:38:10.000Z'],
    ['2022-03-30', '2022-03-29T16:00:00.000Z'],
    ['Wed, 26 Oct 2016 21:53:13', '2016-10-26T13:53:13.000Z'],
    ['2016/10/26 16:53', '2016-10-26T08:53:00.000Z'],
    ['Wed, 26 Oct 2016 16:53:42 CST', '2016-10-26T08:53:42.000Z'],
  ])('takes %s without a zone (or with CST) as Beijing time', (raw, expected) => {
    expect(iso(parseFeedDate(raw))).toBe(expected);
  });

  it.each([
    '',
    '   ',
    '昨天',
    'not a date',
    '2021-02-31',
    '2021-13-01 10:00:00',
    'Wed, 26 Foo 2016',
  ])('gives undefined for %j', (raw) => {
    expect(parseFeedDate(raw)).toBeUndefined();
  });
});

describe('parseTimestamp', () => {
  it('reads seconds and milliseconds since 1970, and rejects zero', () => {
    expect(parseTimestamp(1749988800)).toBe(1749988800000);
    expect(parseTimestamp(1749988800000)).toBe(1749988800000);
    expect(parseTimestamp(0)).toBeUndefined();
  });
});
