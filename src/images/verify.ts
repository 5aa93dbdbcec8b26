/**
 * Checks that a file really is a usable image before anything is built on it: known format
 * by its magic bytes, fully decodable (not truncated), large enough.
 */

import { readFile } from 'node:fs/promises';

import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

/** The formats Xiaohongshu accepts for a note image. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface VerifyOptions {
  /** Smallest acceptable file size in bytes (a real generated image is 0.9–2 MB). */
  minBytes: number;
  /** Smallest acceptable decoded width in pixels; no check when absent. */
  minWidth?: number;
}

export type VerifyResult =
  | { ok: true; format: ImageFormat; width: number; height: number; bytes: number }
  | { ok: false; reason: string };

const FORMAT_BY_MIME: Readonly<Record<string, ImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
};

/** How many leading bytes are inspected to describe something that is not an image. */
const SNIFF_BYTES = 1024;

async function readBytes(source: Uint8Array | string): Promise<Uint8Array | string> {
  if (typeof source !== 'string') return source;
  try {
    return await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    return `cannot read ${source}: ${code}`;
  }
}

/**
 * Says what the bytes look like when they are no known image, e.g. a login page served with
 * 200.
 */
function describeNonImage(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('utf8').trimStart();
  if (/^(?:<!doctype html|<html|<head|<body)/iu.test(head) || /<html[\s>]/iu.test(head)) {
    return 'not an image: looks like an HTML page';
  }
  if (/^[{[]/u.test(head)) return 'not an image: looks like JSON';
  // Control characters and undecodable bytes (U+FFFD after decoding) mark binary data.
  const printable = head.replace(/[^\P{C}\t\r\n]|\uFFFD/gu, '');
  if (head.length > 0 && printable.length / head.length > 0.95) {
    return 'not an image: looks like text';
  }
  return 'not an image: unknown format';
}

/** Decodes every pixel; a file cut short fails here even though its header reads fine. */
async function decode(
  bytes: Uint8Array,
): Promise<{ width: number; height: number } | { reason: string }> {
  try {
    const { info } = await sharp(bytes, { failOn: 'truncated' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: `image does not decode (truncated or corrupt): ${message}` };
  }
}

/**
 * Verifies an image given as bytes or a file path. Checks, in order: the file can be read and
 * is not empty; its magic bytes say PNG, JPEG or WebP (HTML, JSON and text are named as such);
 * every pixel decodes; the width reaches `minWidth`; the size reaches `minBytes`. An unusable
 * file is an expected outcome, returned with a reason a person can act on, never thrown.
 */
export async function verifyImageFile(
  bytesOrPath: Uint8Array | string,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const bytes = await readBytes(bytesOrPath);
  if (typeof bytes === 'string') return { ok: false, reason: bytes };
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };

  // Magic bytes first: a tiny HTML error page should be reported as HTML, not as "too small".
  const type = await fileTypeFromBuffer(bytes);
  if (!type) return { ok: false, reason: describeNonImage(bytes) };
  const format = FORMAT_BY_MIME[type.mime];
  if (!format) return { ok: false, reason: `unsupported image format: ${type.mime}` };

  const decoded = await decode(bytes);
  if ('reason' in decoded) return { ok: false, reason: decoded.reason };
  const { width, height } = decoded;

  if (options.minWidth !== undefined && width < options.minWidth) {
    return {
      ok: false,
      reason: `image too small: ${width}×${height}, need width ≥ ${options.minWidth}`,
    };
  }
  if (bytes.length < options.minBytes) {
    return {
      ok: false,
      reason: `file too small: ${bytes.length} bytes, need at least ${options.minBytes}`,
    };
  }
  return { ok: true, format, width, height, bytes: bytes.length };
}
