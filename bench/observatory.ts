/**
 * Observatory benchmark (CLI): the whole pipeline of the territorial-inequalities map, timed stage
 * by stage, on the Île-de-France communes and on a national-size synthetic territory.
 *
 *   npm run bench:observatory -- [--json] [--draws N] [--permutations N] [--synthetic ROWSxCOLUMNS]
 *
 * Pipeline: spatial weights (queen contiguity from the polygons) → composite index (missing
 * values imputed by neighbours then parent, min-max, principal-component weights, arithmetic
 * mean) → Monte Carlo uncertainty (1,000 draws over 6 normalisations (distance to the mean: the median fibre coverage of 2018 is 0) × 2 weightings × 2
 * aggregations, weights perturbed ±25 %) → explanations → local Moran and Gi* of the score with
 * 999 conditional permutations (the spatial core) → Benjamini–Hochberg and cluster membership →
 * year-over-year changes and weak signals → priority zones, CSV and GeoJSON exports.
 *
 * Île-de-France: ../shared/data/observatory/communes-idf-2018.geojson (1,276 communes); median
 * income MED16 and poverty rate TP6016 (Filosofi 2016; 2015 for the trends, with the first
 * decile D1), unemployment share of the 15–64 labour force (population 2021), FttH coverage
 * (ARCEP, premises connectable at 2018 Q1 over dwellings, capped at 100 %). Synthetic: a
 * 175 × 200 honeycomb (35,000 polygons) with five spatially correlated indicators, 2 % missing,
 * two years, and 25 planted changes the weak signals should find.
 *
 * Reading the files is timed apart from the pipeline. Wall and CPU times per stage: on a shared
 * machine CPU time is the steadier figure. Writes bench/results/observatory.{md,json}; with
 * --json the last line of standard output is the JSON object of the timings.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { buildCompositeIndex, type CompositeIndexOptions, type CompositeIndexResult } from '../src/modules/observatory/index/composite-index';
import { explainAll } from '../src/modules/observatory/index/explanation';
import type { IndicatorDefinition, IndicatorTable } from '../src/modules/observatory/index/indicators';
import { parentValuesFromChildren, weightsAmongKept } from '../src/modules/observatory/index/missing-values';
import { monteCarloUncertainty, type UncertaintyOptions, type UncertaintyResult } from '../src/modules/observatory/index/monte-carlo';
import { priorityCsvRows, priorityFeatures, toCsv, type GeoJsonGeometry } from '../src/modules/observatory/priority/export';
import { disadvantagedClusters } from '../src/modules/observatory/priority/hotspots';
import { priorityZones, type PriorityResult } from '../src/modules/observatory/priority/priority-zones';
import { contiguityWeights } from '../src/modules/observatory/spatial/contiguity';
import { readFeatureCollection, type Area } from '../src/modules/observatory/spatial/features';
import { localG } from '../src/modules/observatory/spatial/getis-ord';
import { localMoran } from '../src/modules/observatory/spatial/local-moran';
import { seededRandom, type RandomSource } from '../src/modules/observatory/spatial/random';
import { syntheticTerritories } from '../src/modules/observatory/spatial/synthetic-territories';
import { rowStandardised, type SpatialWeights } from '../src/modules/observatory/spatial/weights';
import { alignYears, indexChange, indicatorChanges } from '../src/modules/observatory/trends/changes';
import { runAnalysis, type IndicatorInput } from '../src/modules/observatory/analysis/pipeline';
import { detectWeakSignals, type ChangeVariable, type WeakSignalResult } from '../src/modules/observatory/trends/weak-signals';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = resolve(here, '..', '..', 'shared', 'data', 'observatory');
const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    draws: { type: 'string', default: '1000' },
    permutations: { type: 'string', default: '999' },
    synthetic: { type: 'string', default: '175x200' },
  },
});
const log = (s: string): void => (args.json ? console.error(s) : console.log(s));
const DRAWS = Number(args.draws);
const PERMUTATIONS = Number(args.permutations);
const [ROWS, COLUMNS] = args.synthetic.split('x').map(Number) as [number, number];

// ---------------------------------------------------------------------------------------------
// Timing

interface StageTime {
  stage: string;
  wallMs: number;
  cpuMs: number;
}

class Stopwatch {
  readonly stages: StageTime[] = [];
  private wall = performance.now();
  private cpu = cpuMs();
  lap(stage: string): void {
    const wall = performance.now();
    const cpu = cpuMs();
    this.stages.push({ stage, wallMs: wall - this.wall, cpuMs: cpu - this.cpu });
    this.wall = wall;
    this.cpu = cpu;
  }
  restart(): void {
    this.wall = performance.now();
    this.cpu = cpuMs();
  }
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

// ---------------------------------------------------------------------------------------------
// The pipeline, shared by both data sets

const INDEX_OPTIONS: Omit<CompositeIndexOptions, 'missingContext'> = {
  normalisation: { method: 'min-max' },
  weighting: { scheme: 'pca' },
  aggregation: 'arithmetic',
  missingValues: ['neighbours', 'parent'],
};

function uncertaintyOptions(): UncertaintyOptions {
  return {
    seed: 2024,
    draws: DRAWS,
    normalisations: [
      { method: 'min-max' },
      { method: 'min-max', lower: 1, upper: 100 },
      { method: 'z-score' },
      { method: 'rank' },
      { method: 'exponential-rank' },
      { method: 'distance-to-reference', reference: 'mean' },
    ],
    weightings: [{ scheme: 'equal' }, { scheme: 'pca' }],
    aggregations: ['arithmetic', 'geometric'],
    weightPerturbation: 0.25,
  };
}

interface DataSet {
  label: string;
  ids: string[];
  weights: SpatialWeights;
  parentOf: string[];
  /** Population (or any size) to weight the parents' stand-in values. */
  size: Float64Array;
  /** The indicators of the index, current year. */
  current: IndicatorTable;
  /** The indicators followed over time: two years, same territories in the same order. */
  trendPrevious: IndicatorTable;
  trendCurrent: IndicatorTable;
  geometries: Map<string, GeoJsonGeometry>;
  /** Whether the trend tables hold every index indicator, so the index's change is followed too. */
  indexOverTime: boolean;
  planted?: Set<string>;
}

interface PipelineSummary {
  territories: number;
  scored: number;
  excluded: number;
  imputed: Record<string, number>;
  links: number;
  pca: { retained: number; weights: Record<string, number> } | null;
  monteCarlo: {
    draws: number;
    combinations: number;
    skipped: string[];
    medianIntervalWidth: number;
    shares: Record<string, number>;
    remainder: number;
    meanAbsoluteRankShift: number;
  };
  clusters: { lisaLowLow: number; giColdSpots: number; members: number };
  weakSignals: { tests: number; alerts: number; worsening: number; byVariable: Record<string, number>; planted?: number; plantedFound?: number; notPlanted?: number };
  zones: number;
  topZones: { territory: string; explanation: string }[];
  exports: { csvBytes: number; geojsonFeatures: number; geojsonBytes: number };
}

function runPipeline(data: DataSet, watch: Stopwatch): PipelineSummary {
  const parentValues = parentValuesFromChildren(data.current, data.parentOf, data.size);
  const index = buildCompositeIndex(data.current, { ...INDEX_OPTIONS, missingContext: { neighbours: data.weights, parentOf: data.parentOf, parentValues } });
  watch.lap('index: imputation, min-max, PCA weights, aggregation');

  const uncertainty = monteCarloUncertainty(index, uncertaintyOptions());
  watch.lap(`Monte Carlo, ${DRAWS} draws`);

  const explanations = explainAll(index, uncertainty);
  watch.lap('explanations (FR + EN)');

  const scored = weightsAmongKept(data.weights, index.kept);
  const lisa = localMoran(index.scores, rowStandardised(scored), { permutations: PERMUTATIONS, random: seededRandom(1) });
  watch.lap(`local Moran, ${PERMUTATIONS} permutations`);
  const gi = localG(index.scores, scored, { star: true, permutations: PERMUTATIONS, random: seededRandom(2) });
  watch.lap(`Gi*, ${PERMUTATIONS} permutations`);
  const clusters = disadvantagedClusters(index.territoryIds.length, {
    localMoran: { quadrant: lisa.quadrant, p: lisa.permutation!.p },
    getisOrdStar: { z: gi.z, p: gi.permutation!.p },
    orientation: 'higher-is-better',
  });
  watch.lap('FDR (Benjamini–Hochberg) and cluster membership');

  const weak = trends(data);
  watch.lap('trends and weak signals');

  const priority = priorityZones({
    territoryIds: index.territoryIds,
    ranks: index.ranks,
    scores: index.scores,
    uncertainty: { ...uncertainty },
    clusters,
    alerts: weak.alerts,
    explanations,
  });
  const csv = toCsv(priorityCsvRows(priority, 'fr'));
  const features = priorityFeatures(priority, data.geometries);
  const geojsonBytes = Buffer.byteLength(JSON.stringify(features.collection));
  watch.lap('priority zones, CSV and GeoJSON of the zones');

  return summarise(data, index, uncertainty, clusters, weak, priority, csv, features.collection.features.length, geojsonBytes);
}

function trends(data: DataSet): WeakSignalResult {
  const aligned = alignYears(data.trendPrevious, data.trendCurrent);
  if (aligned.territoryIds.length !== data.ids.length) throw new Error('both years must cover the same territories in this benchmark');
  const changes = indicatorChanges(aligned);
  const variables: ChangeVariable[] = changes.indicators.map((indicator, k) => ({ ...indicator, change: changes.change[k]! }));
  if (data.indexOverTime) {
    const previousParents = parentValuesFromChildren(aligned.previous, data.parentOf, data.size);
    const currentParents = parentValuesFromChildren(aligned.current, data.parentOf, data.size);
    const change = indexChange(aligned, { ...INDEX_OPTIONS }, {
      previous: { neighbours: data.weights, parentOf: data.parentOf, parentValues: previousParents },
      current: { neighbours: data.weights, parentOf: data.parentOf, parentValues: currentParents },
    });
    const at = new Map(change.territoryIds.map((id, i) => [id, i]));
    variables.push({
      id: 'index',
      label: { fr: 'l’indice composite', en: 'the composite index' },
      direction: 'higher-is-better',
      change: Float64Array.from(data.ids, (id) => (at.has(id) ? change.change[at.get(id)!]! : Number.NaN)),
    });
  }
  return detectWeakSignals({ territoryIds: data.ids, reference: 'neighbours', neighbours: data.weights, variables });
}

function summarise(
  data: DataSet,
  index: CompositeIndexResult,
  uncertainty: UncertaintyResult,
  clusters: ReturnType<typeof disadvantagedClusters>,
  weak: WeakSignalResult,
  priority: PriorityResult,
  csv: string,
  geojsonFeatures: number,
  geojsonBytes: number,
): PipelineSummary {
  const imputed: Record<string, number> = {};
  for (const imputation of index.imputations) {
    const key = `${imputation.indicator} by ${imputation.method}`;
    imputed[key] = (imputed[key] ?? 0) + 1;
  }
  const widths = Float64Array.from(uncertainty.upperRank, (u, i) => u - uncertainty.lowerRank[i]!).sort();
  const shares: Record<string, number> = {};
  for (const f of uncertainty.sensitivity.factors) shares[f.factor] = round(f.shareOfRankVariance, 3);
  const plantedFound = data.planted ? weak.alerts.filter((a) => data.planted!.has(a.territory)).length : undefined;
  return {
    territories: data.ids.length,
    scored: index.territoryIds.length,
    excluded: index.excluded.length,
    imputed,
    links: data.weights.neighbours.length,
    pca: index.weights.pca
      ? { retained: index.weights.pca.retained, weights: Object.fromEntries(index.indicators.map((indicator, k) => [indicator.id, round(index.weights.weights[k]!, 3)])) }
      : null,
    monteCarlo: {
      draws: uncertainty.draws,
      combinations: uncertainty.combinations.length,
      skipped: uncertainty.skippedCombinations.map((c) => `${c.normalisation} / ${c.aggregation}`),
      medianIntervalWidth: widths[widths.length >> 1]!,
      shares,
      remainder: round(uncertainty.sensitivity.remainder, 3),
      meanAbsoluteRankShift: round(uncertainty.sensitivity.meanAbsoluteRankShift, 1),
    },
    clusters: {
      lisaLowLow: clusters.lisa.filter(Boolean).length,
      giColdSpots: clusters.getisOrdStar.filter(Boolean).length,
      members: clusters.member.filter(Boolean).length,
    },
    weakSignals: {
      tests: weak.tests,
      alerts: weak.alerts.length,
      worsening: weak.alerts.filter((a) => a.worsening).length,
      byVariable: countSignals(weak),
      ...(data.planted ? { planted: data.planted.size, plantedFound, notPlanted: weak.alerts.length - plantedFound! } : {}),
    },
    zones: priority.zones.length,
    topZones: priority.zones.slice(0, 3).map((z) => ({ territory: z.territory, explanation: z.explanation.fr })),
    exports: { csvBytes: Buffer.byteLength(csv), geojsonFeatures, geojsonBytes },
  };
}

function countSignals(weak: WeakSignalResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const alert of weak.alerts) for (const signal of alert.signals) out[signal.variable] = (out[signal.variable] ?? 0) + 1;
  return out;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

// ---------------------------------------------------------------------------------------------
// Île-de-France

const IDF_INDICATORS: IndicatorDefinition[] = [
  { id: 'MED', label: { fr: 'le revenu médian', en: 'the median income' }, direction: 'higher-is-better' },
  { id: 'TP60', label: { fr: 'le taux de pauvreté', en: 'the poverty rate' }, direction: 'higher-is-worse' },
  { id: 'UNEMPLOYMENT', label: { fr: 'la part de chômeurs', en: 'the unemployment share' }, direction: 'higher-is-worse' },
  { id: 'FTTH', label: { fr: 'la couverture en fibre optique', en: 'the fibre coverage' }, direction: 'higher-is-better' },
];
const IDF_TREND_INDICATORS: IndicatorDefinition[] = [
  IDF_INDICATORS[0]!,
  IDF_INDICATORS[1]!,
  { id: 'D1', label: { fr: 'le premier décile de revenu', en: 'the first income decile' }, direction: 'higher-is-better' },
];

type CsvRow = Record<string, string>;

function readCsv(file: string, skipLines = 0): CsvRow[] {
  const text = readFileSync(join(DATA, file), 'utf8');
  const body = skipLines ? text.split('\n').slice(skipLines).join('\n') : text;
  return parse(body, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as CsvRow[];
}

/** INSEE's "NA", ARCEP's "-", spaces as thousands separators: a number or NaN, never 0 by accident. */
function number(raw: string | undefined): number {
  if (raw === undefined) return Number.NaN;
  const text = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (text === '' || text === 'NA' || text === '-' || text === 's') return Number.NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}

function loadIleDeFrance(watch: Stopwatch): DataSet {
  const json = JSON.parse(readFileSync(join(DATA, 'communes-idf-2018.geojson'), 'utf8')) as { features: { properties: { code: string }; geometry: GeoJsonGeometry }[] };
  const filosofi16 = new Map(readCsv('filosofi_com_2016.csv').map((row) => [row.CODGEO!, row]));
  const filosofi15 = new Map(readCsv('filosofi_com_2015.csv').map((row) => [row.CODGEO!, row]));
  const population = readCsv('communes_population_2021.csv');
  const ftth = readCsv('arcep_ftth_communes_2018T1.csv', 4);
  const reference = readCsv('arcep_communes_ref.csv', 4);
  watch.lap('read files (GeoJSON, 5 CSV)');

  const { areas } = readFeatureCollection(json, { idProperty: 'code', variables: [] });
  watch.lap('features + polygon validation');
  const weights = queen(areas);
  watch.lap('queen contiguity');

  // Arrondissements (ARM) count for their city: Paris is one commune in the map.
  const labour = new Map<string, { unemployed: number; active: number; population: number }>();
  // The file has one row per commune and postcode (and per commune déléguée, under the new
  // commune's code), each repeating the commune's figures: count each INSEE code once.
  const counted = new Set<string>();
  for (const row of population) {
    if (counted.has(row.insee_com!)) continue;
    counted.add(row.insee_com!);
    const id = row.commune_type === 'ARM' && row.insee_parente ? row.insee_parente : row.insee_com!;
    const entry = labour.get(id) ?? { unemployed: 0, active: 0, population: 0 };
    entry.unemployed += number(row.pop_15_64_chomage_2021);
    entry.active += number(row.pop_15_64_active_2021);
    entry.population += number(row.population_2021);
    labour.set(id, entry);
  }
  const connectable = new Map(ftth.filter((row) => row.Champ === 'Locaux Raccordables').map((row) => [row['Code commune']!, number(row['T1 2018'])]));
  const dwellings = new Map(reference.map((row) => [row['Code commune']!, number(row.Logements)]));

  const ids = areas.map((area) => area.id);
  const filosofi = (rows: Map<string, CsvRow>, column: string) => Float64Array.from(ids, (id) => number(rows.get(id)?.[column]));
  const unemployment = Float64Array.from(ids, (id) => {
    const l = labour.get(id);
    return l && l.active > 0 ? (100 * l.unemployed) / l.active : Number.NaN;
  });
  const fibre = Float64Array.from(ids, (id) => {
    const c = connectable.get(id);
    const d = dwellings.get(id);
    return c === undefined || d === undefined || !(d > 0) || Number.isNaN(c) ? Number.NaN : Math.min(100, (100 * c) / d);
  });
  const current: IndicatorTable = {
    territoryIds: ids,
    indicators: IDF_INDICATORS,
    columns: [filosofi(filosofi16, 'MED16'), filosofi(filosofi16, 'TP6016'), unemployment, fibre],
  };
  const trendCurrent: IndicatorTable = {
    territoryIds: ids,
    indicators: IDF_TREND_INDICATORS,
    columns: [filosofi(filosofi16, 'MED16'), filosofi(filosofi16, 'TP6016'), filosofi(filosofi16, 'D116')],
  };
  const previous: IndicatorTable = {
    territoryIds: ids,
    indicators: IDF_TREND_INDICATORS,
    columns: [filosofi(filosofi15, 'MED15'), filosofi(filosofi15, 'TP6015'), filosofi(filosofi15, 'D115')],
  };
  const geometries = new Map(json.features.map((feature) => [feature.properties.code, feature.geometry]));
  watch.lap('indicator tables');
  return {
    label: 'Île-de-France communes',
    ids,
    weights,
    parentOf: ids.map((id) => id.slice(0, 2)),
    size: Float64Array.from(ids, (id) => labour.get(id)?.population ?? Number.NaN),
    current,
    // Unemployment (2021) and fibre (2018 Q1) have one vintage here: the trends follow the
    // indicators that have two (Filosofi 2015 → 2016), not the index.
    trendPrevious: previous,
    trendCurrent,
    geometries,
    indexOverTime: false,
  };
}

function queen(areas: readonly Area[]): SpatialWeights {
  const polygons = areas.map((area) => (area.geometry.type === 'polygons' ? area.geometry.polygons : []));
  return contiguityWeights(polygons, { kind: 'queen' }).weights;
}

// ---------------------------------------------------------------------------------------------
// Synthetic national-size territory

const SYNTHETIC_INDICATORS: IndicatorDefinition[] = [
  { id: 'income', label: { fr: 'le revenu médian', en: 'the median income' }, direction: 'higher-is-better' },
  { id: 'poverty', label: { fr: 'le taux de pauvreté', en: 'the poverty rate' }, direction: 'higher-is-worse' },
  { id: 'unemployment', label: { fr: 'la part de chômeurs', en: 'the unemployment share' }, direction: 'higher-is-worse' },
  { id: 'fibre', label: { fr: 'la couverture en fibre optique', en: 'the fibre coverage' }, direction: 'higher-is-better' },
  { id: 'services', label: { fr: 'l’accès aux services', en: 'the access to services' }, direction: 'higher-is-better' },
];

function normal(random: RandomSource): number {
  const u = 1 - random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
}

function loadSynthetic(watch: Stopwatch): DataSet {
  const collection = syntheticTerritories({ rows: ROWS, columns: COLUMNS, pointsPerEdge: 3, seed: 17 });
  watch.lap(`generate ${ROWS} × ${COLUMNS} honeycomb (GeoJSON objects)`);
  const { areas } = readFeatureCollection(collection, { idProperty: 'code', variables: [] });
  watch.lap('features + polygon validation');
  const weights = queen(areas);
  watch.lap('queen contiguity');

  const random = seededRandom(31);
  const n = areas.length;
  const ids = areas.map((area) => area.id);
  const year1 = SYNTHETIC_INDICATORS.map(() => new Float64Array(n));
  const year2 = SYNTHETIC_INDICATORS.map(() => new Float64Array(n));
  collection.features.forEach((feature, i) => {
    const [r, c] = feature.properties.code.slice(1).split('-').map(Number) as [number, number];
    // Two smooth regional fields, shared by the indicators (so they correlate), plus local noise.
    const wealth = Math.sin(c / 23) * Math.cos(r / 17) + 0.5 * Math.sin((c + r) / 41);
    const network = Math.cos(c / 31) * Math.sin(r / 29);
    const values = [
      20000 + 4000 * wealth + 1200 * normal(random),
      Math.max(1, 15 - 5 * wealth + 2 * normal(random)),
      Math.max(1, 10 - 2.5 * wealth + 1.5 * normal(random)),
      Math.min(100, Math.max(0, 60 + 30 * network + 10 * normal(random))),
      Math.exp(1 + 0.4 * wealth + 0.6 * network + 0.3 * normal(random)),
    ];
    const drift = [300 + 100 * Math.sin(c / 50), -0.3 + 0.2 * Math.cos(r / 40), -0.2, 5 + 3 * network, 0.05];
    const noise = [150, 0.4, 0.3, 3, 0.05];
    values.forEach((v, k) => {
      year1[k]![i] = v;
      year2[k]![i] = v + drift[k]! + noise[k]! * normal(random);
    });
  });
  // 2 % of values missing in each year.
  for (const table of [year1, year2]) for (const column of table) for (let i = 0; i < n; i++) if (random.nextFloat() < 0.02) column[i] = Number.NaN;
  // Planted: poverty up 4 points and income down 1,500 in 25 territories.
  const planted = new Set<string>();
  while (planted.size < 25) {
    const i = random.below(n);
    if (planted.has(ids[i]!)) continue;
    planted.add(ids[i]!);
    year2[1]![i] = year1[1]![i]! + 4;
    year2[0]![i] = year1[0]![i]! - 1500;
  }
  watch.lap('indicator tables (two years)');
  return {
    label: `synthetic ${ROWS} × ${COLUMNS} honeycomb`,
    ids,
    weights,
    parentOf: collection.features.map((feature) => feature.properties.parent),
    size: new Float64Array(n).fill(1),
    current: { territoryIds: ids, indicators: SYNTHETIC_INDICATORS, columns: year2 },
    trendPrevious: { territoryIds: ids, indicators: SYNTHETIC_INDICATORS, columns: year1 },
    trendCurrent: { territoryIds: ids, indicators: SYNTHETIC_INDICATORS, columns: year2 },
    geometries: new Map(collection.features.map((feature) => [feature.properties.code, feature.geometry])),
    indexOverTime: true,
    planted,
  };
}

// ---------------------------------------------------------------------------------------------
// Run, report, write

interface DataSetReport {
  label: string;
  loading: StageTime[];
  pipeline: StageTime[];
  pipelineWallMs: number;
  pipelineCpuMs: number;
  targetMs: number;
  summary: PipelineSummary;
  /** The module's own analysis (`analysis/pipeline.ts`, what the API runs on its thread), weights given. */
  moduleAnalysis: { wallMs: number; cpuMs: number; stagesMs: Record<string, number> };
}

/** The same data through the module's analysis: index, Monte Carlo, LISA, Gi*, Moran, FDR, trends, priority zones, multiscalar deviations. */
function runModuleAnalysis(data: DataSet): DataSetReport['moduleAnalysis'] {
  const previousOf = new Map(data.trendPrevious.indicators.map((indicator, k) => [indicator.id, data.trendPrevious.columns[k]!]));
  const parents = parentValuesFromChildren(data.current, data.parentOf, data.size);
  const indicators: IndicatorInput[] = data.current.indicators.map((indicator, k) => ({
    code: indicator.id,
    phrase: indicator.label,
    direction: indicator.direction,
    unit: 'index',
    aggregation: 'mean',
    year: 2,
    previousYear: previousOf.has(indicator.id) ? 1 : null,
    current: data.current.columns[k]!,
    previous: previousOf.get(indicator.id) ?? null,
    denominator: null,
    parentValues: Object.fromEntries(Object.entries(parents).flatMap(([parent, values]) => (indicator.id in values ? [[parent, values[indicator.id]!]] : []))),
    france: null,
  }));
  const wall = performance.now();
  const cpu = cpuMs();
  const result = runAnalysis(
    {
      territory: { key: data.label, ids: data.ids, parents: data.parentOf, members: data.ids.map((_, i) => i) },
      indicators,
      settings: { normalisation: 'min-max', weighting: 'pca', expertWeights: null, aggregation: 'arithmetic', missing: 'neighbours-then-parent', draws: DRAWS, permutations: PERMUTATIONS, alpha: 0.05, seed: 2024, weightPerturbation: 0.25 },
    },
    data.weights,
  );
  return { wallMs: round(performance.now() - wall, 1), cpuMs: round(cpuMs() - cpu, 1), stagesMs: result.timings };
}

function runDataSet(load: (watch: Stopwatch) => DataSet, targetMs: number): DataSetReport {
  const loadingWatch = new Stopwatch();
  const data = load(loadingWatch);
  // Contiguity is part of the pipeline (its spatial weights); reading and generating data are not.
  const weightStages = loadingWatch.stages.filter((s) => s.stage === 'queen contiguity');
  const loading = loadingWatch.stages.filter((s) => s.stage !== 'queen contiguity');
  const watch = new Stopwatch();
  const summary = runPipeline(data, watch);
  const pipeline = [...weightStages, ...watch.stages];
  return {
    label: data.label,
    loading,
    pipeline,
    pipelineWallMs: pipeline.reduce((s, t) => s + t.wallMs, 0),
    pipelineCpuMs: pipeline.reduce((s, t) => s + t.cpuMs, 0),
    targetMs,
    summary,
    moduleAnalysis: runModuleAnalysis(data),
  };
}

const loadAtStart = loadavg();
const reports = [runDataSet(loadIleDeFrance, 1000), runDataSet(loadSynthetic, 10_000)];
const loadAtEnd = loadavg();

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  os: `${platform()} ${release()}`,
  loadAverage: { start: loadAtStart.map((v) => round(v, 2)), end: loadAtEnd.map((v) => round(v, 2)) },
};

const ms = (v: number) => v.toFixed(0).padStart(6);
for (const r of reports) {
  log(`\n${r.label}: ${r.summary.territories} territories, ${r.summary.links} links`);
  for (const s of r.loading) log(`  (loading) ${s.stage.padEnd(52)} ${ms(s.wallMs)} ms wall ${ms(s.cpuMs)} ms CPU`);
  for (const s of r.pipeline) log(`  ${s.stage.padEnd(62)} ${ms(s.wallMs)} ms wall ${ms(s.cpuMs)} ms CPU`);
  const verdict = (v: number) => (v < r.targetMs ? 'under' : 'OVER');
  log(`  ${'pipeline total'.padEnd(62)} ${ms(r.pipelineWallMs)} ms wall ${ms(r.pipelineCpuMs)} ms CPU  (target ${r.targetMs} ms: wall ${verdict(r.pipelineWallMs)}, CPU ${verdict(r.pipelineCpuMs)})`);
  log(`  ${'module analysis (analysis/pipeline.ts), weights given'.padEnd(62)} ${ms(r.moduleAnalysis.wallMs)} ms wall ${ms(r.moduleAnalysis.cpuMs)} ms CPU  ${JSON.stringify(r.moduleAnalysis.stagesMs)}`);
  log(`  scored ${r.summary.scored}, excluded ${r.summary.excluded}, imputed ${JSON.stringify(r.summary.imputed)}`);
  if (r.summary.pca) log(`  PCA: ${r.summary.pca.retained} factor(s), weights ${JSON.stringify(r.summary.pca.weights)}`);
  const mc = r.summary.monteCarlo;
  log(`  Monte Carlo: ${mc.combinations} combinations (skipped: ${mc.skipped.join('; ') || 'none'}), median 5–95 % rank interval width ${mc.medianIntervalWidth}, mean |rank shift| ${mc.meanAbsoluteRankShift}`);
  log(`  first-order shares of rank variance ${JSON.stringify(mc.shares)}, remainder (weight values, interactions) ${mc.remainder}`);
  log(`  clusters: ${r.summary.clusters.lisaLowLow} LISA low-low, ${r.summary.clusters.giColdSpots} Gi* cold spots, ${r.summary.clusters.members} members`);
  log(`  weak signals: ${JSON.stringify(r.summary.weakSignals)}`);
  log(`  priority zones: ${r.summary.zones}; CSV ${r.summary.exports.csvBytes} bytes, ${r.summary.exports.geojsonFeatures} GeoJSON features (${r.summary.exports.geojsonBytes} bytes)`);
  for (const z of r.summary.topZones) log(`    ${z.territory}: ${z.explanation}`);
}
log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.start.join(' ')} → ${machine.loadAverage.end.join(' ')}`);

const timings = {
  machine,
  draws: DRAWS,
  permutations: PERMUTATIONS,
  dataSets: reports.map((r) => ({
    label: r.label,
    territories: r.summary.territories,
    targetMs: r.targetMs,
    pipelineWallMs: round(r.pipelineWallMs, 1),
    pipelineCpuMs: round(r.pipelineCpuMs, 1),
    stages: r.pipeline.map((s) => ({ stage: s.stage, wallMs: round(s.wallMs, 1), cpuMs: round(s.cpuMs, 1) })),
    loading: r.loading.map((s) => ({ stage: s.stage, wallMs: round(s.wallMs, 1), cpuMs: round(s.cpuMs, 1) })),
    moduleAnalysis: r.moduleAnalysis,
  })),
};

const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'observatory.json'), `${JSON.stringify({ ...timings, summaries: reports.map((r) => ({ label: r.label, ...r.summary })) }, null, 2)}\n`);
writeFileSync(join(resultsDir, 'observatory.md'), markdown());
if (args.json) console.log(JSON.stringify(timings));

function markdown(): string {
  const lines: string[] = [];
  lines.push('# Observatory benchmark');
  lines.push('');
  lines.push('`npm run bench:observatory` — the whole pipeline (weights, composite index, Monte Carlo, explanations, local Moran and Gi* with conditional permutations, FDR, trends and weak signals, priority zones and exports), timed per stage.');
  lines.push('');
  lines.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.os}; load average ${machine.loadAverage.start.join(' / ')} at start, ${machine.loadAverage.end.join(' / ')} at the end (a machine shared with other work: CPU time is the steadier figure).`);
  lines.push(`Monte Carlo ${DRAWS} draws; ${PERMUTATIONS} permutations.`);
  for (const r of reports) {
    lines.push('');
    lines.push(`## ${r.label} — ${r.summary.territories} territories, ${r.summary.links} links`);
    lines.push('');
    lines.push('| stage | wall ms | CPU ms |');
    lines.push('|---|---:|---:|');
    for (const s of r.loading) lines.push(`| (loading, not counted) ${s.stage} | ${s.wallMs.toFixed(0)} | ${s.cpuMs.toFixed(0)} |`);
    for (const s of r.pipeline) lines.push(`| ${s.stage} | ${s.wallMs.toFixed(0)} | ${s.cpuMs.toFixed(0)} |`);
    lines.push(`| **pipeline total** (target < ${r.targetMs} ms) | **${r.pipelineWallMs.toFixed(0)}** | **${r.pipelineCpuMs.toFixed(0)}** |`);
    lines.push(`| module analysis as the API runs it (\`analysis/pipeline.ts\`, weights given; stages ${Object.entries(r.moduleAnalysis.stagesMs).map(([k, v]) => `${k} ${v}`).join(', ')}) | ${r.moduleAnalysis.wallMs.toFixed(0)} | ${r.moduleAnalysis.cpuMs.toFixed(0)} |`);
    lines.push('');
    const s = r.summary;
    lines.push(`- scored ${s.scored}, excluded ${s.excluded}; imputed: ${Object.entries(s.imputed).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
    if (s.pca) lines.push(`- PCA: ${s.pca.retained} factor(s) retained; weights ${Object.entries(s.pca.weights).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    lines.push(`- Monte Carlo: ${s.monteCarlo.combinations} valid normalisation × aggregation pairs (skipped: ${s.monteCarlo.skipped.join('; ') || 'none'}); median width of the 5–95 % rank interval ${s.monteCarlo.medianIntervalWidth}; mean absolute rank shift ${s.monteCarlo.meanAbsoluteRankShift}; first-order shares of rank variance ${Object.entries(s.monteCarlo.shares).map(([k, v]) => `${k} ${v}`).join(', ')}, remainder ${s.monteCarlo.remainder}`);
    lines.push(`- clusters (FDR 5 %): ${s.clusters.lisaLowLow} LISA low-low, ${s.clusters.giColdSpots} Gi* cold spots, ${s.clusters.members} members`);
    lines.push(`- weak signals (BH, FDR 5 %): ${s.weakSignals.tests} tests, ${s.weakSignals.alerts} alerts (${s.weakSignals.worsening} worsening; signals by variable: ${Object.entries(s.weakSignals.byVariable).map(([k, v]) => `${k} ${v}`).join(', ')})${s.weakSignals.planted !== undefined ? `; planted ${s.weakSignals.planted}, found ${s.weakSignals.plantedFound}, other alerts ${s.weakSignals.notPlanted}` : ''}`);
    lines.push(`- priority zones: ${s.zones}; CSV ${s.exports.csvBytes} bytes; ${s.exports.geojsonFeatures} GeoJSON features (${s.exports.geojsonBytes} bytes)`);
    for (const z of s.topZones) lines.push(`  - ${z.territory}: ${z.explanation}`);
  }
  lines.push('');
  return lines.join('\n');
}
