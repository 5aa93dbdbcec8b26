import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { COVER_HEIGHT_PX, COVER_WIDTH_PX, makeCover } from './cover.js';

/** A picture with detail (a gradient and a bright square) so the crop strategy has work to do. */
async function picture(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<defs><linearGradient id="g"><stop offset="0" stop-color="#135"/>` +
      `<stop offset="1" stop-color="#fc6"/></linearGradient></defs>` +
      `<rect width="100%" height="100%" fill="url(#g)"/>` +
      `<rect x="${width * 0.7}" y="${height * 0.3}" width="${width * 0.2}" ` +
      `height="${height * 0.3}" fill="#f00"/></svg>`,
  );
  return sharp(svg).toFormat(format).toBuffer();
}

describe('makeCover', () => {
  it.each([
    [1024, 1024, 'png'],
    [1536, 1024, 'png'],
    [1024, 1536, 'jpeg'],
  ] as const)('turns a %i×%i %s into a 1080×1440 PNG', async (width, height, format) => {
    const cover = await makeCover(await picture(width, height, format));
    const meta = await sharp(cover).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([COVER_WIDTH_PX, COVER_HEIGHT_PX]);
  });

  it('rejects bytes that are not an image', async () => {
    await expect(makeCover(Buffer.from('<html></html>'))).rejects.toThrow();
  });
});
