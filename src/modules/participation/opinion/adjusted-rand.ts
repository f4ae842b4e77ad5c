/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labellings of the same items: 1 when
 * they group the items identically (whatever the labels), about 0 for unrelated labellings.
 */
export function adjustedRandIndex(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  if (a.length !== b.length) throw new RangeError('both labellings must cover the same items');
  const n = a.length;
  if (n < 2) return 1;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const contingency = new Map<string, number>();
  const rows = new Map<number | string, number>();
  const cols = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify([a[i], b[i]]);
    contingency.set(key, (contingency.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  let index = 0;
  for (const x of contingency.values()) index += pairs(x);
  let rowPairs = 0;
  for (const x of rows.values()) rowPairs += pairs(x);
  let colPairs = 0;
  for (const x of cols.values()) colPairs += pairs(x);
  const expected = (rowPairs * colPairs) / pairs(n);
  const max = (rowPairs + colPairs) / 2;
  // Both labellings put everything in one group (or everything apart): identical partitions.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
