/**
 * Notices pulled from other modules' services, by a job every quarter of an hour: a consultation of
 * the participation module opening (in its districts, or the whole commune); a public space report
 * filed or resolved (in its district). The first run takes the consultations already open, and the
 * reports of the last week, as known, without alerting anyone about them.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../platform/db/client';
import type { AppContext } from '../../../platform/modules';
import { storeNotice } from './delivery';

export const SOURCES_JOB = 'communication.alerts_sources';
const SOURCES_EVERY_MS = 15 * 60_000;
export const CONSULTATION_SOURCE = 'participation.consultation';

/** Records a notice for each open consultation not seen before. Returns how many it recorded. */
export async function pullConsultations(ctx: AppContext, now = new Date()): Promise<{ recorded: number; baseline: boolean }> {
  const open = await ctx.services.participation.listConsultations(['open']);
  const seen = await queryRows<{ source_id: string }>(ctx.db, sql`SELECT source_id FROM communication_alert_notices WHERE source = ${CONSULTATION_SOURCE}`);
  const known = new Set(seen.map((r) => r.source_id));
  const [marker] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM communication_alert_notices WHERE source = ${CONSULTATION_SOURCE}`);
  const baseline = Number(marker?.n ?? 0) === 0 && open.length > 0;
  let recorded = 0;
  for (const c of open.filter((x) => !known.has(x.id))) {
    const detail = await ctx.services.participation.getConsultation(c.id);
    const zoning = detail.districtZoning ?? (await ctx.services.territory.servedTerritory()).districtZoning?.code ?? null;
    const zones = zoning ? detail.scopeZoneCodes.map((code) => `${zoning}:${code}`) : [];
    await ctx.db.transaction(async (tx) => {
      const id = await storeNotice(
        ctx,
        tx,
        {
          kind: 'consultation',
          source: CONSULTATION_SOURCE,
          sourceId: c.id,
          title: detail.title,
          summary: detail.question,
          path: `/participation/${c.id}`,
          topics: ['participation'],
          zones,
          occurredAt: detail.openedAt ? new Date(detail.openedAt) : now,
        },
        // The consultations open before alerts existed are not news.
        { deliver: !baseline },
      );
      if (id != null) recorded++;
    });
  }
  return { recorded, baseline };
}

export const REPORT_SOURCE = 'public-space.report';
/** How far back the first run looks for reports to take as known; later runs start from the last one recorded. */
const REPORTS_FIRST_LOOKBACK_MS = 7 * 24 * 3600_000;
/** Reports filed in a transaction that committed late carry an earlier time: each run looks back this much again. */
const REPORTS_OVERLAP_MS = 60 * 60_000;
const REPORTS_PAGE = 200;
const REPORTS_MAX_PAGES = 20;
/**
 * The public space's root categories that are about cleanliness and nature (topic `environnement`);
 * every other report (roads, lighting, street furniture, vehicles, water…) is `travaux-voirie`.
 */
const ENVIRONMENT_CATEGORIES = new Set(['proprete', 'objets-abandonnes', 'graffitis', 'vegetaux']);

export function reportTopic(category: { code: string; parentCode: string | null }): string {
  return ENVIRONMENT_CATEGORIES.has(category.parentCode ?? category.code) || ENVIRONMENT_CATEGORIES.has(category.code) ? 'environnement' : 'travaux-voirie';
}

/**
 * Records a notice for each public space report filed (`report`, "Nouveau signalement : …") or
 * resolved (`works`, "Résolu : …") since the last one recorded, in its district. Only what the
 * public report page shows: the category and the address label, never the description.
 */
export async function pullReports(ctx: AppContext, now = new Date()): Promise<{ recorded: number; baseline: boolean }> {
  const [last] = await queryRows<{ at: Date | string | null }>(ctx.db, sql`SELECT max(occurred_at) AS at FROM communication_alert_notices WHERE source = ${REPORT_SOURCE}`);
  const lastAt = last?.at ? new Date(last.at) : null;
  let baseline = false;
  let after = lastAt ? new Date(lastAt.getTime() - REPORTS_OVERLAP_MS) : new Date(now.getTime() - REPORTS_FIRST_LOOKBACK_MS);
  let recorded = 0;
  for (let page = 0; page < REPORTS_MAX_PAGES; page++) {
    const items = await ctx.services['public-space'].publicReportsSince({ after, limit: REPORTS_PAGE });
    if (items.length === 0) break;
    // Nothing recorded yet: the reports of the last week are known, not news (as consultations).
    if (page === 0) baseline = lastAt === null;
    const ids = items.map((i) => `${i.id}:${i.event}`);
    const seen = await queryRows<{ source_id: string }>(ctx.db, sql`SELECT source_id FROM communication_alert_notices WHERE source = ${REPORT_SOURCE} AND source_id IN ${ids}`);
    const known = new Set(seen.map((r) => r.source_id));
    await ctx.db.transaction(async (tx) => {
      for (const item of items) {
        const sourceId = `${item.id}:${item.event}`;
        if (known.has(sourceId)) continue;
        const where = item.address ? ` — ${item.address}` : '';
        const id = await storeNotice(
          ctx,
          tx,
          {
            kind: item.event === 'new' ? 'report' : 'works',
            source: REPORT_SOURCE,
            sourceId,
            title: `${item.event === 'new' ? 'Nouveau signalement' : 'Résolu'} : ${item.category.name}${where}`.slice(0, 200),
            summary: item.event === 'new' ? `Signalement n° ${item.id} (${item.category.name}), en cours de traitement.` : `Le signalement n° ${item.id} (${item.category.name}) est résolu.`,
            path: `/signalements/${item.id}`,
            topics: [reportTopic(item.category)],
            zones: item.district ? [`${item.district.zoning}:${item.district.code}`] : [],
            occurredAt: item.at,
          },
          { deliver: !baseline },
        );
        if (id != null) recorded++;
      }
    });
    if (items.length < REPORTS_PAGE) break;
    after = items[items.length - 1]!.at;
  }
  return { recorded, baseline };
}

export async function scheduleSources(ctx: AppContext, after: Date): Promise<{ jobId: number; runAt: Date }> {
  const runAt = new Date(Math.floor(after.getTime() / SOURCES_EVERY_MS) * SOURCES_EVERY_MS + SOURCES_EVERY_MS);
  const job = await ctx.jobs.enqueue(ctx.db, SOURCES_JOB, {}, { idempotencyKey: `${SOURCES_JOB}:${runAt.toISOString()}`, runAt, maxAttempts: 2 });
  return { jobId: job.id, runAt };
}

export function sourcesJobHandler(getCtx: () => AppContext) {
  return async (_payload: unknown, run: { job: { id: number; runAt: Date } }) => {
    const ctx = getCtx();
    try {
      const consultations = await pullConsultations(ctx);
      const reports = await pullReports(ctx);
      return { consultations, reports };
    } finally {
      const next = await scheduleSources(ctx, new Date(Math.max(Date.now(), run.job.runAt.getTime())));
      if (next.jobId === run.job.id) await scheduleSources(ctx, next.runAt);
    }
  };
}
