import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TestStory {
  /** A word that appears in the title, the prompt and so in the fake's script. */
  key: string;
  title: string;
}

/**
 * Writes an RSS feed whose stories rank in the order given (each an hour older than the one
 * before), so a test knows which candidate the batch takes next.
 */
export async function writeTestFeed(dir: string, stories: readonly TestStory[]): Promise<string> {
  const base = Date.parse('2026-12-03T08:00:00Z');
  const items = stories.map(
    (story, index) => `
    <item>
      <title>${story.title}</title>
      <link>https://news.example.com/${story.key}</link>
      <guid>${story.key}</guid>
      <description>${story.title}。这是测试用的新闻摘要，${story.key}。</description>
      <pubDate>${new Date(base - index * 3_600_000).toUTCString()}</pubDate>
    </item>`,
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>测试新闻</title><link>https://news.example.com/</link>
<description>test feed</description>${items.join('')}
</channel></rss>`;
  const file = path.join(dir, 'feed.xml');
  await writeFile(file, xml);
  return file;
}
