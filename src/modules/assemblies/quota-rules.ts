/**
 * Quotas that no pool can help (a configuration mistake, not a shortage of volunteers, which the
 * feasibility check relaxes): refused with a clear problem before anything is stored. Pure.
 */
import { HttpProblem } from '../../platform/http/problem';
import type { QuotaInput } from './api-schemas';

export function assertQuotasValid(panelSize: number, quotas: readonly QuotaInput[]): void {
  const seen = new Set<string>();
  const sums = new Map<string, { min: number; max: number }>();
  for (const q of quotas) {
    const params = { feature: q.feature, value: q.value, min: q.min, max: q.max, panelSize };
    const key = `${q.feature}\u0000${q.value}`;
    if (seen.has(key)) throw new HttpProblem(422, 'assemblies.quota_duplicate', `The quota ${q.feature}:${q.value} is given twice.`, { params });
    seen.add(key);
    if (q.min > q.max) throw new HttpProblem(422, 'assemblies.quota_min_above_max', `The minimum of ${q.feature}:${q.value} exceeds its maximum.`, { params });
    if (q.min > panelSize) throw new HttpProblem(422, 'assemblies.quota_above_panel', `The minimum of ${q.feature}:${q.value} exceeds the panel size.`, { params });
    if ((q.minFlex ?? 0) > q.min || (q.maxFlex ?? panelSize) < q.max) {
      throw new HttpProblem(422, 'assemblies.quota_flex_invalid', `The flex bounds of ${q.feature}:${q.value} must surround its quota.`, { params });
    }
    const sum = sums.get(q.feature) ?? { min: 0, max: 0 };
    sum.min += q.min;
    sum.max += q.max;
    sums.set(q.feature, sum);
  }
  for (const [feature, sum] of sums) {
    if (sum.min > panelSize) {
      throw new HttpProblem(422, 'assemblies.quota_minimums_exceed_panel', `The minimums of ${feature} add up to ${sum.min}, more than the panel of ${panelSize}.`, {
        params: { feature, sum: sum.min, panelSize },
      });
    }
    if (sum.max < panelSize) {
      throw new HttpProblem(422, 'assemblies.quota_maximums_below_panel', `The maximums of ${feature} add up to ${sum.max}, less than the panel of ${panelSize}.`, {
        params: { feature, sum: sum.max, panelSize },
      });
    }
  }
}
