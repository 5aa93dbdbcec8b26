/** What the fake does with one prompt; see the contract in `index.ts`. */
export type Behaviour =
  | 'ok'
  | 'slow'
  | 'hang'
  | 'tiny'
  | 'html'
  | 'truncated'
  | 'rerender'
  /** Like `ok`, but the page loads `/c/<uuid>` anew after sending instead of pushing state. */
  | 'navigate'
  /** A good final image, but its src is a file URL outside the estuary endpoint. */
  | 'foreign_src'
  | 'deferred'
  | 'refusal'
  | 'plan_limit'
  | 'too_many_requests'
  | 'error';

/**
 * What every page view shows. `earlier_image`: the new chat still shows an earlier
 * conversation's finished image in its thread. `send_stuck`: the send button never enables.
 */
export type PageState =
  'ok' | 'logged_out' | 'cloudflare' | 'redesigned' | 'earlier_image' | 'send_stuck';

/** One thing that happened, as the fake saw it. */
export interface FakeEvent {
  at: number;
  type: string;
  prompt?: string;
  fileId?: string;
  detail?: string;
}

/** Durations of the fake's scripted generations, in milliseconds. */
export interface FakeTiming {
  /** `ok` and its variants finish after this long. */
  generationMs: number;
  /** `slow` finishes after this long. */
  slowMs: number;
  /** `deferred`: the image arrives this long after the send. */
  deferredMs: number;
  /** A new blurred preview while generating, this often. */
  previewEveryMs: number;
  /**
   * The composer is in the server HTML at once but comes alive this long after the page loads;
   * text typed before that is wiped, as React's hydration does.
   */
  hydrationMs: number;
}
