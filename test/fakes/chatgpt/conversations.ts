import { randomUUID } from 'node:crypto';
import { BehaviourBook, REPLY_TEXTS, shortTitle } from './behaviours.js';
import { FINAL_HEIGHT, FINAL_WIDTH, type FileStore, type ImageKit } from './images.js';
import { loginPageHtml } from './pages.js';
import type { Behaviour, FakeEvent, FakeTiming } from './types.js';

type Status = 'thinking' | 'generating' | 'deferred' | 'done' | 'text' | 'error' | 'stopped';

interface Exchange {
  id: string;
  userMessageId: string;
  assistantMessageId: string;
  prompt: string;
  title: string;
  behaviour: Behaviour;
  status: Status;
  text: string;
  startedAt: number;
  durationMs: number;
  previewUrl?: string;
  final?: { fileId: string; url: string };
  timers: NodeJS.Timeout[];
}

/** Receives a conversation's snapshots while its page streams them. */
export interface Subscriber {
  send(snapshot: object): void;
  end(): void;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  exchanges: Exchange[];
  subscribers: Set<Subscriber>;
  seq: number;
  churn?: NodeJS.Timeout;
}

export interface ConversationDeps {
  timing: FakeTiming;
  files: FileStore;
  images: ImageKit;
  behaviours: BehaviourBook;
  finalImages: Map<string, Buffer>;
  record(event: Omit<FakeEvent, 'at'>): void;
}

const LIVE: ReadonlySet<Status> = new Set(['thinking', 'generating', 'deferred']);
// How long the model "thinks" before a text-only reply or the deferred notice.
const REPLY_DELAY_MS = 300;
const HANG_PROGRESS_SCALE_MS = 20_000;

/** The server side of every conversation: scripted timelines, snapshots, live subscribers. */
export class ConversationBook {
  private readonly conversations = new Map<string, Conversation>();
  private closed = false;

  constructor(private readonly deps: ConversationDeps) {}

  /** A send. `too_many_requests` creates nothing: the page gets a 429. */
  start(prompt: string, conversationId?: string): Conversation | 'too_many_requests' | undefined {
    const behaviour = this.deps.behaviours.next(prompt);
    this.deps.record({ type: 'send', prompt, detail: behaviour });
    if (behaviour === 'too_many_requests') {
      this.deps.record({ type: 'too_many_requests', prompt });
      return 'too_many_requests';
    }
    let conversation = conversationId ? this.conversations.get(conversationId) : undefined;
    if (conversationId && !conversation) return undefined;
    if (!conversation) {
      conversation = {
        id: randomUUID(),
        title: shortTitle(prompt),
        createdAt: Date.now(),
        exchanges: [],
        subscribers: new Set(),
        seq: 0,
      };
      this.conversations.set(conversation.id, conversation);
    }
    const exchange: Exchange = {
      id: randomUUID(),
      userMessageId: randomUUID(),
      assistantMessageId: randomUUID(),
      prompt,
      title: shortTitle(prompt),
      behaviour,
      status: 'thinking',
      text: '',
      startedAt: Date.now(),
      durationMs: 0,
      timers: [],
    };
    conversation.exchanges.push(exchange);
    this.run(conversation, exchange);
    if (behaviour === 'rerender') this.churn(conversation);
    return conversation;
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  /** Conversations newest first, for the sidebar. */
  list(): { id: string; title: string; finalUrls: string[] }[] {
    return [...this.conversations.values()]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((conversation) => ({
        id: conversation.id,
        title: conversation.title,
        finalUrls: conversation.exchanges.flatMap((exchange) =>
          exchange.final ? [exchange.final.url] : [],
        ),
      }));
  }

  /** The stop button: a live turn ends without an image. */
  stop(conversation: Conversation): void {
    const live = conversation.exchanges.filter((exchange) => LIVE.has(exchange.status));
    this.deps.record({ type: 'stop_pressed', detail: conversation.id });
    for (const exchange of live) {
      this.clearTimers(exchange);
      exchange.status = 'stopped';
      exchange.text = REPLY_TEXTS.stopped;
    }
    this.notify(conversation);
  }

  /** Streams snapshots to `subscriber` until the conversation settles. */
  subscribe(conversation: Conversation, subscriber: Subscriber): void {
    subscriber.send(this.snapshot(conversation));
    if (!this.streaming(conversation)) {
      subscriber.end();
      return;
    }
    conversation.subscribers.add(subscriber);
  }

  unsubscribe(conversation: Conversation, subscriber: Subscriber): void {
    conversation.subscribers.delete(subscriber);
  }

  /** Stops every timer; the fake is shutting down. */
  close(): void {
    this.closed = true;
    for (const conversation of this.conversations.values()) {
      clearTimeout(conversation.churn);
      for (const exchange of conversation.exchanges) this.clearTimers(exchange);
    }
  }

  private run(conversation: Conversation, exchange: Exchange): void {
    const { timing } = this.deps;
    const replyDelayMs = Math.min(REPLY_DELAY_MS, timing.generationMs);
    switch (exchange.behaviour) {
      case 'refusal':
        return this.later(exchange, replyDelayMs, () =>
          this.reply(conversation, exchange, 'text', REPLY_TEXTS.refusal, 'refused'),
        );
      case 'plan_limit':
        return this.later(exchange, replyDelayMs, () =>
          this.reply(conversation, exchange, 'text', REPLY_TEXTS.planLimit, 'plan_limit'),
        );
      case 'deferred':
        this.deps.record({ type: 'generation_started', prompt: exchange.prompt });
        this.later(exchange, Math.min(replyDelayMs, timing.deferredMs / 2), () =>
          this.reply(conversation, exchange, 'deferred', REPLY_TEXTS.deferred, 'deferred_shown'),
        );
        return this.later(exchange, timing.deferredMs, () => this.finish(conversation, exchange));
      case 'slow':
        return this.generate(conversation, exchange, timing.slowMs);
      case 'hang':
        return this.generate(conversation, exchange, Number.POSITIVE_INFINITY);
      default:
        return this.generate(conversation, exchange, timing.generationMs);
    }
  }

  private generate(conversation: Conversation, exchange: Exchange, durationMs: number): void {
    exchange.status = 'generating';
    exchange.durationMs = durationMs;
    this.deps.record({ type: 'generation_started', prompt: exchange.prompt });
    const previewEveryMs = Math.max(50, this.deps.timing.previewEveryMs);
    const tick = () => {
      if (exchange.status !== 'generating' || this.closed) return;
      const bytes =
        this.deps.images.previews[Math.floor(Math.random() * this.deps.images.previews.length)];
      if (bytes) {
        const { fileId, url } = this.deps.files.add(bytes);
        exchange.previewUrl = url;
        this.deps.record({ type: 'preview_shown', prompt: exchange.prompt, fileId });
        this.notify(conversation);
      }
      this.later(exchange, previewEveryMs, tick);
    };
    this.later(exchange, Math.min(previewEveryMs, durationMs / 2), tick);
    if (!Number.isFinite(durationMs)) return;
    if (exchange.behaviour === 'error') {
      this.later(exchange, durationMs, () =>
        this.reply(conversation, exchange, 'error', REPLY_TEXTS.error, 'error_shown'),
      );
      return;
    }
    this.later(exchange, durationMs, () => this.finish(conversation, exchange));
  }

  private finish(conversation: Conversation, exchange: Exchange): void {
    const { images, files, finalImages } = this.deps;
    const ready = exchange.behaviour === 'tiny' ? Promise.resolve(images.tiny) : images.makeFinal();
    ready
      .then((png) => {
        if (this.closed || !LIVE.has(exchange.status)) return;
        let stored: { fileId: string; url: string };
        if (exchange.behaviour === 'html') {
          stored = files.add(Buffer.from(loginPageHtml()), 'text/html; charset=utf-8');
        } else {
          const bytes = exchange.behaviour === 'truncated' ? png.subarray(0, png.length >> 1) : png;
          stored = files.add(bytes);
          finalImages.set(stored.fileId, bytes);
          if (exchange.behaviour === 'foreign_src') {
            stored = {
              ...stored,
              url: stored.url.replace(
                '/backend-api/estuary/content',
                '/backend-api/files/download',
              ),
            };
          }
        }
        this.clearTimers(exchange);
        exchange.final = stored;
        exchange.status = 'done';
        this.deps.record({ type: 'image_final', prompt: exchange.prompt, fileId: stored.fileId });
        this.notify(conversation);
      })
      .catch((error: unknown) => {
        this.deps.record({ type: 'fake_failure', detail: String(error) });
      });
  }

  private reply(
    conversation: Conversation,
    exchange: Exchange,
    status: Status,
    text: string,
    eventType: string,
  ): void {
    if (!LIVE.has(exchange.status)) return;
    if (status !== 'deferred') this.clearTimers(exchange);
    exchange.status = status;
    exchange.text = text;
    this.deps.record({ type: eventType, prompt: exchange.prompt });
    this.notify(conversation);
  }

  /** `rerender`: the page is told to redraw every 50–100 ms, during and after generation. */
  private churn(conversation: Conversation): void {
    if (conversation.churn) return;
    const tick = () => {
      if (this.closed) return;
      if (conversation.subscribers.size > 0) this.notify(conversation);
      conversation.churn = setTimeout(tick, 50 + Math.random() * 50);
    };
    conversation.churn = setTimeout(tick, 50);
  }

  private streaming(conversation: Conversation): boolean {
    return (
      conversation.churn !== undefined ||
      conversation.exchanges.some((exchange) => LIVE.has(exchange.status))
    );
  }

  private notify(conversation: Conversation): void {
    conversation.seq += 1;
    const snapshot = this.snapshot(conversation);
    const streaming = this.streaming(conversation);
    for (const subscriber of conversation.subscribers) {
      subscriber.send(snapshot);
      if (!streaming) subscriber.end();
    }
    if (!streaming) conversation.subscribers.clear();
  }

  private snapshot(conversation: Conversation): object {
    return {
      conversation_id: conversation.id,
      title: conversation.title,
      seq: conversation.seq,
      // `rerender` also remounts the composer; `navigate` loads the conversation page anew.
      churn: conversation.churn !== undefined,
      hard_navigation: conversation.exchanges[0]?.behaviour === 'navigate',
      exchanges: conversation.exchanges.map((exchange) => ({
        id: exchange.id,
        user_message_id: exchange.userMessageId,
        assistant_message_id: exchange.assistantMessageId,
        prompt: exchange.prompt,
        title: exchange.title,
        status: exchange.status,
        text: exchange.text,
        progress: progress(exchange),
        preview_url: exchange.status === 'generating' ? exchange.previewUrl : undefined,
        image: exchange.final && {
          url: exchange.final.url,
          title: exchange.title,
          width: FINAL_WIDTH,
          height: FINAL_HEIGHT,
        },
      })),
    };
  }

  private later(exchange: Exchange, delayMs: number, action: () => void): void {
    if (this.closed) return;
    exchange.timers.push(setTimeout(action, delayMs));
  }

  private clearTimers(exchange: Exchange): void {
    for (const timer of exchange.timers) clearTimeout(timer);
    exchange.timers = [];
  }
}

function progress(exchange: Exchange): number {
  if (exchange.status !== 'generating') return exchange.status === 'done' ? 100 : 0;
  const elapsedMs = Date.now() - exchange.startedAt;
  const fraction = Number.isFinite(exchange.durationMs)
    ? elapsedMs / exchange.durationMs
    : 1 - Math.exp(-elapsedMs / HANG_PROGRESS_SCALE_MS);
  return Math.min(99, Math.floor(fraction * 100));
}
