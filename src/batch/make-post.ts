import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import writeFileAtomic from 'write-file-atomic';
import { XhsNewsError, errorMessage, isAbortError, type ErrorCode } from '../errors.js';
import type { Candidate } from '../feeds/candidate.js';
import { generateImage } from '../images/generate.js';
import type { GeneratedImage, ImageProvider } from '../images/provider.js';
import type { Logger } from '../log.js';
import { composePost } from '../post/compose.js';
import { newsDateText } from '../post/date-text.js';
import { cleanHeadline } from '../post/headline.js';
import { postIdFor } from '../records/ids.js';
import type { PostRecord } from '../records/post-record.js';
import type { PostStore } from '../records/store.js';
import type { Publisher } from '../publish/publisher.js';

export interface PostContext {
  store: PostStore;
  provider: ImageProvider;
  publisher: Publisher;
  series: string;
  runId: string;
  /** Local images added after the cover, already checked. */
  assets: readonly string[];
  maxAttempts: number;
  retrySleepMs: number;
  signal: AbortSignal;
  log: Logger;
  /**
   * Post ids of the stories already on disk, by story id. A story without a date gets a new
   * first-seen time every day; its post must still be the one an earlier run started.
   */
  knownPostIds?: ReadonlyMap<string, string>;
}

/** What became of one candidate. Only the batch turns these into an exit code. */
export type PostOutcome =
  | { kind: 'drafted'; record: PostRecord }
  | { kind: 'failed'; record: PostRecord; error: XhsNewsError }
  | { kind: 'skipped'; postId: string; reason: string };

/**
 * One candidate through every stage: record → image (with retries) → draft. Each stage leaves
 * the record complete on disk before the next starts, so Ctrl-C or a crash loses nothing.
 */
export async function makePost(
  candidate: Candidate,
  label: string,
  context: PostContext,
): Promise<PostOutcome> {
  const { store } = context;
  const postId =
    context.knownPostIds?.get(candidate.id) ?? postIdFor(candidate.id, candidate.publishedAt);
  let record: PostRecord;
  try {
    record =
      (await store.read(postId)) ?? (await store.write(newRecord(postId, candidate, context)));
  } catch (error) {
    if (!(error instanceof XhsNewsError)) throw error;
    // The batch reported the file when it listed the records; one short line is enough here.
    const reason = 'its record cannot be read (see the warning above)';
    context.log.warn({ postId, event: 'post_skipped', code: error.code }, `${label}: ${reason}`);
    return { kind: 'skipped', postId, reason };
  }
  if (record.status === 'drafted') return { kind: 'skipped', postId, reason: 'already drafted' };

  if (hasImage(record)) {
    // An earlier run made the image and stopped before the draft: never pay for it twice.
    if (record.status !== 'image_ready')
      record = await store.write({ ...record, status: 'image_ready' });
  } else {
    const imaged = await imageStage(record, label, context);
    if (imaged.kind !== 'drafted') return imaged;
    record = imaged.record;
  }
  return publishStage(record, label, context);
}

/** The image stage finished for this record (the draft may still be missing). */
function hasImage(record: PostRecord): boolean {
  return record.images.length > 0 && record.platform.image_generate?.finished_at !== undefined;
}

function newRecord(postId: string, candidate: Candidate, context: PostContext): PostRecord {
  const now = new Date().toISOString();
  const post = composePost(candidate, { series: context.series, nowMs: Date.now() });
  return {
    id: postId,
    status: 'pending',
    created_at: now,
    updated_at: now,
    run_id: context.runId,
    series: context.series,
    news: {
      id: candidate.id,
      title: candidate.title,
      url: candidate.url,
      source: candidate.source,
      published_at: candidate.publishedAt,
      summary: candidate.summary,
    },
    content: { title: post.title, body: post.body, topics: post.topics },
    image_prompt: post.imagePrompt,
    images: [],
    platform: {},
  };
}

/** Image stage; on success the outcome is `drafted` only in the sense "go on" (image_ready). */
async function imageStage(
  record: PostRecord,
  label: string,
  context: PostContext,
): Promise<PostOutcome> {
  const { store, provider, log } = context;
  record = await store.write({
    ...record,
    status: 'generating',
    run_id: context.runId,
    platform: {
      ...record.platform,
      image_generate: { provider: provider.name, attempts: 0, errors: [], give_up: false },
    },
  });
  log.info(
    { postId: record.id, event: 'image_start', provider: provider.name },
    `${label}: making the image (${provider.name})`,
  );
  const outcome = await generateImage(
    provider,
    {
      postId: record.id,
      prompt: record.image_prompt,
      headline: cleanHeadline(record.news.title, record.news.source),
      series: record.series,
      source: record.news.source,
      dateText: dateTextOf(record),
    },
    {
      maxAttempts: context.maxAttempts,
      retrySleepMs: context.retrySleepMs,
      signal: context.signal,
      log,
      postDir: store.postDir(record.id),
      makeEvidenceDir: (runId) => store.evidenceDir(record.id, 'ai', runId),
      label,
      onAttemptFailed: async (attempts, errors) => {
        const sofar = { provider: provider.name, attempts, errors, give_up: false };
        await store.update(record.id, (r) => ({
          ...r,
          platform: { ...r.platform, image_generate: sofar },
        }));
      },
    },
  ).catch(async (error: unknown) => {
    if (isAbortError(error)) await markInterrupted(store, record);
    throw error;
  });

  const imageGenerate = {
    provider: provider.name,
    attempts: outcome.attempts,
    errors: outcome.failures,
    give_up: !outcome.ok && outcome.giveUp,
  };
  if (!outcome.ok) {
    const failed = await store.write({
      ...record,
      status: 'failed',
      platform: {
        ...record.platform,
        image_generate: { ...imageGenerate, failed_code: outcome.error.code },
      },
    });
    return { kind: 'failed', record: failed, error: outcome.error };
  }
  const images = await saveImages(store, record.id, outcome.image, context.assets);
  const ready = await store.write({
    ...record,
    status: 'image_ready',
    images,
    platform: {
      ...record.platform,
      image_generate: {
        ...imageGenerate,
        finished_at: new Date().toISOString(),
        ...(outcome.recoveredFrom === undefined
          ? {}
          : { recovered_from_attempt: outcome.recoveredFrom }),
        ...(outcome.image.conversationUrl === undefined
          ? {}
          : { conversation_url: outcome.image.conversationUrl }),
        ...(outcome.image.fileId === undefined ? {} : { file_id: outcome.image.fileId }),
      },
    },
  });
  const tries = outcome.attempts === 1 ? '1 attempt' : `${outcome.attempts} attempts`;
  log.info(
    { postId: record.id, event: 'image_ready', attempts: outcome.attempts },
    `${label}: image ready (${provider.name}, ${tries})`,
  );
  return { kind: 'drafted', record: ready };
}

async function publishStage(
  record: PostRecord,
  label: string,
  context: PostContext,
): Promise<PostOutcome> {
  const { store, publisher, log } = context;
  try {
    const drafted = await store.write(
      await publisher.publish(record, { store, runId: context.runId, signal: context.signal, log }),
    );
    log.info(
      { postId: record.id, event: 'drafted', publisher: publisher.name },
      `${label}: drafted (${publisher.name}) → ${draftWhere(drafted, store)}`,
    );
    return { kind: 'drafted', record: drafted };
  } catch (error) {
    if (isAbortError(error) || !(error instanceof XhsNewsError)) throw error;
    // The publisher may have written its attempts; take the record as it is on disk now.
    const current = (await store.read(record.id)) ?? record;
    const failed = await store.write({ ...current, status: 'failed' });
    log.error(
      { postId: record.id, event: 'draft_failed', code: error.code },
      `${label}: draft failed (${error.code}: ${errorMessage(error)})`,
    );
    return { kind: 'failed', record: failed, error };
  }
}

async function saveImages(
  store: PostStore,
  postId: string,
  image: GeneratedImage,
  assets: readonly string[],
): Promise<string[]> {
  const imagesDir = path.join(store.postDir(postId), 'images');
  await mkdir(imagesDir, { recursive: true });
  // The card is its own original; a generated image is kept as it came, beside its cover.
  if (image.original !== image.cover) {
    await writeFileAtomic(path.join(imagesDir, `original.${image.originalExt}`), image.original);
  }
  await writeFileAtomic(path.join(imagesDir, 'cover.png'), image.cover);
  const images = ['images/cover.png'];
  for (const [index, asset] of assets.entries()) {
    // Named by what the file holds, not by its name: a photo saved as `.png` or with no
    // extension at all still reaches the draft as what it is.
    const ext = (await fileTypeFromFile(asset))?.ext ?? path.extname(asset).slice(1).toLowerCase();
    const name = `asset-${String(index + 1).padStart(2, '0')}.${ext}`;
    await copyFile(asset, path.join(imagesDir, name));
    images.push(`images/${name}`);
  }
  return images;
}

/** Ctrl-C during the image: the record says so, and the next run picks the post up again. */
async function markInterrupted(store: PostStore, record: PostRecord): Promise<void> {
  const code: ErrorCode = 'interrupted';
  const current = (await store.read(record.id)) ?? record;
  const imageGenerate = current.platform.image_generate;
  await store.write({
    ...current,
    status: 'failed',
    platform: {
      ...current.platform,
      ...(imageGenerate
        ? { image_generate: { ...imageGenerate, give_up: false, failed_code: code } }
        : {}),
    },
  });
}

function dateTextOf(record: PostRecord): string {
  return newsDateText(record.news.published_at, Date.parse(record.created_at));
}

function draftWhere(record: PostRecord, store: PostStore): string {
  const local = record.platform.local;
  if (local) return path.join(store.postDir(record.id), local.folder);
  const xhs = record.platform.xiaohongshu;
  return xhs?.profile ? `creator center drafts in ${xhs.profile}` : 'creator center drafts';
}
