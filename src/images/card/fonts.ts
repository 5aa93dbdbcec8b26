/** Loads the Noto Sans SC fonts for cover cards from the npm package, once per process. */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The family name the card layout refers to. */
export const CARD_FONT_FAMILY = 'Noto Sans SC';

/** A font face as satori takes it. */
export interface CardFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

/**
 * Weight folders and files inside `@expo-google-fonts/noto-sans-sc` (TTF; satori reads no
 * TTC/WOFF2).
 */
const FACES = [
  { weight: 400, file: '400Regular/NotoSansSC_400Regular.ttf' },
  { weight: 700, file: '700Bold/NotoSansSC_700Bold.ttf' },
] as const;

let cached: Promise<CardFont[]> | undefined;

function fontPackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
}

async function readFaces(): Promise<CardFont[]> {
  const dir = fontPackageDir();
  return Promise.all(
    FACES.map(async (face) => {
      const file = path.join(dir, face.file);
      const data = await readFile(file).catch((cause: unknown) => {
        throw new Error(
          `cover card font missing: ${file} (is @expo-google-fonts/noto-sans-sc installed?)`,
          { cause },
        );
      });
      return { name: CARD_FONT_FAMILY, data, weight: face.weight, style: 'normal' } as const;
    }),
  );
}

/**
 * The regular and bold Noto Sans SC faces, read from node_modules on first use and kept for
 * the life of the process (about 20 MB). A failed read is not cached, so a later call retries.
 */
export function loadCardFonts(): Promise<CardFont[]> {
  if (!cached) {
    const loading = readFaces();
    cached = loading;
    loading.catch(() => {
      if (cached === loading) cached = undefined;
    });
  }
  return cached;
}
