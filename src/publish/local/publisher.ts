import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PostRecord } from '../../records/post-record.js';
import type { Publisher } from '../publisher.js';

/** The draft package's folder inside the post folder. */
export const LOCAL_DRAFT_FOLDER = 'draft';

/**
 * The offline publisher: the post folder gets `draft/` with the images numbered in upload order
 * and `post.txt` (title, body, topics), ready to upload by hand. The package is built in a
 * temporary folder and renamed into place, so it is never half there.
 */
export function createLocalPublisher(): Publisher {
  return {
    name: 'local',
    async publish(record, { store }) {
      const postDir = store.postDir(record.id);
      const finalDir = path.join(postDir, LOCAL_DRAFT_FOLDER);
      const tempDir = path.join(postDir, `.draft-${randomBytes(4).toString('hex')}`);
      await mkdir(tempDir, { recursive: true });
      try {
        const files = await copyImages(record, postDir, tempDir);
        await writeFile(path.join(tempDir, 'post.txt'), postText(record));
        files.push('post.txt');
        await rm(finalDir, { recursive: true, force: true });
        await rename(tempDir, finalDir);
        return {
          ...record,
          status: 'drafted',
          platform: {
            ...record.platform,
            local: {
              saved_at: new Date().toISOString(),
              folder: LOCAL_DRAFT_FOLDER,
              files,
            },
          },
        };
      } finally {
        await rm(tempDir, { recursive: true, force: true });
      }
    },
    close: () => Promise.resolve(),
  };
}

async function copyImages(record: PostRecord, postDir: string, into: string): Promise<string[]> {
  const files: string[] = [];
  for (const [index, image] of record.images.entries()) {
    const name = `${String(index + 1).padStart(2, '0')}${path.extname(image).toLowerCase()}`;
    await copyFile(path.join(postDir, image), path.join(into, name));
    files.push(name);
  }
  return files;
}

/** What a person pastes into the creator center: title, body, then the topics as #tags. */
export function postText(record: PostRecord): string {
  const topics = record.content.topics.map((t) => `#${t}`).join(' ');
  return `${record.content.title}\n\n${record.content.body}\n\n${topics}\n`;
}
