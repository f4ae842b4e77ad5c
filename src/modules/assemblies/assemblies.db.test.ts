/**
 * Assemblies through the HTTP API, on both backends: bad input refused with a clear problem and
 * nothing stored (duplicate ids, minimums above the panel, a panel larger than the pool, values
 * without a quota, each with its line); the infeasible quotas' smallest relaxation; the
 * distribution (LEXIMIN, with MAXIMIN and LEGACY compared); publication with a commitment; the draw
 * and its verification from the public files (a tampered file refused); replacements; the panel's
 * export; audit events for every step; personal data for organisers only, anonymised at its date.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client';
import { makeXlsx } from '../../platform/files/testing/fixtures';
import { ASSEMBLIES_RETENTION } from './retention';
import { DEMO_PANEL_SIZE, DEMO_QUOTAS } from './quotas-demo';
import { fixture, staff, startAssembliesApp, type TestServer } from './testing/app';

let server: TestServer;
let organiser: ReturnType<typeof staff>;
let analyst: ReturnType<typeof staff>;
let visitor: ReturnType<typeof staff>;
const db = () => server.beffroi.ctx.db;
const CSV = 'text/csv';

beforeAll(async () => {
  server = await startAssembliesApp();
  organiser = staff(server.baseUrl, 'agent');
  analyst = staff(server.baseUrl, 'analyst');
  visitor = staff(server.baseUrl, null as never);
});
afterAll(async () => {
  await server?.close();
});

const count = async (table: string, id: string) =>
  Number((await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE assembly_id = ${id}`))[0]!.n);
const auditActions = async (id: string) =>
  (await queryRows<{ action: string }>(db(), sql`SELECT action FROM audit_events WHERE subject_type = 'assembly' AND subject_id = ${id} ORDER BY id`)).map((r) => r.action);

async function newAssembly(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await organiser.post('/api/admin/assemblies', { title: 'Assemblée sur le climat', panelSize: DEMO_PANEL_SIZE, quotas: DEMO_QUOTAS, ...overrides });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}
const upload = (id: string, text: string, name = 'pool.csv') => organiser.upload(`/api/admin/assemblies/${id}/pool`, { file: { name, type: CSV, data: text } });

describe('bad input: a clear problem, nothing stored', () => {
  it('refuses quotas whose minimums exceed the panel size, in French', async () => {
    const quotas = DEMO_QUOTAS.map((q) => (q.feature === 'age' ? { ...q, min: 4, max: 6 } : q));
    const res = await organiser.post('/api/admin/assemblies', { title: 'Trop', panelSize: 10, quotas }, { 'accept-language': 'fr' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('assemblies.quota_minimums_exceed_panel');
    expect(res.body.detail).toContain('Les minimums de « age » font 12 sièges');
    const [row] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM assemblies WHERE title = 'Trop'`);
    expect(Number(row!.n)).toBe(0);
  });

  it('reports an unknown value with its line and stores nothing', async () => {
    const id = await newAssembly();
    const res = await upload(id, fixture('pool-bad-row.csv'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('assemblies.import_rows_invalid');
    expect(res.body.report.problems).toEqual([expect.objectContaining({ line: 14, column: 'quartier', code: 'value_unknown' })]);
    expect(res.body.report.problems[0].message).toContain('« Ouest »');
    expect(await count('assembly_volunteers', id)).toBe(0);
    expect(await auditActions(id)).toEqual(['assemblies.created']);
  });

  it('reports duplicate ids and missing cells with their lines', async () => {
    const id = await newAssembly();
    const lines = fixture('pool.csv').trimEnd().split('\n');
    lines[5] = lines[5]!.replace(/^V005/, 'V002');
    lines[8] = lines[8]!.replace(/;femme;/, ';;').replace(/;homme;/, ';;');
    const res = await upload(id, `${lines.join('\n')}\n`);
    expect(res.status).toBe(422);
    const problems = res.body.report.problems as { line: number; code: string; message: string }[];
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [6, 'id_duplicate'],
      [9, 'value_missing'],
    ]);
    expect(problems[0]!.message).toContain('ligne 3');
    expect(await count('assembly_volunteers', id)).toBe(0);
  });

  it('refuses a pool smaller than the panel', async () => {
    const id = await newAssembly();
    const lines = fixture('pool.csv').trimEnd().split('\n').slice(0, 8);
    const res = await upload(id, `${lines.join('\n')}\n`);
    expect(res.status).toBe(422);
    expect(res.body.report.problems).toEqual([expect.objectContaining({ code: 'pool_too_small', line: null })]);
    expect(await count('assembly_volunteers', id)).toBe(0);
  });

  it('refuses a panel larger than the pool, and quotas the pool has values outside of', async () => {
    const id = await newAssembly();
    expect((await upload(id, fixture('pool.csv'))).status).toBe(201);
    const larger = await organiser.patch(`/api/admin/assemblies/${id}`, { panelSize: 41, quotas: DEMO_QUOTAS.map((q) => ({ ...q, max: 41 })) });
    expect(larger.status).toBe(422);
    expect(larger.body.code).toBe('assemblies.pool_too_small');
    const fewer = await organiser.patch(`/api/admin/assemblies/${id}`, { quotas: DEMO_QUOTAS.filter((q) => q.value !== 'Sud').map((q) => (q.feature === 'quartier' ? { ...q, max: 8 } : q)) });
    expect(fewer.status).toBe(422);
    expect(fewer.body.code).toBe('assemblies.pool_values_unknown');
    const after = await organiser.get(`/api/admin/assemblies/${id}`);
    expect(after.body.panelSize).toBe(10);
    expect(after.body.quotas).toEqual(DEMO_QUOTAS);
  });

  it('reads XLSX too', async () => {
    const id = await newAssembly();
    const rows = fixture('pool.csv')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(';'));
    const res = await organiser.upload(`/api/admin/assemblies/${id}/pool`, {
      file: { name: 'pool.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: makeXlsx(rows, { sheetName: 'Volontaires' }) },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.volunteers).toBe(40);
  });
});

describe('from the pool to a verified draw', () => {
  let id = '';

  it('imports the pool; personal data for organisers only', async () => {
    id = await newAssembly({ onePerHousehold: true });
    const res = await upload(id, fixture('pool.csv'));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ imported: true, rows: 40, volunteers: 40, columns: { id: 'id', features: ['genre', 'age', 'quartier'], address: ['adresse', 'code_postal'], personal: ['prenom', 'nom', 'email'] } });
    const list = await organiser.get(`/api/admin/assemblies/${id}/volunteers`);
    expect(list.body.items[0]).toMatchObject({ externalId: 'V001', line: 2, features: { genre: 'femme', age: '18-34', quartier: 'Centre' }, personal: { prenom: 'Alice' } });
    expect((await analyst.get(`/api/admin/assemblies/${id}/volunteers`)).status).toBe(403);
    // Not published: the public does not see it.
    expect((await visitor.get(`/api/assemblies/${id}`)).status).toBe(404);
  });

  it('proposes the smallest relaxation when the quotas cannot be met, and refuses to compute', async () => {
    const f = await organiser.get(`/api/admin/assemblies/${id}/feasibility`);
    expect(f.status, f.text).toBe(200);
    expect(f.body.feasible).toBe(false);
    expect(f.body.changes).toEqual([{ feature: 'age', value: '60+', min: { from: 3, to: 2 }, max: null }]);
    const compute = await organiser.post(`/api/admin/assemblies/${id}/compute`, {});
    expect(compute.status).toBe(409);
    expect(compute.body.code).toBe('assemblies.infeasible');
    expect(compute.body.feasibility.changes).toHaveLength(1);
    expect(await count('assembly_distributions', id)).toBe(0);
  });

  it('computes LEXIMIN once the quotas are fixed, with MAXIMIN and LEGACY compared', async () => {
    const fixed = await organiser.patch(`/api/admin/assemblies/${id}`, { quotas: DEMO_QUOTAS.map((q) => (q.value === '60+' ? { ...q, min: 2 } : q)) });
    expect(fixed.status, fixed.text).toBe(200);
    expect((await organiser.get(`/api/admin/assemblies/${id}/feasibility`)).body.feasible).toBe(true);
    const res = await organiser.post(`/api/admin/assemblies/${id}/compute`, {});
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('computed');
    const byAlgorithm = Object.fromEntries((res.body.distributions as { algorithm: string; minimum: number; gini: number; sha256: string | null }[]).map((d) => [d.algorithm, d]));
    expect(Object.keys(byAlgorithm)).toEqual(['leximin', 'maximin', 'legacy']);
    expect(byAlgorithm.leximin!.minimum).toBeGreaterThan(0);
    expect(byAlgorithm.leximin!.minimum).toBeGreaterThanOrEqual(byAlgorithm.legacy!.minimum - 1e-9);
    expect(byAlgorithm.leximin!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.distributions[0].stats.certificateValid).toBe(true);
    expect(res.body.distributions[0].certificateBound).toBeCloseTo(byAlgorithm.leximin!.minimum, 6);
    expect(byAlgorithm.legacy!.sha256).toBeNull();
    // The two volunteers aged 60+ are both on every panel.
    const list = await organiser.get(`/api/admin/assemblies/${id}/volunteers`);
    const senior = (list.body.items as { features: Record<string, string>; probabilities: Record<string, number> }[]).filter((v) => v.features.age === '60+');
    for (const v of senior) expect(v.probabilities.leximin).toBeCloseTo(1, 6);
  });

  it('publishes the commitment, draws, and anyone verifies the draw from the public files', async () => {
    const published = await organiser.post(`/api/admin/assemblies/${id}/publish`, {});
    expect(published.status, published.text).toBe(200);
    expect(published.body.draw.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(published.body.draw.seed).toBeNull();
    // Frozen once published.
    expect((await organiser.patch(`/api/admin/assemblies/${id}`, { panelSize: 9 })).body.code).toBe('assemblies.not_editable');
    expect((await upload(id, fixture('pool.csv'))).body.code).toBe('assemblies.not_editable');

    const page = await visitor.get(`/api/assemblies/${id}`);
    expect(page.status).toBe(200);
    expect(page.body.draw.panel).toBeNull();
    expect(page.body.poolSize).toBe(40);
    expect(JSON.stringify(page.body)).not.toContain('Alice');
    expect((await visitor.get(`/api/assemblies/${id}/files/draw.json`)).status).toBe(409);
    const distribution = (await visitor.get(`/api/assemblies/${id}/files/distribution.json`)).body;
    expect(JSON.stringify(distribution)).not.toContain('V001');

    const drawn = await organiser.post(`/api/admin/assemblies/${id}/draw`, {});
    expect(drawn.status, drawn.text).toBe(200);
    expect(drawn.body.status).toBe('drawn');
    expect(drawn.body.draw.panel).toHaveLength(10);
    expect(drawn.body.draw.seed).toMatch(/^[0-9a-f]{64}$/);

    const announcement = (await visitor.get(`/api/assemblies/${id}/files/announcement.json`)).body;
    const record = (await visitor.get(`/api/assemblies/${id}/files/draw.json`)).body;
    const verified = await visitor.post('/api/assemblies/verify', { distribution, announcement, record });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, problems: [], panel: drawn.body.draw.panel });

    const tampered = await visitor.post('/api/assemblies/verify', { distribution, announcement, record: { ...record, seed: `${record.seed.slice(0, -1)}0` === record.seed ? `${record.seed.slice(0, -1)}1` : `${record.seed.slice(0, -1)}0` } });
    expect(tampered.body.valid).toBe(false);
    const otherTickets = structuredClone(distribution);
    otherTickets.panels[0].tickets += 1;
    otherTickets.panels[1].tickets -= 1;
    expect((await visitor.post('/api/assemblies/verify', { distribution: otherTickets, announcement, record })).body.valid).toBe(false);
    expect((await visitor.post('/api/assemblies/verify', { distribution: { nonsense: true }, announcement, record })).body.valid).toBe(false);
  });

  it('replaces a dropout within the quotas, and exports the panel', async () => {
    const before = (await organiser.get(`/api/admin/assemblies/${id}`)).body;
    // Not one of the two volunteers aged 60+: the quotas need both, so neither could be replaced.
    const pool = (await organiser.get(`/api/admin/assemblies/${id}/volunteers`)).body.items as { pseudonym: string; features: Record<string, string> }[];
    const senior = new Set(pool.filter((v) => v.features.age === '60+').map((v) => v.pseudonym));
    const leaving = (before.draw.panel as string[]).find((p) => !senior.has(p))!;
    const stuck = await organiser.post(`/api/admin/assemblies/${id}/replacements`, { dropouts: [...senior].slice(0, 1) });
    expect(stuck.status).toBe(409);
    expect(stuck.body.code).toBe('assemblies.replacements_infeasible');
    const res = await organiser.post(`/api/admin/assemblies/${id}/replacements`, { dropouts: [leaving] });
    expect(res.status, res.text).toBe(200);
    const [replacement] = res.body.replacements as { dropouts: string[]; replacements: string[]; panel: string[] }[];
    expect(replacement!.dropouts).toEqual([leaving]);
    expect(replacement!.replacements).toHaveLength(1);
    expect(replacement!.panel).toHaveLength(10);
    expect(replacement!.panel).not.toContain(leaving);
    expect((await organiser.post(`/api/admin/assemblies/${id}/replacements`, { dropouts: ['v-nobody'] })).body.code).toBe('assemblies.not_on_panel');

    const csv = await organiser.get(`/api/admin/assemblies/${id}/panel.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('statut;pseudonyme;identifiant;ligne;genre;age;quartier;adresse;email;nom;prenom');
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.startsWith('dropped;'))).toHaveLength(1);
    expect(rows.filter((r) => r.startsWith('replacement;'))).toHaveLength(1);

    expect(await auditActions(id)).toEqual([
      'assemblies.created',
      'assemblies.pool_imported',
      'assemblies.updated',
      'assemblies.distribution_computed',
      'assemblies.published',
      'assemblies.drawn',
      'assemblies.replaced',
      'assemblies.panel_exported',
    ]);
    const audit = await queryRows<{ body: string }>(db(), sql`SELECT coalesce(before::text, '') || coalesce(after::text, '') AS body FROM audit_events WHERE subject_id = ${id}`);
    expect(audit.map((a) => a.body).join(' ')).not.toContain('Alice');
  });

  it('anonymises the volunteers’ personal data at the deletion date', async () => {
    await db().execute(sql`UPDATE assemblies SET deletion_date = current_date - 1 WHERE id = ${id}`);
    const rule = ASSEMBLIES_RETENTION[0]!;
    const handled = await db().transaction((tx) => rule.purgeBatch(tx, { cutoff: new Date(), now: new Date(), limit: 500 }));
    expect(handled).toBe(40);
    const [left] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM assembly_volunteers WHERE assembly_id = ${id} AND (personal IS NOT NULL OR address IS NOT NULL OR external_id IS NOT NULL)`);
    expect(Number(left!.n)).toBe(0);
    expect((await organiser.get(`/api/admin/assemblies/${id}/panel.csv`)).body.code).toBe('assemblies.personal_data_deleted');
    // The public draw remains verifiable.
    expect((await visitor.get(`/api/assemblies/${id}`)).status).toBe(200);
  });
});

describe('quotas from shares, and a public source of randomness', () => {
  it('sets the quotas around the population shares', async () => {
    const id = await newAssembly();
    const res = await organiser.post(`/api/admin/assemblies/${id}/quotas/from-shares`, {
      shares: { genre: { femme: 52, homme: 48 }, age: { '18-34': 0.25, '35-59': 0.5, '60+': 0.25 }, quartier: { Centre: 1, Nord: 1, Sud: 1 } },
      tolerance: { seats: 1 },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.quotas).toContainEqual({ feature: 'genre', value: 'femme', min: 4, max: 7 });
    expect(res.body.quotas).toContainEqual({ feature: 'age', value: '35-59', min: 4, max: 6 });
  });

  it('needs a seed or a public source, and the public value at the draw', async () => {
    const id = await newAssembly({ quotas: DEMO_QUOTAS.map((q) => (q.value === '60+' ? { ...q, min: 2 } : q)) });
    expect((await upload(id, fixture('pool.csv'))).status).toBe(201);
    expect((await organiser.post(`/api/admin/assemblies/${id}/publish`, {})).body.code).toBe('assemblies.not_computed');
    expect((await organiser.post(`/api/admin/assemblies/${id}/compute`, { compare: false })).status).toBe(200);
    expect((await organiser.post(`/api/admin/assemblies/${id}/publish`, { useSeed: false })).body.code).toBe('assemblies.randomness_required');
    const source = 'Les numéros de l’Euromillions du vendredi 11 décembre 2026';
    const published = await organiser.post(`/api/admin/assemblies/${id}/publish`, { useSeed: false, publicSource: source });
    expect(published.status, published.text).toBe(200);
    expect(published.body.draw).toMatchObject({ commitment: null, publicSource: source });
    const missing = await organiser.post(`/api/admin/assemblies/${id}/draw`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('assemblies.public_value_required');
    const drawn = await organiser.post(`/api/admin/assemblies/${id}/draw`, { publicValue: '4 12 27 33 48 ★ 3 9' });
    expect(drawn.status, drawn.text).toBe(200);
    const files = await Promise.all(['distribution.json', 'announcement.json', 'draw.json'].map(async (f) => (await visitor.get(`/api/assemblies/${id}/files/${f}`)).body));
    const verified = await visitor.post('/api/assemblies/verify', { distribution: files[0], announcement: files[1], record: files[2] });
    expect(verified.body.valid).toBe(true);
    expect((await visitor.post('/api/assemblies/verify', { distribution: files[0], announcement: files[1], record: { ...files[2], publicValue: '4 12 27 33 49 ★ 3 9' } })).body.valid).toBe(false);
    expect((await organiser.post(`/api/admin/assemblies/${id}/draw`, { publicValue: 'x' })).body.code).toBe('assemblies.already_drawn');
  });
});

describe('the demo assembly', () => {
  it('is seeded as a draft with its pool, and a drawn one whose draw verifies', async () => {
    const list = await organiser.get('/api/admin/assemblies');
    const demos = (list.body.items as { id: string; demo: boolean; poolSize: number; status: string }[]).filter((a) => a.demo);
    expect(demos.map((a) => [a.status, a.poolSize]).sort()).toEqual([
      ['draft', 40],
      ['drawn', 40],
    ]);
    const drawn = demos.find((a) => a.status === 'drawn')!;
    const files = await Promise.all(['distribution.json', 'announcement.json', 'draw.json'].map(async (f) => (await visitor.get(`/api/assemblies/${drawn.id}/files/${f}`)).body));
    expect((await visitor.post('/api/assemblies/verify', { distribution: files[0], announcement: files[1], record: files[2] })).body.valid).toBe(true);
    expect((await visitor.get('/api/assemblies')).body.items.map((a: { id: string }) => a.id)).toContain(drawn.id);
  });
});
