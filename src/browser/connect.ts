import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { XhsNewsError, errorMessage } from '../errors.js';
import { untilAborted } from '../progress.js';

export interface ChromeSession {
  browser: Browser;
  /** The user's own context: their profile, their logins. */
  context: BrowserContext;
  /**
   * The browser's own DevTools address (`ws://…/devtools/browser/<id>`): one Chrome, one
   * profile, however its endpoint is spelled.
   */
  browserWsUrl: string;
  /** Leaves the user's Chrome running: disconnects only. */
  disconnect(): Promise<void>;
}

const ENDPOINT_CHECK_TIMEOUT_MS = 5_000;
/** Chrome answered `/json/version` just before; attaching to a busy one can still take a while. */
const CONNECT_TIMEOUT_MS = 30_000;

/** What to tell a person whose Chrome does not answer on the DevTools port. */
export function startChromeHelp(cdpUrl: string): string {
  const port = new URL(cdpUrl).port || '9222';
  return [
    `Nothing answers at ${cdpUrl}. Start Chrome with a DevTools port and a dedicated profile`,
    '(Chrome 136 and later ignore the port on the default profile), log in once, and run again:',
    `  xhs-news chrome                      # starts it for you, profile under the data dir`,
    `  google-chrome --remote-debugging-port=${port} --user-data-dir="$HOME/.xhs-news-chrome"`,
    'or point CHROME_CDP_URL at the port your Chrome listens on.',
  ].join('\n');
}

/**
 * Attaches to the user's running Chrome over CDP. Checks `/json/version` first, so a closed port
 * says how to start Chrome instead of Playwright's generic connection error.
 */
export async function connectToChrome(cdpUrl: string, signal: AbortSignal): Promise<ChromeSession> {
  const versionUrl = new URL('/json/version', cdpUrl);
  let browserWsUrl: string;
  try {
    const response = await fetch(versionUrl, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(ENDPOINT_CHECK_TIMEOUT_MS)]),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const version = (await response.json()) as { webSocketDebuggerUrl?: unknown };
    if (typeof version.webSocketDebuggerUrl !== 'string') {
      throw new Error('/json/version names no browser: is this a Chrome DevTools port?');
    }
    browserWsUrl = version.webSocketDebuggerUrl;
  } catch (error) {
    signal.throwIfAborted();
    throw new XhsNewsError(
      'browser_unreachable',
      `${startChromeHelp(cdpUrl)}\n(${errorMessage(error)})`,
      { cause: error, step: 'connect' },
    );
  }
  const connecting = chromium.connectOverCDP(cdpUrl, { timeout: CONNECT_TIMEOUT_MS });
  let browser: Browser;
  try {
    browser = await untilAborted(connecting, signal);
  } catch (error) {
    if (signal.aborted) {
      // Ctrl-C ended the wait; a connection that still comes is let go (a failed one is moot).
      void connecting.then(
        (late) => late.close(),
        () => undefined,
      );
      throw error;
    }
    throw new XhsNewsError(
      'browser_unreachable',
      `Chrome answered at ${cdpUrl} but the DevTools connection failed: ${errorMessage(error)}`,
      { cause: error, step: 'connect' },
    );
  }
  const context = browser.contexts()[0];
  if (context === undefined) {
    await browser.close();
    throw new XhsNewsError(
      'browser_unreachable',
      `Chrome at ${cdpUrl} has no browser window with a profile; open one and run again`,
      { step: 'connect' },
    );
  }
  return {
    browser,
    context,
    browserWsUrl,
    // For a browser reached over CDP, close() only disconnects; the user's Chrome stays.
    disconnect: () => browser.close(),
  };
}
