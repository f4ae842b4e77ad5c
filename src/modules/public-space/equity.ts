/**
 * Equity of the service between districts, pure: reports per 1,000 inhabitants, median time to
 * resolution, share reopened, and which districts are resolved markedly slower than the rest of
 * the commune.
 *
 * The rule (stated in the register and on the transparency page): a district is flagged when
 * 1. it has at least `minResolved` resolved reports (10 by default);
 * 2. its median time to resolution is at least `ratio` (1.5) times the median of the rest of the
 *    commune's resolved reports; and
 * 3. a one-sided Mann–Whitney U test (normal approximation with tie and continuity corrections)
 *    says its times are larger than the rest's with p < `alpha` / number of districts tested
 *    (0.05, Bonferroni-corrected: with many districts, one would otherwise be flagged by chance).
 */
import { spearman } from './cleanliness';

export interface ResolvedReport {
  district: string | null;
  /** Days from the report to its first resolution; null while not resolved. */
  daysToResolve: number | null;
  reopened: boolean;
}

export interface DistrictInfo {
  code: string;
  name: string | null;
  population: number | null;
  medianIncome: number | null;
}

export interface EquityRule {
  minResolved: number;
  ratio: number;
  alpha: number;
}

export const DEFAULT_EQUITY_RULE: EquityRule = { minResolved: 10, ratio: 1.5, alpha: 0.05 };

export interface DistrictEquity extends DistrictInfo {
  reports: number;
  reportsPer1000: number | null;
  resolved: number;
  medianDaysToResolve: number | null;
  reopenedShare: number | null;
  slower: boolean;
  pValue: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 through erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * One-sided Mann–Whitney U test that `a` tends to be larger than `b`: the p-value (normal
 * approximation, tie-corrected variance, continuity correction). Null when a sample is empty.
 */
export function mannWhitneyGreater(a: readonly number[], b: readonly number[]): number | null {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return null;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const avg = (i + j) / 2 + 1;
    const t = j - i + 1;
    if (t > 1) tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k]!.g === 0) rankSumA += avg;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return 1;
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return 1 - normalCdf(z);
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function districtEquity(
  districts: readonly DistrictInfo[],
  reports: readonly ResolvedReport[],
  rule: EquityRule = DEFAULT_EQUITY_RULE,
): { districts: DistrictEquity[]; incomeVsResolution: { spearman: number | null; districts: number } } {
  const byDistrict = new Map<string, ResolvedReport[]>();
  for (const r of reports) {
    if (!r.district) continue;
    const list = byDistrict.get(r.district) ?? [];
    list.push(r);
    byDistrict.set(r.district, list);
  }
  const allTimes = (code: string) =>
    reports.filter((r) => r.district !== code && r.daysToResolve !== null).map((r) => r.daysToResolve!);
  const tested = districts.filter((d) => (byDistrict.get(d.code) ?? []).filter((r) => r.daysToResolve !== null).length >= rule.minResolved);
  const threshold = rule.alpha / Math.max(1, tested.length);

  const out: DistrictEquity[] = districts.map((d) => {
    const list = byDistrict.get(d.code) ?? [];
    const times = list.filter((r) => r.daysToResolve !== null).map((r) => r.daysToResolve!);
    const med = median(times);
    let pValue: number | null = null;
    let slower = false;
    if (times.length >= rule.minResolved) {
      const rest = allTimes(d.code);
      const restMedian = median(rest);
      pValue = mannWhitneyGreater(times, rest);
      slower = med !== null && restMedian !== null && med >= rule.ratio * Math.max(restMedian, 1e-9) && pValue !== null && pValue < threshold;
    }
    return {
      ...d,
      reports: list.length,
      reportsPer1000: d.population && d.population > 0 ? round((list.length * 1000) / d.population) : null,
      resolved: times.length,
      medianDaysToResolve: med === null ? null : round(med),
      reopenedShare: times.length ? round(list.filter((r) => r.reopened).length / list.length, 3) : null,
      slower,
      pValue: pValue === null ? null : round(pValue, 6),
    };
  });
  const withIncome = out.filter((d) => d.medianIncome !== null && d.medianDaysToResolve !== null);
  return {
    districts: out,
    incomeVsResolution: {
      spearman: withIncome.length >= 4 ? spearman(withIncome.map((d) => d.medianIncome!), withIncome.map((d) => d.medianDaysToResolve!)) : null,
      districts: withIncome.length,
    },
  };
}

export function equityRuleText(rule: EquityRule): { fr: string; en: string } {
  return {
    fr:
      `Un quartier est signalé comme traité nettement plus lentement quand il compte au moins ${rule.minResolved} signalements résolus, ` +
      `que son délai médian de résolution atteint ${rule.ratio} fois celui du reste de la commune, et qu’un test unilatéral de Mann–Whitney ` +
      `donne p < ${rule.alpha} divisé par le nombre de quartiers testés (correction de Bonferroni).`,
    en:
      `A district is flagged as resolved markedly slower when it has at least ${rule.minResolved} resolved reports, its median time to ` +
      `resolution is at least ${rule.ratio} times the rest of the commune's, and a one-sided Mann–Whitney test gives p < ${rule.alpha} ` +
      `divided by the number of districts tested (Bonferroni correction).`,
  };
}
