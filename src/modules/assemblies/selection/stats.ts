/**
 * Fairness statistics of selection probabilities (one per volunteer).
 */

/**
 * Gini coefficient: the mean absolute difference between two volunteers' probabilities divided by
 * twice the mean probability. 0 when everyone has the same chance; close to 1 when a few people
 * have all of it.
 */
export function giniCoefficient(probabilities: readonly number[] | Float64Array): number {
  const n = probabilities.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(probabilities).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i]!;
    weighted += (i + 1) * sorted[i]!;
  }
  if (total <= 0) return 0;
  return Math.max(0, (2 * weighted) / (n * total) - (n + 1) / n);
}

export function minimum(values: readonly number[] | Float64Array): number {
  let m = Infinity;
  for (const v of values) m = Math.min(m, v);
  return n(m);
}

function n(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
