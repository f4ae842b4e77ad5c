/**
 * The Atom feed (RFC 4287) of published acts. Pure. Text is escaped, and characters XML 1.0 cannot
 * carry at all (C0 controls other than tab and line ends, lone surrogates, U+FFFE, U+FFFF) are
 * dropped: one of them would make the whole feed unreadable to a reader's parser.
 */

// eslint-disable-next-line no-control-regex -- removing the characters XML cannot carry is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface AtomEntry {
  id: string;
  title: string;
  /** Absolute URL of the act's page. */
  link: string;
  updated: Date;
  published: Date;
  summary: string;
  categories: readonly string[];
}

export interface AtomFeed {
  /** Absolute URL of the feed itself. */
  self: string;
  /** Absolute URL of the page the feed mirrors. */
  alternate: string;
  title: string;
  author: string;
  updated: Date;
  entries: readonly AtomEntry[];
}

const el = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

export function atomFeed(feed: AtomFeed): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    el('id', feed.self),
    el('title', feed.title),
    el('updated', feed.updated.toISOString()),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.alternate)}"/>`,
    `<author>${el('name', feed.author)}</author>`,
  ];
  for (const e of feed.entries) {
    out.push(
      '<entry>',
      el('id', e.id),
      el('title', e.title),
      `<link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>`,
      el('published', e.published.toISOString()),
      el('updated', e.updated.toISOString()),
      ...e.categories.map((c) => `<category term="${escapeXml(c)}"/>`),
      `<summary type="text">${escapeXml(e.summary)}</summary>`,
      '</entry>',
    );
  }
  out.push('</feed>');
  return out.join('\n') + '\n';
}
