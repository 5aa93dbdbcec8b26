import path from 'node:path';
import type { ChromeSession } from '../../browser/connect.js';
import { XhsNewsError, type AttemptFailure } from '../../errors.js';
import type { Logger } from '../../log.js';
import { newRunId } from '../../records/ids.js';
import type { PostRecord, XiaohongshuDraftRecord } from '../../records/post-record.js';
import { failureOf, lastFailures, withAttempts } from '../../retry.js';
import type { PublishContext, Publisher } from '../publisher.js';
import {
  lookForSavedDraft,
  runDraftAttempt,
  type RecoverInput,
  type PostDraftState,
  type SavedDraft,
} from './attempt.js';
import { checkDraftLimits, type DraftContent } from './limits.js';
import { DEFAULT_XHS_SELECTORS, type XhsSelectors } from './selectors.js';

export interface XiaohongshuPublisherOptions {
  /** The Chrome that holds the Xiaohongshu login (XHS_CDP_URL, else CHROME_CDP_URL). */
  session: ChromeSession;
  /**
   * Which browser profile holds the drafts, as told to the person and kept in the record: the
   * CDP URL and, when known, the user-data-dir. Drafts live only in that profile.
   */
  profile: string;
  /** Draft attempts per post in total (XHS_DRAFT_MAX_ATTEMPTS, default 2). */
  maxAttempts: number;
  /** Pause between attempts. */
  retrySleepMs: number;
  /** Budget per image for the upload and its preview (XHS_UPLOAD_TIMEOUT_S × 1000). */
  uploadTimeoutPerImageMs: number;
  /**
   * Budget of every other step: page load, each wait, each topic, the save
   * (XHS_STEP_TIMEOUT_S × 1000).
   */
  stepTimeoutMs: number;
  /** The page's selectors and texts; {@link DEFAULT_XHS_SELECTORS} when absent. */
  selectors?: XhsSelectors;
  log: Logger;
}

/**
 * The `xiaohongshu` publisher: saves each post whose image is ready as a draft (暂存离开) in
 * the creator center of the user's Chrome profile, confirmed in the profile's IndexedDB. It
 * never presses 发布. The session belongs to the caller, who disconnects it.
 */
export function createXiaohongshuPublisher(options: XiaohongshuPublisherOptions): Publisher {
  return {
    name: 'xiaohongshu',
    publish: (record, context) => publishDraft(options, record, context),
    // Nothing to release: the tabs are closed after each attempt and the session is not ours.
    close: () => Promise.resolve(),
  };
}

/** Why this post must not be uploaded, or `skip` when it already has its draft. */
function refusal(record: PostRecord): { skip: true } | { skip: false; why: string } | undefined {
  if (record.platform.image_generate?.give_up === true) {
    return {
      skip: false,
      why: `post ${record.id}: its image was given up, so it is never uploaded`,
    };
  }
  if (record.status === 'drafted' && record.platform.xiaohongshu?.draft_saved_at !== undefined) {
    return { skip: true };
  }
  if (record.status !== 'image_ready') {
    const why =
      `post ${record.id} is ${record.status}; ` + 'only posts whose image is ready become drafts';
    return { skip: false, why };
  }
  return undefined;
}

async function publishDraft(
  options: XiaohongshuPublisherOptions,
  record: PostRecord,
  context: PublishContext,
): Promise<PostRecord> {
  const log = context.log.child({ component: 'xiaohongshu', postId: record.id });
  const refused = refusal(record);
  if (refused?.skip === true) {
    log.info(`${record.id}: already a draft in the creator center; not saved again`);
    return record;
  }
  if (refused) throw new XhsNewsError('draft_invalid', refused.why, { postId: record.id });

  const limits = await checkDraftLimits(record, context.store.postDir(record.id));
  if (!limits.ok) {
    const error = new XhsNewsError(
      'draft_invalid',
      `post ${record.id} does not fit the creator center: ${limits.problems.join('; ')}`,
      { postId: record.id, step: 'check limits' },
    );
    const prior = record.platform.xiaohongshu;
    await saveXhs(context, record.id, {
      attempts: prior?.attempts ?? 0,
      errors: prior?.errors ?? [],
      failed_code: error.code,
    });
    throw error;
  }
  return draftWithAttempts(new PostAttempts(options, record, limits.content, context, log));
}

/** The attempts at one post in this run, and what they share. */
class PostAttempts {
  readonly priorAttempts: number;
  /** Earlier runs' failures first, then this run's; the record keeps the last three. */
  readonly failures: AttemptFailure[];
  readonly state: PostDraftState = { saveClicked: false };
  readonly evidence = new Map<number, string>();
  attemptsMade = 0;

  constructor(
    readonly options: XiaohongshuPublisherOptions,
    readonly record: PostRecord,
    readonly content: DraftContent,
    readonly context: PublishContext,
    readonly log: Logger,
  ) {
    const prior = record.platform.xiaohongshu;
    this.priorAttempts = prior?.attempts ?? 0;
    this.failures = [...(prior?.errors ?? [])];
    // An earlier run tried this post and may have saved the draft without confirming it.
    if (this.priorAttempts > 0) this.state.earlierRunSinceMs = Date.parse(record.created_at);
  }

  input(attempt: number): RecoverInput {
    const { options } = this;
    return {
      session: options.session,
      selectors: options.selectors ?? DEFAULT_XHS_SELECTORS,
      content: this.content,
      postId: this.record.id,
      attempt: this.priorAttempts + attempt,
      profile: options.profile,
      stepTimeoutMs: options.stepTimeoutMs,
      uploadTimeoutPerImageMs: options.uploadTimeoutPerImageMs,
      signal: this.context.signal,
      log: this.log,
      state: this.state,
    };
  }

  /** One attempt; the record counts it before it starts, so a crash cannot hide it. */
  async run(attempt: number): Promise<SavedDraft> {
    const { context, record } = this;
    this.attemptsMade = attempt;
    await saveXhs(context, record.id, {
      attempts: this.priorAttempts + attempt,
      errors: lastFailures(this.failures),
    });
    const runId = newRunId();
    const dir = await context.store.evidenceDir(record.id, 'xhs', runId);
    this.evidence.set(attempt, path.relative(context.store.postDir(record.id), dir));
    const number = this.priorAttempts + attempt;
    this.log.info(`${record.id}: saving a draft in the creator center (attempt ${number})`);
    return runDraftAttempt({ ...this.input(attempt), runId, evidenceDir: dir });
  }

  onFailure(error: XhsNewsError, attempt: number, willRetry: boolean): void {
    const number = this.priorAttempts + attempt;
    this.failures.push(failureOf(error, number, this.evidence.get(attempt)));
    this.log.warn(
      { code: error.code, attempt: number },
      `${this.record.id}: draft attempt ${number} failed (${error.code}): ${error.message}` +
        (willRetry ? '; trying again' : ''),
    );
  }
}

async function draftWithAttempts(attempts: PostAttempts): Promise<PostRecord> {
  const { options, record, context } = attempts;
  try {
    const result = await withAttempts<SavedDraft>({
      maxAttempts: options.maxAttempts,
      sleepMs: options.retrySleepMs,
      signal: context.signal,
      run: ({ attempt }) => attempts.run(attempt),
      recover: (_failure, { attempt }) => lookForSavedDraft(attempts.input(attempt)),
      evidenceOf: (attempt) => attempts.evidence.get(attempt),
      onFailure: (error, { attempt, willRetry }) => attempts.onFailure(error, attempt, willRetry),
    });
    if (!result.ok) throw result.error;
    return drafted(record, result.value, {
      profile: options.profile,
      attempts: attempts.priorAttempts + result.attempts,
      errors: lastFailures(attempts.failures),
      log: attempts.log,
    });
  } catch (error) {
    if (error instanceof XhsNewsError && error.code !== 'interrupted') {
      await saveXhs(context, record.id, {
        attempts: attempts.priorAttempts + attempts.attemptsMade,
        errors: lastFailures(attempts.failures),
        failed_code: error.code,
      });
    }
    throw error;
  }
}

function drafted(
  record: PostRecord,
  saved: SavedDraft,
  meta: { profile: string; attempts: number; errors: AttemptFailure[]; log: Logger },
): PostRecord {
  const how = saved.recovered ? 'found (saved by an earlier attempt)' : 'saved';
  meta.log.info(
    { draftKey: saved.key, profile: meta.profile },
    `${record.id}: draft ${how} in the creator center; ` +
      `it lives only in the Chrome profile ${meta.profile}`,
  );
  if (saved.topicsUnconverted.length > 0) {
    meta.log.warn(
      `${record.id}: the page did not offer these topics, so the draft has none of them: ` +
        saved.topicsUnconverted.map((name) => `#${name}`).join(' '),
    );
  }
  const xiaohongshu: XiaohongshuDraftRecord = {
    draft_saved_at: saved.savedAt,
    draft_key: saved.key,
    images_uploaded: saved.imagesUploaded,
    topics_converted: saved.topicsConverted,
    ...(saved.topicsUnconverted.length > 0 ? { topics_unconverted: saved.topicsUnconverted } : {}),
    profile: meta.profile,
    attempts: meta.attempts,
    errors: meta.errors,
  };
  return { ...record, status: 'drafted', platform: { ...record.platform, xiaohongshu } };
}

/** Writes `platform.xiaohongshu` of the stored record (attempt counts, failures). */
async function saveXhs(
  context: PublishContext,
  postId: string,
  section: XiaohongshuDraftRecord,
): Promise<void> {
  await context.store.update(postId, (current) => ({
    ...current,
    platform: { ...current.platform, xiaohongshu: section },
  }));
}
