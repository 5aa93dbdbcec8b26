/** Turns a generated picture into a Xiaohongshu cover: 1080×1440 PNG, 3:4 portrait. */

import sharp from 'sharp';

/** Cover width Xiaohongshu shows at full quality. */
export const COVER_WIDTH_PX = 1080;

/** Cover height: 3:4 portrait. */
export const COVER_HEIGHT_PX = 1440;

/**
 * Makes a 1080×1440 PNG cover from an image (PNG, JPEG or WebP bytes). The image is turned
 * upright from its EXIF orientation, scaled to cover the frame and cropped; the crop keeps the
 * region sharp's attention strategy finds most salient, so a square or landscape picture keeps
 * its subject instead of its middle strip.
 */
export async function makeCover(originalBytes: Uint8Array): Promise<Buffer> {
  return sharp(originalBytes)
    .rotate()
    .resize(COVER_WIDTH_PX, COVER_HEIGHT_PX, { fit: 'cover', position: sharp.strategy.attention })
    .png()
    .toBuffer();
}
