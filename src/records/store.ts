import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { RecordCorruptError } from '../errors.js';
import { isSafeId } from './ids.js';
import { postRecordSchema, type PostRecord } from './post-record.js';

/**
 * The posts folder of a data dir: `posts/<post_id>/post.json`, `images/`, `evidence/`.
 * Records are written atomically and checked against the same schema when read.
 */
export class PostStore {
  readonly postsDir: string;

  constructor(readonly dataDir: string) {
    this.postsDir = path.join(dataDir, 'posts');
  }

  postDir(postId: string): string {
    if (!isSafeId(postId)) throw new Error(`not a post id: ${JSON.stringify(postId)}`);
    return path.join(this.postsDir, postId);
  }

  recordFile(postId: string): string {
    return path.join(this.postDir(postId), 'post.json');
  }

  /** The record, `undefined` when the post does not exist, or RecordCorruptError. */
  async read(postId: string): Promise<PostRecord | undefined> {
    const file = this.recordFile(postId);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseRecord(file, text);
  }

  /** Writes the record atomically, stamping `updated_at`. */
  async write(record: PostRecord, nowMs = Date.now()): Promise<PostRecord> {
    const stamped = postRecordSchema.parse({
      ...record,
      updated_at: new Date(nowMs).toISOString(),
    });
    await mkdir(this.postDir(stamped.id), { recursive: true });
    await writeFileAtomic(this.recordFile(stamped.id), `${JSON.stringify(stamped, null, 2)}\n`);
    return stamped;
  }

  /** Reads, changes and writes one record; the record must exist. */
  async update(postId: string, change: (record: PostRecord) => PostRecord): Promise<PostRecord> {
    const current = await this.read(postId);
    if (current === undefined) throw new Error(`post ${postId} has no record`);
    return this.write(change(current));
  }

  /** Every readable record, newest first, and the files that could not be read. */
  async list(): Promise<{ records: PostRecord[]; corrupt: RecordCorruptError[] }> {
    let names: string[];
    try {
      names = await readdir(this.postsDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], corrupt: [] };
      throw error;
    }
    const records: PostRecord[] = [];
    const corrupt: RecordCorruptError[] = [];
    for (const name of names.filter(isSafeId).sort().reverse()) {
      try {
        const record = await this.read(name);
        if (record) records.push(record);
      } catch (error) {
        if (error instanceof RecordCorruptError) corrupt.push(error);
        else throw error;
      }
    }
    return { records, corrupt };
  }

  /** Makes and returns `posts/<post_id>/evidence/<prefix>_<run_id>/`. */
  async evidenceDir(postId: string, prefix: 'ai' | 'xhs', runId: string): Promise<string> {
    if (!isSafeId(runId)) throw new Error(`not a run id: ${JSON.stringify(runId)}`);
    const dir = path.join(this.postDir(postId), 'evidence', `${prefix}_${runId}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }
}

function parseRecord(file: string, text: string): PostRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RecordCorruptError(file, 'not valid JSON', error);
  }
  const parsed = postRecordSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join('.') || 'record';
    throw new RecordCorruptError(file, `${where}: ${first?.message}`, parsed.error);
  }
  return parsed.data;
}
