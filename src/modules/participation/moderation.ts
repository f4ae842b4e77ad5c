/**
 * Moderation: the queue of items to look at (pending, or flagged by participants), decisions with
 * their reason (each one audited), and the statements staff write themselves. Moderators see the
 * text as written when masking changed it; the public sees only the masked text.
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { redactPersonalData } from '../../platform/privacy/redact';
import type { AdminStatement, ItemType, ModerationItem, ModerationQueue, ModerationReason } from './api-schemas';
import { allocateNumbers, loadConsultation, queryAll, textArray } from './common';
import { findNearDuplicate, nearDuplicateKeys } from './near-duplicates';
import { scheduleOpinionGroups } from './opinion-groups-service';
import { participationContributions, participationFlags, participationStatements } from './schema';
import { LIMITS_KEY, type LimitsSetting } from './settings';

type QueueRow = {
  item_type: ItemType;
  id: string;
  number: number;
  consultation_id: string;
  text: string;
  original_text: string | null;
  redactions: { kind: string; start: number; end: number }[];
  status: ModerationItem['status'];
  origin: string;
  participant_number: number | null;
  moderation_reason: ModerationReason | null;
  moderation_note: string | null;
  moderated_at: Date | string | null;
  source_ref: unknown;
  created_at: Date | string;
  abuse: string;
  spam: string;
  personal_data: string;
  total: string;
};

const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function moderationQueue(
  ctx: AppContext,
  consultationId: string,
  query: { status: 'pending' | 'flagged' | 'accepted' | 'rejected' | 'all'; itemType?: ItemType; itemId?: string; page: number; pageSize: number },
): Promise<ModerationQueue> {
  await loadConsultation(ctx.db, consultationId);
  const statusFilter =
    query.status === 'all'
      ? sql`TRUE`
      : query.status === 'flagged'
        ? sql`EXISTS (SELECT 1 FROM participation_flags f WHERE f.item_id = items.id AND f.resolved_at IS NULL)`
        : sql`items.status = ${query.status}`;
  const typeFilter = query.itemType ? sql`items.item_type = ${query.itemType}` : sql`TRUE`;
  const idFilter = query.itemId ? sql`items.id = ${query.itemId}` : sql`TRUE`;
  const rows = await queryAll<QueueRow>(
    ctx.db,
    sql`WITH items AS (
          SELECT 'statement' AS item_type, s.id, s.number, s.consultation_id, s.text, s.original_text, s.redactions, s.status, s.origin,
            s.author_participant_id AS participant_id, s.moderation_reason, s.moderation_note, s.moderated_at, NULL::jsonb AS source_ref, s.created_at
          FROM participation_statements s WHERE s.consultation_id = ${consultationId}
          UNION ALL
          SELECT 'contribution', k.id, k.number, k.consultation_id, k.text, k.original_text, k.redactions, k.status, k.origin,
            k.participant_id, k.moderation_reason, k.moderation_note, k.moderated_at, k.source_ref, k.created_at
          FROM participation_contributions k WHERE k.consultation_id = ${consultationId})
        SELECT items.*, p.number AS participant_number,
          (SELECT count(*) FROM participation_flags f WHERE f.item_id = items.id AND f.resolved_at IS NULL AND f.reason = 'abuse') AS abuse,
          (SELECT count(*) FROM participation_flags f WHERE f.item_id = items.id AND f.resolved_at IS NULL AND f.reason = 'spam') AS spam,
          (SELECT count(*) FROM participation_flags f WHERE f.item_id = items.id AND f.resolved_at IS NULL AND f.reason = 'personal_data') AS personal_data,
          count(*) OVER () AS total
        FROM items LEFT JOIN participation_participants p ON p.id = items.participant_id
        WHERE ${statusFilter} AND ${typeFilter} AND ${idFilter}
        ORDER BY items.created_at, items.item_type, items.number
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  return {
    items: rows.map((r) => ({
      itemType: r.item_type,
      id: r.id,
      number: Number(r.number),
      consultationId: r.consultation_id,
      text: r.text,
      originalText: r.original_text,
      redactions: r.redactions ?? [],
      status: r.status,
      origin: r.origin,
      participantNumber: r.participant_number === null ? null : Number(r.participant_number),
      flags: { abuse: Number(r.abuse), spam: Number(r.spam), personal_data: Number(r.personal_data) },
      moderationReason: r.moderation_reason,
      moderationNote: r.moderation_note,
      moderatedAt: toIso(r.moderated_at),
      source: r.source_ref ?? null,
      createdAt: toIso(r.created_at)!,
    })),
    total: Number(rows[0]?.total ?? 0),
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function decide(
  ctx: AppContext,
  actor: Actor,
  itemType: ItemType,
  itemId: string,
  decision: { decision: 'accept' | 'reject'; reason?: ModerationReason; note?: string },
): Promise<ModerationItem> {
  const table = itemType === 'statement' ? participationStatements : participationContributions;
  const consultationId = await ctx.db.transaction(async (tx) => {
    const [item] = await tx.select().from(table).where(eq(table.id, itemId)).for('update');
    if (!item) throw new HttpProblem(404, 'participation.item_not_found', 'No such statement or contribution.');
    const status = decision.decision === 'accept' ? 'accepted' : 'rejected';
    const now = new Date();
    await tx
      .update(table)
      .set({
        status,
        moderationReason: decision.decision === 'reject' ? decision.reason! : (decision.reason ?? null),
        moderationNote: decision.note || null,
        moderatedBy: actor.id,
        moderatedAt: now,
      })
      .where(eq(table.id, itemId));
    const resolved = await tx
      .update(participationFlags)
      .set({ resolvedAt: now })
      .where(and(eq(participationFlags.itemId, itemId), sql`${participationFlags.resolvedAt} IS NULL`))
      .returning({ id: participationFlags.id });
    // The decision and its reason; the moderator's note stays in the item (the audit log keeps no free text).
    await recordAudit(tx, actor, {
      action: 'participation.moderation_decision',
      subjectType: itemType === 'statement' ? 'participation_statement' : 'participation_contribution',
      subjectId: itemId,
      before: { status: item.status },
      after: { status, reason: decision.reason ?? null, note: Boolean(decision.note), flagsResolved: resolved.length, consultationId: item.consultationId },
    });
    return item.consultationId;
  });
  if (itemType === 'statement') scheduleOpinionGroups(ctx, consultationId);
  const queue = await moderationQueue(ctx, consultationId, { status: 'all', itemType, itemId, page: 1, pageSize: 1 });
  return queue.items[0]!;
}

export async function listAdminStatements(ctx: AppContext, consultationId: string, withOriginals = true): Promise<{ items: AdminStatement[] }> {
  await loadConsultation(ctx.db, consultationId);
  const rows = await queryAll<{
    id: string;
    number: number;
    text: string;
    original_text: string | null;
    status: AdminStatement['status'];
    is_meta: boolean;
    origin: AdminStatement['origin'];
    created_at: Date | string;
    agree: string;
    disagree: string;
    pass: string;
  }>(
    ctx.db,
    sql`SELECT s.id, s.number, s.text, s.original_text, s.status, s.is_meta, s.origin, s.created_at,
          count(*) FILTER (WHERE v.value = 1) AS agree, count(*) FILTER (WHERE v.value = -1) AS disagree, count(*) FILTER (WHERE v.value = 0) AS pass
        FROM participation_statements s LEFT JOIN participation_votes v ON v.statement_id = s.id
        WHERE s.consultation_id = ${consultationId} GROUP BY s.id ORDER BY s.number`,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: Number(r.number),
      text: r.text,
      originalText: withOriginals ? r.original_text : null,
      status: r.status,
      isMeta: r.is_meta,
      origin: r.origin,
      tally: { agree: Number(r.agree), disagree: Number(r.disagree), pass: Number(r.pass) },
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}

/** A statement written by staff (seed statements of a conversation): published at once, still masked and deduplicated. */
export async function addStaffStatement(ctx: AppContext, actor: Actor, consultationId: string, input: { text: string; isMeta: boolean }): Promise<AdminStatement> {
  const c = await loadConsultation(ctx.db, consultationId);
  if (!c.usesStatements) throw new HttpProblem(409, 'participation.form_disabled', 'This consultation has no statements to vote on.');
  const { text: published, redactions } = redactPersonalData(input.text);
  const dedupe = nearDuplicateKeys(input.text);
  const limits = await ctx.settings.get<LimitsSetting>(LIMITS_KEY);
  const id = await ctx.db.transaction(async (tx) => {
    const candidates = await queryAll<{ id: string; number: number; text: string }>(
      tx,
      sql`SELECT id, number, coalesce(original_text, text) AS text FROM participation_statements
          WHERE consultation_id = ${consultationId} AND (fingerprint = ${dedupe.fingerprint} OR shingle_bands && ${textArray(dedupe.bands)})`,
    );
    const match = findNearDuplicate(input.text, candidates, (x) => x.text, limits.nearDuplicateThreshold);
    if (match) {
      throw new HttpProblem(409, 'participation.near_duplicate', 'Something almost identical was already submitted.', {
        similarity: Math.round(match.similarity * 100) / 100,
        duplicateOf: { id: match.item.id, number: Number(match.item.number) },
      });
    }
    const number = await allocateNumbers(tx, consultationId, 'statement');
    const [created] = await tx
      .insert(participationStatements)
      .values({
        consultationId,
        number,
        origin: 'staff',
        text: published,
        originalText: redactions.length ? input.text : null,
        redactions,
        status: 'accepted',
        isMeta: input.isMeta,
        moderatedBy: actor.id,
        moderatedAt: new Date(),
        fingerprint: dedupe.fingerprint,
        shingleBands: dedupe.bands,
      })
      .returning({ id: participationStatements.id });
    await recordAudit(tx, actor, {
      action: 'participation.statement_added',
      subjectType: 'participation_statement',
      subjectId: created!.id,
      after: { consultationId, number, text: published, isMeta: input.isMeta },
    });
    return created!.id;
  });
  return (await listAdminStatements(ctx, consultationId)).items.find((s) => s.id === id)!;
}
