import type { Config } from '../config/index.js';
import { createCardProvider } from '../images/card/provider.js';
import type { ImageProvider } from '../images/provider.js';
import type { Logger } from '../log.js';
import { createLocalPublisher } from '../publish/local/publisher.js';
import type { Publisher } from '../publish/publisher.js';

export interface Parts {
  provider: ImageProvider;
  publisher: Publisher;
  /** Closes our tabs and connections, releases the profile locks; the user's Chrome stays. */
  close(): Promise<void>;
}

/** Builds the image provider and the publisher the configuration names. */
export async function openParts(
  config: Config,
  _context: { runId: string; signal: AbortSignal; log: Logger; dataDir: string },
): Promise<Parts> {
  const provider = createCardProvider();
  const publisher = createLocalPublisher();
  return {
    provider,
    publisher,
    async close() {
      await provider.close();
      await publisher.close();
    },
  };
}
