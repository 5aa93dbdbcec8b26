import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { verifyImageFile } from './verify.js';

/** A noisy picture, so PNG cannot compress it to almost nothing. */
async function noisyImage(width: number, height: number, format: 'png' | 'jpeg' | 'webp') {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = seed >> 16;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

let dir = '';
let png = Buffer.alloc(0);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xhs-verify-'));
  png = await noisyImage(320, 240, 'png');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifyImageFile', () => {
  it.each(['png', 'jpeg', 'webp'] as const)(
    'accepts a whole %s and reports its size',
    async (format) => {
      const bytes = await noisyImage(320, 240, format);
      const result = await verifyImageFile(bytes, { minBytes: 100, minWidth: 256 });
      expect(result).toEqual({ ok: true, format, width: 320, height: 240, bytes: bytes.length });
    },
  );

  it('reads the image from a path', async () => {
    const file = path.join(dir, 'ok.png');
    await writeFile(file, png);
    const result = await verifyImageFile(file, { minBytes: 100 });
    expect(result.ok).toBe(true);
  });

  it('rejects a truncated PNG whose header still reads fine', async () => {
    const cut = png.subarray(0, Math.floor(png.length * 0.6));
    expect((await sharp(cut).metadata()).width).toBe(320);

    const result = await verifyImageFile(cut, { minBytes: 100 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/does not decode/u);
  });

  it.each(['jpeg', 'webp'] as const)('rejects a truncated %s', async (format) => {
    const whole = await noisyImage(320, 240, format);
    const result = await verifyImageFile(whole.subarray(0, Math.floor(whole.length * 0.6)), {
      minBytes: 100,
    });
    expect(result.ok).toBe(false);
  });

  it('names an HTML page served instead of an image', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><head><title>Log in</title></head></html>');
    expect(await verifyImageFile(html, { minBytes: 1 })).toEqual({
      ok: false,
      reason: 'not an image: looks like an HTML page',
    });
  });

  it('names JSON and plain text, and calls random bytes unknown', async () => {
    const json = await verifyImageFile(Buffer.from('{"detail":"Unauthorized"}'), { minBytes: 1 });
    const text = await verifyImageFile(Buffer.from('Too many requests, try later'), {
      minBytes: 1,
    });
    const noise = await verifyImageFile(Buffer.from([0x00, 0x9f, 0x13, 0xfe, 0x01, 0x80]), {
      minBytes: 1,
    });
    expect(json).toEqual({ ok: false, reason: 'not an image: looks like JSON' });
    expect(text).toEqual({ ok: false, reason: 'not an image: looks like text' });
    expect(noise).toEqual({ ok: false, reason: 'not an image: unknown format' });
  });

  it('rejects an image format Xiaohongshu does not take', async () => {
    const gif = await sharp({
      create: { width: 300, height: 300, channels: 3, background: '#f00' },
    })
      .gif()
      .toBuffer();
    expect(await verifyImageFile(gif, { minBytes: 1 })).toEqual({
      ok: false,
      reason: 'unsupported image format: image/gif',
    });
  });

  it('rejects a file below the minimum size', async () => {
    const result = await verifyImageFile(png, { minBytes: png.length + 1 });
    expect(result).toEqual({
      ok: false,
      reason: `file too small: ${png.length} bytes, need at least ${png.length + 1}`,
    });
  });

  it('rejects an image narrower than the minimum width', async () => {
    const small = await noisyImage(200, 200, 'png');
    const result = await verifyImageFile(small, { minBytes: 1, minWidth: 256 });
    expect(result).toEqual({ ok: false, reason: 'image too small: 200×200, need width ≥ 256' });
  });

  it('reports a missing or empty file instead of throwing', async () => {
    const empty = path.join(dir, 'empty.png');
    await writeFile(empty, '');
    expect(await verifyImageFile(path.join(dir, 'nope.png'), { minBytes: 1 })).toEqual({
      ok: false,
      reason: `cannot read ${path.join(dir, 'nope.png')}: ENOENT`,
    });
    expect(await verifyImageFile(empty, { minBytes: 1 })).toEqual({
      ok: false,
      reason: 'empty file',
    });
  });
});
