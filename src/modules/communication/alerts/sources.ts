/**
 * Notices pulled from other modules' services, by a job every quarter of an hour: a consultation of
 * the participation module opening (in its districts, or the whole commune). The first run takes the
 * consultations already open as known, without alerting anyone about them. Reports and works nearby
 * are not pulled: the public space module offers only counts per district (see README.md).
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

export async function scheduleSources(ctx: AppContext, after: Date): Promise<{ jobId: number; runAt: Date }> {
  const runAt = new Date(Math.floor(after.getTime() / SOURCES_EVERY_MS) * SOURCES_EVERY_MS + SOURCES_EVERY_MS);
  const job = await ctx.jobs.enqueue(ctx.db, SOURCES_JOB, {}, { idempotencyKey: `${SOURCES_JOB}:${runAt.toISOString()}`, runAt, maxAttempts: 2 });
  return { jobId: job.id, runAt };
}

export function sourcesJobHandler(getCtx: () => AppContext) {
  return async (_payload: unknown, run: { job: { id: number; runAt: Date } }) => {
    const ctx = getCtx();
    try {
      return await pullConsultations(ctx);
    } finally {
      const next = await scheduleSources(ctx, new Date(Math.max(Date.now(), run.job.runAt.getTime())));
      if (next.jobId === run.job.id) await scheduleSources(ctx, next.runAt);
    }
  };
}
