/**
 * The acts part through the HTTP API, on both backends: PDFs of the Montpellier session imported
 * and summarised (title, vote, summary with offsets in the text); a PDF without a text layer kept
 * and flagged as needing OCR; a bad SCDL table refused with its lines and nothing written; a
 * tolerant SCDL import reporting its deviations; publication (file's SHA-256, the assistant's
 * knowledge document, audit events); a published act cannot be deleted nor its vote changed;
 * the public pages, the file as is, the SCDL export and the Atom feed; the demo session.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import { queryRows } from '../../../platform/db/client';
import { makeDocx } from '../../../platform/files/testing/fixtures';
import { TOPICS_KEY } from '../topics';
import { demoPdf } from './seed';
import { haveMontpellierActs, MONTPELLIER_DIR } from './test-acts';
import { fixtureBytes, staff, startCommunicationApp, type TestServer } from './testing/app';

let server: TestServer;
let agent: ReturnType<typeof staff>;
let visitor: ReturnType<typeof staff>;
const db = () => server.beffroi.ctx.db;
const ADMIN = '/api/admin/communication/acts';

beforeAll(async () => {
  server = await startCommunicationApp();
  agent = staff(server.baseUrl, 'agent');
  visitor = staff(server.baseUrl, null);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const count = async (query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(db(), query))[0]!.n);
const auditActions = async (id: string) =>
  (await queryRows<{ action: string }>(db(), sql`SELECT action FROM audit_events WHERE subject_id = ${id} ORDER BY id`)).map((r) => r.action);

async function uploadFiles(path: string, files: { name: string; type: string; data: Uint8Array | string }[], field = 'files') {
  const form = new FormData();
  for (const f of files) form.append(field, new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)], { type: f.type }), f.name);
  const res = await fetch(`${server.baseUrl}${path}`, { method: 'POST', body: form, headers: { 'x-test-role': 'agent', 'accept-language': 'fr' } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

async function newSession(): Promise<string> {
  const res = await agent.post(`${ADMIN}/sessions`, { date: '2014-04-24', body: 'Conseil municipal', place: 'Hôtel de ville' });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const PDFS = ['2014-04-24-0000071276.pdf', '2014-04-24-0000071216.pdf'];

describe.skipIf(!haveMontpellierActs)('acts imported from files and published', () => {
  let sessionId: string;
  let report: { files: { filename: string; status: string; actId: string | null; title: string | null; code: string | null }[] };

  beforeAll(async () => {
    sessionId = await newSession();
    const files = [
      ...PDFS.map((name) => ({ name, type: 'application/pdf', data: readFileSync(join(MONTPELLIER_DIR, name)) })),
      { name: 'scan.pdf', type: 'application/pdf', data: fixtureBytes('scan-without-text.pdf') },
      { name: 'script.pdf', type: 'application/pdf', data: '#!/bin/sh\necho not a pdf\n' },
    ];
    const res = await uploadFiles(`${ADMIN}/sessions/${sessionId}/files`, files);
    expect(res.status, res.text).toBe(200);
    report = res.body;
  }, 120_000);

  it('summarises the PDFs with a text layer, flags the scan, refuses what is not a PDF', () => {
    expect(report.files.map((f) => [f.filename, f.status])).toEqual([
      [PDFS[0], 'summarised'],
      [PDFS[1], 'summarised'],
      ['scan.pdf', 'needs_ocr'],
      ['script.pdf', 'refused'],
    ]);
    expect(report.files[3]!.code).toMatch(/^file\./);
    expect(report.files[3]!.actId).toBeNull();
  });

  it('stores each act with its title from the text, its summary located in the text, and its file’s SHA-256', async () => {
    const res = await agent.get(`${ADMIN}/${report.files[0]!.actId}`);
    expect(res.status).toBe(200);
    const act = res.body;
    expect(act.status).toBe('draft');
    expect(act.textStatus).toBe('ok');
    expect(act.title.length).toBeGreaterThan(10);
    expect(act.summary.text.length).toBeGreaterThan(20);
    expect(act.summary.method).toBe('extractive');
    expect(act.summary.readability.act.kandelMoles).toEqual(expect.any(Number));
    for (const s of act.summary.sentences) expect(s.sourceEnd).toBeGreaterThan(s.sourceStart);
    const first = act.summary.sentences[0];
    expect(act.text.slice(first.sourceStart, first.sourceEnd).replace(/\s+/g, ' ').slice(0, 10)).toBe(first.text.replace(/\s+/g, ' ').slice(0, 10));
    const bytes = readFileSync(join(MONTPELLIER_DIR, PDFS[0]!));
    expect(act.file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await auditActions(act.id)).toEqual(['communication.act.imported']);
  });

  it('keeps the scan, listed and not summarised', async () => {
    const res = await agent.get(`${ADMIN}/${report.files[2]!.actId}`);
    expect(res.body.textStatus).toBe('needs_ocr');
    expect(res.body.summary).toBeNull();
  });

  it('refuses the same file twice in a session', async () => {
    const res = await uploadFiles(`${ADMIN}/sessions/${sessionId}/files`, [{ name: PDFS[0]!, type: 'application/pdf', data: readFileSync(join(MONTPELLIER_DIR, PDFS[0]!)) }]);
    expect(res.body.files[0].status).toBe('refused');
    expect(res.body.files[0].code).toBe('communication.acts.duplicate_file');
  });

  it('edits metadata: topics checked against the list, zones against the territory', async () => {
    const id = report.files[0]!.actId!;
    const bad = await agent.patch(`${ADMIN}/${id}`, { topics: ['nope'] });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('communication.acts.unknown_topic');
    const badZone = await agent.patch(`${ADMIN}/${id}`, { zones: ['nowhere:42'] });
    expect(badZone.status).toBe(422);
    const ok = await agent.patch(`${ADMIN}/${id}`, { topics: ['institutions'], outcome: 'adopted', votesFor: 43, votesAgainst: 12, votesAbstention: 3 });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.votesFor).toBe(43);
  });

  it('publishes: the act online with its date, the assistant’s document, the audit event; then no deletion and no vote change', async () => {
    const id = report.files[0]!.actId!;
    expect((await visitor.get(`/api/communication/acts/${id}`)).status).toBe(404);
    const res = await agent.post(`${ADMIN}/${id}/publish`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('published');
    expect(res.body.publishedAt).toEqual(expect.any(String));
    expect(res.body.knowledgeDocumentId).toEqual(expect.any(String));
    const [doc] = await queryRows<{ status: string; type: string; source_url: string }>(db(), sql`SELECT status, type, source_url FROM assistant_documents WHERE id = ${res.body.knowledgeDocumentId}`);
    expect(doc).toMatchObject({ status: 'validated', type: 'council_decision' });
    expect(doc!.source_url).toContain(`/deliberations/actes/${id}`);
    expect(await count(sql`SELECT count(*)::int AS n FROM assistant_passages WHERE document_id = ${res.body.knowledgeDocumentId}`)).toBeGreaterThan(0);
    expect(await auditActions(id)).toEqual(['communication.act.imported', 'communication.act.updated', 'communication.act.published']);

    const del = await agent.delete(`${ADMIN}/${id}`);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('communication.acts.published_permanent');
    const frozen = await agent.patch(`${ADMIN}/${id}`, { votesFor: 40 });
    expect(frozen.status).toBe(409);
    expect((await agent.patch(`${ADMIN}/${id}`, { topics: ['institutions', 'finances'] })).status).toBe(200);
    expect((await agent.post(`${ADMIN}/${id}/publish`)).status).toBe(409);
  });

  it('shows the published act publicly, with its file as received', async () => {
    const id = report.files[0]!.actId!;
    const page = await visitor.get(`/api/communication/acts/${id}`);
    expect(page.status).toBe(200);
    expect(page.body.act.summary.notice).toContain('seul l');
    expect(page.body.text.length).toBeGreaterThan(100);
    const list = await visitor.get('/api/communication/acts/sessions');
    const session = list.body.items.find((s: { id: string }) => s.id === sessionId);
    expect(session.acts.map((a: { id: string }) => a.id)).toEqual([id]);
    const file = await fetch(`${server.baseUrl}/api/communication/acts/${id}/file`);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(page.body.act.file.sha256);
    // A draft's file is not public.
    expect((await fetch(`${server.baseUrl}/api/communication/acts/${report.files[1]!.actId}/file`)).status).toBe(404);
  });

  it('deletes a draft act (audited)', async () => {
    const id = report.files[2]!.actId!;
    const res = await agent.delete(`${ADMIN}/${id}`);
    expect(res.status).toBe(204);
    expect(await auditActions(id)).toEqual(['communication.act.imported', 'communication.act.deleted']);
  });
});

describe('a DOCX act, and an import that fails midway', () => {
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const docx = (subject: string, amount: string) =>
    makeDocx([
      { text: 'Extrait du registre des délibérations du conseil municipal — délibération n° 2026/040' },
      { text: `Objet : ${subject}` },
      { text: 'Vu le code général des collectivités territoriales ;' },
      { text: 'Le Conseil municipal, après en avoir délibéré, DÉCIDE :' },
      { text: `Article 1er : d'attribuer une subvention de ${amount} euros à l'association Les Amis du Parc.` },
      { text: 'Pour : 30 — Contre : 2 — Abstentions : 1' },
      { text: 'Adopté à la majorité.' },
    ]);

  it('reads a DOCX: subject, number, vote and a summary whose figures are the act’s', async () => {
    const sessionId = await newSession();
    const res = await uploadFiles(`${ADMIN}/sessions/${sessionId}/files`, [{ name: 'subvention.docx', type: DOCX, data: docx('Subvention aux Amis du Parc', '3 500') }]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.files[0]).toMatchObject({ status: 'summarised', title: 'Subvention aux Amis du Parc' });
    const act = (await agent.get(`${ADMIN}/${res.body.files[0].actId}`)).body;
    expect(act).toMatchObject({ number: '2026/040', outcome: 'adopted', votesFor: 30, votesAgainst: 2, votesAbstention: 1 });
    expect(act.summary.text).toContain('3 500 euros');
    expect(act.summary.check.ok).toBe(true);
  });

  it('publishes a PDF original only: the DOCX gives the text, the PDF attached replaces it, served with its parsed type and safe headers', async () => {
    const sessionId = await newSession();
    // The uploader's claimed type is not kept: the stored type is the parsed format's.
    const res = await uploadFiles(`${ADMIN}/sessions/${sessionId}/files`, [{ name: 'voile   club.docx', type: 'text/html', data: docx('Subvention au club de voile', '2 000') }]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.files[0].filename).toBe('voile club.docx');
    const id = res.body.files[0].actId as string;
    const act = (await agent.get(`${ADMIN}/${id}`)).body;
    expect(act.file.mimetype).toBe(DOCX);
    const staffFile = await fetch(`${server.baseUrl}${ADMIN}/${id}/file`, { headers: { 'x-test-role': 'agent' } });
    expect(staffFile.headers.get('content-type')).toBe(DOCX);
    expect(staffFile.headers.get('x-content-type-options')).toBe('nosniff');
    expect(staffFile.headers.get('content-security-policy')).toBe('sandbox');
    expect(staffFile.headers.get('content-disposition')).toMatch(/^attachment;/);

    const refused = await agent.post(`${ADMIN}/${id}/publish`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('communication.acts.original_not_pdf');
    expect((await agent.get(`${ADMIN}/${id}`)).body.status).toBe('draft');
    const sessionRefused = await agent.post(`${ADMIN}/sessions/${sessionId}/publish`);
    expect(sessionRefused.body.acts[0].problems).toEqual(['original_not_pdf']);

    // Not a PDF: refused, nothing changed.
    const notPdf = await agent.upload(`${ADMIN}/${id}/original`, { file: { name: 'acte.docx', type: 'application/pdf', data: docx('Autre', '1') } });
    expect(notPdf.status).toBe(422);
    expect((await agent.get(`${ADMIN}/${id}`)).body.file.sha256).toBe(act.file.sha256);

    const pdf = demoPdf('deliberation-2026-033-subventions-associations-sportives.md');
    const attached = await agent.upload(`${ADMIN}/${id}/original`, { file: { name: 'acte.pdf', type: 'application/octet-stream', data: pdf } });
    expect(attached.status, attached.text).toBe(200);
    expect(attached.body.file).toMatchObject({ filename: 'acte.pdf', mimetype: 'application/pdf', sha256: createHash('sha256').update(pdf).digest('hex') });
    expect(attached.body.textStatus).toBe('ok');
    expect((await agent.get(`${ADMIN}/${id}`)).body.text).toContain('associations sportives');
    expect(await auditActions(id)).toEqual(['communication.act.imported', 'communication.act.original_replaced']);
    const published = await agent.post(`${ADMIN}/${id}/publish`);
    expect(published.status, published.text).toBe(200);
    const file = await fetch(`${server.baseUrl}/api/communication/acts/${id}/file`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe('sandbox');
  });

  it('suggests only the commune’s own topics: an unknown default id is neither stored nor blocks saving', async () => {
    const before = await server.beffroi.ctx.settings.get<unknown>(TOPICS_KEY);
    await db().transaction((tx) => server.beffroi.ctx.settings.set(tx, SYSTEM_ACTOR, TOPICS_KEY, [{ id: 'vie-associative', fr: 'Vie associative', en: 'Community life' }]));
    try {
      const sessionId = await newSession();
      const res = await uploadFiles(`${ADMIN}/sessions/${sessionId}/files`, [{ name: 'parc.docx', type: DOCX, data: docx('Subvention aux associations du parc', '4 100') }]);
      const act = (await agent.get(`${ADMIN}/${res.body.files[0].actId}`)).body;
      expect(act.topics).toEqual([]);
      expect(act.suggestedTopics).toEqual([]);
      const saved = await agent.patch(`${ADMIN}/${act.id}`, { topics: act.suggestedTopics, title: act.title });
      expect(saved.status, saved.text).toBe(200);
    } finally {
      await db().transaction((tx) => server.beffroi.ctx.settings.set(tx, SYSTEM_ACTOR, TOPICS_KEY, before));
    }
  });

  it('writes nothing when the database fails on the second file', async () => {
    const sessionId = await newSession();
    const second = docx('Subvention au club de voile', '9 999');
    // A crash in the middle of the import: the second file's insert fails.
    await db().execute(sql.raw(`CREATE OR REPLACE FUNCTION acts_test_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END; $$ LANGUAGE plpgsql`));
    await db().execute(
      sql.raw(`CREATE TRIGGER acts_test_fail BEFORE INSERT ON communication_act_files FOR EACH ROW WHEN (octet_length(NEW.bytes) = ${second.length}) EXECUTE FUNCTION acts_test_fail()`),
    );
    try {
      const res = await uploadFiles(`${ADMIN}/sessions/${sessionId}/files`, [
        { name: 'first.docx', type: DOCX, data: docx('Subvention à la chorale', '1 200') },
        { name: 'second.docx', type: DOCX, data: second },
      ]);
      expect(res.status).toBe(500);
    } finally {
      await db().execute(sql.raw('DROP TRIGGER acts_test_fail ON communication_act_files'));
      await db().execute(sql.raw('DROP FUNCTION acts_test_fail()'));
    }
    expect(await count(sql`SELECT count(*)::int AS n FROM communication_acts WHERE session_id = ${sessionId}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'communication.act.imported' AND after->>'sessionId' = ${sessionId}`)).toBe(0);
  });
});

describe('the SCDL table', () => {
  const HEADER = 'COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,DELIB_OBJET,BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,DELIB_URL';
  const scdl = (name: string, text: string, fields: Record<string, string> = {}) => agent.upload(`${ADMIN}/scdl`, { file: { name, type: 'text/csv', data: text } }, fields);

  it('refuses a table with a bad row and writes nothing', async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM communication_acts`);
    const sessionsBefore = await count(sql`SELECT count(*)::int AS n FROM communication_sessions`);
    const csv = [HEADER, 'Ville,123,D1,2024-05-02,,,Budget primitif,,,,,,,30,3,0,', 'Ville,123,D2,2024-02-31,,,Tarifs,,,,,,,30,3,0,', 'Ville,123,D3,2024-05-02,,,,,,,,,,x,3,0,'].join('\n');
    const res = await scdl('bad.csv', csv, { body: 'Conseil SCDL test' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('communication.acts.scdl_rows_invalid');
    expect(res.body.problems).toEqual([
      { line: 3, code: 'bad_date', column: 'DELIB_DATE', value: '2024-02-31' },
      { line: 4, code: 'missing_subject', column: 'DELIB_OBJET' },
      { line: 4, code: 'bad_number', column: 'VOTE_POUR', value: 'x' },
    ]);
    expect(await count(sql`SELECT count(*)::int AS n FROM communication_acts`)).toBe(before);
    expect(await count(sql`SELECT count(*)::int AS n FROM communication_sessions`)).toBe(sessionsBefore);
  });

  it('imports a town’s own table (semicolons, French column names, French dates), one session per date, reporting the deviations', async () => {
    const csv = [
      'Numéro de projet de délibération;Elu(s);Titre;Numéro de délibération;Date CM',
      '1;Hélène MANDROUX;Voeu de soutien;464;25/11/2013',
      '2;Max LEVITA;Aide humanitaire_x0001_Typhon Haiyan;465;25/11/2013',
      '3;Max LEVITA;Budget primitif 2014;12;16/12/2013',
    ].join('\r\n');
    const res = await scdl('VilleMTP.csv', csv, { body: 'Conseil municipal de test' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.imported).toBe(3);
    expect(res.body.sessions.map((s: { date: string; acts: number }) => [s.date, s.acts])).toEqual([
      ['2013-11-25', 2],
      ['2013-12-16', 1],
    ]);
    const codes = res.body.deviations.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['separator', 'column_renamed', 'column_ignored', 'column_missing', 'date_format', 'excel_escape']));
    const session = await agent.get(`${ADMIN}/sessions/${res.body.sessions[0].id}`);
    expect(session.body.acts.map((a: { number: string; title: string; textStatus: string }) => [a.number, a.title, a.textStatus])).toEqual([
      ['464', 'Voeu de soutien', 'none'],
      ['465', 'Aide humanitaire — Typhon Haiyan', 'none'],
    ]);
    // The same table again: every row is already there, skipped and reported, nothing duplicated.
    const again = await scdl('VilleMTP.csv', csv, { body: 'Conseil municipal de test' });
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({ imported: 0, skipped: 3 });
    expect(again.body.deviations).toContainEqual({ code: 'already_imported', found: '3', lines: [2, 3, 4] });
    expect((await agent.get(`${ADMIN}/sessions/${res.body.sessions[0].id}`)).body.acts).toHaveLength(2);
    // A body that is not one line: refused by the shared validation.
    expect((await scdl('VilleMTP.csv', csv, { body: 'Conseil\nmunicipal' })).status).toBe(400);
    // A deliberation is published with its outcome: the session's publication is refused whole,
    // listing the acts without one, and nothing is published.
    const refused = await agent.post(`${ADMIN}/sessions/${res.body.sessions[0].id}/publish`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('communication.acts.session_incomplete');
    expect(refused.body.acts.map((a: { number: string; problems: string[] }) => [a.number, a.problems])).toEqual([
      ['464', ['outcome_missing']],
      ['465', ['outcome_missing']],
    ]);
    expect(await count(sql`SELECT count(*)::int AS n FROM communication_acts WHERE session_id = ${res.body.sessions[0].id} AND status = 'published'`)).toBe(0);
    const single = await agent.post(`${ADMIN}/${session.body.acts[0].id}/publish`);
    expect(single.status).toBe(409);
    expect(single.body.code).toBe('communication.acts.outcome_missing');
    for (const a of session.body.acts) expect((await agent.patch(`${ADMIN}/${a.id}`, { outcome: 'adopted' })).status).toBe(200);
    // Published, they are in the SCDL export.
    expect((await agent.post(`${ADMIN}/sessions/${res.body.sessions[0].id}/publish`)).status).toBe(200);
    const csvOut = await (await fetch(`${server.baseUrl}/api/communication/acts/deliberations.csv`)).text();
    expect(csvOut.split('\r\n')[0]).toBe(HEADER);
    expect(csvOut).toContain(',464,2013-11-25,,,Voeu de soutien,');
  });
});

describe('the demo session, the feed', () => {
  it('seeds a published session of three deliberations with their summaries', async () => {
    const list = await visitor.get('/api/communication/acts/sessions');
    const demo = list.body.items.find((s: { date: string }) => s.date === '2026-03-26');
    expect(demo.acts).toHaveLength(3);
    for (const a of demo.acts) {
      expect(a.summaryText).toBeTruthy();
      expect(a.outcome).toBe('adopted');
    }
    expect(demo.acts[0].votesFor).toBe(31);
    expect(demo.acts[2].unanimous).toBe(true);
    // Published with their PDFs (a non-editable format); no provider detail shown publicly.
    for (const a of demo.acts) expect(a.file.mimetype).toBe('application/pdf');
    const file = await fetch(`${server.baseUrl}/api/communication/acts/${demo.acts[0].id}/file`);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lets the assistant answer from a published act, citing it', async () => {
    const conversation = await visitor.post('/api/assistant/conversations', {});
    expect(conversation.status, conversation.text).toBe(201);
    const m = await visitor.post(`/api/assistant/conversations/${conversation.body.id}/messages`, { text: 'Combien coûte la végétalisation de la cour de l’école Jean-Moulin ?' });
    expect(m.status, m.text).toBe(200);
    const [act] = await queryRows<{ knowledge_document_id: string }>(db(), sql`SELECT knowledge_document_id FROM communication_acts WHERE number = '2026/031'`);
    expect(m.body.citations.map((c: { documentId: string }) => c.documentId)).toContain(act!.knowledge_document_id);
  });

  it('serves an Atom feed of the published acts', async () => {
    const res = await fetch(`${server.baseUrl}/api/communication/acts/feed.atom`);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await res.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).toContain('l&apos;école élémentaire Jean-Moulin');
    // The summary is marked as automatic, never taken for the commune's words.
    expect(xml).toMatch(/<summary[^>]*>Résumé automatique : /);
    // A validator: the same feed again is a 304; links from the Host only when no public URL is set.
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await fetch(`${server.baseUrl}/api/communication/acts/feed.atom`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    if (!server.beffroi.ctx.config.publicUrl) {
      expect(res.headers.get('vary')).toContain('Host');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    const csv = await fetch(`${server.baseUrl}/api/communication/acts/deliberations.csv`);
    expect(csv.headers.get('etag')).toBeTruthy();
    const [notice] = await queryRows<{ summary: string }>(db(), sql`SELECT summary FROM communication_alert_notices WHERE source = 'communication.acts' AND summary LIKE 'Résumé automatique : %' LIMIT 1`);
    expect(notice).toBeTruthy();
  });
});

describe('the upload’s total size', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startCommunicationApp({ BEFFROI_UPLOAD_LIMIT: '4096' });
  }, 120_000);
  afterAll(async () => {
    await small?.close();
  });

  it('refuses with a 413 past four times the per-file limit in all, each file under it, and stores nothing', async () => {
    const client = staff(small.baseUrl, 'agent');
    const session = await client.post(`${ADMIN}/sessions`, { date: '2024-01-10', body: 'Conseil municipal', place: 'Mairie' });
    expect(session.status, session.text).toBe(201);
    const form = new FormData();
    for (let i = 0; i < 5; i++) form.append('files', new Blob([`Acte ${i}\n${'texte '.repeat(600)}`.slice(0, 4000)], { type: 'text/plain' }), `acte-${i}.txt`);
    const res = await fetch(`${small.baseUrl}${ADMIN}/sessions/${session.body.id}/files`, { method: 'POST', body: form, headers: { 'x-test-role': 'agent' } });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('communication.acts.upload_too_large');
    const [n] = await queryRows<{ n: number }>(small.beffroi.ctx.db, sql`SELECT count(*)::int AS n FROM communication_acts WHERE session_id = ${session.body.id}`);
    expect(n!.n).toBe(0);
  });
});
