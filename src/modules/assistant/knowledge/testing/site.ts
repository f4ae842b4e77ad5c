/** A small website on loopback for crawler tests: loops, robots.txt, off-host links, a slow page, a redirect loop. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestSite {
  url: string;
  hits: Map<string, number>;
  /** Replace a page's HTML (re-crawl tests). */
  pages: Record<string, string>;
  close(): Promise<void>;
}

const html = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title></head><body><nav><a href="/">Accueil</a></nav><main><h1>${title}</h1>${body}</main></body></html>`;

export async function startTestSite(opts: { slowMs?: number; robots?: string | null; robotsStatus?: number } = {}): Promise<TestSite> {
  const hits = new Map<string, number>();
  const pages: Record<string, string> = {
    '/': html('Accueil de la mairie', '<p>Bienvenue sur le site de la commune.</p><a href="/demarches">Démarches</a> <a href="/demarches#haut">ancre</a> <a href="/horaires?utm_source=x">Horaires</a> <a href="https://ailleurs.example.org/page">Ailleurs</a> <a href="/prive/secret">Privé</a> <a href="/lent">Lent</a> <a href="/boucle-a">Redirection</a> <a href="/doc.pdf">PDF</a> <a href="mailto:contact@mairie.fr">mail</a>'),
    '/demarches': html('Démarches', '<p>Les démarches d’état civil se font en mairie.</p><a href="/">retour</a> <a href="/demarches/carte-identite">Carte d’identité</a>'),
    '/demarches/carte-identite': html('Carte d’identité', '<p>La carte d’identité se demande sur rendez-vous.</p><a href="/demarches/carte-identite/pieces">Pièces</a> <a href="/demarches">retour</a>'),
    '/demarches/carte-identite/pieces': html('Pièces à fournir', '<p>Une photo d’identité récente et un justificatif de domicile.</p><a href="/">accueil</a>'),
    '/horaires': html('Horaires', '<p>La mairie est ouverte du lundi au vendredi de 8 h 30 à 17 h.</p><a href="/horaires?utm_source=y">moi-même</a>'),
    '/prive/secret': html('Secret', '<p>Ne doit pas être importé.</p>'),
    '/lent': html('Lent', '<p>Page lente.</p>'),
    '/noindex': '<html><head><meta name="robots" content="noindex"></head><body><p>Brouillon</p></body></html>',
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.pathname + (url.pathname === '/horaires' ? '' : url.search);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    if (url.pathname === '/robots.txt') {
      if (opts.robotsStatus) {
        res.writeHead(opts.robotsStatus).end();
        return;
      }
      if (opts.robots === null) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(opts.robots ?? 'User-agent: *\nDisallow: /prive/\n');
      return;
    }
    if (url.pathname === '/sitemap.xml') {
      res.writeHead(200, { 'content-type': 'application/xml' }).end(
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://${req.headers.host}/sitemap-pages.xml</loc></sitemap><sitemap><loc>http://${req.headers.host}/sitemap.xml</loc></sitemap></sitemapindex>`,
      );
      return;
    }
    if (url.pathname === '/sitemap-pages.xml') {
      res.writeHead(200, { 'content-type': 'application/xml' }).end(
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://${req.headers.host}/horaires</loc></url><url><loc>http://${req.headers.host}/demarches?a=1&amp;b=2</loc></url><url><loc>http://${req.headers.host}/prive/secret</loc></url><url><loc>https://ailleurs.example.org/x</loc></url></urlset>`,
      );
      return;
    }
    if (url.pathname === '/boucle-a' || url.pathname === '/boucle-b') {
      res.writeHead(302, { location: url.pathname === '/boucle-a' ? '/boucle-b' : '/boucle-a' }).end();
      return;
    }
    if (url.pathname === '/doc.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
      return;
    }
    if (url.pathname === '/lent' && opts.slowMs) {
      const t = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(pages['/lent']), opts.slowMs);
      res.on('close', () => clearTimeout(t));
      return;
    }
    const page = pages[key] ?? pages[url.pathname];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<p>introuvable</p>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    pages,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
