/**
 * Classes of a choropleth: the breaks that cut the values into k classes, three ways.
 * - **quantiles**: the same number of territories in each class (type-7 quantiles);
 * - **natural breaks** (Jenks 1967; Fisher's exact optimisation): classes that minimise the sum of
 *   squared deviations from each class mean, by dynamic programming, O(k·n²) on the sorted values
 *   (n is capped: above `JENKS_SAMPLE` values a regular sample of the sorted values is used);
 * - **equal intervals**: k classes of the same width between the minimum and the maximum.
 * Breaks are the k − 1 inner bounds; a value belongs to the first class whose upper bound it does
 * not exceed. Missing values (null, NaN) are left out and drawn apart ("no data").
 */

export type Classification = 'quantiles' | 'jenks' | 'equal-intervals';

export interface Classes {
  method: Classification;
  /** min, the k − 1 inner breaks, max (k + 1 numbers, non-decreasing). */
  bounds: number[];
  /** Territories per class. */
  counts: number[];
}

const JENKS_SAMPLE = 1000;

function finiteSorted(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
}

export function quantileBreaks(sorted: readonly number[], k: number): number[] {
  const breaks: number[] = [];
  for (let c = 1; c < k; c++) {
    const h = (sorted.length - 1) * (c / k);
    const lo = Math.floor(h);
    const hi = Math.min(sorted.length - 1, lo + 1);
    breaks.push(sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!));
  }
  return breaks;
}

export function equalIntervalBreaks(sorted: readonly number[], k: number): number[] {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  return Array.from({ length: k - 1 }, (_, c) => min + ((c + 1) * (max - min)) / k);
}

/** Fisher–Jenks natural breaks on sorted values. */
export function jenksBreaks(sortedAll: readonly number[], k: number): number[] {
  const step = Math.max(1, Math.ceil(sortedAll.length / JENKS_SAMPLE));
  const sorted = step === 1 ? sortedAll : sortedAll.filter((_, i) => i % step === 0 || i === sortedAll.length - 1);
  const n = sorted.length;
  if (k >= n) return sorted.slice(0, -1).slice(0, k - 1);
  // Prefix sums give the squared deviation of any run [i, j] in O(1).
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    s1[i + 1] = s1[i]! + sorted[i]!;
    s2[i + 1] = s2[i]! + sorted[i]! * sorted[i]!;
  }
  const ssd = (i: number, j: number) => {
    const m = j - i + 1;
    const s = s1[j + 1]! - s1[i]!;
    return s2[j + 1]! - s2[i]! - (s * s) / m;
  };
  // cost[c][j]: best cost of c + 1 classes over values 0..j; from[c][j]: start of the last class.
  const cost = Array.from({ length: k }, () => new Float64Array(n).fill(Number.POSITIVE_INFINITY));
  const from = Array.from({ length: k }, () => new Int32Array(n));
  for (let j = 0; j < n; j++) cost[0]![j] = ssd(0, j);
  for (let c = 1; c < k; c++) {
    for (let j = c; j < n; j++) {
      let best = Number.POSITIVE_INFINITY;
      let at = c;
      for (let i = c; i <= j; i++) {
        const v = cost[c - 1]![i - 1]! + ssd(i, j);
        if (v < best) {
          best = v;
          at = i;
        }
      }
      cost[c]![j] = best;
      from[c]![j] = at;
    }
  }
  const starts: number[] = [];
  let j = n - 1;
  for (let c = k - 1; c > 0; c--) {
    const i = from[c]![j]!;
    starts.unshift(i);
    j = i - 1;
  }
  // A break is the last value of a class.
  return starts.map((i) => sorted[i - 1]!);
}

/** The class (0 … k − 1) of a value, or −1 when missing. */
export function classOf(value: number | null, classes: Classes): number {
  if (value === null || !Number.isFinite(value)) return -1;
  const inner = classes.bounds.slice(1, -1);
  for (let c = 0; c < inner.length; c++) if (value <= inner[c]!) return c;
  return inner.length;
}

export function classify(values: readonly (number | null)[], k: number, method: Classification): Classes | null {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return null;
  const classesWanted = Math.max(1, Math.min(k, new Set(sorted).size));
  const inner = classesWanted === 1 ? [] : method === 'quantiles' ? quantileBreaks(sorted, classesWanted) : method === 'jenks' ? jenksBreaks(sorted, classesWanted) : equalIntervalBreaks(sorted, classesWanted);
  const classes: Classes = { method, bounds: [sorted[0]!, ...inner, sorted[sorted.length - 1]!], counts: new Array(classesWanted).fill(0) };
  for (const v of sorted) classes.counts[classOf(v, classes)]!++;
  return classes;
}
