import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RecordCorruptError } from '../errors.js';
import { newRunId, postIdFor } from './ids.js';
import { acquireLock } from './lock.js';
import type { PostRecord } from './post-record.js';
import { PostStore } from './store.js';
import { testTempDir } from '../../test/support/temp-dir.js';

function record(id: string, overrides: Partial<PostRecord> = {}): PostRecord {
  return {
    id,
    status: 'pending',
    created_at: '2026-12-03T08:00:00.000Z',
    updated_at: '2026-12-03T08:00:00.000Z',
    run_id: newRunId(),
    series: '每日新闻',
    news: {
      id: 'story-1',
      title: '标题',
      url: 'https://example.com/a',
      source: '示例',
      published_at: '2026-12-03T07:00:00.000Z',
      summary: '摘要',
    },
    content: { title: '标题', body: '正文', topics: ['每日新闻'] },
    image_prompt: 'Create an image',
    images: [],
    platform: {},
    ...overrides,
  };
}

async function store(): Promise<PostStore> {
  return new PostStore(await testTempDir('store'));
}

describe('post ids', () => {
  it('sort by the story date and stay the same for the same story', () => {
    const a = postIdFor('story-a', '2026-12-01T10:00:00Z');
    expect(a).toBe(postIdFor('story-a', '2026-12-01T23:00:00Z'));
    expect(a).not.toBe(postIdFor('story-b', '2026-12-01T10:00:00Z'));
    expect([postIdFor('z', '2026-12-02T00:00:00Z'), a].sort()[0]).toBe(a);
  });

  it('run ids are unique and sort by time', () => {
    const ids = [newRunId(1_000), newRunId(2_000), newRunId(2_000)];
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]! < ids[1]!).toBe(true);
  });
});

describe('PostStore', () => {
  it('writes a record a person can read and reads it back through the schema', async () => {
    const posts = await store();
    await posts.write(record('20261203-aaaaaaaaaa'));
    const text = await readFile(posts.recordFile('20261203-aaaaaaaaaa'), 'utf8');
    expect(text).toContain('\n  "status": "pending"');
    expect((await posts.read('20261203-aaaaaaaaaa'))?.news.title).toBe('标题');
  });

  it('writes atomically: no temporary file is left and a failed write keeps the old record', async () => {
    const posts = await store();
    const id = '20261203-bbbbbbbbbb';
    await posts.write(record(id));
    await expect(posts.write(record(id, { status: 'bogus' as never }))).rejects.toThrow();
    expect((await posts.read(id))?.status).toBe('pending');
    expect(await readdir(posts.postDir(id))).toEqual(['post.json']);
  });

  it('reports a corrupt record and leaves it untouched', async () => {
    const posts = await store();
    const id = '20261203-cccccccccc';
    await mkdir(posts.postDir(id), { recursive: true });
    await writeFile(posts.recordFile(id), '{"id": "20261203-cccccccccc", "status": ');
    await expect(posts.read(id)).rejects.toBeInstanceOf(RecordCorruptError);
    const { records, corrupt } = await posts.list();
    expect(records).toEqual([]);
    expect(corrupt[0]?.message).toContain('not valid JSON');
    expect(await readFile(posts.recordFile(id), 'utf8')).toBe(
      '{"id": "20261203-cccccccccc", "status": ',
    );
  });

  it('reports a record that breaks the schema with the field at fault', async () => {
    const posts = await store();
    const id = '20261203-dddddddddd';
    await mkdir(posts.postDir(id), { recursive: true });
    await writeFile(posts.recordFile(id), JSON.stringify({ ...record(id), status: 'published' }));
    await expect(posts.read(id)).rejects.toThrow(/status/);
  });

  it('lists records newest first', async () => {
    const posts = await store();
    await posts.write(record('20261201-aaaaaaaaaa'));
    await posts.write(record('20261203-aaaaaaaaaa'));
    const { records } = await posts.list();
    expect(records.map((r) => r.id)).toEqual(['20261203-aaaaaaaaaa', '20261201-aaaaaaaaaa']);
  });

  it('refuses ids that would leave the posts folder', async () => {
    const posts = await store();
    expect(() => posts.postDir('../etc')).toThrow(/not a post id/);
  });

  it('makes one evidence folder per attempt', async () => {
    const posts = await store();
    const dir = await posts.evidenceDir('20261203-aaaaaaaaaa', 'ai', '20261203T080000000Z-abcd');
    expect(dir).toMatch(
      /posts[/\\]20261203-aaaaaaaaaa[/\\]evidence[/\\]ai_20261203T080000000Z-abcd$/,
    );
  });
});

describe('acquireLock', () => {
  it('tells a second run who holds the lock', async () => {
    const dir = await testTempDir('lock');
    const release = await acquireLock(dir, 'batch', { runId: 'run-one', what: 'the data dir' });
    await expect(
      acquireLock(dir, 'batch', { runId: 'run-two', what: 'the data dir' }),
    ).rejects.toThrow(/in use by another run \(run run-one, pid \d+/);
    await release();
    const again = await acquireLock(dir, 'batch', { runId: 'run-two', what: 'the data dir' });
    await again();
  });
});
