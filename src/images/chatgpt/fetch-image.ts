import type { Page } from 'playwright-core';
import { makeCover } from '../cover.js';
import type { GeneratedImage } from '../provider.js';
import { verifyImageFile } from '../verify.js';
import { isEstuaryUrl } from './estuary.js';
import { untilAborted } from '../../progress.js';
import { evaluateInPage } from './in-page.js';

/** What fetching the image gave, or why it did not give an image. */
export type FetchResult =
  { ok: true; bytes: Buffer; contentType: string } | { ok: false; reason: string };

/**
 * Fetches an estuary image inside the page, where the session cookie is sent along (the
 * endpoint answers 422 without it). The bytes come back as base64; nothing is re-encoded.
 */
export async function fetchImageInPage(
  page: Page,
  src: string,
  signal: AbortSignal,
): Promise<FetchResult> {
  if (!isEstuaryUrl(src))
    return { ok: false, reason: 'the image is not served by the estuary endpoint' };
  const answer = await untilAborted(evaluateInPage(page, fetchAsBase64InPage, src), signal);
  if (answer.status !== 200) {
    return { ok: false, reason: `the image URL answered HTTP ${answer.status}` };
  }
  return {
    ok: true,
    bytes: Buffer.from(answer.base64, 'base64'),
    contentType: answer.contentType,
  };
}

/** Runs inside the page. */
async function fetchAsBase64InPage(
  src: string,
): Promise<{ status: number; contentType: string; base64: string }> {
  const response = await fetch(src, { credentials: 'include' });
  const contentType = response.headers.get('content-type') ?? '';
  if (response.status !== 200) return { status: response.status, contentType, base64: '' };
  const blob = await response.blob();
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(blob);
  });
  return { status: 200, contentType, base64: dataUrl.slice(dataUrl.indexOf(',') + 1) };
}

/** A verified image with its cover, or the reason the bytes are not usable. */
export type PreparedImage =
  | { ok: true; image: Pick<GeneratedImage, 'original' | 'originalExt' | 'cover'> }
  | { ok: false; reason: string };

/**
 * Checks the bytes are a whole image of at least `minBytes` and 256 px wide, then makes the
 * 1080×1440 cover. The original is returned as fetched, byte for byte.
 */
export async function prepareImage(bytes: Buffer, minBytes: number): Promise<PreparedImage> {
  const verdict = await verifyImageFile(bytes, { minBytes, minWidth: 256 });
  if (!verdict.ok) return { ok: false, reason: verdict.reason };
  const cover = await makeCover(bytes);
  return { ok: true, image: { original: bytes, originalExt: verdict.format, cover } };
}
