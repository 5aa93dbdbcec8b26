import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToChrome, type ChromeSession } from '../../src/browser/connect.js';
import { XhsNewsError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { describeXhsProfile, diagnoseXiaohongshu } from '../../src/publish/xiaohongshu/diagnose.js';
import {
  createXiaohongshuPublisher,
  type XiaohongshuPublisherOptions,
} from '../../src/publish/xiaohongshu/publish.js';
import type { PublishContext } from '../../src/publish/publisher.js';
import { DEFAULT_XHS_SELECTORS } from '../../src/publish/xiaohongshu/selectors.js';
import { newRunId } from '../../src/records/ids.js';
import type { PostRecord } from '../../src/records/post-record.js';
import { PostStore } from '../../src/records/store.js';
import { launchTestChrome, type TestChrome } from '../support/chromium.js';
import { startXhsFake, type DraftRecord, type XhsFake } from '../fakes/xiaohongshu/index.js';
import {
  writeTestPost,
  type TestPost,
  type TestPostChange,
} from '../fakes/xiaohongshu/test-posts.js';

let fake: XhsFake;
let chrome: TestChrome;
let session: ChromeSession;
let dataDir: string;
let store: PostStore;
let postCount = 0;
/** Where this test's events start in the fake's log. */
let eventsMark = 0;

beforeAll(async () => {
  fake = await startXhsFake({ previewMs: 200, topicSuggestMs: 200, saveMs: 100 });
  chrome = await launchTestChrome({ 'creator.xiaohongshu.com': fake.port });
  session = await connectToChrome(chrome.cdpUrl, AbortSignal.timeout(30_000));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xhs-draft-e2e-'));
  store = new PostStore(dataDir);
});

afterAll(async () => {
  await session?.disconnect();
  await chrome?.close();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  eventsMark = fake.events.length;
});

afterEach(() => {
  fake.setPageState('ok');
  fake.setUploadDelayMs(fake.timing.previewMs);
  fake.dropNextSaves(0);
  fake.setDraftShape('draft_store');
  fake.setPageVariant({});
});

function publisher(change: Partial<XiaohongshuPublisherOptions> = {}) {
  return createXiaohongshuPublisher({
    session,
    profile: chrome.cdpUrl,
    maxAttempts: 2,
    retrySleepMs: 100,
    uploadTimeoutPerImageMs: 5_000,
    stepTimeoutMs: 5_000,
    log: silentLogger(),
    ...change,
  });
}

function context(): PublishContext {
  return { store, runId: newRunId(), signal: AbortSignal.timeout(60_000), log: silentLogger() };
}

async function makePost(change: TestPostChange = {}): Promise<TestPost> {
  postCount += 1;
  return writeTestPost(store, postCount, change);
}

const readDrafts = () => fake.readDrafts(chrome.cdpUrl);
/** This test's events of `type`. */
const eventsOf = (type: string) =>
  fake.events.slice(eventsMark).filter((event) => event.type === type);

async function newDraftsSince(before: readonly DraftRecord[]): Promise<DraftRecord[]> {
  const known = new Set(before.map((draft) => draft.key));
  return (await readDrafts()).filter((draft) => !known.has(draft.key));
}

async function publishFails(
  record: PostRecord,
  options: Partial<XiaohongshuPublisherOptions> = {},
) {
  const error = await publisher(options)
    .publish(record, context())
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(XhsNewsError);
  return error as XhsNewsError;
}

function expectNoBotTrapTouched(): void {
  expect(eventsOf('honeypot_clicked')).toEqual([]);
  expect(eventsOf('session_spoiled')).toEqual([]);
  expect(eventsOf('publish_pressed')).toEqual([]);
  expect(eventsOf('tab_click').map((event) => event.detail)).not.toContain('decoy');
  expect(eventsOf('tab_click').map((event) => event.detail)).not.toContain('honeypot');
}

describe('saving a post as a draft', () => {
  it('makes exactly one draft with our title, body, topics and images, in our own tab', async () => {
    const { record, hashes } = await makePost({ imageCount: 3 });
    const userTab = await session.context.newPage();
    const tabsBefore = session.context.pages().length;
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
      profile: chrome.cdpUrl,
      attempts: 1,
      errors: [],
    });
    expect(saved.platform.xiaohongshu?.draft_saved_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expectNoBotTrapTouched();
    expect(userTab.isClosed()).toBe(false);
    expect(session.context.pages()).toHaveLength(tabsBefore);
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
    const evidence = path.join(store.postDir(record.id), 'evidence');
    const [folder] = await readdir(evidence);
    const attempt = JSON.parse(
      await readFile(path.join(evidence, folder ?? '', 'attempt.json'), 'utf8'),
    ) as { topics_unconverted?: string[] };
    expect(attempt.topics_unconverted).toEqual(['科技']);
  });

  it('keeps evidence of the attempt without the session cookie', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    await publisher().publish(record, context());

    const evidenceRoot = path.join(store.postDir(record.id), 'evidence');
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
    const cookies = await session.context.cookies('https://creator.xiaohongshu.com');
    const sessionValue = cookies.find((cookie) => cookie.name === 'web_session')?.value;
    expect(sessionValue).toBeTruthy();
    for (const name of ['attempt.json', 'page.html', 'console.txt']) {
      expect(await readFile(path.join(dir, name), 'utf8')).not.toContain(sessionValue);
    }
  });

  it('waits for slow uploads', async () => {
    const { record, hashes } = await makePost({ imageCount: 2, topics: [] });
    fake.setUploadDelayMs(1_500);
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
    const saved = await publisher().publish(record, context());
    const before = await readDrafts();
    // As if that run had stopped after the save and before writing the record.
    const unconfirmed = await store.write({
      ...record,
      platform: { xiaohongshu: { attempts: 1, errors: [] } },
    });

    const again = await publisher().publish(unconfirmed, context());

    expect(await newDraftsSince(before)).toEqual([]);
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

  it('refuses a title over 40 units before opening the page, and records why', async () => {
    const { record } = await makePost({ title: `${'长'.repeat(20)}!` });
    const views = eventsOf('page_view').length;

    const error = await publishFails(record);

    expect(error.code).toBe('draft_invalid');
    expect(error.message).toContain('41 units');
    expect(eventsOf('page_view')).toHaveLength(views);
    expect((await store.read(record.id))?.platform.xiaohongshu?.failed_code).toBe('draft_invalid');
  });
});

describe('failures', () => {
  it('stops with not_logged_in when the page sends us to the login page', async () => {
    const { record } = await makePost();
    fake.setPageState('logged_out');

    const error = await publishFails(record);

    expect(error.code).toBe('not_logged_in');
    expect(error.scope).toBe('run');
    const stored = await store.read(record.id);
    expect(stored?.status).toBe('image_ready');
    expect(stored?.platform.xiaohongshu).toMatchObject({
      attempts: 1,
      failed_code: 'not_logged_in',
    });
  });

  it('stops with page_changed on a redesigned page, clicking nothing it does not know', async () => {
    const { record } = await makePost();
    fake.setPageState('redesigned');
    const uploads = eventsOf('upload').length;

    const error = await publishFails(record);

    expect(error.code).toBe('page_changed');
    expect(error.step).toBe('find image tab');
    expect(eventsOf('upload')).toHaveLength(uploads);
  });

  it('stops with risk_control without a second attempt', async () => {
    const { record } = await makePost();
    fake.setPageState('risk_control');
    const views = eventsOf('page_view').length;

    const error = await publishFails(record);

    expect(error.code).toBe('risk_control');
    expect(eventsOf('page_view').length - views).toBe(1);
    expect((await store.read(record.id))?.platform.xiaohongshu?.attempts).toBe(1);
  });

  it('stops with risk_control when the API answers HTTP 200 with a risk-control code', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    fake.setPageState('risk_code');

    const error = await publishFails(record);

    expect(error.code).toBe('risk_control');
    expect(error.message).toContain('code -9136');
    expect(eventsOf('page_view')).toHaveLength(1);
    expect((await store.read(record.id))?.platform.xiaohongshu?.attempts).toBe(1);
  });

  it('gives upload_timeout after every attempt when previews never come in time', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    fake.setUploadDelayMs(4_000);

    const error = await publishFails(record, { uploadTimeoutPerImageMs: 1_000 });

    expect(error.code).toBe('upload_timeout');
    const stored = await store.read(record.id);
    expect(stored?.platform.xiaohongshu?.errors.map((e) => e.code)).toEqual([
      'upload_timeout',
      'upload_timeout',
    ]);
  });

  it('reports unconfirmed saves as failed, not drafted, after every attempt', async () => {
    const { record } = await makePost({ imageCount: 1, topics: ['每日新闻'] });
    fake.dropNextSaves(5);
    const before = await readDrafts();
    const saves = eventsOf('save_draft').length;

    const error = await publishFails(record, { stepTimeoutMs: 3_000 });

    expect(error.code).toBe('save_unconfirmed');
    expect(eventsOf('save_draft').length - saves).toBe(2);
    expect(await newDraftsSince(before)).toEqual([]);
    const stored = await store.read(record.id);
    expect(stored?.status).not.toBe('drafted');
    expect(stored?.platform.xiaohongshu).toMatchObject({
      attempts: 2,
      failed_code: 'save_unconfirmed',
    });
    expect(stored?.platform.xiaohongshu?.draft_saved_at).toBeUndefined();
  });

  it('makes exactly one draft when the first save is lost and the second lands', async () => {
    const { record, hashes } = await makePost({ imageCount: 2, topics: [] });
    fake.dropNextSaves(1);
    const before = await readDrafts();

    const saved = await publisher({ stepTimeoutMs: 3_000 }).publish(record, context());

    const drafts = await newDraftsSince(before);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.images).toEqual(hashes);
    expect(saved.platform.xiaohongshu).toMatchObject({ attempts: 2, draft_key: drafts[0]?.key });
    expect(saved.platform.xiaohongshu?.errors.map((e) => e.code)).toEqual(['save_unconfirmed']);
  });
});

describe('a save whose confirmation fails', () => {
  it('looks in IndexedDB before saving again and takes the draft the first save left', async () => {
    const { record, hashes } = await makePost({ imageCount: 1, topics: [] });
    fake.busyDatabaseAfterNextSaves(1);
    const before = await readDrafts();

    const saved = await publisher({ stepTimeoutMs: 3_000 }).publish(record, context());

    const drafts = await newDraftsSince(before);
    expect(drafts.map((draft) => draft.images)).toEqual([hashes]);
    expect(eventsOf('save_draft')).toHaveLength(1);
    expect(saved.status).toBe('drafted');
    expect(saved.platform.xiaohongshu).toMatchObject({ attempts: 1, draft_key: drafts[0]?.key });
    const [failed, ...more] = saved.platform.xiaohongshu?.errors ?? [];
    expect(more).toEqual([]);
    expect(failed?.code).toBe('save_unconfirmed');
    expect(failed?.message).toContain('last read error: a read of the drafts was still waiting');
  });

  it('does not save again when the look before the retry finds a new record it cannot read', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    fake.setDraftShape('unknown');
    fake.busyDatabaseAfterNextSaves(1);
    const before = await readDrafts();

    const error = await publishFails(record, { stepTimeoutMs: 3_000 });

    expect(error.code).toBe('page_changed');
    expect(error.message).toContain('草稿箱');
    expect(eventsOf('save_draft')).toHaveLength(1);
    expect(await newDraftsSince(before)).toHaveLength(1);
  });

  it('reports a spoiled session that shows 暂存成功 but keeps nothing as failed, never drafted', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    // Someone clicked a honeypot in this profile: the site now quietly keeps no draft.
    const page = await session.context.newPage();
    await page.goto(DEFAULT_XHS_SELECTORS.publishUrl);
    await page.locator('[data-hp-kind]', { hasText: '上传图文' }).dispatchEvent('click');
    await expect.poll(() => eventsOf('session_spoiled').length).toBe(1);
    await page.close();
    const before = await readDrafts();

    try {
      const error = await publishFails(record, { stepTimeoutMs: 3_000 });

      expect(error.code).toBe('save_unconfirmed');
      expect(eventsOf('save_request').map((event) => event.detail)).toEqual(['spoiled', 'spoiled']);
      expect(await newDraftsSince(before)).toEqual([]);
      const stored = await store.read(record.id);
      expect(stored?.status).toBe('image_ready');
      expect(stored?.platform.xiaohongshu?.draft_saved_at).toBeUndefined();
    } finally {
      // A fresh session for the tests that follow.
      await session.context.clearCookies({ name: 'web_session' });
    }
  });
});

describe('how the page stores drafts', () => {
  it('confirms a draft stored under liveContext and noteImageConfig that carries no time', async () => {
    const { record, hashes } = await makePost({ imageCount: 2, topics: [] });
    fake.setDraftShape('live_context');
    const before = await readDrafts();

    const saved = await publisher().publish(record, context());

    const drafts = await newDraftsSince(before);
    expect(drafts.map((draft) => [draft.title, draft.images, draft.savedAt])).toEqual([
      [record.content.title, hashes, undefined],
    ]);
    expect(saved.platform.xiaohongshu).toMatchObject({ attempts: 1, draft_key: drafts[0]?.key });
  });

  it("takes an earlier run's draft by title and image count when the record carries no time", async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    fake.setDraftShape('live_context');
    const saved = await publisher().publish(record, context());
    const before = await readDrafts();
    const unconfirmed = await store.write({
      ...record,
      platform: { xiaohongshu: { attempts: 1, errors: [] } },
    });

    const again = await publisher().publish(unconfirmed, context());

    expect(await newDraftsSince(before)).toEqual([]);
    expect(again.platform.xiaohongshu?.draft_key).toBe(saved.platform.xiaohongshu?.draft_key);
  });

  it('does not save again when a new draft record cannot be read, and sends the person to the draft box', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    fake.setDraftShape('unknown');
    const before = await readDrafts();

    const error = await publishFails(record);

    expect(error.code).toBe('page_changed');
    expect(error.message).toContain('草稿箱');
    expect(error.message).toContain(chrome.cdpUrl);
    expect(eventsOf('save_draft')).toHaveLength(1);
    expect(await newDraftsSince(before)).toHaveLength(1);
    expect((await store.read(record.id))?.status).toBe('image_ready');
  });
});

describe('variants of the publish page', () => {
  it('uploads the images one at a time, in order, when the input takes a single file', async () => {
    const { record, hashes } = await makePost({ imageCount: 3, topics: [] });
    fake.setPageVariant({ singleFileInput: true });
    const before = await readDrafts();

    const saved = await publisher().publish(record, context());

    expect(eventsOf('upload').map((event) => event.detail)).toEqual(['1', '1', '1']);
    expect((await newDraftsSince(before)).map((draft) => draft.images)).toEqual([hashes]);
    expect(saved.status).toBe('drafted');
  });

  it('stops with page_changed when the tabs stay but the editor is redesigned, saving nothing', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    fake.setPageVariant({ redesignedEditor: true });

    const error = await publishFails(record, { stepTimeoutMs: 2_000 });

    expect(error.code).toBe('page_changed');
    expect(error.step).toBe('find body editor');
    expect(eventsOf('save_draft')).toEqual([]);
    expectNoBotTrapTouched();
  });

  it('stops with page_changed when the button host is gone, pressing neither button', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    fake.setPageVariant({ redesignedButtons: true });

    const error = await publishFails(record, { stepTimeoutMs: 2_000 });

    expect(error.code).toBe('page_changed');
    expect(error.step).toBe('wait for save button');
    expect(eventsOf('save_draft')).toEqual([]);
    expectNoBotTrapTouched();
  });
});

describe('doctor', () => {
  it('finds the login and the publish page structure', async () => {
    const checks = await diagnoseXiaohongshu(session, undefined, AbortSignal.timeout(30_000), {
      stepTimeoutMs: 5_000,
    });
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['creator center: logged in', true],
      ['creator center: publish page', true],
    ]);
    expectNoBotTrapTouched();
  });

  it('says how to log in when the page sends us to the login page', async () => {
    fake.setPageState('logged_out');
    const checks = await diagnoseXiaohongshu(session, undefined, AbortSignal.timeout(30_000), {
      stepTimeoutMs: 5_000,
    });
    expect(checks[0]).toMatchObject({ ok: false });
    expect(checks[0]?.fix).toContain('log in');
    expect(checks[1]?.ok).toBe(false);
  });

  it('names the profile that holds the drafts by its DevTools URL', async () => {
    expect(await describeXhsProfile(session, chrome.cdpUrl)).toMatch(
      new RegExp(`^${chrome.cdpUrl}( \\(${chrome.userDataDir}\\))?$`),
    );
  });

  it('names the redesigned page as the broken part', async () => {
    fake.setPageState('redesigned');
    const checks = await diagnoseXiaohongshu(session, undefined, AbortSignal.timeout(30_000), {
      stepTimeoutMs: 2_000,
    });
    expect(checks.map((check) => check.ok)).toEqual([true, false]);
    expect(checks[1]?.fix).toContain('selectors');
  });
});
