/**
 * Hotspot membership from the spatial core's local statistics, for the priority rule: is a
 * territory part of a significant cluster of disadvantaged territories?
 *
 * - local Moran (LISA): a territory in the disadvantaged quadrant — low score among low scores
 *   (LL, quadrant 3) for a variable where higher is better such as the composite index; high
 *   among high (HH, quadrant 1) for one where higher is worse such as a poverty rate;
 * - Gi*: a cold spot (z < 0) for "higher is better", a hot spot (z > 0) for "higher is worse".
 * Each statistic's p-values are corrected by Benjamini–Hochberg at the false discovery rate α
 * (0.05 by default) over the territories that have one (islands left out), with the spatial
 * core's `benjaminiHochberg`; a territory is a member when either statistic says so.
 */
import type { Direction, Wording } from '../index/indicators';
import { formatNumber } from '../index/wording';
import { benjaminiHochberg } from '../spatial/multiple-testing';

export interface ClusterInput {
  /** Local Moran on the variable: quadrant per territory (1 HH, 2 LH, 3 LL, 4 HL, 0 none) and p-value. */
  localMoran?: { quadrant: ArrayLike<number>; p: ArrayLike<number> } | null;
  /** Gi* on the variable: z-score and p-value per territory. */
  getisOrdStar?: { z: ArrayLike<number>; p: ArrayLike<number> } | null;
  /** Which way is good for the variable analysed (the composite index: higher is better). */
  orientation: Direction;
  alpha?: number;
}

export interface ClusterMembership {
  /** In a significant disadvantaged LISA cluster, per territory. */
  lisa: boolean[];
  /** A significant disadvantaged Gi* spot, per territory. */
  getisOrdStar: boolean[];
  member: boolean[];
  alpha: number;
  lisaCutoff: number | null;
  getisOrdCutoff: number | null;
  /** What membership means, for explanations. */
  description: Wording;
}

const LOW_LOW = 3;
const HIGH_HIGH = 1;

export function disadvantagedClusters(n: number, input: ClusterInput): ClusterMembership {
  const alpha = input.alpha ?? 0.05;
  const higherIsBetter = input.orientation === 'higher-is-better';
  const lisa = new Array<boolean>(n).fill(false);
  const spots = new Array<boolean>(n).fill(false);
  let lisaCutoff: number | null = null;
  let getisOrdCutoff: number | null = null;
  if (input.localMoran) {
    const { quadrant, p } = input.localMoran;
    if (quadrant.length !== n || p.length !== n) throw new Error(`the local Moran results cover ${p.length} territories, not ${n}`);
    const correction = benjaminiHochberg(p, alpha);
    lisaCutoff = correction.cutoff;
    const wanted = higherIsBetter ? LOW_LOW : HIGH_HIGH;
    for (let i = 0; i < n; i++) lisa[i] = correction.rejected[i]! && quadrant[i] === wanted;
  }
  if (input.getisOrdStar) {
    const { z, p } = input.getisOrdStar;
    if (z.length !== n || p.length !== n) throw new Error(`the Gi* results cover ${p.length} territories, not ${n}`);
    const correction = benjaminiHochberg(p, alpha);
    getisOrdCutoff = correction.cutoff;
    for (let i = 0; i < n; i++) spots[i] = correction.rejected[i]! && (higherIsBetter ? z[i]! < 0 : z[i]! > 0);
  }
  const level = formatNumber(alpha * 100, 'fr', 0);
  const quadrantName = higherIsBetter ? { fr: 'bas-bas', en: 'low-low' } : { fr: 'haut-haut', en: 'high-high' };
  const spotName = higherIsBetter ? { fr: 'point froid', en: 'cold spot' } : { fr: 'point chaud', en: 'hot spot' };
  const statistics = {
    fr: [input.localMoran ? `LISA ${quadrantName.fr}` : null, input.getisOrdStar ? `${spotName.fr} Gi*` : null].filter(Boolean).join(' ou '),
    en: [input.localMoran ? `LISA ${quadrantName.en}` : null, input.getisOrdStar ? `Gi* ${spotName.en}` : null].filter(Boolean).join(' or '),
  };
  return {
    lisa,
    getisOrdStar: spots,
    member: lisa.map((inLisa, i) => inLisa || spots[i]!),
    alpha,
    lisaCutoff,
    getisOrdCutoff,
    description: {
      fr: `${statistics.fr}, taux de fausses découvertes ${level}\u00a0%`,
      en: `${statistics.en}, false discovery rate ${formatNumber(alpha * 100, 'en', 0)}%`,
    },
  };
}
