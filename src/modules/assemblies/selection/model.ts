/**
 * The selection problem as plain data, its validation, and its compiled form: volunteers grouped
 * into classes of interchangeable people.
 *
 * Two volunteers with the same value for every feature, neither of whom shares a household with
 * anyone else in the pool, are interchangeable: swapping them maps every feasible panel to a
 * feasible panel. The leximin distribution is unique in its probabilities, so they receive the same
 * probability, and every algorithm here works on classes with a count instead of on people: a panel
 * becomes a vector of "how many from each class", and who inside a class is chosen is a uniform
 * draw. With households, members of a multi-person household form their own classes (at most one of
 * them may sit), which keeps the reduction exact.
 */

export interface FeatureQuota {
  feature: string;
  value: string;
  /** Fewest panel members with this value. */
  min: number;
  /** Most panel members with this value. */
  max: number;
  /** Lowest value `min` may be relaxed to when the quotas are infeasible (default 0). */
  minFlex?: number;
  /** Highest value `max` may be relaxed to when the quotas are infeasible (default the panel size). */
  maxFlex?: number;
}

export interface Volunteer {
  /** Stable, pseudonymous identifier (it is published with the distribution). */
  id: string;
  /** One value per quota feature. Other keys are ignored. */
  features: Readonly<Record<string, string>>;
  /** Postal address; volunteers whose normalised addresses are equal form one household. */
  address?: string;
}

export interface SelectionInstance {
  panelSize: number;
  quotas: readonly FeatureQuota[];
  volunteers: readonly Volunteer[];
  /** At most one panel member per household (same normalised address). */
  onePerHousehold?: boolean;
}

export type SelectionInputErrorCode =
  | 'panel_size_invalid'
  | 'quota_invalid'
  | 'quota_duplicate'
  | 'volunteer_id_duplicate'
  | 'volunteer_value_missing'
  | 'volunteer_value_unknown'
  | 'pool_too_small'
  | 'csv_invalid';

/** The input cannot describe a selection problem (as opposed to quotas that cannot be met). */
export class SelectionInputError extends Error {
  constructor(
    readonly code: SelectionInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SelectionInputError';
  }
}

export interface CompiledValue {
  feature: number;
  name: string;
  min: number;
  max: number;
  minFlex: number;
  maxFlex: number;
}

export interface CompiledFeature {
  name: string;
  /** Indices into `values`. */
  values: number[];
}

export interface VolunteerClass {
  /** For each feature, the index of the class's value in `values`. */
  values: number[];
  /** Indices into `volunteers`, ascending. */
  members: number[];
  /** Index into `households`, or -1 when the members share no household with anyone else. */
  household: number;
  /** Most members of this class a panel may hold (1 inside a household). */
  cap: number;
}

export interface CompiledInstance {
  panelSize: number;
  features: CompiledFeature[];
  values: CompiledValue[];
  volunteers: readonly Volunteer[];
  classes: VolunteerClass[];
  classOfVolunteer: Int32Array;
  /** Multi-person households: the classes of each (at most one member may sit; a class inside a household has cap 1). */
  households: number[][];
}

/**
 * The household key of an address: case, accents, punctuation and spacing do not matter
 * ("12, Rue de l'Église" and "12 rue de l eglise" are one household).
 */
export function normaliseAddress(address: string): string {
  return address
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function checkInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new SelectionInputError('quota_invalid', `${what} must be a non-negative integer (got ${value}).`);
}

/** Validates the instance and groups interchangeable volunteers. Throws `SelectionInputError`. */
export function compileInstance(instance: SelectionInstance): CompiledInstance {
  const k = instance.panelSize;
  if (!Number.isInteger(k) || k < 1) throw new SelectionInputError('panel_size_invalid', `The panel size must be a positive integer (got ${k}).`);

  const features: CompiledFeature[] = [];
  const featureIndex = new Map<string, number>();
  const values: CompiledValue[] = [];
  const valueIndex = new Map<string, number>();
  for (const q of instance.quotas) {
    checkInteger(q.min, `The minimum of ${q.feature}:${q.value}`);
    checkInteger(q.max, `The maximum of ${q.feature}:${q.value}`);
    if (q.min > q.max) throw new SelectionInputError('quota_invalid', `The minimum of ${q.feature}:${q.value} exceeds its maximum (${q.min} > ${q.max}).`);
    const minFlex = q.minFlex ?? 0;
    const maxFlex = Math.max(q.maxFlex ?? k, q.max);
    checkInteger(minFlex, `min_flex of ${q.feature}:${q.value}`);
    checkInteger(maxFlex, `max_flex of ${q.feature}:${q.value}`);
    if (minFlex > q.min) throw new SelectionInputError('quota_invalid', `min_flex of ${q.feature}:${q.value} exceeds its minimum (${minFlex} > ${q.min}).`);
    let f = featureIndex.get(q.feature);
    if (f === undefined) {
      f = features.length;
      featureIndex.set(q.feature, f);
      features.push({ name: q.feature, values: [] });
    }
    const key = `${q.feature}\u0000${q.value}`;
    if (valueIndex.has(key)) throw new SelectionInputError('quota_duplicate', `The quota ${q.feature}:${q.value} is given twice.`);
    valueIndex.set(key, values.length);
    features[f]!.values.push(values.length);
    values.push({ feature: f, name: q.value, min: q.min, max: q.max, minFlex, maxFlex });
  }

  // No pool can help quotas that contradict the panel size: a configuration mistake, not a
  // shortage of volunteers (which `checkFeasibility` handles by relaxing the quotas).
  for (const feature of features) {
    const mins = feature.values.reduce((sum, v) => sum + values[v]!.min, 0);
    const maxes = feature.values.reduce((sum, v) => sum + values[v]!.max, 0);
    if (mins > k) throw new SelectionInputError('quota_invalid', `The minimums of ${feature.name} add up to ${mins}, more than the panel of ${k}.`);
    if (maxes < k) throw new SelectionInputError('quota_invalid', `The maximums of ${feature.name} add up to ${maxes}, less than the panel of ${k}.`);
  }

  const ids = new Set<string>();
  const volunteerValues: number[][] = [];
  for (const v of instance.volunteers) {
    if (ids.has(v.id)) throw new SelectionInputError('volunteer_id_duplicate', `The volunteer id "${v.id}" is used twice.`);
    ids.add(v.id);
    const own: number[] = [];
    for (const feature of features) {
      const value = v.features[feature.name];
      if (value === undefined || value === '') {
        throw new SelectionInputError('volunteer_value_missing', `Volunteer "${v.id}" has no value for ${feature.name}.`);
      }
      const index = valueIndex.get(`${feature.name}\u0000${value}`);
      if (index === undefined) {
        throw new SelectionInputError('volunteer_value_unknown', `Volunteer "${v.id}" has the value "${value}" for ${feature.name}, which has no quota.`);
      }
      own.push(index);
    }
    volunteerValues.push(own);
  }
  if (instance.volunteers.length < k) {
    throw new SelectionInputError('pool_too_small', `The pool has ${instance.volunteers.length} volunteers for a panel of ${k}.`);
  }

  // Households with at least two volunteers; the others impose nothing.
  const householdOf = new Int32Array(instance.volunteers.length).fill(-1);
  let householdCount = 0;
  if (instance.onePerHousehold) {
    const byAddress = new Map<string, number[]>();
    instance.volunteers.forEach((v, i) => {
      if (v.address === undefined) return;
      const key = normaliseAddress(v.address);
      if (!key) return;
      const list = byAddress.get(key);
      if (list) list.push(i);
      else byAddress.set(key, [i]);
    });
    for (const members of byAddress.values()) {
      if (members.length < 2) continue;
      for (const i of members) householdOf[i] = householdCount;
      householdCount++;
    }
  }

  const classes: VolunteerClass[] = [];
  const classByKey = new Map<string, number>();
  const classOfVolunteer = new Int32Array(instance.volunteers.length);
  volunteerValues.forEach((own, i) => {
    const household = householdOf[i]!;
    const key = `${household}|${own.join(',')}`;
    let c = classByKey.get(key);
    if (c === undefined) {
      c = classes.length;
      classByKey.set(key, c);
      classes.push({ values: own, members: [], household, cap: 0 });
    }
    classes[c]!.members.push(i);
    classOfVolunteer[i] = c;
  });
  const households: number[][] = Array.from({ length: householdCount }, () => []);
  classes.forEach((cls, c) => {
    cls.cap = cls.household >= 0 ? 1 : cls.members.length;
    if (cls.household >= 0) households[cls.household]!.push(c);
  });

  return {
    panelSize: k,
    features,
    values,
    volunteers: instance.volunteers,
    classes,
    classOfVolunteer,
    households,
  };
}

/** The quotas a class-count vector breaks (empty when the panel is valid). */
export function panelViolations(compiled: CompiledInstance, counts: ArrayLike<number>, quotas?: QuotaBounds): string[] {
  const lo = quotas?.min ?? compiled.values.map((v) => v.min);
  const hi = quotas?.max ?? compiled.values.map((v) => v.max);
  const problems: string[] = [];
  let size = 0;
  const perValue = new Array<number>(compiled.values.length).fill(0);
  const perHousehold = new Map<number, number>();
  for (let c = 0; c < compiled.classes.length; c++) {
    const x = counts[c] ?? 0;
    if (x === 0) continue;
    const cls = compiled.classes[c]!;
    if (!Number.isInteger(x) || x < 0 || x > cls.members.length) problems.push(`class ${c}: ${x} of ${cls.members.length} members`);
    if (cls.household >= 0) perHousehold.set(cls.household, (perHousehold.get(cls.household) ?? 0) + x);
    size += x;
    for (const v of cls.values) perValue[v]! += x;
  }
  if (size !== compiled.panelSize) problems.push(`${size} members instead of ${compiled.panelSize}`);
  compiled.values.forEach((value, v) => {
    const n = perValue[v]!;
    if (n < lo[v]! || n > hi[v]!) {
      problems.push(`${compiled.features[value.feature]!.name}:${value.name} has ${n}, outside [${lo[v]}, ${hi[v]}]`);
    }
  });
  for (const [h, n] of perHousehold) if (n > 1) problems.push(`household ${h} has ${n} members`);
  return problems;
}

export interface QuotaBounds {
  min: readonly number[];
  max: readonly number[];
}
