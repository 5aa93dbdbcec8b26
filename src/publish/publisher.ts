import type { Logger } from '../log.js';
import type { PostRecord } from '../records/post-record.js';
import type { PostStore } from '../records/store.js';

export interface PublishContext {
  store: PostStore;
  /** The batch's run id; each draft attempt makes its own for `xhs_<runId>` evidence. */
  runId: string;
  signal: AbortSignal;
  log: Logger;
}

/**
 * Turns a post whose image is ready into a draft. Returns the record as it should be saved
 * (status `drafted` with `platform.<name>` filled in), or throws an XhsNewsError: the batch
 * records it and stops the run when its scope is `run`.
 */
export interface Publisher {
  readonly name: 'local' | 'xiaohongshu';
  publish(record: PostRecord, context: PublishContext): Promise<PostRecord>;
  close(): Promise<void>;
}
