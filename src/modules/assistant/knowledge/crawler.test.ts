import { afterEach, describe, expect, it } from 'vitest';
import { crawlSite, normalizeUrl, parseSitemap, type CrawledPage } from './crawler';
import { startTestSite, type TestSite } from './testing/site';
import type { OutboundPolicy, Resolver } from '../../../platform/net/outbound';

/** The test site listens on loopback, which production refuses: the tests open exactly that address. */
const TEST_SITE_ALLOWED: OutboundPolicy = { allowedHosts: [], allowedPrivateNetworks: ['127.0.0.1/32'] };
const PUBLIC_ONLY: OutboundPolicy = { allowedHosts: [], allowedPrivateNetworks: [] };

let site: TestSite | null = null;
afterEach(async () => {
  await site?.close();
  site = null;
});

const collect = () => {
  const pages: CrawledPage[] = [];
  return { pages, onPage: async (p: CrawledPage) => void pages.push(p) };
};
const paths = (pages: CrawledPage[]) => pages.map((p) => new URL(p.url).pathname).sort();

describe('normalizeUrl', () => {
  it('drops fragments and tracking parameters, sorts the query, refuses other schemes', () => {
    expect(normalizeUrl('HTTP://Example.org:80/a?b=2&a=1&utm_source=x#top')).toBe('http://example.org/a?a=1&b=2');
    expect(normalizeUrl('../c', 'http://example.org/a/b')).toBe('http://example.org/c');
    expect(normalizeUrl('mailto:x@y.fr')).toBeNull();
    expect(normalizeUrl('javascript:alert(1)')).toBeNull();
  });
  it('parses sitemaps and sitemap indexes', () => {
    expect(parseSitemap('<urlset><url><loc> http://a.fr/x?a=1&amp;b=2 </loc></url></urlset>')).toEqual({ kind: 'urlset', locs: ['http://a.fr/x?a=1&b=2'] });
    expect(parseSitemap('<sitemapindex><sitemap><loc><![CDATA[http://a.fr/s.xml]]></loc></sitemap></sitemapindex>').kind).toBe('index');
  });
});

describe('crawlSite on a loopback site', () => {
  it('follows same-host links once each despite loops, obeys robots.txt, skips other hosts and non-HTML', async () => {
    site = await startTestSite();
    const { pages, onPage } = collect();
    const report = await crawlSite({ url: site.url, policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 50, maxDepth: 5, requestTimeoutMs: 2000 }, onPage);
    expect(paths(pages)).toEqual(['/', '/demarches', '/demarches/carte-identite', '/demarches/carte-identite/pieces', '/horaires', '/lent']);
    // Loops (/ ↔ /demarches, /horaires?utm… → itself, fragments) fetched each page once.
    expect(site.hits.get('/')).toBe(1);
    expect(site.hits.get('/demarches')).toBe(1);
    expect(site.hits.get('/horaires')).toBe(1);
    expect(site.hits.has('/prive/secret')).toBe(false);
    const codes = report.skipped.map((s) => s.code);
    expect(codes).toContain('knowledge.crawl_robots_disallowed');
    expect(codes).toContain('knowledge.crawl_off_host');
    expect(codes).toContain('knowledge.crawl_not_html');
    expect(report.errors.find((e) => e.url.endsWith('/boucle-a'))?.code).toBe('knowledge.crawl_redirect_loop');
    expect(pages.find((p) => p.url.endsWith('/horaires'))!.body).toContain('8 h 30 à 17 h');
    expect(pages.find((p) => p.url.endsWith('/horaires'))!.body).not.toContain('Accueil');
    expect(report.stoppedBy).toBe('done');
  });

  it('respects the depth and page limits', async () => {
    site = await startTestSite();
    const shallow = collect();
    await crawlSite({ url: site.url, policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 50, maxDepth: 1 }, shallow.onPage);
    expect(paths(shallow.pages)).toEqual(['/', '/demarches', '/horaires', '/lent']);
    const limited = collect();
    const report = await crawlSite({ url: site.url, policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 2, maxDepth: 5 }, limited.onPage);
    expect(limited.pages).toHaveLength(2);
    expect(report.stoppedBy).toBe('page_limit');
  });

  it('gives up on a slow page after the request timeout and goes on', async () => {
    site = await startTestSite({ slowMs: 5000 });
    const { pages, onPage } = collect();
    const report = await crawlSite({ url: site.url, policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 50, maxDepth: 1, requestTimeoutMs: 300 }, onPage);
    expect(report.errors.find((e) => e.url.endsWith('/lent'))?.code).toBe('knowledge.crawl_timeout');
    expect(paths(pages)).toContain('/horaires');
  });

  it('stops at the total time budget', async () => {
    site = await startTestSite({ slowMs: 5000, robots: 'User-agent: *\nDisallow: /demarches\nDisallow: /horaires\n' });
    const { onPage } = collect();
    const report = await crawlSite({ url: site.url, policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 50, maxDepth: 1, requestTimeoutMs: 4000, totalBudgetMs: 400 }, onPage);
    expect(report.stoppedBy).toBe('time_budget');
  });

  it('reads a sitemap index (with a loop back to itself) and its urlset', async () => {
    site = await startTestSite();
    const { pages, onPage } = collect();
    const report = await crawlSite({ url: `${site.url}/sitemap.xml`, policy: TEST_SITE_ALLOWED, mode: 'sitemap', maxPages: 50, maxDepth: 0 }, onPage);
    expect(paths(pages)).toEqual(['/demarches', '/horaires']);
    expect(site.hits.get('/sitemap.xml')).toBe(1);
    expect(report.skipped.map((s) => s.code)).toEqual(expect.arrayContaining(['knowledge.crawl_robots_disallowed', 'knowledge.crawl_off_host']));
  });

  it('refuses to crawl when robots.txt fails, and when the sitemap is not one', async () => {
    site = await startTestSite({ robotsStatus: 503 });
    await expect(crawlSite({ url: site.url, policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 5, maxDepth: 1 }, async () => {})).rejects.toMatchObject({ code: 'knowledge.crawl_robots_unavailable' });
    await site.close();
    site = await startTestSite({ robots: null });
    await expect(crawlSite({ url: `${site.url}/horaires`, policy: TEST_SITE_ALLOWED, mode: 'sitemap', maxPages: 5, maxDepth: 0 }, async () => {})).rejects.toMatchObject({ code: 'knowledge.sitemap_unreadable' });
  });

  it('skips pages that ask not to be indexed', async () => {
    site = await startTestSite({ robots: null });
    const { pages, onPage } = collect();
    const report = await crawlSite({ url: `${site.url}/noindex`, policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 5, maxDepth: 0 }, onPage);
    expect(pages).toHaveLength(0);
    expect(report.skipped[0]?.code).toBe('knowledge.crawl_noindex');
  });
});

describe('crawlSite and the outbound address policy', () => {
  const refusal = { code: 'outbound.address_refused' };

  it('refuses a site on loopback, in every notation, without sending it a request', async () => {
    site = await startTestSite();
    const port = new URL(site.url).port;
    for (const url of [site.url, `http://2130706433:${port}/`, `http://0177.0.0.1:${port}/`, `http://127.1:${port}/`, `http://0x7f000001:${port}/`, `http://[::1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://[::ffff:7f00:1]:${port}/`, `http://[64:ff9b::7f00:1]:${port}/`, `http://0.0.0.0:${port}/`]) {
      await expect(crawlSite({ url, policy: PUBLIC_ONLY, mode: 'crawl', maxPages: 5, maxDepth: 1, requestTimeoutMs: 500 }, async () => {}), url).rejects.toMatchObject(refusal);
    }
    expect(site.hits.size).toBe(0);
  });

  it('refuses the cloud metadata address even when private networks are opened', async () => {
    await expect(
      crawlSite({ url: 'http://169.254.169.254/latest/meta-data/', policy: TEST_SITE_ALLOWED, mode: 'crawl', maxPages: 5, maxDepth: 1, requestTimeoutMs: 500 }, async () => {}),
    ).rejects.toMatchObject(refusal);
  });

  it('refuses a host name that resolves to a private address, even among public ones', async () => {
    site = await startTestSite();
    const port = new URL(site.url).port;
    const resolve: Resolver = async (host) => (host === 'intranet.mairie.test' ? [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }] : []);
    await expect(
      crawlSite({ url: `http://intranet.mairie.test:${port}/`, policy: TEST_SITE_ALLOWED, resolve, mode: 'crawl', maxPages: 5, maxDepth: 1, requestTimeoutMs: 500 }, async () => {}),
    ).rejects.toMatchObject(refusal);
    const toLoopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    await expect(
      crawlSite({ url: `http://mairie.test:${port}/`, policy: PUBLIC_ONLY, resolve: toLoopback, mode: 'crawl', maxPages: 5, maxDepth: 1, requestTimeoutMs: 500 }, async () => {}),
    ).rejects.toMatchObject(refusal);
    expect(site.hits.size).toBe(0);
  });

  it('records in the report a page whose host now resolves to a refused address, and fetches nothing from it', async () => {
    site = await startTestSite();
    const port = new URL(site.url).port;
    let lookups = 0;
    // Public (here: the opened test address) for robots.txt, then a private address: DNS rebinding between requests.
    const rebinding: Resolver = async () => [{ address: ++lookups === 1 ? '127.0.0.1' : '192.168.1.10', family: 4 }];
    const { pages, onPage } = collect();
    const report = await crawlSite({ url: `http://mairie.test:${port}/`, policy: TEST_SITE_ALLOWED, resolve: rebinding, mode: 'crawl', maxPages: 5, maxDepth: 1, requestTimeoutMs: 500 }, onPage);
    expect(pages).toHaveLength(0);
    expect(report.errors).toEqual([expect.objectContaining({ url: `http://mairie.test:${port}/`, code: 'outbound.address_refused' })]);
    expect([...site.hits.keys()]).toEqual(['/robots.txt']);
  });

  it('crawls a host of the allow-list and refuses the others', async () => {
    site = await startTestSite();
    const port = new URL(site.url).port;
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const policy: OutboundPolicy = { allowedHosts: ['*.mairie.test'], allowedPrivateNetworks: ['127.0.0.1/32'] };
    const { pages, onPage } = collect();
    await crawlSite({ url: `http://www.mairie.test:${port}/`, policy, resolve, mode: 'crawl', maxPages: 2, maxDepth: 1 }, onPage);
    expect(pages).toHaveLength(2);
    await expect(crawlSite({ url: `http://autre.test:${port}/`, policy, resolve, mode: 'crawl', maxPages: 2, maxDepth: 1 }, async () => {})).rejects.toMatchObject({
      code: 'outbound.host_not_allowed',
    });
  });
});
