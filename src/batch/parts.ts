import type { Config } from '../config/index.js';
import { connectToChrome, type ChromeSession } from '../browser/connect.js';
import { createCardProvider } from '../images/card/provider.js';
import { createChatgptProvider } from '../images/chatgpt/provider.js';
import { loadSelectors } from '../images/chatgpt/selectors.js';
import type { ImageProvider } from '../images/provider.js';
import type { Logger } from '../log.js';
import { acquireLock, machineLockDir, profileLockName } from '../records/lock.js';
import { createLocalPublisher } from '../publish/local/publisher.js';
import type { Publisher } from '../publish/publisher.js';
import { describeXhsProfile } from '../publish/xiaohongshu/diagnose.js';
import { createXiaohongshuPublisher } from '../publish/xiaohongshu/publish.js';
import { loadXhsSelectors } from '../publish/xiaohongshu/selector-overrides.js';

export interface Parts {
  provider: ImageProvider;
  publisher: Publisher;
  /** Disconnects from Chrome (which stays open) and releases the profile locks. */
  close(): Promise<void>;
}

/** Pause before a second draft attempt; the page needs a moment after a failed save. */
const DRAFT_RETRY_SLEEP_MS = 2_000;

interface PartsContext {
  runId: string;
  signal: AbortSignal;
  log: Logger;
  dataDir: string;
}

/**
 * Builds the image provider and the publisher the configuration names. A Chrome profile is
 * attached once per run and locked for it: one profile makes one image at a time.
 */
export async function openParts(config: Config, context: PartsContext): Promise<Parts> {
  const sessions = new Sessions(context);
  try {
    const provider = await imageProvider(config, context, sessions);
    const publisher = await draftPublisher(config, context, sessions);
    return {
      provider,
      publisher,
      async close() {
        await provider.close();
        await publisher.close();
        await sessions.close();
      },
    };
  } catch (error) {
    await sessions.close();
    throw error;
  }
}

async function imageProvider(
  config: Config,
  context: PartsContext,
  sessions: Sessions,
): Promise<ImageProvider> {
  if (config.imageProvider === 'card') return createCardProvider();
  const selectors = await loadSelectors(context.dataDir);
  const provider = createChatgptProvider({
    session: await sessions.get(config.chromeCdpUrl),
    attemptTimeoutMs: config.chatgptImageTimeoutS * 1000,
    minBytes: config.chatgptImageMinBytes,
    selectors,
    log: context.log,
    ...(config.manual ? { manualTimeoutMs: config.manualTimeoutS * 1000 } : {}),
  });
  return provider;
}

async function draftPublisher(
  config: Config,
  context: PartsContext,
  sessions: Sessions,
): Promise<Publisher> {
  if (config.publisher === 'local') return createLocalPublisher();
  const selectors = await loadXhsSelectors(context.dataDir);
  const cdpUrl = config.xhsCdpUrl ?? config.chromeCdpUrl;
  const session = await sessions.get(cdpUrl);
  const profile = await describeXhsProfile(session, cdpUrl);
  context.log.info(
    { event: 'xhs_profile', profile },
    `drafts are saved in the Chrome profile at ${profile}; review them in that Chrome`,
  );
  return createXiaohongshuPublisher({
    session,
    profile,
    selectors,
    maxAttempts: config.xhsDraftMaxAttempts,
    retrySleepMs: DRAFT_RETRY_SLEEP_MS,
    uploadTimeoutPerImageMs: config.xhsUploadTimeoutS * 1000,
    stepTimeoutMs: config.xhsStepTimeoutS * 1000,
    log: context.log,
  });
}

/**
 * One connection and one lock per Chrome for the whole run. Two endpoints that reach the same
 * Chrome (127.0.0.1 and localhost, say) share them.
 */
class Sessions {
  private readonly open = new Map<string, ChromeSession>();
  private readonly locks: (() => Promise<void>)[] = [];

  constructor(private readonly context: PartsContext) {}

  async get(cdpUrl: string): Promise<ChromeSession> {
    const session = await connectToChrome(cdpUrl, this.context.signal);
    // The browser's id, not its address: Chrome answers in the host name it was asked by.
    const name = profileLockName(session.browserWsUrl);
    const known = this.open.get(name);
    if (known) {
      await session.disconnect();
      return known;
    }
    try {
      // Locked by the Chrome itself, not by its URL or our data dir: any other run, whatever
      // its --data-dir or however it spells the endpoint, is told this profile is taken.
      this.locks.push(
        await acquireLock(machineLockDir(), name, {
          runId: this.context.runId,
          what: `the Chrome profile at ${cdpUrl}`,
        }),
      );
    } catch (error) {
      await session.disconnect();
      throw error;
    }
    this.open.set(name, session);
    return session;
  }

  async close(): Promise<void> {
    for (const session of this.open.values()) await session.disconnect();
    for (const release of this.locks) await release();
    this.open.clear();
    this.locks.length = 0;
  }
}
