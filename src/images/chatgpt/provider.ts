import type { ChromeSession } from '../../browser/connect.js';
import type { Logger } from '../../log.js';
import type { ImageProvider } from '../provider.js';
import { runChatgptAttempt } from './attempt.js';
import { recoverChatgptImage } from './recover.js';
import type { Selectors } from './selectors.js';

export interface ChatgptProviderOptions {
  /** The user's Chrome, connected once by the batch (which also holds the profile lock). */
  session: ChromeSession;
  /** Budget of one whole attempt, from `CHATGPT_IMAGE_TIMEOUT_S` (default 300 s). */
  attemptTimeoutMs: number;
  /** Smallest acceptable image file, from `CHATGPT_IMAGE_MIN_BYTES` (default 50 000). */
  minBytes: number;
  /**
   * Manual mode: how long a person may take to pass a Cloudflare check or log in, with the
   * attempt budget paused meanwhile (`CHATGPT_MANUAL_TIMEOUT_S`, default 600 s). Undefined turns
   * manual mode off: those pages stop the run at once.
   */
  manualTimeoutMs?: number;
  /** From `loadSelectors(dataDir)`. */
  selectors: Selectors;
  log: Logger;
}

/**
 * The `chatgpt_images` provider: each attempt makes one image in a new chat of the user's
 * logged-in ChatGPT, in a tab of its own that it closes afterwards. It neither connects nor
 * locks, and `close()` leaves the user's browser and tabs alone.
 */
export function createChatgptProvider(options: ChatgptProviderOptions): ImageProvider {
  const deps = {
    session: options.session,
    attemptTimeoutMs: options.attemptTimeoutMs,
    minBytes: options.minBytes,
    manualTimeoutMs: options.manualTimeoutMs,
    selectors: options.selectors,
    log: options.log.child({ component: 'chatgpt' }),
  };
  return {
    name: 'chatgpt_images',
    attempt: (request, context) => runChatgptAttempt(deps, request, context),
    recover: (request, url, context) => recoverChatgptImage(deps, request, url, context),
    // The batch owns the connection and the lock; each attempt already closed its own tab.
    close: () => Promise.resolve(),
  };
}
