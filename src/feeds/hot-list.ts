import type { FeedItem } from './candidate.js';
import { parseTimestamp } from './dates.js';
import type { FeedItems } from './feed-items.js';

/**
 * Hot lists ("热榜") as JSON: the DailyHotApi response
 * `{code, name, title, type, link, total, updateTime, fromCache, data: [{id, title, desc?, cover?,
 * author?, hot?, timestamp?, url, mobileUrl}]}` and the plainer snapshot
 * `{data: [{title, url, createdAt?, hot?}]}`. Hot lists often carry no dates; those items get
 * the first-seen time later.
 */

type JsonObject = Record<string, unknown>;

/** True when the value has a `data` array whose entries look like hot-list items. */
export function isHotList(value: unknown): value is JsonObject & { data: unknown[] } {
  if (!isObject(value) || !Array.isArray(value.data)) return false;
  // An empty `data` list is an empty hot list (as snapshots of a quiet list are), not junk.
  if (value.data.length === 0) return true;
  return value.data.some((entry) => isObject(entry) && typeof entry.title === 'string');
}

/** The list's name and items; entries without a title are skipped. */
export function itemsOfHotList(list: JsonObject & { data: unknown[] }): FeedItems {
  const items = list.data.filter(isObject).flatMap((entry) => {
    const item = hotListItem(entry);
    return item ? [item] : [];
  });
  return { name: hotListName(list), items };
}

/** `title` and `type` of a DailyHotApi response (e.g. "微博 热搜榜"), else its `name`. */
function hotListName(list: JsonObject): string {
  const title = stringField(list, 'title');
  const type = stringField(list, 'type');
  if (title) return type && !title.includes(type) ? `${title} ${type}` : title;
  return stringField(list, 'name') ?? '';
}

function hotListItem(entry: JsonObject): FeedItem | undefined {
  const title = stringField(entry, 'title');
  if (!title) return undefined;
  const id = entry.id;
  const item: FeedItem = {
    guid: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined,
    title,
    summary: stringField(entry, 'desc') ?? stringField(entry, 'description'),
    url: stringField(entry, 'url') ?? stringField(entry, 'mobileUrl'),
    raw: entry,
  };
  const timestamp = entry.timestamp ?? entry.createdAt ?? entry.time;
  if (typeof timestamp === 'number') item.publishedMs = parseTimestamp(timestamp);
  else if (typeof timestamp === 'string' && /^\d{9,13}$/.test(timestamp.trim())) {
    item.publishedMs = parseTimestamp(Number(timestamp));
  } else if (typeof timestamp === 'string') item.published = timestamp;
  return item;
}

function stringField(value: JsonObject, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' && field.trim() !== '' ? field : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
