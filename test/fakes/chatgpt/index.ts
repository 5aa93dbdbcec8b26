import { startHttpsServer } from '../../support/https-server.js';
import { BehaviourBook } from './behaviours.js';
import { ConversationBook } from './conversations.js';
import { FileStore, prepareImages } from './images.js';
import { createHandler } from './routes.js';
import { plantSecrets, secretValues } from './secrets.js';
import type { Behaviour, FakeEvent, FakeTiming, PageState } from './types.js';

export type { Behaviour, FakeEvent, FakeTiming, PageState } from './types.js';
export { REPLY_TEXTS } from './behaviours.js';
export { SESSION_COOKIE } from './routes.js';

/**
 * A fake chatgpt.com that behaves like the real page as /work/shared/sites/chatgpt.md describes
 * it, served over HTTPS on loopback. Chromium reaches it by the real URL through
 * `--host-resolver-rules`. Control is on this object only: the page learns everything from the
 * server, so a scripted behaviour follows the prompt text.
 */
export interface ChatgptFake {
  /** Loopback HTTPS port; Chromium maps chatgpt.com:443 here. */
  port: number;
  /** Live durations: changing a field affects the next generation. */
  timing: FakeTiming;
  /** Prompts containing `match` get behaviours[attempt-of-that-match] (the last one repeats). */
  script(match: string, behaviours: Behaviour[]): void;
  /** The behaviour of prompts no script matches (`ok` at start). */
  setDefault(behaviour: Behaviour): void;
  /** What the next page view shows; API calls follow at once. */
  setPageState(state: PageState): void;
  /** Cloudflare/logged-out → ok, as a person solving the check or logging in would. */
  solve(): void;
  /** Everything that happened, in order: 'page_view', 'send' (prompt), 'generation_started',
   *  'preview_shown', 'image_final' (fileId), 'image_fetched' (fileId, with/without session),
   *  'image_complete' (fileId: the page has it loaded in full, once per file),
   *  'stop_pressed', 'tab_closed' (sendBeacon on pagehide), 'refused', 'error_shown', … */
  events: FakeEvent[];
  /** Final image bytes served per file id (the driver's saved original must equal one of these). */
  finalImages: Map<string, Buffer>;
  /** Secret values the fake plants: tests assert none of them appears under the data dir. */
  plantedSecrets: string[];
  close(): Promise<void>;
}

const DEFAULT_TIMING: FakeTiming = {
  generationMs: 2_000,
  slowMs: 15_000,
  deferredMs: 5_000,
  previewEveryMs: 500,
  hydrationMs: 800,
};

/** Starts one fake chatgpt.com with its own images, secrets, scripts and event log. */
export async function startChatgptFake(options: Partial<FakeTiming> = {}): Promise<ChatgptFake> {
  const timing: FakeTiming = { ...DEFAULT_TIMING, ...options };
  const events: FakeEvent[] = [];
  const record = (event: Omit<FakeEvent, 'at'>) => {
    events.push({ at: Date.now(), ...event });
  };
  const secrets = plantSecrets();
  const images = await prepareImages();
  const files = new FileStore();
  const finalImages = new Map<string, Buffer>();
  const behaviours = new BehaviourBook();
  const site: { pageState: PageState } = { pageState: 'ok' };
  const book = new ConversationBook({ timing, files, images, behaviours, finalImages, record });
  const baselineUrl = files.add(images.baseline).url;
  const server = await startHttpsServer(
    createHandler({
      site,
      timing,
      secrets,
      book,
      files,
      baselineUrl,
      record,
      completed: new Set(),
    }),
  );

  return {
    port: server.port,
    timing,
    script: (match, scripted) => behaviours.script(match, scripted),
    setDefault: (behaviour) => behaviours.setDefault(behaviour),
    setPageState: (state) => {
      site.pageState = state;
      record({ type: 'page_state', detail: state });
    },
    solve: () => {
      if (site.pageState === 'cloudflare' || site.pageState === 'logged_out') site.pageState = 'ok';
      record({ type: 'solved', detail: site.pageState });
    },
    events,
    finalImages,
    plantedSecrets: secretValues(secrets),
    close: async () => {
      book.close();
      await server.close();
    },
  };
}
