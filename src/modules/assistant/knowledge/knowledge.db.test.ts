import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { auditEvents } from '../../../platform/audit/schema';
import { jobs } from '../../../platform/jobs/schema';
import { SYSTEM_ACTOR, verifyAuditChain } from '../../../platform/audit/service';
import { startFakeOpenAi } from '../../../platform/testing/fake-openai';
import { getIndexVersion, loadPassageEmbeddings, loadSearchablePassages, loadVocabulary } from './index-store';
import { ingestDocument, type IngestInput } from './ingest';
import { assistantDocuments, assistantDocumentVersions, assistantPassages, assistantUploads } from './schema';
import { createDocument, createDraftDocument, getDocumentForCitation, updateDocument } from './service';
import { seedDemoKnowledge } from './seed';
import { createKnowledgeTestApp } from './testing/app';
import { makeDocx, makePdf } from './testing/fixtures';
import { startTestSite } from './testing/site';

let beffroi: BeffroiApp;
/** Set to N to make the Nth ingestion from now fail between deleting old passages and inserting new ones. */
let failCountdown: number | null = null;

beforeAll(async () => {
  beffroi = await createKnowledgeTestApp({
    env: { BEFFROI_UPLOAD_LIMIT: String(200 * 1024) },
    jobOptions: {
      beforeInsertPassages: () => {
        if (failCountdown !== null && --failCountdown === 0) {
          failCountdown = null;
          throw new Error('simulated crash mid-ingestion');
        }
      },
    },
  });
});
afterAll(async () => {
  await beffroi?.close();
});

const db = () => beffroi.ctx.db;
const as = (role: string) => ({ 'x-test-role': role });

const input = (over: Partial<IngestInput> = {}): IngestInput => ({
  title: 'Restauration scolaire',
  body: '# Restauration scolaire\n\nLa cantine est ouverte aux enfants inscrits.\n\n## Tarifs\n\nLe repas coûte 3,20 € selon le quotient familial.',
  type: 'procedure',
  service: 'Éducation',
  language: 'fr',
  sourceUrl: null,
  validFrom: null,
  validUntil: null,
  status: 'validated',
  format: 'md',
  ...over,
});

async function auditCount(subjectId: string) {
  const [r] = await db().select({ n: count() }).from(auditEvents).where(eq(auditEvents.subjectId, subjectId));
  return Number(r!.n);
}

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = '----beffroi-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(role: string, fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const m = multipart(fields, file);
  return beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/documents/upload', headers: { ...m.headers, ...as(role) }, payload: m.payload });
}

async function runJob(jobId: number) {
  await beffroi.ctx.jobs.drain();
  const res = await beffroi.app.inject({ method: 'GET', url: `/api/admin/assistant/jobs/${jobId}`, headers: as('agent') });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('versioned ingestion', () => {
  it('creates a document whose passages carry exact offsets and analysed terms', async () => {
    const v0 = await getIndexVersion(db());
    const r = await db().transaction((tx) => ingestDocument(tx, SYSTEM_ACTOR, input(), null));
    expect(r.outcome).toBe('created');
    expect(await getIndexVersion(db())).toBe(v0 + 1);
    const [version] = await db().select().from(assistantDocumentVersions).where(eq(assistantDocumentVersions.id, r.versionId));
    const passages = (await loadSearchablePassages(db())).filter((p) => p.documentId === r.documentId);
    expect(passages.length).toBeGreaterThan(0);
    for (const p of passages) {
      expect(version!.body.slice(p.start, p.end)).toBe(p.text);
      expect(p.versionId).toBe(r.versionId);
      expect(p.documentTitle).toBe('Restauration scolaire');
      expect((p.terms as { title: string[] }).title.length).toBeGreaterThan(0);
    }
  });

  it('does nothing when unchanged content is ingested again; replaces passages when it changed', async () => {
    const first = await db().transaction((tx) => ingestDocument(tx, SYSTEM_ACTOR, input({ sourceUrl: 'https://demo.beffroi.fr/cantine' }), { sourceUrl: 'https://demo.beffroi.fr/cantine' }));
    const audits = await auditCount(first.documentId);
    const v = await getIndexVersion(db());
    const again = await db().transaction((tx) => ingestDocument(tx, SYSTEM_ACTOR, input({ body: `${input().body}\r\n\r\n` }), { sourceUrl: 'https://demo.beffroi.fr/cantine' }));
    expect(again).toMatchObject({ documentId: first.documentId, versionId: first.versionId, outcome: 'unchanged' });
    expect(await auditCount(first.documentId)).toBe(audits);
    expect(await getIndexVersion(db())).toBe(v);

    const changed = await db().transaction((tx) =>
      ingestDocument(tx, SYSTEM_ACTOR, input({ body: '# Restauration scolaire\n\nLe repas coûte désormais 3,50 €.' }), { sourceUrl: 'https://demo.beffroi.fr/cantine' }),
    );
    expect(changed.outcome).toBe('updated');
    expect(await getIndexVersion(db())).toBe(v + 1);
    const rows = await db().select().from(assistantPassages).where(eq(assistantPassages.documentId, first.documentId));
    expect(rows.every((p) => p.versionId === changed.versionId)).toBe(true);
    expect(rows.map((p) => p.text).join(' ')).toContain('3,50 €');
    const versions = await db().select().from(assistantDocumentVersions).where(eq(assistantDocumentVersions.documentId, first.documentId));
    expect(versions.map((x) => x.version).sort()).toEqual([1, 2]);
  });

  it('leaves the previous version intact when ingestion fails midway', async () => {
    const created = await createDocument(db(), SYSTEM_ACTOR, { ...input(), title: 'Piscine', body: '# Piscine\n\nOuverte le mercredi.', status: 'validated' });
    const before = await db().select().from(assistantPassages).where(eq(assistantPassages.documentId, created.documentId));
    const v = await getIndexVersion(db());
    await expect(
      updateDocument(db(), SYSTEM_ACTOR, created.documentId, { body: '# Piscine\n\nFermée pour travaux.' }, true, {
        beforeInsertPassages: () => {
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const after = await db().select().from(assistantPassages).where(eq(assistantPassages.documentId, created.documentId));
    expect(after).toEqual(before);
    const [doc] = await db().select().from(assistantDocuments).where(eq(assistantDocuments.id, created.documentId));
    expect(doc!.currentVersionId).toBe(created.versionId);
    expect(await db().select().from(assistantDocumentVersions).where(eq(assistantDocumentVersions.documentId, created.documentId))).toHaveLength(1);
    expect(await getIndexVersion(db())).toBe(v);
  });

  it('only validated documents are searchable and citable; validity dates travel with passages', async () => {
    const draft = await createDraftDocument(db(), SYSTEM_ACTOR, { title: 'FAQ brouillon', body: 'Une réponse rédigée par un agent.', type: 'faq', service: null, language: 'fr' });
    const dated = await createDocument(db(), SYSTEM_ACTOR, { ...input(), status: 'validated' as const, title: 'Plan canicule', body: 'Registre des personnes fragiles.', validFrom: '2025-06-01', validUntil: '2025-08-31' });
    const searchable = await loadSearchablePassages(db());
    expect(searchable.some((p) => p.documentId === draft.id)).toBe(false);
    expect(searchable.find((p) => p.documentId === dated.documentId)).toMatchObject({ validFrom: '2025-06-01', validUntil: '2025-08-31' });
    expect(await getDocumentForCitation(db(), draft.id)).toBeNull();
    expect(await getDocumentForCitation(db(), dated.documentId)).toMatchObject({ title: 'Plan canicule', body: 'Registre des personnes fragiles.', demo: false });
  });
});

describe('back-office API', () => {
  it('lets agents draft but not validate; moderators validate; archiving and deleting remove from search', async () => {
    const forbidden = await beffroi.app.inject({
      method: 'POST',
      url: '/api/admin/assistant/documents',
      headers: as('agent'),
      payload: { title: 'Encombrants', body: '# Encombrants\n\nSur rendez-vous.', type: 'procedure', status: 'validated' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('knowledge.validation_required');
    expect((await beffroi.app.inject({ method: 'GET', url: '/api/admin/assistant/documents', headers: as('analyst') })).statusCode).toBe(403);
    expect((await beffroi.app.inject({ method: 'GET', url: '/api/admin/assistant/documents' })).statusCode).toBe(401);

    const created = await beffroi.app.inject({
      method: 'POST',
      url: '/api/admin/assistant/documents',
      headers: as('agent'),
      payload: { title: 'Encombrants', body: '# Encombrants\n\nLa collecte se fait sur rendez-vous.', type: 'procedure', service: 'Propreté' },
    });
    expect(created.statusCode).toBe(201);
    const doc = created.json();
    expect(doc).toMatchObject({ status: 'draft', type: 'procedure', service: 'Propreté', language: 'fr' });
    expect(doc.versions).toHaveLength(1);
    expect((await beffroi.app.inject({ method: 'GET', url: `/api/assistant/documents/${doc.id}` })).statusCode).toBe(404);

    expect((await beffroi.app.inject({ method: 'POST', url: `/api/admin/assistant/documents/${doc.id}/validate`, headers: as('agent') })).statusCode).toBe(403);
    const v = await getIndexVersion(db());
    const validated = await beffroi.app.inject({ method: 'POST', url: `/api/admin/assistant/documents/${doc.id}/validate`, headers: as('moderator') });
    expect(validated.statusCode).toBe(200);
    expect(validated.json()).toMatchObject({ status: 'validated', validatedBy: 'user-moderator' });
    expect(await getIndexVersion(db())).toBe(v + 1);
    const pub = await beffroi.app.inject({ method: 'GET', url: `/api/assistant/documents/${doc.id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ title: 'Encombrants', body: '# Encombrants\n\nLa collecte se fait sur rendez-vous.', service: 'Propreté', demo: false });

    // An agent cannot change what is published; a moderator's edit makes a new version.
    const agentEdit = await beffroi.app.inject({ method: 'PATCH', url: `/api/admin/assistant/documents/${doc.id}`, headers: as('agent'), payload: { body: 'Autre texte' } });
    expect(agentEdit.statusCode).toBe(403);
    const edit = await beffroi.app.inject({
      method: 'PATCH',
      url: `/api/admin/assistant/documents/${doc.id}`,
      headers: as('moderator'),
      payload: { body: '# Encombrants\n\nLa collecte se fait sur rendez-vous, le mardi.', validUntil: '2030-12-31' },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ newVersion: true, validUntil: '2030-12-31' });
    expect(edit.json().versions).toHaveLength(2);
    const oldVersion = edit.json().versions[1];
    const vres = await beffroi.app.inject({ method: 'GET', url: `/api/admin/assistant/documents/${doc.id}/versions/${oldVersion.id}`, headers: as('agent') });
    expect(vres.json()).toMatchObject({ version: 1, body: '# Encombrants\n\nLa collecte se fait sur rendez-vous.' });
    // A citation made from the old version still opens the text it was made from.
    expect((await beffroi.app.inject({ method: 'GET', url: `/api/assistant/documents/${doc.id}?version=${oldVersion.id}` })).json().body).toContain('rendez-vous.');

    const bad = await beffroi.app.inject({ method: 'PATCH', url: `/api/admin/assistant/documents/${doc.id}`, headers: as('moderator'), payload: { validFrom: '2031-01-01' } });
    expect(bad.statusCode).toBe(400);
    const unknownField = await beffroi.app.inject({ method: 'PATCH', url: `/api/admin/assistant/documents/${doc.id}`, headers: as('moderator'), payload: { statut: 'x' } });
    expect(unknownField.statusCode).toBe(400);

    const list = await beffroi.app.inject({ method: 'GET', url: '/api/admin/assistant/documents?status=validated&q=encombrant&pageSize=5', headers: as('agent') });
    expect(list.json()).toMatchObject({ total: 1, page: 1, pageSize: 5 });

    const archived = await beffroi.app.inject({ method: 'POST', url: `/api/admin/assistant/documents/${doc.id}/archive`, headers: as('admin') });
    expect(archived.json().status).toBe('archived');
    expect((await loadSearchablePassages(db())).some((p) => p.documentId === doc.id)).toBe(false);
    expect((await beffroi.app.inject({ method: 'DELETE', url: `/api/admin/assistant/documents/${doc.id}`, headers: as('agent') })).statusCode).toBe(204);
    expect((await beffroi.app.inject({ method: 'GET', url: `/api/admin/assistant/documents/${doc.id}`, headers: as('agent') })).statusCode).toBe(404);
    const [deletion] = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, doc.id), eq(auditEvents.action, 'assistant.document.deleted')));
    expect(deletion!.before).toMatchObject({ title: 'Encombrants', versions: 2 });
  });

  it('manages the vocabulary, each change bumping the index version', async () => {
    const v0 = await getIndexVersion(db());
    const created = await beffroi.app.inject({
      method: 'POST',
      url: '/api/admin/assistant/vocabulary',
      headers: as('agent'),
      payload: { term: 'CCAS', expansions: ["centre communal d'action sociale", ' centre communal  d\'action sociale '], kind: 'acronym' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().expansions).toEqual(["centre communal d'action sociale"]);
    expect(await getIndexVersion(db())).toBe(v0 + 1);
    const dup = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/vocabulary', headers: as('agent'), payload: { term: 'ccas', expansions: ['x'], kind: 'acronym' } });
    expect(dup.statusCode).toBe(409);
    const id = created.json().id;
    const patched = await beffroi.app.inject({ method: 'PATCH', url: `/api/admin/assistant/vocabulary/${id}`, headers: as('agent'), payload: { expansions: ['action sociale', 'aide sociale'] } });
    expect(patched.json().expansions).toEqual(['action sociale', 'aide sociale']);
    expect(await getIndexVersion(db())).toBe(v0 + 2);
    expect(await loadVocabulary(db())).toContainEqual({ term: 'CCAS', expansions: ['action sociale', 'aide sociale'], kind: 'acronym' });
    expect((await beffroi.app.inject({ method: 'DELETE', url: `/api/admin/assistant/vocabulary/${id}`, headers: as('agent') })).statusCode).toBe(204);
    expect(await getIndexVersion(db())).toBe(v0 + 3);
    expect((await beffroi.app.inject({ method: 'GET', url: '/api/admin/assistant/vocabulary', headers: as('agent') })).json().items).toEqual([]);
  });
});

describe('file uploads', () => {
  it('ingests Markdown, HTML, PDF and DOCX in background jobs; an unchanged re-upload does nothing', async () => {
    const files = [
      { name: 'horaires.md', type: 'text/markdown', data: Buffer.from('# Horaires de la mairie\n\nDu lundi au vendredi, 8 h 30 – 17 h.') },
      { name: 'marche.html', type: 'text/html', data: Buffer.from('<html><head><title>Marché</title></head><body><main><h1>Marché</h1><p>Le samedi matin, place de la mairie.</p></main></body></html>') },
      { name: 'deliberation.pdf', type: 'application/pdf', data: makePdf([[{ text: 'Tarifs de la m\xe9diath\xe8que', x: 50, y: 750, size: 18 }, { text: "L'abonnement annuel co\xfbte 10 euros.", x: 50, y: 700, size: 11 }]]) },
      { name: 'reglement.docx', type: 'application/octet-stream', data: makeDocx([{ text: 'Règlement du parc', heading: 1 }, { text: 'Les chiens sont tenus en laisse.' }]) },
    ];
    const expected = ['Horaires de la mairie', 'Marché', 'Tarifs de la médiathèque', 'Règlement du parc'];
    for (const [i, f] of files.entries()) {
      const res = await upload('agent', { type: 'page', service: 'Accueil' }, f);
      expect(res.statusCode, f.name).toBe(202);
      const job = await runJob(res.json().jobId);
      expect(job.status, JSON.stringify(job)).toBe('succeeded');
      expect(job.result.outcome).toBe('created');
      const [doc] = await db().select().from(assistantDocuments).where(eq(assistantDocuments.id, job.result.documentId));
      expect(doc).toMatchObject({ title: expected[i], status: 'draft', service: 'Accueil' });
      const [version] = await db().select().from(assistantDocumentVersions).where(eq(assistantDocumentVersions.id, doc!.currentVersionId!));
      expect(version!.originalFilename).toBe(f.name);
    }
    expect(await db().select().from(assistantUploads)).toHaveLength(0);

    const again = await upload('agent', { type: 'page' }, files[2]!);
    const job = await runJob(again.json().jobId);
    expect(job.result.outcome).toBe('unchanged');
    expect(job.progress).toMatchObject({ stage: 'done' });
  });

  it('rejects wrong types, binaries posing as PDF, empty and oversized files with clear errors', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    // The type comes from the content (a PNG), which the knowledge base does not take, whatever the name.
    const fake = await upload('agent', {}, { name: 'arrete.pdf', type: 'application/pdf', data: png });
    expect(fake.statusCode).toBe(422);
    expect(fake.json().code).toBe('file.unsupported_type');
    const image = await upload('agent', {}, { name: 'photo.png', type: 'image/png', data: png });
    expect(image.statusCode).toBe(422);
    expect(image.json().code).toBe('file.unsupported_type');
    const empty = await upload('agent', {}, { name: 'vide.md', type: 'text/markdown', data: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    expect((await upload('agent', {})).statusCode).toBe(400);
    const big = await upload('agent', {}, { name: 'gros.txt', type: 'text/plain', data: Buffer.alloc(300 * 1024, 'a') });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('file.too_large');
    const json = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/documents/upload', headers: as('agent'), payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const badField = await upload('agent', { type: 'poème' }, { name: 'a.md', type: 'text/markdown', data: Buffer.from('# A\n\nB') });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().errors[0].pointer).toBe('/body/type');
    expect(await db().select().from(assistantUploads)).toHaveLength(0);
  });

  it('reports that a PDF without text needs OCR, at once or in its job, and keeps nothing of it', async () => {
    const before = await db().select({ n: count() }).from(assistantDocuments);
    const res = await upload('agent', {}, { name: 'scan.pdf', type: 'application/pdf', data: makePdf([[]]) });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('knowledge.pdf_needs_ocr');
    expect(await db().select().from(assistantUploads)).toHaveLength(0);
    // An upload stored before its route parsed uploads (or by another way) meets the same answer in its job.
    const uploadId = crypto.randomUUID();
    await db().insert(assistantUploads).values({ id: uploadId, filename: 'scan.pdf', mediaType: 'application/pdf', format: 'pdf', size: 1, bytes: makePdf([[]]), createdBy: null });
    const queued = await beffroi.ctx.jobs.enqueue(db(), 'assistant.ingest_file', {
      uploadId,
      actor: SYSTEM_ACTOR,
      metadata: { type: 'page', service: null, language: 'fr', status: 'draft', sourceUrl: null, validFrom: null, validUntil: null },
    });
    const job = await runJob(queued.id);
    expect(job.status).toBe('failed');
    expect(job.attempts).toBe(1);
    expect(job.error).toEqual({ code: 'knowledge.pdf_needs_ocr', message: "Ce PDF ne contient pas de texte (document scanné) : il faut d'abord le passer à l'OCR" });
    expect(await db().select({ n: count() }).from(assistantDocuments)).toEqual(before);
    expect(await db().select().from(assistantUploads)).toHaveLength(0);
  });

  it('uploads a new version of an existing document', async () => {
    const created = await createDocument(db(), SYSTEM_ACTOR, { ...input(), title: 'Tarifs', body: '# Tarifs\n\nAncien tarif.', status: 'draft' });
    const res = await upload('agent', { documentId: created.documentId }, { name: 'tarifs.md', type: 'text/markdown', data: Buffer.from('# Tarifs\n\nNouveau tarif.') });
    const job = await runJob(res.json().jobId);
    expect(job.result).toMatchObject({ documentId: created.documentId, outcome: 'updated' });
  });
});

describe('bulk JSON import', () => {
  const docs = [
    { title: 'Cimetière', body: '# Cimetière\n\nConcessions de 15 ou 30 ans.', type: 'procedure', service: 'État civil', sourceUrl: 'https://demo.beffroi.fr/cimetiere' },
    { title: 'Marché de Noël', body: 'Du 1er au 24 décembre.', type: 'page', validFrom: '2025-12-01', validUntil: '2025-12-24' },
    { title: 'Délibération budget', body: 'Le conseil adopte le budget primitif.', type: 'council_decision' },
  ];

  it('validates every item before queuing anything', async () => {
    const res = await beffroi.app.inject({
      method: 'POST',
      url: '/api/admin/assistant/documents/import',
      headers: as('agent'),
      payload: [...docs, { title: '', body: 'x', type: 'page' }, { title: 'Dates', body: 'x', type: 'page', validFrom: '2025-02-01', validUntil: '2025-01-01' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/body/3/title', '/body/4/validUntil']));
  });

  it('imports all or nothing', async () => {
    const total = async () => Number((await db().select({ n: count() }).from(assistantDocuments))[0]!.n);
    const count0 = await total();
    const res = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/documents/import', headers: as('moderator'), payload: { status: 'validated', documents: docs } });
    expect(res.statusCode).toBe(202);
    expect(res.json().documents).toBe(3);
    // A crash while writing the third document rolls back the first two.
    failCountdown = 3;
    const job = await runJob(res.json().jobId);
    expect(job.status).toBe('queued'); // not a permanent error: retried later
    expect(await total()).toBe(count0);
    await db().update(jobs).set({ runAt: new Date() }).where(eq(jobs.id, res.json().jobId));
    const retried = await runJob(res.json().jobId);
    expect(retried.status).toBe('succeeded');
    expect(retried.result).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    expect(await total()).toBe(count0 + 3);
    expect((await loadSearchablePassages(db())).some((p) => p.documentTitle === 'Marché de Noël' && p.validUntil === '2025-12-24')).toBe(true);

    const again = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/documents/import', headers: as('moderator'), payload: { status: 'validated', documents: docs } });
    expect((await runJob(again.json().jobId)).result).toMatchObject({ created: 0, unchanged: 3 });
  });

  it('needs the validate permission to import validated documents', async () => {
    const res = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/documents/import', headers: as('agent'), payload: { status: 'validated', documents: docs } });
    expect(res.statusCode).toBe(403);
  });
});

/** The API has no timeout knob; tests shorten the per-request timeout in the queued payload. */
async function shortenTimeout(jobId: number) {
  const [job] = await db().select().from(jobs).where(eq(jobs.id, jobId));
  await db().update(jobs).set({ payload: { ...(job!.payload as object), requestTimeoutMs: 300 } }).where(eq(jobs.id, jobId));
}

const OUTBOUND_KEY = 'platform.outbound';
const setOutbound = (value: unknown) => db().transaction((tx) => beffroi.ctx.settings.set(tx, SYSTEM_ACTOR, OUTBOUND_KEY, value));
const crawlOf = (url: string) => beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/crawls', headers: as('agent'), payload: { url, mode: 'crawl', maxPages: 3, maxDepth: 1 } });

describe('website import: outbound address policy', () => {
  it('refuses at once a crawl of loopback or cloud metadata addresses, in any notation, and queues nothing', async () => {
    const site = await startTestSite();
    try {
      const port = new URL(site.url).port;
      const [before] = await db().select({ n: count() }).from(jobs);
      for (const url of [site.url, `http://2130706433:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://localhost:${port}/`, 'http://169.254.169.254/latest/meta-data/']) {
        const res = await crawlOf(url);
        expect(res.statusCode, url).toBe(422);
        expect(res.json()).toMatchObject({ code: 'outbound.address_refused', status: 422 });
      }
      const credentials = await crawlOf(`http://agent:secret@mairie.example.org/`);
      expect(credentials.statusCode).toBe(422);
      expect(credentials.json().code).toBe('outbound.credentials_refused');
      expect(await db().select({ n: count() }).from(jobs)).toEqual([before]);
      expect(site.hits.size).toBe(0);
    } finally {
      await site.close();
    }
  });

  it('fails a queued crawl whose host resolves to loopback, fetching nothing', async () => {
    const site = await startTestSite();
    try {
      // Queued directly: the route would have refused it; the job checks again when it runs.
      const job = await beffroi.ctx.jobs.enqueue(db(), 'assistant.crawl', {
        actor: SYSTEM_ACTOR,
        url: `http://localhost:${new URL(site.url).port}/`,
        mode: 'crawl',
        maxPages: 3,
        maxDepth: 1,
        status: 'draft',
        service: null,
      });
      const done = await runJob(job.id);
      expect(done.status).toBe('failed');
      expect(done.error.code).toBe('outbound.address_refused');
      expect(site.hits.size).toBe(0);
    } finally {
      await site.close();
    }
  });

  it('lets an administrator open a private network, never one holding a cloud metadata address, and audits the change', async () => {
    for (const networks of [['169.254.0.0/16'], ['0.0.0.0/0'], ['fd00:ec2::/32'], ['100.100.100.200/32'], ['pas un réseau']]) {
      await expect(setOutbound({ allowedHosts: [], allowedPrivateNetworks: networks }), networks[0]).rejects.toMatchObject({ code: 'settings.invalid' });
    }
    await setOutbound({ allowedHosts: [], allowedPrivateNetworks: ['127.0.0.1/32'] });
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectId, OUTBOUND_KEY), eq(auditEvents.action, 'settings.update')));
    expect(audit).toBeDefined();
    // Opening loopback does not open the metadata address.
    const metadata = await crawlOf('http://169.254.169.254/latest/meta-data/');
    expect(metadata.statusCode).toBe(422);
    expect(metadata.json().code).toBe('outbound.address_refused');
    await setOutbound({ allowedHosts: ['mairie.example.org'], allowedPrivateNetworks: ['127.0.0.1/32'] });
    const elsewhere = await crawlOf('http://127.0.0.1:9/');
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('outbound.host_not_allowed');
    await setOutbound({ allowedHosts: [], allowedPrivateNetworks: [] });
  });
});

describe('website import', () => {
  // The test site listens on loopback: the tests open that one address, as an administrator would open an intranet.
  beforeAll(() => setOutbound({ allowedHosts: [], allowedPrivateNetworks: ['127.0.0.1/32'] }));
  afterAll(() => setOutbound({ allowedHosts: [], allowedPrivateNetworks: [] }));

  it('crawls a loopback site into draft page documents; a re-crawl changes only what changed', async () => {
    const site = await startTestSite({ slowMs: 3000 });
    try {
      const start = await beffroi.app.inject({
        method: 'POST',
        url: '/api/admin/assistant/crawls',
        headers: as('agent'),
        payload: { url: site.url, mode: 'crawl', maxPages: 10, maxDepth: 3, service: 'Communication' },
      });
      expect(start.statusCode).toBe(202);
      await shortenTimeout(start.json().jobId);
      const job = await runJob(start.json().jobId);
      expect(job.status, JSON.stringify(job)).toBe('succeeded');
      expect(job.result).toMatchObject({ created: 5, updated: 0, unchanged: 0, stoppedBy: 'done' });
      expect(job.result.errors.map((e: { code: string }) => e.code).sort()).toEqual(['knowledge.crawl_redirect_loop', 'knowledge.crawl_timeout']);
      const pages = await db().select().from(assistantDocuments).where(eq(assistantDocuments.service, 'Communication'));
      expect(pages.map((p) => new URL(p.sourceUrl!).pathname).sort()).toEqual(['/', '/demarches', '/demarches/carte-identite', '/demarches/carte-identite/pieces', '/horaires']);
      expect(pages.every((p) => p.status === 'draft' && p.type === 'page')).toBe(true);

      site.pages['/horaires'] = site.pages['/horaires']!.replace('17 h', '18 h');
      const second = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/crawls', headers: as('agent'), payload: { url: site.url, mode: 'crawl', maxPages: 10, maxDepth: 3, service: 'Communication' } });
      await shortenTimeout(second.json().jobId);
      const again = await runJob(second.json().jobId);
      expect(again.result).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    } finally {
      await site.close();
    }
  });

  it('fails with a clear error when nothing can be imported', async () => {
    const res = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/crawls', headers: as('agent'), payload: { url: 'http://127.0.0.1:9/', mode: 'crawl', maxPages: 3, maxDepth: 1 } });
    const job = await runJob(res.json().jobId);
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('knowledge.crawl_robots_unavailable');
  });
});

describe('embeddings', () => {
  it('computes missing passage embeddings when a provider is configured', async () => {
    const fake = await startFakeOpenAi();
    try {
      await db().transaction((tx) =>
        beffroi.ctx.settings.set(tx, SYSTEM_ACTOR, 'ai.providers', {
          generation: { enabled: false, baseUrl: null, model: null, apiKey: '' },
          embeddings: { enabled: true, baseUrl: fake.baseUrl, model: 'test-embed', apiKey: '' },
        }),
      );
      const created = await createDocument(db(), SYSTEM_ACTOR, { ...input(), status: 'validated' as const, title: 'Stationnement', body: '# Stationnement\n\nLa vignette résident coûte 15 € par an.' });
      const res = await beffroi.app.inject({ method: 'POST', url: `/api/admin/assistant/documents/${created.documentId}/archive`, headers: as('admin') });
      expect(res.statusCode).toBe(200);
      await beffroi.app.inject({ method: 'POST', url: `/api/admin/assistant/documents/${created.documentId}/validate`, headers: as('admin') });
      await beffroi.ctx.jobs.drain();
      const vectors = await loadPassageEmbeddings(db(), 'test-embed');
      const searchable = await loadSearchablePassages(db());
      expect(vectors.size).toBe(searchable.length);
      expect([...vectors.values()][0]).toBeInstanceOf(Float32Array);
      expect((await loadPassageEmbeddings(db(), 'other-model')).size).toBe(0);
    } finally {
      await db().transaction((tx) =>
        beffroi.ctx.settings.set(tx, SYSTEM_ACTOR, 'ai.providers', {
          generation: { enabled: false, baseUrl: null, model: null, apiKey: '' },
          embeddings: { enabled: false, baseUrl: null, model: null, apiKey: '' },
        }),
      );
      await fake.close();
    }
  });
});

describe('demo seed', () => {
  it('seeds the validated demo documents and the vocabulary in one transaction', async () => {
    const r = await db().transaction((tx) => seedDemoKnowledge({ tx }));
    expect(r.documents).toBeGreaterThanOrEqual(30);
    const demo = await db().select().from(assistantDocuments).where(eq(assistantDocuments.demo, true));
    expect(demo).toHaveLength(r.documents);
    expect(demo.every((d) => d.status === 'validated' && d.sourceUrl)).toBe(true);
    const vocab = await loadVocabulary(db());
    expect(vocab.find((v) => v.term === 'CCAS')?.kind).toBe('acronym');
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });
});
