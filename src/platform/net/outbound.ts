/**
 * The one way Beffroi fetches a URL on a user's behalf (a website import, a sitemap, its
 * robots.txt, any future "fetch this URL"). Configured endpoints that an administrator or the
 * deployment chose (AI providers, the WhatsApp Graph API) do not go through here: they may
 * legitimately be on the local network.
 *
 * Each hop: the URL is checked (scheme, credentials, allow-list, literal address), its host is
 * resolved and EVERY address checked (`address-policy.ts`), then the socket is pinned to the
 * checked addresses: the connection never resolves the name again, so DNS rebinding cannot move
 * it elsewhere, while TLS still verifies the certificate against the host name (SNI included).
 * Redirects are followed by hand, each hop checked the same way, up to a maximum. The body stops
 * at a size limit (after decompression), and one deadline covers the whole exchange: resolution,
 * connection, every hop, and a body that trickles in.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { DbOrTx } from '../db/client';
import { HttpProblem } from '../http/problem';
import { OUTBOUND_KEY } from '../settings/core';
import type { SettingsService } from '../settings/service';
import { addressRefusal, canonicalAddress, checkAddress, checkUrl, type OutboundPolicy, type OutboundRefusalCode } from './address-policy';

export type { OutboundPolicy } from './address-policy';

export type OutboundErrorCode =
  | OutboundRefusalCode
  | 'outbound.unresolvable'
  | 'outbound.unreachable'
  | 'outbound.too_many_redirects'
  | 'outbound.too_large'
  | 'outbound.timeout'
  | 'outbound.aborted'
  | 'outbound.invalid_response';

const POLICY_REFUSALS: ReadonlySet<string> = new Set<OutboundRefusalCode>([
  'outbound.invalid_url',
  'outbound.scheme_refused',
  'outbound.credentials_refused',
  'outbound.host_not_allowed',
  'outbound.address_refused',
]);

/** A 422 problem when a request asked for the fetch; callers in jobs record its code and message. */
export class OutboundError extends HttpProblem {
  constructor(
    public override readonly code: OutboundErrorCode,
    detail: string,
  ) {
    super(422, code, detail);
    this.name = 'OutboundError';
  }

  /** Refused by the policy (as opposed to failing on the network): retrying will not help. */
  get refusedByPolicy(): boolean {
    return POLICY_REFUSALS.has(this.code);
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name. Injected in tests; the default asks the system, as a connection would. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, order: 'verbatim' })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export interface OutboundRequestOptions {
  policy: OutboundPolicy;
  resolve?: Resolver;
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  /** A POST's body (e.g. a web push message). A POST follows no redirect (the 3xx is returned). */
  body?: Uint8Array;
  /** Redirects followed, each hop checked; 0 returns the 3xx response itself. Default 5. */
  maxRedirects?: number;
  /** Largest body read, after decompression. Default 10 MiB. */
  maxBytes?: number;
  /** Deadline for the whole exchange, redirects and body included. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Decides from the status and headers whether the body is read at all (a crawler skips what it will not keep). */
  wantBody?: (head: { status: number; headers: Headers }) => boolean;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: number;
  /** Empty when `wantBody` declined it. */
  body: Buffer;
  /** The body decoded with the charset the response declares (UTF-8 otherwise). */
  text(): string;
}

const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export async function loadOutboundPolicy(settings: SettingsService, tx?: DbOrTx): Promise<OutboundPolicy> {
  return settings.get<OutboundPolicy>(OUTBOUND_KEY, tx);
}

/** The checks of one hop: the URL, then every address its host resolves to. */
async function checkedAddresses(url: URL, policy: OutboundPolicy, resolve: Resolver, signal: AbortSignal): Promise<{ hostname: string; addresses: ResolvedAddress[] }> {
  const verdict = checkUrl(url, policy);
  if (!verdict.allowed) throw new OutboundError(verdict.code, verdict.detail);
  const { hostname, literalAddress } = verdict;
  if (literalAddress) return { hostname, addresses: [{ address: literalAddress, family: isIP(literalAddress) === 6 ? 6 : 4 }] };
  let addresses: ResolvedAddress[];
  try {
    addresses = await untilAborted(resolve(hostname), signal);
  } catch (err) {
    if (signal.aborted) throw err;
    throw new OutboundError('outbound.unresolvable', `${hostname} could not be resolved.`);
  }
  if (addresses.length === 0) throw new OutboundError('outbound.unresolvable', `${hostname} could not be resolved.`);
  for (const { address } of addresses) {
    const v = checkAddress(address, policy);
    if (!v.allowed) {
      const r = addressRefusal(hostname, address, v.category);
      throw new OutboundError(r.code, r.detail);
    }
  }
  return { hostname, addresses };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A `lookup` that answers only with the addresses already checked, so the socket cannot go anywhere else. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 6 || options.family === 'IPv6' ? 6 : options.family === 4 || options.family === 'IPv4' ? 4 : 0;
    const usable = family ? addresses.filter((a) => a.family === family) : addresses;
    if (usable.length === 0) {
      callback(Object.assign(new Error('No checked address of that family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (options.all) callback(null, usable);
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
}

interface Sent {
  res: IncomingMessage;
  /** The peer the socket connected to. */
  remoteAddress: string | undefined;
  /** Closes the socket: nothing is kept alive, whatever the server does (some only half-close). */
  close(): void;
}

function send(url: URL, hostname: string, addresses: ResolvedAddress[], method: string, headers: Record<string, string>, signal: AbortSignal, body?: Uint8Array): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const tls = url.protocol === 'https:';
    let connectedTo: string | undefined;
    const req = (tls ? https : http).request({
      protocol: url.protocol,
      hostname,
      port: url.port || (tls ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      lookup: pinnedLookup(addresses),
      // No pooled socket: one kept alive for this host could have been opened to another address.
      agent: false,
      signal,
      // The certificate is checked against the name, whatever address the socket was pinned to.
      ...(tls && !isIP(hostname) ? { servername: hostname } : {}),
    });
    // Read at connection time: a server that closes right after answering leaves no peer to ask later.
    req.once('socket', (socket) => socket.once('connect', () => (connectedTo = socket.remoteAddress)));
    req.once('response', (res) => resolve({ res, remoteAddress: connectedTo ?? res.socket?.remoteAddress, close: () => req.destroy() }));
    req.once('error', reject);
    req.end(body);
  });
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
    } catch {
      // A header value fetch's Headers refuses carries nothing a caller needs.
    }
  }
  return headers;
}

function tooLarge(maxBytes: number) {
  return new OutboundError('outbound.too_large', `The response is larger than ${maxBytes} bytes.`);
}

async function readBody(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    res.destroy();
    throw tooLarge(maxBytes);
  }
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  // Decompressed size is what counts: a small compressed body can expand without bound.
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH })
      : encoding === 'deflate'
        ? zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH })
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  if (!decoder && encoding !== 'identity' && encoding !== '') {
    res.destroy();
    throw new OutboundError('outbound.invalid_response', `Unsupported content encoding "${encoding}".`);
  }
  const source: Readable = decoder ? pipeline(res, decoder, () => {}) : res;
  const stop = () => res.destroy(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof OutboundError || signal.aborted) throw err;
    if (decoder) throw new OutboundError('outbound.invalid_response', `The ${encoding} body could not be decoded.`);
    throw err;
  } finally {
    signal.removeEventListener('abort', stop);
    res.destroy();
  }
  return Buffer.concat(chunks);
}

function decodeText(body: Buffer, contentType: string | null): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/**
 * Fetches a URL typed by a user, under the outbound policy. Throws `OutboundError` (a 422
 * problem with an `outbound.*` code) when the URL, an address or a redirect is refused, when
 * the body is too large, or when the deadline passes.
 */
export async function fetchOutbound(input: string | URL, options: OutboundRequestOptions): Promise<OutboundResponse> {
  const resolve = options.resolve ?? systemResolver;
  // A POST follows no redirect: its body is not sent again to wherever a redirect points.
  const maxRedirects = options.method === 'POST' ? 0 : (options.maxRedirects ?? DEFAULT_MAX_REDIRECTS);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('outbound deadline')), timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  const headers: Record<string, string> = {
    'user-agent': 'Beffroi/1.0 (+https://beffroi.org)',
    accept: '*/*',
    // Not deflate: servers disagree on whether it is zlib-wrapped.
    'accept-encoding': 'gzip, br',
  };
  for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
  if (options.method === 'POST') headers['content-length'] = String(options.body?.byteLength ?? 0);
  try {
    let url = new URL(input);
    for (let redirects = 0; ; redirects++) {
      const { hostname, addresses } = await checkedAddresses(url, options.policy, resolve, signal);
      const { res, remoteAddress, close } = await send(url, hostname, addresses, options.method ?? 'GET', headers, signal, options.method === 'POST' ? options.body : undefined);
      try {
        // The pinned lookup is the guarantee; this only makes sure nothing ever bypassed it.
        const remote = canonicalAddress(remoteAddress ?? '')?.address;
        if (!remote || !addresses.some((a) => canonicalAddress(a.address)?.address === remote)) {
          throw new OutboundError('outbound.address_refused', `The connection to ${hostname} reached an address that was not checked.`);
        }
        const location = res.headers.location;
        if (maxRedirects > 0 && REDIRECT_STATUSES.has(res.statusCode ?? 0) && location) {
          if (redirects >= maxRedirects) throw new OutboundError('outbound.too_many_redirects', `More than ${maxRedirects} redirects.`);
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            throw new OutboundError('outbound.invalid_response', 'The server redirected to an invalid URL.');
          }
          if (next.origin !== url.origin) for (const h of ORIGIN_BOUND_HEADERS) delete headers[h];
          url = next;
          continue;
        }
        const status = res.statusCode ?? 0;
        const head = { status, headers: responseHeaders(res) };
        let body: Buffer = Buffer.alloc(0);
        if (options.method !== 'HEAD' && (options.wantBody?.(head) ?? true)) body = await readBody(res, maxBytes, signal);
        return { ...head, url: url.toString(), redirects, body, text: () => decodeText(body, head.headers.get('content-type')) };
      } finally {
        close();
      }
    }
  } catch (err) {
    if (err instanceof OutboundError) throw err;
    if (options.signal?.aborted) throw new OutboundError('outbound.aborted', 'The request was cancelled.');
    if (deadline.signal.aborted) throw new OutboundError('outbound.timeout', `No complete answer within ${formatSeconds(timeoutMs)}.`);
    if (err instanceof TypeError && (err as { code?: string }).code === 'ERR_INVALID_URL') {
      throw new OutboundError('outbound.invalid_url', 'This is not a valid URL.');
    }
    const code = (err as { code?: string }).code;
    throw new OutboundError('outbound.unreachable', `The server could not be reached${code ? ` (${code})` : ''}.`);
  } finally {
    clearTimeout(timer);
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * The checks `fetchOutbound` makes before connecting (URL, resolution, every address), without
 * connecting: a route answers 422 at once instead of queuing a job that will be refused.
 */
export async function checkOutboundTarget(input: string | URL, options: { policy: OutboundPolicy; resolve?: Resolver; timeoutMs?: number }): Promise<void> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? 5000);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new OutboundError('outbound.invalid_url', 'This is not a valid URL.');
  }
  try {
    await checkedAddresses(url, options.policy, options.resolve ?? systemResolver, signal);
  } catch (err) {
    if (err instanceof OutboundError) throw err;
    throw new OutboundError('outbound.unresolvable', `${url.hostname} could not be resolved in time.`);
  }
}
