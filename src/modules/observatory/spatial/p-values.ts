/**
 * p-values from a z-score (normal approximation) and pseudo p-values from a permutation reference
 * distribution, under one alternative hypothesis chosen once for a whole analysis:
 * - 'two-sided': either tail, doubled (2·P(Z ≥ |z|); 2·(min(#≥, #≤) + 1)/(R + 1), at most 1);
 * - 'directed': the tail the observed value lies in, not doubled — PySAL's default (esda's
 *   `alternative='directed'`, GeoDa's LISA p-values), half the two-sided value, so at 5 % it
 *   rejects a true null about 10 % of the time;
 * - 'greater' / 'lesser': one fixed tail.
 */
import { normalCdf, normalSurvival } from './normal';

export const ALTERNATIVES = ['two-sided', 'directed', 'greater', 'lesser'] as const;
export type Alternative = (typeof ALTERNATIVES)[number];

export function analyticPValue(z: number, alternative: Alternative): number {
  if (!Number.isFinite(z)) return Number.NaN;
  switch (alternative) {
    case 'two-sided':
      return Math.min(1, 2 * normalSurvival(Math.abs(z)));
    case 'directed':
      return normalSurvival(Math.abs(z));
    case 'greater':
      return normalSurvival(z);
    case 'lesser':
      return normalCdf(z);
  }
}

/**
 * From the counts of simulated values at or above (`atLeast`) and at or below (`atMost`) the
 * observed one among `permutations` draws. 'directed' reproduces esda exactly: the count above,
 * or the count strictly below when that is the smaller.
 */
export function pseudoPValue(atLeast: number, atMost: number, permutations: number, alternative: Alternative): number {
  const denominator = permutations + 1;
  switch (alternative) {
    case 'two-sided':
      return Math.min(1, (2 * (Math.min(atLeast, atMost) + 1)) / denominator);
    case 'directed': {
      const larger = permutations - atLeast < atLeast ? permutations - atLeast : atLeast;
      return (larger + 1) / denominator;
    }
    case 'greater':
      return (atLeast + 1) / denominator;
    case 'lesser':
      return (atMost + 1) / denominator;
  }
}
