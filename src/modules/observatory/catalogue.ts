/**
 * The indicator catalogue and its values: reads for the public API and the analyses, the data
 * version analyses are cached by, and the catalogue's edits (each audited, each bumping the version).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import { queryRows, type DbOrTx } from '../../platform/db/client';
import { HttpProblem } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import type { CatalogueView, IndicatorView, ValuesView } from './api-schemas';
import type { z } from 'zod';
import type { indicatorBody } from './api-schemas';
import { observatoryDataVersion, observatoryIndicators, observatoryReferences, observatorySources, observatoryValues } from './schema';

export type IndicatorRow = typeof observatoryIndicators.$inferSelect;

export async function dataVersion(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ version: observatoryDataVersion.version }).from(observatoryDataVersion).where(eq(observatoryDataVersion.id, 1));
  return row?.version ?? 0;
}

/** In the transaction of a change: the new version (the row lock also orders concurrent changes). */
export async function bumpDataVersion(tx: DbOrTx): Promise<number> {
  // The row is made by the first change, not by the migration: an empty database stays empty
  // (a restore refuses a target that holds rows).
  const [row] = await tx
    .insert(observatoryDataVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: observatoryDataVersion.id, set: { version: sql`${observatoryDataVersion.version} + 1`, updatedAt: new Date() } })
    .returning({ version: observatoryDataVersion.version });
  return row!.version;
}

export function indicatorView(row: IndicatorRow, coverage: { zoning: string; years: number[] }[]): IndicatorView {
  const pair = (fr: string | null, en: string | null) => (fr !== null && en !== null ? { fr, en } : null);
  return {
    code: row.code,
    theme: row.theme as IndicatorView['theme'],
    unit: row.unit as IndicatorView['unit'],
    direction: row.direction as IndicatorView['direction'],
    aggregation: row.aggregation as IndicatorView['aggregation'],
    name: { fr: row.nameFr, en: row.nameEn },
    phrase: { fr: row.phraseFr, en: row.phraseEn },
    description: { fr: row.descriptionFr, en: row.descriptionEn },
    numerator: pair(row.numeratorFr, row.numeratorEn),
    denominator: pair(row.denominatorFr, row.denominatorEn),
    denominatorCode: row.denominatorCode,
    sourceId: row.sourceId,
    coverage,
    demo: row.demo,
  };
}

/** Years with values per indicator and zoning. */
export async function coverageOf(db: DbOrTx): Promise<Map<string, { zoning: string; years: number[] }[]>> {
  const rows = await queryRows<{ indicator: string; zoning: string; year: number }>(
    db,
    sql`SELECT DISTINCT indicator_code AS indicator, zoning_code AS zoning, year FROM observatory_values WHERE status = 'observed' ORDER BY 1, 2, 3`,
  );
  const out = new Map<string, { zoning: string; years: number[] }[]>();
  for (const r of rows) {
    const list = out.get(r.indicator) ?? [];
    let entry = list.find((e) => e.zoning === r.zoning);
    if (!entry) list.push((entry = { zoning: r.zoning, years: [] }));
    entry.years.push(Number(r.year));
    out.set(r.indicator, list);
  }
  return out;
}

export async function catalogue(ctx: AppContext): Promise<CatalogueView> {
  const [version, indicators, sources, coverage, references] = await Promise.all([
    dataVersion(ctx.db),
    ctx.db.select().from(observatoryIndicators).orderBy(asc(observatoryIndicators.theme), asc(observatoryIndicators.code)),
    ctx.db.select().from(observatorySources).orderBy(asc(observatorySources.id)),
    coverageOf(ctx.db),
    ctx.db.select().from(observatoryReferences),
  ]);
  return {
    dataVersion: version,
    indicators: indicators.map((row) => indicatorView(row, coverage.get(row.code) ?? [])),
    sources: sources.map((s) => ({ id: s.id, name: s.name, publisher: s.publisher, licence: s.licence, url: s.url, usedFor: s.usedFor })),
    references: references.map((r) => ({ indicator: r.indicatorCode, scope: 'france' as const, year: r.year, value: r.value })),
  };
}

export async function indicatorsByCode(db: DbOrTx, codes?: readonly string[]): Promise<Map<string, IndicatorRow>> {
  const rows = codes ? await db.select().from(observatoryIndicators).where(inArray(observatoryIndicators.code, [...codes])) : await db.select().from(observatoryIndicators);
  return new Map(rows.map((r) => [r.code, r]));
}

/** Creates or edits an indicator (and its source), audited; the data version goes up. */
export async function saveIndicator(ctx: AppContext, actor: Actor, code: string, body: z.output<typeof indicatorBody>): Promise<IndicatorView> {
  return ctx.db.transaction(async (tx) => {
    if (body.denominatorCode) {
      if (body.denominatorCode === code) throw new HttpProblem(422, 'observatory.unknown_denominator', 'An indicator cannot be its own denominator.', { params: { denominator: body.denominatorCode } });
      const [den] = await tx.select({ code: observatoryIndicators.code }).from(observatoryIndicators).where(eq(observatoryIndicators.code, body.denominatorCode));
      if (!den) throw new HttpProblem(422, 'observatory.unknown_denominator', `Denominator ${body.denominatorCode} is not in the catalogue.`, { params: { denominator: body.denominatorCode } });
    }
    if (body.source) {
      const s = body.source;
      await tx
        .insert(observatorySources)
        .values({ id: s.id, name: s.name, publisher: s.publisher, licence: s.licence, url: s.url || null, usedFor: s.usedFor })
        .onConflictDoUpdate({ target: observatorySources.id, set: { name: s.name, publisher: s.publisher, licence: s.licence, url: s.url || null, usedFor: s.usedFor } });
    }
    const [before] = await tx.select().from(observatoryIndicators).where(eq(observatoryIndicators.code, code)).for('update');
    const values = {
      theme: body.theme,
      unit: body.unit,
      direction: body.direction,
      aggregation: body.aggregation,
      nameFr: body.name.fr,
      nameEn: body.name.en,
      phraseFr: body.phrase.fr,
      phraseEn: body.phrase.en,
      descriptionFr: body.description.fr,
      descriptionEn: body.description.en,
      numeratorFr: body.numerator?.fr ?? null,
      numeratorEn: body.numerator?.en ?? null,
      denominatorFr: body.denominator?.fr ?? null,
      denominatorEn: body.denominator?.en ?? null,
      denominatorCode: body.denominatorCode,
      sourceId: body.source?.id ?? before?.sourceId ?? null,
      updatedAt: new Date(),
    };
    const [row] = await tx
      .insert(observatoryIndicators)
      .values({ code, ...values })
      .onConflictDoUpdate({ target: observatoryIndicators.code, set: values })
      .returning();
    const version = await bumpDataVersion(tx);
    await recordAudit(tx, actor, {
      action: before ? 'observatory.indicator_updated' : 'observatory.indicator_created',
      subjectType: 'observatory_indicator',
      subjectId: code,
      before: before ? { direction: before.direction, unit: before.unit, aggregation: before.aggregation, denominatorCode: before.denominatorCode, nameFr: before.nameFr } : null,
      after: { direction: row!.direction, unit: row!.unit, aggregation: row!.aggregation, denominatorCode: row!.denominatorCode, nameFr: row!.nameFr, dataVersion: version },
    });
    return indicatorView(row!, (await coverageOf(tx)).get(code) ?? []);
  });
}

/** An indicator's values over a zoning for one year (the latest by default), every zone listed. */
export async function valuesOf(ctx: AppContext, zoning: string, indicator: string, year?: number): Promise<ValuesView> {
  const zones = await ctx.services.territory.listZones(zoning);
  if (!zones) throw new HttpProblem(404, 'observatory.unknown_zoning', `Unknown zoning ${zoning}.`, { params: { zoning } });
  const [known] = await ctx.db.select({ code: observatoryIndicators.code }).from(observatoryIndicators).where(eq(observatoryIndicators.code, indicator));
  if (!known) throw new HttpProblem(404, 'observatory.unknown_indicator', `Indicator ${indicator} is not in the catalogue.`, { params: { indicator } });
  const years = (
    await queryRows<{ year: number }>(
      ctx.db,
      sql`SELECT DISTINCT year FROM observatory_values WHERE indicator_code = ${indicator} AND zoning_code = ${zoning} AND status = 'observed' ORDER BY year`,
    )
  ).map((r) => Number(r.year));
  const chosen = year ?? years.at(-1);
  if (chosen === undefined || !years.includes(chosen)) {
    throw new HttpProblem(404, 'observatory.no_values', `No value of ${indicator} for ${zoning}${year ? ` in ${year}` : ''}.`, { params: { indicator, zoning, year: year ? ` (${year})` : '' } });
  }
  const rows = await ctx.db
    .select({ zone: observatoryValues.zoneCode, value: observatoryValues.value, status: observatoryValues.status })
    .from(observatoryValues)
    .where(and(eq(observatoryValues.indicatorCode, indicator), eq(observatoryValues.zoningCode, zoning), eq(observatoryValues.year, chosen)));
  const byZone = new Map(rows.map((r) => [r.zone, r]));
  return {
    zoning,
    indicator,
    year: chosen,
    years,
    values: zones.map((z) => {
      const r = byZone.get(z.code);
      return { code: z.code, name: z.name, parentCode: z.parentCode, value: r?.value ?? null, status: (r?.status ?? 'missing') as ValuesView['values'][number]['status'] };
    }),
  };
}
