import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { outboundSchema } from '../settings/core';
import {
  addressCategory,
  canonicalAddress,
  checkAddress,
  checkUrl,
  hostAllowed,
  networkHoldsMetadata,
  parseNetwork,
  PUBLIC_ADDRESSES_ONLY,
  type OutboundPolicy,
} from './address-policy';

const policy = (over: Partial<OutboundPolicy> = {}): OutboundPolicy => ({ ...PUBLIC_ADDRESSES_ONLY, ...over });

describe('net.BlockList and the IPv6 forms of an IPv4 address', () => {
  it('matches IPv4-mapped addresses against IPv4 rules by itself, but not the other forms that carry an IPv4 address', () => {
    const loopback = new BlockList();
    loopback.addSubnet('127.0.0.0', 8, 'ipv4');
    expect(loopback.check('::ffff:127.0.0.1', 'ipv6')).toBe(true);
    expect(loopback.check('::ffff:7f00:1', 'ipv6')).toBe(true);
    // Why address-policy unpacks them itself:
    expect(loopback.check('::127.0.0.1', 'ipv6')).toBe(false);
    expect(loopback.check('64:ff9b::7f00:1', 'ipv6')).toBe(false);
    expect(loopback.check('2002:7f00:1::', 'ipv6')).toBe(false);
  });
});

describe('addressCategory', () => {
  it.each([
    ['8.8.8.8', null],
    ['1.1.1.1', null],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.15.255.255', null],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', null],
    ['192.168.1.1', 'private'],
    ['100.63.255.255', null],
    ['100.64.0.1', 'carrier_nat'],
    ['100.127.255.255', 'carrier_nat'],
    ['100.128.0.0', null],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['192.0.0.170', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.17.255.255', null],
    ['198.18.0.0', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.20.0.0', null],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['2606:4700:4700::1111', null],
    ['2a01:e0a:1::1', null],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', null],
    ['::127.0.0.1', 'ipv4_compatible'],
    ['::7f00:1', 'ipv4_compatible'],
    ['::8.8.8.8', 'ipv4_compatible'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::808:808', null],
    ['64:ff9b:1::1', 'reserved'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:808:808::1', null],
    ['2001::1', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['fec0::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:0:7f00:1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['mairie.fr', 'not_an_address'],
    ['127.1', 'not_an_address'],
  ])('%s → %s', (address, category) => {
    expect(addressCategory(address)).toBe(category);
  });

  it('writes addresses as the socket reaches them', () => {
    expect(canonicalAddress('::ffff:7f00:1')).toEqual({ address: '127.0.0.1', family: 4 });
    expect(canonicalAddress('[::1]')).toEqual({ address: '0:0:0:0:0:0:0:1', family: 6 });
    expect(canonicalAddress('fe80::1%eth0')).toEqual({ address: 'fe80:0:0:0:0:0:0:1', family: 6 });
    expect(canonicalAddress('1:2:3:4:5:6:7:8')).toEqual({ address: '1:2:3:4:5:6:7:8', family: 6 });
    expect(canonicalAddress('nope')).toBeNull();
  });
});

describe('checkAddress and opened networks', () => {
  it('opens exactly the networks listed, in either notation of an IPv4 address', () => {
    const intranet = policy({ allowedPrivateNetworks: ['10.20.0.0/16', 'fd12:3456::/32'] });
    expect(checkAddress('10.20.3.4', intranet)).toEqual({ allowed: true });
    expect(checkAddress('::ffff:10.20.3.4', intranet)).toEqual({ allowed: true });
    expect(checkAddress('fd12:3456::9', intranet)).toEqual({ allowed: true });
    expect(checkAddress('10.21.0.1', intranet)).toEqual({ allowed: false, category: 'private' });
    expect(checkAddress('127.0.0.1', intranet)).toEqual({ allowed: false, category: 'loopback' });
    expect(checkAddress('93.184.215.14', intranet)).toEqual({ allowed: true });
  });

  it('opens one loopback address without opening its neighbours or ::1', () => {
    const testSite = policy({ allowedPrivateNetworks: ['127.0.0.1/32'] });
    expect(checkAddress('127.0.0.1', testSite).allowed).toBe(true);
    expect(checkAddress('127.0.0.2', testSite).allowed).toBe(false);
    expect(checkAddress('::1', testSite).allowed).toBe(false);
  });

  it('never opens a metadata address, even through a network written around the setting schema', () => {
    const careless = policy({ allowedPrivateNetworks: ['169.254.0.0/16', '100.64.0.0/10', '::ffff:0:0/96', 'fd00::/8'] });
    for (const a of ['169.254.169.254', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe', '100.100.100.200', 'fd00:ec2::254']) {
      expect(checkAddress(a, careless), a).toEqual({ allowed: false, category: 'metadata' });
    }
    // A network holding a metadata address opens nothing at all.
    expect(checkAddress('169.254.1.1', careless).allowed).toBe(false);
    expect(checkAddress('100.64.0.1', careless).allowed).toBe(false);
  });

  it('parses networks and tells which hold a metadata address', () => {
    expect(parseNetwork('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 4 });
    expect(parseNetwork('10.0.0.5')).toEqual({ address: '10.0.0.5', prefix: 32, family: 4 });
    expect(parseNetwork('fd12::/48')).toEqual({ address: 'fd12::', prefix: 48, family: 6 });
    expect(parseNetwork('10.0.0.0/33')).toBeNull();
    expect(parseNetwork('mairie.fr/24')).toBeNull();
    expect(networkHoldsMetadata(parseNetwork('169.254.169.0/24')!)).toBe(true);
    expect(networkHoldsMetadata(parseNetwork('169.254.0.0/24')!)).toBe(false);
    expect(networkHoldsMetadata(parseNetwork('::ffff:0:0/96')!)).toBe(true);
    expect(networkHoldsMetadata(parseNetwork('0.0.0.0/0')!)).toBe(true);
    expect(networkHoldsMetadata(parseNetwork('::/0')!)).toBe(true);
    expect(networkHoldsMetadata(parseNetwork('10.0.0.0/8')!)).toBe(false);
  });
});

describe('checkUrl', () => {
  const refusedAs = (url: string, p: OutboundPolicy = PUBLIC_ADDRESSES_ONLY) => {
    const v = checkUrl(url, p);
    return v.allowed ? 'allowed' : v.code;
  };

  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://127.000.000.001/',
    'http://127.0.0.1./',
    'http://①②⑦.0.0.1/',
    'http://0/',
    'http://[::]/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[2002:7f00:1::]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://10.0.0.1/',
    'http://192.168.0.1/',
    'http://100.64.0.1/',
    'http://198.18.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://0xa9fea9fe/',
    'http://2852039166/',
    'http://[fd00:ec2::254]/',
    'http://100.100.100.200/',
    'https://[64:ff9b::a9fe:a9fe]/',
  ])('refuses the literal address in %s', (url) => {
    expect(refusedAs(url)).toBe('outbound.address_refused');
  });

  it('accepts public addresses and host names (resolved later), and only http(s) without credentials', () => {
    expect(refusedAs('https://www.vincennes.fr/demarches')).toBe('allowed');
    expect(refusedAs('http://93.184.215.14/')).toBe('allowed');
    expect(refusedAs('http://[2606:4700:4700::1111]/')).toBe('allowed');
    for (const url of ['file:///etc/passwd', 'ftp://mairie.fr/', 'gopher://127.0.0.1:25/', 'data:text/html,x', 'javascript:alert(1)', 'ws://mairie.fr/']) {
      expect(refusedAs(url), url).toBe('outbound.scheme_refused');
    }
    expect(refusedAs('http://agent:secret@mairie.fr/')).toBe('outbound.credentials_refused');
    expect(refusedAs('http://agent@mairie.fr/')).toBe('outbound.credentials_refused');
    expect(refusedAs('not a url')).toBe('outbound.invalid_url');
    const v = checkUrl('http://[::ffff:127.0.0.1]:8080/', PUBLIC_ADDRESSES_ONLY);
    expect(v).toMatchObject({ allowed: false, detail: expect.stringContaining('loopback') });
  });

  it('limits hosts to the allow-list, exactly or below a domain, and still checks the address', () => {
    const listed = policy({ allowedHosts: ['mairie.fr', '*.vincennes.fr'] });
    expect(refusedAs('https://mairie.fr/', listed)).toBe('allowed');
    expect(refusedAs('https://MAIRIE.fr./', listed)).toBe('allowed');
    expect(refusedAs('https://www.mairie.fr/', listed)).toBe('outbound.host_not_allowed');
    expect(refusedAs('https://www.vincennes.fr/', listed)).toBe('allowed');
    expect(refusedAs('https://a.b.vincennes.fr/', listed)).toBe('allowed');
    expect(refusedAs('https://vincennes.fr/', listed)).toBe('outbound.host_not_allowed');
    expect(refusedAs('https://evilvincennes.fr/', listed)).toBe('outbound.host_not_allowed');
    expect(refusedAs('https://vincennes.fr.evil.com/', listed)).toBe('outbound.host_not_allowed');
    expect(refusedAs('http://127.0.0.1/', policy({ allowedHosts: ['127.0.0.1'] }))).toBe('outbound.address_refused');
    expect(hostAllowed('anything.example', PUBLIC_ADDRESSES_ONLY)).toBe(true);
  });
});

describe('the platform.outbound setting', () => {
  it('accepts host patterns and private networks, refuses networks holding a metadata address', () => {
    expect(outboundSchema.parse({})).toEqual({ allowedHosts: [], allowedPrivateNetworks: [] });
    expect(outboundSchema.parse({ allowedHosts: ['mairie.fr', '*.vincennes.fr', 'xn--mairie-lev-hbb.fr'], allowedPrivateNetworks: ['10.20.0.0/16', '192.168.1.10', 'fd12::/48'] }).allowedPrivateNetworks).toHaveLength(3);
    for (const networks of [['169.254.0.0/16'], ['0.0.0.0/0'], ['::/0'], ['fd00:ec2::/32'], ['100.100.100.200/32'], ['::ffff:0:0/96'], ['10.0.0.0/40'], ['intranet'], ['10.0.0.0/8 ']]) {
      expect(outboundSchema.safeParse({ allowedPrivateNetworks: networks }).success, networks[0]).toBe(false);
    }
    for (const hosts of [['http://mairie.fr'], ['mairie.fr/x'], ['*'], ['*.'], ['mai rie.fr'], ['mairié.fr']]) {
      expect(outboundSchema.safeParse({ allowedHosts: hosts }).success, hosts[0]).toBe(false);
    }
    expect(outboundSchema.safeParse({ allowedHosts: [], allowedPrivateNetworks: [], other: 1 }).success).toBe(false);
  });
});
