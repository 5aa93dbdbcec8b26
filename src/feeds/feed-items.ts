import type { AnyFeed, AtomFeed, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';

import type { FeedItem } from './candidate.js';

/** A parsed feed reduced to what the batch needs. */
export interface FeedItems {
  /** The feed's own title, `''` when it has none. */
  name: string;
  items: FeedItem[];
}

/** Maps feedsmith's result for RSS, Atom, RDF or JSON Feed to the common item shape. */
export function itemsOfFeed(parsed: AnyFeed): FeedItems {
  switch (parsed.format) {
    case 'rss':
      return { name: parsed.feed.title ?? '', items: (parsed.feed.items ?? []).map(rssItem) };
    case 'atom':
      return { name: textOf(parsed.feed.title), items: (parsed.feed.entries ?? []).map(atomEntry) };
    case 'rdf':
      return { name: parsed.feed.title ?? '', items: (parsed.feed.items ?? []).map(rdfItem) };
    case 'json':
      return { name: parsed.feed.title ?? '', items: (parsed.feed.items ?? []).map(jsonItem) };
  }
}

function rssItem(item: RssFeed.Item<string>): FeedItem {
  const guid = item.guid?.value;
  const guidIsLink =
    item.guid?.isPermaLink !== false && guid !== undefined && /^https?:/i.test(guid);
  return {
    guid,
    title: item.title ?? item.dc?.titles?.[0],
    summary: firstText(item.description, item.content?.encoded, item.dc?.descriptions?.[0]),
    url: firstText(item.link, guidIsLink ? guid : undefined, alternateLink(item.atom?.links)),
    published: firstText(item.pubDate, item.dc?.dates?.[0], item.atom?.published),
    updated: firstText(item.atom?.updated, item.dcterms?.modified?.[0]),
    raw: item,
  };
}

function atomEntry(entry: AtomFeed.Entry<string>): FeedItem {
  return {
    guid: entry.id,
    title: textOf(entry.title),
    summary: firstText(entry.summary?.value, entry.content?.value),
    url: alternateLink(entry.links),
    published: firstText(entry.published, entry.dc?.dates?.[0]),
    updated: entry.updated,
    raw: entry,
  };
}

function rdfItem(item: RdfFeed.Item<string>): FeedItem {
  return {
    guid: item.rdf?.about,
    title: item.title ?? item.dc?.titles?.[0],
    summary: firstText(item.description, item.content?.encoded, item.dc?.descriptions?.[0]),
    url: item.link ?? item.rdf?.about,
    published: item.dc?.dates?.[0],
    updated: item.dcterms?.modified?.[0],
    raw: item,
  };
}

function jsonItem(item: JsonFeed.Item<string>): FeedItem {
  // Real feeds give numeric ids although the spec wants strings; both identify the item.
  const id: unknown = item.id;
  return {
    guid: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined,
    title: item.title,
    summary: firstText(item.summary, item.content_text, item.content_html),
    url: firstText(item.url, item.external_url),
    published: item.date_published,
    updated: item.date_modified,
    raw: item,
  };
}

/** Atom's text constructs are objects; a lenient parse can leave a plain string. */
function textOf(text: AtomFeed.Text | string | undefined): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? text : (text.value ?? '');
}

/** The `alternate` link (or the first without a `rel`) that has a non-empty href. */
function alternateLink(links: { href?: string; rel?: string }[] | undefined): string | undefined {
  const usable = (links ?? []).filter((link) => link.href && link.href.trim() !== '');
  const alternate = usable.find((link) => link.rel === undefined || link.rel === 'alternate');
  return (alternate ?? usable[0])?.href;
}

/** The first value that has visible text, for elements that feeds leave empty. */
function firstText(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}
