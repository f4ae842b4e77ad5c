/**
 * Objective cleanliness surveys (AVPU): counts per standard category over a surveyed area of a
 * sector (a zone of a territory zoning: `secteurs-proprete`, or the served district zoning), entered
 * by agents or imported from automated detection (CSV). The index, grades, trends per sector, and
 * the survey results against the density of cleanliness reports.
 */
import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import { refuseFile } from '../../platform/files/index';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { CLEANLINESS_CATEGORIES, type CleanlinessCategory, type CleanlinessView, type ImportResult } from './api-schemas';
import { cleanlinessIndex, CSV_HEADER_ALIASES, foldHeader, monthlyTrend, spearman, type CleanlinessScale, type Counts } from './cleanliness';
import { queryAll } from './common';
import type { UploadedFile } from './places';
import { publicSpaceSurveys } from './schema';
import { CLEANLINESS_KEY, type CleanlinessSetting } from './settings';

/** Report categories that count as cleanliness reports when set against surveys (the demo's DansMaRue codes and their children). */
export const CLEANLINESS_REPORT_ROOTS = ['proprete', 'objets-abandonnes', 'graffitis'];

export async function cleanlinessZoning(ctx: AppContext): Promise<string> {
  const setting = await ctx.settings.get<CleanlinessSetting>(CLEANLINESS_KEY);
  if (setting.zoning) return setting.zoning;
  if (await ctx.services.territory.getZoning('secteurs-proprete')) return 'secteurs-proprete';
  const served = await ctx.services.territory.servedTerritory();
  if (served.districtZoning) return served.districtZoning.code;
  throw new HttpProblem(409, 'public_space.no_sectors', 'No zoning of sectors is configured for cleanliness surveys.');
}

function scaleOf(setting: CleanlinessSetting): CleanlinessScale {
  const t = [...setting.thresholds].sort((a, b) => a - b);
  return { weights: setting.weights, thresholds: [t[0]!, t[1]!, t[2]!, t[3]!] };
}

function surveyView(s: typeof publicSpaceSurveys.$inferSelect, scale: CleanlinessScale) {
  const r = cleanlinessIndex([{ counts: s.counts, areaM2: s.surveyedAreaM2 }], scale)!;
  return {
    id: s.id,
    zoning: s.zoning,
    zoneCode: s.zoneCode,
    segment: s.segment,
    surveyedAreaM2: s.surveyedAreaM2,
    surveyedAt: s.surveyedAt.toISOString(),
    method: s.method,
    counts: s.counts,
    index: r.index,
    grade: r.grade,
    demo: s.demo,
  };
}

async function assertZone(ctx: AppContext, zoning: string, zoneCode: string): Promise<void> {
  const zones = await ctx.services.territory.listZones(zoning);
  if (!zones?.some((z) => z.code === zoneCode)) throw new HttpProblem(422, 'public_space.unknown_sector', `Unknown sector "${zoneCode}".`, { params: { zone: zoneCode, zoning } });
}

export async function createSurvey(
  ctx: AppContext,
  actor: Actor,
  body: { zoneCode: string; segment: string | null; surveyedAreaM2: number; surveyedAt: string; counts: Counts },
) {
  const zoning = await cleanlinessZoning(ctx);
  await assertZone(ctx, zoning, body.zoneCode);
  const setting = await ctx.settings.get<CleanlinessSetting>(CLEANLINESS_KEY);
  return ctx.db.transaction(async (tx) => {
    const [s] = await tx
      .insert(publicSpaceSurveys)
      .values({ zoning, zoneCode: body.zoneCode, segment: body.segment, surveyedAreaM2: body.surveyedAreaM2, surveyedAt: new Date(body.surveyedAt), method: 'agent', counts: body.counts, agentId: actor.id })
      .returning();
    await recordAudit(tx, actor, { action: 'public-space.survey_recorded', subjectType: 'public_space_survey', subjectId: s!.id, after: { zoning, zone: body.zoneCode, counts: body.counts, areaM2: body.surveyedAreaM2 } });
    return surveyView(s!, scaleOf(setting));
  });
}

export async function listSurveys(ctx: AppContext, q: { zone?: string; from?: string; to?: string }) {
  const zoning = await cleanlinessZoning(ctx);
  const setting = await ctx.settings.get<CleanlinessSetting>(CLEANLINESS_KEY);
  const where: SQL[] = [eq(publicSpaceSurveys.zoning, zoning)];
  if (q.zone) where.push(eq(publicSpaceSurveys.zoneCode, q.zone));
  if (q.from) where.push(gte(publicSpaceSurveys.surveyedAt, new Date(`${q.from}T00:00:00Z`)));
  if (q.to) where.push(lt(publicSpaceSurveys.surveyedAt, new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000)));
  const rows = await ctx.db.select().from(publicSpaceSurveys).where(and(...where)).orderBy(asc(publicSpaceSurveys.surveyedAt)).limit(5000);
  return { items: rows.map((s) => surveyView(s, scaleOf(setting))) };
}

/**
 * Counts from automated detection: a CSV with `zone` (or `secteur`), `date` (ISO date or date-time),
 * `area_m2` (or `surface_m2`), optional `segment`, and one column per category (French or English
 * header). Rows with a problem are reported by line and none of them stored; valid ones are
 * stored in one transaction.
 */
export async function importSurveys(ctx: AppContext, actor: Actor, file: UploadedFile): Promise<ImportResult> {
  const started = Date.now();
  const parsed = await ctx.files.parse(file.bytes, { accept: ['csv'], filename: file.filename, declaredType: file.mimetype });
  if (parsed.kind !== 'table') throw refuseFile.unsupportedType(['csv']);
  const zoning = await cleanlinessZoning(ctx);
  const zoneCodes = new Set(((await ctx.services.territory.listZones(zoning)) ?? []).map((z) => z.code));
  const rows = parsed.sheets[0]?.rows ?? [];
  const header = (rows[0]?.cells ?? []).map(foldHeader);
  const find = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const zoneCol = find('zone', 'secteur', 'sector', 'zone_code');
  const dateCol = find('date', 'surveyed_at', 'date_releve');
  const areaCol = find('area_m2', 'surface_m2', 'surface', 'area');
  const segmentCol = find('segment', 'troncon', 'rue');
  if (zoneCol < 0 || dateCol < 0 || areaCol < 0) {
    throw new HttpProblem(422, 'public_space.survey_columns_missing', 'The file needs the columns zone, date and area_m2.', { params: { columns: 'zone, date, area_m2' } });
  }
  const categoryCols = header.map((h, i) => [CSV_HEADER_ALIASES[h], i] as const).filter((x): x is readonly [CleanlinessCategory, number] => !!x[0]);
  if (categoryCols.length === 0) throw new HttpProblem(422, 'public_space.survey_columns_missing', 'The file has no category column.', { params: { columns: CLEANLINESS_CATEGORIES.join(', ') } });
  const problems: { line: number; message: string }[] = [];
  const values: (typeof publicSpaceSurveys.$inferInsert)[] = [];
  for (const row of rows.slice(1)) {
    const c = row.cells;
    if (c.every((x) => x.trim() === '')) continue;
    const zone = (c[zoneCol] ?? '').trim();
    const date = new Date((c[dateCol] ?? '').trim());
    const area = Number((c[areaCol] ?? '').trim().replace(',', '.'));
    const report = (message: string) => problems.push({ line: row.line, message });
    if (!zoneCodes.has(zone)) {
      report(`unknown sector "${zone.slice(0, 50)}"`);
      continue;
    }
    if (Number.isNaN(date.getTime())) {
      report('invalid date');
      continue;
    }
    if (!(area > 0) || area > 1_000_000) {
      report('invalid area');
      continue;
    }
    const counts: Counts = {};
    let bad = false;
    for (const [category, i] of categoryCols) {
      const raw = (c[i] ?? '').trim();
      if (raw === '') continue;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 100_000) {
        report(`invalid count for ${category}`);
        bad = true;
        break;
      }
      counts[category] = (counts[category] ?? 0) + n;
    }
    if (bad) continue;
    values.push({ zoning, zoneCode: zone, segment: segmentCol >= 0 ? (c[segmentCol] ?? '').trim().slice(0, 200) || null : null, surveyedAreaM2: area, surveyedAt: date, method: 'automated', counts, agentId: actor.id, importRef: file.filename.slice(0, 200) });
  }
  if (problems.length) {
    throw new HttpProblem(422, 'public_space.survey_rows_invalid', 'Some rows are invalid: nothing was imported.', { problems: problems.slice(0, 100), params: { count: problems.length } });
  }
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < values.length; i += 200) await tx.insert(publicSpaceSurveys).values(values.slice(i, i + 200));
    await recordAudit(tx, actor, { action: 'public-space.surveys_imported', subjectType: 'public_space_survey', after: { zoning, rows: values.length, file: file.filename } });
  });
  return { imported: values.length, skipped: 0, problems: [], seconds: (Date.now() - started) / 1000 };
}

/** Per sector: the pooled index and grades, the monthly trend, and the cleanliness reports' density over the same period. */
export async function cleanlinessView(ctx: AppContext, q: { from?: string; to?: string }): Promise<CleanlinessView> {
  const zoning = await cleanlinessZoning(ctx);
  const setting = await ctx.settings.get<CleanlinessSetting>(CLEANLINESS_KEY);
  const scale = scaleOf(setting);
  const { items } = await listSurveys(ctx, q);
  const zones = (await ctx.services.territory.listZones(zoning)) ?? [];
  const populations = new Map((await ctx.services.territory.populations(zoning)).map((p) => [p.code, p.population]));
  const from = q.from ?? (items[0]?.surveyedAt.slice(0, 10) || null);
  const to = q.to ?? (items.at(-1)?.surveyedAt.slice(0, 10) || null);
  // Cleanliness reports located in each sector over the period.
  const where: SQL[] = [sql`merged_into_id IS NULL`, sql`(category_code IN (SELECT code FROM public_space_categories WHERE code IN ${CLEANLINESS_REPORT_ROOTS} OR parent_code IN ${CLEANLINESS_REPORT_ROOTS}))`];
  if (from) where.push(sql`requested_at >= ${from}::date`);
  if (to) where.push(sql`requested_at < ${to}::date + 1`);
  const reportCounts = await queryAll<{ code: string; n: number }>(
    ctx.db,
    sql`SELECT district_code AS code, count(*)::int AS n FROM public_space_reports WHERE district_zoning = ${zoning} AND ${sql.join(where, sql` AND `)} GROUP BY district_code`,
  );
  const reportsByZone = new Map(reportCounts.map((r) => [r.code, Number(r.n)]));
  const sectors = zones.map((z) => {
    const list = items.filter((s) => s.zoneCode === z.code);
    const pooled = cleanlinessIndex(list.map((s) => ({ counts: s.counts, areaM2: s.surveyedAreaM2 })), scale);
    const population = populations.get(z.code) ?? null;
    const reports = reportsByZone.get(z.code) ?? 0;
    return {
      zoneCode: z.code,
      zoneName: z.name,
      surveys: list.length,
      surveyedAreaM2: Math.round(list.reduce((s, x) => s + x.surveyedAreaM2, 0)),
      index: pooled?.index ?? null,
      grade: pooled?.grade ?? null,
      categories: pooled?.categories ?? [],
      trend: monthlyTrend(list.map((s) => ({ counts: s.counts, areaM2: s.surveyedAreaM2, at: new Date(s.surveyedAt) })), scale),
      reportsPer1000: population && population > 0 ? Math.round((reports * 1000 * 100) / population) / 100 : null,
      reports,
    };
  });
  const overall = cleanlinessIndex(items.map((s) => ({ counts: s.counts, areaM2: s.surveyedAreaM2 })), scale);
  const paired = sectors.filter((s) => s.index !== null && s.reportsPer1000 !== null);
  return {
    zoning,
    from,
    to,
    thresholds: [...scale.thresholds],
    overall: { index: overall?.index ?? null, grade: overall?.grade ?? null, surveys: items.length },
    sectors,
    surveyVsReports: { spearman: paired.length >= 4 ? spearman(paired.map((s) => s.index!), paired.map((s) => s.reportsPer1000!)) : null, sectors: paired.length },
    demo: items.some((s) => s.demo),
  };
}
