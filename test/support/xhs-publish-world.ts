import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { connectToChrome, type ChromeSession } from '../../src/browser/connect.js';
import { XhsNewsError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import {
  createXiaohongshuPublisher,
  type XiaohongshuPublisherOptions,
} from '../../src/publish/xiaohongshu/publish.js';
import type { PublishContext } from '../../src/publish/publisher.js';
import { newRunId } from '../../src/records/ids.js';
import type { PostRecord } from '../../src/records/post-record.js';
import { PostStore } from '../../src/records/store.js';
import { startXhsFake, type DraftRecord, type XhsFake } from '../fakes/xiaohongshu/index.js';
import {
  writeTestPost,
  type TestPost,
  type TestPostChange,
} from '../fakes/xiaohongshu/test-posts.js';
import { launchTestChrome, type TestChrome } from './chromium.js';

/**
 * A fake creator center, a Chromium that reaches it by its real name, a connection to that
 * Chromium and a data dir, for every test of the file that calls {@link useXhsPublishWorld};
 * the page is set back to normal after each test.
 */
export function useXhsPublishWorld() {
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

  const publisher = (change: Partial<XiaohongshuPublisherOptions> = {}) =>
    createXiaohongshuPublisher({
      session,
      profile: chrome.cdpUrl,
      maxAttempts: 2,
      retrySleepMs: 100,
      uploadTimeoutPerImageMs: 5_000,
      stepTimeoutMs: 5_000,
      log: silentLogger(),
      ...change,
    });

  const context = (): PublishContext => ({
    store,
    runId: newRunId(),
    signal: AbortSignal.timeout(60_000),
    log: silentLogger(),
  });

  const readDrafts = () => fake.readDrafts(chrome.cdpUrl);
  /** This test's events of `type`. */
  const eventsOf = (type: string) =>
    fake.events.slice(eventsMark).filter((event) => event.type === type);

  const newDraftsSince = async (before: readonly DraftRecord[]): Promise<DraftRecord[]> => {
    const known = new Set(before.map((draft) => draft.key));
    return (await readDrafts()).filter((draft) => !known.has(draft.key));
  };

  return {
    get fake() {
      return fake;
    },
    get chrome() {
      return chrome;
    },
    get session() {
      return session;
    },
    get store() {
      return store;
    },
    publisher,
    context,
    readDrafts,
    eventsOf,
    makePost: (change: TestPostChange = {}): Promise<TestPost> => {
      postCount += 1;
      return writeTestPost(store, postCount, change);
    },
    newDraftsSince,
    /**
     * Drafts `record`, then publishes it again as a later run would after a crash between the
     * save and the record: the record knows of one attempt and no draft.
     */
    publishAgainAfterCrash: async (record: PostRecord) => {
      const saved = await publisher().publish(record, context());
      const before = await readDrafts();
      const unconfirmed = await store.write({
        ...record,
        platform: { xiaohongshu: { attempts: 1, errors: [] } },
      });
      const again = await publisher().publish(unconfirmed, context());
      return { saved, again, newDrafts: await newDraftsSince(before) };
    },
    publishFails: async (
      record: PostRecord,
      options: Partial<XiaohongshuPublisherOptions> = {},
    ): Promise<XhsNewsError> => {
      const error = await publisher(options)
        .publish(record, context())
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
      expect(error).toBeInstanceOf(XhsNewsError);
      return error as XhsNewsError;
    },
    expectNoBotTrapTouched: (): void => {
      expect(eventsOf('honeypot_clicked')).toEqual([]);
      expect(eventsOf('session_spoiled')).toEqual([]);
      expect(eventsOf('publish_pressed')).toEqual([]);
      const tabs = eventsOf('tab_click').map((event) => event.detail);
      expect(tabs).not.toContain('decoy');
      expect(tabs).not.toContain('honeypot');
    },
  };
}
