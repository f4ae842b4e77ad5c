/**
 * Council sessions and their acts: import (PDF, DOCX, text; the SCDL table), edits, publication,
 * and the public views. Every change writes its audit event in its transaction; an import is one
 * transaction (a refused or failed import writes nothing). A summary is computed once, at import,
 * and stored with its figures, check and readability. A published act stays online: it cannot be
 * deleted, and what the law fixes in it (number, subject, outcome, votes) no longer changes.
 */
import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { DbOrTx } from '../../../platform/db/client';
import { FileRefusal } from '../../../platform/files/refusal';
import { HttpProblem, notFound } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import { getProviderClients } from '../../../platform/providers/openai';
import { ORGANISATION_KEY, type OrganisationSetting } from '../../../platform/settings/core';
import { stripControlCharacters } from '../../../platform/validation/text';
import type { KnowledgeService } from '../../assistant/knowledge/index';
import { recordNotice } from '../alerts/notices';
import { TOPICS_KEY, type Topic } from '../topics';
import type { AdminAct, AdminSession, AdminSessionList, CreateSessionInput, FileResult, ImportFilesReport, PublicAct, PublicActPage, PublicSessionList, ScdlReport, UpdateActInput } from './api-schemas';
import { atomFeed } from './atom';
import { readScdlTable, scdlCsv, type ScdlRecord } from './scdl';
import { communicationActFiles, communicationActs, communicationSessions, type ActKind, type ActRow, type SessionRow } from './schema';
import { analyseAct, summarizeAct, type ActSummary } from './summarize';
import { suggestTopics } from './topics-suggest';
import type { UploadedFile } from '../../../platform/http/multipart';

export type { UploadedFile } from '../../../platform/http/multipart';

export const ACT_PATH = (id: string) => `/deliberations/actes/${id}`;
/** Under this many letters, a PDF's text layer is taken as absent (a scan): the act needs OCR. */
const MIN_TEXT_LETTERS = 40;

/** The type a stored file is served with: from the format the parser recognised, never the uploader's claim. */
export const FORMAT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const;
const KNOWN_TYPES = new Set<string>(Object.values(FORMAT_TYPES));
/** A stored type as served: one of the parser's types, else bytes to download. */
export const servedType = (mimetype: string | null | undefined) => (mimetype && KNOWN_TYPES.has(mimetype) ? mimetype : 'application/octet-stream');
export const PDF_TYPE = FORMAT_TYPES.pdf;
/** Prefix of a summary shown outside the act's page (feed, notices): never taken for the commune's words. */
export const AUTOMATIC_SUMMARY_PREFIX = 'Résumé automatique : ';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// Loading ----------------------------------------------------------------------------------------

async function loadSession(db: DbOrTx, id: string): Promise<SessionRow> {
  const [row] = await db.select().from(communicationSessions).where(eq(communicationSessions.id, id));
  if (!row) throw notFound('Session');
  return row;
}

async function loadAct(db: DbOrTx, id: string, forUpdate = false): Promise<ActRow> {
  const q = db.select().from(communicationActs).where(eq(communicationActs.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Act');
  return row;
}

function fileView(a: ActRow): PublicAct['file'] {
  return a.fileSha256 && a.filename ? { filename: a.filename, mimetype: servedType(a.mimetype), size: a.fileSize ?? 0, sha256: a.fileSha256 } : null;
}

function summaryView(s: ActSummary | null, staff = false): PublicAct['summary'] {
  if (!s) return null;
  return {
    method: s.method,
    text: s.text,
    sentences: s.sentences.map((x) => ({ text: x.text, role: x.role, sourceStart: x.sourceStart, sourceEnd: x.sourceEnd })),
    // The provider's error text and model are for staff; the public sees only that a rewrite was not kept.
    ...(s.fallback ? { fallback: { reason: s.fallback.reason, detail: staff ? s.fallback.detail : '' } } : {}),
    ...(staff && s.model ? { model: s.model } : {}),
    decisiveFigures: s.decisiveFigures.map((f) => ({ kind: f.kind, raw: f.raw, sourceStart: f.sourceStart, sourceEnd: f.sourceEnd, kept: f.kept })),
    check: { ok: s.check.ok },
    readability: s.readability,
    compression: s.compression,
    notice: s.notice,
  };
}

export function publicActView(a: ActRow, staff = false): PublicAct {
  return {
    id: a.id,
    sessionId: a.sessionId,
    number: a.number,
    kind: a.kind,
    title: a.title,
    topics: a.topics,
    zones: a.zones,
    outcome: a.outcome,
    votesFor: a.votesFor,
    votesAgainst: a.votesAgainst,
    votesAbstention: a.votesAbstention,
    unanimous: a.unanimous,
    publishedAt: iso(a.publishedAt),
    textStatus: a.textStatus,
    summary: summaryView(a.summary, staff),
    file: fileView(a),
  };
}

/** The topic ids of the setting `communication.topics` as it is now. */
async function knownTopics(ctx: AppContext): Promise<Set<string>> {
  return new Set((await ctx.settings.get<Topic[]>(TOPICS_KEY)).map((t) => t.id));
}

/** Topics suggested from an act's words, among the commune's topics only (a suggestion the setting lacks would block saving). */
export const knownSuggestions = (text: string, known: ReadonlySet<string>) => suggestTopics(text, 14).filter((id) => known.has(id)).slice(0, 3);

function adminActView(a: ActRow, known: ReadonlySet<string>): AdminAct {
  return {
    ...publicActView(a, true),
    status: a.status,
    source: a.source,
    knowledgeDocumentId: a.knowledgeDocumentId,
    demo: a.demo,
    suggestedTopics: knownSuggestions(`${a.title}\n${a.summary?.text ?? ''}`, known),
  };
}

const auditView = (a: ActRow) => ({
  sessionId: a.sessionId,
  number: a.number,
  kind: a.kind,
  title: a.title,
  topics: a.topics,
  zones: a.zones,
  outcome: a.outcome,
  votesFor: a.votesFor,
  votesAgainst: a.votesAgainst,
  votesAbstention: a.votesAbstention,
  unanimous: a.unanimous,
  status: a.status,
  fileSha256: a.fileSha256,
});

// Sessions ---------------------------------------------------------------------------------------

export async function createSession(ctx: AppContext, actor: Actor, input: CreateSessionInput): Promise<AdminSession> {
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(communicationSessions).values({ date: input.date, body: input.body, place: input.place ?? '', createdBy: actor.id }).returning();
    await recordAudit(tx, actor, { action: 'communication.session.created', subjectType: 'communication_session', subjectId: row!.id, after: { date: row!.date, body: row!.body, place: row!.place } });
    return row!.id;
  });
  return adminSession(ctx, id);
}

export async function listAdminSessions(ctx: AppContext): Promise<AdminSessionList> {
  const sessions = await ctx.db.select().from(communicationSessions).orderBy(desc(communicationSessions.date), desc(communicationSessions.createdAt));
  const counts = await ctx.db
    .select({ sessionId: communicationActs.sessionId, acts: count(), published: sql<number>`count(*) filter (where ${communicationActs.status} = 'published')` })
    .from(communicationActs)
    .groupBy(communicationActs.sessionId);
  const bySession = new Map(counts.map((c) => [c.sessionId, c]));
  return {
    items: sessions.map((s) => ({
      id: s.id,
      date: s.date,
      body: s.body,
      place: s.place,
      demo: s.demo,
      acts: Number(bySession.get(s.id)?.acts ?? 0),
      published: Number(bySession.get(s.id)?.published ?? 0),
    })),
  };
}

export async function adminSession(ctx: AppContext, id: string): Promise<AdminSession> {
  const s = await loadSession(ctx.db, id);
  const acts = await ctx.db.select().from(communicationActs).where(eq(communicationActs.sessionId, id)).orderBy(asc(communicationActs.createdAt), asc(communicationActs.number));
  const known = await knownTopics(ctx);
  return { id: s.id, date: s.date, body: s.body, place: s.place, demo: s.demo, acts: acts.map((a) => adminActView(a, known)) };
}

export async function adminAct(ctx: AppContext, id: string): Promise<AdminAct & { text: string }> {
  const a = await loadAct(ctx.db, id);
  return { ...adminActView(a, await knownTopics(ctx)), text: a.text };
}

// Reading one act's file -------------------------------------------------------------------------

/** The number of a deliberation as its text gives it ("Délibération n° 2026/031", "registre des délibérations … n° 2014 / 171"), or ''. */
export function actNumberOf(text: string): string {
  const head = text.slice(0, 3000);
  const m =
    /d[ée]lib[ée]rations?(?![\p{L}])[^\n]{0,120}?(?<![\p{L}])n\s*[°o]\s*(\d{4}\s*[/_-]\s*\d{1,6}|\d[0-9A-Za-z/._-]{0,30})/iu.exec(head) ??
    /(?<![\p{L}])n\s*[°o]\s*(\d{4}\s*\/\s*\d{1,6})/iu.exec(head);
  return m?.[1]?.replace(/\s+/g, '').replace(/[.,;:]+$/, '') ?? '';
}

export interface PreparedAct {
  filename: string;
  mimetype: string;
  bytes: Buffer;
  sha256: string;
  text: string;
  textStatus: 'ok' | 'needs_ocr';
  title: string;
  number: string;
  summary: ActSummary | null;
  outcome: 'adopted' | 'rejected' | null;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstention: number | null;
  unanimous: boolean;
}

/** The act's subject: its "Objet :" line when it has one, else the title the structure found. */
export function titleOf(analysed: ReturnType<typeof analyseAct>): string | null {
  const { sentences, title } = analysed.structure;
  const object = sentences.find((x) => /^(?:objet|titre)\s*:/i.test(x.text.trim()));
  const text = object?.text ?? (title !== null ? sentences[title]?.text : null);
  const clean = text?.replace(/^#+\s*/, '').replace(/^(?:objet|titre)\s*:\s*/i, '').replace(/\s+/g, ' ').trim().slice(0, 500);
  return clean || null;
}

const stripExtension = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_-]+/g, ' ').trim();
/** A title from elsewhere than the act's structure (the file's metadata, its name) as `titleOf` gives one: one line, at most 500 characters (what a later edit accepts). */
export const oneLineTitle = (value: string | null | undefined) => stripControlCharacters(value ?? '').replace(/\s+/g, ' ').trim().slice(0, 500).trim();

/** Reads one file, summarises its text (offline, or rewritten by the provider with its check), outside any transaction. */
export async function prepareActFile(ctx: AppContext, file: UploadedFile): Promise<PreparedAct> {
  const parsed = await ctx.files.parse(file.bytes, { accept: ['pdf', 'docx', 'markdown', 'text'], filename: file.filename, declaredType: file.mimetype });
  if (parsed.kind !== 'document') throw new HttpProblem(422, 'communication.acts.not_a_document', 'The file is not a document.');
  const text = parsed.text;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const base = {
    filename: file.filename,
    mimetype: FORMAT_TYPES[parsed.format as keyof typeof FORMAT_TYPES] ?? 'application/octet-stream',
    bytes: file.bytes,
    sha256: sha256(file.bytes),
    text,
  };
  if (letters < MIN_TEXT_LETTERS) {
    return { ...base, textStatus: 'needs_ocr', title: oneLineTitle(parsed.title) || oneLineTitle(stripExtension(file.filename)) || 'acte', number: '', summary: null, outcome: null, votesFor: null, votesAgainst: null, votesAbstention: null, unanimous: false };
  }
  const analysed = analyseAct(text);
  const { generation } = await getProviderClients(ctx);
  const summary = await summarizeAct(analysed, { generation });
  const title = titleOf(analysed) ?? (oneLineTitle(parsed.title) || oneLineTitle(stripExtension(file.filename)));
  const vote = analysed.structure.vote;
  return {
    ...base,
    textStatus: 'ok',
    title: title || 'acte',
    number: actNumberOf(text),
    summary,
    outcome: vote.adopted === true ? 'adopted' : vote.adopted === false ? 'rejected' : null,
    votesFor: vote.counts.for ?? null,
    votesAgainst: vote.counts.against ?? null,
    votesAbstention: vote.counts.abstentions ?? null,
    unanimous: vote.unanimous,
  };
}

/** Inserts a prepared act and its file, with its audit event, in the caller's transaction. */
export async function insertPreparedAct(
  tx: DbOrTx,
  actor: Actor,
  sessionId: string,
  p: PreparedAct,
  opts: { kind: ActKind; source: 'upload' | 'demo'; demo?: boolean; topics?: string[] },
): Promise<ActRow> {
  const [row] = await tx
    .insert(communicationActs)
    .values({
      sessionId,
      number: p.number,
      kind: opts.kind,
      title: p.title,
      topics: opts.topics ?? [],
      outcome: p.outcome,
      votesFor: p.votesFor,
      votesAgainst: p.votesAgainst,
      votesAbstention: p.votesAbstention,
      unanimous: p.unanimous,
      text: p.text,
      textStatus: p.textStatus,
      summary: p.summary,
      source: opts.source,
      filename: p.filename,
      mimetype: p.mimetype,
      fileSize: p.bytes.length,
      fileSha256: p.sha256,
      demo: opts.demo ?? false,
      createdBy: actor.id,
    })
    .returning();
  await tx.insert(communicationActFiles).values({ actId: row!.id, bytes: p.bytes });
  await recordAudit(tx, actor, {
    action: 'communication.act.imported',
    subjectType: 'communication_act',
    subjectId: row!.id,
    after: { ...auditView(row!), filename: p.filename, textStatus: p.textStatus, summaryMethod: p.summary?.method ?? null },
  });
  return row!;
}

/**
 * Imports files into a session: each read and summarised, then every readable one stored in one
 * transaction. A file refused (unreadable, not a document, already in the session) is reported
 * with its reason and does not stop the others; a scan without text is kept and flagged.
 */
export async function importActFiles(ctx: AppContext, actor: Actor, sessionId: string, files: readonly UploadedFile[], kind: ActKind = 'deliberation'): Promise<ImportFilesReport> {
  await loadSession(ctx.db, sessionId);
  const known = await knownTopics(ctx);
  const results: (FileResult & { prepared?: PreparedAct })[] = [];
  for (const file of files) {
    try {
      const prepared = await prepareActFile(ctx, file);
      results.push({ filename: file.filename, status: prepared.textStatus === 'ok' ? 'summarised' : 'needs_ocr', actId: null, title: prepared.title, code: null, detail: null, prepared });
    } catch (err) {
      if (!(err instanceof HttpProblem || err instanceof FileRefusal)) throw err;
      results.push({ filename: file.filename, status: 'refused', actId: null, title: null, code: err.code, detail: err.message });
    }
  }
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7264130, hashtext(${sessionId}))`);
    const existing = new Set(
      (await tx.select({ sha: communicationActs.fileSha256 }).from(communicationActs).where(eq(communicationActs.sessionId, sessionId))).map((r) => r.sha),
    );
    for (const r of results) {
      if (!r.prepared) continue;
      if (existing.has(r.prepared.sha256)) {
        Object.assign(r, { status: 'refused', code: 'communication.acts.duplicate_file', detail: 'This file is already in the session.' });
        continue;
      }
      existing.add(r.prepared.sha256);
      const row = await insertPreparedAct(tx, actor, sessionId, r.prepared, { kind, source: 'upload', topics: knownSuggestions(`${r.prepared.title}\n${r.prepared.summary?.text ?? ''}`, known) });
      r.actId = row.id;
    }
  });
  return { sessionId, files: results.map(({ prepared: _p, ...r }) => r) };
}

/**
 * Attaches the act's PDF as its original (a draft's only), replacing the file it was imported from:
 * a DOCX, Markdown or text file gives the text and summary, but the law publishes full acts in a
 * non-editable format. The text and summary come from the PDF when it has a text layer; else the
 * act keeps the text it had (a scan of the same act). Audited.
 */
export async function replaceOriginal(ctx: AppContext, actor: Actor, id: string, file: UploadedFile): Promise<AdminAct> {
  const parsed = await ctx.files.parse(file.bytes, { accept: ['pdf'], filename: file.filename, declaredType: file.mimetype });
  if (parsed.kind !== 'document' || parsed.format !== 'pdf') throw new HttpProblem(422, 'communication.acts.original_not_pdf_file', 'The original must be a PDF file.');
  const letters = (parsed.text.match(/\p{L}/gu) ?? []).length;
  let fromPdf: { text: string; summary: ActSummary } | null = null;
  if (letters >= MIN_TEXT_LETTERS) {
    const { generation } = await getProviderClients(ctx);
    fromPdf = { text: parsed.text, summary: await summarizeAct(analyseAct(parsed.text), { generation }) };
  }
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadAct(tx, id, true);
    if (before.status === 'published') {
      throw new HttpProblem(409, 'communication.acts.published_frozen', 'This act is published: only its topics and zones can change; a correction is a new act.');
    }
    const digest = sha256(file.bytes);
    const set: Partial<ActRow> = {
      filename: file.filename,
      mimetype: PDF_TYPE,
      fileSize: file.bytes.length,
      fileSha256: digest,
      updatedAt: new Date(),
      ...(fromPdf ? { text: fromPdf.text, summary: fromPdf.summary, textStatus: 'ok' as const } : before.textStatus === 'ok' ? {} : { textStatus: 'needs_ocr' as const }),
    };
    const [after] = await tx.update(communicationActs).set(set).where(eq(communicationActs.id, id)).returning();
    await tx.delete(communicationActFiles).where(eq(communicationActFiles.actId, id));
    await tx.insert(communicationActFiles).values({ actId: id, bytes: file.bytes });
    await recordAudit(tx, actor, {
      action: 'communication.act.original_replaced',
      subjectType: 'communication_act',
      subjectId: id,
      before: { filename: before.filename, mimetype: before.mimetype, fileSha256: before.fileSha256, textStatus: before.textStatus },
      after: { filename: after!.filename, mimetype: after!.mimetype, fileSha256: after!.fileSha256, textStatus: after!.textStatus, textFrom: fromPdf ? 'pdf' : 'kept' },
    });
    return after!;
  });
  return adminActView(row, await knownTopics(ctx));
}

// SCDL table ------------------------------------------------------------------------------------

export async function importScdl(ctx: AppContext, actor: Actor, file: UploadedFile, opts: { body: string }): Promise<ScdlReport> {
  const parsed = await ctx.files.parse(file.bytes, { accept: ['csv'], filename: file.filename, declaredType: file.mimetype, limits: { maxRows: 100_000 } });
  if (parsed.kind !== 'table') throw new HttpProblem(422, 'communication.acts.not_a_table', 'The file is not a table.');
  const reading = readScdlTable({ rows: parsed.sheets[0]?.rows ?? [], separator: parsed.separator, encoding: parsed.encoding });
  if (reading.missingColumns.length) {
    throw new HttpProblem(422, 'communication.acts.scdl_columns_missing', `Missing columns: ${reading.missingColumns.join(', ')}.`, {
      params: { columns: reading.missingColumns.join(', ') },
      deviations: reading.deviations,
    });
  }
  if (reading.problems.length) {
    throw new HttpProblem(422, 'communication.acts.scdl_rows_invalid', `${reading.problems.length} problem(s) in the file: nothing was imported.`, {
      params: { count: reading.problems.length },
      problems: reading.problems.slice(0, 500),
      deviations: reading.deviations,
    });
  }
  if (!reading.acts.length) throw new HttpProblem(422, 'communication.acts.scdl_empty', 'The table has no deliberation.');
  const known = await knownTopics(ctx);
  const skipped: number[] = [];
  const sessions = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7264131)`);
    const byDate = new Map<string, typeof reading.acts>();
    for (const a of reading.acts) byDate.set(a.date, [...(byDate.get(a.date) ?? []), a]);
    const out: ScdlReport['sessions'] = [];
    for (const [date, acts] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
      let [session] = await tx
        .select()
        .from(communicationSessions)
        .where(and(eq(communicationSessions.date, date), eq(communicationSessions.body, opts.body)))
        .limit(1);
      const created = !session;
      if (!session) {
        [session] = await tx.insert(communicationSessions).values({ date, body: opts.body, place: '', createdBy: actor.id }).returning();
        await recordAudit(tx, actor, { action: 'communication.session.created', subjectType: 'communication_session', subjectId: session!.id, after: { date, body: opts.body, from: 'scdl' } });
      }
      // A row already in the session (same number, or same subject) is skipped and reported: importing the table again adds nothing twice.
      const existing = created
        ? []
        : await tx.select({ number: communicationActs.number, title: communicationActs.title }).from(communicationActs).where(eq(communicationActs.sessionId, session!.id));
      const numbers = new Set(existing.map((e) => e.number).filter(Boolean));
      const titles = new Set(existing.map((e) => e.title.toLocaleLowerCase('fr')));
      const fresh = acts.filter((a) => {
        const seen = (a.number && numbers.has(a.number)) || titles.has(a.title.toLocaleLowerCase('fr'));
        if (seen) skipped.push(a.line);
        return !seen;
      });
      if (!fresh.length) {
        out.push({ id: session!.id, date, acts: 0, created });
        continue;
      }
      const rows = await tx
        .insert(communicationActs)
        .values(
          fresh.map((a) => ({
            sessionId: session!.id,
            number: a.number,
            kind: 'deliberation' as const,
            title: a.title,
            topics: knownSuggestions(a.title, known),
            votesFor: a.votesFor ?? null,
            votesAgainst: a.votesAgainst ?? null,
            votesAbstention: a.votesAbstention ?? null,
            textStatus: 'none' as const,
            source: 'scdl' as const,
            scdl: {
              ...(a.collNom ? { collNom: a.collNom } : {}),
              ...(a.collSiret ? { collSiret: a.collSiret } : {}),
              ...(a.matiereCode ? { matiereCode: a.matiereCode } : {}),
              ...(a.matiereNom ? { matiereNom: a.matiereNom } : {}),
              ...(a.budgetAnnee ? { budgetAnnee: a.budgetAnnee } : {}),
              ...(a.budgetNom ? { budgetNom: a.budgetNom } : {}),
              ...(a.prefId ? { prefId: a.prefId } : {}),
              ...(a.prefDate ? { prefDate: a.prefDate } : {}),
              ...(a.voteEffectif !== undefined ? { voteEffectif: a.voteEffectif } : {}),
              ...(a.voteReel !== undefined ? { voteReel: a.voteReel } : {}),
              ...(a.url ? { url: a.url } : {}),
            },
            createdBy: actor.id,
          })),
        )
        .returning({ id: communicationActs.id });
      await recordAudit(tx, actor, {
        action: 'communication.acts.scdl_imported',
        subjectType: 'communication_session',
        subjectId: session!.id,
        after: { filename: file.filename, acts: rows.map((r) => r.id), lines: fresh.map((a) => a.line) },
      });
      out.push({ id: session!.id, date, acts: rows.length, created });
    }
    return out;
  });
  const deviations = skipped.length ? [...reading.deviations, { code: 'already_imported' as const, found: String(skipped.length), lines: skipped.slice(0, 20) }] : reading.deviations;
  return { imported: reading.acts.length - skipped.length, skipped: skipped.length, sessions, deviations, encoding: parsed.encoding ?? null, separator: parsed.separator ?? null };
}

// Edits, publication, deletion -------------------------------------------------------------------

async function assertTopicsKnown(ctx: AppContext, topics: readonly string[]): Promise<void> {
  const known = new Set((await ctx.settings.get<Topic[]>(TOPICS_KEY)).map((t) => t.id));
  const unknown = topics.filter((t) => !known.has(t));
  if (unknown.length) throw new HttpProblem(422, 'communication.acts.unknown_topic', `Unknown topics: ${unknown.join(', ')}.`, { params: { topics: unknown.join(', ') } });
}

async function assertZonesKnown(ctx: AppContext, zones: readonly string[]): Promise<void> {
  for (const z of zones) {
    const [zoning, code] = z.split(':') as [string, string];
    const zone = await ctx.services.territory.getZone(zoning, code, { geometry: 'none' });
    if (!zone) throw new HttpProblem(422, 'communication.acts.unknown_zone', `Unknown zone: ${z}.`, { params: { zone: z } });
  }
}

const FROZEN_WHEN_PUBLISHED = ['number', 'title', 'kind', 'outcome', 'votesFor', 'votesAgainst', 'votesAbstention', 'unanimous'] as const;

export async function updateAct(ctx: AppContext, actor: Actor, id: string, patch: UpdateActInput): Promise<AdminAct> {
  if (patch.topics) await assertTopicsKnown(ctx, patch.topics);
  if (patch.zones) await assertZonesKnown(ctx, patch.zones);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadAct(tx, id, true);
    if (before.status === 'published' && FROZEN_WHEN_PUBLISHED.some((k) => patch[k] !== undefined && patch[k] !== before[k])) {
      throw new HttpProblem(409, 'communication.acts.published_frozen', 'This act is published: only its topics and zones can change; a correction is a new act.');
    }
    const set: Partial<ActRow> = {};
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (set as Record<string, unknown>)[k] = k === 'topics' || k === 'zones' ? [...new Set(v as string[])] : v;
    const [after] = await tx.update(communicationActs).set({ ...set, updatedAt: new Date() }).where(eq(communicationActs.id, id)).returning();
    await recordAudit(tx, actor, { action: 'communication.act.updated', subjectType: 'communication_act', subjectId: id, before: auditView(before), after: auditView(after!) });
    return after!;
  });
  return adminActView(row, await knownTopics(ctx));
}

function knowledge(ctx: AppContext): KnowledgeService {
  return ctx.services.assistant.knowledge as KnowledgeService;
}

/** Publishes an act already loaded (and locked) by the caller, in its transaction (the demo seed's too). */
export const publishLoaded = (ctx: AppContext, tx: DbOrTx, actor: Actor, before: ActRow, session: SessionRow) => publishOne(ctx, tx, actor, before, session, new Date());

/** What an act lacks to be published: a deliberation its outcome; an act with a file, a PDF original (the law: a non-editable format). */
export function publicationProblems(a: Pick<ActRow, 'kind' | 'outcome' | 'fileSha256' | 'mimetype'>): ('outcome_missing' | 'original_not_pdf')[] {
  const out: ('outcome_missing' | 'original_not_pdf')[] = [];
  if (a.kind === 'deliberation' && a.outcome === null) out.push('outcome_missing');
  if (a.fileSha256 && a.mimetype !== PDF_TYPE) out.push('original_not_pdf');
  return out;
}

function assertPublishable(a: ActRow): void {
  const [problem] = publicationProblems(a);
  if (problem === 'outcome_missing') {
    throw new HttpProblem(409, 'communication.acts.outcome_missing', 'A deliberation is published with its outcome (adopted or rejected): set it first.');
  }
  if (problem === 'original_not_pdf') {
    throw new HttpProblem(409, 'communication.acts.original_not_pdf', 'The published original must be a PDF: attach the act’s PDF first.');
  }
}

async function publishOne(ctx: AppContext, tx: DbOrTx, actor: Actor, before: ActRow, session: SessionRow, now: Date): Promise<ActRow> {
  assertPublishable(before);
  let knowledgeDocumentId = before.knowledgeDocumentId;
  if (before.textStatus === 'ok' && before.text.trim()) {
    const base = ctx.config.publicUrl?.replace(/\/+$/, '') ?? '';
    const doc = await knowledge(ctx).publishDocument(tx, actor, {
      title: `${before.title} (${session.body}, ${session.date})`.slice(0, 300),
      body: before.text,
      type: 'council_decision',
      service: null,
      language: 'fr',
      sourceUrl: `${base}${ACT_PATH(before.id)}`,
      validFrom: session.date,
    });
    knowledgeDocumentId = doc.id;
  }
  const [row] = await tx
    .update(communicationActs)
    .set({ status: 'published', publishedAt: now, knowledgeDocumentId, updatedAt: now })
    .where(eq(communicationActs.id, before.id))
    .returning();
  await recordNotice(ctx, tx as Parameters<typeof recordNotice>[1], {
    kind: 'deliberation',
    source: 'communication.acts',
    sourceId: row!.id,
    title: row!.title,
    summary: row!.summary ? `${AUTOMATIC_SUMMARY_PREFIX}${firstSentences(shortSummary(row!.summary), 2)}` : firstSentences(row!.title, 2),
    path: ACT_PATH(row!.id),
    topics: row!.topics,
    zones: row!.zones,
    occurredAt: now,
  });
  await recordAudit(tx, actor, {
    action: 'communication.act.published',
    subjectType: 'communication_act',
    subjectId: row!.id,
    before: { status: before.status },
    after: { status: 'published', publishedAt: now.toISOString(), fileSha256: row!.fileSha256, knowledgeDocumentId },
  });
  return row!;
}

/**
 * A summary as a list or a notice shows it, under the act's own subject and vote: its sentences
 * other than the title and the vote (the rewritten text, when rewritten).
 */
export function shortSummary(s: ActSummary): string {
  if (s.method === 'rewritten') return s.text;
  const body = s.sentences
    .filter((x) => x.role !== 'title' && x.role !== 'vote')
    .map((x) => x.text.replace(/\s+/g, ' ').trim())
    .join(' ');
  return body || s.text.replace(/\s+/g, ' ').trim();
}

/** The first sentences of a text, at most 400 characters. */
export function firstSentences(text: string, n: number): string {
  const parts = text.replace(/\s+/g, ' ').trim().match(/[^.!?]+[.!?]+(?:\s|$)|[^.!?]+$/g) ?? [];
  const out = parts.slice(0, n).join('').trim();
  return out.length > 400 ? `${out.slice(0, 399)}…` : out;
}

export async function publishAct(ctx: AppContext, actor: Actor, id: string): Promise<AdminAct> {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadAct(tx, id, true);
    if (before.status === 'published') throw new HttpProblem(409, 'communication.acts.already_published', 'This act is already published.');
    const session = await loadSession(tx, before.sessionId);
    return publishOne(ctx, tx, actor, before, session, new Date());
  });
  return adminActView(row, await knownTopics(ctx));
}

/** Publishes every draft act of a session, in one transaction. */
export async function publishSession(ctx: AppContext, actor: Actor, sessionId: string): Promise<AdminSession> {
  await ctx.db.transaction(async (tx) => {
    const session = await loadSession(tx, sessionId);
    const drafts = await tx
      .select()
      .from(communicationActs)
      .where(and(eq(communicationActs.sessionId, sessionId), eq(communicationActs.status, 'draft')))
      .orderBy(asc(communicationActs.createdAt))
      .for('update');
    if (!drafts.length) throw new HttpProblem(409, 'communication.acts.nothing_to_publish', 'Every act of this session is already published.');
    const incomplete = drafts.map((a) => ({ id: a.id, number: a.number, title: a.title, problems: publicationProblems(a) })).filter((a) => a.problems.length);
    if (incomplete.length) {
      throw new HttpProblem(409, 'communication.acts.session_incomplete', `${incomplete.length} act(s) cannot be published yet: nothing was published.`, {
        params: { count: incomplete.length },
        acts: incomplete,
      });
    }
    const now = new Date();
    for (const a of drafts) await publishOne(ctx, tx, actor, a, session, now);
  });
  return adminSession(ctx, sessionId);
}

export async function deleteAct(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await loadAct(tx, id, true);
    if (before.status === 'published') {
      throw new HttpProblem(409, 'communication.acts.published_permanent', 'A published act stays online: publish a correcting act instead.');
    }
    await tx.delete(communicationActFiles).where(eq(communicationActFiles.actId, id));
    await tx.delete(communicationActs).where(eq(communicationActs.id, id));
    await recordAudit(tx, actor, { action: 'communication.act.deleted', subjectType: 'communication_act', subjectId: id, before: auditView(before) });
  });
}

// Public views -----------------------------------------------------------------------------------

/** An act's columns but its text (and, for the SCDL table, its summary): the lists and feeds never show the text. */
const { text: _text, ...WITHOUT_TEXT } = getTableColumns(communicationActs);
const { summary: _summary, ...WITHOUT_TEXT_NOR_SUMMARY } = WITHOUT_TEXT;
const withoutText = <T extends object>(row: T) => ({ text: '', summary: null, ...row }) as unknown as ActRow;

export async function listPublicSessions(ctx: AppContext): Promise<PublicSessionList> {
  const acts = (
    await ctx.db
      .select(WITHOUT_TEXT)
      .from(communicationActs)
      .where(eq(communicationActs.status, 'published'))
      .orderBy(asc(communicationActs.createdAt), asc(communicationActs.number))
  ).map(withoutText);
  if (!acts.length) return { items: [] };
  const sessionIds = [...new Set(acts.map((a) => a.sessionId))];
  const sessions = await ctx.db.select().from(communicationSessions).where(inArray(communicationSessions.id, sessionIds)).orderBy(desc(communicationSessions.date));
  return {
    items: sessions.map((s) => ({
      id: s.id,
      date: s.date,
      body: s.body,
      place: s.place,
      acts: acts
        .filter((a) => a.sessionId === s.id)
        .map((a) => {
          const { summary, ...view } = publicActView(a);
          return { ...view, summaryText: a.summary ? shortSummary(a.summary) : (summary?.text ?? null) };
        }),
    })),
  };
}

async function loadPublished(ctx: AppContext, id: string): Promise<ActRow> {
  const a = await loadAct(ctx.db, id);
  if (a.status !== 'published') throw notFound('Act');
  return a;
}

export async function publicActPage(ctx: AppContext, id: string): Promise<PublicActPage> {
  const a = await loadPublished(ctx, id);
  const s = await loadSession(ctx.db, a.sessionId);
  return { act: publicActView(a), session: { id: s.id, date: s.date, body: s.body, place: s.place }, text: a.text };
}

/** The original file of a published act (or of any act, for staff), byte for byte. */
export async function actFile(ctx: AppContext, id: string, opts: { staff?: boolean } = {}): Promise<{ filename: string; mimetype: string; sha256: string; bytes: Buffer }> {
  const a = opts.staff ? await loadAct(ctx.db, id) : await loadPublished(ctx, id);
  const [f] = await ctx.db.select().from(communicationActFiles).where(eq(communicationActFiles.actId, id));
  if (!f || !a.filename || !a.fileSha256) throw notFound('File');
  return { filename: a.filename, mimetype: servedType(a.mimetype), sha256: a.fileSha256, bytes: f.bytes };
}

async function publishedWithSessions(ctx: AppContext, opts: { summary: boolean; deliberationsOnly?: boolean; limit?: number }) {
  const q = ctx.db
    .select({ act: opts.summary ? WITHOUT_TEXT : WITHOUT_TEXT_NOR_SUMMARY, session: communicationSessions })
    .from(communicationActs)
    .innerJoin(communicationSessions, eq(communicationSessions.id, communicationActs.sessionId))
    .where(and(eq(communicationActs.status, 'published'), opts.deliberationsOnly ? eq(communicationActs.kind, 'deliberation') : undefined))
    .orderBy(desc(communicationActs.publishedAt), asc(communicationActs.number));
  const rows = opts.limit ? await q.limit(opts.limit) : await q;
  return rows.map((r) => ({ act: withoutText(r.act), session: r.session }));
}

/** The SCDL deliberations table of every published deliberation. */
export async function scdlExport(ctx: AppContext): Promise<string> {
  const org = await ctx.settings.get<OrganisationSetting>(ORGANISATION_KEY);
  const base = ctx.config.publicUrl?.replace(/\/+$/, '') ?? '';
  const rows = await publishedWithSessions(ctx, { summary: false, deliberationsOnly: true });
  const records: ScdlRecord[] = rows.map(({ act: a, session: s }) => ({
    COLL_NOM: a.scdl.collNom ?? org.name,
    COLL_SIRET: a.scdl.collSiret ?? '',
    DELIB_ID: a.number || a.id,
    DELIB_DATE: s.date,
    DELIB_MATIERE_CODE: a.scdl.matiereCode ?? '',
    DELIB_MATIERE_NOM: a.scdl.matiereNom ?? '',
    DELIB_OBJET: a.title,
    BUDGET_ANNEE: a.scdl.budgetAnnee ?? '',
    BUDGET_NOM: a.scdl.budgetNom ?? '',
    PREF_ID: a.scdl.prefId ?? '',
    PREF_DATE: a.scdl.prefDate ?? '',
    VOTE_EFFECTIF: a.scdl.voteEffectif ?? null,
    VOTE_REEL: a.scdl.voteReel ?? null,
    VOTE_POUR: a.votesFor,
    VOTE_CONTRE: a.votesAgainst,
    VOTE_ABSTENTION: a.votesAbstention,
    DELIB_URL: a.scdl.url ?? (a.fileSha256 && base ? `${base}/api/communication/acts/${a.id}/file` : base ? `${base}${ACT_PATH(a.id)}` : ''),
  }));
  return scdlCsv(records);
}

/** The Atom feed of the 50 latest published acts. */
export async function actsFeed(ctx: AppContext, origin: string): Promise<string> {
  const org = await ctx.settings.get<OrganisationSetting>(ORGANISATION_KEY);
  const base = (ctx.config.publicUrl ?? origin).replace(/\/+$/, '');
  const rows = await publishedWithSessions(ctx, { summary: true, limit: 50 });
  const updated = rows[0]?.act.publishedAt ?? new Date(0);
  return atomFeed({
    self: `${base}/api/communication/acts/feed.atom`,
    alternate: `${base}/deliberations`,
    title: `${org.name} — délibérations et actes`,
    author: org.name,
    updated,
    entries: rows.map(({ act: a, session: s }) => ({
      id: `${base}${ACT_PATH(a.id)}`,
      title: a.number ? `${a.number} — ${a.title}` : a.title,
      link: `${base}${ACT_PATH(a.id)}`,
      published: a.publishedAt!,
      updated: a.updatedAt,
      summary: a.summary ? `${AUTOMATIC_SUMMARY_PREFIX}${shortSummary(a.summary)}` : `${s.body}, ${s.date}.`,
      categories: a.topics,
    })),
  });
}
