import type { ImageProvider } from '../provider.js';
import { renderCard } from './render.js';

/** The offline provider: a cover card drawn from the post's own text. It needs no network. */
export function createCardProvider(): ImageProvider {
  return {
    name: 'card',
    async attempt(request) {
      const png = await renderCard({
        headline: request.headline,
        series: request.series,
        source: request.source,
        dateText: request.dateText,
      });
      return { original: png, originalExt: 'png', cover: png };
    },
    close: () => Promise.resolve(),
  };
}
