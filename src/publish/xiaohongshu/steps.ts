import type { Locator } from 'playwright-core';
import { remainingMs, sleep, type Budget } from '../../progress.js';
import { probeTabsInPage, probeUploadInPage, type TabCandidate } from './page-probes.js';
import { overrideAdvice } from './selector-overrides.js';
import {
  checkPage,
  failure,
  isLoginUrl,
  notLoggedInMessage,
  pollUntil,
  runStep,
  type StepContext,
} from './step-context.js';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Opens the publish page; the login page instead means the session is gone. */
export async function openPublishPage(ctx: StepContext): Promise<void> {
  await runStep(
    ctx,
    'open publish page',
    {
      code: 'timeout',
      timeoutMessage: `the publish page did not load in ${seconds(ctx.stepTimeoutMs)}`,
    },
    async (budget) => {
      const response = await ctx.page.goto(ctx.selectors.publishUrl, {
        waitUntil: 'domcontentloaded',
        timeout: remainingMs(budget),
      });
      if (isLoginUrl(ctx.page.url(), ctx.selectors) || (await showsLoginPage(ctx))) {
        throw failure(ctx, 'not_logged_in', notLoggedInMessage());
      }
      const status = response?.status() ?? 0;
      if (ctx.selectors.riskStatuses.includes(status)) {
        throw failure(
          ctx,
          'risk_control',
          `the publish page answered HTTP ${status} (risk control)`,
        );
      }
      await checkPage(ctx);
    },
  );
}

async function showsLoginPage(ctx: StepContext): Promise<boolean> {
  const { loginMarkers, loginTexts } = ctx.selectors;
  for (const selector of loginMarkers) {
    if ((await ctx.page.locator(selector).count()) > 0) return true;
  }
  for (const text of loginTexts) {
    if ((await ctx.page.getByText(text, { exact: false }).count()) > 0) return true;
  }
  return false;
}

/**
 * Clicks the real 「上传图文」 tab with the mouse at its centre, never an off-screen copy or a
 * honeypot, and checks that it became the active tab.
 */
export async function chooseImageTab(ctx: StepContext): Promise<void> {
  const { tabs } = ctx.selectors;
  const arg = {
    items: tabs.items,
    label: tabs.label,
    decoy: tabs.decoy,
    activeClasses: tabs.activeClasses,
  };
  const isImageTab = (tab: TabCandidate) => tabs.imageTabTexts.includes(tab.label);
  const notFound =
    `no real 「${tabs.imageTabTexts.join('/')}」 tab on the publish page: ` +
    overrideAdvice('tabs');

  const real = await runStep(
    ctx,
    'find image tab',
    { code: 'page_changed', timeoutMessage: notFound },
    (budget) =>
      pollUntil(ctx, budget, async () => {
        const all = await ctx.page.evaluate(probeTabsInPage, arg);
        const copies = all.filter(isImageTab);
        const tab = copies.find((candidate) => candidate.skip === undefined);
        if (tab) ctx.steps.step('image tab copies', copies.map((c) => c.skip ?? 'real').join(', '));
        return tab;
      }),
  );
  if (real.active) return;

  await runStep(
    ctx,
    'click image tab',
    {
      code: 'page_changed',
      timeoutMessage: 'the 「上传图文」 tab did not become active after a click',
    },
    async (budget) => {
      await ctx.page.mouse.move(real.x, real.y, { steps: 4 });
      await ctx.page.mouse.click(real.x, real.y);
      await pollUntil(ctx, budget, async () => {
        const all = await ctx.page.evaluate(probeTabsInPage, arg);
        return all.some((tab) => isImageTab(tab) && tab.skip === undefined && tab.active)
          ? true
          : undefined;
      });
    },
  );
}

/**
 * Uploads the images in order through the page's file input (all at once when it takes several
 * files), then waits until every preview is there and 「图片上传中」 is gone.
 */
export async function uploadImages(
  ctx: StepContext,
  files: readonly string[],
  perImageMs: number,
): Promise<void> {
  const input = await findUploadInput(ctx, 'uploadInputs');
  const multiple = await input.evaluate((el) => (el as HTMLInputElement).multiple);
  const timeoutMessage = (n: number) =>
    `the images were not all uploaded in ${seconds(perImageMs * n)} ` +
    `(${seconds(perImageMs)} per image)`;

  if (multiple) {
    await runStep(
      ctx,
      `upload ${files.length} images`,
      {
        code: 'upload_timeout',
        budgetMs: perImageMs * files.length,
        timeoutMessage: timeoutMessage(files.length),
      },
      async (budget) => {
        await input.setInputFiles([...files], { timeout: remainingMs(budget) });
        await waitForPreviews(ctx, budget, files.length);
      },
    );
    return;
  }
  for (const [index, file] of files.entries()) {
    const single = index === 0 ? input : await findUploadInput(ctx, 'uploadInputsByAccept');
    await runStep(
      ctx,
      `upload image ${index + 1}/${files.length}`,
      { code: 'upload_timeout', budgetMs: perImageMs, timeoutMessage: timeoutMessage(1) },
      async (budget) => {
        await single.setInputFiles(file, { timeout: remainingMs(budget) });
        await waitForPreviews(ctx, budget, index + 1);
      },
    );
  }
}

/**
 * The first file input matching the selectors under `key`, waited for within the step budget
 * (else page_changed).
 */
export async function findUploadInput(
  ctx: StepContext,
  key: 'uploadInputs' | 'uploadInputsByAccept',
): Promise<Locator> {
  const selectors = ctx.selectors[key];
  const message =
    `no image file input on the publish page (tried ${selectors.join(' | ')}): ` +
    overrideAdvice(key);
  return runStep(
    ctx,
    'find upload input',
    { code: 'page_changed', timeoutMessage: message },
    (budget) =>
      pollUntil(ctx, budget, async () => {
        for (const selector of selectors) {
          const locator = ctx.page.locator(selector).first();
          if ((await locator.count()) > 0) return locator;
        }
        return undefined;
      }),
  );
}

async function waitForPreviews(ctx: StepContext, budget: Budget, count: number): Promise<void> {
  const arg = { previews: ctx.selectors.previewItems, uploading: ctx.selectors.uploadingTexts };
  let last = { previews: 0, uploading: true };
  await pollUntil(ctx, budget, async () => {
    last = await ctx.page.evaluate(probeUploadInPage, arg);
    return last.previews === count && !last.uploading ? true : undefined;
  }).catch((error: unknown) => {
    ctx.steps.step(
      'previews',
      `${last.previews}/${count}${last.uploading ? ', still uploading' : ''}`,
    );
    throw error;
  });
  ctx.steps.step('previews', `${count}/${count}`);
}

/** Types the title into the title input like a person, and checks the input kept it. */
export async function fillTitle(ctx: StepContext, title: string): Promise<void> {
  const notFound = `no title input on the publish page: ${overrideAdvice('titleInputs')}`;
  await runStep(
    ctx,
    'type title',
    { code: 'page_changed', timeoutMessage: notFound },
    async (budget) => {
      const input = await pollUntil(ctx, budget, async () => {
        for (const selector of ctx.selectors.titleInputs) {
          const locator = ctx.page.locator(selector).first();
          if ((await locator.count()) > 0 && (await locator.isVisible())) return locator;
        }
        return undefined;
      });
      await input.click({ timeout: remainingMs(budget) });
      await ctx.page.keyboard.press('ControlOrMeta+A');
      await ctx.page.keyboard.press('Backspace');
      await ctx.page.keyboard.type(title, { delay: 15 });
      await sleep(100, budget.signal);
      const value = await input.inputValue({ timeout: remainingMs(budget) });
      if (value !== title) {
        throw failure(
          ctx,
          'page_changed',
          `the title input holds ${JSON.stringify(value)} after typing ${JSON.stringify(title)}`,
        );
      }
    },
  );
}
