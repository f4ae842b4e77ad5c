/**
 * Which addresses Beffroi may connect to on a user's behalf (a URL typed by a person: a website
 * import, a sitemap, any future "fetch this URL"). Pure: no resolution, no connection; the fetch
 * helper (`outbound.ts`) resolves the host and asks here about every address it got.
 *
 * Why so strict: an address typed by an agent is fetched from inside the town hall's network,
 * and the page comes back as a draft document. Without these checks, `http://127.0.0.1:5432`,
 * the database's neighbours or the cloud metadata service (`169.254.169.254`, which hands out
 * the machine's credentials) could be read back through the crawler.
 *
 * Range matching uses `net.BlockList`, which matches an IPv4-mapped IPv6 address
 * (`::ffff:7f00:1`) against IPv4 rules by itself, but not the other IPv6 forms that carry an
 * IPv4 address (IPv4-compatible, NAT64, 6to4): those are unpacked here and checked as IPv4.
 */
import { BlockList, isIP } from 'node:net';

export interface OutboundPolicy {
  /**
   * When not empty, the only hosts that may be fetched: `mairie.fr` (that host exactly) or
   * `*.mairie.fr` (any host below it, not `mairie.fr` itself).
   */
  allowedHosts: readonly string[];
  /**
   * Networks an administrator opened although they are not public (a commune's intranet), in
   * CIDR notation. They never open a cloud metadata address.
   */
  allowedPrivateNetworks: readonly string[];
}

/** The default: any host, public addresses only. */
export const PUBLIC_ADDRESSES_ONLY: OutboundPolicy = { allowedHosts: [], allowedPrivateNetworks: [] };

export type AddressCategory =
  | 'metadata'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier_nat'
  | 'link_local'
  | 'unique_local'
  | 'multicast'
  | 'reserved'
  | 'benchmarking'
  | 'documentation'
  | 'ipv4_compatible'
  | 'not_an_address';

/**
 * Cloud instance metadata endpoints (AWS, GCP, Azure, OpenStack, Oracle: 169.254.169.254; AWS
 * IPv6: fd00:ec2::254; Alibaba: 100.100.100.200; AWS ECS task and EKS pod credentials:
 * 169.254.170.2, 169.254.170.23, fd00:ec2::23). Refused whatever the policy says.
 */
export const METADATA_ADDRESSES: readonly string[] = [
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '100.100.100.200',
  'fd00:ec2::254',
  'fd00:ec2::23',
];

const IPV4_RANGES: readonly [string, number, AddressCategory][] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network": 0.0.0.0 reaches the local host on Linux
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'carrier_nat'],
  ['169.254.0.0', 16, 'link_local'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'documentation'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // former 6to4 relay anycast
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes the broadcast 255.255.255.255
];

// Checked in order; global unicast (2000::/3) outside these is public, anything else is refused.
const IPV6_RANGES: readonly [string, number, AddressCategory][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'ipv4_compatible'], // deprecated ::a.b.c.d
  ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64
  ['100::', 64, 'reserved'], // discard-only
  ['2001::', 23, 'reserved'], // IETF protocol assignments, Teredo (which hides an IPv4 address)
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['fe80::', 10, 'link_local'],
  ['fec0::', 10, 'link_local'], // deprecated site-local
  ['fc00::', 7, 'unique_local'],
  ['ff00::', 8, 'multicast'],
];

function blockList(ranges: readonly [string, number, AddressCategory][], family: 'ipv4' | 'ipv6') {
  return ranges.map(([network, prefix, category]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { list, category };
  });
}

const IPV4_LISTS = blockList(IPV4_RANGES, 'ipv4');
const IPV6_LISTS = blockList(IPV6_RANGES, 'ipv6');
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');
const METADATA = new BlockList();
for (const a of METADATA_ADDRESSES) METADATA.addAddress(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');

/** The 16 bytes of an IPv6 address (zone index dropped), or null. */
export function ipv6Bytes(address: string): Uint8Array | null {
  let text = address.replace(/%.*$/, '');
  if (isIP(text) !== 6) return null;
  // A trailing dotted quad (`::ffff:1.2.3.4`) stands for the last two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const all = halves.length === 2 ? [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right] : left;
  if (all.length !== 8) return null;
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

const dotted = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const startsWith = (b: Uint8Array, prefix: number[]) => prefix.every((v, i) => b[i] === v);

/**
 * The address the socket really reaches: IPv4 for an IPv4-mapped IPv6 address, IPv6 written
 * out in full (eight groups, no zone index). Null when `address` is not an IP address.
 */
export function canonicalAddress(address: string): { address: string; family: 4 | 6 } | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return { address: bare, family: 4 };
  const bytes = ipv6Bytes(bare);
  if (!bytes) return null;
  if (startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return { address: dotted(bytes, 12), family: 4 };
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return { address: groups.join(':'), family: 6 };
}

/** The IPv4 address an IPv6 address carries and hands on (NAT64 64:ff9b::/96, 6to4 2002::/16). */
function embeddedIpv4(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return dotted(bytes, 12);
  if (startsWith(bytes, [0x20, 0x02])) return dotted(bytes, 2);
  return null;
}

function ipv4Category(address: string): AddressCategory | null {
  if (METADATA.check(address, 'ipv4')) return 'metadata';
  return IPV4_LISTS.find((r) => r.list.check(address, 'ipv4'))?.category ?? null;
}

/**
 * Why an address is not a public one, or null when it is. `::ffff:127.0.0.1` is loopback,
 * `64:ff9b::a9fe:a9fe` is the metadata address through NAT64.
 */
export function addressCategory(address: string): AddressCategory | null {
  const canonical = canonicalAddress(address);
  if (!canonical) return 'not_an_address';
  if (canonical.family === 4) return ipv4Category(canonical.address);
  // A zone index (`fe80::1%eth0`) only makes sense on a link.
  if (address.includes('%')) return 'link_local';
  if (METADATA.check(canonical.address, 'ipv6')) return 'metadata';
  const bytes = ipv6Bytes(canonical.address)!;
  const carried = embeddedIpv4(bytes);
  if (carried) return ipv4Category(carried);
  const listed = IPV6_LISTS.find((r) => r.list.check(canonical.address, 'ipv6'))?.category;
  if (listed) return listed;
  return GLOBAL_UNICAST.check(canonical.address, 'ipv6') ? null : 'reserved';
}

export interface ParsedNetwork {
  address: string;
  prefix: number;
  family: 4 | 6;
}

/** `10.20.0.0/16`, `fd12:3456::/48`, or a single address (`10.0.0.5` as /32). Null when invalid. */
export function parseNetwork(cidr: string): ParsedNetwork | null {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(cidr.trim());
  if (!m) return null;
  const family = isIP(m[1]!);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (prefix > max) return null;
  return { address: m[1]!, prefix, family };
}

/** Whether an opened network would contain a metadata address (so it may not be opened). */
export function networkHoldsMetadata(network: ParsedNetwork): boolean {
  const list = new BlockList();
  list.addSubnet(network.address, network.prefix, network.family === 4 ? 'ipv4' : 'ipv6');
  return METADATA_ADDRESSES.some((a) => list.check(a, isIP(a) === 4 ? 'ipv4' : 'ipv6'));
}

function openedNetworks(policy: OutboundPolicy): BlockList {
  const list = new BlockList();
  for (const cidr of policy.allowedPrivateNetworks) {
    const n = parseNetwork(cidr);
    // The setting's schema refuses these; a value written around it still opens nothing.
    if (!n || networkHoldsMetadata(n)) continue;
    list.addSubnet(n.address, n.prefix, n.family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

export type AddressVerdict = { allowed: true } | { allowed: false; category: AddressCategory };

/** May a connection go to this resolved (or literal) address under this policy? */
export function checkAddress(address: string, policy: OutboundPolicy): AddressVerdict {
  const category = addressCategory(address);
  if (category === null) return { allowed: true };
  if (category === 'metadata' || category === 'not_an_address') return { allowed: false, category };
  const canonical = canonicalAddress(address)!;
  if (openedNetworks(policy).check(canonical.address, canonical.family === 4 ? 'ipv4' : 'ipv6')) return { allowed: true };
  return { allowed: false, category };
}

/** A host name as the allow-list compares it: lower case, without the final dot of a fully qualified name. */
export function comparableHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}


export function hostAllowed(hostname: string, policy: OutboundPolicy): boolean {
  if (policy.allowedHosts.length === 0) return true;
  const host = comparableHost(hostname);
  return policy.allowedHosts.some((raw) => {
    const pattern = comparableHost(raw);
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
  });
}

export type OutboundRefusalCode =
  | 'outbound.invalid_url'
  | 'outbound.scheme_refused'
  | 'outbound.credentials_refused'
  | 'outbound.host_not_allowed'
  | 'outbound.address_refused';

export type UrlVerdict =
  | { allowed: true; url: URL; hostname: string; literalAddress: string | null }
  | { allowed: false; code: OutboundRefusalCode; detail: string };

const CATEGORY_WORDS: Record<AddressCategory, string> = {
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  private: 'a private network address',
  carrier_nat: 'a carrier-grade NAT address',
  link_local: 'a link-local address',
  unique_local: 'a unique local IPv6 address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  documentation: 'a documentation address',
  ipv4_compatible: 'an IPv4-compatible IPv6 address',
  not_an_address: 'not an IP address',
};

export function addressRefusal(host: string, address: string, category: AddressCategory): { code: 'outbound.address_refused'; detail: string } {
  // A host name's address is not repeated: the server's view of the internal DNS is not for the requester.
  const what = host === address ? `${address} is` : `${host} resolves to`;
  return { code: 'outbound.address_refused', detail: `${what} ${CATEGORY_WORDS[category]}: Beffroi does not fetch it.` };
}

/**
 * Everything that can be decided about a URL before resolving its host: scheme, credentials,
 * the allow-list, and a literal IP address in any notation (WHATWG parsing turns `2130706433`,
 * `0x7f.1` or `127.1` into `127.0.0.1`, and `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`).
 */
export function checkUrl(raw: string | URL, policy: OutboundPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { allowed: false, code: 'outbound.invalid_url', detail: 'This is not a valid URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { allowed: false, code: 'outbound.scheme_refused', detail: `Only http and https URLs are fetched, not ${url.protocol.replace(/:$/, '')}.` };
  }
  if (url.username || url.password) {
    return { allowed: false, code: 'outbound.credentials_refused', detail: 'A URL with a user name or password is not fetched.' };
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(hostname, policy)) {
    return { allowed: false, code: 'outbound.host_not_allowed', detail: `${hostname} is not among the hosts an administrator allowed.` };
  }
  const literal = isIP(hostname) ? hostname : null;
  if (literal) {
    const verdict = checkAddress(literal, policy);
    if (!verdict.allowed) return { allowed: false, ...addressRefusal(literal, literal, verdict.category) };
  }
  return { allowed: true, url, hostname, literalAddress: literal };
}
