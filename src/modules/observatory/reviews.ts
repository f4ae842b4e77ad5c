/**
 * Analysts' reviews of proposed priority zones: accept, set aside or annotate, one current review
 * per zone (zoning and code), each change audited with the analysis that proposed the zone.
 */
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { ReviewStatus, ReviewView } from './api-schemas';
import type { StoredAnalysis } from './analysis/service';
import { observatoryZoneReviews } from './schema';

type ReviewRow = typeof observatoryZoneReviews.$inferSelect;

async function namesOf(ctx: AppContext, zoning: string): Promise<Map<string, string>> {
  const zones = await ctx.services.territory.listZones(zoning);
  return new Map((zones ?? []).map((z) => [z.code, z.name]));
}

function view(row: ReviewRow, names: Map<string, string>): ReviewView {
  return {
    zoning: row.zoningCode,
    code: row.zoneCode,
    name: names.get(row.zoneCode) ?? row.zoneCode,
    status: row.status as ReviewStatus,
    note: row.note,
    analysisKey: row.analysisKey,
    points: row.points,
    decidedBy: row.decidedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listReviews(ctx: AppContext, zoning?: string): Promise<{ items: ReviewView[] }> {
  const rows = await ctx.db
    .select()
    .from(observatoryZoneReviews)
    .where(zoning ? eq(observatoryZoneReviews.zoningCode, zoning) : undefined)
    .orderBy(asc(observatoryZoneReviews.zoningCode), asc(observatoryZoneReviews.zoneCode));
  const zonings = [...new Set(rows.map((r) => r.zoningCode))];
  const names = new Map<string, Map<string, string>>();
  for (const z of zonings) names.set(z, await namesOf(ctx, z));
  return { items: rows.map((r) => view(r, names.get(r.zoningCode)!)) };
}

/**
 * Records an analyst's review of a zone that the analysis proposed (or that an earlier review
 * already concerns: a zone accepted last year may be reviewed again after new data).
 */
export async function reviewZone(
  ctx: AppContext,
  actor: Actor,
  zoning: string,
  code: string,
  body: { status: ReviewStatus; note: string | null; analysisKey: string },
  analysis: StoredAnalysis | null,
): Promise<ReviewView> {
  if (!analysis) throw new HttpProblem(404, 'observatory.analysis_unknown', 'This analysis is no longer in memory: run it again.');
  if (analysis.request.zoning !== zoning) throw new HttpProblem(404, 'observatory.territory_not_analysed', `Territory ${code} is not part of this analysis.`, { params: { code } });
  const i = analysis.territories.ids.indexOf(code);
  const priority = i >= 0 ? analysis.computation.territories[i]!.priority : null;
  const proposed = priority?.order !== null && priority?.order !== undefined;
  const names = await namesOf(ctx, zoning);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(observatoryZoneReviews)
      .where(and(eq(observatoryZoneReviews.zoningCode, zoning), eq(observatoryZoneReviews.zoneCode, code)))
      .for('update');
    if (!proposed && !before) {
      throw new HttpProblem(409, 'observatory.not_proposed', `Territory ${code} is not a priority zone of this analysis.`, { params: { code } });
    }
    const now = new Date();
    const values = { status: body.status, note: body.note || null, analysisKey: body.analysisKey, points: priority?.points ?? null, decidedBy: actor.id, updatedAt: now };
    const [row] = await tx
      .insert(observatoryZoneReviews)
      .values({ zoningCode: zoning, zoneCode: code, ...values, createdAt: now })
      .onConflictDoUpdate({ target: [observatoryZoneReviews.zoningCode, observatoryZoneReviews.zoneCode], set: values })
      .returning();
    await recordAudit(tx, actor, {
      action: 'observatory.zone_reviewed',
      subjectType: 'observatory_zone',
      subjectId: `${zoning}/${code}`,
      before: before ? { status: before.status, note: before.note, analysisKey: before.analysisKey } : null,
      after: { status: row!.status, note: row!.note, analysisKey: row!.analysisKey, points: row!.points, order: priority?.order ?? null, dataVersion: analysis.dataVersion },
    });
    return view(row!, names);
  });
}
