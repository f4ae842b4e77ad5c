import type { FeatureQuota } from './model';

/** Population shares by feature, then value: `{ gender: { female: 0.52, male: 0.48 } }`. */
export type PopulationShares = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * How far a quota may stray from the proportional number of seats `panelSize × share`:
 * `seats` seats plus `relative` times that number. `{ seats: 1, relative: 0.1 }` turns 17.85 seats
 * into [15, 21]; `{}` gives the nearest whole numbers around it, [17, 18].
 */
export interface ShareTolerance {
  seats?: number;
  relative?: number;
}

const ROUNDING_SLACK = 1e-9;

/**
 * Quotas from population shares. Shares of a feature are normalised to sum to 1; the bounds are
 * whole seats around the proportional number, so the minima of a feature never sum above the panel
 * size and its maxima never below it.
 */
export function quotasFromShares(panelSize: number, shares: PopulationShares, tolerance: ShareTolerance = {}): FeatureQuota[] {
  if (!Number.isInteger(panelSize) || panelSize < 1) throw new RangeError(`The panel size must be a positive integer (got ${panelSize}).`);
  const seats = tolerance.seats ?? 0;
  const relative = tolerance.relative ?? 0;
  if (!(seats >= 0) || !(relative >= 0)) throw new RangeError('The tolerance must be non-negative.');
  const quotas: FeatureQuota[] = [];
  for (const [feature, byValue] of Object.entries(shares)) {
    const entries = Object.entries(byValue);
    const total = entries.reduce((sum, [, share]) => sum + share, 0);
    if (entries.some(([, share]) => !(share >= 0)) || !(total > 0)) {
      throw new RangeError(`The shares of ${feature} must be non-negative numbers with a positive sum.`);
    }
    for (const [value, share] of entries) {
      const target = (panelSize * share) / total;
      const slack = seats + relative * target;
      quotas.push({
        feature,
        value,
        min: Math.max(0, Math.floor(target - slack + ROUNDING_SLACK)),
        max: Math.min(panelSize, Math.ceil(target + slack - ROUNDING_SLACK)),
      });
    }
  }
  return quotas;
}
