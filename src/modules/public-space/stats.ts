/**
 * Figures for the public map, the dashboard, open-data exports and equity between districts. Only
 * what the public may see: category, status, position, dates, district — never a description's
 * original, a contact or a note.
 */
import { sql, type SQL } from 'drizzle-orm';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { EquityView, MapQuery } from './api-schemas';
import { OPEN_STATUSES, REPORT_STATUSES } from './api-schemas';
import { categoryCatalogue, queryAll, withDescendants } from './common';
import { districtEquity, equityRuleText, type EquityRule } from './equity';
import { EQUITY_KEY } from './settings';
import { isOpen } from './workflow';

const OPEN_LIST = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '));

/** `minLng,minLat,maxLng,maxLat` in decimal degrees; 400 otherwise. */
export function parseBbox(value: string): [number, number, number, number] {
  const parts = value.split(',').map((x) => x.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || !parts.every((x) => /^-?\d+(\.\d+)?$/.test(x)) || Math.abs(numbers[0]!) > 180 || Math.abs(numbers[2]!) > 180 || Math.abs(numbers[1]!) > 90 || Math.abs(numbers[3]!) > 90) {
    throw new HttpProblem(400, 'public_space.invalid_bbox', 'bbox must be minLng,minLat,maxLng,maxLat in decimal degrees.');
  }
  return numbers as [number, number, number, number];
}

function filters(ctx: { categories: string[] | null }, q: { state?: 'open' | 'closed' | 'all'; from?: string; to?: string; bbox?: string }): SQL {
  const where: SQL[] = [sql`merged_into_id IS NULL`];
  if (q.state === 'open') where.push(sql`status IN (${OPEN_LIST})`);
  if (q.state === 'closed') where.push(sql`status NOT IN (${OPEN_LIST})`);
  if (ctx.categories) where.push(sql`category_code IN ${ctx.categories}`);
  if (q.from) where.push(sql`requested_at >= ${q.from}::date`);
  if (q.to) where.push(sql`requested_at < ${q.to}::date + 1`);
  if (q.bbox) {
    const [minLng, minLat, maxLng, maxLat] = parseBbox(q.bbox);
    where.push(sql`lng BETWEEN ${minLng} AND ${maxLng} AND lat BETWEEN ${minLat} AND ${maxLat}`);
  }
  return sql.join(where, sql` AND `);
}

async function categoryFilter(ctx: AppContext, category?: string): Promise<string[] | null> {
  if (!category) return null;
  const list = withDescendants(await categoryCatalogue(ctx), category.split(','));
  return list.length ? list : ['-'];
}

/** From this zoom on, reports are sent one by one; below, grouped in grid squares of about 64 screen pixels. */
export const UNCLUSTERED_FROM_ZOOM = 17;
const MAX_POINTS = 5000;

export async function mapData(ctx: AppContext, q: MapQuery) {
  const where = filters({ categories: await categoryFilter(ctx, q.category) }, q);
  if (q.zoom >= UNCLUSTERED_FROM_ZOOM) {
    const rows = await queryAll<{ number: string; lng: number; lat: number; category_code: string; status: string }>(
      ctx.db,
      sql`SELECT number::text AS number, lng, lat, category_code, status FROM public_space_reports WHERE ${where} ORDER BY requested_at DESC LIMIT ${MAX_POINTS}`,
    );
    return {
      zoom: q.zoom,
      clustered: false,
      total: rows.length,
      items: rows.map((r) => ({ kind: 'report' as const, lng: Number(r.lng), lat: Number(r.lat), count: 1, id: r.number, categoryCode: r.category_code, status: r.status as (typeof REPORT_STATUSES)[number] })),
    };
  }
  // A 256-pixel tile spans 360 / 2^zoom degrees of longitude: squares of a quarter tile.
  const size = 360 / 2 ** q.zoom / 4;
  const rows = await queryAll<{ n: number; lng: number; lat: number; number: string | null; category_code: string | null; status: string | null }>(
    ctx.db,
    sql`SELECT count(*)::int AS n, avg(lng) AS lng, avg(lat) AS lat,
               CASE WHEN count(*) = 1 THEN min(number)::text END AS number,
               CASE WHEN count(*) = 1 THEN min(category_code) END AS category_code,
               CASE WHEN count(*) = 1 THEN min(status) END AS status
        FROM public_space_reports WHERE ${where}
        GROUP BY floor(lng / ${size}), floor(lat / ${size})`,
  );
  return {
    zoom: q.zoom,
    clustered: true,
    total: rows.reduce((s, r) => s + Number(r.n), 0),
    items: rows.map((r) =>
      Number(r.n) === 1
        ? { kind: 'report' as const, lng: Number(r.lng), lat: Number(r.lat), count: 1, id: r.number, categoryCode: r.category_code, status: r.status as (typeof REPORT_STATUSES)[number] }
        : { kind: 'cluster' as const, lng: Number(r.lng), lat: Number(r.lat), count: Number(r.n), id: null, categoryCode: null, status: null },
    ),
  };
}

function period(q: { from?: string; to?: string }): { from: string; to: string } {
  const to = q.to ?? new Date().toISOString().slice(0, 10);
  const from = q.from ?? new Date(new Date(`${to}T00:00:00Z`).getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export async function dashboard(ctx: AppContext, q: { from?: string; to?: string }) {
  const p = period(q);
  const where = filters({ categories: null }, { state: 'all', ...p });
  const catalogue = await categoryCatalogue(ctx);
  const [totals] = await queryAll<{ reports: number; open: number; resolved: number; rejected: number; median_days: number | null; reopened: number; demo: boolean }>(
    ctx.db,
    sql`SELECT count(*)::int AS reports,
               count(*) FILTER (WHERE status IN (${OPEN_LIST}))::int AS open,
               count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved,
               count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - requested_at) / 86400) AS median_days,
               count(*) FILTER (WHERE reopened_count > 0)::int AS reopened,
               coalesce(bool_or(demo), false) AS demo
        FROM public_space_reports WHERE ${where}`,
  );
  const byCategory = await queryAll<{ code: string; reports: number; open: number; median_days: number | null }>(
    ctx.db,
    sql`SELECT category_code AS code, count(*)::int AS reports, count(*) FILTER (WHERE status IN (${OPEN_LIST}))::int AS open,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - requested_at) / 86400) AS median_days
        FROM public_space_reports WHERE ${where} GROUP BY category_code ORDER BY reports DESC`,
  );
  const byMonth = await queryAll<{ month: string; reports: number; resolved: number }>(
    ctx.db,
    sql`SELECT to_char(requested_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month, count(*)::int AS reports, count(*) FILTER (WHERE resolved_at IS NOT NULL)::int AS resolved
        FROM public_space_reports WHERE ${where} GROUP BY 1 ORDER BY 1`,
  );
  const byStatus = await queryAll<{ status: string; reports: number }>(ctx.db, sql`SELECT status, count(*)::int AS reports FROM public_space_reports WHERE ${where} GROUP BY status`);
  const round1 = (x: number | null) => (x === null || x === undefined ? null : Math.round(Number(x) * 10) / 10);
  const t = totals!;
  return {
    period: p,
    totals: {
      reports: Number(t.reports),
      open: Number(t.open),
      resolved: Number(t.resolved),
      rejected: Number(t.rejected),
      medianDaysToResolve: round1(t.median_days),
      reopenedShare: Number(t.resolved) ? Math.round((Number(t.reopened) / Number(t.resolved)) * 1000) / 1000 : null,
    },
    byCategory: byCategory.map((c) => ({ code: c.code, name: catalogue.byCode.get(c.code)?.nameFr ?? c.code, reports: Number(c.reports), open: Number(c.open), medianDaysToResolve: round1(c.median_days) })),
    byMonth: byMonth.map((m) => ({ month: m.month, reports: Number(m.reports), resolved: Number(m.resolved) })),
    byStatus: REPORT_STATUSES.map((s) => ({ status: s, reports: Number(byStatus.find((b) => b.status === s)?.reports ?? 0) })),
    demo: !!t.demo,
  };
}

const EXPORT_LIMIT = 200_000;

/** Open data: every report's public fields, as CSV (`;`, UTF-8 with BOM for spreadsheets) or GeoJSON. */
export async function exportReports(ctx: AppContext, file: 'reports.csv' | 'reports.geojson', q: { category?: string; state: 'open' | 'closed' | 'all'; from?: string; to?: string }) {
  const where = filters({ categories: await categoryFilter(ctx, q.category) }, q);
  const rows = await queryAll<{ number: string; category_code: string; status: string; lng: number; lat: number; address: string | null; district_code: string | null; requested_at: string; resolved_at: string | null; updated_at: string; demo: boolean }>(
    ctx.db,
    sql`SELECT number::text AS number, category_code, status, lng, lat, address, district_code, requested_at, resolved_at, updated_at, demo
        FROM public_space_reports WHERE ${where} ORDER BY number LIMIT ${EXPORT_LIMIT}`,
  );
  const catalogue = await categoryCatalogue(ctx);
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  if (file === 'reports.geojson') {
    return {
      contentType: 'application/geo+json; charset=utf-8',
      body: JSON.stringify({
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [Number(r.lng), Number(r.lat)] },
          properties: {
            id: r.number,
            category: r.category_code,
            category_name: catalogue.byCode.get(r.category_code)?.nameFr ?? null,
            status: r.status,
            open: isOpen(r.status as (typeof REPORT_STATUSES)[number]),
            address: r.address,
            district: r.district_code,
            requested_at: iso(r.requested_at),
            resolved_at: iso(r.resolved_at),
            updated_at: iso(r.updated_at),
            demo: r.demo,
          },
        })),
      }),
    };
  }
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    // A cell starting with = + - @ would be a formula in a spreadsheet.
    const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
    return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const header = ['id', 'category', 'category_name', 'status', 'lng', 'lat', 'address', 'district', 'requested_at', 'resolved_at', 'updated_at', 'demo'];
  const lines = rows.map((r) =>
    [r.number, r.category_code, catalogue.byCode.get(r.category_code)?.nameFr ?? '', r.status, r.lng, r.lat, r.address, r.district_code, iso(r.requested_at), iso(r.resolved_at), iso(r.updated_at), r.demo]
      .map(cell)
      .join(';'),
  );
  return { contentType: 'text/csv; charset=utf-8', body: `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n` };
}

const equityCache = new WeakMap<object, Map<string, { at: number; value: EquityView }>>();
const EQUITY_CACHE_MS = 60_000;

/** Per district of the served territory: reports per 1,000 inhabitants, resolution times, reopenings, income; cached a minute. */
export async function equityView(ctx: AppContext, q: { from?: string; to?: string }): Promise<EquityView> {
  const p = period(q);
  const key = `${p.from}/${p.to}`;
  let cache = equityCache.get(ctx.db);
  if (!cache) equityCache.set(ctx.db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < EQUITY_CACHE_MS) return hit.value;
  const rule = await ctx.settings.get<EquityRule>(EQUITY_KEY);
  const served = await ctx.services.territory.servedTerritory();
  const zoning = served.districtZoning?.code ?? null;
  if (!zoning) {
    return { zoning: null, period: p, districts: [], incomeVsResolution: { spearman: null, districts: 0 }, rule: equityRuleText(rule), demo: false };
  }
  const zones = (await ctx.services.territory.listZones(zoning)) ?? [];
  const details = await Promise.all(zones.map((z) => ctx.services.territory.getZone(zoning, z.code, { geometry: 'none' })));
  const districts = zones.map((z, i) => {
    const attrs = (details[i]?.attributes ?? []) as { key: string; value?: unknown }[];
    const income = attrs.find((a) => a.key === 'income_median')?.value;
    return { code: z.code, name: z.name, population: z.population?.count ?? null, medianIncome: typeof income === 'number' ? income : null };
  });
  const where = filters({ categories: null }, { state: 'all', ...p });
  const rows = await queryAll<{ d: string | null; days: number | null; reopened: boolean; demo: boolean }>(
    ctx.db,
    sql`SELECT district_code AS d, extract(epoch FROM resolved_at - requested_at) / 86400 AS days, reopened_count > 0 AS reopened, demo
        FROM public_space_reports WHERE district_zoning = ${zoning} AND ${where}`,
  );
  const result = districtEquity(
    districts,
    rows.map((r) => ({ district: r.d, daysToResolve: r.days === null ? null : Number(r.days), reopened: !!r.reopened })),
    rule,
  );
  const value: EquityView = { zoning, period: p, districts: result.districts, incomeVsResolution: result.incomeVsResolution, rule: equityRuleText(rule), demo: rows.some((r) => r.demo) };
  cache.set(key, { at: Date.now(), value });
  return value;
}
