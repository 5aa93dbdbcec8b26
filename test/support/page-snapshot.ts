import type { PageSnapshot } from '../../src/images/chatgpt/page-state.js';

/**
 * A chatgpt.com page state as one read returns it: a conversation with one reply, the composer
 * empty and its send button disabled. Tests change what they need.
 */
export function pageSnapshot(over: Partial<PageSnapshot> = {}): PageSnapshot {
  return {
    url: 'https://chatgpt.com/c/6c1f0a52-7e0b-4c8e-9a0e-1d2f3a4b5c6d',
    title: 'ChatGPT',
    composer: { selector: '#prompt-textarea', text: '', inScope: true },
    send: { selector: 'button[data-testid="send-button"]', disabled: true },
    stop: false,
    loginButton: false,
    cloudflareMarker: undefined,
    bodyText: '',
    unknownTextBox: false,
    turns: 2,
    assistantTurns: 1,
    assistantText: '',
    noticeText: '',
    loading: undefined,
    images: [],
    pageFileIds: [],
    badSelectors: [],
    ...over,
  };
}
