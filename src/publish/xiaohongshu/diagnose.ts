import type { DoctorCheck } from '../../browser/doctor-check.js';
import type { ChromeSession } from '../../browser/connect.js';
import { withOwnTab } from '../../browser/own-tab.js';
import { XhsNewsError, errorMessage } from '../../errors.js';
import { StepLog } from '../../progress.js';
import { DEFAULT_XHS_SELECTORS, type XhsSelectors } from './selectors.js';
import type { StepContext } from './step-context.js';
import { chooseImageTab, findUploadInput, openPublishPage } from './steps.js';

export interface DiagnoseOptions {
  /** Budget of each page step (XHS_STEP_TIMEOUT_S); 30 s when absent. */
  stepTimeoutMs?: number;
}

/**
 * Checks the creator center in a tab of its own: logged in (no login redirect, and the user
 * info API answers 200 from inside the page), and the publish page's structure (the real
 * 「上传图文」 tab, which becomes active when clicked, then the image file input). Nothing is
 * uploaded or saved.
 */
export async function diagnoseXiaohongshu(
  session: ChromeSession,
  selectors: XhsSelectors = DEFAULT_XHS_SELECTORS,
  signal: AbortSignal,
  options: DiagnoseOptions = {},
): Promise<DoctorCheck[]> {
  return withOwnTab(session.context, async (tab) => {
    const ctx: StepContext = {
      page: tab.page,
      selectors,
      steps: new StepLog(),
      signal,
      stepTimeoutMs: options.stepTimeoutMs ?? 30_000,
    };
    const login = await checkLogin(ctx);
    if (!login.ok) return [login, notChecked('creator center: publish page', 'not logged in')];
    return [login, await checkStructure(ctx)];
  });
}

async function checkLogin(ctx: StepContext): Promise<DoctorCheck> {
  const name = 'creator center: logged in';
  try {
    await openPublishPage(ctx);
  } catch (error) {
    if (!(error instanceof XhsNewsError)) throw error;
    const loggedOut = error.code === 'not_logged_in';
    return {
      name,
      ok: false,
      detail: loggedOut ? 'the publish page sends us to the login page' : error.message,
      fix: loggedOut
        ? 'open https://creator.xiaohongshu.com in this Chrome profile and log in ' +
          '(scan the QR code)'
        : 'open https://creator.xiaohongshu.com in this Chrome profile and look at what it shows',
    };
  }
  const status = await ctx.page.evaluate(
    (infoPath) => fetch(infoPath, { credentials: 'include' }).then((response) => response.status),
    ctx.selectors.userInfoPath,
  );
  if (status !== 200) {
    return {
      name,
      ok: false,
      detail: `${ctx.selectors.userInfoPath} answered HTTP ${status}`,
      fix: 'log in again at https://creator.xiaohongshu.com in this Chrome profile',
    };
  }
  return { name, ok: true, detail: 'the publish page opens and the user info answers' };
}

async function checkStructure(ctx: StepContext): Promise<DoctorCheck> {
  const name = 'creator center: publish page';
  try {
    await chooseImageTab(ctx);
    await findUploadInput(ctx, 'uploadInputs');
  } catch (error) {
    if (!(error instanceof XhsNewsError)) throw error;
    return {
      name,
      ok: false,
      detail: errorMessage(error),
      fix:
        error.code === 'page_changed'
          ? 'the page was redesigned: override the key named above in xhs-selectors.json ' +
            'in the data dir (see README), or update xhs-news'
          : 'open the creator center by hand and look at what it shows',
    };
  }
  return {
    name,
    ok: true,
    detail: 'found the real 「上传图文」 tab, it became active, and the image input is there',
  };
}

const PROFILE_LOOKUP_TIMEOUT_MS = 5_000;

function notChecked(name: string, why: string): DoctorCheck {
  return { name, ok: false, detail: `not checked: ${why}` };
}

/**
 * Names the profile that holds the drafts: the CDP URL, plus the profile's folder as the
 * browser's own chrome://version page shows it (read in a tab of our own), or else as its
 * command line says (Chrome tells that only when started for automation).
 */
export async function describeXhsProfile(session: ChromeSession, cdpUrl: string): Promise<string> {
  const folder = (await profilePathOf(session)) ?? (await userDataDirOf(session));
  return folder ? `${cdpUrl} (${folder})` : cdpUrl;
}

async function profilePathOf(session: ChromeSession): Promise<string | undefined> {
  try {
    return await withOwnTab(session.context, async ({ page }) => {
      await page.goto('chrome://version', { timeout: PROFILE_LOOKUP_TIMEOUT_MS });
      const text = await page
        .locator('#profile_path')
        .textContent({ timeout: PROFILE_LOOKUP_TIMEOUT_MS });
      return text?.trim() || undefined;
    });
  } catch {
    // A browser that will not show its version page still has its command line, or the URL.
    return undefined;
  }
}

async function userDataDirOf(session: ChromeSession): Promise<string | undefined> {
  try {
    const cdp = await session.browser.newBrowserCDPSession();
    try {
      const { arguments: args } = await cdp.send('Browser.getBrowserCommandLine');
      const dir = args.find((arg) => arg.startsWith('--user-data-dir='));
      return dir?.slice('--user-data-dir='.length);
    } finally {
      await cdp.detach();
    }
  } catch {
    // Chrome refuses the command line unless started for automation; the URL still names it.
    return undefined;
  }
}
