/**
 * Agreement between a clustering and known labels. Pure functions, reused by benchmarks.
 * Both take one label per item; the label values themselves do not matter, only which items share one.
 */

function contingency(a: readonly (string | number)[], b: readonly (string | number)[]) {
  if (a.length !== b.length) throw new Error('Partitions of different lengths');
  const cells = new Map<string, number>();
  const rows = new Map<string | number, number>();
  const cols = new Map<string | number, number>();
  for (let i = 0; i < a.length; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  return { cells: [...cells.values()], rows: [...rows.values()], cols: [...cols.values()], n: a.length };
}

const entropy = (counts: readonly number[], n: number) => counts.reduce((h, c) => (c > 0 ? h - (c / n) * Math.log(c / n) : h), 0);

/**
 * Normalised mutual information, arithmetic-mean normalisation: MI / ((H(a) + H(b)) / 2)
 * (scikit-learn's default). 1 when both partitions are the same; 1 also when both are a single group.
 */
export function normalizedMutualInformation(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const { cells, rows, cols, n } = contingency(a, b);
  if (n === 0) return 1;
  const ha = entropy(rows, n);
  const hb = entropy(cols, n);
  if (ha === 0 && hb === 0) return 1;
  // MI = H(a) + H(b) - H(a, b)
  const mi = ha + hb - entropy(cells, n);
  const denominator = (ha + hb) / 2;
  return denominator === 0 ? 0 : Math.max(0, mi) / denominator;
}

const pairs = (x: number) => (x * (x - 1)) / 2;

/** Adjusted Rand index (Hubert & Arabie, 1985): pair agreement corrected for chance; 1 = identical, ~0 = chance. */
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const { cells, rows, cols, n } = contingency(a, b);
  const index = cells.reduce((s, c) => s + pairs(c), 0);
  const sumRows = rows.reduce((s, c) => s + pairs(c), 0);
  const sumCols = cols.reduce((s, c) => s + pairs(c), 0);
  const expected = (sumRows * sumCols) / pairs(n || 1);
  const max = (sumRows + sumCols) / 2;
  // Both partitions all singletons, or both one group: identical by construction.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
