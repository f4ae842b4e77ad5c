/**
 * The budget part through the HTTP API, on both backends: the demo seeded and published; the real
 * TOTEM files of Crach imported with their report; a file with bad lines refused whole (nothing
 * stored, no audit event); a duplicate refused unless replaced; publication audited; the residents'
 * view (sections, chapters, functions, per inhabitant, voted against realised, evolution) of
 * published documents only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../platform/db/client';
import { SHARED_DATA_DIR } from '../../../platform/files/testing/fixtures';
import { staff, startBudgetApp, type TestServer } from './testing/app';

let server: TestServer;
let agent: ReturnType<typeof staff>;
let analyst: ReturnType<typeof staff>;
let visitor: ReturnType<typeof staff>;
const db = () => server.beffroi.ctx.db;
const DIR = path.join(SHARED_DATA_DIR, 'communication/budget-crach');
const CA_XML = fs.readFileSync(path.join(DIR, 'DOCBUDG-21560046100010-056025-CA-2021-01032022000000/totem.xml'));
const BP_XML = fs.readFileSync(path.join(DIR, 'DOCBUDG-21560046100085-056025-BP-2022-07042022000000/totem.xml'));
const HEADER = 'BGT_NATDEC,BGT_ANNEE,BGT_SIRET,BGT_NOM,BGT_CONTNAT,BGT_CONTNAT_LABEL,BGT_NATURE,BGT_NATURE_LABEL,BGT_FONCTION,BGT_FONCTION_LABEL,BGT_OPERATION,BGT_SECTION,BGT_OPBUDG,BGT_CODRD,BGT_MTREAL,BGT_MTPREV,BGT_CREDOUV';
const SIRET = '21999999900011';
const line = (natdec: string, chap: string, nature: string, fonction: string, section: string, rd: string, real: string, prev: string) =>
  [natdec, '2024', SIRET, 'VILLE TEST', chap, '', nature, '', fonction, '', '', section, 'réel', rd, real, prev, prev].join(',');
const BP_2024 = [
  HEADER,
  line('budget primitif', '73', '73111', '01', 'fonctionnement', 'recette', '', '1000'),
  line('budget primitif', '011', '60611', '8', 'fonctionnement', 'dépense', '', '600'),
  line('budget primitif', '012', '64111', '2', 'fonctionnement', 'dépense', '', '400'),
  line('budget primitif', '13', '1321', '2', 'investissement', 'recette', '', '300'),
  line('budget primitif', '21', '2183', '2', 'investissement', 'dépense', '', '300'),
].join('\n');
const CA_2024 = [
  HEADER,
  line('compte administratif', '73', '73111', '01', 'fonctionnement', 'recette', '1100', '1000'),
  // Open credits of 011 raised to 650 by a decision during the year (BP 600 + DM 50).
  line('compte administratif', '011', '60611', '8', 'fonctionnement', 'dépense', '550', '600').replace(/,600$/, ',650'),
  // Last year's result carried over: neither this year's receipts in the key figures nor in the summaries.
  line('compte administratif', '002', '002', '', 'fonctionnement', 'recette', '200', '200'),
  line('compte administratif', '012', '64111', '2', 'fonctionnement', 'dépense', '390', '400'),
  line('compte administratif', '21', '2183', '2', 'investissement', 'dépense', '250', '300'),
].join('\n');

beforeAll(async () => {
  server = await startBudgetApp();
  agent = staff(server.baseUrl, 'agent');
  analyst = staff(server.baseUrl, 'analyst');
  visitor = staff(server.baseUrl, null);
});
afterAll(async () => {
  await server?.close();
});

const upload = (data: string | Buffer, name: string, fields: Record<string, string> = {}) =>
  agent.upload('/api/admin/budget/import', { file: { name, type: name.endsWith('.xml') ? 'application/xml' : 'text/csv', data } }, fields);
const count = async (table: string) => Number((await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n);
const auditCount = async (action: string) => Number((await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action}`))[0]!.n);

describe('demo', () => {
  it('seeds the two real documents of Crach, published, with the population the documents state', async () => {
    const res = await visitor.get('/api/budget');
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { year: number; kind: string }) => `${d.kind} ${d.year}`)).toEqual(['BP 2022', 'CA 2021']);
    const ca = res.body.items.find((d: { kind: string }) => d.kind === 'CA');
    const view = (await visitor.get(`/api/budget/documents/${ca.id}`)).body;
    expect(view).toMatchObject({ population: 3446, populationSource: 'document', measure: 'realised', family: 'M14' });
    expect(view.byChapter.find((r: { code: string; direction: string }) => r.code === '012' && r.direction === 'D').amount).toBeGreaterThan(0);
    expect(view.deviations.map((d: { code: string }) => d.code)).toContain('natdec_case');
  });
});

describe('import', () => {
  it('imports the real TOTEM accounts with their report, unpublished, audited', async () => {
    const demoCa = (await agent.get('/api/admin/budget/documents')).body.items.find((d: { kind: string; year: number }) => d.kind === 'CA' && d.year === 2021);
    // The demo holds the same document (from its SCDL table): refused unless replaced.
    const dup = await upload(CA_XML, 'totem.xml');
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('communication.budget_exists');
    const res = await upload(CA_XML, 'totem.xml', { replace: 'true' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ imported: true, replaced: true, documentId: demoCa.id, format: 'totem', kind: 'CA', year: 2021, population: 3446, linesRead: 196, linesImported: 196, refused: [] });
    expect(res.body.totals.F.R.realised).toBe(389_047_815);
    const doc = (await agent.get(`/api/admin/budget/documents/${demoCa.id}`)).body;
    expect(doc).toMatchObject({ published: false, format: 'totem', documentPopulation: 3446, lines: 196 });
    expect(await auditCount('communication.budget_replaced')).toBe(1);
    // Unpublished: gone from the residents' view.
    expect((await visitor.get(`/api/budget/documents/${demoCa.id}`)).status).toBe(404);
    const pub = await agent.post(`/api/admin/budget/documents/${demoCa.id}/publish`, { published: true });
    expect(pub.body.published).toBe(true);
    expect(await auditCount('communication.budget_published')).toBe(1);
    expect((await visitor.get(`/api/budget/documents/${demoCa.id}`)).body).toMatchObject({ population: 3446, populationSource: 'document' });
  });

  it('a dry run reports without storing', async () => {
    const before = await count('communication_budget_documents');
    const res = await upload(BP_XML, 'bp.xml', { dryRun: 'true', replace: 'true' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: false, kind: 'BP', year: 2022, linesRead: 21 });
    expect(await count('communication_budget_documents')).toBe(before);
  });

  it('refuses a file with bad lines whole: report with lines and reasons, nothing stored, no audit event', async () => {
    const docs = await count('communication_budget_documents');
    const lines = await count('communication_budget_lines');
    const audits = await count('audit_events');
    const bad = `${BP_2024}\n${line('budget primitif', '011', '60611', '8', 'fonctionnement', 'débit', '', '10')}\n${line('budget primitif', '011', '60612', '8', 'fonctionnement', 'dépense', '', 'dix')}`;
    const res = await upload(bad, 'bad.csv');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('communication.budget_import_refused');
    expect(res.body.report.refused.map((r: { line: number; field: string }) => [r.line, r.field])).toEqual([
      [7, 'BGT_CODRD'],
      [8, 'BGT_MTPREV'],
      [8, 'BGT_CREDOUV'],
    ]);
    expect(await count('communication_budget_documents')).toBe(docs);
    expect(await count('communication_budget_lines')).toBe(lines);
    expect(await count('audit_events')).toBe(audits);
  });

  it('refuses a hostile XML (entity expansion) without taking anything down', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "${'a'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><DocumentBudgetaire V="&b;"/>`;
    const res = await upload(laughs, 'evil.xml');
    expect(res.status).toBe(422);
    expect(res.body.report.refused[0].code).toBe('xml_unreadable');
    expect((await visitor.get('/api/budget')).status).toBe(200);
  });

  it('is for agents only', async () => {
    expect((await analyst.get('/api/admin/budget/documents')).status).toBe(403);
    expect((await visitor.get('/api/admin/budget/documents')).status).toBe(401);
  });
});

describe('residents’ view', () => {
  it('compares the budget voted and the accounts of a year, by chapter and function, per inhabitant', async () => {
    const bp = await upload(BP_2024, 'bp-2024.csv');
    const ca = await upload(CA_2024, 'ca-2024.csv');
    expect(bp.status, bp.text).toBe(201);
    expect(ca.status, ca.text).toBe(201);
    for (const r of [bp, ca]) await agent.post(`/api/admin/budget/documents/${r.body.documentId}/publish`, { published: true });
    // No population in an SCDL table: per inhabitant once an agent enters it.
    let view = (await visitor.get(`/api/budget/documents/${ca.body.documentId}`)).body;
    expect(view.population).toBeNull();
    expect(view.sections[0].perInhabitant).toBeNull();
    const patched = await agent.patch(`/api/admin/budget/documents/${ca.body.documentId}`, { population: 10 });
    expect(patched.status, patched.text).toBe(200);
    view = (await visitor.get(`/api/budget/documents/${ca.body.documentId}`)).body;
    expect(view.sections).toEqual([
      { section: 'F', direction: 'R', amount: 110_000, perInhabitant: 11_000 },
      { section: 'F', direction: 'D', amount: 94_000, perInhabitant: 9400 },
      { section: 'I', direction: 'R', amount: 0, perInhabitant: 0 },
      { section: 'I', direction: 'D', amount: 25_000, perInhabitant: 2500 },
    ]);
    expect(view.selfFinancing).toBe(16_000);
    expect(view.byFunction.filter((r: { direction: string }) => r.direction === 'D').map((r: { code: string; amount: number }) => [r.code, r.amount])).toEqual([
      ['2', 64_000],
      ['8', 55_000],
    ]);
    // "Voted" is the accounts' open credits (BP + BS + DM), said so.
    expect(view.comparison.votedSource).toBe('open');
    expect(view.comparison.rows.find((r: { code: string }) => r.code === '011')).toMatchObject({ voted: 65_000, realised: 55_000 });
    expect(view.comparison.rows.find((r: { code: string }) => r.code === '002')).toBeUndefined();
    expect(view.evolution.map((e: { kind: string }) => e.kind)).toEqual(['BP', 'CA']);
    // One document, one total: the summary leaves the carried-over result (002) out, as the key figures do.
    const summary = view.evolution.find((e: { kind: string }) => e.kind === 'CA');
    expect(summary).toMatchObject({ receipts: 110_000, expenditure: 119_000 });
    expect((await visitor.get('/api/budget')).body.items.find((e: { id: string }) => e.id === ca.body.documentId)).toMatchObject({ receipts: 110_000, expenditure: 119_000 });
    // A DM is a change to the year's budget: not in the evolution chart.
    const dm = await upload([HEADER, line('décision modificative', '011', '60611', '8', 'fonctionnement', 'dépense', '', '50'), line('décision modificative', '73', '73111', '01', 'fonctionnement', 'recette', '', '50')].join('\n'), 'dm-2024.csv');
    expect(dm.status, dm.text).toBe(201);
    await agent.post(`/api/admin/budget/documents/${dm.body.documentId}/publish`, { published: true });
    view = (await visitor.get(`/api/budget/documents/${ca.body.documentId}`)).body;
    expect(view.evolution.map((e: { kind: string }) => e.kind)).toEqual(['BP', 'CA']);
    expect(await auditCount('communication.budget_population_set')).toBe(1);
  });
});
