/**
 * Weights of the indicators in the composite index (Handbook, step 6), always summing to 1:
 *
 * - equal: 1/m each;
 * - expert: the values a user sets (any non-negative numbers, rescaled to sum to 1);
 * - principal components / factor analysis, as the Handbook's section 6.1 and its Technology
 *   Achievement Index example (Tables 16–18):
 *     1. the correlation matrix of the normalised indicators (Pearson; on ranks for a rank
 *        normalisation, so the normalisation chosen matters);
 *     2. its eigenvalues and eigenvectors; loadings = eigenvector × √eigenvalue;
 *     3. factors retained, in order, while each has an eigenvalue above 1 or explains more than
 *        10 % of the variance (the Handbook keeps four factors for the TAI although the last two
 *        have eigenvalues 0.98 and 0.89, because each explains more than 10 %), and until
 *        together they explain more than 60 %;
 *     4. varimax rotation of the retained loadings (Kaiser normalisation);
 *     5. squared rotated loadings scaled to unity sum within each factor;
 *     6. each indicator assigned to the factor where its scaled squared loading is largest; the
 *        factor weighs its share of the variance explained by the retained factors (Σ of its
 *        squared loadings over their total);
 *     7. indicator weight = scaled squared loading × factor share, rescaled to sum to 1.
 *   An indicator with no variance cannot enter a correlation: it gets weight 0 and a warning.
 */
import { symmetricEigen } from './eigen';
import type { IndicatorDefinition } from './indicators';
import { varimax } from './varimax';

export interface RetentionRule {
  /** A fixed number of factors instead of the rule below. */
  factors?: number;
  minEigenvalue?: number;
  minShare?: number;
  minCumulativeShare?: number;
}

export type WeightingSpec =
  | { scheme: 'equal' }
  | { scheme: 'expert'; weights: Readonly<Record<string, number>> }
  | { scheme: 'pca'; retention?: RetentionRule };

export type WeightingScheme = WeightingSpec['scheme'];

export interface PcaWeightsReport {
  /** Indicators that entered the analysis (the others had no variance and weigh 0). */
  indicators: string[];
  /** Row-major correlation matrix of those indicators. */
  correlation: number[][];
  eigenvalues: number[];
  varianceShares: number[];
  cumulativeShares: number[];
  retained: number;
  /** Unrotated loadings [indicator][factor] of the retained factors. */
  loadings: number[][];
  rotatedLoadings: number[][];
  /** Squared rotated loadings divided by their sum over the indicators, per factor. */
  scaledSquaredLoadings: number[][];
  /** Variance explained by each rotated factor, and its share of the retained total. */
  factorVariance: number[];
  factorShares: number[];
  /** The factor each indicator was assigned to (index into the retained factors). */
  assignment: number[];
  /** Before rescaling to a unit sum (the Handbook's Table 18 shows these). */
  rawWeights: number[];
}

export interface WeightsResult {
  scheme: WeightingScheme;
  /** weights[k] for indicator k of the table, Σ = 1. */
  weights: Float64Array;
  pca: PcaWeightsReport | null;
  warnings: string[];
}

export function equalWeights(m: number): Float64Array {
  return new Float64Array(m).fill(1 / m);
}

export function expertWeights(indicators: readonly IndicatorDefinition[], given: Readonly<Record<string, number>>): Float64Array {
  for (const id of Object.keys(given)) {
    if (!indicators.some((indicator) => indicator.id === id)) throw new Error(`a weight is set for ${id}, which is not an indicator of the index`);
  }
  const raw = indicators.map((indicator) => {
    const w = given[indicator.id];
    if (w === undefined) throw new Error(`no weight is set for indicator ${indicator.id}`);
    if (!Number.isFinite(w) || w < 0) throw new Error(`the weight of ${indicator.id} must be a finite number ≥ 0, not ${w}`);
    return w;
  });
  const total = raw.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new Error('at least one indicator needs a positive weight');
  return Float64Array.from(raw, (w) => w / total);
}

/** Pearson correlation matrix of complete columns (row-major, m × m); a constant column is refused. */
export function correlationMatrix(columns: readonly Float64Array[]): Float64Array {
  const m = columns.length;
  const n = columns[0]?.length ?? 0;
  if (n < 3) throw new Error(`correlations need at least 3 territories, not ${n}`);
  const centred = columns.map((column, k) => {
    let sum = 0;
    for (const v of column) {
      if (Number.isNaN(v)) throw new Error(`indicator #${k + 1} has a missing value: impute or exclude before weighting`);
      sum += v;
    }
    const mean = sum / n;
    const c = Float64Array.from(column, (v) => v - mean);
    let ss = 0;
    for (const v of c) ss += v * v;
    if (ss === 0) throw new Error(`indicator #${k + 1} is constant: it has no correlation`);
    const norm = Math.sqrt(ss);
    for (let i = 0; i < n; i++) c[i] = c[i]! / norm;
    return c;
  });
  const r = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    r[a * m + a] = 1;
    for (let b = a + 1; b < m; b++) {
      let s = 0;
      const x = centred[a]!;
      const y = centred[b]!;
      for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
      r[a * m + b] = s;
      r[b * m + a] = s;
    }
  }
  return r;
}

/** Steps 2–7 from a correlation matrix (m × m, row-major). */
export function pcaWeightsFromCorrelation(correlation: ArrayLike<number>, m: number, retention: RetentionRule = {}): Omit<PcaWeightsReport, 'indicators'> & { weights: number[] } {
  const { values, vectors } = symmetricEigen(correlation, m);
  // Round-off can leave a tiny negative eigenvalue for a singular matrix.
  const eigenvalues = values.map((v) => Math.max(0, v));
  const total = eigenvalues.reduce((a, b) => a + b, 0);
  const varianceShares = eigenvalues.map((v) => v / total);
  const cumulativeShares: number[] = [];
  varianceShares.reduce((sum, share) => {
    cumulativeShares.push(sum + share);
    return sum + share;
  }, 0);
  const retained = retainedFactors(eigenvalues, varianceShares, cumulativeShares, retention);
  const loadings = Array.from({ length: m }, (_, i) => Array.from({ length: retained }, (_, f) => vectors[f]![i]! * Math.sqrt(eigenvalues[f]!)));
  const rotation = varimax(loadings);
  const rotatedLoadings = rotation.loadings;
  const factorVariance = rotation.explainedVariance;
  const explainedTotal = factorVariance.reduce((a, b) => a + b, 0);
  const factorShares = factorVariance.map((v) => v / explainedTotal);
  const scaledSquaredLoadings = rotatedLoadings.map((row) => row.map((l, f) => (factorVariance[f]! > 0 ? (l * l) / factorVariance[f]! : 0)));
  const assignment = scaledSquaredLoadings.map((row) => row.reduce((best, v, f) => (v > row[best]! ? f : best), 0));
  const rawWeights = scaledSquaredLoadings.map((row, i) => row[assignment[i]!]! * factorShares[assignment[i]!]!);
  const rawTotal = rawWeights.reduce((a, b) => a + b, 0);
  const weights = rawWeights.map((w) => w / rawTotal);
  const square = Array.from({ length: m }, (_, a) => Array.from({ length: m }, (_, b) => correlation[a * m + b]!));
  return {
    correlation: square,
    eigenvalues,
    varianceShares,
    cumulativeShares,
    retained,
    loadings,
    rotatedLoadings,
    scaledSquaredLoadings,
    factorVariance,
    factorShares,
    assignment,
    rawWeights,
    weights,
  };
}

function retainedFactors(eigenvalues: number[], shares: number[], cumulative: number[], rule: RetentionRule): number {
  const m = eigenvalues.length;
  if (rule.factors !== undefined) {
    if (!Number.isInteger(rule.factors) || rule.factors < 1 || rule.factors > m) throw new Error(`between 1 and ${m} factors can be kept, not ${rule.factors}`);
    return rule.factors;
  }
  const minEigenvalue = rule.minEigenvalue ?? 1;
  const minShare = rule.minShare ?? 0.1;
  const minCumulative = rule.minCumulativeShare ?? 0.6;
  let k = 0;
  while (k < m && (eigenvalues[k]! > minEigenvalue || shares[k]! > minShare)) k++;
  while (k < m && (k === 0 || cumulative[k - 1]! <= minCumulative)) k++;
  return Math.max(1, k);
}

/** Weights for normalised, complete columns (one per indicator). */
export function computeWeights(spec: WeightingSpec, indicators: readonly IndicatorDefinition[], normalised: readonly Float64Array[]): WeightsResult {
  const m = indicators.length;
  switch (spec.scheme) {
    case 'equal':
      return { scheme: 'equal', weights: equalWeights(m), pca: null, warnings: [] };
    case 'expert':
      return { scheme: 'expert', weights: expertWeights(indicators, spec.weights), pca: null, warnings: [] };
    case 'pca': {
      const warnings: string[] = [];
      const varying: number[] = [];
      normalised.forEach((column, k) => {
        const first = column[0]!;
        if (column.some((v) => v !== first)) varying.push(k);
        else warnings.push(`indicator ${indicators[k]!.id} has the same value everywhere: it takes no part in the principal components and weighs 0`);
      });
      if (varying.length === 0) throw new Error('no indicator varies: principal-component weights are undefined');
      if (varying.length === 1) {
        const weights = new Float64Array(m);
        weights[varying[0]!] = 1;
        return { scheme: 'pca', weights, pca: null, warnings: [...warnings, 'a single indicator varies: it takes all the weight'] };
      }
      const correlation = correlationMatrix(varying.map((k) => normalised[k]!));
      const report = pcaWeightsFromCorrelation(correlation, varying.length, spec.retention);
      const weights = new Float64Array(m);
      varying.forEach((k, a) => (weights[k] = report.weights[a]!));
      const { weights: _, ...rest } = report;
      return { scheme: 'pca', weights, pca: { indicators: varying.map((k) => indicators[k]!.id), ...rest }, warnings };
    }
  }
}

export function describeWeighting(spec: WeightingSpec): string {
  return spec.scheme === 'pca' ? 'principal components (varimax)' : spec.scheme;
}
