import { z } from 'zod';
import { ERROR_SCOPES, type ErrorCode } from '../errors.js';

export const POST_STATUSES = ['pending', 'generating', 'image_ready', 'drafted', 'failed'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

const errorCode = z.enum(Object.keys(ERROR_SCOPES) as [ErrorCode, ...ErrorCode[]]);

export const attemptFailureSchema = z.object({
  attempt: z.number().int().min(1),
  code: errorCode,
  message: z.string(),
  at: z.string(),
  evidence: z.string().optional(),
});

export const imageGenerateSchema = z.object({
  provider: z.string(),
  attempts: z.number().int().min(0),
  /** The last three failures, oldest first. */
  errors: z.array(attemptFailureSchema).max(3),
  give_up: z.boolean(),
  /** Attempt whose image was taken late from an earlier timed-out conversation. */
  recovered_from_attempt: z.number().int().optional(),
  /** Code of the failure that ended the post, when it failed. */
  failed_code: errorCode.optional(),
  conversation_url: z.string().optional(),
  file_id: z.string().optional(),
  finished_at: z.string().optional(),
});

export const localDraftSchema = z.object({
  saved_at: z.string(),
  folder: z.string(),
  files: z.array(z.string()),
});

export const xiaohongshuDraftSchema = z.object({
  draft_saved_at: z.string().optional(),
  draft_key: z.union([z.string(), z.number()]).optional(),
  images_uploaded: z.number().int().optional(),
  topics_converted: z.array(z.string()).optional(),
  /** Topics the page did not offer; the draft has none of their text. */
  topics_unconverted: z.array(z.string()).optional(),
  profile: z.string().optional(),
  attempts: z.number().int().min(0),
  errors: z.array(attemptFailureSchema).max(3),
  failed_code: errorCode.optional(),
});

export const postRecordSchema = z.object({
  id: z.string().min(1),
  status: z.enum(POST_STATUSES),
  created_at: z.string(),
  updated_at: z.string(),
  run_id: z.string(),
  series: z.string(),
  news: z.object({
    id: z.string(),
    title: z.string(),
    url: z.string(),
    source: z.string(),
    published_at: z.string(),
    summary: z.string(),
  }),
  content: z.object({
    title: z.string(),
    body: z.string(),
    topics: z.array(z.string()),
  }),
  image_prompt: z.string(),
  /** Paths relative to the post folder, in upload order; the cover first. */
  images: z.array(z.string()),
  platform: z
    .object({
      image_generate: imageGenerateSchema.optional(),
      local: localDraftSchema.optional(),
      xiaohongshu: xiaohongshuDraftSchema.optional(),
    })
    .loose(),
});

export type PostRecord = z.infer<typeof postRecordSchema>;
export type ImageGenerateRecord = z.infer<typeof imageGenerateSchema>;
export type XiaohongshuDraftRecord = z.infer<typeof xiaohongshuDraftSchema>;
export type LocalDraftRecord = z.infer<typeof localDraftSchema>;
