/**
 * Analyses as the API serves them: the request checked against the catalogue, the values read,
 * the computation run on the analysis thread, the result cached by a key that hashes the request,
 * the data version, the zoning's version and the analysis settings — so that a new import, a new
 * outline or a changed setting is a new analysis, and the same question twice is computed once.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { HttpProblem } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import type { AnalysisRequest } from '../api-schemas';
import { dataVersion, indicatorsByCode, type IndicatorRow } from '../catalogue';
import { observatoryReferences, observatoryValues } from '../schema';
import { ANALYSIS_SETTING_KEY, DASHBOARD_SETTING_KEY, type AnalysisSetting, type DashboardSetting } from '../settings';
import { rememberSettings } from '../register';
import type { AnalysisComputation, IndicatorInput, TerritoryInput } from './pipeline';
import { createAnalysisRunner, type AnalysisRunner } from './runner';

export interface AnalysedIndicator {
  code: string;
  name: { fr: string; en: string };
  phrase: { fr: string; en: string };
  unit: IndicatorInput['unit'];
  direction: IndicatorInput['direction'];
  year: number;
  previousYear: number | null;
  france: number | null;
}

export interface StoredAnalysis {
  key: string;
  request: AnalysisRequest;
  computedAt: string;
  durationMs: number;
  dataVersion: number;
  zoningVersion: number;
  areaLabel: { fr: string; en: string };
  territories: { ids: string[]; names: string[]; parents: (string | null)[] };
  parentNames: Map<string, string>;
  indicators: AnalysedIndicator[];
  computation: AnalysisComputation;
}

export type AnalysisOutcome = { status: 'done'; analysis: StoredAnalysis } | { status: 'pending'; key: string };

export interface AnalysisService {
  /** Runs (or finds) the analysis; answers `pending` when it takes longer than `waitMs`. */
  request(request: AnalysisRequest, waitMs: number): Promise<AnalysisOutcome>;
  /** A computed analysis, `pending` while it runs, or null when unknown here. */
  get(key: string): StoredAnalysis | 'pending' | null;
  /** The request of the dashboard setting, checked. */
  dashboardRequest(): Promise<AnalysisRequest>;
  /** Zone outlines for the GeoJSON export. */
  geometries(zoning: string): Promise<Map<string, unknown>>;
  close(): Promise<void>;
}

const CACHE_SIZE = 12;
const MIN_TERRITORIES = 10;

export function createAnalysisService(ctx: AppContext, runner: AnalysisRunner = createAnalysisRunner({ onThreadError: (err) => ctx.log.warn({ err: err.message }, 'observatory analysis thread failed') })): AnalysisService {
  const cache = new Map<string, StoredAnalysis>();
  const pending = new Map<string, Promise<StoredAnalysis>>();

  const remember = (analysis: StoredAnalysis) => {
    cache.delete(analysis.key);
    cache.set(analysis.key, analysis);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  };

  async function settings(): Promise<{ analysis: AnalysisSetting; dashboard: DashboardSetting }> {
    const [analysis, dashboard] = await Promise.all([ctx.settings.get<AnalysisSetting>(ANALYSIS_SETTING_KEY), ctx.settings.get<DashboardSetting>(DASHBOARD_SETTING_KEY)]);
    rememberSettings(analysis, dashboard);
    return { analysis, dashboard };
  }

  async function prepare(request: AnalysisRequest) {
    const { analysis: setting, dashboard } = await settings();
    const territory = ctx.services.territory;
    const [zoning, zones, version] = await Promise.all([territory.getZoning(request.zoning), territory.listZones(request.zoning), dataVersion(ctx.db)]);
    if (!zoning || !zones) throw new HttpProblem(404, 'observatory.unknown_zoning', `Unknown zoning ${request.zoning}.`, { params: { zoning: request.zoning } });
    const catalogue = await indicatorsByCode(ctx.db);
    const chosen: IndicatorRow[] = request.indicators.map((code) => {
      const row = catalogue.get(code);
      if (!row) throw new HttpProblem(422, 'observatory.unknown_indicator', `Indicator ${code} is not in the catalogue.`, { params: { indicator: code } });
      if (row.direction === 'neutral') throw new HttpProblem(422, 'observatory.neutral_indicator', `${code} has no direction.`, { params: { indicator: code } });
      return row;
    });
    if (new Set(request.indicators).size !== request.indicators.length) throw new HttpProblem(422, 'observatory.unknown_indicator', 'An indicator is chosen twice.', { params: { indicator: request.indicators.join(', ') } });
    if (request.weighting === 'expert') {
      const w = request.weights ?? {};
      const keys = Object.keys(w);
      const sum = Object.values(w).reduce((s, v) => s + v, 0);
      if (keys.length !== request.indicators.length || !request.indicators.every((c) => c in w) || !(sum > 0)) {
        throw new HttpProblem(422, 'observatory.expert_weights', 'Expert weights are expected for each chosen indicator, and for them only.');
      }
    }
    const key = createHash('sha256')
      .update(JSON.stringify({ request: { ...request, weights: request.weighting === 'expert' ? request.weights : undefined }, version, zoningVersion: zoning.version, setting }))
      .digest('hex')
      .slice(0, 32);
    return { key, setting, dashboard, zoning, zones, version, chosen, catalogue };
  }

  async function compute(request: AnalysisRequest, p: Awaited<ReturnType<typeof prepare>>): Promise<StoredAnalysis> {
    const started = performance.now();
    const { zones, chosen, catalogue, zoning } = p;
    const denominators = [...new Set(chosen.map((c) => c.denominatorCode).filter((c): c is string => !!c && catalogue.has(c)))];
    const codes = [...new Set([...chosen.map((c) => c.code), ...denominators])];
    const zoningCodes = [request.zoning, ...(zoning.parentCode ? [zoning.parentCode] : [])];
    const rows = await ctx.db
      .select({ indicator: observatoryValues.indicatorCode, zoning: observatoryValues.zoningCode, year: observatoryValues.year, zone: observatoryValues.zoneCode, value: observatoryValues.value })
      .from(observatoryValues)
      .where(and(inArray(observatoryValues.indicatorCode, codes), inArray(observatoryValues.zoningCode, zoningCodes), eq(observatoryValues.status, 'observed')));
    // series[zoning][indicator][year] → zone → value
    const series = new Map<string, Map<number, Map<string, number>>>();
    const parentSeries = new Map<string, Map<number, Map<string, number>>>();
    for (const r of rows) {
      const target = r.zoning === request.zoning ? series : parentSeries;
      let byYear = target.get(r.indicator);
      if (!byYear) target.set(r.indicator, (byYear = new Map()));
      let byZone = byYear.get(r.year);
      if (!byZone) byYear.set(r.year, (byZone = new Map()));
      byZone.set(r.zone, r.value!);
    }
    const references = await ctx.db.select().from(observatoryReferences).where(inArray(observatoryReferences.indicatorCode, chosen.map((c) => c.code)));

    const scope = request.within?.length ? new Set(request.within) : null;
    const inScope = zones.map((z, at) => ({ z, at })).filter(({ z }) => !scope || (z.parentCode !== null && scope.has(z.parentCode)));
    const vintages = chosen.map((c) => {
      const years = [...(series.get(c.code)?.keys() ?? [])].sort((a, b) => a - b);
      if (!years.length) throw new HttpProblem(422, 'observatory.no_values', `No value of ${c.code} for ${request.zoning}.`, { params: { indicator: c.code, zoning: request.zoning, year: '' } });
      const target = request.year ?? years.at(-1)!;
      const upTo = years.filter((y) => y <= target);
      const year = upTo.length ? upTo.at(-1)! : years[0]!;
      const previousYear = years.filter((y) => y < year).at(-1) ?? null;
      return { year, previousYear };
    });
    const nearestYear = (code: string, year: number) => {
      const years = [...(series.get(code)?.keys() ?? [])];
      return years.length ? years.reduce((best, y) => (Math.abs(y - year) < Math.abs(best - year) || (Math.abs(y - year) === Math.abs(best - year) && y < best) ? y : best)) : null;
    };
    // Territories with at least one value among the chosen indicators.
    const members = inScope.filter(({ z }) => chosen.some((c, k) => series.get(c.code)?.get(vintages[k]!.year)?.has(z.code)));
    if (members.length < MIN_TERRITORIES) throw new HttpProblem(422, 'observatory.too_few_territories', `${members.length} territories have values.`, { params: { count: members.length } });
    const ids = members.map(({ z }) => z.code);
    const parents = members.map(({ z }) => z.parentCode);
    const column = (code: string, year: number | null) => {
      const values = year === null ? undefined : series.get(code)?.get(year);
      return Float64Array.from(ids, (id) => values?.get(id) ?? Number.NaN);
    };
    const indicatorInputs: IndicatorInput[] = chosen.map((c, k) => {
      const { year, previousYear } = vintages[k]!;
      const denominatorYear = c.denominatorCode ? nearestYear(c.denominatorCode, year) : null;
      const current = column(c.code, year);
      const denominator = c.denominatorCode && denominatorYear !== null ? column(c.denominatorCode, denominatorYear) : null;
      // A parent's figure: published for the parent zoning when there is one, else aggregated from all its zones.
      const published = parentSeries.get(c.code)?.get(year);
      const parentValues: Record<string, number> = {};
      if (published) for (const [zone, value] of published) parentValues[zone] = value;
      const all = series.get(c.code)?.get(year);
      const allDenominators = c.denominatorCode && denominatorYear !== null ? series.get(c.denominatorCode)?.get(denominatorYear) : undefined;
      const sums = new Map<string, { num: number; den: number }>();
      for (const z of zones) {
        if (!z.parentCode || z.parentCode in parentValues) continue;
        const v = all?.get(z.code);
        const d = allDenominators ? allDenominators.get(z.code) : 1;
        if (v === undefined || d === undefined || !(d > 0)) continue;
        const s = sums.get(z.parentCode) ?? { num: 0, den: 0 };
        s.num += c.aggregation === 'sum' ? v : v * d;
        s.den += c.aggregation === 'sum' ? 1 : d;
        sums.set(z.parentCode, s);
      }
      for (const [parent, s] of sums) if (s.den > 0) parentValues[parent] = c.aggregation === 'sum' ? s.num : s.num / s.den;
      return {
        code: c.code,
        phrase: { fr: c.phraseFr, en: c.phraseEn },
        direction: c.direction as IndicatorInput['direction'],
        unit: c.unit as IndicatorInput['unit'],
        aggregation: c.aggregation as IndicatorInput['aggregation'],
        year,
        previousYear,
        current,
        previous: previousYear === null ? null : column(c.code, previousYear),
        denominator,
        parentValues,
        france: references.find((r) => r.indicatorCode === c.code && r.year === year)?.value ?? null,
      };
    });
    const territoryInput: TerritoryInput = { key: `${request.zoning}:${zoning.version}`, ids, parents, members: members.map(({ at }) => at) };
    const computation = await runner.run({ territory: territoryInput, indicators: indicatorInputs, settings: { ...p.setting, normalisation: request.normalisation, weighting: request.weighting, expertWeights: request.weights ?? null, aggregation: request.aggregation, missing: request.missing } }, async () => {
      const features = await ctx.services.territory.zoneFeatures(request.zoning, 'full');
      const byCode = new Map((features?.features ?? []).map((f) => [f.properties.code, f.geometry]));
      return zones.map((z) => byCode.get(z.code) ?? null);
    });
    const parentZones = zoning.parentCode ? await ctx.services.territory.listZones(zoning.parentCode) : null;
    return {
      key: p.key,
      request,
      computedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      dataVersion: p.version,
      zoningVersion: zoning.version,
      areaLabel: p.dashboard.areaLabel,
      territories: { ids, names: members.map(({ z }) => z.name), parents },
      parentNames: new Map((parentZones ?? []).map((z) => [z.code, z.name])),
      indicators: chosen.map((c, k) => ({
        code: c.code,
        name: { fr: c.nameFr, en: c.nameEn },
        phrase: { fr: c.phraseFr, en: c.phraseEn },
        unit: c.unit as IndicatorInput['unit'],
        direction: c.direction as IndicatorInput['direction'],
        year: vintages[k]!.year,
        previousYear: vintages[k]!.previousYear,
        france: indicatorInputs[k]!.france,
      })),
      computation,
    };
  }

  return {
    async request(request, waitMs) {
      const prepared = await prepare(request);
      const hit = cache.get(prepared.key);
      if (hit) {
        remember(hit);
        return { status: 'done', analysis: hit };
      }
      let running = pending.get(prepared.key);
      if (!running) {
        running = compute(request, prepared)
          .then((analysis) => {
            remember(analysis);
            return analysis;
          })
          .finally(() => pending.delete(prepared.key));
        pending.set(prepared.key, running);
        // A caller that stopped waiting must not leave an unhandled rejection behind.
        running.catch((err) => ctx.log.info({ err: err instanceof Error ? err.message : String(err), key: prepared.key }, 'observatory analysis failed'));
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), waitMs)));
      try {
        const outcome = await Promise.race([running, timeout]);
        return outcome === 'timeout' ? { status: 'pending', key: prepared.key } : { status: 'done', analysis: outcome };
      } finally {
        clearTimeout(timer);
      }
    },
    get(key) {
      const hit = cache.get(key);
      if (hit) return hit;
      return pending.has(key) ? 'pending' : null;
    },
    async dashboardRequest() {
      const { dashboard } = await settings();
      return { zoning: dashboard.zoning, indicators: dashboard.indicators, normalisation: dashboard.normalisation, weighting: dashboard.weighting, aggregation: dashboard.aggregation, missing: dashboard.missing };
    },
    async geometries(zoning) {
      const features = await ctx.services.territory.zoneFeatures(zoning, 'full');
      return new Map((features?.features ?? []).map((f) => [f.properties.code, f.geometry as unknown]));
    },
    close: () => runner.close(),
  };
}
