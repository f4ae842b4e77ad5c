/**
 * Who took part, against who lives there: the districts and age bands participants declared
 * (optional, so only among those who declared) compared with the population of the districts the
 * consultation concerns. Pure.
 *
 * A group is flagged under-represented when its share of the declarations is below `ratio` times
 * its share of the population AND the gap is statistically clear: a one-proportion z test of the
 * observed share against the population share, z < −1.96 (5 %, one-sided at 2.5 %). Below
 * `minDeclarations` declarations nothing is flagged: too few to say.
 */

export interface GroupComparison {
  /** District code or age band id. */
  value: string;
  label: string;
  participants: number;
  /** Share of the participants who declared this dimension. */
  share: number;
  population: number | null;
  /** Share of the population of the compared groups; null when the population is unknown. */
  populationShare: number | null;
  /** share / populationShare; null when unknown. */
  ratio: number | null;
  zScore: number | null;
  underRepresented: boolean;
  overRepresented: boolean;
}

export interface DimensionComparison {
  declared: number;
  /** Participants who did not declare this dimension. */
  undeclared: number;
  /** False when the population of some group is unknown: shares are then not compared. */
  comparable: boolean;
  groups: GroupComparison[];
}

export interface RepresentativenessOptions {
  ratio: number;
  minDeclarations: number;
}

export const DEFAULT_REPRESENTATIVENESS: RepresentativenessOptions = { ratio: 0.75, minDeclarations: 30 };

const Z_CRITICAL = 1.96;

export function compareWithPopulation(
  groups: readonly { value: string; label: string; population: number | null }[],
  declaredCounts: ReadonlyMap<string, number>,
  undeclared: number,
  options: RepresentativenessOptions = DEFAULT_REPRESENTATIVENESS,
): DimensionComparison {
  const declared = groups.reduce((s, g) => s + (declaredCounts.get(g.value) ?? 0), 0);
  const comparable = groups.length > 0 && groups.every((g) => g.population !== null && g.population >= 0);
  const totalPopulation = comparable ? groups.reduce((s, g) => s + (g.population ?? 0), 0) : 0;
  const enough = declared >= options.minDeclarations;
  return {
    declared,
    undeclared,
    comparable: comparable && totalPopulation > 0,
    groups: groups.map((g) => {
      const participants = declaredCounts.get(g.value) ?? 0;
      const share = declared > 0 ? participants / declared : 0;
      const populationShare = comparable && totalPopulation > 0 ? (g.population ?? 0) / totalPopulation : null;
      const ratio = populationShare ? share / populationShare : null;
      const zScore =
        populationShare !== null && populationShare > 0 && populationShare < 1 && declared > 0
          ? (share - populationShare) / Math.sqrt((populationShare * (1 - populationShare)) / declared)
          : null;
      const significant = (z: number | null, sign: 1 | -1) => z !== null && sign * z > Z_CRITICAL;
      return {
        value: g.value,
        label: g.label,
        participants,
        share,
        population: g.population,
        populationShare,
        ratio,
        zScore,
        underRepresented: enough && ratio !== null && ratio < options.ratio && significant(zScore, -1),
        overRepresented: enough && ratio !== null && ratio > 1 / options.ratio && significant(zScore, 1),
      };
    }),
  };
}
