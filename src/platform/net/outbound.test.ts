import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem';
import type { OutboundPolicy } from './address-policy';
import { checkOutboundTarget, fetchOutbound, OutboundError, type Resolver } from './outbound';

interface TestServer {
  host: string;
  port: number;
  url: string;
  hits: string[];
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: http.RequestListener, host = '127.0.0.1', port = 0): Promise<TestServer> {
  const hits: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    headers.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  const s: TestServer = {
    host,
    port: actual,
    url: `http://${host}:${actual}`,
    hits,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

const page = (body: string, type = 'text/html; charset=utf-8'): http.RequestListener => (_req, res) => res.writeHead(200, { 'content-type': type }).end(body);
const OPEN_TEST_SERVER: OutboundPolicy = { allowedHosts: [], allowedPrivateNetworks: ['127.0.0.1/32'] };
const PUBLIC_ONLY: OutboundPolicy = { allowedHosts: [], allowedPrivateNetworks: [] };
const resolvesTo = (...addresses: string[]): Resolver => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (err: unknown) => err as OutboundError);

describe('fetchOutbound: addresses', () => {
  it('refuses a loopback server by default, in any notation, without connecting to it', async () => {
    const s = await serve(page('<p>interne</p>'));
    for (const url of [s.url, `http://2130706433:${s.port}/`, `http://127.1:${s.port}/`, `http://[::ffff:127.0.0.1]:${s.port}/`, `http://[::1]:${s.port}/`, `http://[64:ff9b::7f00:1]:${s.port}/`]) {
      const err = await failure(fetchOutbound(url, { policy: PUBLIC_ONLY }));
      expect(err, url).toBeInstanceOf(OutboundError);
      expect(err.code).toBe('outbound.address_refused');
    }
    const localhost = await failure(fetchOutbound(`http://localhost:${s.port}/`, { policy: PUBLIC_ONLY }));
    expect(localhost.code).toBe('outbound.address_refused');
    expect(localhost.message).toBe('localhost resolves to a loopback address: Beffroi does not fetch it.');
    expect(s.hits).toEqual([]);
  });

  it('is a 422 problem with a stable code', async () => {
    const err = await failure(fetchOutbound('http://169.254.169.254/latest/meta-data/', { policy: OPEN_TEST_SERVER }));
    expect(err).toBeInstanceOf(HttpProblem);
    expect(err.toBody()).toMatchObject({ status: 422, code: 'outbound.address_refused', detail: '169.254.169.254 is a cloud metadata address: Beffroi does not fetch it.' });
    expect(err.refusedByPolicy).toBe(true);
  });

  it('refuses a host name when any of its addresses is refused', async () => {
    const s = await serve(page('x'));
    for (const resolve of [resolvesTo('10.1.2.3'), resolvesTo('127.0.0.1', '10.1.2.3'), resolvesTo('127.0.0.1', '::1'), resolvesTo('127.0.0.1', 'fd00:ec2::254')]) {
      expect((await failure(fetchOutbound(`http://intranet.test:${s.port}/`, { policy: OPEN_TEST_SERVER, resolve }))).code).toBe('outbound.address_refused');
    }
    expect((await failure(fetchOutbound(`http://nowhere.test:${s.port}/`, { policy: OPEN_TEST_SERVER, resolve: resolvesTo() }))).code).toBe('outbound.unresolvable');
    expect(s.hits).toEqual([]);
  });

  it('fetches from an opened network: status, headers, final URL, body and text in its charset', async () => {
    const s = await serve((_req, res) => res.writeHead(201, { 'content-type': 'text/plain; charset=iso-8859-1', 'x-mairie': 'Vincennes' }).end(Buffer.from('Hôtel de ville', 'latin1')));
    const res = await fetchOutbound(`http://mairie.test:${s.port}/accueil?x=1#haut`, { policy: OPEN_TEST_SERVER, resolve: resolvesTo('127.0.0.1') });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-mairie')).toBe('Vincennes');
    expect(res.url).toBe(`http://mairie.test:${s.port}/accueil?x=1#haut`);
    expect(res.redirects).toBe(0);
    expect(res.text()).toBe('Hôtel de ville');
    expect(s.hits).toEqual(['/accueil?x=1']);
    expect(s.headers[0]!.host).toBe(`mairie.test:${s.port}`);
  });

  it('reads an answer from a server that closes the connection at once', async () => {
    const raw = net.createServer((socket) => socket.resume().end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nbref'));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetchOutbound(`http://127.0.0.1:${(raw.address() as AddressInfo).port}/`, { policy: OPEN_TEST_SERVER });
      expect(res.text()).toBe('bref');
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('connects only to the address it checked, whatever the resolver answers next (DNS rebinding)', async () => {
    const checked = await serve(page('<p>public</p>'));
    // Same port on another loopback address, which the policy does not open: stands for a private server.
    const privateServer = await serve(page('<p>secret</p>'), '127.0.0.2', checked.port);
    let lookups = 0;
    const rebinding: Resolver = async () => [{ address: ++lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    const res = await fetchOutbound(`http://rebind.test:${checked.port}/`, { policy: OPEN_TEST_SERVER, resolve: rebinding });
    expect(res.text()).toBe('<p>public</p>');
    expect(lookups).toBe(1);
    expect(privateServer.hits).toEqual([]);
    // The next request resolves again, and is refused.
    expect((await failure(fetchOutbound(`http://rebind.test:${checked.port}/`, { policy: OPEN_TEST_SERVER, resolve: rebinding }))).code).toBe('outbound.address_refused');
    expect(privateServer.hits).toEqual([]);
  });
});

describe('fetchOutbound: redirects', () => {
  it('checks every hop: a redirect to a private address or another scheme is refused', async () => {
    const privateServer = await serve(page('<p>secret</p>'), '127.0.0.2');
    const s = await serve((req, res) => {
      const to: Record<string, string> = {
        '/to-private': `${privateServer.url}/secret`,
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
        '/to-intranet': 'http://intranet.test/',
        '/to-file': 'file:///etc/passwd',
        '/to-mapped': `http://[::ffff:127.0.0.2]:${privateServer.port}/`,
      };
      res.writeHead(302, { location: to[req.url ?? ''] ?? '/' }).end();
    });
    const resolve: Resolver = async (host) => (host === 'intranet.test' ? [{ address: '10.0.0.8', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    for (const [path, code] of [
      ['/to-private', 'outbound.address_refused'],
      ['/to-metadata', 'outbound.address_refused'],
      ['/to-intranet', 'outbound.address_refused'],
      ['/to-mapped', 'outbound.address_refused'],
      ['/to-file', 'outbound.scheme_refused'],
    ] as const) {
      expect((await failure(fetchOutbound(`${s.url}${path}`, { policy: OPEN_TEST_SERVER, resolve }))).code, path).toBe(code);
    }
    expect(privateServer.hits).toEqual([]);
  });

  it('follows allowed redirects up to a maximum, reports the final URL, and keeps credentials on their origin', async () => {
    const other = await serve(page('<p>arrivée</p>'), '127.0.0.2');
    const s = await serve((req, res) => {
      const n = Number(/^\/hop\/(\d+)$/.exec(req.url ?? '')?.[1] ?? -1);
      if (n > 0) res.writeHead(n % 2 ? 301 : 307, { location: `/hop/${n - 1}` }).end();
      else if (n === 0) res.writeHead(302, { location: `${other.url}/fin` }).end();
      else res.writeHead(302, { location: req.url === '/loop' ? '/loop' : '/' }).end();
    });
    const both: OutboundPolicy = { allowedHosts: [], allowedPrivateNetworks: ['127.0.0.0/30'] };
    const res = await fetchOutbound(`${s.url}/hop/3`, { policy: both, headers: { Authorization: 'Bearer x' } });
    expect(res.url).toBe(`${other.url}/fin`);
    expect(res.redirects).toBe(4);
    expect(res.text()).toBe('<p>arrivée</p>');
    expect(s.headers.every((h) => h.authorization === 'Bearer x')).toBe(true);
    expect(other.headers[0]!.authorization).toBeUndefined();
    expect((await failure(fetchOutbound(`${s.url}/hop/3`, { policy: both, maxRedirects: 3 }))).code).toBe('outbound.too_many_redirects');
    expect((await failure(fetchOutbound(`${s.url}/loop`, { policy: both }))).code).toBe('outbound.too_many_redirects');
    const manual = await fetchOutbound(`${s.url}/hop/1`, { policy: both, maxRedirects: 0 });
    expect(manual.status).toBe(301);
    expect(manual.headers.get('location')).toBe('/hop/0');
  });
});

describe('fetchOutbound: size and time limits', () => {
  const MiB = 1024 * 1024;

  it('stops reading past the size limit, declared or not, and counts the decompressed size', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/declared') res.writeHead(200, { 'content-length': String(2 * MiB) }).end(Buffer.alloc(2 * MiB, 'a'));
      else if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 32; i++) res.write(Buffer.alloc(64 * 1024, 'a'));
        res.end();
      } else if (req.url === '/bomb') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * MiB)));
      else res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/html; charset=utf-8' }).end(gzipSync('<p>compressé</p>'));
    });
    for (const path of ['/declared', '/chunked', '/bomb']) {
      const err = await failure(fetchOutbound(`${s.url}${path}`, { policy: OPEN_TEST_SERVER, maxBytes: MiB }));
      expect(err.code, path).toBe('outbound.too_large');
      expect(err.message).toBe(`The response is larger than ${MiB} bytes.`);
    }
    expect((await fetchOutbound(`${s.url}/small`, { policy: OPEN_TEST_SERVER, maxBytes: MiB })).text()).toBe('<p>compressé</p>');
    expect((await fetchOutbound(`${s.url}/declared`, { policy: OPEN_TEST_SERVER, maxBytes: MiB, wantBody: () => false })).body).toHaveLength(0);
  });

  it('gives up at the deadline: no answer, a body that trickles in, slow redirects', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/silent') return;
      if (req.url?.startsWith('/slow-hop')) {
        setTimeout(() => res.writeHead(302, { location: '/slow-hop' }).end(), 150);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(t));
    });
    for (const path of ['/silent', '/trickle', '/slow-hop']) {
      const started = Date.now();
      const err = await failure(fetchOutbound(`${s.url}${path}`, { policy: OPEN_TEST_SERVER, timeoutMs: 400, maxRedirects: 20 }));
      expect(err.code, path).toBe('outbound.timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('stops when the caller aborts', async () => {
    const s = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await failure(fetchOutbound(s.url, { policy: OPEN_TEST_SERVER, signal: controller.signal }))).code).toBe('outbound.aborted');
  });
});

describe('checkOutboundTarget', () => {
  it('makes the checks of a fetch without connecting', async () => {
    const s = await serve(page('x'));
    await expect(checkOutboundTarget(s.url, { policy: PUBLIC_ONLY })).rejects.toMatchObject({ code: 'outbound.address_refused', status: 422 });
    await expect(checkOutboundTarget(`http://localhost:${s.port}/`, { policy: PUBLIC_ONLY })).rejects.toMatchObject({ code: 'outbound.address_refused' });
    await expect(checkOutboundTarget('gopher://mairie.test/', { policy: PUBLIC_ONLY })).rejects.toMatchObject({ code: 'outbound.scheme_refused' });
    await expect(checkOutboundTarget('http://autre.test/', { policy: { allowedHosts: ['mairie.test'], allowedPrivateNetworks: [] } })).rejects.toMatchObject({
      code: 'outbound.host_not_allowed',
    });
    await expect(checkOutboundTarget(s.url, { policy: OPEN_TEST_SERVER })).resolves.toBeUndefined();
    await expect(checkOutboundTarget('http://mairie.test/', { policy: PUBLIC_ONLY, resolve: resolvesTo('93.184.215.14') })).resolves.toBeUndefined();
    expect(s.hits).toEqual([]);
  });
});

describe('a POST (web push)', () => {
  it('sends its body to the pinned address and follows no redirect', async () => {
    const bodies: string[] = [];
    const s = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.headers['content-length']} ${Buffer.concat(chunks).toString('utf8')}`);
        res.writeHead(302, { location: '/elsewhere' }).end();
      });
    });
    const res = await fetchOutbound(`http://push.test:${s.port}/p`, { policy: OPEN_TEST_SERVER, resolve: resolvesTo('127.0.0.1'), method: 'POST', body: new TextEncoder().encode('chiffré'), maxRedirects: 5 });
    expect(res.status).toBe(302);
    expect(res.redirects).toBe(0);
    expect(bodies).toEqual(['POST 8 chiffré']);
    const refused = await failure(fetchOutbound(`http://push.test:${s.port}/p`, { policy: PUBLIC_ONLY, resolve: resolvesTo('127.0.0.1'), method: 'POST', body: new Uint8Array(1) }));
    expect(refused.code).toBe('outbound.address_refused');
    expect(bodies).toHaveLength(1);
  });
});
