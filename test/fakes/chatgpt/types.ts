/** What the fake does with one prompt; see the contract in `index.ts`. */
export type Behaviour =
  | 'ok'
  | 'slow'
  | 'hang'
  | 'tiny'
  | 'html'
  | 'truncated'
  | 'rerender'
  | 'deferred'
  | 'refusal'
  | 'plan_limit'
  | 'too_many_requests'
  | 'error';

/** What every page view shows. */
export type PageState = 'ok' | 'logged_out' | 'cloudflare' | 'redesigned';

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
}
