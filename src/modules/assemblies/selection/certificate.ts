import type { Highs } from 'highs';
import { ColumnMatrix, createModel, MIP_OPTIONS, MODEL_STATUS, RETRY_OPTIONS, SolverError, statusName } from './highs';
import { normaliseAddress, type SelectionInstance } from './model';

/**
 * The optimality certificate of the smallest selection probability, and its independent checker.
 *
 * The certificate is a weight y[i] ≥ 0 per volunteer with Σ y = 1 and a bound z. If no feasible
 * panel P has Σ_{i∈P} y[i] > z, then no lottery over panels can give every volunteer more than z:
 * its expected panel weight Σ_i y[i]·p[i] is at least min_i p[i] and at most z. (These are the dual
 * values of the first stage of the leximin LP.) A distribution whose smallest probability reaches
 * z is therefore optimal for that smallest probability.
 *
 * The checker works from the raw pool, not from the classes the solver used: it checks every panel
 * of the distribution against the quotas and households, computes each volunteer's probability,
 * and solves its own MIP over individual volunteers for the heaviest panel under y.
 */

export const CERTIFICATE_FORMAT = 'beffroi-sortition-certificate/1';

export interface OptimalityCertificate {
  format: typeof CERTIFICATE_FORMAT;
  /** No distribution gives every volunteer a probability above this. */
  bound: number;
  /** Weight per volunteer id (absent: 0). */
  weights: Record<string, number>;
}

/** A distribution over panels of classes, each class a list of interchangeable volunteer ids. */
export interface ClassLottery {
  classes: { members: string[] }[];
  /** Each panel's probability and its [class index, count] pairs. */
  panels: { probability: number; members: [number, number][] }[];
}

export interface CertificateCheck {
  valid: boolean;
  problems: string[];
  /** Smallest selection probability in the distribution. */
  minimum: number;
  /** The bound the certificate claims. */
  bound: number;
  /** Heaviest feasible panel under the certificate's weights (the checker's own MIP). */
  heaviestPanel: number;
}

/** Each volunteer's probability under a class lottery (uniform choice inside a class). */
export function volunteerProbabilities(lottery: ClassLottery): Map<string, number> {
  const p = new Map<string, number>();
  for (const cls of lottery.classes) for (const id of cls.members) p.set(id, 0);
  for (const panel of lottery.panels) {
    for (const [c, n] of panel.members) {
      const members = lottery.classes[c]!.members;
      for (const id of members) p.set(id, (p.get(id) ?? 0) + (panel.probability * n) / members.length);
    }
  }
  return p;
}

/** The heaviest panel of individual volunteers under the weights, with the instance's own rules. */
export function heaviestPanel(highs: Highs, instance: SelectionInstance, weights: Record<string, number>): number {
  const n = instance.volunteers.length;
  const features = [...new Set(instance.quotas.map((q) => q.feature))];
  const valueRow = new Map<string, number>();
  instance.quotas.forEach((q, i) => valueRow.set(`${q.feature}\u0000${q.value}`, 1 + i));
  const households = new Map<string, number[]>();
  if (instance.onePerHousehold) {
    instance.volunteers.forEach((v, i) => {
      if (!v.address) return;
      const key = normaliseAddress(v.address);
      if (!key) return;
      households.set(key, [...(households.get(key) ?? []), i]);
    });
  }
  const householdRows = [...households.values()].filter((members) => members.length >= 2);
  const householdOf = new Map<number, number>();
  householdRows.forEach((members, h) => members.forEach((i) => householdOf.set(i, 1 + instance.quotas.length + h)));
  const matrix = new ColumnMatrix();
  instance.volunteers.forEach((v, i) => {
    const rows = [0];
    for (const f of features) {
      const row = valueRow.get(`${f}\u0000${v.features[f]}`);
      if (row === undefined) throw new SolverError(`Volunteer ${v.id} has no quota for ${f}=${v.features[f]}.`);
      rows.push(row);
    }
    const h = householdOf.get(i);
    if (h !== undefined) rows.push(h);
    matrix.push(rows, rows.map(() => 1));
  });
  const rowCount = 1 + instance.quotas.length + householdRows.length;
  const model = createModel(
    highs,
    {
      numCols: n,
      numRows: rowCount,
      sense: highs.constants.objectiveSense.maximize,
      colCost: instance.volunteers.map((v) => weights[v.id] ?? 0),
      colLower: new Float64Array(n),
      colUpper: new Float64Array(n).fill(1),
      rowLower: [instance.panelSize, ...instance.quotas.map((q) => q.min), ...householdRows.map(() => -highs.infinity)],
      rowUpper: [instance.panelSize, ...instance.quotas.map((q) => q.max), ...householdRows.map(() => 1)],
      matrix: { format: 'csc', numRows: rowCount, numCols: n, ...matrix },
      integrality: new Int32Array(n).fill(1),
    },
    MIP_OPTIONS,
  );
  try {
    const failures: string[] = [];
    for (let attempt = 0; attempt <= RETRY_OPTIONS.length; attempt++) {
      if (attempt > 0) {
        model.clearSolver();
        model.options.set(RETRY_OPTIONS[attempt - 1]!);
      }
      const { modelStatus } = model.run();
      if (modelStatus === MODEL_STATUS.optimal) {
        const bound = Number(model.info.get('mip_dual_bound'));
        return Math.max(model.getObjectiveValue(), Number.isFinite(bound) ? bound : -Infinity);
      }
      if (modelStatus === MODEL_STATUS.infeasible && attempt > 0) return -Infinity;
      failures.push(statusName(modelStatus));
    }
    throw new SolverError(`The certificate's MIP failed: ${failures.join('; ')}.`);
  } finally {
    model.dispose();
  }
}

/**
 * Checks a distribution and its certificate against the raw instance. `tolerance` is how far the
 * smallest probability may sit below the bound (round-off of the solver: 1e-6 by default; for a
 * lottery rounded to m tickets, allow the rounding too).
 */
export function checkCertificate(
  highs: Highs,
  instance: SelectionInstance,
  lottery: ClassLottery,
  certificate: OptimalityCertificate,
  tolerance = 1e-6,
): CertificateCheck {
  const problems: string[] = [];
  const byId = new Map(instance.volunteers.map((v) => [v.id, v]));
  const features = [...new Set(instance.quotas.map((q) => q.feature))];
  const seen = new Set<string>();
  const classValues: string[][] = lottery.classes.map((cls, c) => {
    const first = byId.get(cls.members[0] ?? '');
    if (!first) {
      problems.push(`class ${c} is empty or names someone outside the pool`);
      return [];
    }
    for (const id of cls.members) {
      const v = byId.get(id);
      if (!v) problems.push(`class ${c} names ${id}, who is not in the pool`);
      else if (features.some((f) => v.features[f] !== first.features[f])) problems.push(`class ${c} mixes volunteers with different features`);
      if (seen.has(id)) problems.push(`volunteer ${id} is in two classes`);
      seen.add(id);
    }
    return features.map((f) => first.features[f]!);
  });
  // Households: whatever members the draw takes inside the classes, at most one per address.
  const householdOf = new Map<string, string>();
  if (instance.onePerHousehold) {
    for (const v of instance.volunteers) if (v.address && normaliseAddress(v.address)) householdOf.set(v.id, normaliseAddress(v.address));
  }
  let total = 0;
  lottery.panels.forEach((panel, j) => {
    if (!(panel.probability >= -1e-12)) problems.push(`panel ${j} has a negative probability`);
    total += panel.probability;
    let size = 0;
    const counts = new Map<string, number>();
    const perHousehold = new Map<string, number>();
    for (const [c, n] of panel.members) {
      const cls = lottery.classes[c];
      if (!cls || !Number.isInteger(n) || n < 1 || n > cls.members.length) {
        problems.push(`panel ${j} takes ${n} from class ${c}`);
        continue;
      }
      size += n;
      features.forEach((f, k) => counts.set(`${f}\u0000${classValues[c]![k]}`, (counts.get(`${f}\u0000${classValues[c]![k]}`) ?? 0) + n));
      const inClass = new Map<string, number>();
      for (const id of cls.members) {
        const h = householdOf.get(id);
        if (h) inClass.set(h, (inClass.get(h) ?? 0) + 1);
      }
      for (const [h, members] of inClass) perHousehold.set(h, (perHousehold.get(h) ?? 0) + Math.min(n, members));
    }
    if (size !== instance.panelSize) problems.push(`panel ${j} has ${size} members instead of ${instance.panelSize}`);
    for (const q of instance.quotas) {
      const c = counts.get(`${q.feature}\u0000${q.value}`) ?? 0;
      if (c < q.min || c > q.max) problems.push(`panel ${j} has ${c} with ${q.feature}=${q.value}, outside [${q.min}, ${q.max}]`);
    }
    for (const [h, n] of perHousehold) if (n > 1) problems.push(`panel ${j} can hold ${n} members of the household at "${h}"`);
  });
  if (Math.abs(total - 1) > 1e-9) problems.push(`the probabilities sum to ${total}, not 1`);
  const probabilities = volunteerProbabilities(lottery);
  let minimum = Infinity;
  for (const v of instance.volunteers) minimum = Math.min(minimum, probabilities.get(v.id) ?? 0);

  let weightSum = 0;
  for (const [id, w] of Object.entries(certificate.weights)) {
    if (!byId.has(id)) problems.push(`the certificate weighs ${id}, who is not in the pool`);
    if (!(w >= 0)) problems.push(`the certificate gives ${id} a negative weight`);
    weightSum += w;
  }
  if (Math.abs(weightSum - 1) > 1e-9) problems.push(`the certificate's weights sum to ${weightSum}, not 1`);
  const heaviest = heaviestPanel(highs, instance, certificate.weights);
  if (heaviest > certificate.bound + 1e-9) {
    problems.push(`a feasible panel weighs ${heaviest} under the certificate, above its bound ${certificate.bound}: the bound is not proven`);
  }
  if (minimum < certificate.bound - tolerance) {
    problems.push(`the smallest probability ${minimum} is below the proven optimum ${certificate.bound} (by ${certificate.bound - minimum})`);
  }
  return { valid: problems.length === 0, problems, minimum, bound: certificate.bound, heaviestPanel: heaviest };
}
