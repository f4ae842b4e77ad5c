import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client';
import { testBackend } from '../../platform/testing/db';
import { analyse, client, startObservatoryApp, type TestServer } from './testing/app';

let server: TestServer;
beforeAll(async () => {
  server = await startObservatoryApp();
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const admin = () => client(server.baseUrl, 'admin');
const analyst = () => client(server.baseUrl, 'analyst');
const resident = () => client(server.baseUrl);
const IMPORTS = '/api/admin/observatory/imports';

async function counts() {
  const [row] = await queryRows<{ values: number; imports: number; version: number; audit: number }>(
    server.beffroi.ctx.db,
    sql`SELECT (SELECT count(*)::int FROM observatory_values) AS values,
               (SELECT count(*)::int FROM observatory_imports) AS imports,
               (SELECT version::int FROM observatory_data_version) AS version,
               (SELECT count(*)::int FROM audit_events) AS audit`,
  );
  return row!;
}

async function auditOf(action: string) {
  return queryRows<{ subject_id: string; after: Record<string, unknown>; actor_id: string | null }>(
    server.beffroi.ctx.db,
    sql`SELECT subject_id, after, actor_id FROM audit_events WHERE action = ${action} ORDER BY id`,
  );
}

/** Windows-1252 bytes of a string (the characters used here are all in Latin-1). */
const latin1 = (text: string) => Buffer.from(text, 'latin1');

async function newIndicator(code: string) {
  const res = await admin().put(`/api/admin/observatory/indicators/${code}`, {
    theme: 'housing',
    unit: 'percent',
    direction: 'higher-is-worse',
    aggregation: 'mean',
    name: { fr: 'Logements vacants', en: 'Vacant dwellings' },
    phrase: { fr: 'la part de logements vacants', en: 'the share of vacant dwellings' },
    description: { fr: 'Part des logements vacants.', en: 'Share of vacant dwellings.' },
    source: { id: 'test-source', name: 'Source de test', publisher: 'Commune', licence: 'Licence Ouverte', url: null, usedFor: 'tests' },
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe(`observatory imports (${testBackend()})`, () => {
  it('imports a Latin-1 file with semicolons and decimal commas; NA, blanks and s stay missing or secret, never zero; audited', async () => {
    await newIndicator('VACANTS');
    const before = await counts();
    const file = latin1('code;libellé;année;indicateur;valeur\r\n94080;Vincennes;2020;VACANTS;7,5\r\n94033;Fontenay-sous-Bois;2020;VACANTS;NA\r\n94067;Saint-Mandé;2020;VACANTS;\r\n75056;Paris;2020;VACANTS;s\r\n94080;Vincennes;2021;VACANTS;1 234,5\r\n');
    const res = await admin().upload(IMPORTS, { name: 'vacants.csv', type: 'text/csv', data: file }, { zoning: 'communes' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ imported: true, encoding: 'windows-1252', separator: 'semicolon', layout: 'long', rows: 5, values: 2, missing: 2, secret: 1, problems: [] });
    expect(res.body.series).toEqual(expect.arrayContaining([{ indicator: 'VACANTS', year: 2020, zones: 4 }, { indicator: 'VACANTS', year: 2021, zones: 1 }]));
    const after = await counts();
    expect(after.values).toBe(before.values + 5);
    expect(after.version).toBe(before.version + 1);

    const values = await resident().get('/api/public/observatory/values?zoning=communes&indicator=VACANTS&year=2020');
    expect(values.status).toBe(200);
    const byCode = new Map(values.body.values.map((v: { code: string }) => [v.code, v]));
    expect(byCode.get('94080')).toMatchObject({ value: 7.5, status: 'observed' });
    expect(byCode.get('94033')).toMatchObject({ value: null, status: 'missing' });
    expect(byCode.get('94067')).toMatchObject({ value: null, status: 'missing' });
    expect(byCode.get('75056')).toMatchObject({ value: null, status: 'secret' });
    expect(values.body.years).toEqual([2020, 2021]);
    const latest = await resident().get('/api/public/observatory/values?zoning=communes&indicator=VACANTS');
    expect(latest.body.values.find((v: { code: string }) => v.code === '94080').value).toBe(1234.5);

    const events = await auditOf('observatory.values_imported');
    expect(events.at(-1)!.subject_id).toBe(res.body.importId);
    expect(events.at(-1)!.after).toMatchObject({ zoning: 'communes', values: 2, missing: 2, secret: 1, encoding: 'windows-1252', separator: 'semicolon' });
    expect(events.at(-1)!.actor_id).toBe('user-admin');
  });

  it('reports unknown codes and unparsable values by line, and imports nothing', async () => {
    const before = await counts();
    const file = 'code,indicateur,annee,valeur\n94080,VACANTS,2022,3.5\n99999,VACANTS,2022,4\n94033,VACANTS,2022,abc\n94067,VACANTS,2022,"1,2.5"\n1001,VACANTS,2022,2\n94080,VACANTS,2022,3.6\n';
    const res = await admin().upload(IMPORTS, { name: 'bad.csv', type: 'text/csv', data: file }, { zoning: 'communes' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('observatory.import_invalid');
    const problems = res.body.report.problems.map((p: { line: number; code: string; value: string }) => [p.line, p.code, p.value]);
    expect(problems).toEqual([
      [3, 'unknown_zone', '99999'],
      [4, 'unparsable_value', 'abc'],
      [5, 'unparsable_value', '1,2.5'],
      [6, 'unknown_zone', '1001'],
      [7, 'duplicate', '94080'],
    ]);
    expect(res.body.report.imported).toBe(false);
    expect(await counts()).toMatchObject({ values: before.values, imports: before.imports, version: before.version });
    const year = await resident().get('/api/public/observatory/values?zoning=communes&indicator=VACANTS&year=2022');
    expect(year.status).toBe(404);
  });

  it('answers the refusal in the request’s language, with the report', async () => {
    const file = 'code;VACANTS_2022\n1001;2\n';
    const res = await fetch(`${server.baseUrl}${IMPORTS}`, {
      method: 'POST',
      headers: { 'x-test-role': 'admin', 'accept-language': 'fr' },
      body: (() => {
        const form = new FormData();
        form.append('zoning', 'communes');
        form.append('file', new Blob([file], { type: 'text/csv' }), 'v.csv');
        return form;
      })(),
    });
    const body = await res.json();
    expect(res.status).toBe(422);
    expect(body.detail).toMatch(/rien n’a été importé/);
    expect(body.report.problems[0]).toMatchObject({ line: 2, code: 'unknown_zone', value: '1001' });
  });

  it('reports a file whose separator is not recognised, and one with an unknown column', async () => {
    const pipes = await admin().upload(IMPORTS, { name: 'pipes.csv', type: 'text/csv', data: 'code|VACANTS_2022\n94080|2\n94033|3\n' }, { zoning: 'communes' });
    expect(pipes.status).toBe(422);
    expect(pipes.body.report.problems[0]).toMatchObject({ line: 1, code: 'one_column' });
    expect(pipes.body.report.problems[0].message).toMatch(/separator was not recognised \(“\|”\?\)/);

    const unknown = await admin().upload(IMPORTS, { name: 'wide.csv', type: 'text/csv', data: 'code;VACANTS_2022;commentaire\n94080;2;ok\n' }, { zoning: 'communes' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.report.problems).toEqual([expect.objectContaining({ line: 1, column: 'commentaire', code: 'unknown_column' })]);
  });

  it('takes a wide file with one column per year for the indicator named, and a dry run stores nothing', async () => {
    const before = await counts();
    const data = 'CODGEO;LIBGEO;2022;2023\n94080;Vincennes;6,1;5,9\n94033;Fontenay;ND;8\n';
    const dry = await admin().upload(IMPORTS, { name: 'wide.csv', type: 'text/csv', data }, { zoning: 'communes', indicator: 'VACANTS', dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ imported: false, layout: 'wide', values: 3, missing: 1, problems: [] });
    expect(await counts()).toMatchObject({ values: before.values, version: before.version });
    const real = await admin().upload(IMPORTS, { name: 'wide.csv', type: 'text/csv', data }, { zoning: 'communes', indicator: 'VACANTS' });
    expect(real.status).toBe(201);
    expect((await counts()).values).toBe(before.values + 4);
    const list = await admin().get(IMPORTS);
    expect(list.body.items[0]).toMatchObject({ filename: 'wide.csv', zoning: 'communes', values: 3 });
  });

  it('refuses imports to residents and to staff without the permission', async () => {
    const data = 'code;VACANTS_2030\n94080;2\n';
    expect((await resident().upload(IMPORTS, { name: 'v.csv', type: 'text/csv', data }, { zoning: 'communes' })).status).toBe(401);
    expect((await client(server.baseUrl, 'agent').upload(IMPORTS, { name: 'v.csv', type: 'text/csv', data }, { zoning: 'communes' })).status).toBe(403);
    expect((await analyst().upload(IMPORTS, { name: 'v.csv', type: 'text/csv', data }, { zoning: 'nowhere' })).status).toBe(404);
  });

  it('refuses a GeoJSON with a self-intersecting polygon or codes that match nothing: clear report, the zoning and the analyses unchanged', async () => {
    const request = { zoning: 'communes', indicators: ['MED', 'TP60', 'CHOM', 'FTTH'] };
    const first = await analyse(server.baseUrl, request);
    const version = await server.beffroi.ctx.services.territory.zoningVersion('communes');
    const bowtie = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '94080', nom: 'Vincennes', dep: '94' }, geometry: { type: 'Polygon', coordinates: [[[2.43, 48.842], [2.432, 48.844], [2.432, 48.842], [2.43, 48.844], [2.43, 48.842]]] } }],
    };
    const upload = async (collection: unknown) => {
      const form = new FormData();
      form.append('file', new Blob([JSON.stringify(collection)], { type: 'application/geo+json' }), 'communes.geojson');
      const res = await fetch(`${server.baseUrl}/api/admin/territory/zonings/communes/import?codeProperty=code&parentProperty=dep`, { method: 'POST', body: form, headers: { 'x-test-role': 'admin' } });
      return { status: res.status, body: await res.json() };
    };
    const bad = await upload(bowtie);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('territory.import_invalid');
    expect(JSON.stringify(bad.body)).toMatch(/self_intersection/);
    expect(await server.beffroi.ctx.services.territory.zoningVersion('communes')).toBe(version);

    // A valid outline whose parent code (the département "99") matches no zone of the parent zoning.
    const orphan = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: '94080', nom: 'Vincennes', dep: '99' }, geometry: { type: 'Polygon', coordinates: [[[2.43, 48.842], [2.44, 48.842], [2.44, 48.848], [2.43, 48.848], [2.43, 48.842]]] } }],
    };
    const unknown = await upload(orphan);
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('territory.import_invalid');
    expect(unknown.body.report.valid).toBe(false);
    // Features are counted from 0 in the report; the message names the parent zoning searched.
    expect(unknown.body.report.errors).toEqual(
      expect.arrayContaining([
        { feature: 0, code: '94080', problem: 'unknown_parent', value: '99', message: 'La zone parente « 99 » n’existe pas dans le zonage « departements ».' },
      ]),
    );
    expect(unknown.body.report.errors.some((e: { problem: string }) => e.problem === 'self_intersection')).toBe(false);
    expect(await server.beffroi.ctx.services.territory.zoningVersion('communes')).toBe(version);
    const again = await analyse(server.baseUrl, request);
    expect(again.body.key).toBe(first.body.key);
  }, 120_000);
});

describe(`observatory analyses (${testBackend()})`, () => {
  const REQUEST = { zoning: 'communes', indicators: ['MED', 'TP60', 'CHOM', 'FTTH'], normalisation: 'min-max', weighting: 'equal', aggregation: 'arithmetic', missing: 'neighbours-then-parent' };
  let key = '';

  it('computes the index with rank intervals, LISA clusters after FDR, weak signals and explained priority zones', async () => {
    const res = await analyse(server.baseUrl, REQUEST);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const b = res.body;
    key = b.key;
    expect(b.summary).toMatchObject({ territories: 1276, scored: 1276, excluded: 0, draws: 1000, permutations: 999, alpha: 0.05 });
    expect(b.summary.moran.I).toBeGreaterThan(0.3);
    expect(b.summary.lisaCounts.LL).toBeGreaterThan(0);
    expect(b.indicators.map((i: { code: string; year: number }) => `${i.code}:${i.year}`)).toEqual(['MED:2016', 'TP60:2016', 'CHOM:2021', 'FTTH:2018']);
    expect(b.indicators.every((i: { weight: number }) => Math.abs(i.weight - 0.25) < 1e-12)).toBe(true);
    const scored = b.territories.filter((t: { scored: boolean }) => t.scored);
    for (const t of scored.slice(0, 50)) {
      expect(t.interval.lower).toBeLessThanOrEqual(t.interval.upper);
      expect(t.sentence).toMatch(/^Score /);
    }
    // Every LISA-significant territory has a quadrant and a p-value at or under the BH cutoff.
    for (const t of b.territories.filter((t: { lisa: { significant: boolean } }) => t.lisa.significant)) {
      expect(t.lisa.quadrant).not.toBeNull();
      expect(t.lisa.p).toBeLessThanOrEqual(b.summary.lisaCutoff);
    }
    expect(b.priority.zones.length).toBeGreaterThan(10);
    expect(b.priority.zones[0]).toMatchObject({ order: 1 });
    expect(b.priority.zones[0].explanation).toMatch(/^Zone prioritaire n° 1/);
    expect(b.priority.ruleText.length).toBeGreaterThan(3);
    expect(b.alerts.length).toBeGreaterThan(0);
    expect(b.method).toMatch(/Benjamini–Hochberg/);

    const english = await client(server.baseUrl).get(`/api/public/observatory/analyses/${key}?lang=en`);
    expect(english.body.key).toBe(key);
    expect(english.body.priority.zones[0].explanation).toMatch(/^Priority zone no\. 1|^Priority zone/);
  }, 120_000);

  it('answers the same question from the cache, and a new import makes it a new analysis', async () => {
    const again = await client(server.baseUrl).post('/api/public/observatory/analyses', REQUEST);
    expect(again.status).toBe(200);
    expect(again.body.key).toBe(key);
    expect(again.body.computedAt).toBeDefined();
    const pca = await analyse(server.baseUrl, { ...REQUEST, weighting: 'pca' });
    expect(pca.body.key).not.toBe(key);
    expect(pca.body.weights.pca.retained).toBeGreaterThan(0);
  }, 120_000);

  it('gives a commune’s portrait against its parent, the area and France, with its explanation', async () => {
    const res = await client(server.baseUrl).get(`/api/public/observatory/analyses/${key}/territories/93066?lang=fr`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '93066', name: 'Saint-Denis', parent: { code: '93', name: 'Seine-Saint-Denis' }, areaLabel: 'Île-de-France' });
    const chom = res.body.indicators.find((i: { code: string }) => i.code === 'CHOM');
    expect(chom.value).toBeGreaterThan(chom.area.value);
    expect(chom.parent.approximate).toBe(false);
    expect(chom.france).toBeGreaterThan(5);
    expect(res.body.drivers[0].contribution).toBeLessThan(0);
    expect(res.body.summary).toMatch(/Part de chômeurs \(2021\)\u00a0: .* en France/);
    expect(res.body.sentence).toMatch(/Tiré vers le bas surtout par/);
    expect((await client(server.baseUrl).get(`/api/public/observatory/analyses/${key}/territories/00000`)).status).toBe(404);
    expect((await client(server.baseUrl).get(`/api/public/observatory/analyses/${'0'.repeat(32)}`)).status).toBe(404);
  });

  it('exports the table and the priority zones as CSV and GeoJSON', async () => {
    const table = await fetch(`${server.baseUrl}/api/public/observatory/analyses/${key}/table.csv?lang=fr`);
    expect(table.status).toBe(200);
    expect(table.headers.get('content-disposition')).toMatch(/attachment; filename="observatoire-communes-/);
    const bytes = Buffer.from(await table.arrayBuffer());
    // A byte-order mark, so that a spreadsheet opens the accents right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^code,nom,parent,score,rang/);
    expect(lines.length).toBe(1277);
    const csv = await (await fetch(`${server.baseUrl}/api/public/observatory/analyses/${key}/priority.csv`)).text();
    expect(csv).toMatch(/order,territory,points/);
    const geo = await (await fetch(`${server.baseUrl}/api/public/observatory/analyses/${key}/priority.geojson`)).json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features[0].properties).toMatchObject({ order: 1, is_zone: true });
    expect(geo.features[0].geometry.type).toMatch(/Polygon/);
  });

  it('refuses expert weights that do not match the indicators, a count as an indicator, and an unknown zoning', async () => {
    const c = client(server.baseUrl);
    const weights = await c.post('/api/public/observatory/analyses', { ...REQUEST, weighting: 'expert', weights: { MED: 1, TP60: 1 } });
    expect(weights.status).toBe(422);
    expect(weights.body.code).toBe('observatory.expert_weights');
    const neutral = await c.post('/api/public/observatory/analyses', { ...REQUEST, indicators: ['MED', 'POP'] });
    expect(neutral.body.code).toBe('observatory.neutral_indicator');
    const zoning = await c.post('/api/public/observatory/analyses', { ...REQUEST, zoning: 'nowhere' });
    expect(zoning.status).toBe(404);
    const text = await c.post('/api/public/observatory/analyses', { ...REQUEST, indicators: ['MED', 'TP60\u0000'] });
    expect(text.status).toBe(400);
  });

  it('lets an analyst accept, set aside and annotate a proposed zone, each audited; others may not', async () => {
    const zone = (await client(server.baseUrl).get(`/api/public/observatory/analyses/${key}`)).body.priority.zones[0];
    const path = `/api/admin/observatory/reviews/communes/${zone.code}`;
    expect((await resident().put(path, { status: 'accepted', note: null, analysisKey: key })).status).toBe(401);
    expect((await client(server.baseUrl, 'agent').put(path, { status: 'accepted', note: null, analysisKey: key })).status).toBe(403);
    const accepted = await analyst().put(path, { status: 'accepted', note: 'Quartier prioritaire de la ville, à croiser avec le contrat de ville.', analysisKey: key });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ zoning: 'communes', code: zone.code, name: zone.name, status: 'accepted', points: zone.points, decidedBy: 'user-analyst' });
    const aside = await analyst().put(path, { status: 'set_aside', note: 'Déjà couvert par un autre dispositif.', analysisKey: key });
    expect(aside.body.status).toBe('set_aside');
    const events = await auditOf('observatory.zone_reviewed');
    expect(events.map((e) => e.subject_id)).toEqual([`communes/${zone.code}`, `communes/${zone.code}`]);
    expect(events[1]!.after).toMatchObject({ status: 'set_aside', analysisKey: key, order: 1 });
    const list = await analyst().get('/api/admin/observatory/reviews?zoning=communes');
    expect(list.body.items).toEqual([expect.objectContaining({ code: zone.code, status: 'set_aside' })]);

    const notProposed = (await client(server.baseUrl).get(`/api/public/observatory/analyses/${key}`)).body.territories.find((t: { priority: { order: number | null } | null }) => t.priority && t.priority.order === null);
    const refused = await analyst().put(`/api/admin/observatory/reviews/communes/${notProposed.code}`, { status: 'accepted', note: null, analysisKey: key });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('observatory.not_proposed');
    const before = (await auditOf('observatory.zone_reviewed')).length;
    expect(before).toBe(2);
  });

  it('changes the analysis when the data changes (the cache key holds the data version)', async () => {
    const res = await admin().upload(IMPORTS, { name: 'fibre.csv', type: 'text/csv', data: 'code;FTTH_2018\n94080;100\n' }, { zoning: 'communes' });
    expect(res.status, res.text).toBe(201);
    const after = await analyse(server.baseUrl, REQUEST);
    expect(after.body.key).not.toBe(key);
    expect(after.body.dataVersion).toBeGreaterThan(0);
  }, 120_000);

  it('lists the catalogue with sources, licences and years per zoning', async () => {
    const res = await resident().get('/api/public/observatory/catalogue');
    expect(res.status).toBe(200);
    const med = res.body.indicators.find((i: { code: string }) => i.code === 'MED');
    expect(med.coverage).toEqual([{ zoning: 'communes', years: [2015, 2016] }]);
    const chom = res.body.indicators.find((i: { code: string }) => i.code === 'CHOM');
    expect(chom.coverage).toEqual(expect.arrayContaining([{ zoning: 'iris', years: [2012] }]));
    expect(res.body.sources.find((s: { id: string }) => s.id === 'filosofi-2015-2016')).toMatchObject({ publisher: 'INSEE', licence: 'Licence Ouverte / Open Licence' });
    // A rate: its unit, its direction, and what it divides by what (the catalogue fields).
    const tp60 = res.body.indicators.find((i: { code: string }) => i.code === 'TP60');
    expect(tp60).toMatchObject({
      unit: 'percent',
      direction: 'higher-is-worse',
      aggregation: 'ratio',
      denominatorCode: 'PERS_MENFISC',
      sourceId: 'filosofi-2015-2016',
    });
    expect(tp60.numerator).toEqual({ fr: 'personnes sous le seuil de pauvreté', en: 'people below the poverty line' });
    expect(tp60.denominator).toEqual({ fr: 'personnes des ménages fiscaux', en: 'people in tax households' });
    expect(res.body.indicators.find((i: { code: string }) => i.code === 'PERS_MENFISC')).toMatchObject({ unit: 'inhabitants', direction: 'neutral', denominatorCode: null });
    // Equipment per 1,000 inhabitants divides by the population; higher is better.
    expect(res.body.indicators.find((i: { code: string }) => i.code === 'EQ_D201')).toMatchObject({ unit: 'per-1000', direction: 'higher-is-better', denominatorCode: 'POP' });
  });

  it('serves the IRIS level for maps, and refuses an index with a single indicator with a direction', async () => {
    const values = await resident().get('/api/public/observatory/values?zoning=iris&indicator=CHOM');
    expect(values.status).toBe(200);
    expect(values.body).toMatchObject({ zoning: 'iris', year: 2012 });
    expect(values.body.values).toHaveLength(358);
    const one = await client(server.baseUrl).post('/api/public/observatory/analyses', { zoning: 'iris', indicators: ['CHOM'] });
    expect(one.status).toBe(400);
  });
});
