import path from 'node:path';
import type { CliIo } from '../cli.js';
import { EXIT } from '../cli.js';
import type { PostRecord } from '../records/post-record.js';
import { dataDirProblem } from '../records/data-dir.js';
import { PostStore } from '../records/store.js';
import { ConfigError } from '../errors.js';
import { configFrom } from './auto.js';

/** `xhs-news posts [--status s] [--json]`: one line per post, newest first. */
export async function runPosts(flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const store = await storeFrom(flags, io);
  const { records, corrupt } = await store.list();
  for (const problem of corrupt) io.stderr.write(`warning: ${problem.message}\n`);
  const status = flags['status'];
  const shown = status === undefined ? records : records.filter((r) => r.status === status);
  if (flags['json'] === true) {
    io.stdout.write(`${JSON.stringify(shown.map(listEntry), null, 2)}\n`);
    return EXIT.ok;
  }
  if (shown.length === 0) io.stderr.write(`no posts in ${store.postsDir}\n`);
  for (const record of shown) {
    const images = record.platform.image_generate;
    const attempts = images ? `${images.attempts} attempt${images.attempts === 1 ? '' : 's'}` : '';
    io.stdout.write(
      `${record.id}  ${record.status.padEnd(11)} ${attempts.padEnd(10)} ${record.content.title}\n`,
    );
  }
  return EXIT.ok;
}

/** `xhs-news show <post_id>`: the post, its images and every image attempt. */
export async function runShow(
  postId: string,
  flags: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const store = await storeFrom(flags, io);
  let record: PostRecord | undefined;
  try {
    record = await store.read(postId);
  } catch (error) {
    if (!(error instanceof Error) || !/not a post id/.test(error.message)) throw error;
  }
  if (record === undefined) {
    const where = `no post ${JSON.stringify(postId)} in ${store.postsDir}`;
    io.stderr.write(`error: ${where}; list them with xhs-news posts\n`);
    return EXIT.usage;
  }
  if (flags['json'] === true) {
    io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(`${showText(record, store.postDir(record.id))}\n`);
  return EXIT.ok;
}

async function storeFrom(flags: Record<string, unknown>, io: CliIo): Promise<PostStore> {
  const config = configFrom(flags, io);
  const dataDir = path.resolve(io.cwd, config.dataDir);
  const problem = await dataDirProblem(dataDir, { for: 'read' });
  if (problem !== undefined) {
    throw new ConfigError([`data dir ${dataDir}: ${problem}; choose another with --data-dir`]);
  }
  return new PostStore(dataDir);
}

function listEntry(record: PostRecord) {
  return {
    id: record.id,
    status: record.status,
    title: record.content.title,
    updated_at: record.updated_at,
    image_attempts: record.platform.image_generate?.attempts ?? 0,
    give_up: record.platform.image_generate?.give_up ?? false,
  };
}

/** The record as a person reads it. */
export function showText(record: PostRecord, postDir: string): string {
  const lines = [
    `${record.id}  ${record.status}`,
    `title:   ${record.content.title}`,
    `news:    ${record.news.title} (${record.news.source}, ${record.news.published_at})`,
    `link:    ${record.news.url || '-'}`,
    `topics:  ${record.content.topics.map((t) => `#${t}`).join(' ')}`,
    `images:  ${record.images.length ? record.images.join(', ') : '-'}`,
    `folder:  ${postDir}`,
  ];
  const image = record.platform.image_generate;
  if (image) {
    lines.push(
      `image:   ${image.provider}, ${image.attempts} attempt(s), give_up ${image.give_up}` +
        (image.recovered_from_attempt
          ? `, recovered from attempt ${image.recovered_from_attempt}`
          : '') +
        (image.failed_code ? `, failed: ${image.failed_code}` : ''),
    );
    for (const e of image.errors) {
      lines.push(
        `  attempt ${e.attempt} ${e.at} ${e.code}: ${e.message}` +
          (e.evidence ? ` [${e.evidence}]` : ''),
      );
    }
  }
  const local = record.platform.local;
  if (local) lines.push(`local:   ${path.join(postDir, local.folder)} (${local.files.join(', ')})`);
  const xhs = record.platform.xiaohongshu;
  if (xhs) {
    lines.push(
      `xiaohongshu: ${xhs.draft_saved_at ? `draft saved ${xhs.draft_saved_at}` : 'no draft'}` +
        (xhs.profile ? ` in ${xhs.profile}` : '') +
        `, ${xhs.attempts} attempt(s)` +
        (xhs.failed_code ? `, failed: ${xhs.failed_code}` : ''),
    );
  }
  return lines.join('\n');
}
