import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../platform/app';
import { queryRows, sql } from '../../platform/db/client';
import { listTables } from '../../platform/ops/catalog';
import { createTestApp } from '../../platform/testing/app';
import { testBackend } from '../../platform/testing/db';
import { accountsModule } from '../accounts/manifest';
import { trustModule } from '../trust/manifest';
import { territoryModule } from './manifest';

const ADMIN = { email: 'admin@test.beffroi.fr', password: 'test-admin-password-123' };
const NOTRE_DAME = { lng: 2.3499, lat: 48.853 };
const CHATEAU_DE_VINCENNES = { lng: 2.4353, lat: 48.8428 };
/** In the small second part of Châteaufort (78143), a MultiPolygon. */
const CHATEAUFORT_SECOND_PART = { lng: 2.1065, lat: 48.71773 };
const BELLECOUR = { lng: 4.832, lat: 45.7578 };

type Coordinates = number[][][];
const square = (x: number, y: number, size: number): Coordinates => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];
const feature = (properties: Record<string, unknown>, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties, geometry: { type, coordinates } });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** Districts inside Vincennes: a donut around an enclave, and a square beside them. */
const DONUT = [...square(2.43, 48.842, 0.006), [...square(2.432, 48.844, 0.002)[0]!].reverse()];
const ENCLAVE = square(2.432, 48.844, 0.002);
const DISTRICTS = collection(
  feature({ id: 'Q1', nom: 'Couronne', commune: '94080', habitants: 1200 }, DONUT),
  feature({ id: 'Q2', nom: 'Enclave', commune: '94080', habitants: 300 }, ENCLAVE),
  feature({ id: 'Q3', nom: 'Est', commune: '94080', habitants: 800 }, square(2.44, 48.842, 0.004)),
);

function multipart(content: string | Buffer, filename = 'quartiers.geojson', type = 'application/geo+json') {
  const boundary = '----beffroi-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe(`territory zonings (${testBackend()})`, () => {
  let beffroi: BeffroiApp;
  let auth: { cookie: string; 'x-csrf-token': string };

  beforeAll(async () => {
    beffroi = await createTestApp({ modules: [accountsModule, trustModule, territoryModule], env: { BEFFROI_SEED_DEMO: 'true' } });
    const login = await beffroi.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(login.statusCode, login.body).toBe(200);
    auth = { cookie: `beffroi_session=${login.cookies.find((c) => c.name === 'beffroi_session')!.value}`, 'x-csrf-token': login.json().csrfToken };
  }, 120_000);
  afterAll(async () => beffroi?.close());

  const territory = () => beffroi.ctx.services.territory;
  const get = (url: string, headers: Record<string, string> = {}) => beffroi.app.inject({ method: 'GET', url, headers });
  const importFile = (zoning: string, query: string, content: string | Buffer, filename?: string, type?: string) => {
    const { payload, headers } = multipart(content, filename, type);
    return beffroi.app.inject({ method: 'POST', url: `/api/admin/territory/zonings/${zoning}/import?${query}`, payload, headers: { ...headers, ...auth } });
  };
  const saveZoning = (code: string, body: Record<string, unknown>) =>
    beffroi.app.inject({ method: 'PUT', url: `/api/admin/territory/zonings/${code}`, payload: body, headers: auth });
  async function stored() {
    const [row] = await queryRows<{ zones: number; audit: number; versions: string }>(
      beffroi.ctx.db,
      sql`SELECT (SELECT count(*)::int FROM territory_zones) AS zones,
                 (SELECT count(*)::int FROM audit_events) AS audit,
                 (SELECT string_agg(code || ':' || version, ',' ORDER BY code) FROM territory_zonings) AS versions`,
    );
    return row!;
  }

  describe('the demo zonings', () => {
    it('lists the zonings with their nesting, versions and counts', async () => {
      const res = await get('/api/public/territory/zonings');
      expect(res.statusCode).toBe(200);
      const zonings = res.json().zonings as { code: string; parentCode: string | null; zoneCount: number; version: number; label: { fr: string } }[];
      expect(zonings.map((z) => [z.code, z.parentCode, z.zoneCount])).toEqual([
        ['communes', 'departements', 1298],
        ['departements', null, 9],
        ['iris', 'communes', 358],
        ['secteurs-demo', 'communes', 6],
      ]);
      expect(zonings.every((z) => z.version === 1)).toBe(true);
      expect(zonings.find((z) => z.code === 'secteurs-demo')!.label.fr).toBe('Secteurs de démonstration (découpage géométrique, pas des quartiers officiels)');
    });

    it('keeps no table referencing itself, so that a restore needs no session_replication_role', async () => {
      const tables = (await listTables(beffroi.ctx.db)).filter((t) => t.name.startsWith('territory_'));
      expect(tables.map((t) => t.name).sort()).toEqual(['territory_sources', 'territory_zone_parents', 'territory_zones', 'territory_zonings']);
      for (const t of tables) expect(t.references, t.name).not.toContain(t.name);
    });

    it('finds the zone holding a point on real outlines, MultiPolygons included', async () => {
      const t = territory();
      expect((await t.zoneAt(NOTRE_DAME, 'communes'))?.code).toBe('75056');
      expect(await t.zoneAt(CHATEAU_DE_VINCENNES, 'communes')).toMatchObject({ zoning: 'communes', code: '94080', name: 'Vincennes', version: 1 });
      expect((await t.zoneAt(CHATEAUFORT_SECOND_PART, 'communes'))?.code).toBe('78143');
      expect((await t.zoneAt(CHATEAU_DE_VINCENNES, 'departements'))?.code).toBe('94');
      expect((await t.zoneAt(CHATEAU_DE_VINCENNES, 'secteurs-demo'))?.code).toMatch(/^SD\d$/);
      // Outside every commune loaded; in a Lyon IRIS.
      expect(await t.zoneAt(BELLECOUR, 'communes')).toBeNull();
      expect((await t.zoneAt(BELLECOUR, 'iris'))?.code).toBe('693820204');
      expect(await t.zoneAt({ lng: 0, lat: 0 }, 'communes')).toBeNull();
      expect(await t.zoneAt(NOTRE_DAME, 'nowhere')).toBeNull();
      const many = await t.zonesAt([NOTRE_DAME, CHATEAU_DE_VINCENNES, BELLECOUR], 'communes');
      expect(many.map((z) => z?.code ?? null)).toEqual(['75056', '94080', null]);
      const located = await get(`/api/public/territory/zonings/communes/locate?lng=${NOTRE_DAME.lng}&lat=${NOTRE_DAME.lat}`);
      expect(located.json()).toEqual({ zone: { zoning: 'communes', code: '75056', name: 'Paris' }, version: 1 });
    });

    it('tells whether a point is in the commune served', async () => {
      expect(await territory().isInsideTerritory(CHATEAU_DE_VINCENNES)).toBe(true);
      expect(await territory().isInsideTerritory(NOTRE_DAME)).toBe(false);
      const served = await territory().servedTerritory();
      expect(served.commune).toEqual({ zoning: 'communes', code: '94080', name: 'Vincennes' });
      expect(served.districtZoning?.code).toBe('secteurs-demo');
    });

    it('walks the hierarchy: IRIS in commune in département', async () => {
      const iris = await territory().getZone('iris', '693820204');
      expect(iris?.ancestors).toEqual([
        { zoning: 'communes', code: '69123', name: 'Lyon' },
        { zoning: 'departements', code: '69', name: 'Rhône' },
      ]);
      const res = await get('/api/public/territory/zones/communes/94080');
      expect(res.statusCode).toBe(200);
      const vincennes = res.json();
      expect(vincennes).toMatchObject({ code: '94080', name: 'Vincennes', parentCode: '94', hasOutline: true, ancestors: [{ zoning: 'departements', code: '94', name: 'Val-de-Marne' }] });
      expect(vincennes.children).toEqual([{ zoning: 'secteurs-demo', count: 6 }]);
      expect(vincennes.population).toEqual({ count: 48798, year: 2021, sourceId: 'population-2021', estimated: false });
      expect(vincennes.geometry).toBeUndefined();
      expect(vincennes.attributes.find((a: { key: string }) => a.key === 'income_median')).toMatchObject({ unit: 'euros', year: 2016, sourceId: 'filosofi-2016' });
      const lyon = (await get('/api/public/territory/zones/communes/69123?geometry=full')).json();
      expect(lyon).toMatchObject({ hasOutline: false, geometry: null, areaM2: null });
      expect(lyon.children).toEqual([{ zoning: 'iris', count: expect.any(Number) }]);
    });

    it('gives the populations of zones, by age band when known, estimates marked', async () => {
      const sectors = await territory().populations('secteurs-demo');
      expect(sectors).toHaveLength(6);
      expect(sectors.reduce((s, z) => s + (z.population ?? 0), 0)).toBe(48798);
      expect(sectors.every((z) => z.estimated && z.byAge?.estimated && z.byAge.bands[0]!.minAge === 15)).toBe(true);
      const [vincennes] = await territory().populations('communes', ['94080']);
      expect(vincennes).toMatchObject({ population: 48798, year: 2021, estimated: false, byAge: { complete: false, bands: [{ minAge: 15, maxAge: 64 }] } });
    });

    it('serves zones as a list, or as GeoJSON simplified for display with an ETag', async () => {
      const list = await get('/api/public/territory/zonings/secteurs-demo/zones');
      expect(list.statusCode).toBe(200);
      expect(list.json().zones).toHaveLength(6);
      expect(list.json().zones[0]).not.toHaveProperty('geometry');
      const geo = await get('/api/public/territory/zonings/communes/zones?geometry=simplified');
      expect(geo.statusCode).toBe(200);
      expect(geo.headers['content-type']).toContain('application/json');
      const body = geo.json();
      expect(body.type).toBe('FeatureCollection');
      expect(body.features).toHaveLength(1298);
      expect(body.simplification.toleranceMetres).toBeGreaterThan(1);
      const vincennes = body.features.find((f: { id: string }) => f.id === '94080');
      expect(vincennes.geometry.type).toBe('Polygon');
      expect(body.features.find((f: { id: string }) => f.id === '69123').geometry).toBeNull();
      const etag = geo.headers.etag as string;
      expect(etag).toMatch(/^"communes-1-simplified-/);
      const again = await get('/api/public/territory/zonings/communes/zones?geometry=simplified', { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    });

    it('answers 404 for an unknown zoning or zone, 400 for a malformed code or an unknown parameter', async () => {
      expect((await get('/api/public/territory/zonings/quartiers/zones')).json().code).toBe('territory.zoning_not_found');
      expect((await get('/api/public/territory/zones/communes/99999')).json().code).toBe('territory.zone_not_found');
      expect((await get('/api/public/territory/zones/nowhere/99999')).statusCode).toBe(404);
      expect((await get('/api/public/territory/zonings/Communes!/zones')).statusCode).toBe(400);
      expect((await get('/api/public/territory/zonings/communes/zones?geometry=full')).statusCode).toBe(400);
      expect((await get('/api/public/territory/zonings/communes/locate?lng=200&lat=48')).statusCode).toBe(400);
    });
  });

  describe('importing zones from GeoJSON', () => {
    it('needs a signed-in administrator', async () => {
      const { payload, headers } = multipart(JSON.stringify(DISTRICTS));
      const res = await beffroi.app.inject({ method: 'POST', url: '/api/admin/territory/zonings/communes/import?codeProperty=code', payload, headers });
      expect(res.statusCode).toBe(401);
    });

    it('creates a zoning nested in the communes', async () => {
      const before = await stored();
      const res = await saveZoning('quartiers', { labelFr: 'Quartiers', labelEn: 'Neighbourhoods', kind: 'custom', parentCode: 'communes' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ code: 'quartiers', version: 1, zoneCount: 0, parentCode: 'communes', description: null });
      expect((await stored()).audit).toBe(before.audit + 1);
      expect((await saveZoning('boucle', { labelFr: 'B', labelEn: 'B', kind: 'custom', parentCode: 'inconnu' })).json().code).toBe('territory.unknown_parent_zoning');
    });

    it('reports before storing anything (dry run)', async () => {
      const before = await stored();
      const res = await importFile('quartiers', 'codeProperty=id&nameProperty=nom&parentProperty=commune&dryRun=true', JSON.stringify(DISTRICTS));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: true, created: 3, updated: 0, removed: 0, version: 1, report: { valid: true, features: 3, errorCount: 0 } });
      expect(await stored()).toEqual(before);
    });

    const BAD_FILES: [string, unknown, string][] = [
      ['an unclosed ring', collection(feature({ id: 'A', commune: '94080' }, [square(2.43, 48.842, 0.001)[0]!.slice(0, 4)])), 'unclosed_ring'],
      ['a ring of too few positions', collection(feature({ id: 'A', commune: '94080' }, [[[2.43, 48.842], [2.431, 48.842], [2.43, 48.842]]])), 'too_few_positions'],
      ['coordinates out of range', collection(feature({ id: 'A', commune: '94080' }, square(2.43, 48.842, 0.001)), feature({ id: 'B', commune: '94080' }, [[[2.43, 48.842], [2.431, 91], [2.43, 48.843], [2.43, 48.842]]])), 'coordinates_out_of_range'],
      ['a self-intersecting ring', collection(feature({ id: 'A', commune: '94080' }, [[[2.43, 48.842], [2.432, 48.844], [2.432, 48.842], [2.43, 48.844], [2.43, 48.842]]])), 'self_intersection'],
      ['duplicate codes', collection(feature({ id: 'A', commune: '94080' }, square(2.43, 48.842, 0.001)), feature({ id: 'A', commune: '94080' }, square(2.44, 48.842, 0.001))), 'duplicate_code'],
      ['a parent that matches nothing', collection(feature({ id: 'A', commune: '99999' }, square(2.43, 48.842, 0.001))), 'unknown_parent'],
      ['a feature without code', collection(feature({ commune: '94080' }, square(2.43, 48.842, 0.001))), 'missing_code'],
    ];
    for (const [what, file, problem] of BAD_FILES) {
      it(`refuses ${what} with its report, storing nothing`, async () => {
        const before = await stored();
        const res = await importFile('quartiers', 'codeProperty=id&parentProperty=commune', JSON.stringify(file));
        expect(res.statusCode, res.body).toBe(422);
        const body = res.json();
        expect(body.code).toBe('territory.import_invalid');
        expect(body.report.valid).toBe(false);
        expect(body.report.errors.map((e: { problem: string }) => e.problem)).toContain(problem);
        expect(body.report.errors[0].feature).toEqual(expect.any(Number));
        expect(await stored()).toEqual(before);
      });
    }

    it('refuses projected coordinates, with a clear message', async () => {
      const before = await stored();
      const lambert = collection(feature({ id: 'A', commune: '94080' }, [[[657000, 6861000], [658000, 6861000], [658000, 6862000], [657000, 6862000], [657000, 6861000]]]));
      const fr = await importFile('quartiers', 'codeProperty=id&parentProperty=commune&dryRun=true', JSON.stringify(lambert));
      expect(fr.statusCode).toBe(422);
      expect(fr.json()).toMatchObject({ code: 'territory.projected_coordinates', crs: 'EPSG:2154 (Lambert 93)' });
      expect(fr.json().detail).toMatch(/WGS 84 \(EPSG:4326\)/);
      const named = { ...collection(feature({ id: 'A' }, square(2.43, 48.842, 0.001))), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } };
      expect((await importFile('quartiers', 'codeProperty=id', JSON.stringify(named))).json().code).toBe('territory.projected_coordinates');
      expect(await stored()).toEqual(before);
    });

    it('refuses what is not GeoJSON: not JSON, not a FeatureCollection, a binary file', async () => {
      expect((await importFile('quartiers', 'codeProperty=id', '{"type": "FeatureCollection", "features": [')).json().code).toBe('territory.invalid_json');
      expect((await importFile('quartiers', 'codeProperty=id', JSON.stringify(feature({ id: 'A' }, square(2.43, 48.842, 0.001))))).json().code).toBe('territory.not_feature_collection');
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      const binary = await importFile('quartiers', 'codeProperty=id', png, 'x.geojson');
      expect(binary.statusCode).toBe(422);
      expect(binary.json().code).toBe('file.unsupported_type');
      expect((await importFile('departements', 'codeProperty=id&parentProperty=x', JSON.stringify(DISTRICTS))).json().code).toBe('territory.no_parent_zoning');
    });

    it('takes one file and no other field', async () => {
      const boundary = '----beffroi-test-boundary';
      const payload = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="codeProperty"\r\n\r\nid\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="q.geojson"\r\nContent-Type: application/geo+json\r\n\r\n${JSON.stringify(DISTRICTS)}\r\n--${boundary}--\r\n`,
      );
      const res = await beffroi.app.inject({
        method: 'POST',
        url: '/api/admin/territory/zonings/quartiers/import?codeProperty=id',
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...auth },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('territory.upload_fields');
      // A second file is a body of the wrong shape, not a large one: 400 with the same message.
      const file = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="q.geojson"\r\nContent-Type: application/geo+json\r\n\r\n${JSON.stringify(DISTRICTS)}\r\n`;
      const twoFiles = await beffroi.app.inject({
        method: 'POST',
        url: '/api/admin/territory/zonings/quartiers/import?codeProperty=id',
        payload: Buffer.from(`${file}${file}--${boundary}--\r\n`),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...auth },
      });
      expect([twoFiles.statusCode, twoFiles.json().code]).toEqual([400, 'territory.upload_fields']);
      const json = await beffroi.app.inject({ method: 'POST', url: '/api/admin/territory/zonings/quartiers/import?codeProperty=id', payload: DISTRICTS, headers: auth });
      expect(json.statusCode).toBe(415);
    });

    it('refuses a control character in the properties it is told to read', async () => {
      const res = await importFile('quartiers', `codeProperty=${encodeURIComponent('id\u0000')}`, JSON.stringify(DISTRICTS));
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/querystring/codeProperty']);
    });

    it('stores a valid file in one transaction, with its audit event, and the new zones answer lookups (an enclave in a hole)', async () => {
      const before = await stored();
      const res = await importFile('quartiers', 'codeProperty=id&nameProperty=nom&parentProperty=commune&populationProperty=habitants&populationYear=2024', JSON.stringify(DISTRICTS));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: false, created: 3, version: 2 });
      const after = await stored();
      expect(after.zones).toBe(before.zones + 3);
      expect(after.audit).toBe(before.audit + 1);
      const [event] = await queryRows<{ action: string; after: { created: number; file: { sha256: string } } }>(
        beffroi.ctx.db,
        sql`SELECT action, after FROM audit_events ORDER BY id DESC LIMIT 1`,
      );
      expect(event).toMatchObject({ action: 'territory.zones.import', after: { created: 3, file: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
      const t = territory();
      expect((await t.zoneAt({ lng: 2.433, lat: 48.845 }, 'quartiers'))?.code).toBe('Q2'); // in the hole: the enclave
      expect((await t.zoneAt({ lng: 2.4305, lat: 48.8425 }, 'quartiers'))?.code).toBe('Q1'); // in the ring around it
      expect((await t.zoneAt({ lng: 2.442, lat: 48.844 }, 'quartiers'))?.code).toBe('Q3');
      expect(await t.zoneAt({ lng: 2.437, lat: 48.8425 }, 'quartiers')).toBeNull();
      const q1 = await t.getZone('quartiers', 'Q1');
      expect(q1?.ancestors.map((a) => a.code)).toEqual(['94080', '94']);
      expect(q1?.population).toEqual({ count: 1200, year: 2024, sourceId: null, estimated: false });
      expect(await t.zoningVersion('quartiers')).toBe(2);
    });

    it('keeps a zone that zones of a nested zoning hang on; removes the others, and bumps the version', async () => {
      expect((await saveZoning('ilots', { labelFr: 'Îlots', labelEn: 'Blocks', kind: 'custom', parentCode: 'quartiers' })).statusCode).toBe(201);
      const ilot = collection(feature({ id: 'I1' }, square(2.4405, 48.8425, 0.001)));
      const nested = await importFile('ilots', 'codeProperty=id&parentByLocation=true', JSON.stringify(ilot));
      expect(nested.statusCode, nested.body).toBe(200);
      expect((await territory().getZone('ilots', 'I1'))?.ancestors.map((a) => a.code)).toEqual(['Q3', '94080', '94']);

      const withoutQ3 = collection(...DISTRICTS.features.slice(0, 2));
      const blocked = await importFile('quartiers', 'codeProperty=id&parentProperty=commune', JSON.stringify(withoutQ3));
      expect(blocked.statusCode).toBe(422);
      expect(blocked.json().report.errors).toMatchObject([{ code: 'Q3', problem: 'removes_parent_zone' }]);

      const withoutQ2 = collection(DISTRICTS.features[0], DISTRICTS.features[2]);
      const dry = await importFile('quartiers', 'codeProperty=id&parentProperty=commune&dryRun=true', JSON.stringify(withoutQ2));
      expect(dry.json()).toMatchObject({ removed: 1, updated: 2, report: { valid: true, warnings: [{ code: 'Q2', problem: 'removes_zone' }] } });
      const done = await importFile('quartiers', 'codeProperty=id&parentProperty=commune', JSON.stringify(withoutQ2));
      expect(done.json()).toMatchObject({ removed: 1, updated: 2, version: 3 });
      // The index follows the new version: the hole is now in no zone.
      expect(await territory().zoneAt({ lng: 2.433, lat: 48.845 }, 'quartiers')).toBeNull();
      // The population imported before stays when a file gives none.
      expect((await territory().getZone('quartiers', 'Q1'))?.population?.count).toBe(1200);
    });

    it('rebuilds its index within a second when another process changes a zoning', async () => {
      const t = territory();
      const before = await t.zoneAt(CHATEAU_DE_VINCENNES, 'secteurs-demo');
      expect(before).not.toBeNull();
      // What another process's import does: the zones change and the version goes up.
      await beffroi.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM territory_zones WHERE zoning_code = 'secteurs-demo' AND code = ${before!.code}`);
        await tx.execute(sql`UPDATE territory_zonings SET version = version + 1 WHERE code = 'secteurs-demo'`);
      });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await t.zoneAt(CHATEAU_DE_VINCENNES, 'secteurs-demo')).toBeNull();
      expect((await t.locator('secteurs-demo'))?.version).toBe(before!.version + 1);
    });

    it('deletes a zoning only when nothing depends on it', async () => {
      const del = (code: string) => beffroi.app.inject({ method: 'DELETE', url: `/api/admin/territory/zonings/${code}`, headers: auth });
      expect((await del('quartiers')).json()).toMatchObject({ code: 'territory.zoning_in_use' });
      expect((await del('communes')).json()).toMatchObject({ code: 'territory.zoning_served' });
      expect((await del('ilots')).statusCode).toBe(204);
      expect((await del('quartiers')).statusCode).toBe(204);
      expect((await get('/api/public/territory/zonings/quartiers/zones')).statusCode).toBe(404);
      expect(await territory().zoneAt(CHATEAU_DE_VINCENNES, 'quartiers')).toBeNull();
    });
  });
});
