import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../app';
import { SYSTEM_ACTOR } from '../audit/service';
import { createTestApp } from '../testing/app';
import { testBackend } from '../testing/db';
import { basemapOrigins } from './basemap';
import { parseRange } from './routes';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-map-'));
const tilesFile = path.join(dir, 'basemap.pmtiles');
const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
fs.writeFileSync(tilesFile, bytes);

/** The Content-Security-Policy's directives of a response, by name. */
function policy(header: string | string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

describe(`map basemap and Content-Security-Policy (${testBackend()})`, () => {
  let beffroi: BeffroiApp;
  beforeAll(async () => {
    beffroi = await createTestApp({ modules: [], env: { BEFFROI_MAP_TILES: tilesFile } });
  }, 60_000);
  afterAll(async () => {
    await beffroi?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const setMap = (value: unknown) => beffroi.ctx.settings.set(beffroi.ctx.db, SYSTEM_ACTOR, 'platform.map', value);
  const get = (url: string, headers: Record<string, string> = {}) => beffroi.app.inject({ method: 'GET', url, headers });

  it('draws no basemap by default, and the policy opens no other origin; workers may start from blob:', async () => {
    const res = await get('/api/public/map');
    expect(res.json()).toEqual({ kind: 'none', attribution: null });
    const csp = policy(res.headers['content-security-policy']);
    expect(csp['connect-src']).toBe("'self'");
    expect(csp['img-src']).toBe("'self' data: blob:");
    expect(csp['font-src']).toBe("'self'");
    expect(csp['worker-src']).toBe("'self' blob:");
    expect(csp['script-src']).toBe("'self'");
    expect((await get('/api/public/map/tiles.pmtiles')).statusCode).toBe(404);
  });

  it('allows a configured style’s origins in connect-src, img-src and font-src only, and only while it is configured', async () => {
    await setMap({ basemap: 'style', styleUrl: 'https://tiles.example.fr/styles/plan/style.json', attribution: '© IGN', extraOrigins: ['https://glyphs.example.fr'] });
    const res = await get('/api/public/map');
    expect(res.json()).toEqual({ kind: 'style', styleUrl: 'https://tiles.example.fr/styles/plan/style.json', attribution: '© IGN' });
    const csp = policy((await get('/healthz')).headers['content-security-policy']);
    expect(csp['connect-src']).toBe("'self' https://tiles.example.fr https://glyphs.example.fr");
    expect(csp['img-src']).toBe("'self' data: blob: https://tiles.example.fr https://glyphs.example.fr");
    expect(csp['font-src']).toBe("'self' https://tiles.example.fr https://glyphs.example.fr");
    expect(csp['script-src']).toBe("'self'");
    expect(csp['default-src']).toBe("'self'");

    await setMap({ basemap: 'none' });
    expect(policy((await get('/healthz')).headers['content-security-policy'])['connect-src']).toBe("'self'");
  });

  it('refuses a style that is not https, or an origin with a path', async () => {
    await expect(setMap({ basemap: 'style', styleUrl: 'http://tiles.example.fr/style.json' })).rejects.toMatchObject({ status: 400 });
    await expect(setMap({ basemap: 'style', styleUrl: 'https://tiles.example.fr/style.json', extraOrigins: ["https://x.fr/a; script-src 'unsafe-inline'"] })).rejects.toMatchObject({ status: 400 });
    expect(policy((await get('/healthz')).headers['content-security-policy'])['connect-src']).toBe("'self'");
  });

  it('serves the PMTiles file with Range requests', async () => {
    await setMap({ basemap: 'pmtiles', attribution: '© OpenStreetMap' });
    expect((await get('/api/public/map')).json()).toEqual({ kind: 'pmtiles', url: '/api/public/map/tiles.pmtiles', attribution: '© OpenStreetMap' });
    const part = await get('/api/public/map/tiles.pmtiles', { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/300');
    expect(part.headers['accept-ranges']).toBe('bytes');
    expect([...part.rawPayload]).toEqual([...bytes.subarray(10, 20)]);
    const tail = await get('/api/public/map/tiles.pmtiles', { range: 'bytes=-5' });
    expect([...tail.rawPayload]).toEqual([...bytes.subarray(295)]);
    const whole = await get('/api/public/map/tiles.pmtiles');
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.length).toBe(300);
    const past = await get('/api/public/map/tiles.pmtiles', { range: 'bytes=400-' });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */300');
    // A stale If-Range: the whole file, not a piece of another version.
    const stale = await get('/api/public/map/tiles.pmtiles', { range: 'bytes=0-9', 'if-range': '"old"' });
    expect(stale.statusCode).toBe(200);
    expect(policy(part.headers['content-security-policy'])['connect-src']).toBe("'self'");
    await setMap({ basemap: 'none' });
  });

  it('reads ranges and origins as RFC 9110 and the setting say', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,3-4', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(basemapOrigins({ basemap: 'pmtiles', attribution: '' })).toEqual([]);
    expect(basemapOrigins({ basemap: 'style', styleUrl: 'https://a.fr:8443/s.json', attribution: '', extraOrigins: ['https://a.fr:8443'] })).toEqual(['https://a.fr:8443']);
  });
});
