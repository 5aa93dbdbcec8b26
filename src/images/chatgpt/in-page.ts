import type { Page } from 'playwright-core';

/** A function declaration whose source is sent to the page, e.g. a helper of `fn`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any declaration will do
export type InPageFunction = Function;

/**
 * Runs `fn(arg)` inside the page. The function is sent as source text, after the source of the
 * `helpers` it calls by name (declared in the same scope there, so each stays small here). The
 * whole is wrapped so that a free `__name` resolves to a no-op: tsx (esbuild `keepNames`)
 * inserts `__name(...)` calls into compiled functions, and the page has no such helper. Nothing
 * is added to the page's globals. `fn` and the helpers see only their arguments and each other,
 * never the module's scope.
 */
export function evaluateInPage<A, R>(
  page: Page,
  fn: (arg: A) => R | Promise<R>,
  arg: A,
  helpers: readonly InPageFunction[] = [],
): Promise<R> {
  const declarations = helpers.map((helper) => helper.toString()).join('\n');
  const source =
    `((__name) => {\n${declarations}\n` +
    `return (${fn.toString()})(${JSON.stringify(arg)});\n})((f) => f)`;
  return page.evaluate<R>(source);
}

/**
 * True for the errors a read gets while the page navigates (`/` → `/c/WEB:…` → `/c/<uuid>`):
 * the document the script ran in went away. Reading again is the answer, not failing.
 */
export function isNavigationRace(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /Execution context was destroyed|Cannot find context|context was destroyed|navigat/i.test(
    error.message,
  );
}

/**
 * True for Playwright's "the node we held was replaced by a re-render" errors, and only those:
 * a detached frame or target means the tab itself is gone (see `isTargetClosed`).
 */
export function isDetachedError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /element is not attached to the DOM|element is detached|element is not attached/i.test(
    error.message,
  );
}

/** True when our tab, its frame, its context or the browser connection is gone. */
export function isTargetClosed(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const closed = new RegExp(
    [
      'Target page, context or browser has been closed',
      'Target closed',
      'has been closed',
      'Target (?:was )?detached',
      'Frame (?:was |has been )?detached',
      'Session closed',
    ].join('|'),
    'i',
  );
  return closed.test(error.message);
}

/** True for a Playwright action or navigation that ran out of its own `timeout`. */
export function isPlaywrightTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || /Timeout \d+ms exceeded/.test(error.message);
}
