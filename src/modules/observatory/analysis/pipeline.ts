/**
 * One analysis of the observatory, from the values of the territories to everything the dashboard
 * shows: the composite index with its Monte Carlo rank intervals and explanations, global Moran's I,
 * LISA and Gi* of the score with their Benjamini–Hochberg correction, the disadvantaged clusters,
 * multiscalar deviations of every indicator (parent, neighbourhood, whole area), year-over-year
 * changes and weak signals, and the priority zones. Pure (plain data in and out, randomness from
 * the seeds given): it runs on the analysis thread (`thread.ts`), never on the HTTP thread.
 */
import { buildCompositeIndex, type CompositeIndexOptions } from '../index/composite-index';
import { explainAll, type TerritoryExplanation } from '../index/explanation';
import type { Direction, IndicatorDefinition, IndicatorTable, Wording } from '../index/indicators';
import { weightsAmongKept, type ImputationMethod, type MissingValuePolicy } from '../index/missing-values';
import { monteCarloUncertainty, type UncertaintyResult } from '../index/monte-carlo';
import type { NormalisationSpec } from '../index/normalisation';
import type { WeightingSpec } from '../index/weights';
import { formatNumber } from '../index/wording';
import { disadvantagedClusters } from '../priority/hotspots';
import { priorityZones, type Criterion } from '../priority/priority-zones';
import { contiguityWeights, type AreaPolygons } from '../spatial/contiguity';
import { parseGeometry } from '../spatial/geojson-geometry';
import { localG } from '../spatial/getis-ord';
import { localMoran } from '../spatial/local-moran';
import { globalMoran } from '../spatial/moran';
import { benjaminiHochberg } from '../spatial/multiple-testing';
import { multiscalarDeviations } from '../spatial/multiscalar';
import { seededRandom } from '../spatial/random';
import { islands as islandsOf, rowStandardised, type SpatialWeights } from '../spatial/weights';
import { alignYears, indexChange, indicatorChanges } from '../trends/changes';
import { detectWeakSignals, type ChangeVariable, type WeakSignalResult } from '../trends/weak-signals';
import type { AggregationChoice, IndicatorAggregation, IndicatorDirection, IndicatorUnit, MissingPolicyChoice, NormalisationChoice, WeightingChoice } from '../api-schemas';

// ---- Input ---------------------------------------------------------------------------------------

/**
 * The territories of an analysis: a subset (`members`) of the zones of a zoning. The thread keeps
 * the spatial weights of the whole zoning under `key` (zoning and version); `geometries` (one per
 * zone of the zoning, in its order) is sent only when the thread lacks them.
 */
export interface TerritoryInput {
  key: string;
  ids: string[];
  parents: (string | null)[];
  /** Index of each territory among the zoning's zones. */
  members: number[];
  /** GeoJSON geometry per zone of the zoning (null for one without outline: an island). */
  geometries?: (unknown | null)[];
}

export interface IndicatorInput {
  code: string;
  phrase: Wording;
  direction: IndicatorDirection;
  unit: IndicatorUnit;
  aggregation: IndicatorAggregation;
  year: number;
  previousYear: number | null;
  /** One value per territory (NaN when missing or secret). */
  current: Float64Array;
  previous: Float64Array | null;
  /** The denominator's values (weights of parents' and the area's figures), or null. */
  denominator: Float64Array | null;
  /** parentValues[parent]: the parent's figure when one is known (published or aggregated from all its zones). */
  parentValues: Record<string, number>;
  france: number | null;
}

export interface AnalysisSettings {
  normalisation: NormalisationChoice;
  weighting: WeightingChoice;
  expertWeights: Record<string, number> | null;
  aggregation: AggregationChoice;
  missing: MissingPolicyChoice;
  draws: number;
  permutations: number;
  alpha: number;
  seed: number;
  weightPerturbation: number;
}

export interface AnalysisInput {
  territory: TerritoryInput;
  indicators: IndicatorInput[];
  settings: AnalysisSettings;
}

// ---- Output --------------------------------------------------------------------------------------

export interface Comparison {
  value: number | null;
  approximate: boolean;
}

export interface TerritoryComputation {
  scored: boolean;
  score: number | null;
  rank: number | null;
  interval: { lower: number; median: number; upper: number } | null;
  missing: string[];
  imputed: { indicator: string; method: ImputationMethod }[];
  lisa: { quadrant: 'HH' | 'LH' | 'LL' | 'HL' | null; p: number | null; significant: boolean };
  gi: { z: number | null; p: number | null; significant: boolean; spot: 'hot' | 'cold' | null };
  cluster: boolean;
  priority: { points: number; maxPoints: number; order: number | null; criteria: { criterion: Criterion; points: number; maxPoints: number; reason: Wording }[]; explanation: Wording } | null;
  /** Index into `alerts`, or -1. */
  alert: number;
  sentence: Wording | null;
  drivers: TerritoryExplanation['drivers'];
  /** Per indicator of the analysis, in order. */
  comparisons: {
    value: number | null;
    imputed: ImputationMethod | null;
    parent: Comparison;
    neighbours: Comparison;
    area: Comparison;
    contrast: 'below-within-above' | 'above-within-below' | null;
  }[];
}

export interface AlertComputation {
  territory: number;
  worsening: boolean;
  sentence: Wording;
  signals: { variable: string; label: Wording; change: number; referenceChange: number; gap: number; z: number; q: number; tendency: 'worse' | 'better' }[];
}

export interface AnalysisComputation {
  indicators: { code: string; weight: number; observed: number; imputed: number }[];
  weights: { scheme: WeightingChoice; pca: { retained: number; eigenvalues: number[]; varianceShares: number[] } | null };
  territories: TerritoryComputation[];
  summary: {
    territories: number;
    scored: number;
    excluded: number;
    averageScore: number;
    moran: { I: number; p: number | null } | null;
    alpha: number;
    lisaCutoff: number | null;
    giCutoff: number | null;
    permutations: number;
    draws: number;
    clusterMembers: number;
    lisaCounts: Record<string, number>;
    sensitivity: { factor: string; share: number }[];
    islands: string[];
  };
  priority: { ruleText: { fr: string[]; en: string[] }; maxPoints: number; zones: number[] };
  alerts: AlertComputation[];
  warnings: string[];
  method: Wording;
  timings: Record<string, number>;
}

// ---- Spatial weights -----------------------------------------------------------------------------

/** Queen contiguity of the territories' outlines (a territory without outline is an island). */
export function queenWeights(geometries: readonly (unknown | null)[]): SpatialWeights {
  const polygons: AreaPolygons[] = geometries.map((g) => {
    if (!g) return [];
    const parsed = parseGeometry(g, false);
    return parsed.type === 'polygons' ? parsed.polygons : [];
  });
  return contiguityWeights(polygons, { kind: 'queen' }).weights;
}

// ---- The pipeline ----------------------------------------------------------------------------------

const NORMALISATION_SPECS: Record<NormalisationChoice, NormalisationSpec> = {
  'min-max': { method: 'min-max' },
  'z-score': { method: 'z-score' },
  rank: { method: 'rank' },
  'distance-to-mean': { method: 'distance-to-reference', reference: 'mean' },
  'exponential-rank': { method: 'exponential-rank' },
};

const MISSING_POLICIES: Record<MissingPolicyChoice, MissingValuePolicy> = {
  exclude: 'exclude',
  neighbours: 'neighbours',
  parent: 'parent',
  'neighbours-then-parent': ['neighbours', 'parent'],
};

const QUADRANTS = [null, 'HH', 'LH', 'LL', 'HL'] as const;

function weightingSpec(settings: AnalysisSettings): WeightingSpec {
  if (settings.weighting === 'expert') return { scheme: 'expert', weights: settings.expertWeights ?? {} };
  return { scheme: settings.weighting };
}

/** Σ(v·d)/Σd over the territories with both, or the plain mean without a denominator. */
function weightedMean(values: Float64Array, denominator: Float64Array | null, members: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let a = 0; a < members.length; a++) {
    const i = members[a]!;
    const v = values[i]!;
    const d = denominator ? denominator[i]! : 1;
    if (!Number.isFinite(v) || !(d > 0)) continue;
    num += v * d;
    den += d;
  }
  return den > 0 ? num / den : Number.NaN;
}

export function runAnalysis(input: AnalysisInput, weights: SpatialWeights): AnalysisComputation {
  const timings: Record<string, number> = {};
  let lap = performance.now();
  const time = (stage: string) => {
    const now = performance.now();
    timings[stage] = Math.round(now - lap);
    lap = now;
  };
  const { territory, indicators, settings } = input;
  const n = territory.ids.length;
  const definitions: IndicatorDefinition[] = indicators.map((ind) => {
    if (ind.direction === 'neutral') throw new Error(`indicator ${ind.code} has no direction: it cannot enter an index`);
    return { id: ind.code, label: ind.phrase, direction: ind.direction };
  });
  const table: IndicatorTable = { territoryIds: territory.ids, indicators: definitions, columns: indicators.map((ind) => ind.current) };
  const parentValues: Record<string, Record<string, number>> = {};
  for (const ind of indicators) {
    for (const [parent, value] of Object.entries(ind.parentValues)) {
      if (!Number.isFinite(value)) continue;
      (parentValues[parent] ??= {})[ind.code] = value;
    }
  }
  const options: CompositeIndexOptions = {
    normalisation: NORMALISATION_SPECS[settings.normalisation],
    weighting: weightingSpec(settings),
    aggregation: settings.aggregation,
    missingValues: MISSING_POLICIES[settings.missing],
    missingContext: { neighbours: weights, parentOf: territory.parents, parentValues },
  };
  const index = buildCompositeIndex(table, options);
  time('index');

  const weightings: WeightingSpec[] = [{ scheme: 'equal' }, { scheme: 'pca' }];
  if (settings.weighting === 'expert') weightings.push(weightingSpec(settings));
  const uncertainty: UncertaintyResult = monteCarloUncertainty(index, {
    seed: settings.seed,
    draws: settings.draws,
    normalisations: [{ method: 'min-max' }, { method: 'min-max', lower: 1, upper: 100 }, { method: 'z-score' }, { method: 'rank' }, { method: 'exponential-rank' }, { method: 'distance-to-reference', reference: 'mean' }],
    weightings,
    aggregations: ['arithmetic', 'geometric'],
    weightPerturbation: settings.weightPerturbation,
  });
  time('monteCarlo');
  const explanations = explainAll(index, uncertainty);
  time('explanations');

  // Spatial statistics of the score, among the scored territories.
  const scored = weightsAmongKept(weights, index.kept);
  const m = index.territoryIds.length;
  const scoredIslands = new Set(islandsOf(scored));
  const rowWeights = rowStandardised(scored);
  const lisa = localMoran(index.scores, rowWeights, { permutations: settings.permutations, random: seededRandom(settings.seed + 1), alternative: 'two-sided' });
  time('lisa');
  let minScore = Number.POSITIVE_INFINITY;
  for (const s of index.scores) minScore = Math.min(minScore, s);
  // Gi* needs a non-negative variable: a score that can be negative (z-scores) is shifted to start at 0.
  const giVariable = minScore < 0 ? Float64Array.from(index.scores, (s) => s - minScore) : index.scores;
  const gi = localG(giVariable, scored, { star: true, permutations: settings.permutations, random: seededRandom(settings.seed + 2), alternative: 'two-sided' });
  time('gi');
  let moran: { I: number; p: number | null } | null = null;
  try {
    const g = globalMoran(index.scores, rowWeights, { permutations: settings.permutations, random: seededRandom(settings.seed + 3) });
    moran = { I: g.I, p: g.permutation?.p ?? g.pRandomisation };
  } catch {
    moran = null;
  }
  const lisaP = Float64Array.from(lisa.permutation?.p ?? lisa.pAnalytic, (p, a) => (scoredIslands.has(a) ? Number.NaN : p));
  const giP = Float64Array.from(gi.permutation?.p ?? gi.p, (p, a) => (scoredIslands.has(a) ? Number.NaN : p));
  const clusters = disadvantagedClusters(m, {
    localMoran: { quadrant: lisa.quadrant, p: lisaP },
    getisOrdStar: { z: gi.z, p: giP },
    orientation: 'higher-is-better',
    alpha: settings.alpha,
  });
  const lisaSignificant = benjaminiHochberg(lisaP, settings.alpha).rejected;
  const giSignificant = benjaminiHochberg(giP, settings.alpha).rejected;
  time('fdr');

  // Trends: the indicators that have an earlier vintage, and the index when they all do.
  const weak = trends(input, weights, options);
  time('trends');

  const priority = priorityZones({
    territoryIds: index.territoryIds,
    ranks: index.ranks,
    scores: index.scores,
    uncertainty,
    clusters,
    alerts: weak ? weak.alerts : null,
    indexVariable: 'index',
    explanations,
  });
  time('priority');

  // Multiscalar deviations of each indicator among the territories that have it.
  const comparisons = indicators.map((ind) => {
    const members: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = ind.current[i]!;
      const d = ind.denominator ? ind.denominator[i]! : 1;
      if (Number.isFinite(v) && d > 0) members.push(i);
    }
    const approximate = ind.aggregation !== 'ratio' || !ind.denominator;
    if (members.length < 3) return { members, result: null, approximate };
    const kept = Int32Array.from(members);
    const numerator = Float64Array.from(members, (i) => ind.current[i]! * (ind.denominator ? ind.denominator[i]! : 1));
    const denominator = Float64Array.from(members, (i) => (ind.denominator ? ind.denominator[i]! : 1));
    const result = multiscalarDeviations({ numerator, denominator, parent: members.map((i) => territory.parents[i] ?? ''), weights: weightsAmongKept(weights, kept) });
    return { members, result, approximate };
  });
  const positionIn = comparisons.map((c) => new Map(c.members.map((i, a) => [i, a])));
  const areaValues = indicators.map((ind) => weightedMean(ind.current, ind.denominator, Array.from({ length: n }, (_, i) => i)));
  time('multiscalar');

  // Per territory, in input order.
  const scoredAt = new Int32Array(n).fill(-1);
  index.kept.forEach((i, a) => (scoredAt[i] = a));
  const excludedById = new Map(index.excluded.map((e) => [e.territory, e.missing]));
  const imputedById = new Map<string, { indicator: string; method: ImputationMethod }[]>();
  for (const imp of index.imputations) {
    const list = imputedById.get(imp.territory) ?? [];
    list.push({ indicator: imp.indicator, method: imp.method });
    imputedById.set(imp.territory, list);
  }
  const alerts: AlertComputation[] = (weak?.alerts ?? []).map((a) => ({
    territory: a.index,
    worsening: a.worsening,
    sentence: a.sentence,
    signals: a.signals.map((s) => ({ variable: s.variable, label: s.label, change: s.change, referenceChange: s.referenceChange, gap: s.gap, z: s.z, q: s.q, tendency: s.tendency })),
  }));
  const alertOf = new Map(alerts.map((a, k) => [a.territory, k]));
  const lisaCounts: Record<string, number> = { HH: 0, LH: 0, LL: 0, HL: 0 };
  const territories: TerritoryComputation[] = territory.ids.map((id, i) => {
    const a = scoredAt[i]!;
    const inScored = a >= 0;
    const q = inScored ? lisa.quadrant[a]! : 0;
    const lisaSig = inScored && lisaSignificant[a]! && q > 0;
    if (lisaSig) lisaCounts[QUADRANTS[q]!]!++;
    const giZ = inScored && Number.isFinite(gi.z[a]!) ? gi.z[a]! : null;
    const giSig = inScored && giSignificant[a]!;
    const assessment = inScored ? priority.assessments[a]! : null;
    const explanation = inScored ? explanations[a]! : null;
    return {
      scored: inScored,
      score: inScored ? index.scores[a]! : null,
      rank: inScored ? index.ranks[a]! : null,
      interval: inScored ? { lower: uncertainty.lowerRank[a]!, median: uncertainty.medianRank[a]!, upper: uncertainty.upperRank[a]! } : null,
      missing: excludedById.get(id) ?? [],
      imputed: imputedById.get(id) ?? [],
      lisa: { quadrant: q > 0 ? QUADRANTS[q]! : null, p: inScored && Number.isFinite(lisaP[a]!) ? lisaP[a]! : null, significant: lisaSig },
      gi: { z: giZ, p: inScored && Number.isFinite(giP[a]!) ? giP[a]! : null, significant: giSig, spot: giSig && giZ !== null ? (giZ > 0 ? 'hot' : 'cold') : null },
      cluster: inScored ? clusters.member[a]! : false,
      priority: assessment
        ? {
            points: assessment.points,
            maxPoints: assessment.maxPoints,
            order: assessment.order,
            criteria: assessment.criteria.map((c) => ({ criterion: c.criterion, points: c.points, maxPoints: c.maxPoints, reason: c.reason })),
            explanation: assessment.explanation,
          }
        : null,
      alert: alertOf.get(i) ?? -1,
      sentence: explanation?.sentence ?? null,
      drivers: explanation?.drivers ?? [],
      comparisons: indicators.map((ind, k) => {
        const c = comparisons[k]!;
        const at = positionIn[k]!.get(i);
        const value = Number.isFinite(ind.current[i]!) ? ind.current[i]! : null;
        const parentCode = territory.parents[i];
        const published = parentCode ? ind.parentValues[parentCode] : undefined;
        const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
        const imputedFlag = inScored ? (index.flags[k]![a] ?? null) : null;
        return {
          value,
          imputed: imputedFlag,
          parent: { value: finite(published) ?? (c.result && at !== undefined ? finite(c.result.territorial.reference[at]) : null), approximate: c.approximate },
          neighbours: { value: c.result && at !== undefined ? finite(c.result.spatial.reference[at]) : null, approximate: c.approximate },
          area: { value: finite(areaValues[k]), approximate: c.approximate },
          contrast: c.result && at !== undefined ? c.result.contrast[at]! : null,
        };
      }),
    };
  });
  time('assemble');

  const averageScore = index.scores.reduce((s, v) => s + v, 0) / Math.max(1, m);
  const imputedCount = (code: string) => index.imputations.filter((imp) => imp.indicator === code).length;
  return {
    indicators: indicators.map((ind, k) => ({
      code: ind.code,
      weight: index.weights.weights[k]!,
      observed: ind.current.reduce((s, v) => s + (Number.isFinite(v) ? 1 : 0), 0),
      imputed: imputedCount(ind.code),
    })),
    weights: {
      scheme: settings.weighting,
      pca: index.weights.pca ? { retained: index.weights.pca.retained, eigenvalues: index.weights.pca.eigenvalues, varianceShares: index.weights.pca.varianceShares } : null,
    },
    territories,
    summary: {
      territories: n,
      scored: m,
      excluded: index.excluded.length,
      averageScore,
      moran,
      alpha: settings.alpha,
      lisaCutoff: clusters.lisaCutoff,
      giCutoff: clusters.getisOrdCutoff,
      permutations: settings.permutations,
      draws: uncertainty.draws,
      clusterMembers: clusters.member.filter(Boolean).length,
      lisaCounts,
      sensitivity: uncertainty.sensitivity.factors.map((f) => ({ factor: f.factor, share: f.shareOfRankVariance })),
      islands: [...islandsOf(weights)].map((i) => territory.ids[i]!),
    },
    priority: { ruleText: priority.ruleText, maxPoints: priority.maxPoints, zones: priority.zones.map((z) => index.kept[z.index]!) },
    alerts,
    warnings: [...index.warnings, ...uncertainty.skippedCombinations.map((s) => `Monte Carlo: ${s.normalisation} / ${s.aggregation} skipped (${s.reason})`)],
    method: methodText(input, index.weights.pca?.retained ?? null, uncertainty),
    timings,
  };
}

function trends(input: AnalysisInput, weights: SpatialWeights, options: CompositeIndexOptions): WeakSignalResult | null {
  const { territory, indicators, settings } = input;
  const followed = indicators.filter((ind) => ind.previous && ind.previousYear !== null);
  if (followed.length === 0) return null;
  const definitions = followed.map((ind) => ({ id: ind.code, label: ind.phrase, direction: ind.direction as Direction }));
  const previous: IndicatorTable = { territoryIds: territory.ids, indicators: definitions, columns: followed.map((ind) => ind.previous!) };
  const current: IndicatorTable = { territoryIds: territory.ids, indicators: definitions, columns: followed.map((ind) => ind.current) };
  const aligned = alignYears(previous, current);
  const changes = indicatorChanges(aligned);
  const at = new Map(aligned.territoryIds.map((id, i) => [id, i]));
  const expand = (column: Float64Array) => Float64Array.from(territory.ids, (id) => (at.has(id) ? column[at.get(id)!]! : Number.NaN));
  const variables: ChangeVariable[] = changes.indicators.map((indicator, k) => ({ ...indicator, change: expand(changes.change[k]!) }));
  if (followed.length === indicators.length) {
    try {
      const change = indexChange(aligned, { ...options, missingContext: undefined }, { previous: options.missingContext, current: options.missingContext });
      const byId = new Map(change.territoryIds.map((id, i) => [id, change.change[i]!]));
      variables.push({ id: 'index', label: { fr: 'l’indice composite', en: 'the composite index' }, direction: 'higher-is-better', change: Float64Array.from(territory.ids, (id) => byId.get(id) ?? Number.NaN) });
    } catch {
      // An index over both years may be undefined (a geometric mean with a zero): the indicators' own changes remain.
    }
  }
  return detectWeakSignals({ territoryIds: territory.ids, reference: 'neighbours', neighbours: weights, variables, alpha: settings.alpha });
}

const NORMALISATION_WORDS: Record<NormalisationChoice, Wording> = {
  'min-max': { fr: 'min-max (0 à 100)', en: 'min-max (0 to 100)' },
  'z-score': { fr: 'centrée-réduite (z-score)', en: 'z-score' },
  rank: { fr: 'par les rangs', en: 'ranks' },
  'distance-to-mean': { fr: 'écart à la moyenne', en: 'distance to the mean' },
  'exponential-rank': { fr: 'rang exponentiel (indices de privation anglais)', en: 'exponential rank (English Indices of Deprivation)' },
};
const WEIGHTING_WORDS: Record<WeightingChoice, Wording> = {
  equal: { fr: 'égales', en: 'equal' },
  expert: { fr: 'fixées par l’analyste', en: 'set by the analyst' },
  pca: { fr: 'issues d’une analyse en composantes principales (rotation varimax)', en: 'from a principal component analysis (varimax rotation)' },
};
const MISSING_WORDS: Record<MissingPolicyChoice, Wording> = {
  exclude: { fr: 'territoire exclu', en: 'territory excluded' },
  neighbours: { fr: 'moyenne des voisins', en: 'mean of the neighbours' },
  parent: { fr: 'valeur du territoire parent', en: 'value of the parent territory' },
  'neighbours-then-parent': { fr: 'moyenne des voisins, à défaut valeur du territoire parent', en: 'mean of the neighbours, else value of the parent territory' },
};

function methodText(input: AnalysisInput, pcaFactors: number | null, uncertainty: UncertaintyResult): Wording {
  const s = input.settings;
  const alphaFr = formatNumber(s.alpha * 100, 'fr', 0);
  const alphaEn = formatNumber(s.alpha * 100, 'en', 0);
  const list = (lang: 'fr' | 'en') => input.indicators.map((i) => `${i.phrase[lang]} (${i.year})`).join(', ');
  const pcaFr = pcaFactors !== null ? ` (${pcaFactors} facteur${pcaFactors > 1 ? 's' : ''} retenu${pcaFactors > 1 ? 's' : ''})` : '';
  const pcaEn = pcaFactors !== null ? ` (${pcaFactors} factor${pcaFactors > 1 ? 's' : ''} retained)` : '';
  return {
    fr:
      `Indicateurs : ${list('fr')}. Normalisation ${NORMALISATION_WORDS[s.normalisation].fr}, orientée pour qu’un score élevé soit une situation favorable ; pondérations ${WEIGHTING_WORDS[s.weighting].fr}${pcaFr} ; agrégation ${s.aggregation === 'arithmetic' ? 'arithmétique' : 'géométrique'} ; valeur manquante : ${MISSING_WORDS[s.missing].fr}. ` +
      `Incertitude : ${uncertainty.draws} tirages de Monte-Carlo des choix de méthode (normalisation, pondération, agrégation, poids ±${formatNumber(s.weightPerturbation * 100, 'fr', 0)} %), intervalle des rangs du 5e au 95e centile. ` +
      `Regroupements : I de Moran local (LISA) et Gi* sur le score, contiguïté « reine », ${s.permutations} permutations conditionnelles, p-valeurs bilatérales corrigées par Benjamini–Hochberg (taux de fausses découvertes ${alphaFr} %). ` +
      `Signaux faibles : écart de l’évolution d’un territoire à celle de ses voisins, score z robuste, même correction.`,
    en:
      `Indicators: ${list('en')}. ${NORMALISATION_WORDS[s.normalisation].en[0]!.toUpperCase()}${NORMALISATION_WORDS[s.normalisation].en.slice(1)} normalisation, oriented so that a higher score is a better situation; ${WEIGHTING_WORDS[s.weighting].en} weights${pcaEn}; ${s.aggregation} aggregation; missing value: ${MISSING_WORDS[s.missing].en}. ` +
      `Uncertainty: ${uncertainty.draws} Monte Carlo draws of the method's choices (normalisation, weighting, aggregation, weights ±${formatNumber(s.weightPerturbation * 100, 'en', 0)}%), rank interval from the 5th to the 95th percentile. ` +
      `Clusters: local Moran (LISA) and Gi* of the score, queen contiguity, ${s.permutations} conditional permutations, two-sided p-values corrected by Benjamini–Hochberg (false discovery rate ${alphaEn}%). ` +
      `Weak signals: the gap between a territory's change and its neighbours', robust z-score, same correction.`,
  };
}
