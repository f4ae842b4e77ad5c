/**
 * Imports a commune's website: from its sitemap, or by following links from a root page.
 * Same host only, robots.txt obeyed (user agent BeffroiBot), depth and page limits, a
 * per-request timeout and a total time budget, redirects followed by hand (same host,
 * loop-safe), only text/html kept. Pages are handed to `onPage` one at a time, so each is
 * ingested in its own transaction while the crawl goes on. Every request, robots.txt and each
 * redirect included, goes through the platform's outbound fetch (`fetchOutbound`): the address
 * policy is checked at every hop, and a refusal is reported like any other page error.
 */
import robotsParser from 'robots-parser';
import { parse } from 'node-html-parser';
import { fetchOutbound, OutboundError, type OutboundPolicy, type Resolver } from '../../../platform/net/outbound';
import { htmlToText } from './parsers/html';

export const CRAWLER_USER_AGENT = 'BeffroiBot';

export interface CrawlOptions {
  url: string;
  /** What may be fetched: the `platform.outbound` setting (`loadOutboundPolicy`). */
  policy: OutboundPolicy;
  /** Host name resolution; the system's by default (tests inject one). */
  resolve?: Resolver;
  mode: 'sitemap' | 'crawl';
  maxPages: number;
  maxDepth: number;
  requestTimeoutMs?: number;
  totalBudgetMs?: number;
  maxPageBytes?: number;
  /** Longest pause honoured from robots.txt's Crawl-delay. */
  maxCrawlDelayMs?: number;
  signal?: AbortSignal;
}

export interface CrawledPage {
  url: string;
  title: string | null;
  body: string;
  depth: number;
}

export interface CrawlIssue {
  url: string;
  code: string;
  message: string;
}

export interface CrawlReport {
  pagesFound: number;
  pagesFetched: number;
  skipped: CrawlIssue[];
  errors: CrawlIssue[];
  stoppedBy: 'done' | 'page_limit' | 'time_budget' | 'aborted';
}

export class CrawlError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    /** Refused by the outbound address policy (`outbound.*` code). */
    public readonly refusedByPolicy = false,
  ) {
    super(message);
  }
}

const TRACKING_PARAM = /^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+|xtor)$/i;
const NON_HTML_EXTENSION = /\.(pdf|docx?|xlsx?|pptx?|odt|ods|zip|gz|rar|7z|jpe?g|png|gif|webp|svg|ico|mp[34]|avi|mov|webm|css|js|json|xml|rss|ics|txt|csv)$/i;
const MAX_REDIRECTS = 5;
const MAX_SITEMAPS = 50;

/** Canonical form for the visited set: no fragment, no tracking parameters, sorted query, no default port. */
export function normalizeUrl(raw: string, base?: string): string | null {
  let u: URL;
  try {
    u = new URL(raw, base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  u.username = '';
  u.password = '';
  const params = [...u.searchParams].filter(([k]) => !TRACKING_PARAM.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(params).toString();
  if (u.pathname === '') u.pathname = '/';
  return u.toString();
}

class Budget {
  private readonly deadline: number;
  constructor(ms: number) {
    this.deadline = Date.now() + ms;
  }
  get remaining(): number {
    return this.deadline - Date.now();
  }
  get exhausted(): boolean {
    return this.remaining <= 0;
  }
}

interface FetchOutcome {
  status: number;
  finalUrl: string;
  contentType: string;
  text: string | null;
}

export async function crawlSite(opts: CrawlOptions, onPage: (page: CrawledPage) => Promise<void>): Promise<CrawlReport> {
  const requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
  const maxPageBytes = opts.maxPageBytes ?? 5 * 1024 * 1024;
  const maxCrawlDelayMs = opts.maxCrawlDelayMs ?? 2000;
  const budget = new Budget(opts.totalBudgetMs ?? 10 * 60_000);
  const root = normalizeUrl(opts.url);
  if (!root) throw new CrawlError('knowledge.crawl_invalid_url', 'Adresse de départ invalide');
  const host = new URL(root).host;
  const report: CrawlReport = { pagesFound: 0, pagesFetched: 0, skipped: [], errors: [], stoppedBy: 'done' };
  const sameHost = (u: string) => new URL(u).host === host;

  /** One GET, redirects followed by hand so each hop is checked (host, loops, robots), each through the outbound policy. */
  const fetchText = async (start: string, accept: (ct: string) => boolean): Promise<FetchOutcome> => {
    const seen = new Set<string>();
    let url = start;
    for (let hop = 0; ; hop++) {
      if (seen.has(url) || hop > MAX_REDIRECTS) throw new CrawlError('knowledge.crawl_redirect_loop', 'Boucle de redirections');
      seen.add(url);
      const timeout = Math.max(1, Math.min(requestTimeoutMs, budget.remaining));
      const isRedirect = (status: number, headers: Headers) => status >= 300 && status < 400 && headers.has('location');
      let res;
      try {
        res = await fetchOutbound(url, {
          policy: opts.policy,
          resolve: opts.resolve,
          maxRedirects: 0,
          maxBytes: maxPageBytes,
          timeoutMs: timeout,
          signal: opts.signal,
          headers: { 'user-agent': `${CRAWLER_USER_AGENT}/1.0 (+https://beffroi.org)`, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5' },
          wantBody: ({ status, headers }) => !isRedirect(status, headers) && status < 400 && accept((headers.get('content-type') ?? '').toLowerCase()),
        });
      } catch (err) {
        throw crawlErrorOf(err, timeout);
      }
      if (isRedirect(res.status, res.headers)) {
        const next = normalizeUrl(res.headers.get('location')!, url);
        if (!next || !sameHost(next)) throw new CrawlError('knowledge.crawl_off_host', 'Redirection vers un autre site');
        if (!robots.isAllowed(next, CRAWLER_USER_AGENT)) throw new CrawlError('knowledge.crawl_robots_disallowed', 'Page interdite par robots.txt');
        url = next;
        continue;
      }
      const contentType = (res.headers.get('content-type') ?? '').toLowerCase();
      if (res.status >= 400 || !accept(contentType)) return { status: res.status, finalUrl: url, contentType, text: null };
      return { status: res.status, finalUrl: url, contentType, text: res.text() };
    }
  };

  // robots.txt: absent (4xx) allows everything; unreachable or failing (5xx) means "do not crawl" (RFC 9309).
  let robots = robotsParser(new URL('/robots.txt', root).toString(), '');
  {
    const robotsUrl = new URL('/robots.txt', root).toString();
    let out: FetchOutcome;
    try {
      out = await fetchText(robotsUrl, () => true);
    } catch (err) {
      // A refused address is the answer itself, not a reason to suspect robots.txt.
      if (err instanceof CrawlError && (err.code === 'knowledge.crawl_aborted' || err.refusedByPolicy)) throw err;
      throw new CrawlError('knowledge.crawl_robots_unavailable', `robots.txt est injoignable : import refusé par prudence (${(err as Error).message})`);
    }
    if (out.status >= 500) throw new CrawlError('knowledge.crawl_robots_unavailable', 'robots.txt renvoie une erreur serveur : import refusé par prudence');
    robots = robotsParser(robotsUrl, out.status < 400 ? (out.text ?? '') : '');
  }
  const crawlDelayMs = Math.min(maxCrawlDelayMs, (robots.getCrawlDelay(CRAWLER_USER_AGENT) ?? 0) * 1000);

  const queue: { url: string; depth: number }[] = [];
  const visited = new Set<string>();
  const enqueue = (url: string, depth: number) => {
    if (visited.has(url)) return;
    visited.add(url);
    if (!sameHost(url)) {
      report.skipped.push({ url, code: 'knowledge.crawl_off_host', message: 'Autre site' });
      return;
    }
    if (NON_HTML_EXTENSION.test(new URL(url).pathname)) {
      report.skipped.push({ url, code: 'knowledge.crawl_not_html', message: 'Pas une page HTML' });
      return;
    }
    if (!robots.isAllowed(url, CRAWLER_USER_AGENT)) {
      report.skipped.push({ url, code: 'knowledge.crawl_robots_disallowed', message: 'Interdit par robots.txt' });
      return;
    }
    report.pagesFound++;
    queue.push({ url, depth });
  };

  if (opts.mode === 'sitemap') {
    for (const url of await readSitemaps(root, fetchText, sameHost, budget, report)) enqueue(url, 0);
  } else {
    enqueue(root, 0);
  }

  const fetched = new Set<string>();
  let first = true;
  while (queue.length) {
    if (opts.signal?.aborted) {
      report.stoppedBy = 'aborted';
      break;
    }
    if (report.pagesFetched >= opts.maxPages) {
      report.stoppedBy = 'page_limit';
      break;
    }
    if (budget.exhausted) {
      report.stoppedBy = 'time_budget';
      break;
    }
    const { url, depth } = queue.shift()!;
    if (!first && crawlDelayMs > 0) await new Promise((r) => setTimeout(r, Math.min(crawlDelayMs, Math.max(0, budget.remaining))));
    first = false;
    let out: FetchOutcome;
    try {
      out = await fetchText(url, (ct) => ct.startsWith('text/html') || ct.startsWith('application/xhtml+xml'));
    } catch (err) {
      if (err instanceof CrawlError && err.code === 'knowledge.crawl_aborted') {
        report.stoppedBy = 'aborted';
        break;
      }
      const e = err instanceof CrawlError ? err : new CrawlError('knowledge.crawl_failed', (err as Error).message);
      report.errors.push({ url, code: e.code, message: e.message });
      if (budget.exhausted) {
        report.stoppedBy = 'time_budget';
        break;
      }
      continue;
    }
    if (out.text === null) {
      if (out.status >= 400) report.errors.push({ url, code: 'knowledge.crawl_http_error', message: `HTTP ${out.status}` });
      else report.skipped.push({ url, code: 'knowledge.crawl_not_html', message: out.contentType || 'type inconnu' });
      continue;
    }
    // A redirect may land on a page already fetched under another address.
    if (fetched.has(out.finalUrl)) continue;
    fetched.add(out.finalUrl);
    visited.add(out.finalUrl);
    report.pagesFetched++;
    const page = htmlToText(out.text);
    if (opts.mode === 'crawl' && depth < opts.maxDepth) {
      for (const link of extractLinks(out.text, out.finalUrl)) enqueue(link, depth + 1);
    }
    if (page.noindex) {
      report.skipped.push({ url: out.finalUrl, code: 'knowledge.crawl_noindex', message: 'La page demande à ne pas être indexée' });
      continue;
    }
    if (!page.body) {
      report.skipped.push({ url: out.finalUrl, code: 'knowledge.crawl_empty_page', message: 'Page sans texte' });
      continue;
    }
    await onPage({ url: out.finalUrl, title: page.title, body: page.body, depth });
  }
  return report;
}

/** The crawler's report codes for network failures; policy refusals keep their `outbound.*` code. */
function crawlErrorOf(err: unknown, timeoutMs: number): CrawlError {
  if (!(err instanceof OutboundError)) return new CrawlError('knowledge.crawl_unreachable', 'Site injoignable');
  switch (err.code) {
    case 'outbound.aborted':
      return new CrawlError('knowledge.crawl_aborted', 'Import interrompu');
    case 'outbound.timeout':
      return new CrawlError('knowledge.crawl_timeout', `Pas de réponse en ${Math.round(timeoutMs / 1000)} s`);
    case 'outbound.too_large':
      return new CrawlError('knowledge.crawl_page_too_large', 'Page trop volumineuse');
    case 'outbound.unresolvable':
    case 'outbound.unreachable':
    case 'outbound.invalid_response':
      return new CrawlError('knowledge.crawl_unreachable', 'Site injoignable');
    default:
      return new CrawlError(err.code, REFUSAL_MESSAGES[err.code] ?? 'Adresse refusée', true);
  }
}

const REFUSAL_MESSAGES: Record<string, string> = {
  'outbound.address_refused': 'Adresse interne ou réservée (boucle locale, réseau privé, métadonnées du serveur…) : Beffroi ne va pas la lire',
  'outbound.host_not_allowed': 'Ce site n’est pas dans la liste des sites autorisés par un administrateur',
  'outbound.scheme_refused': 'Seules les adresses http et https sont importées',
  'outbound.credentials_refused': 'Une adresse avec identifiant ou mot de passe n’est pas importée',
};

export function extractLinks(html: string, base: string): string[] {
  const root = parse(html);
  const out: string[] = [];
  const baseHref = root.querySelector('base[href]')?.getAttribute('href');
  const effectiveBase = baseHref ? (normalizeUrl(baseHref, base) ?? base) : base;
  for (const a of root.querySelectorAll('a[href]')) {
    const rel = (a.getAttribute('rel') ?? '').toLowerCase();
    if (rel.includes('nofollow')) continue;
    const url = normalizeUrl(a.getAttribute('href')!, effectiveBase);
    if (url) out.push(url);
  }
  return out;
}

/** `<loc>` values of a sitemap (urlset) or sitemap index, with XML entities decoded. */
export function parseSitemap(xml: string): { kind: 'index' | 'urlset'; locs: string[] } {
  const kind = /<sitemapindex[\s>]/i.test(xml) ? 'index' : 'urlset';
  const locs = [...xml.matchAll(/<loc>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/loc>/gi)].map((m) =>
    m[1]!
      .trim()
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'"),
  );
  return { kind, locs };
}

async function readSitemaps(
  root: string,
  fetchText: (url: string, accept: (ct: string) => boolean) => Promise<FetchOutcome>,
  sameHost: (u: string) => boolean,
  budget: Budget,
  report: CrawlReport,
): Promise<string[]> {
  const pending = [root];
  const seen = new Set<string>();
  const urls: string[] = [];
  while (pending.length && seen.size < MAX_SITEMAPS && !budget.exhausted) {
    const url = pending.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    let out: FetchOutcome;
    try {
      out = await fetchText(url, (ct) => ct.includes('xml') || ct.startsWith('text/plain') || ct === '');
    } catch (err) {
      if (url === root) throw err;
      report.errors.push({ url, code: (err as CrawlError).code ?? 'knowledge.crawl_failed', message: (err as Error).message });
      continue;
    }
    if (out.text === null) {
      if (url === root) throw new CrawlError('knowledge.sitemap_unreadable', `Plan de site illisible (HTTP ${out.status}, ${out.contentType || 'type inconnu'})`);
      report.errors.push({ url, code: 'knowledge.sitemap_unreadable', message: `HTTP ${out.status}` });
      continue;
    }
    const parsed = parseSitemap(out.text);
    if (url === root && parsed.locs.length === 0 && !/<(urlset|sitemapindex)[\s>]/i.test(out.text)) {
      throw new CrawlError('knowledge.sitemap_unreadable', 'Ce fichier n’est pas un plan de site (sitemap) XML');
    }
    for (const loc of parsed.locs) {
      const n = normalizeUrl(loc, out.finalUrl);
      if (!n) continue;
      if (!sameHost(n)) {
        report.skipped.push({ url: n, code: 'knowledge.crawl_off_host', message: 'Autre site' });
        continue;
      }
      if (parsed.kind === 'index') pending.push(n);
      else urls.push(n);
    }
  }
  return urls;
}
