/**
 * The composite index, the Handbook's steps in order on a table of raw indicators:
 *   3. missing values (excluded or imputed, every imputation flagged);
 *   5. normalisation (oriented: higher is better);
 *   6. weights (equal, expert, or principal components with varimax) and aggregation (arithmetic
 *      or geometric);
 *   then ranks (1 = the lowest score) and the exact decomposition of each score by indicator.
 * Uncertainty (step 7) is `monte-carlo.ts`; explanations (step 10) are `explanation.ts`.
 *
 * Normalisation parameters and weights can be given already fitted (`shared`), so that several
 * years are scored on one scale.
 */
import { aggregate, decompose, type Aggregation, type Decomposition } from './aggregation';
import { assertIndicatorTable, type IndicatorDefinition, type IndicatorTable } from './indicators';
import { handleMissingValues, type ExcludedTerritory, type Imputation, type ImputationMethod, type MissingValueContext, type MissingValuePolicy } from './missing-values';
import { applyNormalisation, fitNormalisation, type FittedNormalisation, type NormalisationSpec } from './normalisation';
import { ascendingMidRanks } from './ranks';
import { computeWeights, type WeightingSpec, type WeightsResult } from './weights';

export interface CompositeIndexOptions {
  normalisation: NormalisationSpec;
  weighting: WeightingSpec;
  aggregation: Aggregation;
  missingValues: MissingValuePolicy;
  missingContext?: MissingValueContext;
}

export interface SharedScale {
  normalisation: readonly FittedNormalisation[];
  weights: WeightsResult;
}

export interface CompositeIndexResult {
  options: CompositeIndexOptions;
  /** The territories scored (excluded ones left out), and their indices in the input table. */
  territoryIds: readonly string[];
  kept: Int32Array;
  indicators: readonly IndicatorDefinition[];
  /** The complete raw table the index was computed from (imputed values filled in). */
  raw: IndicatorTable;
  normalised: Float64Array[];
  fitted: FittedNormalisation[];
  weights: WeightsResult;
  scores: Float64Array;
  /** 1 for the lowest score; ties share their mid-rank. */
  ranks: Float64Array;
  decomposition: Decomposition;
  imputations: Imputation[];
  excluded: ExcludedTerritory[];
  /** flags[k][i]: how indicator k of scored territory i was imputed, null when observed. */
  flags: (ImputationMethod | null)[][];
  warnings: string[];
}

export function buildCompositeIndex(table: IndicatorTable, options: CompositeIndexOptions, shared?: SharedScale): CompositeIndexResult {
  assertIndicatorTable(table);
  const missing = handleMissingValues(table, options.missingValues, options.missingContext);
  const complete = missing.table;
  if (complete.territoryIds.length < 2) throw new Error(`${complete.territoryIds.length} territory is left once missing values are handled: an index needs at least 2`);
  const warnings: string[] = [];
  const fitted = shared
    ? [...shared.normalisation]
    : complete.indicators.map((indicator, k) => fitNormalisation(complete.columns[k]!, indicator, options.normalisation, { territoryIds: complete.territoryIds }));
  if (fitted.length !== complete.indicators.length) throw new Error('the shared scale does not cover the same indicators');
  const normalised = complete.columns.map((column, k) => applyNormalisation(column, fitted[k]!));
  normalised.forEach((column, k) => {
    if (column.every((v) => v === column[0])) warnings.push(`indicator ${complete.indicators[k]!.id} has the same value for every territory: it cannot separate them`);
  });
  const weights = shared ? shared.weights : computeWeights(options.weighting, complete.indicators, normalised);
  warnings.push(...weights.warnings);
  const ids = complete.indicators.map((indicator) => indicator.id);
  const scores = aggregate(normalised, weights.weights, options.aggregation, complete.territoryIds, ids);
  return {
    options,
    territoryIds: complete.territoryIds,
    kept: missing.kept,
    indicators: complete.indicators,
    raw: complete,
    normalised,
    fitted,
    weights,
    scores,
    ranks: ascendingMidRanks(scores),
    decomposition: decompose(normalised, weights.weights, options.aggregation),
    imputations: missing.imputations,
    excluded: missing.excluded,
    flags: missing.flags,
    warnings,
  };
}
