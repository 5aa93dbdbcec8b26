import { afterAll, beforeAll } from 'vitest';
import { startChatgptFake, type ChatgptFake, type FakeTiming } from '../fakes/chatgpt/index.js';
import { launchTestChrome, type TestChrome } from './chromium.js';

export interface ChatgptWorld {
  fake: ChatgptFake;
  chrome: TestChrome;
}

/**
 * One fake chatgpt.com and one Chromium that reaches it by its real name, for every test of the
 * file that calls this; both are started before the first test and stopped after the last.
 */
export function useChatgptWorld(timing: Partial<FakeTiming> = {}): ChatgptWorld {
  const world = {} as ChatgptWorld;
  beforeAll(async () => {
    world.fake = await startChatgptFake(timing);
    world.chrome = await launchTestChrome({ 'chatgpt.com': world.fake.port });
  });
  afterAll(async () => {
    await world.chrome?.close();
    await world.fake?.close();
  });
  return world;
}
