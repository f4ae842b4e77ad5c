/**
 * Open-data exports of a consultation: contributions, statements, votes, groups and the synthesis
 * as CSV and JSON, and the three files of Pol.is's open-data format. The public gets what is
 * published (masked texts, published items, the published synthesis); staff get everything,
 * including the texts as written — which makes a Pol.is conversation imported then exported come
 * back byte for byte. Data imported from Pol.is carries its CC BY 4.0 attribution.
 */
import { eq, sql } from 'drizzle-orm';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { ExportFile } from './api-schemas';
import { attributionOf, iso, loadConsultation, loadPublicConsultation, queryAll, voteChoice, type ConsultationRow } from './common';
import { opinionGroupsView } from './opinion-groups-service';
import {
  buildParticipantsVotes,
  COMMENTS_COLUMNS,
  serialiseCommentsCsv,
  serialiseParticipantsVotesCsv,
  serialiseVotesCsv,
  VOTES_COLUMNS,
  writeCsv,
  type Moderation,
  type PolisComment,
  type PolisParticipantRow,
  type PolisVoteRow,
} from './polis-format/index';
import { participationImports, participationOpinionGroups, participationSyntheses } from './schema';
import { allMembers } from './synthesis/describe';
import type { Synthesis } from './synthesis/types';

export type Audience = 'public' | 'staff';

/** Staff exports hold every item; the texts as written (before masking) only for those who moderate. */
export interface ExportOptions {
  groups?: 'polis' | 'computed';
  withOriginals?: boolean;
}

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: string;
  attribution: string | null;
}

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

interface PolisFiles {
  comments?: { columns: string[] } | null;
  votes?: { columns: string[] } | null;
  participantsVotes?: { columns: string[]; commentIds: number[] } | null;
}

async function polisFilesOf(ctx: AppContext, consultationId: string): Promise<PolisFiles> {
  const [row] = await ctx.db
    .select({ polisFiles: participationImports.polisFiles })
    .from(participationImports)
    .where(sql`${participationImports.consultationId} = ${consultationId} AND ${participationImports.kind} = 'polis'`)
    .limit(1);
  return (row?.polisFiles as PolisFiles | undefined) ?? {};
}

/** `Mon Jul 17 16:10:15 UTC 2017`, the form of Pol.is's `datetime` column, for votes and statements made here. */
export function polisDatetime(d: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const visibleFilter = (audience: Audience, c: ConsultationRow, alias: string) =>
  audience === 'staff' ? sql`TRUE` : sql`(${sql.raw(alias)}.status = 'accepted' OR (${sql.raw(alias)}.status = 'pending' AND ${c.moderationMode} = 'after'))`;

const MODERATION_OF: Record<string, Moderation> = { accepted: 1, pending: 0, rejected: -1 };

// ---- Pol.is format -----------------------------------------------------------------------------

async function polisComments(ctx: AppContext, c: ConsultationRow, audience: Audience, withOriginals: boolean): Promise<string> {
  const files = await polisFilesOf(ctx, c.id);
  const rows = await queryAll<{
    number: number;
    author: number | null;
    created_at: Date | string;
    source_datetime: string | null;
    status: string;
    text: string;
    original_text: string | null;
    source_extra: Record<string, string> | null;
    agrees: string;
    disagrees: string;
    agrees_offset: number;
    disagrees_offset: number;
  }>(
    ctx.db,
    sql`SELECT s.number, p.number AS author, s.created_at, s.source_datetime, s.status, s.text, s.original_text, s.source_extra,
          s.polis_agrees_offset AS agrees_offset, s.polis_disagrees_offset AS disagrees_offset,
          (SELECT count(*) FROM participation_votes v WHERE v.statement_id = s.id AND v.value = 1) AS agrees,
          (SELECT count(*) FROM participation_votes v WHERE v.statement_id = s.id AND v.value = -1) AS disagrees
        FROM participation_statements s LEFT JOIN participation_participants p ON p.id = s.author_participant_id
        WHERE s.consultation_id = ${c.id} AND ${visibleFilter(audience, c, 's')}
        ORDER BY s.source_position ASC NULLS FIRST, s.created_at DESC, s.number DESC`,
  );
  const comments: PolisComment[] = rows.map((r) => {
    const created = new Date(r.created_at);
    return {
      timestamp: created.getTime(),
      datetime: r.source_datetime ?? polisDatetime(created),
      commentId: Number(r.number),
      // A statement written by staff has no participant: Pol.is's moderators' comments carry an author too, so -1 marks "the organisers".
      authorId: r.author === null ? -1 : Number(r.author),
      agrees: Number(r.agrees) + Number(r.agrees_offset),
      disagrees: Number(r.disagrees) + Number(r.disagrees_offset),
      moderated: MODERATION_OF[r.status]!,
      body: withOriginals ? (r.original_text ?? r.text) : r.text,
      extra: r.source_extra ?? {},
    };
  });
  return serialiseCommentsCsv({ columns: files.comments?.columns ?? COMMENTS_COLUMNS, comments });
}

async function polisVotes(ctx: AppContext, c: ConsultationRow, audience: Audience): Promise<string> {
  const files = await polisFilesOf(ctx, c.id);
  const rows = await queryAll<{ voted_at: Date | string; source_datetime: string | null; statement: number; voter: number; value: number; source_extra: Record<string, string> | null }>(
    ctx.db,
    sql`SELECT e.voted_at, e.source_datetime, s.number AS statement, p.number AS voter, e.value, e.source_extra
        FROM participation_vote_events e
        JOIN participation_statements s ON s.id = e.statement_id
        JOIN participation_participants p ON p.id = e.participant_id
        WHERE e.consultation_id = ${c.id} AND ${visibleFilter(audience, c, 's')}
        ORDER BY e.id`,
  );
  const votes: PolisVoteRow[] = rows.map((r) => {
    const at = new Date(r.voted_at);
    return {
      timestamp: at.getTime(),
      datetime: r.source_datetime ?? polisDatetime(at),
      commentId: Number(r.statement),
      voterId: Number(r.voter),
      vote: Number(r.value) as PolisVoteRow['vote'],
      extra: r.source_extra ?? {},
    };
  });
  return serialiseVotesCsv({ columns: files.votes?.columns ?? VOTES_COLUMNS, votes });
}

async function polisParticipantsVotes(ctx: AppContext, c: ConsultationRow, audience: Audience, groups: 'polis' | 'computed'): Promise<string> {
  const files = await polisFilesOf(ctx, c.id);
  const votes = await queryAll<{ p: number; s: number; v: number }>(
    ctx.db,
    sql`SELECT p.number AS p, s.number AS s, v.value AS v FROM participation_votes v
        JOIN participation_participants p ON p.id = v.participant_id JOIN participation_statements s ON s.id = v.statement_id
        WHERE v.consultation_id = ${c.id} AND ${visibleFilter(audience, c, 's')}`,
  );
  const participants = await queryAll<{ number: number; xid: string | null; polis_group_id: number | null; source_position: number | null; source_extra: Record<string, string> | null; written: string }>(
    ctx.db,
    sql`SELECT p.number, p.xid, p.polis_group_id, p.source_position, p.source_extra,
          (SELECT count(*) FROM participation_statements s WHERE s.author_participant_id = p.id) AS written
        FROM participation_participants p WHERE p.consultation_id = ${c.id}`,
  );
  const byNumber = new Map(participants.map((p) => [Number(p.number), p]));
  let computedGroup = new Map<number, number | null>();
  if (groups === 'computed') {
    const [row] = await ctx.db.select({ result: participationOpinionGroups.result }).from(participationOpinionGroups).where(eq(participationOpinionGroups.consultationId, c.id));
    const result = row?.result as { participants?: { id: number; groupId: number | null }[] } | undefined;
    computedGroup = new Map((result?.participants ?? []).map((p) => [Number(p.id), p.groupId]));
  }
  const written = { columns: [], comments: [...byNumber.values()].flatMap((p) => Array.from({ length: Number(p.written) }, () => ({ authorId: Number(p.number) }) as PolisComment)) };
  const built = buildParticipantsVotes(
    votes.map((v) => ({ participantId: Number(v.p), statementId: Number(v.s), vote: Number(v.v) as 1 | -1 | 0 })),
    written,
    (n) => (groups === 'polis' ? (byNumber.get(n)?.polis_group_id ?? null) : (computedGroup.get(n) ?? null)),
    files.participantsVotes?.columns.includes('xid') ? (n) => byNumber.get(n)?.xid ?? '' : undefined,
  );
  // An imported file's statement columns (and their order) first, then those of statements added since.
  const imported = files.participantsVotes;
  let commentIds = built.commentIds;
  let columns = built.columns;
  if (imported) {
    const extra = built.commentIds.filter((id) => !imported.commentIds.includes(id));
    commentIds = [...imported.commentIds, ...extra];
    columns = [...imported.columns, ...extra.map(String)];
  }
  const columnOf = new Map(built.commentIds.map((id, i) => [id, i] as const));
  const rows: PolisParticipantRow[] = built.participants.map((row) => ({
    ...row,
    votes: commentIds.map((id) => (columnOf.has(id) ? row.votes[columnOf.get(id)!]! : null)),
    extra: byNumber.get(row.participant)?.source_extra ?? {},
  }));
  // Imported participants in the file's order, then the others by number.
  const position = (n: number) => byNumber.get(n)?.source_position ?? Number.MAX_SAFE_INTEGER;
  rows.sort((a, b) => position(a.participant) - position(b.participant) || a.participant - b.participant);
  return serialiseParticipantsVotesCsv({ columns, commentIds, participants: rows });
}

// ---- Our own files -----------------------------------------------------------------------------

async function contributionRecords(ctx: AppContext, c: ConsultationRow, audience: Audience) {
  return queryAll<{
    id: string;
    number: number;
    text: string;
    original_text: string | null;
    status: string;
    origin: string;
    created_at: Date | string;
    district: string | null;
    age_band: string | null;
    source_ref: unknown;
  }>(
    ctx.db,
    sql`SELECT k.id, k.number, k.text, k.original_text, k.status, k.origin, k.created_at, coalesce(k.district, p.district) AS district,
          coalesce(k.age_band, p.age_band) AS age_band, k.source_ref
        FROM participation_contributions k LEFT JOIN participation_participants p ON p.id = k.participant_id
        WHERE k.consultation_id = ${c.id} AND ${visibleFilter(audience, c, 'k')} ORDER BY k.number`,
  );
}

async function contributionsExport(ctx: AppContext, c: ConsultationRow, audience: Audience, format: 'csv' | 'json', withOriginals: boolean): Promise<string> {
  const rows = await contributionRecords(ctx, c, audience);
  // Declarations are never published with what someone wrote; staff see them for analysis.
  const items = rows.map((r) => ({
    number: Number(r.number),
    id: r.id,
    text: r.text,
    origin: r.origin,
    createdAt: new Date(r.created_at).toISOString(),
    ...(audience === 'staff'
      ? { status: r.status, originalText: withOriginals ? r.original_text : null, district: r.district, ageBand: r.age_band, source: r.source_ref ?? null }
      : {}),
  }));
  if (format === 'json') return JSON.stringify({ consultationId: c.id, title: c.title, attribution: attributionOf(c), contributions: items }, null, 2);
  const header = ['number', 'id', 'text', 'origin', 'created_at', ...(audience === 'staff' ? ['status', 'original_text', 'district', 'age_band', 'source'] : [])];
  return writeCsv(
    header,
    rows.map((r) => [
      String(r.number),
      r.id,
      r.text,
      r.origin,
      new Date(r.created_at).toISOString(),
      ...(audience === 'staff' ? [r.status, withOriginals ? (r.original_text ?? '') : '', r.district ?? '', r.age_band ?? '', r.source_ref ? JSON.stringify(r.source_ref) : ''] : []),
    ]),
  );
}

async function statementsExport(ctx: AppContext, c: ConsultationRow, audience: Audience, format: 'csv' | 'json', withOriginals: boolean): Promise<string> {
  const rows = await queryAll<{ id: string; number: number; text: string; original_text: string | null; status: string; is_meta: boolean; origin: string; created_at: Date | string; agree: string; disagree: string; pass: string }>(
    ctx.db,
    sql`SELECT s.id, s.number, s.text, s.original_text, s.status, s.is_meta, s.origin, s.created_at,
          count(*) FILTER (WHERE v.value = 1) AS agree, count(*) FILTER (WHERE v.value = -1) AS disagree, count(*) FILTER (WHERE v.value = 0) AS pass
        FROM participation_statements s LEFT JOIN participation_votes v ON v.statement_id = s.id
        WHERE s.consultation_id = ${c.id} AND ${visibleFilter(audience, c, 's')} GROUP BY s.id ORDER BY s.number`,
  );
  const items = rows.map((r) => ({
    number: Number(r.number),
    id: r.id,
    text: withOriginals ? (r.original_text ?? r.text) : r.text,
    status: r.status,
    isMeta: r.is_meta,
    origin: r.origin,
    createdAt: new Date(r.created_at).toISOString(),
    agree: Number(r.agree),
    disagree: Number(r.disagree),
    pass: Number(r.pass),
  }));
  if (format === 'json') return JSON.stringify({ consultationId: c.id, title: c.title, attribution: attributionOf(c), statements: items }, null, 2);
  return writeCsv(
    ['number', 'id', 'text', 'status', 'is_meta', 'origin', 'created_at', 'agree', 'disagree', 'pass'],
    items.map((i) => [String(i.number), i.id, i.text, i.status, String(i.isMeta), i.origin, i.createdAt, String(i.agree), String(i.disagree), String(i.pass)]),
  );
}

async function votesExport(ctx: AppContext, c: ConsultationRow, audience: Audience, format: 'csv' | 'json'): Promise<string> {
  const rows = await queryAll<{ participant: number; statement: number; value: number; voted_at: Date | string }>(
    ctx.db,
    sql`SELECT p.number AS participant, s.number AS statement, v.value, v.voted_at FROM participation_votes v
        JOIN participation_participants p ON p.id = v.participant_id JOIN participation_statements s ON s.id = v.statement_id
        WHERE v.consultation_id = ${c.id} AND ${visibleFilter(audience, c, 's')} ORDER BY p.number, s.number`,
  );
  const items = rows.map((r) => ({ participant: Number(r.participant), statement: Number(r.statement), vote: voteChoice(Number(r.value)), votedAt: new Date(r.voted_at).toISOString() }));
  if (format === 'json') return JSON.stringify({ consultationId: c.id, attribution: attributionOf(c), votes: items }, null, 2);
  return writeCsv(['participant', 'statement', 'vote', 'voted_at'], items.map((i) => [String(i.participant), String(i.statement), i.vote, i.votedAt]));
}

async function groupsExport(ctx: AppContext, c: ConsultationRow, format: 'csv' | 'json'): Promise<string> {
  const view = await opinionGroupsView(ctx, c.id, { token: null, address: null });
  if (format === 'json') {
    const { participants, ...rest } = view;
    return JSON.stringify({ ...rest, participants: participants.map(({ isMe: _isMe, ...p }) => p) }, null, 2);
  }
  return writeCsv(['participant', 'group', 'x', 'y'], view.participants.map((p) => [String(p.number), p.groupId === null ? '' : String(p.groupId), String(p.x), String(p.y)]));
}

async function synthesisExport(ctx: AppContext, c: ConsultationRow, audience: Audience, format: 'csv' | 'json'): Promise<string> {
  const [row] = await ctx.db.select().from(participationSyntheses).where(eq(participationSyntheses.consultationId, c.id));
  const synthesis =
    audience === 'staff'
      ? (row?.synthesis as Synthesis | undefined)
      : c.phase === 'synthesis_published'
        ? (row?.published as { synthesis: Synthesis } | null)?.synthesis
        : undefined;
  if (!synthesis) throw new HttpProblem(404, 'participation.synthesis_not_published', 'The synthesis of this consultation is not published.');
  const edits = audience === 'staff' ? (row?.edits ?? []) : ((row?.published as { edits?: unknown[] } | null)?.edits ?? []);
  if (format === 'json') return JSON.stringify({ consultationId: c.id, publishedAt: iso(row?.publishedAt), attribution: attributionOf(c), synthesis, edits }, null, 2);
  const records = new Map((await contributionRecords(ctx, c, audience)).map((r) => [r.id, r]));
  const lines: string[][] = [];
  for (const theme of synthesis.themes) {
    const place = (id: string, sub: { id: string; label: string } | null) => {
      const r = records.get(id);
      if (r) lines.push([String(r.number), id, theme.id, theme.label, sub?.id ?? '', sub?.label ?? '', '', r.text]);
    };
    for (const id of theme.contributionIds) place(id, null);
    for (const s of theme.subThemes) for (const id of allMembers(s)) place(id, s);
  }
  for (const a of synthesis.standingAlone) {
    const r = records.get(a.contributionId);
    if (r) lines.push([String(r.number), r.id, '', '', '', '', a.reason, r.text]);
  }
  return writeCsv(['contribution', 'contribution_id', 'theme_id', 'theme', 'sub_theme_id', 'sub_theme', 'standing_alone', 'text'], lines);
}

export async function exportFile(ctx: AppContext, consultationId: string, file: ExportFile, audience: Audience, opts: ExportOptions = {}): Promise<ExportedFile> {
  const withOriginals = audience === 'staff' && opts.withOriginals === true;
  const c = audience === 'public' ? await loadPublicConsultation(ctx.db, consultationId) : await loadConsultation(ctx.db, consultationId);
  const [base, ext] = file.split('.') as [string, 'csv' | 'json'];
  let body: string;
  switch (base) {
    case 'contributions':
      body = await contributionsExport(ctx, c, audience, ext, withOriginals);
      break;
    case 'statements':
      body = await statementsExport(ctx, c, audience, ext, withOriginals);
      break;
    case 'votes':
      body = await votesExport(ctx, c, audience, ext);
      break;
    case 'groups':
      body = await groupsExport(ctx, c, ext);
      break;
    case 'synthesis':
      body = await synthesisExport(ctx, c, audience, ext);
      break;
    case 'polis-comments':
      body = await polisComments(ctx, c, audience, withOriginals);
      break;
    case 'polis-votes':
      body = await polisVotes(ctx, c, audience);
      break;
    default:
      body = await polisParticipantsVotes(ctx, c, audience, opts.groups ?? (c.polisAttribution ? 'polis' : 'computed'));
  }
  const filename = base.startsWith('polis-') ? `${base.slice('polis-'.length)}.csv` : file;
  return { filename, contentType: ext === 'json' ? JSON_TYPE : CSV, body, attribution: attributionOf(c) };
}
