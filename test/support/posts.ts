import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { postRecordSchema, type PostRecord } from '../../src/records/post-record.js';

/** Every `posts/<id>/post.json` under a data dir, checked against the record schema. */
export async function readPosts(dataDir: string): Promise<PostRecord[]> {
  const ids = await readdir(path.join(dataDir, 'posts')).catch(() => []);
  return Promise.all(
    ids.map(async (id) => {
      const text = await readFile(path.join(dataDir, 'posts', id, 'post.json'), 'utf8');
      return postRecordSchema.parse(JSON.parse(text));
    }),
  );
}

/** The post whose story title ends with `key` (test feeds put a key word at the end). */
export function postByKey(posts: readonly PostRecord[], key: string): PostRecord {
  const found = posts.find((p) => p.news.title.endsWith(key));
  if (!found) throw new Error(`no post for ${key}`);
  return found;
}
