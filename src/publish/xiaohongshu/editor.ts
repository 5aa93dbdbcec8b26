import { graphemes } from '../../post/title-units.js';
import {
  locateEditorInPage,
  probeEditorInPage,
  probeTopicItemInPage,
  type EditorState,
} from './page-probes.js';
import { overrideAdvice } from './selector-overrides.js';
import { failure, pollFor, pollUntil, runStep, type StepContext } from './step-context.js';

/** Where the body editor is, once found by its placeholder. */
export interface EditorPick {
  selector: string;
  index: number;
}

export interface TopicsOutcome {
  converted: string[];
  /** Topics the page did not turn into real topics; their typed text was removed again. */
  unconverted: string[];
}

/** Text compared without whitespace: the editor turns line breaks into paragraphs. */
const compact = (text: string) => text.replaceAll(/\s+/g, '');

async function readEditor(ctx: StepContext, pick: EditorPick): Promise<EditorState> {
  const state = await ctx.page.evaluate(probeEditorInPage, {
    pick,
    anchors: ctx.selectors.topicAnchors,
    dataAttribute: ctx.selectors.topicDataAttribute,
  });
  if (!state) throw failure(ctx, 'page_changed', 'the body editor went away while we typed');
  return state;
}

/**
 * Types the body into the editor with real input events, line by line (Enter between lines),
 * and checks that the editor holds it. Programmatic text would not reach the editor's state.
 */
export async function typeBody(ctx: StepContext, body: string): Promise<EditorPick> {
  const notFound =
    `no body editor with the placeholder 「${ctx.selectors.bodyPlaceholderTexts.join('/')}」: ` +
    overrideAdvice('bodyEditors', 'bodyPlaceholderTexts');
  const found = await runStep(
    ctx,
    'find body editor',
    { code: 'page_changed', timeoutMessage: notFound },
    (budget) =>
      pollUntil(ctx, budget, () =>
        ctx.page.evaluate(locateEditorInPage, {
          editors: ctx.selectors.bodyEditors,
          placeholders: ctx.selectors.bodyPlaceholderTexts,
        }),
      ),
  );
  ctx.steps.step('body editor', `found by ${found.how}`);
  const pick = { selector: found.selector, index: found.index };
  const start = await readEditor(ctx, pick);

  const kept = 'the body editor does not hold the typed body: the page changed';
  await runStep(
    ctx,
    'type body',
    { code: 'page_changed', timeoutMessage: kept },
    async (budget) => {
      await ctx.page.mouse.click(start.x, start.y);
      await ctx.page.keyboard.press('ControlOrMeta+End');
      const lines = body.split('\n');
      for (const [index, line] of lines.entries()) {
        if (line !== '') await ctx.page.keyboard.insertText(line);
        if (index < lines.length - 1) await ctx.page.keyboard.press('Enter');
      }
      await pollUntil(ctx, budget, async () => {
        const state = await readEditor(ctx, pick);
        return compact(state.text) === compact(body) ? true : undefined;
      });
    },
  );
  return pick;
}

/**
 * Turns each topic into a real topic, one at a time: types ` #name`, clicks the dropdown entry
 * with that exact name, and checks that a new topic element with that name appeared. A topic
 * the page did not convert has its typed text removed and is reported, not ignored.
 */
export async function addTopics(
  ctx: StepContext,
  pick: EditorPick,
  topics: readonly string[],
): Promise<TopicsOutcome> {
  const outcome: TopicsOutcome = { converted: [], unconverted: [] };
  for (const name of topics) {
    const converted = await runStep(
      ctx,
      `topic #${name}`,
      { code: 'page_changed', timeoutMessage: `topic #${name} took too long` },
      () => addTopic(ctx, pick, name),
    );
    (converted ? outcome.converted : outcome.unconverted).push(name);
    ctx.steps.step(`topic #${name}`, converted ? 'converted' : 'not offered by the page; removed');
  }
  return outcome;
}

async function addTopic(ctx: StepContext, pick: EditorPick, name: string): Promise<boolean> {
  const countOf = (state: EditorState) => state.topics.filter((topic) => topic === name).length;
  const before = countOf(await readEditor(ctx, pick));
  await focusEditorEnd(ctx, pick);
  await ctx.page.keyboard.type(` #${name}`, { delay: 30 });

  const item = await pollFor(ctx, ctx.stepTimeoutMs, () =>
    ctx.page.evaluate(probeTopicItemInPage, { items: ctx.selectors.topicItems, name }),
  );
  if (item) {
    await ctx.page.mouse.click(item.x, item.y);
    const converted = await pollFor(ctx, ctx.stepTimeoutMs, async () =>
      countOf(await readEditor(ctx, pick)) > before ? true : undefined,
    );
    if (converted) return true;
  }
  await ctx.page.keyboard.press('Escape');
  await removeTypedTopic(ctx, pick, name);
  return false;
}

async function focusEditorEnd(ctx: StepContext, pick: EditorPick): Promise<void> {
  await ctx.page.evaluate(({ selector, index }) => {
    const el = document.querySelectorAll(selector)[index];
    if (el instanceof HTMLElement) el.focus();
  }, pick);
  await ctx.page.keyboard.press('ControlOrMeta+End');
}

/** Deletes the ` #name` we typed when it stayed plain text at the end of the body. */
async function removeTypedTopic(ctx: StepContext, pick: EditorPick, name: string): Promise<void> {
  const typed = `#${name}`;
  const text = (await readEditor(ctx, pick)).text.replaceAll('\u00a0', ' ').trimEnd();
  if (!text.endsWith(typed)) return;
  const presses = graphemes(typed).length + (text.endsWith(` ${typed}`) ? 1 : 0);
  await focusEditorEnd(ctx, pick);
  for (let i = 0; i < presses; i++) await ctx.page.keyboard.press('Backspace');
  const after = (await readEditor(ctx, pick)).text.trimEnd();
  if (after.endsWith(typed)) ctx.steps.step(`topic #${name}`, 'typed text could not be removed');
}
