/**
 * Corrections for the many tests of a local statistic (one per area). NaN p-values (islands,
 * areas without a statistic) are left out of the family and never rejected.
 *
 * Benjamini & Hochberg (1995): with the m finite p-values sorted, p(1) ≤ … ≤ p(m), reject the k
 * smallest where k is the largest i with p(i) ≤ i·α/m. The cutoff returned is p(k), or α/m when
 * no i passes (esda.fdr's fallback); rejecting p ≤ cutoff is then the same decision either way.
 * Adjusted p-values (q-values) are min over j ≥ i of m·p(j)/j, capped at 1.
 *
 * Bonferroni: cutoff α/m, adjusted p-values min(1, m·p).
 */

export interface CorrectionResult {
  cutoff: number;
  /** How many p-values were tested (finite ones). */
  tested: number;
  rejected: boolean[];
  adjusted: Float64Array;
}

export function benjaminiHochberg(p: ArrayLike<number>, alpha = 0.05): CorrectionResult {
  checkAlpha(alpha);
  const finite: number[] = [];
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i]!)) finite.push(i);
  const m = finite.length;
  const order = finite.sort((a, b) => p[a]! - p[b]!);
  let k = 0;
  for (let rank = m; rank >= 1; rank--) {
    if (p[order[rank - 1]!]! <= (rank * alpha) / m) {
      k = rank;
      break;
    }
  }
  const cutoff = k > 0 ? p[order[k - 1]!]! : alpha / Math.max(m, 1);
  const adjusted = new Float64Array(p.length).fill(Number.NaN);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1]!;
    running = Math.min(running, (m * p[index]!) / rank);
    adjusted[index] = running;
  }
  const rejected = Array.from({ length: p.length }, (_, i) => Number.isFinite(p[i]!) && k > 0 && p[i]! <= cutoff);
  return { cutoff, tested: m, rejected, adjusted };
}

export function bonferroni(p: ArrayLike<number>, alpha = 0.05): CorrectionResult {
  checkAlpha(alpha);
  let m = 0;
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i]!)) m++;
  const cutoff = alpha / Math.max(m, 1);
  const adjusted = Float64Array.from({ length: p.length }, (_, i) => (Number.isFinite(p[i]!) ? Math.min(1, m * p[i]!) : Number.NaN));
  const rejected = Array.from({ length: p.length }, (_, i) => Number.isFinite(p[i]!) && p[i]! <= cutoff);
  return { cutoff, tested: m, rejected, adjusted };
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`the significance level must lie in (0, 1), not ${alpha}`);
}
