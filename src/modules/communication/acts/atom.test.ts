import { describe, expect, it } from 'vitest';
import { atomFeed, escapeXml } from './atom';

describe('atomFeed', () => {
  const feed = atomFeed({
    self: 'https://ville.fr/api/communication/acts/feed.atom?a=1&b=2',
    alternate: 'https://ville.fr/deliberations',
    title: 'Ville <Test> & "Co"',
    author: 'Mairie d’Ici',
    updated: new Date('2026-03-27T10:00:00Z'),
    entries: [
      {
        id: 'https://ville.fr/deliberations/actes/1',
        title: 'Tarifs <script>alert(1)</script> & co',
        link: 'https://ville.fr/deliberations/actes/1',
        published: new Date('2026-03-27T10:00:00Z'),
        updated: new Date('2026-03-27T10:00:00Z'),
        summary: 'Le prix passe de 5,90 € à 6,10 € l\'an prochain\u0001.',
        categories: ['education', 'a"b'],
      },
    ],
  });

  it('escapes every text and attribute and drops what XML cannot carry', () => {
    expect(feed).toContain('<title>Ville &lt;Test&gt; &amp; &quot;Co&quot;</title>');
    expect(feed).toContain('<title>Tarifs &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>');
    expect(feed).toContain('href="https://ville.fr/api/communication/acts/feed.atom?a=1&amp;b=2"');
    expect(feed).toContain('<category term="a&quot;b"/>');
    expect(feed).toContain('l&apos;an prochain.</summary>');
    expect(feed).not.toContain('\u0001');
    expect(feed).not.toContain('<script>');
  });

  it('is a well-formed Atom document', () => {
    expect(feed.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')).toBe(true);
    expect(feed.match(/<entry>/g)).toHaveLength(1);
    expect(feed.trim().endsWith('</feed>')).toBe(true);
    expect(feed).toContain('<updated>2026-03-27T10:00:00.000Z</updated>');
  });

  it('escapeXml leaves lone surrogates out', () => {
    expect(escapeXml('a\uD800b')).toBe('ab');
  });
});
