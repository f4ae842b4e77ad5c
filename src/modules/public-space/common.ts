/** What the public space services share: categories (cached), report views, counters, SQL helpers. */
import { asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { PublicCategory, PublicReport, ReportStatus } from './api-schemas';
import { isOpen } from './workflow';
import { publicSpaceCategories, publicSpacePhotos, publicSpaceReportEvents, publicSpaceReports } from './schema';

export type CategoryRow = typeof publicSpaceCategories.$inferSelect;
export type ReportRow = typeof publicSpaceReports.$inferSelect;

export interface Caller {
  address: string | null;
  requestId: string | null;
}

export async function queryAll<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Whether an error is the database refusing a unique constraint (any driver). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: unknown };
  const inner = (e?.cause ?? e) as { code?: string; constraint?: string; message?: string };
  const code = e?.code ?? inner?.code;
  if (code !== '23505' && !/duplicate key value/.test(String(e?.message ?? inner?.message ?? ''))) return false;
  if (!constraint) return true;
  return (e?.constraint ?? inner?.constraint) === constraint || String(e?.message ?? inner?.message ?? '').includes(constraint);
}

// ---- Categories, cached per process --------------------------------------------------------------

/** How long a process trusts its copy of the categories (changes made by this process are seen at once). */
const CATEGORY_CACHE_MS = 2000;

export interface CategoryCatalogue {
  rows: CategoryRow[];
  byCode: Map<string, CategoryRow>;
  /** Codes that have children: they group, a report is filed under a leaf. */
  parents: Set<string>;
  /** Bumped whenever the list is reloaded with a difference: serialised forms cache by it. */
  version: number;
}

const catalogues = new WeakMap<object, { at: number; value: CategoryCatalogue; fingerprint: string }>();

export async function categoryCatalogue(ctx: AppContext): Promise<CategoryCatalogue> {
  const hit = catalogues.get(ctx.db);
  if (hit && Date.now() - hit.at < CATEGORY_CACHE_MS) return hit.value;
  const rows = await ctx.db.select().from(publicSpaceCategories).orderBy(asc(publicSpaceCategories.sortOrder), asc(publicSpaceCategories.code));
  const fingerprint = rows.map((r) => `${r.id}:${r.updatedAt.getTime()}`).join(',');
  if (hit && hit.fingerprint === fingerprint) {
    hit.at = Date.now();
    return hit.value;
  }
  const value: CategoryCatalogue = {
    rows,
    byCode: new Map(rows.map((r) => [r.code, r])),
    parents: new Set(rows.map((r) => r.parentCode).filter((c): c is string => !!c)),
    version: (hit?.value.version ?? 0) + 1,
  };
  catalogues.set(ctx.db, { at: Date.now(), value, fingerprint });
  return value;
}

export function invalidateCategories(ctx: AppContext): void {
  const hit = catalogues.get(ctx.db);
  if (hit) hit.at = 0;
}

/** A category a report may be filed under: known, active, a leaf. */
export function selectableCategory(catalogue: CategoryCatalogue, code: string): CategoryRow {
  const c = catalogue.byCode.get(code);
  if (!c || !c.active || catalogue.parents.has(code)) {
    throw new HttpProblem(422, 'public_space.unknown_category', `Unknown category "${code}".`, { params: { code } });
  }
  return c;
}

/** A category code and every code under it. */
export function withDescendants(catalogue: CategoryCatalogue, codes: readonly string[]): string[] {
  const out = new Set<string>();
  const visit = (code: string) => {
    if (out.has(code)) return;
    out.add(code);
    for (const r of catalogue.rows) if (r.parentCode === code) visit(r.code);
  };
  for (const c of codes) visit(c);
  return [...out];
}

export function publicCategory(c: CategoryRow, catalogue: CategoryCatalogue, language: 'fr' | 'en' = 'fr'): PublicCategory {
  return {
    code: c.code,
    parentCode: c.parentCode,
    name: (language === 'en' && c.nameEn) || c.nameFr,
    description: c.description,
    keywords: c.keywords,
    attributes: [...c.attributes].sort((a, b) => a.order - b.order),
    photoRequired: c.photoRequired,
    anonymousAllowed: c.anonymousAllowed,
    selectable: c.active && !catalogue.parents.has(c.code),
  };
}

// ---- Reports ----------------------------------------------------------------------------------

export async function loadReportByNumber(db: DbOrTx, number: string | number): Promise<ReportRow> {
  const n = Number(number);
  if (!Number.isSafeInteger(n)) throw notFound('Report');
  const [row] = await db.select().from(publicSpaceReports).where(eq(publicSpaceReports.number, n));
  if (!row) throw notFound('Report');
  return row;
}

export async function loadReport(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<ReportRow> {
  const q = db.select().from(publicSpaceReports).where(eq(publicSpaceReports.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Report');
  return row;
}

export const photoUrl = (id: string) => `/api/public-space/photos/${id}`;

/** The public view of reports: no contact, no staff note, no original text, no hidden photo. */
export async function publicReports(ctx: AppContext, rows: readonly ReportRow[], opts: { language?: 'fr' | 'en'; districtNames?: Map<string, string> } = {}): Promise<PublicReport[]> {
  if (rows.length === 0) return [];
  const catalogue = await categoryCatalogue(ctx);
  const ids = rows.map((r) => r.id);
  const photos = await ctx.db
    .select({ id: publicSpacePhotos.id, reportId: publicSpacePhotos.reportId, width: publicSpacePhotos.width, height: publicSpacePhotos.height, blackedOut: publicSpacePhotos.blackedOut })
    .from(publicSpacePhotos)
    .where(sql`${publicSpacePhotos.reportId} IN ${ids} AND ${publicSpacePhotos.public}`)
    .orderBy(asc(publicSpacePhotos.createdAt));
  const events = await ctx.db
    .select()
    .from(publicSpaceReportEvents)
    .where(sql`${publicSpaceReportEvents.reportId} IN ${ids} AND ${publicSpaceReportEvents.public}`)
    .orderBy(asc(publicSpaceReportEvents.at), asc(publicSpaceReportEvents.id));
  const mergedTargets = rows.map((r) => r.mergedIntoId).filter((x): x is string => !!x);
  const mergedNumbers = new Map<string, number>();
  if (mergedTargets.length) {
    for (const m of await ctx.db.select({ id: publicSpaceReports.id, number: publicSpaceReports.number }).from(publicSpaceReports).where(inArray(publicSpaceReports.id, mergedTargets))) {
      mergedNumbers.set(m.id, m.number);
    }
  }
  const language = opts.language ?? 'fr';
  let districtNames = opts.districtNames;
  if (!districtNames) {
    districtNames = new Map();
    const zonings = new Set(rows.map((r) => r.districtZoning).filter((z): z is string => !!z));
    for (const zoning of zonings) {
      for (const z of (await ctx.services.territory.listZones(zoning)) ?? []) districtNames.set(`${zoning}/${z.code}`, z.name);
    }
  }
  return rows.map((r) => {
    const c = catalogue.byCode.get(r.categoryCode);
    const parent = c?.parentCode ? catalogue.byCode.get(c.parentCode) : undefined;
    const name = (x: CategoryRow | undefined) => (x ? (language === 'en' && x.nameEn) || x.nameFr : null);
    return {
      id: String(r.number),
      category: { code: r.categoryCode, name: name(c) ?? r.categoryCode, parentCode: c?.parentCode ?? null, parentName: name(parent) },
      status: r.status,
      open: isOpen(r.status),
      rejectReason: (r.rejectReason as PublicReport['rejectReason']) ?? null,
      description: r.description,
      position: { lng: r.lng, lat: r.lat },
      address: r.address,
      district: r.districtZoning && r.districtCode ? { zoning: r.districtZoning, code: r.districtCode, name: districtNames!.get(`${r.districtZoning}/${r.districtCode}`) ?? null } : null,
      requestedAt: r.requestedAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      expectedAt: r.expectedAt?.toISOString() ?? null,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      followers: r.followersCount,
      photos: photos.filter((p) => p.reportId === r.id).map((p) => ({ id: p.id, url: photoUrl(p.id), width: p.width, height: p.height, blackedOut: p.blackedOut })),
      history: events
        .filter((e) => e.reportId === r.id)
        .map((e) => ({
          at: e.at.toISOString(),
          kind: e.kind as 'created' | 'status' | 'public_update' | 'reopen' | 'merge',
          status: (e.statusTo as ReportStatus | null) ?? null,
          text: e.text,
        })),
      mergedInto: r.mergedIntoId ? String(mergedNumbers.get(r.mergedIntoId) ?? '') || null : null,
      demo: r.demo,
    };
  });
}

/** Reserves one unit of an hourly counter; past `limit`, 429 (the transaction's rollback takes the unit back). */
export async function countOrRefuse(tx: DbOrTx, key: string, limit: number): Promise<void> {
  const [row] = await queryAll<{ count: number; retry: number }>(
    tx,
    sql`INSERT INTO public_space_rate_counters (key, window_start, count) VALUES (${key}, date_trunc('hour', now()), 1)
        ON CONFLICT (key, window_start) DO UPDATE SET count = public_space_rate_counters.count + 1
        RETURNING count, ceil(extract(epoch FROM (date_trunc('hour', now()) + interval '1 hour' - now())))::int AS retry`,
  );
  if (row && Number(row.count) > limit) {
    const retryAfter = Math.max(1, Number(row.retry));
    throw new HttpProblem(429, 'public_space.rate_limited', `Too many submissions; retry in ${retryAfter} s.`, { headers: { 'retry-after': String(retryAfter) }, params: { retryAfter } });
  }
}

/** Data changes bump this counter in every process that made them; caches of public lists key on it. */
let localWrites = 0;
export function noteReportsChanged(): void {
  localWrites++;
}
export function reportsWriteCounter(): number {
  return localWrites;
}
