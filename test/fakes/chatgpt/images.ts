import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

export const FINAL_WIDTH = 1024;
export const FINAL_HEIGHT = 1536;
const PREVIEW_WIDTH = 512;
const PREVIEW_HEIGHT = 768;
const PREVIEW_VARIANTS = 3;
// Noise drawn in 4×4 blocks compresses to about 1 MB, the size of a real generated file.
const NOISE_BLOCK = 4;

/** A file the estuary endpoint can serve. */
export interface StoredFile {
  bytes: Buffer;
  contentType: string;
  sig: string;
}

/** The image bytes a fake instance makes once at start and reuses. */
export interface ImageKit {
  /** The earlier conversation's image shown before any send (the baseline trap). */
  baseline: Buffer;
  /** Small blurred-preview PNGs, 512 wide. */
  previews: Buffer[];
  /** A real, decodable 1024×1536 PNG of one flat colour, under 50 000 bytes. */
  tiny: Buffer;
  /** A fresh 1024×1536 noise PNG, different every call. */
  makeFinal(): Promise<Buffer>;
}

/** Builds the images of one fake instance: a few tens of milliseconds of sharp work. */
export async function prepareImages(): Promise<ImageKit> {
  const [baseline, tiny, ...previews] = await Promise.all([
    noisePng(FINAL_WIDTH, FINAL_HEIGHT),
    sharp({
      create: {
        width: FINAL_WIDTH,
        height: FINAL_HEIGHT,
        channels: 3,
        background: { r: 214, g: 160, b: 120 },
      },
    })
      .png({ compressionLevel: 9 })
      .toBuffer(),
    ...Array.from({ length: PREVIEW_VARIANTS }, () => noisePng(PREVIEW_WIDTH, PREVIEW_HEIGHT)),
  ]);
  return {
    baseline,
    previews,
    tiny,
    makeFinal: () => noisePng(FINAL_WIDTH, FINAL_HEIGHT),
  };
}

async function noisePng(width: number, height: number): Promise<Buffer> {
  const blockWidth = width / NOISE_BLOCK;
  const blockHeight = height / NOISE_BLOCK;
  const raw = randomNoise(blockWidth * blockHeight * 3);
  return sharp(raw, { raw: { width: blockWidth, height: blockHeight, channels: 3 } })
    .resize(width, height, { kernel: 'nearest' })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** xorshift32 seeded from the OS: fast enough for megapixels, distinct on every call. */
function randomNoise(length: number): Buffer {
  const words = new Uint32Array(Math.ceil(length / 4));
  let state = randomBytes(4).readUInt32LE(0) || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return Buffer.from(words.buffer, 0, length);
}

/** The files the estuary endpoint knows, by `file_…` id. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  /** Stores bytes under a new id and returns the page-relative estuary URL. */
  add(bytes: Buffer, contentType = 'image/png'): { fileId: string; url: string } {
    const fileId = `file_${randomBytes(16).toString('hex')}`;
    const sig = randomBytes(32).toString('hex');
    this.files.set(fileId, { bytes, contentType, sig });
    return { fileId, url: `/backend-api/estuary/content?id=${fileId}&sig=${sig}` };
  }

  get(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }
}
