/**
 * Normalisation of one indicator (OECD/JRC Handbook on Constructing Composite Indicators, 2008,
 * step 5, Table 3), oriented so that a higher normalised value is always a better situation: an
 * indicator whose higher values are worse (a poverty rate) is reflected.
 *
 * - min-max: lower + (upper − lower)·(x − min)/(max − min), reflected as (max − x)/(max − min);
 *   0–100 by default;
 * - z-score: (x − mean)/s, s the sample standard deviation (n − 1, as R's `scale`), negated for
 *   "higher is worse";
 * - rank: the mid-rank of the territory's goodness, 1 for the worst … n for the best;
 * - distance to a reference (the mean, the median, the best territory, a named territory or a
 *   value given per indicator — a national figure): as a gap 100·(x − ref)/|ref| ("12 % better
 *   than the reference"), reflected 100·(ref − x)/|ref|; or as a ratio 100·x/ref, reflected
 *   100·ref/x;
 * - exponential rank, the English Indices of Deprivation's transform (IoD 2019 technical report;
 *   Scottish Indices of Deprivation 2003, appendix 5): with R the deprivation rank scaled to
 *   (0, 1] (1/N for the least deprived, 1 for the most deprived),
 *     X = −C·ln(1 − R·(1 − e^(−100/C))), C = 23,
 *   which runs from about 0 to 100 with the most deprived tenth above 50, so that averaging domains
 *   does not let a good domain cancel a bad one. The index keeps "higher is better", so the value
 *   used is 100 − X (the same ranking as IoD's sum of X).
 *
 * Missing values (NaN) stay NaN and take no part in fitting. Fitting and applying are separate so
 * that two years can share one scale (the trends module fits on both years together).
 */
import type { Direction, IndicatorDefinition } from './indicators';

export type ReferenceSpec = 'mean' | 'median' | 'best' | { territory: string } | { values: Readonly<Record<string, number>> };

export type NormalisationSpec =
  | { method: 'min-max'; lower?: number; upper?: number }
  | { method: 'z-score' }
  | { method: 'rank' }
  | { method: 'distance-to-reference'; reference: ReferenceSpec; form?: 'gap' | 'ratio' }
  | { method: 'exponential-rank'; constant?: number };

export type NormalisationMethod = NormalisationSpec['method'];

export type FittedNormalisation =
  | { method: 'min-max'; direction: Direction; min: number; max: number; lower: number; upper: number }
  | { method: 'z-score'; direction: Direction; mean: number; sd: number }
  | { method: 'rank'; direction: Direction; sortedGoodness: Float64Array }
  | { method: 'exponential-rank'; direction: Direction; sortedGoodness: Float64Array; constant: number }
  | { method: 'distance-to-reference'; direction: Direction; reference: number; form: 'gap' | 'ratio' };

export const IOD_CONSTANT = 23;

/** The IoD transform of a deprivation rank scaled to [0, 1]: 0 → 0, 1 → 100. */
export function exponentialTransform(scaledRank: number, constant = IOD_CONSTANT): number {
  const r = Math.min(1, Math.max(0, scaledRank));
  // Exactly 100 for the most deprived (round-off would leave 99.99999999999996, and 100 − X > 0).
  if (r === 1) return 100;
  return -constant * Math.log(1 - r * (1 - Math.exp(-100 / constant))) + 0;
}

export function describeNormalisation(spec: NormalisationSpec): string {
  switch (spec.method) {
    case 'min-max':
      return `min-max ${spec.lower ?? 0}–${spec.upper ?? 100}`;
    case 'z-score':
      return 'z-score';
    case 'rank':
      return 'rank';
    case 'exponential-rank':
      return 'exponential rank (IoD)';
    case 'distance-to-reference': {
      const ref = spec.reference;
      const what = typeof ref === 'string' ? ref : 'territory' in ref ? `territory ${ref.territory}` : 'given values';
      return `distance to reference (${what}, ${spec.form ?? 'gap'})`;
    }
  }
}

export interface FitContext {
  /** Needed for a reference territory. */
  territoryIds?: readonly string[];
}

/** Learns the parameters of a normalisation from one column (NaN ignored). */
export function fitNormalisation(column: Float64Array, indicator: IndicatorDefinition, spec: NormalisationSpec, context: FitContext = {}): FittedNormalisation {
  const { direction } = indicator;
  const observed = finiteValues(column);
  if (observed.length === 0) throw new Error(`indicator ${indicator.id} has no value to normalise`);
  switch (spec.method) {
    case 'min-max': {
      const lower = spec.lower ?? 0;
      const upper = spec.upper ?? 100;
      if (!(upper > lower)) throw new Error(`min-max needs upper > lower, not ${lower}–${upper}`);
      let min = Infinity;
      let max = -Infinity;
      for (const v of observed) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return { method: 'min-max', direction, min, max, lower, upper };
    }
    case 'z-score': {
      let sum = 0;
      for (const v of observed) sum += v;
      const mean = sum / observed.length;
      let squares = 0;
      for (const v of observed) squares += (v - mean) * (v - mean);
      const sd = observed.length > 1 ? Math.sqrt(squares / (observed.length - 1)) : 0;
      return { method: 'z-score', direction, mean, sd };
    }
    case 'rank':
    case 'exponential-rank': {
      const sign = direction === 'higher-is-better' ? 1 : -1;
      const sortedGoodness = Float64Array.from(observed, (v) => sign * v + 0).sort();
      return spec.method === 'rank'
        ? { method: 'rank', direction, sortedGoodness }
        : { method: 'exponential-rank', direction, sortedGoodness, constant: spec.constant ?? IOD_CONSTANT };
    }
    case 'distance-to-reference': {
      const reference = referenceValue(column, observed, indicator, spec.reference, context);
      if (!Number.isFinite(reference) || reference === 0) {
        throw new Error(`indicator ${indicator.id}: the reference value is ${reference}, a distance to it is undefined`);
      }
      const form = spec.form ?? 'gap';
      if (form === 'ratio' && reference < 0) throw new Error(`indicator ${indicator.id}: a ratio to a negative reference (${reference}) is meaningless`);
      return { method: 'distance-to-reference', direction, reference, form };
    }
  }
}

/** Applies fitted parameters to a column (the same one or another year's). */
export function applyNormalisation(column: Float64Array, fitted: FittedNormalisation): Float64Array {
  const n = column.length;
  const out = new Float64Array(n);
  const better = fitted.direction === 'higher-is-better';
  switch (fitted.method) {
    case 'min-max': {
      const { min, max, lower, upper } = fitted;
      const span = max - min;
      for (let i = 0; i < n; i++) {
        const x = column[i]!;
        if (Number.isNaN(x)) out[i] = Number.NaN;
        // A constant indicator separates no one: every territory gets the middle of the range.
        else if (span === 0) out[i] = (lower + upper) / 2;
        else out[i] = lower + ((upper - lower) * (better ? x - min : max - x)) / span;
      }
      return out;
    }
    case 'z-score': {
      const { mean, sd } = fitted;
      for (let i = 0; i < n; i++) {
        const x = column[i]!;
        if (Number.isNaN(x)) out[i] = Number.NaN;
        else if (sd === 0) out[i] = 0;
        else out[i] = ((better ? 1 : -1) * (x - mean)) / sd + 0;
      }
      return out;
    }
    case 'rank':
    case 'exponential-rank': {
      const sorted = fitted.sortedGoodness;
      const size = sorted.length;
      const sign = better ? 1 : -1;
      for (let i = 0; i < n; i++) {
        const x = column[i]!;
        if (Number.isNaN(x)) {
          out[i] = Number.NaN;
          continue;
        }
        const rank = midRankWithin(sorted, sign * x + 0);
        if (fitted.method === 'rank') out[i] = rank;
        else {
          // Deprivation rank: 1 for the best … N for the worst, scaled by N.
          const deprivation = (size + 1 - rank) / size;
          out[i] = 100 - exponentialTransform(deprivation, fitted.constant);
        }
      }
      return out;
    }
    case 'distance-to-reference': {
      const { reference, form } = fitted;
      for (let i = 0; i < n; i++) {
        const x = column[i]!;
        if (Number.isNaN(x)) out[i] = Number.NaN;
        else if (form === 'gap') out[i] = (100 * (better ? x - reference : reference - x)) / Math.abs(reference) + 0;
        else out[i] = better ? (100 * x) / reference : x > 0 ? (100 * reference) / x : Number.POSITIVE_INFINITY;
      }
      if (form === 'ratio' && !better && out.some((v) => v === Number.POSITIVE_INFINITY)) {
        throw new Error('a ratio to the reference for a "higher is worse" indicator needs positive values (it divides by them)');
      }
      return out;
    }
  }
}

/** Fits and applies in one go; `constant` tells whether the indicator separates no one. */
export function normaliseColumn(
  column: Float64Array,
  indicator: IndicatorDefinition,
  spec: NormalisationSpec,
  context: FitContext = {},
): { values: Float64Array; fitted: FittedNormalisation; constant: boolean } {
  const fitted = fitNormalisation(column, indicator, spec, context);
  const observed = finiteValues(column);
  const constant = observed.every((v) => v === observed[0]);
  return { values: applyNormalisation(column, fitted), fitted, constant };
}

/** #(sorted < v) + (#(sorted = v) + 1)/2: the mid-rank v has, or would have, among the sorted values. */
function midRankWithin(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  const below = lo;
  hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return below + (lo - below + 1) / 2;
}

function referenceValue(column: Float64Array, observed: Float64Array, indicator: IndicatorDefinition, reference: ReferenceSpec, context: FitContext): number {
  if (reference === 'mean') {
    let sum = 0;
    for (const v of observed) sum += v;
    return sum / observed.length;
  }
  if (reference === 'median') {
    const sorted = Float64Array.from(observed).sort();
    const half = sorted.length >> 1;
    return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
  }
  if (reference === 'best') {
    let best = observed[0]!;
    for (const v of observed) if (indicator.direction === 'higher-is-better' ? v > best : v < best) best = v;
    return best;
  }
  if ('territory' in reference) {
    const at = context.territoryIds?.indexOf(reference.territory) ?? -1;
    if (at < 0) throw new Error(`the reference territory ${reference.territory} is not among the territories`);
    const v = column[at]!;
    if (Number.isNaN(v)) throw new Error(`the reference territory ${reference.territory} has no value for ${indicator.id}`);
    return v;
  }
  const v = reference.values[indicator.id];
  if (v === undefined) throw new Error(`no reference value is given for indicator ${indicator.id}`);
  return v;
}

function finiteValues(column: Float64Array): Float64Array {
  let count = 0;
  for (const v of column) if (!Number.isNaN(v)) count++;
  const out = new Float64Array(count);
  let at = 0;
  for (const v of column) if (!Number.isNaN(v)) out[at++] = v;
  return out;
}
