/**
 * Multiscalar deviations (Grasland et al., HyperAtlas; ESPON 2006): an area's value compared with
 * three references, each an aggregate of the same ratio over a context —
 * - general: the whole study area;
 * - territorial: the area's parent territory (its département, its intercommunality), itself
 *   included;
 * - spatial: its neighbourhood (its neighbours in the weights, itself included by default).
 * For a ratio (numerator/denominator: income per household, unemployed per active person) the
 * reference is the ratio of the sums, Σnum/Σden over the context, not the mean of the ratios;
 * without a denominator every area weighs one and the reference is the plain mean.
 *
 * Each deviation is given as an index (100 · value / reference; 100 is "as the reference") and as
 * a difference (value − reference). `contrast` names the cases the map is for: an area below its
 * territory's level while that territory is above the whole ("a poor commune inside a rich
 * département"), and the reverse.
 */
import type { SpatialWeights } from './weights';

export interface MultiscalarInput {
  numerator: Float64Array;
  denominator?: Float64Array;
  /** Each area's parent territory code. */
  parent: readonly string[];
  weights: SpatialWeights;
  /** Whether the area belongs to its own neighbourhood (default true). */
  includeSelf?: boolean;
}

export interface Deviation {
  reference: Float64Array;
  index: Float64Array;
  difference: Float64Array;
}

export type Contrast = 'below-within-above' | 'above-within-below' | null;

export interface MultiscalarResult {
  value: Float64Array;
  general: Deviation;
  territorial: Deviation;
  spatial: Deviation;
  /** Each parent territory's own value and its general index. */
  parents: Map<string, { value: number; generalIndex: number; areas: number }>;
  contrast: Contrast[];
}

export function multiscalarDeviations(input: MultiscalarInput): MultiscalarResult {
  const { numerator, parent, weights } = input;
  const n = numerator.length;
  const denominator = input.denominator ?? new Float64Array(n).fill(1);
  const includeSelf = input.includeSelf ?? true;
  if (denominator.length !== n || parent.length !== n || weights.n !== n) {
    throw new Error(`the numerator, denominator, parents and weights must cover the same ${n} areas`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(numerator[i]!)) throw new Error(`area #${i + 1} has no numerator value`);
    if (!(denominator[i]! > 0)) throw new Error(`area #${i + 1} has a denominator of ${denominator[i]}: it must be positive`);
  }
  const value = Float64Array.from(numerator, (v, i) => v / denominator[i]!);

  let totalNumerator = 0;
  let totalDenominator = 0;
  const byParent = new Map<string, { numerator: number; denominator: number; areas: number }>();
  for (let i = 0; i < n; i++) {
    totalNumerator += numerator[i]!;
    totalDenominator += denominator[i]!;
    const group = byParent.get(parent[i]!) ?? { numerator: 0, denominator: 0, areas: 0 };
    group.numerator += numerator[i]!;
    group.denominator += denominator[i]!;
    group.areas++;
    byParent.set(parent[i]!, group);
  }
  const generalReference = totalNumerator / totalDenominator;

  const general = deviation(value, () => generalReference);
  const territorial = deviation(value, (i) => {
    const group = byParent.get(parent[i]!)!;
    return group.numerator / group.denominator;
  });
  const spatial = deviation(value, (i) => {
    let num = includeSelf ? numerator[i]! : 0;
    let den = includeSelf ? denominator[i]! : 0;
    for (let k = weights.offsets[i]!; k < weights.offsets[i + 1]!; k++) {
      const j = weights.neighbours[k]!;
      num += numerator[j]!;
      den += denominator[j]!;
    }
    return den > 0 ? num / den : Number.NaN;
  });

  const parents = new Map<string, { value: number; generalIndex: number; areas: number }>();
  for (const [code, group] of byParent) {
    const groupValue = group.numerator / group.denominator;
    parents.set(code, { value: groupValue, generalIndex: ratioIndex(groupValue, generalReference), areas: group.areas });
  }
  const contrast: Contrast[] = Array.from({ length: n }, (_, i) => {
    const parentIndex = parents.get(parent[i]!)!.generalIndex;
    const ownIndex = territorial.index[i]!;
    if (ownIndex < 100 && parentIndex > 100) return 'below-within-above';
    if (ownIndex > 100 && parentIndex < 100) return 'above-within-below';
    return null;
  });
  return { value, general, territorial, spatial, parents, contrast };
}

function deviation(value: Float64Array, referenceOf: (i: number) => number): Deviation {
  const n = value.length;
  const reference = new Float64Array(n);
  const index = new Float64Array(n);
  const difference = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = referenceOf(i);
    reference[i] = r;
    index[i] = ratioIndex(value[i]!, r);
    difference[i] = value[i]! - r;
  }
  return { reference, index, difference };
}

function ratioIndex(value: number, reference: number): number {
  return reference === 0 || !Number.isFinite(reference) ? Number.NaN : (100 * value) / reference;
}
