import { checkCertificate as checkCertificateWith, CERTIFICATE_FORMAT, volunteerProbabilities, type CertificateCheck, type ClassLottery, type OptimalityCertificate } from './certificate';
import { DISTRIBUTION_FORMAT, type PublishedDistribution } from './draw';
import { checkFeasibility, type FeasibilityReport } from './feasibility';
import { discardSolver, loadSolver } from './highs';
import { estimateLegacy } from './legacy';
import { classDistribution, type DistributionStats, type FairnessObjective } from './leximin';
import { roundToTickets } from './lottery';
import { compileInstance, type CompiledInstance, type SelectionInstance } from './model';
import { giniCoefficient } from './stats';

/**
 * The sortition module's algorithmic core, as plain data in and plain data out (see ../README.md).
 * Everything here is deterministic; the only randomness of a selection is the public draw
 * (`drawPanel`), from a committed seed and/or a public value.
 */

export { legacyDraw, estimateLegacy, LegacyFailure } from './legacy';
export { quotasFromShares, type PopulationShares, type ShareTolerance } from './quotas';
export {
  announceDraw,
  canonicalJson,
  commitmentOf,
  distributionHash,
  distributionProblems,
  drawPanel,
  newSeedCommitment,
  verifyDraw,
  type DrawAnnouncement,
  type DrawRecord,
  type DrawVerification,
  type PublishedDistribution,
} from './draw';
export { instanceFromFiles, quotasFromCategoryRows, quotasFromFeatureRows, volunteersFromCandidateRows, volunteersFromRespondentRows, csvRows } from './csv';
export { compileInstance, normaliseAddress, SelectionInputError, type FeatureQuota, type SelectionInstance, type Volunteer } from './model';
export { generatePool, PAPER_SIZED_POOLS } from './generator';
export { giniCoefficient } from './stats';
export { SolverError } from './highs';
export { drawReplacements, type ReplacementRequest, type ReplacementOutcome } from './replacements';
export type { CertificateCheck, ClassLottery, OptimalityCertificate, FeasibilityReport, DistributionStats, FairnessObjective };

export interface SelectionOptions {
  /** LEXIMIN (default): the fairest lottery; MAXIMIN: only the smallest probability is maximised. */
  objective?: FairnessObjective;
  /** Tickets of the published lottery (default 1,000,000). */
  ticketCount?: number;
  /** Shown in the published distribution. */
  title?: string;
  timeLimitSeconds?: number;
  log?: (line: string) => void;
}

export interface SelectionDistribution {
  status: 'ok';
  objective: FairnessObjective;
  panelSize: number;
  poolSize: number;
  /** Groups of interchangeable volunteers the computation worked on. */
  classCount: number;
  /** Selection probability of each volunteer under the optimal distribution. */
  probabilities: Record<string, number>;
  minimum: number;
  gini: number;
  /** The optimal distribution over panels (exact probabilities). */
  lottery: ClassLottery;
  /** Proof that no distribution has a larger smallest probability (`checkCertificate`). */
  certificate: OptimalityCertificate;
  /** The same distribution in whole tickets: the file to publish before the draw. */
  published: PublishedDistribution;
  /** Selection probability of each volunteer under the published lottery (exact fractions of the tickets). */
  publishedProbabilities: Record<string, number>;
  publishedMinimum: number;
  stats: DistributionStats;
}

export type SelectionOutcome = SelectionDistribution | { status: 'infeasible'; feasibility: Extract<FeasibilityReport, { feasible: false }> };

/** Whether the quotas can be met and, if not, the smallest relaxation that can (within min_flex/max_flex). */
export async function checkQuotas(instance: SelectionInstance): Promise<FeasibilityReport> {
  return withSolver((highs) => checkFeasibility(highs, compileInstance(instance)));
}

/** Runs with the solver; after a WebAssembly trap, once more with a fresh instance. */
async function withSolver<T>(run: (highs: Awaited<ReturnType<typeof loadSolver>>) => T | Promise<T>): Promise<T> {
  try {
    return await run(await loadSolver());
  } catch (err) {
    if (!(err instanceof WebAssembly.RuntimeError)) throw err;
    discardSolver();
    return run(await loadSolver());
  }
}

function publish(compiled: CompiledInstance, panels: { classes: Int32Array; counts: Int32Array }[], tickets: number[], ticketCount: number, title: string): PublishedDistribution {
  return {
    format: DISTRIBUTION_FORMAT,
    title,
    panelSize: compiled.panelSize,
    features: compiled.features.map((f) => ({
      name: f.name,
      values: f.values.map((v) => ({ value: compiled.values[v]!.name, min: compiled.values[v]!.min, max: compiled.values[v]!.max })),
    })),
    classes: compiled.classes.map((cls) => ({
      values: cls.values.map((v) => compiled.values[v]!.name),
      members: cls.members.map((i) => compiled.volunteers[i]!.id),
    })),
    ticketCount,
    panels: panels.map((panel, j) => ({
      tickets: tickets[j]!,
      members: Array.from(panel.classes, (c, i) => [c, panel.counts[i]!] as [number, number]),
    })),
  };
}

/** The published lottery as a class lottery with exact probabilities (tickets / m). */
export function publishedLottery(published: PublishedDistribution): ClassLottery {
  return {
    classes: published.classes.map((c) => ({ members: c.members })),
    panels: published.panels.map((p) => ({ probability: p.tickets / published.ticketCount, members: p.members })),
  };
}

/**
 * The fair distribution over panels for a pool and its quotas, ready to publish: LEXIMIN by
 * default. When the quotas cannot be met, the smallest relaxation instead.
 */
export async function computeDistribution(instance: SelectionInstance, options: SelectionOptions = {}): Promise<SelectionOutcome> {
  const compiled = compileInstance(instance);
  return withSolver(async (highs) => {
    const feasibility = checkFeasibility(highs, compiled);
    if (!feasibility.feasible) return { status: 'infeasible' as const, feasibility };
    const objective = options.objective ?? 'leximin';
    const result = await classDistribution(highs, compiled, { objective, timeLimitSeconds: options.timeLimitSeconds, log: options.log });
    const sizes = compiled.classes.map((cls) => cls.members.length);
    const probabilities: Record<string, number> = {};
    compiled.classes.forEach((cls, c) => {
      for (const i of cls.members) probabilities[compiled.volunteers[i]!.id] = result.classProbabilities[c]!;
    });
    const weights: Record<string, number> = {};
    compiled.classes.forEach((cls, c) => {
      const w = result.certificate.classWeights[c]!;
      if (w > 0) for (const i of cls.members) weights[compiled.volunteers[i]!.id] = w / cls.members.length;
    });
    const ticketCount = options.ticketCount ?? 1_000_000;
    const rounded = roundToTickets(result.panels, result.probabilities, sizes, ticketCount);
    const published = publish(compiled, rounded.panels, rounded.tickets, ticketCount, options.title ?? '');
    const publishedProbabilities = Object.fromEntries(volunteerProbabilities(publishedLottery(published)));
    const values = Object.values(probabilities);
    return {
      status: 'ok' as const,
      objective,
      panelSize: compiled.panelSize,
      poolSize: compiled.volunteers.length,
      classCount: compiled.classes.length,
      probabilities,
      minimum: Math.min(...values),
      gini: giniCoefficient(values),
      lottery: {
        classes: published.classes.map((c) => ({ members: c.members })),
        panels: result.panels.map((panel, j) => ({
          probability: result.probabilities[j]!,
          members: Array.from(panel.classes, (c, i) => [c, panel.counts[i]!] as [number, number]),
        })),
      },
      certificate: { format: CERTIFICATE_FORMAT, bound: result.certificate.bound, weights },
      published,
      publishedProbabilities,
      publishedMinimum: Math.min(...Object.values(publishedProbabilities)),
      stats: result.stats,
    };
  });
}

/** Checks a distribution and its certificate against the raw pool, with the checker's own MIP. */
export async function checkCertificate(instance: SelectionInstance, lottery: ClassLottery, certificate: OptimalityCertificate, tolerance = 1e-6): Promise<CertificateCheck> {
  return withSolver((highs) => checkCertificateWith(highs, instance, lottery, certificate, tolerance));
}

/** LEGACY's selection probabilities, estimated from `draws` panels (per volunteer id). */
export function legacyProbabilities(instance: SelectionInstance, draws: number, seed: string | number): { probabilities: Record<string, number>; failedAttempts: number } {
  const compiled = compileInstance(instance);
  const estimate = estimateLegacy(compiled, draws, seed);
  const probabilities: Record<string, number> = {};
  compiled.classes.forEach((cls, c) => {
    for (const i of cls.members) probabilities[compiled.volunteers[i]!.id] = estimate.classProbabilities[c]!;
  });
  return { probabilities, failedAttempts: estimate.failedAttempts };
}
