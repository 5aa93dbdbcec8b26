import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { COVER_HEIGHT_PX, COVER_WIDTH_PX } from '../cover.js';
import { CARD_HEADLINE_TOP_PX, CARD_SAFE_HEIGHT_PX, renderCard, type CardInput } from './render.js';

const BASE: CardInput = {
  headline: '我国成功发射新一代气象卫星',
  series: '每日新闻',
  source: '新华网',
  dateText: '2026年5月1日',
};

/** Raw RGB pixels of a horizontal band of the card. */
async function band(png: Buffer, top: number, height: number): Promise<Buffer> {
  return sharp(png)
    .extract({ left: 0, top, width: COVER_WIDTH_PX, height })
    .removeAlpha()
    .raw()
    .toBuffer();
}

/** How many pixels are clearly darker than the paper and the bottom band (text or rules). */
function inkPixels(rgb: Buffer): number {
  let count = 0;
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    if ((rgb[i] ?? 255) + (rgb[i + 1] ?? 255) + (rgb[i + 2] ?? 255) < 600) count += 1;
  }
  return count;
}

describe('renderCard', () => {
  it('makes a 1080×1440 PNG', async () => {
    const png = await renderCard(BASE);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([COVER_WIDTH_PX, COVER_HEIGHT_PX]);
  });

  it('draws real glyphs: headlines that differ only in their CJK characters differ in pixels', async () => {
    const first = await renderCard({ ...BASE, headline: '国务院发布新规定' });
    const second = await renderCard({ ...BASE, headline: '暴雨预警再次升级' });
    const firstBand = await band(first, CARD_HEADLINE_TOP_PX, 200);
    const secondBand = await band(second, CARD_HEADLINE_TOP_PX, 200);

    expect(inkPixels(firstBand)).toBeGreaterThan(5000);
    expect(firstBand.equals(secondBand)).toBe(false);
  });

  it('renders a very long headline clamped above the covered bottom band', async () => {
    const png = await renderCard({ ...BASE, headline: '超长标题'.repeat(200) });
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([COVER_WIDTH_PX, COVER_HEIGHT_PX]);

    const covered = await band(png, CARD_SAFE_HEIGHT_PX, COVER_HEIGHT_PX - CARD_SAFE_HEIGHT_PX);
    expect(inkPixels(covered)).toBe(0);
  });

  it('keeps a long source and series on one line each, inside the safe area', async () => {
    const png = await renderCard({
      ...BASE,
      series: '每日新闻'.repeat(20),
      source: '某某省某某市融媒体中心新闻客户端'.repeat(5),
    });
    const metaStrip = await band(png, CARD_SAFE_HEIGHT_PX - 200, 200);
    expect(inkPixels(metaStrip)).toBeGreaterThan(1000);

    const covered = await band(png, CARD_SAFE_HEIGHT_PX, COVER_HEIGHT_PX - CARD_SAFE_HEIGHT_PX);
    expect(inkPixels(covered)).toBe(0);
  });

  it('gives identical bytes when the same card is rendered twice', async () => {
    const first = await renderCard(BASE);
    const second = await renderCard({ ...BASE });
    expect(first.equals(second)).toBe(true);
  });

  it('renders a headline of emoji the bundled font lacks without failing', async () => {
    const png = await renderCard({ ...BASE, headline: '🚀🌧️ 发射' });
    expect((await sharp(png).metadata()).format).toBe('png');
  });
});
