import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type BeffroiApp } from '../../platform/app';
import { openDatabase, queryRows, sql, type Database } from '../../platform/db/client';
import { createTestApp } from '../../platform/testing/app';
import { openTestDatabase, testBackend, testConfig } from '../../platform/testing/db';
import { territoryModule } from './manifest';
import { accountsModule } from '../accounts/manifest';
import { trustModule } from '../trust/manifest';

describe('territory', () => {
  let beffroi: BeffroiApp;
  beforeAll(async () => {
    beffroi = await createTestApp({ modules: [accountsModule, trustModule, territoryModule], env: { BEFFROI_SEED_DEMO: 'true' } });
  });
  afterAll(async () => beffroi?.close());

  it('serves the demo commune, its neighbours and the sources of its figures', async () => {
    const res = await beffroi.app.inject({ method: 'GET', url: '/api/public/territory?boundaries=true' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.demo).toBe(true);
    expect(body.commune.code).toMatch(/^\d[\dAB]\d{3}$/);
    expect(body.neighbours.length).toBeGreaterThan(0);
    expect(body.sources.length).toBeGreaterThan(0);
    expect(body.boundaries.features).toHaveLength(body.neighbours.length + 1);
  });

  it('names the organisation after the demo commune and seeds only once', async () => {
    const org = await beffroi.app.inject({ method: 'GET', url: '/api/public/settings/organisation' });
    const territory = (await beffroi.app.inject({ method: 'GET', url: '/api/public/territory' })).json();
    expect(org.json().name).toBe(`Ville de ${territory.commune.name}`);
  });

  it('names the district zoning residents choose from, labelled as demonstration sectors', async () => {
    const body = (await beffroi.app.inject({ method: 'GET', url: '/api/public/territory' })).json();
    expect(body.districtZoning).toMatchObject({ code: 'secteurs-demo', kind: 'custom', demo: true });
    expect(body.districtZoning.label.fr).toBe('Secteurs de démonstration (découpage géométrique, pas des quartiers officiels)');
    expect(body.commune).toMatchObject({ code: '94080', departement: '94', population: 48798, populationYear: 2021, areaKm2: 1.91 });
    expect(body.neighbours.map((n: { code: string }) => n.code).sort()).toEqual(['75056', '93048', '94033', '94067']); // as the previous fixture found
    expect(body.sources.map((s: { id: string }) => s.id)).toContain('lyon-iris-2012');
  });

  it('rejects unknown query parameters', async () => {
    const res = await beffroi.app.inject({ method: 'GET', url: '/api/public/territory?foo=1' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe(`territory demo seed (${testBackend()})`, () => {
  let database: Database & { url?: string };
  let dataDir: string | null = null;

  beforeAll(async () => {
    if (testBackend() === 'pglite') dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-territory-'));
    else database = await openTestDatabase();
  });
  afterAll(async () => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    else await database.close();
  });

  async function start(): Promise<BeffroiApp> {
    const target = dataDir ? { kind: 'pglite' as const, dataDir } : { kind: 'postgres' as const, url: database.url! };
    return createApp({
      config: testConfig({ BEFFROI_SEED_DEMO: 'true' }),
      modules: [accountsModule, trustModule, territoryModule],
      database: await openDatabase(target),
      webRoot: null,
      logger: false,
      startWorkers: false,
    });
  }

  async function snapshot(b: BeffroiApp) {
    const [row] = await queryRows<Record<string, unknown>>(
      b.ctx.db,
      sql`SELECT (SELECT count(*)::int FROM territory_zones) AS zones,
                 (SELECT count(*)::int FROM territory_sources) AS sources,
                 (SELECT string_agg(code || ':' || version, ',' ORDER BY code) FROM territory_zonings) AS versions,
                 (SELECT count(*)::int FROM audit_events WHERE action = 'territory.seed_demo') AS seeds`,
    );
    return row!;
  }

  it('seeds once: a second start changes nothing', async () => {
    const first = await start();
    const s1 = await snapshot(first);
    expect(s1).toEqual({ zones: 1671, sources: 6, versions: 'communes:1,departements:1,iris:1,secteurs-demo:1', seeds: 1 });
    await first.close();
    const second = await start();
    expect(await snapshot(second)).toEqual(s1);
    expect((await second.ctx.services.territory.zoneAt({ lng: 2.4353, lat: 48.8428 }, 'communes'))?.code).toBe('94080');
    await second.close();
  });
});
