/**
 * What residents do, without an account: join a consultation as a pseudonymous participant (a
 * cookie whose token is stored only as a keyed hash), declare a district and an age band if they
 * wish, vote on statements (a new vote replaces the old one), propose statements, write free
 * contributions, flag what should not be there.
 */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { auditAppend, recordAudit, TAKE_AUDIT_CHAIN_LOCK, type Actor } from '../../platform/audit/service';
import { statementsInTransaction, type DbOrTx, type Tx } from '../../platform/db/client';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { redactPersonalData } from '../../platform/privacy/redact';
import type {
  DeclarationsInput,
  FlagReason,
  ItemType,
  NextStatement,
  ParticipantView,
  PublicContribution,
  PublicStatement,
  SubmissionResult,
  VoteChoice,
  VoteResult,
} from './api-schemas';
import {
  allocateNumbers,
  assertOpen,
  districtsOf,
  isVisible,
  loadConsultation,
  loadPublicConsultation,
  NEW_ITEM_STATUS,
  queryAll,
  textArray,
  VOTE_VALUE,
  voteChoice,
  type ConsultationRow,
} from './common';
import { isWellFormedToken, newToken, participationKeys } from './keys';
import { findNearDuplicate, nearDuplicateKeys } from './near-duplicates';
import { chooseNextStatement } from './opinion/index';
import { scheduleOpinionGroups } from './opinion-groups-service';
import { countersFor, retryAfterSeconds, windowStart, type SubmissionKind } from './rate-limits';
import {
  participationContributions,
  participationFlags,
  participationOpinionGroups,
  participationParticipants,
  participationStatements,
  participationVotes,
} from './schema';
import { LIMITS_KEY, type LimitsSetting } from './settings';

export type ParticipantRow = typeof participationParticipants.$inferSelect;

/** Who is asking: the cookie's token (if any) and the client's address. */
export interface Caller {
  token: string | null;
  address: string | null;
  requestId?: string;
}

const residentActor = (caller: Caller): Actor => ({ type: 'resident', id: null, requestId: caller.requestId ?? null });

export async function findParticipant(ctx: AppContext, consultationId: string, token: string | null, db: DbOrTx = ctx.db): Promise<ParticipantRow | null> {
  if (!isWellFormedToken(token)) return null;
  const keys = await participationKeys(ctx.db);
  const [row] = await db
    .select()
    .from(participationParticipants)
    .where(and(eq(participationParticipants.consultationId, consultationId), eq(participationParticipants.tokenHash, keys.tokenHash(consultationId, token))));
  return row ?? null;
}

async function requireParticipant(ctx: AppContext, consultationId: string, caller: Caller, db: DbOrTx = ctx.db): Promise<ParticipantRow> {
  const participant = await findParticipant(ctx, consultationId, caller.token, db);
  if (!participant) {
    throw new HttpProblem(403, 'participation.not_a_participant', 'Join this consultation first (POST …/participants).');
  }
  return participant;
}

export async function participantView(db: DbOrTx, p: ParticipantRow): Promise<ParticipantView> {
  const [counts] = await queryAll<{ votes: string; statements: string; contributions: string }>(
    db,
    sql`SELECT (SELECT count(*) FROM participation_votes WHERE participant_id = ${p.id}) AS votes,
        (SELECT count(*) FROM participation_statements WHERE author_participant_id = ${p.id}) AS statements,
        (SELECT count(*) FROM participation_contributions WHERE participant_id = ${p.id}) AS contributions`,
  );
  return {
    number: p.number,
    district: p.district,
    ageBand: (p.ageBand as ParticipantView['ageBand']) ?? null,
    emailGiven: p.emailSealed !== null,
    emailConfirmed: p.emailConfirmedAt !== null,
    votes: Number(counts?.votes ?? 0),
    statementsSubmitted: Number(counts?.statements ?? 0),
    contributionsSubmitted: Number(counts?.contributions ?? 0),
  };
}

export async function me(ctx: AppContext, consultationId: string, caller: Caller): Promise<ParticipantView | null> {
  const p = await findParticipant(ctx, consultationId, caller.token);
  return p ? participantView(ctx.db, p) : null;
}

async function checkDeclarations(ctx: AppContext, c: ConsultationRow, input: DeclarationsInput): Promise<void> {
  if (input.district == null) return;
  const districts = await districtsOf(ctx, c);
  if (!districts.zones.some((z) => z.code === input.district)) {
    throw new HttpProblem(422, 'participation.unknown_district', `"${input.district}" is not a district of this consultation.`, { params: { district: input.district } });
  }
}

// ---- Rate limits -----------------------------------------------------------------------------

/**
 * Counts a submission in its windows, inside the transaction that stores it; over a limit, throws
 * 429 — the transaction rolls back and the counters with it.
 */
async function countSubmission(ctx: AppContext, tx: Tx, kind: SubmissionKind, who: { consultationId: string; participantId?: string | null; address?: string | null }): Promise<void> {
  const limits = await ctx.settings.get<LimitsSetting>(LIMITS_KEY, tx);
  const keys = await participationKeys(ctx.db);
  const now = new Date();
  for (const spec of countersFor(kind, { ...who, address: who.address ? keys.addressKey(who.address) : null }, limits)) {
    const start = windowStart(now, spec.windowMs);
    const [row] = await queryAll<{ count: number | string }>(
      tx,
      sql`INSERT INTO participation_rate_counters (key, window_start, count) VALUES (${keys.counterKey(spec.subject)}, ${start.toISOString()}::timestamptz, 1)
          ON CONFLICT (key, window_start) DO UPDATE SET count = participation_rate_counters.count + 1 RETURNING count`,
    );
    if (Number(row?.count ?? 0) > spec.limit) {
      const retryAfter = retryAfterSeconds(now, spec.windowMs);
      throw new HttpProblem(429, 'participation.rate_limited', 'Too many submissions; try again later.', {
        retryAfter,
        headers: { 'retry-after': String(retryAfter) },
        params: { retryAfter, limit: spec.limit },
      });
    }
  }
}

// ---- Joining -----------------------------------------------------------------------------------

export interface JoinResult {
  participant: ParticipantView;
  /** The token to set in the cookie (the caller's own when it already had a well-formed one). */
  token: string;
  created: boolean;
}

export async function join(ctx: AppContext, consultationId: string, caller: Caller, input: DeclarationsInput): Promise<JoinResult> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  const existing = await findParticipant(ctx, consultationId, caller.token);
  if (existing) {
    const updated = input.district !== undefined || input.ageBand !== undefined ? await declare(ctx, consultationId, caller, input) : await participantView(ctx.db, existing);
    return { participant: updated, token: caller.token!, created: false };
  }
  assertOpen(c);
  await checkDeclarations(ctx, c, input);
  // One token per browser: a resident in two consultations keeps one cookie; the rows cannot be linked without it.
  const token = isWellFormedToken(caller.token) ? caller.token : newToken();
  const keys = await participationKeys(ctx.db);
  const row = await ctx.db.transaction(async (tx) => {
    await countSubmission(ctx, tx, 'participant', { consultationId, address: caller.address });
    const number = await allocateNumbers(tx, consultationId, 'participant');
    const declared = input.district != null || input.ageBand != null;
    const [created] = await tx
      .insert(participationParticipants)
      .values({
        consultationId,
        number,
        tokenHash: keys.tokenHash(consultationId, token),
        district: input.district ?? null,
        ageBand: input.ageBand ?? null,
        declaredAt: declared ? new Date() : null,
      })
      .returning();
    await recordAudit(tx, residentActor(caller), {
      action: 'participation.participant_joined',
      subjectType: 'participation_consultation',
      subjectId: consultationId,
      after: { number, declared },
    });
    return created!;
  });
  return { participant: await participantView(ctx.db, row), token, created: true };
}

export async function declare(ctx: AppContext, consultationId: string, caller: Caller, input: DeclarationsInput): Promise<ParticipantView> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  const p = await requireParticipant(ctx, consultationId, caller);
  await checkDeclarations(ctx, c, input);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(participationParticipants)
      .set({
        ...(input.district !== undefined ? { district: input.district } : {}),
        ...(input.ageBand !== undefined ? { ageBand: input.ageBand } : {}),
        declaredAt: new Date(),
      })
      .where(eq(participationParticipants.id, p.id))
      .returning();
    // Which fields changed, never their values: the audit log outlives the declarations.
    await recordAudit(tx, residentActor(caller), {
      action: 'participation.declarations_changed',
      subjectType: 'participation_participant',
      subjectId: p.id,
      after: { fields: Object.keys(input).filter((k) => input[k as keyof DeclarationsInput] !== undefined) },
    });
    return updated!;
  });
  return participantView(ctx.db, row);
}

/** The resident's "forget me": the token, e-mail and declarations go; votes and contributions stay, unlinkable. */
export async function forget(ctx: AppContext, consultationId: string, caller: Caller): Promise<void> {
  const p = await requireParticipant(ctx, consultationId, caller);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(participationParticipants)
      .set({
        tokenHash: null,
        emailSealed: null,
        emailKey: null,
        emailConfirmedAt: null,
        emailConfirmationHash: null,
        emailConfirmationSealed: null,
        emailConfirmationExpiresAt: null,
        district: null,
        ageBand: null,
        declaredAt: null,
      })
      .where(eq(participationParticipants.id, p.id));
    await recordAudit(tx, residentActor(caller), { action: 'participation.participant_forgotten', subjectType: 'participation_participant', subjectId: p.id });
  });
}

// ---- Voting ------------------------------------------------------------------------------------

function isGuardRefusal(err: unknown): boolean {
  for (let e = err as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === '22012' || /division by zero/.test(String(e.message ?? ''))) return true;
  }
  return false;
}

/** Why a vote was refused, read after the guard refused it (the common case is answered without a lookup). */
async function voteRefusal(ctx: AppContext, consultationId: string, statementId: string, caller: Caller): Promise<HttpProblem> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  if (c.phase !== 'open') return new HttpProblem(409, 'participation.not_open', 'This consultation is not open for participation.', { phase: c.phase });
  if (!(await findParticipant(ctx, consultationId, caller.token))) {
    return new HttpProblem(403, 'participation.not_a_participant', 'Join this consultation first (POST …/participants).');
  }
  const [s] = await ctx.db
    .select({ status: participationStatements.status })
    .from(participationStatements)
    .where(and(eq(participationStatements.id, statementId), eq(participationStatements.consultationId, consultationId)));
  if (!s) return new HttpProblem(404, 'participation.statement_not_found', 'No such statement in this consultation.');
  if (!c.usesStatements) return new HttpProblem(409, 'participation.form_disabled', 'This consultation has no statements to vote on.');
  return new HttpProblem(409, 'participation.statement_not_votable', 'This statement is not open to votes (awaiting moderation or moderated out).', { status: s.status });
}

/**
 * One vote, in one transaction sent as one message: a guard that fails unless the caller is a
 * participant of this consultation, the statement is published in it and the consultation is open
 * (a division by zero, so that nothing after it runs); the vote, replacing the previous one; the
 * vote's event (Pol.is's votes.csv keeps every change); the audit event. A refusal changes nothing.
 */
export async function vote(ctx: AppContext, consultationId: string, statementId: string, caller: Caller, choice: VoteChoice): Promise<VoteResult> {
  if (!isWellFormedToken(caller.token)) throw await voteRefusal(ctx, consultationId, statementId, caller);
  const keys = await participationKeys(ctx.db);
  const tokenHash = keys.tokenHash(consultationId, caller.token);
  const value = VOTE_VALUE[choice];
  const guard = sql`SELECT 1 / count(*)::int AS ok
      FROM participation_participants p, participation_statements s, participation_consultations c
      WHERE p.consultation_id = ${consultationId} AND p.token_hash = ${tokenHash}
        AND c.id = ${consultationId} AND c.phase = 'open' AND c.uses_statements
        AND s.id = ${statementId} AND s.consultation_id = ${consultationId}
        AND (s.status = 'accepted' OR (s.status = 'pending' AND c.moderation_mode = 'after'))`;
  const store = sql`WITH p AS (
        SELECT id FROM participation_participants WHERE consultation_id = ${consultationId} AND token_hash = ${tokenHash}),
      prev AS (
        SELECT v.value FROM participation_votes v, p WHERE v.statement_id = ${statementId} AND v.participant_id = p.id),
      up AS (
        INSERT INTO participation_votes (consultation_id, statement_id, participant_id, value, voted_at)
        SELECT ${consultationId}, ${statementId}, p.id, ${value}, now() FROM p
        ON CONFLICT (statement_id, participant_id) DO UPDATE SET value = excluded.value, voted_at = excluded.voted_at
        RETURNING participant_id, voted_at),
      ev AS (
        INSERT INTO participation_vote_events (consultation_id, statement_id, participant_id, value, voted_at)
        SELECT ${consultationId}, ${statementId}, up.participant_id, ${value}, up.voted_at FROM up
        RETURNING id)
      SELECT (SELECT value FROM prev) AS previous, (SELECT id FROM ev) AS event_id`;
  // No participant in the audit event: the log outlives the participants' data.
  const audit = auditAppend(residentActor(caller), {
    action: 'participation.vote',
    subjectType: 'participation_statement',
    subjectId: statementId,
    after: { consultationId, vote: choice },
  });
  let results: Record<string, unknown>[][];
  try {
    results = await statementsInTransaction(ctx.db, [guard, TAKE_AUDIT_CHAIN_LOCK, store, audit.statement]);
  } catch (err) {
    if (isGuardRefusal(err)) throw await voteRefusal(ctx, consultationId, statementId, caller);
    throw err;
  }
  audit.check(results[3]!);
  const previous = results[2]![0]?.previous;
  scheduleOpinionGroups(ctx, consultationId);
  return { statementId, vote: choice, previous: previous === null || previous === undefined ? null : voteChoice(Number(previous)) };
}

// ---- Statements --------------------------------------------------------------------------------

type StatementTallyRow = {
  id: string;
  number: number;
  text: string;
  is_meta: boolean;
  status: string;
  agree: string;
  disagree: string;
  pass: string;
};

async function visibleStatements(db: DbOrTx, c: ConsultationRow, onlyId?: string): Promise<StatementTallyRow[]> {
  return queryAll<StatementTallyRow>(
    db,
    sql`SELECT s.id, s.number, s.text, s.is_meta, s.status,
          count(*) FILTER (WHERE v.value = 1) AS agree,
          count(*) FILTER (WHERE v.value = -1) AS disagree,
          count(*) FILTER (WHERE v.value = 0) AS pass
        FROM participation_statements s
        LEFT JOIN participation_votes v ON v.statement_id = s.id
        WHERE s.consultation_id = ${c.id}
          AND (s.status = 'accepted' OR (s.status = 'pending' AND ${c.moderationMode} = 'after'))
          ${onlyId ? sql`AND s.id = ${onlyId}` : sql``}
        GROUP BY s.id
        ORDER BY s.number`,
  );
}

function statementView(r: StatementTallyRow, myVote: VoteChoice | null): PublicStatement {
  return {
    id: r.id,
    number: Number(r.number),
    text: r.text,
    isMeta: r.is_meta,
    status: r.status as PublicStatement['status'],
    tally: { agree: Number(r.agree), disagree: Number(r.disagree), pass: Number(r.pass) },
    myVote,
  };
}

async function myVotes(db: DbOrTx, participantId: string | null): Promise<Map<string, VoteChoice>> {
  if (!participantId) return new Map();
  const rows = await db
    .select({ statementId: participationVotes.statementId, value: participationVotes.value })
    .from(participationVotes)
    .where(eq(participationVotes.participantId, participantId));
  return new Map(rows.map((r) => [r.statementId, voteChoice(r.value)]));
}

export async function listStatements(ctx: AppContext, consultationId: string, caller: Caller): Promise<{ items: PublicStatement[] }> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  const p = await findParticipant(ctx, consultationId, caller.token);
  const votes = await myVotes(ctx.db, p?.id ?? null);
  const rows = await visibleStatements(ctx.db, c);
  return { items: rows.map((r) => statementView(r, votes.get(r.id) ?? null)) };
}

/** The next statement to show, chosen as Pol.is does from the latest opinion-group computation's priorities. */
export async function nextStatement(ctx: AppContext, consultationId: string, caller: Caller, random: number = Math.random()): Promise<NextStatement> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  const p = await requireParticipant(ctx, consultationId, caller);
  const statements = await queryAll<{ id: string; number: number }>(
    ctx.db,
    sql`SELECT s.id, s.number FROM participation_statements s
        WHERE s.consultation_id = ${c.id} AND (s.status = 'accepted' OR (s.status = 'pending' AND ${c.moderationMode} = 'after'))`,
  );
  const votes = await myVotes(ctx.db, p.id);
  const [groups] = await ctx.db
    .select({ priorities: participationOpinionGroups.priorities })
    .from(participationOpinionGroups)
    .where(eq(participationOpinionGroups.consultationId, c.id));
  const priorities = new Map(Object.entries(groups?.priorities ?? {}).map(([n, priority]) => [Number(n), priority] as const));
  const idOfNumber = new Map(statements.map((s) => [Number(s.number), s.id]));
  const voted = statements.filter((s) => votes.has(s.id)).map((s) => Number(s.number));
  const chosen = chooseNextStatement({ shown: [...idOfNumber.keys()], voted, priorities, random });
  const remaining = statements.length - voted.length;
  if (chosen === null) return { statement: null, remaining: 0, voted: voted.length };
  const [row] = await visibleStatements(ctx.db, c, idOfNumber.get(Number(chosen)));
  return { statement: row ? statementView(row, null) : null, remaining, voted: voted.length };
}

// ---- Submissions -------------------------------------------------------------------------------

type Candidate = {
  id: string;
  number: number;
  text: string;
  status: string;
};

function nearDuplicateProblem(match: { item: Candidate; similarity: number }, moderationMode: string): HttpProblem {
  const visible = isVisible(match.item.status, moderationMode);
  return new HttpProblem(409, 'participation.near_duplicate', 'Something almost identical was already submitted.', {
    similarity: Math.round(match.similarity * 100) / 100,
    // Only a published item is pointed at: a pending or rejected one stays the moderators'.
    duplicateOf: visible ? { id: match.item.id, number: Number(match.item.number) } : null,
  });
}

function masked(text: string) {
  const { text: published, redactions } = redactPersonalData(text);
  return { published, redactions, original: redactions.length ? text : null };
}

export async function submitStatement(ctx: AppContext, consultationId: string, caller: Caller, text: string): Promise<SubmissionResult> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  assertOpen(c);
  if (!c.usesStatements || !c.participantStatements) {
    throw new HttpProblem(409, 'participation.form_disabled', 'Participants do not propose statements in this consultation.');
  }
  const p = await requireParticipant(ctx, consultationId, caller);
  const keys = await participationKeys(ctx.db);
  const { published, redactions, original } = masked(text);
  const dedupe = nearDuplicateKeys(text);
  const limits = await ctx.settings.get<LimitsSetting>(LIMITS_KEY);
  const row = await ctx.db.transaction(async (tx) => {
    await countSubmission(ctx, tx, 'statement', { consultationId, participantId: p.id, address: caller.address });
    // Statements are compared across the whole consultation: two wordings of one statement would split its votes.
    const candidates = await queryAll<Candidate>(
      tx,
      sql`SELECT id, number, coalesce(original_text, text) AS text, status FROM participation_statements
          WHERE consultation_id = ${consultationId} AND (fingerprint = ${dedupe.fingerprint} OR shingle_bands && ${textArray(dedupe.bands)})`,
    );
    const match = findNearDuplicate(text, candidates, (x) => x.text, limits.nearDuplicateThreshold);
    if (match) throw nearDuplicateProblem(match, c.moderationMode);
    const number = await allocateNumbers(tx, consultationId, 'statement');
    const [created] = await tx
      .insert(participationStatements)
      .values({
        consultationId,
        number,
        authorParticipantId: p.id,
        origin: 'resident',
        text: published,
        originalText: original,
        redactions,
        status: NEW_ITEM_STATUS,
        fingerprint: dedupe.fingerprint,
        shingleBands: dedupe.bands,
        addressKey: caller.address ? keys.addressKey(caller.address) : null,
      })
      .returning();
    await recordAudit(tx, residentActor(caller), {
      action: 'participation.statement_submitted',
      subjectType: 'participation_statement',
      subjectId: created!.id,
      after: { consultationId, number, redacted: redactions.map((r) => r.kind) },
    });
    return created!;
  });
  return { id: row.id, number: row.number, status: row.status, text: row.text, redacted: row.originalText !== null };
}

export async function submitContribution(ctx: AppContext, consultationId: string, caller: Caller, text: string): Promise<SubmissionResult> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  assertOpen(c);
  if (!c.usesContributions) throw new HttpProblem(409, 'participation.form_disabled', 'This consultation takes no free contributions.');
  const p = await requireParticipant(ctx, consultationId, caller);
  const keys = await participationKeys(ctx.db);
  const addressKey = caller.address ? keys.addressKey(caller.address) : null;
  const { published, redactions, original } = masked(text);
  const dedupe = nearDuplicateKeys(text);
  const limits = await ctx.settings.get<LimitsSetting>(LIMITS_KEY);
  const row = await ctx.db.transaction(async (tx) => {
    await countSubmission(ctx, tx, 'contribution', { consultationId, participantId: p.id, address: caller.address });
    // Two residents may well write the same thing: only a participant's own repeats, and those
    // from the same address in the last day, are refused.
    const candidates = await queryAll<Candidate>(
      tx,
      sql`SELECT id, number, coalesce(original_text, text) AS text, status FROM participation_contributions
          WHERE consultation_id = ${consultationId}
            AND (participant_id = ${p.id} OR (${addressKey}::text IS NOT NULL AND address_key = ${addressKey} AND created_at > now() - interval '1 day'))
            AND (fingerprint = ${dedupe.fingerprint} OR shingle_bands && ${textArray(dedupe.bands)})`,
    );
    const match = findNearDuplicate(text, candidates, (x) => x.text, limits.nearDuplicateThreshold);
    if (match) throw nearDuplicateProblem(match, c.moderationMode);
    const number = await allocateNumbers(tx, consultationId, 'contribution');
    const [created] = await tx
      .insert(participationContributions)
      .values({
        consultationId,
        number,
        participantId: p.id,
        origin: 'resident',
        text: published,
        originalText: original,
        redactions,
        status: NEW_ITEM_STATUS,
        fingerprint: dedupe.fingerprint,
        shingleBands: dedupe.bands,
        addressKey,
      })
      .returning();
    await recordAudit(tx, residentActor(caller), {
      action: 'participation.contribution_submitted',
      subjectType: 'participation_contribution',
      subjectId: created!.id,
      after: { consultationId, number, redacted: redactions.map((r) => r.kind) },
    });
    return created!;
  });
  return { id: row.id, number: row.number, status: row.status, text: row.text, redacted: row.originalText !== null };
}

export async function listContributions(ctx: AppContext, consultationId: string, page: number, pageSize: number): Promise<{ items: PublicContribution[]; total: number; page: number; pageSize: number }> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  const visible = sql`(${participationContributions.status} = 'accepted' OR (${participationContributions.status} = 'pending' AND ${c.moderationMode} = 'after'))`;
  const where = and(eq(participationContributions.consultationId, consultationId), visible);
  const [total] = await ctx.db.select({ n: count() }).from(participationContributions).where(where);
  const rows = await ctx.db
    .select()
    .from(participationContributions)
    .where(where)
    .orderBy(desc(participationContributions.createdAt), asc(participationContributions.number))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    items: rows.map((r) => ({ id: r.id, number: r.number, text: r.text, origin: r.origin, createdAt: r.createdAt.toISOString() })),
    total: Number(total?.n ?? 0),
    page,
    pageSize,
  };
}

export async function flag(ctx: AppContext, consultationId: string, caller: Caller, itemType: ItemType, itemId: string, reason: FlagReason): Promise<void> {
  const c = await loadConsultation(ctx.db, consultationId);
  if (c.phase === 'draft') throw notFound('Consultation');
  const p = await requireParticipant(ctx, consultationId, caller);
  const table = itemType === 'statement' ? participationStatements : participationContributions;
  const [item] = await ctx.db
    .select({ status: table.status })
    .from(table)
    .where(and(eq(table.id, itemId), eq(table.consultationId, consultationId)));
  if (!item || !isVisible(item.status, c.moderationMode)) throw new HttpProblem(404, 'participation.item_not_found', 'No such published item in this consultation.');
  await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(participationFlags)
      .values({ consultationId, itemType, itemId, participantId: p.id, reason })
      .onConflictDoNothing()
      .returning({ id: participationFlags.id });
    if (inserted.length === 0) return;
    await recordAudit(tx, residentActor(caller), {
      action: 'participation.flagged',
      subjectType: itemType === 'statement' ? 'participation_statement' : 'participation_contribution',
      subjectId: itemId,
      after: { consultationId, reason },
    });
  });
}
