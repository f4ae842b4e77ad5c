import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from './origin';

describe('login origin check', () => {
  const allowed = ['http://localhost:3000', 'https://beffroi.mairie.fr'];

  it('lets through clients that send neither header (not browsers)', () => {
    expect(isCrossSiteRequest({}, allowed)).toBe(false);
  });

  it('accepts same-origin fetches and user-started navigations', () => {
    expect(isCrossSiteRequest({ secFetchSite: 'same-origin', origin: 'http://localhost:3000' }, allowed)).toBe(false);
    expect(isCrossSiteRequest({ secFetchSite: 'none' }, allowed)).toBe(false);
    expect(isCrossSiteRequest({ origin: 'https://beffroi.mairie.fr' }, allowed)).toBe(false);
    expect(isCrossSiteRequest({ origin: 'https://beffroi.mairie.fr/' }, allowed)).toBe(false);
  });

  it('rejects cross-site and same-site (sibling subdomain) requests', () => {
    expect(isCrossSiteRequest({ secFetchSite: 'cross-site' }, allowed)).toBe(true);
    expect(isCrossSiteRequest({ secFetchSite: 'same-site' }, allowed)).toBe(true);
    expect(isCrossSiteRequest({ origin: 'https://evil.example' }, allowed)).toBe(true);
    expect(isCrossSiteRequest({ origin: 'http://beffroi.mairie.fr' }, allowed)).toBe(true);
  });

  it('rejects opaque and malformed origins', () => {
    expect(isCrossSiteRequest({ origin: 'null' }, allowed)).toBe(true);
    expect(isCrossSiteRequest({ origin: 'not a url' }, allowed)).toBe(true);
  });
});
