/**
 * The synthesis of a consultation's free contributions: a job runs the synthesis core (offline,
 * then with the generation provider when one is configured, every quote checked against its
 * contribution and unsupported claims dropped), keeping theme ids across runs; moderators rename,
 * merge and split themes and move contributions through the core's operations, each change stored
 * with its audit event in one transaction; the published synthesis says what the machine did and
 * what people changed.
 */
import { eq, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/service';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { getProviderClients } from '../../platform/providers/openai';
import type { AdminSynthesis, PublicSynthesis, QuotedContribution, Representativeness, SynthesisEdit, ThemeContributions } from './api-schemas';
import { attributionOf, loadConsultation, loadPublicConsultation, queryAll } from './common';
import { representativenessOf } from './representativeness-service';
import { participationSyntheses } from './schema';
import { SYNTHESIS_KEY, type SynthesisSetting } from './settings';
import { allMembers } from './synthesis/describe';
import { improveWithProvider } from './synthesis/generate';
import {
  carryOverThemes,
  describerFor,
  mergeThemes,
  moveContributions,
  renameTheme,
  splitTheme,
  SynthesisOperationError,
  type MoveTarget,
  type OperationResult,
} from './synthesis/operations';
import { synthesizeContributions } from './synthesis/synthesize';
import type { Contribution, Synthesis, Theme } from './synthesis/types';

export const SYNTHESIS_JOB = 'participation.synthesis';

type ContributionRecord = {
  id: string;
  number: number;
  text: string;
  status: string;
  district: string | null;
  age_band: string | null;
};

/** The published contributions the synthesis works on (masked text), with the district and age band declared. */
async function publishedContributions(db: DbOrTx, consultationId: string, moderationMode: string): Promise<ContributionRecord[]> {
  return queryAll<ContributionRecord>(
    db,
    sql`SELECT k.id, k.number, k.text, k.status, coalesce(k.district, p.district) AS district, coalesce(k.age_band, p.age_band) AS age_band
        FROM participation_contributions k LEFT JOIN participation_participants p ON p.id = k.participant_id
        WHERE k.consultation_id = ${consultationId}
          AND (k.status = 'accepted' OR (k.status = 'pending' AND ${moderationMode} = 'after'))
        ORDER BY k.number`,
  );
}

async function contributionsByIds(db: DbOrTx, ids: readonly string[]): Promise<ContributionRecord[]> {
  if (ids.length === 0) return [];
  return queryAll<ContributionRecord>(
    db,
    sql`SELECT k.id, k.number, k.text, k.status, coalesce(k.district, p.district) AS district, coalesce(k.age_band, p.age_band) AS age_band
        FROM participation_contributions k LEFT JOIN participation_participants p ON p.id = k.participant_id
        WHERE k.id IN (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
}

const toCore = (r: ContributionRecord): Contribution => ({ id: r.id, text: r.text, district: r.district, ageBand: r.age_band });

function everyContributionId(s: Synthesis): string[] {
  return [...s.themes.flatMap((t) => allMembers(t)), ...s.standingAlone.map((a) => a.contributionId)];
}

/** The contributions a synthesis shows: representatives, quotes, dissent, claims' support, standing alone. */
function shownContributionIds(s: Synthesis): Set<string> {
  const ids = new Set<string>();
  const visit = (t: Theme) => {
    t.representativeIds.forEach((id) => ids.add(id));
    t.quotes.forEach((q) => ids.add(q.contributionId));
    t.dissent.forEach((d) => ids.add(d.contributionId));
    t.claims.forEach((c) => {
      c.supportingContributionIds.forEach((id) => ids.add(id));
      c.quotes.forEach((q) => ids.add(q.contributionId));
    });
    t.subThemes.forEach(visit);
  };
  s.themes.forEach(visit);
  s.standingAlone.forEach((a) => ids.add(a.contributionId));
  return ids;
}

function quoted(r: ContributionRecord): QuotedContribution {
  return { id: r.id, number: Number(r.number), text: r.text, district: r.district, ageBand: r.age_band };
}

export interface SynthesisRunSummary {
  consultationId: string;
  contributions: number;
  themes: number;
  standingAlone: number;
  mode: Synthesis['generation']['mode'];
}

/** Runs the synthesis on the consultation's published contributions and stores it (ids carried over from the last run). */
export async function runSynthesis(ctx: AppContext, consultationId: string, actor: Actor, signal?: AbortSignal): Promise<SynthesisRunSummary> {
  const c = await loadConsultation(ctx.db, consultationId);
  const records = await publishedContributions(ctx.db, consultationId, c.moderationMode);
  const contributions = records.map(toCore);
  let synthesis = synthesizeContributions(contributions);
  const [previous] = await ctx.db.select().from(participationSyntheses).where(eq(participationSyntheses.consultationId, consultationId));
  if (previous) synthesis = carryOverThemes(synthesis, previous.synthesis as Synthesis);
  const setting = await ctx.settings.get<SynthesisSetting>(SYNTHESIS_KEY);
  const { generation } = await getProviderClients(ctx);
  if (setting.useProvider && generation && contributions.length > 0) {
    synthesis = await improveWithProvider(synthesis, contributions, generation, { maxThemes: setting.maxThemes, signal });
  }
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    const values = { synthesis, machineRunAt: now, updatedAt: now, edits: [] as SynthesisEdit[] };
    await tx
      .insert(participationSyntheses)
      .values({ consultationId, ...values, runs: 1 })
      .onConflictDoUpdate({ target: participationSyntheses.consultationId, set: { ...values, runs: sql`${participationSyntheses.runs} + 1` } });
    const g = synthesis.generation;
    await recordAudit(tx, actor, {
      action: 'participation.synthesis_run',
      subjectType: 'participation.synthesis',
      subjectId: consultationId,
      after: {
        contributions: contributions.length,
        themes: synthesis.themes.length,
        standingAlone: synthesis.standingAlone.length,
        mode: g.mode,
        model: g.model,
        quotesKept: g.quotesKept,
        quotesRejected: g.quotesRejected,
        claimsKept: g.claimsKept,
        claimsUnsupported: g.claimsUnsupported,
      },
    });
  });
  return { consultationId, contributions: contributions.length, themes: synthesis.themes.length, standingAlone: synthesis.standingAlone.length, mode: synthesis.generation.mode };
}

export function synthesisJobHandler(getCtx: () => AppContext) {
  return async (payload: { consultationId: string; actor?: Actor }, run: { signal: AbortSignal }) =>
    runSynthesis(getCtx(), payload.consultationId, payload.actor ?? SYSTEM_ACTOR, run.signal);
}

export async function requestSynthesis(ctx: AppContext, actor: Actor, consultationId: string): Promise<{ jobId: number; status: string }> {
  const c = await loadConsultation(ctx.db, consultationId);
  if (!c.usesContributions) throw new HttpProblem(409, 'participation.form_disabled', 'This consultation takes no free contributions.');
  const [n] = await queryAll<{ n: string }>(
    ctx.db,
    sql`SELECT count(*) AS n FROM participation_contributions WHERE consultation_id = ${consultationId}
        AND (status = 'accepted' OR (status = 'pending' AND ${c.moderationMode} = 'after'))`,
  );
  if (Number(n?.n ?? 0) === 0) throw new HttpProblem(409, 'participation.no_contributions', 'There are no published contributions to synthesise yet.');
  const job = await ctx.jobs.enqueue(ctx.db, SYNTHESIS_JOB, { consultationId, actor }, { maxAttempts: 2 });
  return { jobId: job.id, status: job.status };
}

export async function adminSynthesis(ctx: AppContext, consultationId: string): Promise<AdminSynthesis> {
  await loadConsultation(ctx.db, consultationId);
  const [row] = await ctx.db.select().from(participationSyntheses).where(eq(participationSyntheses.consultationId, consultationId));
  if (!row) return { consultationId, synthesis: null, machineRunAt: null, runs: 0, updatedAt: null, publishedAt: null, edits: [], contributions: {} };
  const synthesis = row.synthesis as Synthesis;
  const records = await contributionsByIds(ctx.db, [...shownContributionIds(synthesis)]);
  return {
    consultationId,
    synthesis: synthesis as unknown as AdminSynthesis['synthesis'],
    machineRunAt: row.machineRunAt.toISOString(),
    runs: row.runs,
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    edits: row.edits,
    contributions: Object.fromEntries(records.map((r) => [r.id, quoted(r)])),
  };
}

interface PublishedSnapshot {
  synthesis: Synthesis;
  edits: SynthesisEdit[];
  representativeness: Representativeness | null;
}

/**
 * A contribution moderated out after the run is not shown: its quotes and its place among a
 * theme's representatives go; the theme's counts stay those of the run (the methodology says so).
 */
function withoutHidden(s: Synthesis, visible: ReadonlySet<string>): Synthesis {
  const clean = (t: Theme): Theme => ({
    ...t,
    representativeIds: t.representativeIds.filter((id) => visible.has(id)),
    quotes: t.quotes.filter((q) => visible.has(q.contributionId)),
    dissent: t.dissent.filter((d) => visible.has(d.contributionId)),
    claims: t.claims.map((c) => ({ ...c, quotes: c.quotes.filter((q) => visible.has(q.contributionId)) })),
    subThemes: t.subThemes.map(clean),
  });
  return { ...s, themes: s.themes.map(clean), standingAlone: s.standingAlone.filter((a) => visible.has(a.contributionId)) };
}

export async function publicSynthesis(ctx: AppContext, consultationId: string): Promise<PublicSynthesis> {
  const c = await loadPublicConsultation(ctx.db, consultationId);
  const [row] = await ctx.db.select().from(participationSyntheses).where(eq(participationSyntheses.consultationId, consultationId));
  if (c.phase !== 'synthesis_published' || !row?.published || !row.publishedAt) {
    throw new HttpProblem(404, 'participation.synthesis_not_published', 'The synthesis of this consultation is not published.');
  }
  const published = row.published as PublishedSnapshot;
  const records = await contributionsByIds(ctx.db, [...shownContributionIds(published.synthesis)]);
  const visible = records.filter((r) => r.status === 'accepted' || (r.status === 'pending' && c.moderationMode === 'after'));
  const synthesis = withoutHidden(published.synthesis, new Set(visible.map((r) => r.id)));
  return {
    consultationId,
    publishedAt: row.publishedAt.toISOString(),
    synthesis: synthesis as unknown as PublicSynthesis['synthesis'],
    contributions: Object.fromEntries(visible.map((r) => [r.id, quoted(r)])),
    // Who made each change is the staff's business; what was changed is everyone's.
    edits: published.edits.map((e) => ({ ...e, by: null })),
    representativeness: published.representativeness ?? (await representativenessOf(ctx, c)),
    attribution: attributionOf(c),
  };
}

export async function themeContributions(ctx: AppContext, consultationId: string, themeId: string, page: number, pageSize: number, audience: 'public' | 'staff'): Promise<ThemeContributions> {
  const c = audience === 'public' ? await loadPublicConsultation(ctx.db, consultationId) : await loadConsultation(ctx.db, consultationId);
  const [row] = await ctx.db.select().from(participationSyntheses).where(eq(participationSyntheses.consultationId, consultationId));
  const synthesis = audience === 'public' ? (c.phase === 'synthesis_published' ? (row?.published as PublishedSnapshot | null)?.synthesis : undefined) : (row?.synthesis as Synthesis | undefined);
  if (!synthesis) throw new HttpProblem(404, 'participation.synthesis_not_published', 'The synthesis of this consultation is not published.');
  const theme = synthesis.themes.flatMap((t) => [t, ...t.subThemes]).find((t) => t.id === themeId);
  if (!theme) throw new HttpProblem(404, 'participation.synthesis.theme_not_found', `No theme ${themeId} in this synthesis.`);
  const members = allMembers(theme);
  const records = await contributionsByIds(ctx.db, members);
  const shown = records
    .filter((r) => audience === 'staff' || r.status === 'accepted' || (r.status === 'pending' && c.moderationMode === 'after'))
    .sort((a, b) => Number(a.number) - Number(b.number));
  return { themeId, items: shown.slice((page - 1) * pageSize, page * pageSize).map(quoted), total: shown.length, page, pageSize };
}

// ---- People's changes ----------------------------------------------------------------------------

export type SynthesisEditRequest =
  | { kind: 'rename'; themeId: string; label: string }
  | { kind: 'merge'; themeIds: string[]; label?: string }
  | { kind: 'split'; themeId: string; parts: { contributionIds: string[]; label?: string }[] }
  | { kind: 'move'; contributionIds: string[]; target: MoveTarget };

function operationProblem(err: SynthesisOperationError): HttpProblem {
  switch (err.code) {
    case 'participation.synthesis.theme_not_found':
      return new HttpProblem(404, 'participation.synthesis.theme_not_found', err.message);
    case 'participation.synthesis.contribution_not_found':
      return new HttpProblem(404, 'participation.synthesis.contribution_not_found', err.message);
    default:
      return new HttpProblem(422, 'participation.synthesis.invalid_change', err.message);
  }
}

/** One change by a person: the core's operation on the stored synthesis, stored with its audit event in one transaction. */
export async function editSynthesis(ctx: AppContext, actor: Actor, consultationId: string, request: SynthesisEditRequest): Promise<AdminSynthesis> {
  await loadConsultation(ctx.db, consultationId);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(participationSyntheses).where(eq(participationSyntheses.consultationId, consultationId)).for('update');
    if (!row) throw new HttpProblem(409, 'participation.synthesis_missing', 'There is no synthesis yet: run one first.');
    const synthesis = row.synthesis as Synthesis;
    let result: OperationResult;
    try {
      if (request.kind === 'rename') result = renameTheme(synthesis, { themeId: request.themeId, label: request.label });
      else {
        const describer = describerFor(synthesis, (await contributionsByIds(tx, everyContributionId(synthesis))).map(toCore));
        if (request.kind === 'merge') result = mergeThemes(synthesis, describer, { themeIds: request.themeIds, label: request.label });
        else if (request.kind === 'split') result = splitTheme(synthesis, describer, { themeId: request.themeId, parts: request.parts });
        else result = moveContributions(synthesis, describer, { contributionIds: request.contributionIds, to: request.target });
      }
    } catch (err) {
      if (err instanceof SynthesisOperationError) throw operationProblem(err);
      throw err;
    }
    const now = new Date();
    const edit: SynthesisEdit = { at: now.toISOString(), action: result.change.action, description: result.change.description, by: actor.id };
    await tx
      .update(participationSyntheses)
      .set({ synthesis: result.synthesis, updatedAt: now, edits: [...row.edits, edit] })
      .where(eq(participationSyntheses.consultationId, consultationId));
    await recordAudit(tx, actor, {
      action: result.change.action,
      subjectType: 'participation.synthesis',
      subjectId: consultationId,
      before: result.change.before,
      after: result.change.after,
    });
  });
  return adminSynthesis(ctx, consultationId);
}
