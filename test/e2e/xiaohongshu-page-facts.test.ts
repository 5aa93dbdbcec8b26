import { describe, expect, it } from 'vitest';
import { describeXhsProfile, diagnoseXiaohongshu } from '../../src/publish/xiaohongshu/diagnose.js';
import { DEFAULT_XHS_SELECTORS } from '../../src/publish/xiaohongshu/selectors.js';
import { useXhsPublishWorld } from '../support/xhs-publish-world.js';

const world = useXhsPublishWorld();
const { publisher, context, makePost, readDrafts, eventsOf, newDraftsSince, publishFails } = world;
const { expectNoBotTrapTouched } = world;

describe('a save whose confirmation fails', () => {
  it('looks in IndexedDB before saving again and takes the draft the first save left', async () => {
    const { record, hashes } = await makePost({ imageCount: 1, topics: [] });
    world.fake.busyDatabaseAfterNextSaves(1);
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
    world.fake.setDraftShape('unknown');
    world.fake.busyDatabaseAfterNextSaves(1);
    const before = await readDrafts();

    const error = await publishFails(record, { stepTimeoutMs: 3_000 });

    expect(error.code).toBe('page_changed');
    expect(error.message).toContain('草稿箱');
    expect(eventsOf('save_draft')).toHaveLength(1);
    expect(await newDraftsSince(before)).toHaveLength(1);
  });

  it('reports a spoiled world.session that shows 暂存成功 but keeps nothing as failed, never drafted', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    // Someone clicked a honeypot in this profile: the site now quietly keeps no draft.
    const page = await world.session.context.newPage();
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
      const stored = await world.store.read(record.id);
      expect(stored?.status).toBe('image_ready');
      expect(stored?.platform.xiaohongshu?.draft_saved_at).toBeUndefined();
    } finally {
      // A fresh world.session for the tests that follow.
      await world.session.context.clearCookies({ name: 'web_session' });
    }
  });
});

describe('how the page stores drafts', () => {
  it('confirms a draft stored under liveContext and noteImageConfig that carries no time', async () => {
    const { record, hashes } = await makePost({ imageCount: 2, topics: [] });
    world.fake.setDraftShape('live_context');
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
    world.fake.setDraftShape('live_context');

    const { saved, again, newDrafts } = await world.publishAgainAfterCrash(record);

    expect(newDrafts).toEqual([]);
    expect(again.platform.xiaohongshu?.draft_key).toBe(saved.platform.xiaohongshu?.draft_key);
  });

  it('does not save again when a new draft record cannot be read, and sends the person to the draft box', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    world.fake.setDraftShape('unknown');
    const before = await readDrafts();

    const error = await publishFails(record);

    expect(error.code).toBe('page_changed');
    expect(error.message).toContain('草稿箱');
    expect(error.message).toContain(world.chrome.cdpUrl);
    expect(eventsOf('save_draft')).toHaveLength(1);
    expect(await newDraftsSince(before)).toHaveLength(1);
    expect((await world.store.read(record.id))?.status).toBe('image_ready');
  });
});

describe('variants of the publish page', () => {
  it('uploads the images one at a time, in order, when the input takes a single file', async () => {
    const { record, hashes } = await makePost({ imageCount: 3, topics: [] });
    world.fake.setPageVariant({ singleFileInput: true });
    const before = await readDrafts();

    const saved = await publisher().publish(record, context());

    expect(eventsOf('upload').map((event) => event.detail)).toEqual(['1', '1', '1']);
    expect((await newDraftsSince(before)).map((draft) => draft.images)).toEqual([hashes]);
    expect(saved.status).toBe('drafted');
  });

  it('stops with page_changed when the tabs stay but the editor is redesigned, saving nothing', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    world.fake.setPageVariant({ redesignedEditor: true });

    const error = await publishFails(record, { stepTimeoutMs: 2_000 });

    expect(error.code).toBe('page_changed');
    expect(error.step).toBe('find body editor');
    expect(eventsOf('save_draft')).toEqual([]);
    expectNoBotTrapTouched();
  });

  it('stops with page_changed when the button host is gone, pressing neither button', async () => {
    const { record } = await makePost({ imageCount: 1, topics: [] });
    world.fake.setPageVariant({ redesignedButtons: true });

    const error = await publishFails(record, { stepTimeoutMs: 2_000 });

    expect(error.code).toBe('page_changed');
    expect(error.step).toBe('wait for save button');
    expect(eventsOf('save_draft')).toEqual([]);
    expectNoBotTrapTouched();
  });
});

describe('doctor', () => {
  it('finds the login and the publish page structure', async () => {
    const checks = await diagnoseXiaohongshu(
      world.session,
      undefined,
      AbortSignal.timeout(30_000),
      {
        stepTimeoutMs: 5_000,
      },
    );
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['creator center: logged in', true],
      ['creator center: publish page', true],
    ]);
    expectNoBotTrapTouched();
  });

  it.each(['logged_out', 'session_expired'] as const)(
    'says how to log in when the page is %s and sends us to the login page',
    async (state) => {
      world.fake.setPageState(state);
      const checks = await diagnoseXiaohongshu(
        world.session,
        undefined,
        AbortSignal.timeout(30_000),
        {
          stepTimeoutMs: 5_000,
        },
      );
      expect(checks[0]).toMatchObject({ ok: false });
      expect(checks[0]?.fix).toContain('log in');
      expect(checks[1]?.ok).toBe(false);
    },
  );

  it('names the profile that holds the drafts by its DevTools URL and its folder', async () => {
    const tabsBefore = world.session.context.pages().length;
    const profile = await describeXhsProfile(world.session, world.chrome.cdpUrl);
    expect(profile.startsWith(`${world.chrome.cdpUrl} (${world.chrome.userDataDir}`)).toBe(true);
    expect(world.session.context.pages()).toHaveLength(tabsBefore);
  });

  it('names the redesigned page as the broken part', async () => {
    world.fake.setPageState('redesigned');
    const checks = await diagnoseXiaohongshu(
      world.session,
      undefined,
      AbortSignal.timeout(30_000),
      {
        stepTimeoutMs: 2_000,
      },
    );
    expect(checks.map((check) => check.ok)).toEqual([true, false]);
    expect(checks[1]?.fix).toContain('selectors');
  });
});
