import type { Logger } from '../log.js';

/** What a provider needs to make one post's image. */
export interface ImageRequest {
  postId: string;
  /** The instruction for a generator (English, 3:4 portrait, no text in the image). */
  prompt: string;
  /** For the offline card: what the cover says. */
  headline: string;
  series: string;
  source: string;
  /** Date shown on the card, e.g. `2026-12-03`. */
  dateText: string;
}

/** One attempt's surroundings, given by the retry loop. */
export interface AttemptContext {
  /** 1-based attempt number for this post. */
  attempt: number;
  /** Unique per attempt and sortable; names the evidence folder `ai_<runId>`. */
  runId: string;
  /** Aborted by Ctrl-C. The provider applies its own attempt budget inside. */
  signal: AbortSignal;
  log: Logger;
  /** Makes (once) and returns this attempt's evidence folder. */
  evidenceDir(): Promise<string>;
}

export interface GeneratedImage {
  /** The image as the generator made it, byte for byte. */
  original: Buffer;
  originalExt: 'png' | 'jpeg' | 'webp';
  /** A 1080×1440 PNG cover made from the original. */
  cover: Buffer;
  /** Where the image was made, when a page made it. */
  conversationUrl?: string;
  fileId?: string;
}

/**
 * Makes one image per call. A failure is an XhsNewsError whose code says what happened and
 * whose scope says whether another attempt may help; the caller owns the retries.
 */
export interface ImageProvider {
  readonly name: 'card' | 'chatgpt_images';
  attempt(request: ImageRequest, context: AttemptContext): Promise<GeneratedImage>;
  /**
   * After an attempt whose image may still be there (timed out, bad file, detached node): look
   * once at its conversation (`url`) and return the image if it finished after all, so no
   * second generation is paid for.
   */
  recover?(
    request: ImageRequest,
    url: string,
    context: AttemptContext,
  ): Promise<GeneratedImage | undefined>;
  /** Releases what the provider holds (browser connection, locks). */
  close(): Promise<void>;
}
