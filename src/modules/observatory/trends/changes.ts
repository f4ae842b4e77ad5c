/**
 * Year-over-year change of every indicator and of the composite index.
 *
 * Indicators: current − previous, per territory present in both years (matched by id; those in
 * one year only are listed), NaN when either value is missing; also in % of the previous value.
 *
 * The index: both years must be scored on one scale, or a change would mix the territory's
 * evolution with the drift of the normalisation (a min-max rescaled every year hides a general
 * improvement). So the normalisation parameters and the weights are fitted once, on the two
 * years' values stacked together (Handbook, step 5, on comparisons over time), then applied to
 * each year. Missing values are handled within each year, with its own values; a territory with
 * an imputed value in either year gets no index change (NaN, flagged), unless asked: the change
 * would measure the imputation's error as much as the territory — on the synthetic benchmark,
 * keeping them turned hundreds of imputed territories into false weak signals.
 */
import { aggregate } from '../index/aggregation';
import { buildCompositeIndex, type CompositeIndexOptions, type CompositeIndexResult } from '../index/composite-index';
import type { IndicatorDefinition, IndicatorTable } from '../index/indicators';
import { handleMissingValues, type MissingValueContext } from '../index/missing-values';
import { applyNormalisation, fitNormalisation } from '../index/normalisation';
import { computeWeights } from '../index/weights';

export interface AlignedYears {
  territoryIds: string[];
  indicators: IndicatorDefinition[];
  previous: IndicatorTable;
  current: IndicatorTable;
  /** Territories present in one year only. */
  onlyPrevious: string[];
  onlyCurrent: string[];
  /** Indicators present in one year only (left out). */
  droppedIndicators: string[];
}

/** Both tables restricted to their common territories (in the current year's order) and indicators. */
export function alignYears(previous: IndicatorTable, current: IndicatorTable): AlignedYears {
  const previousAt = new Map(previous.territoryIds.map((id, i) => [id, i]));
  const currentIds = new Set(current.territoryIds);
  const territoryIds = current.territoryIds.filter((id) => previousAt.has(id));
  const previousIndicator = new Map(previous.indicators.map((indicator, k) => [indicator.id, k]));
  const indicators = current.indicators.filter((indicator) => previousIndicator.has(indicator.id));
  const droppedIndicators = [
    ...current.indicators.filter((indicator) => !previousIndicator.has(indicator.id)).map((indicator) => indicator.id),
    ...previous.indicators.filter((indicator) => !current.indicators.some((c) => c.id === indicator.id)).map((indicator) => indicator.id),
  ];
  const currentAt = new Map(current.territoryIds.map((id, i) => [id, i]));
  const pick = (table: IndicatorTable, at: Map<string, number>, column: (indicator: IndicatorDefinition) => number): IndicatorTable => ({
    territoryIds,
    indicators,
    columns: indicators.map((indicator) => Float64Array.from(territoryIds, (id) => table.columns[column(indicator)]![at.get(id)!]!)),
  });
  return {
    territoryIds,
    indicators,
    previous: pick(previous, previousAt, (indicator) => previousIndicator.get(indicator.id)!),
    current: pick(current, currentAt, (indicator) => current.indicators.indexOf(indicator)),
    onlyPrevious: previous.territoryIds.filter((id) => !currentIds.has(id)),
    onlyCurrent: current.territoryIds.filter((id) => !previousAt.has(id)),
    droppedIndicators,
  };
}

export interface IndicatorChanges {
  territoryIds: string[];
  indicators: IndicatorDefinition[];
  /** change[k][i] = current − previous; NaN when either is missing. */
  change: Float64Array[];
  /** 100·change / |previous|; NaN when previous is 0 or missing. */
  relativeChange: Float64Array[];
}

export function indicatorChanges(aligned: AlignedYears): IndicatorChanges {
  const change = aligned.indicators.map((_, k) => {
    const before = aligned.previous.columns[k]!;
    const after = aligned.current.columns[k]!;
    return Float64Array.from(before, (b, i) => after[i]! - b);
  });
  const relativeChange = aligned.indicators.map((_, k) => {
    const before = aligned.previous.columns[k]!;
    return Float64Array.from(change[k]!, (c, i) => (before[i] === 0 ? Number.NaN : (100 * c) / Math.abs(before[i]!)));
  });
  return { territoryIds: aligned.territoryIds, indicators: aligned.indicators, change, relativeChange };
}

export interface IndexChange {
  previous: CompositeIndexResult;
  current: CompositeIndexResult;
  /** The territories scored in both years, in the current year's order. */
  territoryIds: string[];
  previousScore: Float64Array;
  currentScore: Float64Array;
  /** NaN where a value was imputed in either year (unless `keepImputed`). */
  change: Float64Array;
  /** Whether some indicator of the territory was imputed in either year. */
  imputed: boolean[];
}

/**
 * The index of both years on one scale. `contexts` gives each year's missing-value context (its
 * neighbours' weights over the aligned territories, its parents' values).
 */
export function indexChange(
  aligned: AlignedYears,
  options: CompositeIndexOptions,
  contexts: { previous?: MissingValueContext; current?: MissingValueContext } = {},
  settings: { keepImputed?: boolean } = {},
): IndexChange {
  const before = handleMissingValues(aligned.previous, options.missingValues, contexts.previous ?? options.missingContext);
  const after = handleMissingValues(aligned.current, options.missingValues, contexts.current ?? options.missingContext);
  const stacked = aligned.indicators.map((_, k) => {
    const a = before.table.columns[k]!;
    const b = after.table.columns[k]!;
    const both = new Float64Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    return both;
  });
  const territoryIds = [...before.table.territoryIds, ...after.table.territoryIds];
  const fitted = aligned.indicators.map((indicator, k) => fitNormalisation(stacked[k]!, indicator, options.normalisation, { territoryIds }));
  const normalisedStack = stacked.map((column, k) => applyNormalisation(column, fitted[k]!));
  const weights = computeWeights(options.weighting, aligned.indicators, normalisedStack);
  // Checks the aggregation is defined on both years before scoring them.
  aggregate(normalisedStack, weights.weights, options.aggregation, territoryIds, aligned.indicators.map((indicator) => indicator.id));
  const shared = { normalisation: fitted, weights };
  const previous = buildCompositeIndex(aligned.previous, { ...options, missingContext: contexts.previous ?? options.missingContext }, shared);
  const current = buildCompositeIndex(aligned.current, { ...options, missingContext: contexts.current ?? options.missingContext }, shared);
  const previousAt = new Map(previous.territoryIds.map((id, i) => [id, i]));
  const both = current.territoryIds.map((id, i) => [id, i, previousAt.get(id)] as const).filter((entry) => entry[2] !== undefined);
  const previousScore = Float64Array.from(both, ([, , j]) => previous.scores[j!]!);
  const currentScore = Float64Array.from(both, ([, i]) => current.scores[i]!);
  const wasImputed = (result: CompositeIndexResult, i: number) => result.flags.some((column) => column[i] !== null);
  const imputed = both.map(([, i, j]) => wasImputed(current, i) || wasImputed(previous, j!));
  return {
    previous,
    current,
    territoryIds: both.map(([id]) => id),
    previousScore,
    currentScore,
    change: Float64Array.from(currentScore, (c, i) => (imputed[i] && !settings.keepImputed ? Number.NaN : c - previousScore[i]!)),
    imputed,
  };
}
