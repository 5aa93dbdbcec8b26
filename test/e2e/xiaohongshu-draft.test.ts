import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_XHS_SELECTORS } from '../../src/publish/xiaohongshu/selectors.js';
import type { PostRecord } from '../../src/records/post-record.js';
import { useXhsPublishWorld } from '../support/xhs-publish-world.js';

const world = useXhsPublishWorld();
const { publisher, context, makePost, readDrafts, eventsOf, newDraftsSince, publishFails } = world;
const { expectNoBotTrapTouched } = world;

describe('saving a post as a draft', () => {
  it('makes exactly one draft with our title, body, topics and images, in our own tab', async () => {
    const { record, hashes } = await makePost({ imageCount: 3 });
    const userTab = await world.session.context.newPage();
    const tabsBefore = world.session.context.pages().length;
    const before = await readDrafts();

    const saved = await publisher().publish(record, context());

    const [draft, ...more] = await newDraftsSince(before);
    expect(more).toEqual([]);
    expect(draft?.title).toBe(record.content.title);
    expect(draft?.body.replaceAll(/\s+/g, '')).toContain(
      record.content.body.replaceAll(/\s+/g, ''),
    );
    expect(draft?.topics).toEqual(['每日新闻', '科技']);
    expect(draft?.images).toEqual(hashes);
    expect(saved.status).toBe('drafted');
    expect(saved.platform.xiaohongshu).toMatchObject({
      draft_key: draft?.key,
      images_uploaded: 3,
      topics_converted: ['每日新闻', '科技'],
      profile: world.chrome.cdpUrl,
      attempts: 1,
      errors: [],
    });
    expect(saved.platform.xiaohongshu?.draft_saved_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expectNoBotTrapTouched();
    expect(userTab.isClosed()).toBe(false);
    expect(world.session.context.pages()).toHaveLength(tabsBefore);
    await userTab.close();
  });

  it('saves without a topic the page did not convert, removing its typed text and saying so', async () => {
    const { record } = await makePost({ imageCount: 1, topics: ['科技'] });
    const before = await readDrafts();
    // Selectors that never see the dropdown stand for a page that offers no such topic.
    const selectors = { ...DEFAULT_XHS_SELECTORS, topicItems: ['#no-such-topic-list .item'] };

    const saved = await publisher({ selectors, stepTimeoutMs: 2_000 }).publish(record, context());

    const [draft] = await newDraftsSince(before);
    expect(draft?.topics).toEqual([]);
    expect(draft?.body).not.toContain('#科技');
    const compact = (text: string) => text.replaceAll(/\s+/g, '');
    expect(compact(draft?.body ?? '')).toBe(compact(record.content.body));
    expect(saved.platform.xiaohongshu?.topics_converted).toEqual([]);
    expect(saved.platform.xiaohongshu?.topics_unconverted).toEqual(['科技']);
    const evidence = path.join(world.store.postDir(record.id), 'evidence');
    const [folder] = await readdir(evidence);
    const attempt = JSON.parse(
      await readFile(path.join(evidence, folder ?? '', 'attempt.json'), 'utf8'),
    ) as { topics_unconverted?: string[] };
    expect(attempt.topics_unconverted).toEqual(['科技']);
  });

  it('keeps evidence of the attempt without the world.session cookie', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    await publisher().publish(record, context());

    const evidenceRoot = path.join(world.store.postDir(record.id), 'evidence');
    const [folder, ...others] = await readdir(evidenceRoot);
    expect(others).toEqual([]);
    expect(folder).toMatch(/^xhs_/);
    const dir = path.join(evidenceRoot, folder ?? '');
    expect((await readdir(dir)).sort()).toEqual(
      ['attempt.json', 'console.txt', 'page.html', 'screenshot.png'].sort(),
    );
    const attempt = JSON.parse(await readFile(path.join(dir, 'attempt.json'), 'utf8')) as {
      outcome: string;
      steps: { step: string }[];
    };
    expect(attempt.outcome).toBe('ok');
    expect(attempt.steps.map((s) => s.step)).toContain('draft confirmed');
    const cookies = await world.session.context.cookies('https://creator.xiaohongshu.com');
    const sessionValue = cookies.find((cookie) => cookie.name === 'web_session')?.value;
    expect(sessionValue).toBeTruthy();
    for (const name of ['attempt.json', 'page.html', 'console.txt']) {
      expect(await readFile(path.join(dir, name), 'utf8')).not.toContain(sessionValue);
    }
  });

  it('waits for slow uploads', async () => {
    const { record, hashes } = await makePost({ imageCount: 2, topics: [] });
    world.fake.setUploadDelayMs(1_500);
    const before = await readDrafts();
    const saved = await publisher().publish(record, context());
    expect(saved.status).toBe('drafted');
    expect(saved.platform.xiaohongshu?.attempts).toBe(1);
    expect((await newDraftsSince(before)).map((draft) => draft.images)).toEqual([hashes]);
  });

  it('adds no draft when run again on a drafted post', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    const saved = await publisher().publish(record, context());
    const before = await readDrafts();
    const views = eventsOf('page_view').length;

    const again = await publisher().publish(saved, context());

    expect(again).toEqual(saved);
    expect(await newDraftsSince(before)).toEqual([]);
    expect(eventsOf('page_view')).toHaveLength(views);
  });

  it('takes the draft an earlier run saved but never confirmed, instead of saving another', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });

    const { saved, again, newDrafts } = await world.publishAgainAfterCrash(record);

    expect(newDrafts).toEqual([]);
    expect(again.status).toBe('drafted');
    expect(again.platform.xiaohongshu?.draft_key).toBe(saved.platform.xiaohongshu?.draft_key);
  });
});

describe('posts that must not be uploaded', () => {
  it('never uploads a post whose image was given up', async () => {
    const { record } = await makePost({ imageCount: 1 });
    const givenUp: PostRecord = {
      ...record,
      platform: {
        image_generate: { provider: 'chatgpt_images', attempts: 3, errors: [], give_up: true },
      },
    };
    const views = eventsOf('page_view').length;
    const uploads = eventsOf('upload').length;

    const error = await publishFails(givenUp);

    expect(error.code).toBe('draft_invalid');
    expect(eventsOf('page_view')).toHaveLength(views);
    expect(eventsOf('upload')).toHaveLength(uploads);
  });

  it('saves nothing when the page counts the body over its limit though our count passed', async () => {
    // 50 emoji count 50 characters to us and 100 UTF-16 units to the page: 1010 in all.
    const body = `${'新'.repeat(910)}${'📰'.repeat(50)}`;
    const { record } = await makePost({ body, topics: [] });
    const saves = eventsOf('save_draft').length;

    const error = await publishFails(record);

    expect(error.code).toBe('draft_invalid');
    expect(error.message).toContain('the page says the body is too long');
    expect(eventsOf('save_draft')).toHaveLength(saves);
  });

  it('refuses a title over 40 units before opening the page, and records why', async () => {
    const { record } = await makePost({ title: `${'长'.repeat(20)}!` });
    const views = eventsOf('page_view').length;

    const error = await publishFails(record);

    expect(error.code).toBe('draft_invalid');
    expect(error.message).toContain('41 units');
    expect(eventsOf('page_view')).toHaveLength(views);
    expect((await world.store.read(record.id))?.platform.xiaohongshu?.failed_code).toBe(
      'draft_invalid',
    );
  });
});

describe('failures', () => {
  it('stops with not_logged_in when the page sends us to the login page', async () => {
    const { record } = await makePost();
    world.fake.setPageState('logged_out');

    const error = await publishFails(record);

    expect(error.code).toBe('not_logged_in');
    expect(error.scope).toBe('run');
    const stored = await world.store.read(record.id);
    expect(stored?.status).toBe('image_ready');
    expect(stored?.platform.xiaohongshu).toMatchObject({
      attempts: 1,
      failed_code: 'not_logged_in',
    });
  });

  it('stops with not_logged_in when the page itself goes to the login page after loading', async () => {
    const { record } = await makePost();
    world.fake.setPageState('session_expired');

    const error = await publishFails(record);

    expect(error.code).toBe('not_logged_in');
    expect(error.message).toContain('log in at https://creator.xiaohongshu.com');
    expect(eventsOf('page_view').some((e) => e.detail === '/login')).toBe(true);
  });

  it('stops with page_changed on a redesigned page, clicking nothing it does not know', async () => {
    const { record } = await makePost();
    world.fake.setPageState('redesigned');
    const uploads = eventsOf('upload').length;

    const error = await publishFails(record);

    expect(error.code).toBe('page_changed');
    expect(error.step).toBe('find image tab');
    expect(eventsOf('upload')).toHaveLength(uploads);
  });

  it('stops with risk_control without a second attempt', async () => {
    const { record } = await makePost();
    world.fake.setPageState('risk_control');
    const views = eventsOf('page_view').length;

    const error = await publishFails(record);

    expect(error.code).toBe('risk_control');
    expect(eventsOf('page_view').length - views).toBe(1);
    expect((await world.store.read(record.id))?.platform.xiaohongshu?.attempts).toBe(1);
  });

  it('stops with risk_control when the API answers HTTP 200 with a risk-control code', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    world.fake.setPageState('risk_code');

    const error = await publishFails(record);

    expect(error.code).toBe('risk_control');
    expect(error.message).toContain('code -9136');
    expect(eventsOf('page_view')).toHaveLength(1);
    expect((await world.store.read(record.id))?.platform.xiaohongshu?.attempts).toBe(1);
  });

  it('gives upload_timeout after every attempt when previews never come in time', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    world.fake.setUploadDelayMs(4_000);

    const error = await publishFails(record, { uploadTimeoutPerImageMs: 1_000 });

    expect(error.code).toBe('upload_timeout');
    const stored = await world.store.read(record.id);
    expect(stored?.platform.xiaohongshu?.errors.map((e) => e.code)).toEqual([
      'upload_timeout',
      'upload_timeout',
    ]);
  });

  it('reports unconfirmed saves as failed, not drafted, after every attempt', async () => {
    const { record } = await makePost({ imageCount: 1, topics: ['每日新闻'] });
    world.fake.dropNextSaves(5);
    const before = await readDrafts();
    const saves = eventsOf('save_draft').length;

    const error = await publishFails(record, { stepTimeoutMs: 3_000 });

    expect(error.code).toBe('save_unconfirmed');
    expect(eventsOf('save_draft').length - saves).toBe(2);
    expect(await newDraftsSince(before)).toEqual([]);
    const stored = await world.store.read(record.id);
    expect(stored?.status).not.toBe('drafted');
    expect(stored?.platform.xiaohongshu).toMatchObject({
      attempts: 2,
      failed_code: 'save_unconfirmed',
    });
    expect(stored?.platform.xiaohongshu?.draft_saved_at).toBeUndefined();
  });

  it('makes exactly one draft when the first save is lost and the second lands', async () => {
    const { record, hashes } = await makePost({ imageCount: 2, topics: [] });
    world.fake.dropNextSaves(1);
    const before = await readDrafts();

    const saved = await publisher({ stepTimeoutMs: 3_000 }).publish(record, context());

    const drafts = await newDraftsSince(before);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.images).toEqual(hashes);
    expect(saved.platform.xiaohongshu).toMatchObject({ attempts: 2, draft_key: drafts[0]?.key });
    expect(saved.platform.xiaohongshu?.errors.map((e) => e.code)).toEqual(['save_unconfirmed']);
  });
});
