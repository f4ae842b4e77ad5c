/**
 * Imports into a consultation, each in one transaction, each file read by `ctx.files.parse`
 * (type from the content, the platform's limits, on a parsing thread):
 * - Pol.is open data (comments.csv, votes.csv, participants-votes.csv), kept so that an export
 *   gives back the same files (same columns, same order, same counts);
 * - survey exports (CSV or XLSX), the open-question columns the user picks;
 * - interview transcripts (text or DOCX), split into contributions with their offsets.
 * Malformed rows are reported with their line; nothing is imported while there are some, unless
 * the user asks for the valid rows.
 */
import { eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { Tx } from '../../platform/db/client';
import type { ParsedFile, ParsedTable } from '../../platform/files/index';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { redactPersonalData } from '../../platform/privacy/redact';
import { stripControlCharacters } from '../../platform/validation/text';
import { CONTRIBUTION_MAX_LENGTH, type ImportProblem, type ImportReport } from './api-schemas';
import { allocateNumbers, districtsOf, loadConsultation, queryAll } from './common';
import { nearDuplicateKeys } from './near-duplicates';
import { scheduleOpinionGroups } from './opinion-groups-service';
import { planPolisImport, PolisFileError, type PolisFileName, type PolisImportPlan } from './polis-import';
import {
  participationConsultations,
  participationContributions,
  participationImports,
  participationParticipants,
  participationStatements,
  participationVoteEvents,
  participationVotes,
} from './schema';
import { headerAndRows, planSurveyImport, SurveyColumnsError, type RowProblem, type SurveyColumns } from './survey';
import { splitTranscript } from './transcript';
import type { UploadedFile } from '../../platform/http/multipart';

export type { UploadedFile } from '../../platform/http/multipart';

export interface ImportOptions {
  dryRun: boolean;
  importValidRows: boolean;
}

/** Pol.is conversations are wider than a survey: a column per statement (a large one has a few thousand). */
const POLIS_TABLE_LIMITS = { maxColumns: 20_000, maxCells: 20_000_000, maxFieldLength: 100_000 };
const INSERT_CHUNK = 1000;

const emptyCounts = () => ({ participants: 0, statements: 0, votes: 0, voteEvents: 0, contributions: 0 });

function toProblems(problems: readonly (RowProblem & { file?: string })[]): ImportProblem[] {
  return problems.map((p) => ({ file: p.file ?? null, line: p.line, column: p.column, code: p.code, message: p.message }));
}

/** Refuses an import whose rows have problems, unless the user asked for the valid ones: 422 with every problem. */
function refuseIfProblems(report: ImportReport, options: ImportOptions): void {
  if (report.problems.length === 0 || options.importValidRows || options.dryRun) return;
  throw new HttpProblem(422, 'participation.import_rows_invalid', `${report.problems.length} row(s) cannot be imported; nothing was imported.`, {
    problems: report.problems,
    report,
    params: { count: report.problems.length },
  });
}

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

function masked(text: string) {
  const clean = stripControlCharacters(text);
  const { text: published, redactions } = redactPersonalData(clean);
  return { text: published, originalText: redactions.length ? clean : null, redactions };
}

// ---- Pol.is ------------------------------------------------------------------------------------

async function parseTable(ctx: AppContext, file: UploadedFile): Promise<ParsedTable> {
  const parsed: ParsedFile = await ctx.files.parse(file.bytes, { accept: ['csv'], filename: file.filename, declaredType: file.mimetype, limits: POLIS_TABLE_LIMITS });
  return parsed as ParsedTable;
}

export async function importPolis(
  ctx: AppContext,
  actor: Actor,
  consultationId: string,
  files: { comments: UploadedFile; votes?: UploadedFile | null; participantsVotes?: UploadedFile | null },
  options: ImportOptions,
): Promise<ImportReport> {
  await loadConsultation(ctx.db, consultationId);
  const rowsOf = async (f: UploadedFile | null | undefined) => (f ? (await parseTable(ctx, f)).sheets[0]!.rows : null);
  const tables = { comments: (await rowsOf(files.comments))!, votes: await rowsOf(files.votes), participantsVotes: await rowsOf(files.participantsVotes) };
  let plan: PolisImportPlan;
  try {
    plan = planPolisImport(tables);
  } catch (err) {
    if (err instanceof PolisFileError) {
      throw new HttpProblem(422, 'participation.import_file_invalid', `${err.file}: ${err.message}`, { file: err.file, line: err.line, params: { file: err.file } });
    }
    throw err;
  }
  const filenames = [files.comments.filename, files.votes?.filename, files.participantsVotes?.filename].filter(Boolean).join(', ');
  const participantNumbers = new Set<number>();
  for (const c of plan.comments.rows) participantNumbers.add(c.authorId);
  for (const v of plan.latest) participantNumbers.add(v.participantId as number);
  for (const p of plan.participantsVotes?.rows ?? []) participantNumbers.add(p.participant);
  const report: ImportReport = {
    importId: null,
    imported: false,
    kind: 'polis',
    filename: filenames,
    rows: plan.rows['comments.csv'] + plan.rows['votes.csv'] + plan.rows['participants-votes.csv'],
    problems: toProblems(plan.problems),
    counts: {
      participants: participantNumbers.size,
      statements: plan.comments.rows.length,
      votes: plan.latest.length,
      voteEvents: plan.votes ? plan.votes.rows.length : plan.latest.length,
      contributions: 0,
    },
    preview: null,
  };
  refuseIfProblems(report, options);
  if (options.dryRun) return report;

  const importId = await ctx.db.transaction(async (tx) => {
    const c = await loadConsultation(tx, consultationId, { forUpdate: true });
    const [used] = await queryAll<{ n: string }>(
      tx,
      sql`SELECT (SELECT count(*) FROM participation_statements WHERE consultation_id = ${consultationId})
            + (SELECT count(*) FROM participation_participants WHERE consultation_id = ${consultationId}) AS n`,
    );
    if (Number(used?.n ?? 0) > 0 || !c.usesStatements) {
      throw new HttpProblem(409, 'participation.import_not_empty', 'A Pol.is conversation is imported into a consultation with statements to vote on and none yet.');
    }
    return writePolis(tx, actor, consultationId, plan, filenames);
  });
  scheduleOpinionGroups(ctx, consultationId);
  return { ...report, importId, imported: true };
}

const POLIS_STATUS = { 1: 'accepted', 0: 'pending', [-1]: 'rejected' } as const;

async function writePolis(tx: Tx, actor: Actor, consultationId: string, plan: PolisImportPlan, filenames: string): Promise<string> {
  const now = new Date();
  const pvRows = plan.participantsVotes?.rows ?? [];
  const pvByNumber = new Map(pvRows.map((r, i) => [r.participant, { row: r, position: i }] as const));
  const numbers = new Set<number>([...plan.comments.rows.map((c) => c.authorId), ...plan.latest.map((v) => v.participantId as number), ...pvRows.map((r) => r.participant)]);
  const [importRow] = await tx
    .insert(participationImports)
    .values({
      consultationId,
      kind: 'polis',
      filename: filenames.slice(0, 500),
      format: 'csv',
      report: { rows: plan.rows, problems: plan.problems.length },
      polisFiles: {
        comments: { columns: plan.comments.columns },
        votes: plan.votes ? { columns: plan.votes.columns } : null,
        participantsVotes: plan.participantsVotes ? { columns: plan.participantsVotes.columns, commentIds: plan.participantsVotes.commentIds } : null,
      },
      createdBy: actor.id,
    })
    .returning({ id: participationImports.id });
  const importId = importRow!.id;

  const participantRows = [...numbers]
    .sort((a, b) => a - b)
    .map((number) => {
      const pv = pvByNumber.get(number);
      return {
        consultationId,
        number,
        origin: 'polis' as const,
        xid: pv?.row.xid ?? null,
        polisGroupId: pv?.row.groupId ?? null,
        sourcePosition: pv?.position ?? null,
        sourceExtra: pv && Object.keys(pv.row.extra).length ? pv.row.extra : null,
        createdAt: now,
      };
    });
  const participantIds = new Map<number, string>();
  await insertChunked(participantRows, async (chunk) => {
    const inserted = await tx.insert(participationParticipants).values(chunk).returning({ id: participationParticipants.id, number: participationParticipants.number });
    for (const r of inserted) participantIds.set(r.number, r.id);
  });

  // Pol.is's exported counts may differ from its votes; the difference is kept so that an export gives them back.
  const counted = new Map<number, { agree: number; disagree: number }>();
  for (const v of plan.latest) {
    const t = counted.get(v.statementId as number) ?? { agree: 0, disagree: 0 };
    if (v.vote === 1) t.agree++;
    else if (v.vote === -1) t.disagree++;
    counted.set(v.statementId as number, t);
  }
  const statementRows = plan.comments.rows.map((c, position) => {
    const m = masked(c.body);
    const dedupe = nearDuplicateKeys(c.body);
    const t = counted.get(c.commentId) ?? { agree: 0, disagree: 0 };
    return {
      consultationId,
      number: c.commentId,
      authorParticipantId: participantIds.get(c.authorId) ?? null,
      origin: 'polis' as const,
      text: m.text,
      originalText: m.originalText,
      redactions: m.redactions,
      status: POLIS_STATUS[c.moderated],
      // Pol.is's moderators decided: dated by the import, which starts the originals' retention.
      moderatedAt: c.moderated !== 0 ? now : null,
      fingerprint: dedupe.fingerprint,
      shingleBands: dedupe.bands,
      createdAt: new Date(c.timestamp),
      sourceDatetime: c.datetime,
      sourcePosition: position,
      sourceExtra: Object.keys(c.extra).length ? c.extra : null,
      polisAgreesOffset: c.agrees - t.agree,
      polisDisagreesOffset: c.disagrees - t.disagree,
    };
  });
  const statementIds = new Map<number, string>();
  await insertChunked(statementRows, async (chunk) => {
    const inserted = await tx.insert(participationStatements).values(chunk).returning({ id: participationStatements.id, number: participationStatements.number });
    for (const r of inserted) statementIds.set(r.number, r.id);
  });

  // Every vote cast, in the file's order (ids follow insertion); without votes.csv, the matrix's votes.
  type VoteEventInsert = typeof participationVoteEvents.$inferInsert;
  const events: VoteEventInsert[] = plan.votes
    ? plan.votes.rows.map((v) => ({
        consultationId,
        statementId: statementIds.get(v.commentId)!,
        participantId: participantIds.get(v.voterId)!,
        value: v.vote,
        votedAt: new Date(v.timestamp),
        sourceDatetime: v.datetime,
        sourceExtra: Object.keys(v.extra).length ? v.extra : null,
      }))
    : plan.latest.map((v) => ({
        consultationId,
        statementId: statementIds.get(v.statementId as number)!,
        participantId: participantIds.get(v.participantId as number)!,
        value: v.vote,
        votedAt: now,
        sourceDatetime: null,
        sourceExtra: null,
      }));
  await insertChunked(events, (chunk) => tx.insert(participationVoteEvents).values(chunk));
  const lastTime = new Map<string, Date>();
  if (plan.votes) for (const v of plan.votes.rows) lastTime.set(`${v.voterId}:${v.commentId}`, new Date(v.timestamp));
  await insertChunked(plan.latest, (chunk) =>
    tx.insert(participationVotes).values(
      chunk.map((v) => ({
        consultationId,
        statementId: statementIds.get(v.statementId as number)!,
        participantId: participantIds.get(v.participantId as number)!,
        value: v.vote,
        votedAt: lastTime.get(`${v.participantId}:${v.statementId}`) ?? now,
      })),
    ),
  );
  const maxOf = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), -1);
  await tx
    .update(participationConsultations)
    .set({
      polisAttribution: true,
      nextParticipantNumber: maxOf([...numbers]) + 1,
      nextStatementNumber: maxOf(plan.comments.rows.map((c) => c.commentId)) + 1,
      updatedAt: now,
    })
    .where(eq(participationConsultations.id, consultationId));
  await recordAudit(tx, actor, {
    action: 'participation.polis_imported',
    subjectType: 'participation_consultation',
    subjectId: consultationId,
    after: { importId, participants: numbers.size, statements: statementRows.length, votes: plan.latest.length, voteEvents: events.length, problemsSkipped: plan.problems.length },
  });
  return importId;
}

// ---- Surveys -----------------------------------------------------------------------------------

export async function importSurvey(
  ctx: AppContext,
  actor: Actor,
  consultationId: string,
  file: UploadedFile,
  picked: SurveyColumns & { sheet?: string | null },
  options: ImportOptions & { previewOnly?: boolean },
): Promise<ImportReport> {
  const c = await loadConsultation(ctx.db, consultationId);
  if (!c.usesContributions) throw new HttpProblem(409, 'participation.form_disabled', 'This consultation takes no free contributions.');
  const parsed = (await ctx.files.parse(file.bytes, { accept: ['csv', 'xlsx'], filename: file.filename, declaredType: file.mimetype })) as ParsedTable;
  const sheet = picked.sheet ? parsed.sheets.find((s) => s.name === picked.sheet) : parsed.sheets[0];
  if (!sheet) throw new HttpProblem(422, 'participation.import_unknown_sheet', `No sheet "${picked.sheet}" in the file.`, { params: { sheet: picked.sheet ?? '' } });
  const { header, rows } = headerAndRows(sheet.rows);
  const preview = { sheets: parsed.sheets.map((s) => s.name), header, sample: rows.slice(0, 5).map((r) => r.cells.map((cell) => stripControlCharacters(cell).slice(0, 500))) };
  const base: ImportReport = { importId: null, imported: false, kind: 'survey', filename: file.filename, rows: rows.length, problems: [], counts: emptyCounts(), preview };
  if (options.previewOnly) return base;
  const districts = await districtsOf(ctx, c);
  let plan;
  try {
    plan = planSurveyImport(sheet.rows, picked, {
      maxLength: CONTRIBUTION_MAX_LENGTH,
      districts: districts.zoning ? districts.zones.map((z) => ({ code: z.code, name: z.name })) : null,
      strictWidth: parsed.format === 'csv',
    });
  } catch (err) {
    if (err instanceof SurveyColumnsError) {
      throw new HttpProblem(422, 'participation.import_unknown_columns', `Unknown column(s): ${err.missing.join(', ')}.`, { columns: err.missing, params: { columns: err.missing.join(', ') } });
    }
    throw err;
  }
  const report: ImportReport = { ...base, rows: plan.respondents, problems: toProblems(plan.problems), counts: { ...emptyCounts(), contributions: plan.contributions.length } };
  refuseIfProblems(report, options);
  if (options.dryRun) return report;
  const importId = await ctx.db.transaction(async (tx) => {
    const [importRow] = await tx
      .insert(participationImports)
      .values({ consultationId, kind: 'survey', filename: file.filename.slice(0, 500), format: parsed.format, report: { rows: plan.respondents, problems: plan.problems.length, columns: picked.columns }, createdBy: actor.id })
      .returning({ id: participationImports.id });
    const id = importRow!.id;
    const first = await allocateNumbers(tx, consultationId, 'contribution', plan.contributions.length);
    const now = new Date();
    await insertChunked(
      plan.contributions.map((k, i) => ({ k, number: first + i })),
      (chunk) =>
        tx.insert(participationContributions).values(
          chunk.map(({ k, number }) => {
            const m = masked(k.text);
            const dedupe = nearDuplicateKeys(k.text);
            return {
              consultationId,
              number,
              origin: 'survey' as const,
              text: m.text,
              originalText: m.originalText,
              redactions: m.redactions,
              // Imported by staff who chose the columns: published, and still open to moderation.
              status: 'accepted' as const,
              moderatedBy: actor.id,
              moderatedAt: now,
              fingerprint: dedupe.fingerprint,
              shingleBands: dedupe.bands,
              district: k.district,
              ageBand: k.ageBand,
              importId: id,
              sourceRef: { kind: 'survey', importId: id, file: file.filename, sheet: sheet.name || null, line: k.line, column: k.column },
              createdAt: now,
            };
          }),
        ),
    );
    await recordAudit(tx, actor, {
      action: 'participation.survey_imported',
      subjectType: 'participation_consultation',
      subjectId: consultationId,
      after: { importId: id, respondents: plan.respondents, contributions: plan.contributions.length, problemsSkipped: plan.problems.length, columns: picked.columns },
    });
    return id;
  });
  return { ...report, importId, imported: true };
}

// ---- Interviews --------------------------------------------------------------------------------

export async function importInterview(
  ctx: AppContext,
  actor: Actor,
  consultationId: string,
  file: UploadedFile,
  picked: { skipSpeakers: string[] },
  options: ImportOptions,
): Promise<ImportReport> {
  const c = await loadConsultation(ctx.db, consultationId);
  if (!c.usesContributions) throw new HttpProblem(409, 'participation.form_disabled', 'This consultation takes no free contributions.');
  const parsed = await ctx.files.parse(file.bytes, { accept: ['text', 'markdown', 'docx'], filename: file.filename, declaredType: file.mimetype });
  if (parsed.kind !== 'document') throw new HttpProblem(422, 'participation.import_file_invalid', 'A transcript is a text or DOCX file.', { params: { file: file.filename } });
  const source = stripControlCharacters(parsed.text);
  const passages = splitTranscript(source, { skipSpeakers: picked.skipSpeakers, maxLength: CONTRIBUTION_MAX_LENGTH });
  const report: ImportReport = {
    importId: null,
    imported: false,
    kind: 'interview',
    filename: file.filename,
    rows: passages.length,
    problems: [],
    counts: { ...emptyCounts(), contributions: passages.length },
    preview: { sheets: [], header: [], sample: passages.slice(0, 5).map((p) => [p.speaker ?? '', p.text.slice(0, 500)]) },
  };
  if (passages.length === 0) {
    throw new HttpProblem(422, 'participation.import_empty', 'The transcript holds no passage to import.');
  }
  if (options.dryRun) return report;
  const importId = await ctx.db.transaction(async (tx) => {
    const [importRow] = await tx
      .insert(participationImports)
      .values({ consultationId, kind: 'interview', filename: file.filename.slice(0, 500), format: parsed.format, report: { passages: passages.length, skipSpeakers: picked.skipSpeakers }, sourceText: source, createdBy: actor.id })
      .returning({ id: participationImports.id });
    const id = importRow!.id;
    const first = await allocateNumbers(tx, consultationId, 'contribution', passages.length);
    const now = new Date();
    await insertChunked(
      passages.map((p, i) => ({ p, number: first + i })),
      (chunk) =>
        tx.insert(participationContributions).values(
          chunk.map(({ p, number }) => {
            const m = masked(p.text);
            const dedupe = nearDuplicateKeys(p.text);
            return {
              consultationId,
              number,
              origin: 'interview' as const,
              text: m.text,
              originalText: m.originalText,
              redactions: m.redactions,
              status: 'accepted' as const,
              moderatedBy: actor.id,
              moderatedAt: now,
              fingerprint: dedupe.fingerprint,
              shingleBands: dedupe.bands,
              importId: id,
              // `source_text` of the import, sliced at these offsets, is the contribution as transcribed.
              sourceRef: { kind: 'interview', importId: id, file: file.filename, start: p.start, end: p.end, speaker: p.speaker },
              createdAt: now,
            };
          }),
        ),
    );
    await recordAudit(tx, actor, {
      action: 'participation.interview_imported',
      subjectType: 'participation_consultation',
      subjectId: consultationId,
      after: { importId: id, contributions: passages.length, skipSpeakers: picked.skipSpeakers },
    });
    return id;
  });
  return { ...report, importId, imported: true };
}

export async function listImports(ctx: AppContext, consultationId: string) {
  await loadConsultation(ctx.db, consultationId);
  const rows = await ctx.db.select().from(participationImports).where(eq(participationImports.consultationId, consultationId)).orderBy(participationImports.createdAt);
  return { items: rows.map((r) => ({ id: r.id, kind: r.kind, filename: r.filename, format: r.format, report: r.report, createdAt: r.createdAt.toISOString() })) };
}

export type { PolisFileName };
