/**
 * One analysis as the `spatial` command runs it, from areas already read to the JSON report:
 * weights built and transformed as PySAL does for each statistic, the statistic, its analytic and
 * permutation inference. Pure: no file, no clock, the randomness from the seed.
 *
 * Conventions (README.md has the formulas):
 * - moran, local-moran, bivariate-local-moran: row-standardised weights by default (esda's
 *   transformation='r');
 * - g (global Getis–Ord): binary weights, always (esda.G forces 'B');
 * - gi, gistar: row-standardised by default (esda.G_Local's transform='R'), `binary` on request;
 * - with a population, the variable is an event count and Moran's I is computed on the
 *   Assunção–Reis empirical-Bayes standardised rates (esda.Moran_Rate, Moran_Local_Rate).
 */
import { areaWeights, describeWeights, type AreaWeightsOptions, type WeightsSpec } from './area-weights';
import type { ExcludedArea, FeatureReadResult } from './features';
import { globalG, localG } from './getis-ord';
import { bivariateLocalMoran, localMoran } from './local-moran';
import { globalMoran } from './moran';
import { benjaminiHochberg, bonferroni } from './multiple-testing';
import type { Alternative } from './p-values';
import { seededRandom } from './random';
import { assuncaoReisRates } from './rates';
import { islands, withTransform } from './weights';

export const STATISTICS = ['moran', 'local-moran', 'bivariate-local-moran', 'g', 'gi', 'gistar'] as const;
export type Statistic = (typeof STATISTICS)[number];

export interface AnalysisOptions {
  statistic: Statistic;
  weights: WeightsSpec;
  /** Overrides the statistic's default transform (not for g, which is always binary). */
  transform?: 'row' | 'binary';
  permutations: number;
  seed: number;
  alternative: Alternative;
  /** The read areas' values are [variable], [variable, variable2] or [events, population]. */
  rate?: boolean;
  weightsOptions?: AreaWeightsOptions;
  /** Significance level for the multiple-testing cutoffs of local statistics. */
  alpha?: number;
  /** Told when each step ends ('weights', then 'statistic'), for timings. */
  onStep?: (step: 'weights' | 'statistic') => void;
}

export interface LocalEntry {
  id: string;
  value: number | null;
  z: number | null;
  p: number | null;
  quadrant: number | null;
}

export interface SpatialReport {
  n: number;
  statistic: Statistic;
  value: number | null;
  expected: number | null;
  z: number | null;
  p_normal: number | null;
  p_randomisation: number | null;
  p_permutation: number | null;
  local: LocalEntry[] | null;
  z_randomisation: number | null;
  z_permutation: number | null;
  permutations: number;
  seed: number;
  alternative: Alternative;
  weights: { spec: string; transform: 'row' | 'binary'; snap: number | null; links: number; islands: string[] };
  fdr_cutoff: number | null;
  bonferroni_cutoff: number | null;
  excluded: ExcludedArea[];
}

const LOCAL: readonly Statistic[] = ['local-moran', 'bivariate-local-moran', 'gi', 'gistar'];

export function defaultTransform(statistic: Statistic): 'row' | 'binary' {
  return statistic === 'g' ? 'binary' : 'row';
}

export function runAnalysis(input: FeatureReadResult, options: AnalysisOptions): SpatialReport {
  const report = computeReport(input, options);
  options.onStep?.('statistic');
  return report;
}

function computeReport(input: FeatureReadResult, options: AnalysisOptions): SpatialReport {
  const { areas, excluded } = input;
  const { statistic, permutations, seed, alternative } = options;
  if (options.transform && statistic === 'g' && options.transform !== 'binary') {
    throw new Error('global G is defined on binary weights (as esda.G): --transform row does not apply');
  }
  if (options.rate && statistic !== 'moran' && statistic !== 'local-moran') {
    throw new Error('empirical-Bayes rates apply to moran and local-moran only');
  }
  if (areas.length < 3) throw new Error(`${areas.length} areas have all their values: at least 3 are needed`);
  const transform = options.transform ?? defaultTransform(statistic);
  const built = areaWeights(areas, options.weights, options.weightsOptions);
  const structure = built.weights;
  options.onStep?.('weights');
  const random = seededRandom(seed);
  const column = (k: number) => Float64Array.from(areas, (area) => area.values[k]!);
  // The statistics' own checks name areas by position; these name the features.
  const refuse = (k: number, test: (v: number) => boolean, what: string) => {
    const bad = areas.find((area) => !test(area.values[k]!));
    if (bad) throw new Error(`feature #${bad.index + 1} (id ${bad.id}) has ${bad.values[k]}: ${what}`);
  };
  if (options.rate) {
    refuse(0, (v) => v >= 0, 'an event count cannot be negative');
    refuse(1, (v) => v > 0, 'a rate needs a positive population');
  }
  if (statistic === 'g' || statistic === 'gi' || statistic === 'gistar') refuse(0, (v) => v >= 0, 'Getis-Ord statistics need non-negative values');
  const y = options.rate ? assuncaoReisRates(column(0), column(1)) : column(0);
  const inference = { permutations, random, alternative };
  const ids = areas.map((area) => area.id);

  const base: SpatialReport = {
    n: areas.length,
    statistic,
    value: null,
    expected: null,
    z: null,
    p_normal: null,
    p_randomisation: null,
    p_permutation: null,
    local: null,
    z_randomisation: null,
    z_permutation: null,
    permutations,
    seed,
    alternative,
    weights: {
      spec: describeWeights(options.weights),
      transform,
      snap: built.snap,
      links: structure.neighbours.length,
      islands: islands(structure).map((i) => ids[i]!),
    },
    fdr_cutoff: null,
    bonferroni_cutoff: null,
    excluded,
  };

  switch (statistic) {
    case 'moran': {
      const m = globalMoran(y, withTransform(structure, transform), inference);
      return {
        ...base,
        value: m.I,
        expected: m.expected,
        z: finite(m.zNormal),
        p_normal: finite(m.pNormal),
        p_randomisation: finite(m.pRandomisation),
        z_randomisation: finite(m.zRandomisation),
        p_permutation: m.permutation ? m.permutation.p : null,
        z_permutation: m.permutation ? finite(m.permutation.z) : null,
      };
    }
    case 'g': {
      const g = globalG(y, structure, inference);
      return {
        ...base,
        value: g.G,
        expected: g.expected,
        z: finite(g.z),
        p_normal: finite(g.p),
        p_permutation: g.permutation ? g.permutation.p : null,
        z_permutation: g.permutation ? finite(g.permutation.z) : null,
      };
    }
    case 'local-moran':
    case 'bivariate-local-moran': {
      const w = withTransform(structure, transform);
      const result = statistic === 'local-moran' ? localMoran(y, w, inference) : bivariateLocalMoran(y, column(1), w, inference);
      const bivariate = statistic === 'bivariate-local-moran';
      const local = ids.map((id, i): LocalEntry => {
        const island = result.quadrant[i] === 0;
        const p = result.permutation ? result.permutation.p[i]! : result.pAnalytic[i]!;
        const z = bivariate ? (result.permutation ? result.permutation.z[i]! : Number.NaN) : result.zAnalytic[i]!;
        return { id, value: result.I[i]!, z: island ? null : finite(z), p: island ? null : finite(p), quadrant: island ? null : result.quadrant[i]! };
      });
      return withCutoffs({ ...base, local }, options.alpha);
    }
    case 'gi':
    case 'gistar': {
      const result = localG(y, structure, { ...inference, star: statistic === 'gistar', transform });
      const local = ids.map((id, i): LocalEntry => {
        const p = result.permutation ? result.permutation.p[i]! : result.p[i]!;
        return { id, value: finite(result.G[i]!), z: finite(result.z[i]!), p: finite(p), quadrant: null };
      });
      return withCutoffs({ ...base, local }, options.alpha);
    }
  }
}

function withCutoffs(report: SpatialReport, alpha = 0.05): SpatialReport {
  const p = (report.local ?? []).map((entry) => entry.p ?? Number.NaN);
  if (!p.some(Number.isFinite)) return report;
  return { ...report, fdr_cutoff: benjaminiHochberg(p, alpha).cutoff, bonferroni_cutoff: bonferroni(p, alpha).cutoff };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function isLocal(statistic: Statistic): boolean {
  return LOCAL.includes(statistic);
}
