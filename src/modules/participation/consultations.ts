/** Consultations: the public list and page, the back-office's views, creation, edits and phases. */
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { AGE_BANDS } from './age-bands';
import type {
  AdminConsultation,
  ConsultationPhase,
  ConsultationSummary,
  CreateConsultationInput,
  ParticipantView,
  PublicConsultation,
  UpdateConsultationInput,
} from './api-schemas';
import { attributionOf, districtsOf, iso, loadConsultation, loadPublicConsultation, queryAll, type ConsultationRow } from './common';
import { representativenessOf } from './representativeness-service';
import { participationConsultations, participationOpinionGroups, participationSyntheses } from './schema';

const DECLARATION_NOTICE = {
  fr: 'Facultatif. Votre quartier et votre tranche d’âge servent seulement à vérifier que tous les habitants sont entendus (les quartiers et les âges sous-représentés sont signalés dans la synthèse). Ils ne sont jamais publiés avec vos votes ou vos contributions, et sont effacés après la consultation.',
  en: 'Optional. Your district and age band are used only to check that every part of the population is heard (under-represented districts and ages are flagged in the synthesis). They are never published with your votes or contributions, and are erased after the consultation.',
};

export interface ConsultationCounts {
  participants: number;
  votes: number;
  statements: number;
  contributions: number;
}

/** Published counts of each consultation (visible statements and contributions, every vote). */
async function countsFor(db: DbOrTx, ids: readonly string[]): Promise<Map<string, ConsultationCounts>> {
  const out = new Map<string, ConsultationCounts>(ids.map((id) => [id, { participants: 0, votes: 0, statements: 0, contributions: 0 }]));
  if (ids.length === 0) return out;
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await queryAll<{ id: string; participants: string; votes: string; statements: string; contributions: string }>(
    db,
    sql`SELECT c.id,
        (SELECT count(*) FROM participation_participants p WHERE p.consultation_id = c.id) AS participants,
        (SELECT count(*) FROM participation_votes v WHERE v.consultation_id = c.id) AS votes,
        (SELECT count(*) FROM participation_statements s WHERE s.consultation_id = c.id
           AND (s.status = 'accepted' OR (s.status = 'pending' AND c.moderation_mode = 'after'))) AS statements,
        (SELECT count(*) FROM participation_contributions k WHERE k.consultation_id = c.id
           AND (k.status = 'accepted' OR (k.status = 'pending' AND c.moderation_mode = 'after'))) AS contributions
      FROM participation_consultations c WHERE c.id IN (${idList})`,
  );
  for (const r of rows) {
    out.set(r.id, { participants: Number(r.participants), votes: Number(r.votes), statements: Number(r.statements), contributions: Number(r.contributions) });
  }
  return out;
}

function summaryOf(c: ConsultationRow, counts: ConsultationCounts): ConsultationSummary {
  return {
    id: c.id,
    title: c.title,
    question: c.question,
    phase: c.phase,
    opensAt: iso(c.opensAt),
    closesAt: iso(c.closesAt),
    openedAt: iso(c.openedAt),
    closedAt: iso(c.closedAt),
    synthesisPublishedAt: iso(c.synthesisPublishedAt),
    forms: { statements: c.usesStatements, contributions: c.usesContributions, participantStatements: c.usesStatements && c.participantStatements },
    counts,
    demo: c.demo,
    attribution: attributionOf(c),
  };
}

export async function listPublicConsultations(ctx: AppContext): Promise<{ items: ConsultationSummary[] }> {
  const rows = await ctx.db
    .select()
    .from(participationConsultations)
    .where(ne(participationConsultations.phase, 'draft'))
    .orderBy(desc(participationConsultations.createdAt));
  const counts = await countsFor(ctx.db, rows.map((r) => r.id));
  // Open ones first, then the others, newest first within each.
  const order: Record<ConsultationPhase, number> = { open: 0, synthesis_published: 1, closed: 2, draft: 3 };
  rows.sort((a, b) => order[a.phase] - order[b.phase]);
  return { items: rows.map((r) => summaryOf(r, counts.get(r.id)!)) };
}

export async function publicConsultation(ctx: AppContext, id: string, me: ParticipantView | null): Promise<PublicConsultation> {
  const c = await loadPublicConsultation(ctx.db, id);
  const counts = (await countsFor(ctx.db, [id])).get(id)!;
  const districts = await districtsOf(ctx, c);
  const byCode = new Map(districts.zones.map((z) => [z.code, z]));
  return {
    ...summaryOf(c, counts),
    description: c.description,
    moderationMode: c.moderationMode,
    scope: c.scopeZoneCodes.map((code) => ({ code, name: byCode.get(code)?.name ?? code })),
    districts: districts.zones.map((z) => ({ code: z.code, name: z.name })),
    ageBands: AGE_BANDS.map((b) => ({ id: b.id, label: b.label })),
    declarationNotice: DECLARATION_NOTICE,
    assemblyId: c.assemblyId,
    me,
  };
}

async function adminView(ctx: AppContext, c: ConsultationRow, counts: ConsultationCounts): Promise<AdminConsultation> {
  const [moderation] = await queryAll<{ pending: string; flagged: string }>(
    ctx.db,
    sql`SELECT
        (SELECT count(*) FROM participation_statements WHERE consultation_id = ${c.id} AND status = 'pending')
          + (SELECT count(*) FROM participation_contributions WHERE consultation_id = ${c.id} AND status = 'pending') AS pending,
        (SELECT count(DISTINCT item_id) FROM participation_flags WHERE consultation_id = ${c.id} AND resolved_at IS NULL) AS flagged`,
  );
  const [groups] = await ctx.db
    .select({ computedAt: participationOpinionGroups.computedAt, lastVoteEventId: participationOpinionGroups.lastVoteEventId })
    .from(participationOpinionGroups)
    .where(eq(participationOpinionGroups.consultationId, c.id));
  const [lastEvent] = await queryAll<{ id: string | null }>(ctx.db, sql`SELECT max(id) AS id FROM participation_vote_events WHERE consultation_id = ${c.id}`);
  const [synthesis] = await ctx.db
    .select({ machineRunAt: participationSyntheses.machineRunAt, publishedAt: participationSyntheses.publishedAt, synthesis: participationSyntheses.synthesis })
    .from(participationSyntheses)
    .where(eq(participationSyntheses.consultationId, c.id));
  const lastEventId = Number(lastEvent?.id ?? 0);
  return {
    ...summaryOf(c, counts),
    description: c.description,
    moderationMode: c.moderationMode,
    districtZoning: c.districtZoning,
    scopeZoneCodes: c.scopeZoneCodes,
    assemblyId: c.assemblyId,
    polisAttribution: c.polisAttribution,
    moderation: { pending: Number(moderation?.pending ?? 0), flagged: Number(moderation?.flagged ?? 0) },
    opinionGroups: { computedAt: iso(groups?.computedAt), stale: lastEventId > (groups?.lastVoteEventId ?? 0) },
    synthesis: {
      machineRunAt: iso(synthesis?.machineRunAt),
      publishedAt: iso(synthesis?.publishedAt),
      personChanges: (synthesis?.synthesis as { personChanges?: number } | undefined)?.personChanges ?? 0,
    },
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function listAdminConsultations(ctx: AppContext): Promise<{ items: AdminConsultation[] }> {
  const rows = await ctx.db.select().from(participationConsultations).orderBy(desc(participationConsultations.createdAt));
  const counts = await countsFor(ctx.db, rows.map((r) => r.id));
  const items: AdminConsultation[] = [];
  for (const r of rows) items.push(await adminView(ctx, r, counts.get(r.id)!));
  return { items };
}

export async function adminConsultation(ctx: AppContext, id: string): Promise<AdminConsultation> {
  const c = await loadConsultation(ctx.db, id);
  return adminView(ctx, c, (await countsFor(ctx.db, [id])).get(id)!);
}

/** The zoning exists and the scope's codes are zones of it. */
async function checkTerritory(ctx: AppContext, districtZoning: string | null, scope: readonly string[]): Promise<void> {
  const districts = await districtsOf(ctx, { districtZoning });
  if (districtZoning && !(await ctx.services.territory.getZoning(districtZoning))) {
    throw new HttpProblem(422, 'participation.unknown_zoning', `No zoning "${districtZoning}".`, { params: { zoning: districtZoning } });
  }
  if (scope.length === 0) return;
  const known = new Set(districts.zones.map((z) => z.code));
  const unknown = scope.filter((code) => !known.has(code));
  if (unknown.length) {
    throw new HttpProblem(422, 'participation.unknown_zones', `Unknown districts: ${unknown.join(', ')}.`, { zones: unknown, params: { zones: unknown.join(', ') } });
  }
}

function checkDates(opensAt: string | null | undefined, closesAt: string | null | undefined): void {
  if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) {
    throw new HttpProblem(422, 'participation.dates_inverted', 'The closing date must come after the opening date.');
  }
}

function checkForms(statements: boolean, contributions: boolean): void {
  if (!statements && !contributions) {
    throw new HttpProblem(422, 'participation.no_form', 'A consultation uses statements to vote on, free contributions, or both.');
  }
}

/** What the audit log keeps of a consultation. */
function auditView(c: ConsultationRow) {
  return {
    title: c.title,
    question: c.question,
    phase: c.phase,
    opensAt: iso(c.opensAt),
    closesAt: iso(c.closesAt),
    districtZoning: c.districtZoning,
    scopeZoneCodes: c.scopeZoneCodes,
    moderationMode: c.moderationMode,
    usesStatements: c.usesStatements,
    usesContributions: c.usesContributions,
    participantStatements: c.participantStatements,
    assemblyId: c.assemblyId,
  };
}

export async function createConsultation(ctx: AppContext, actor: Actor, input: Required<Omit<CreateConsultationInput, 'opensAt' | 'closesAt'>> & { opensAt: string | null; closesAt: string | null }): Promise<AdminConsultation> {
  checkForms(input.usesStatements, input.usesContributions);
  checkDates(input.opensAt, input.closesAt);
  await checkTerritory(ctx, input.districtZoning, input.scopeZoneCodes);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(participationConsultations)
      .values({
        title: input.title,
        question: input.question,
        description: input.description,
        opensAt: input.opensAt ? new Date(input.opensAt) : null,
        closesAt: input.closesAt ? new Date(input.closesAt) : null,
        districtZoning: input.districtZoning,
        scopeZoneCodes: [...input.scopeZoneCodes],
        moderationMode: input.moderationMode,
        usesStatements: input.usesStatements,
        usesContributions: input.usesContributions,
        participantStatements: input.participantStatements,
        assemblyId: input.assemblyId,
        createdBy: actor.id,
      })
      .returning();
    await recordAudit(tx, actor, { action: 'participation.consultation_created', subjectType: 'participation_consultation', subjectId: created!.id, after: auditView(created!) });
    return created!;
  });
  return adminView(ctx, row, { participants: 0, votes: 0, statements: 0, contributions: 0 });
}

export async function updateConsultation(ctx: AppContext, actor: Actor, id: string, patch: UpdateConsultationInput): Promise<AdminConsultation> {
  const current = await loadConsultation(ctx.db, id);
  const merged = {
    usesStatements: patch.usesStatements ?? current.usesStatements,
    usesContributions: patch.usesContributions ?? current.usesContributions,
    opensAt: patch.opensAt === undefined ? iso(current.opensAt) : patch.opensAt,
    closesAt: patch.closesAt === undefined ? iso(current.closesAt) : patch.closesAt,
    districtZoning: patch.districtZoning === undefined ? current.districtZoning : patch.districtZoning,
    scopeZoneCodes: patch.scopeZoneCodes ?? current.scopeZoneCodes,
  };
  checkForms(merged.usesStatements, merged.usesContributions);
  checkDates(merged.opensAt, merged.closesAt);
  if (patch.districtZoning !== undefined || patch.scopeZoneCodes !== undefined) await checkTerritory(ctx, merged.districtZoning, merged.scopeZoneCodes);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadConsultation(tx, id, { forUpdate: true });
    const [updated] = await tx
      .update(participationConsultations)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.question !== undefined ? { question: patch.question } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.opensAt !== undefined ? { opensAt: patch.opensAt ? new Date(patch.opensAt) : null } : {}),
        ...(patch.closesAt !== undefined ? { closesAt: patch.closesAt ? new Date(patch.closesAt) : null } : {}),
        ...(patch.districtZoning !== undefined ? { districtZoning: patch.districtZoning } : {}),
        ...(patch.scopeZoneCodes !== undefined ? { scopeZoneCodes: [...patch.scopeZoneCodes] } : {}),
        ...(patch.moderationMode !== undefined ? { moderationMode: patch.moderationMode } : {}),
        ...(patch.usesStatements !== undefined ? { usesStatements: patch.usesStatements } : {}),
        ...(patch.usesContributions !== undefined ? { usesContributions: patch.usesContributions } : {}),
        ...(patch.participantStatements !== undefined ? { participantStatements: patch.participantStatements } : {}),
        ...(patch.assemblyId !== undefined ? { assemblyId: patch.assemblyId } : {}),
        updatedAt: new Date(),
      })
      .where(eq(participationConsultations.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'participation.consultation_updated',
      subjectType: 'participation_consultation',
      subjectId: id,
      before: auditView(before),
      after: auditView(updated!),
    });
    return updated!;
  });
  return adminView(ctx, row, (await countsFor(ctx.db, [id])).get(id)!);
}

/** The phases a consultation may move to from each phase. */
const NEXT_PHASES: Record<ConsultationPhase, readonly ConsultationPhase[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'synthesis_published'],
  synthesis_published: ['closed'],
};

export async function changePhase(ctx: AppContext, actor: Actor, id: string, phase: ConsultationPhase): Promise<AdminConsultation> {
  const current = await loadConsultation(ctx.db, id);
  if (!NEXT_PHASES[current.phase].includes(phase)) {
    throw new HttpProblem(409, 'participation.invalid_phase_change', `A consultation cannot go from ${current.phase} to ${phase}.`, {
      from: current.phase,
      to: phase,
      params: { from: current.phase, to: phase },
    });
  }
  // Published with the synthesis, so that it survives the erasure of the declarations it was computed from.
  const representativeness = phase === 'synthesis_published' ? await representativenessOf(ctx, current) : null;
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadConsultation(tx, id, { forUpdate: true });
    if (before.phase !== current.phase) {
      throw new HttpProblem(409, 'participation.invalid_phase_change', 'The consultation changed meanwhile.', { from: before.phase, to: phase, params: { from: before.phase, to: phase } });
    }
    const now = new Date();
    if (phase === 'synthesis_published') {
      const [synthesis] = await tx.select().from(participationSyntheses).where(eq(participationSyntheses.consultationId, id)).for('update');
      if (!synthesis) throw new HttpProblem(409, 'participation.synthesis_missing', 'There is no synthesis to publish yet: run one first.');
      await tx
        .update(participationSyntheses)
        .set({ published: { synthesis: synthesis.synthesis, edits: synthesis.edits, representativeness }, publishedAt: now, publishedBy: actor.id })
        .where(eq(participationSyntheses.consultationId, id));
    }
    const [updated] = await tx
      .update(participationConsultations)
      .set({
        phase,
        updatedAt: now,
        ...(phase === 'open' ? { openedAt: now } : {}),
        ...(phase === 'closed' && before.phase === 'open' ? { closedAt: now } : {}),
        ...(phase === 'synthesis_published' ? { synthesisPublishedAt: now } : {}),
        ...(before.phase === 'synthesis_published' ? { synthesisPublishedAt: null } : {}),
      })
      .where(eq(participationConsultations.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'participation.phase_changed', subjectType: 'participation_consultation', subjectId: id, before: { phase: before.phase }, after: { phase } });
    return updated!;
  });
  return adminView(ctx, row, (await countsFor(ctx.db, [id])).get(id)!);
}

/** Open consultations, for the services other modules use. */
export async function consultationsInPhase(db: DbOrTx, phases: readonly ConsultationPhase[]): Promise<ConsultationRow[]> {
  return db
    .select()
    .from(participationConsultations)
    .where(and(inArray(participationConsultations.phase, [...phases])))
    .orderBy(desc(participationConsultations.createdAt));
}
