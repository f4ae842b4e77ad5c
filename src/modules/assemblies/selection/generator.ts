import type { SelectionInstance, Volunteer } from './model';
import { quotasFromShares, type PopulationShares, type ShareTolerance } from './quotas';
import { fastRandom, type FastRandom } from './random';

/**
 * Synthetic volunteer pools that look like real ones: a population with census-like shares on
 * 6 to 8 features (age correlated with education and housing), volunteers who self-select with
 * the biases recruiters report (more graduates, older people, the already concerned; fewer young
 * people, renters, minorities), a few couples at one address, and quotas computed from the
 * population shares. Used by the benchmark and the tests; deterministic in its seed.
 */

interface FeatureModel {
  name: string;
  values: { name: string; share: number; bias: number }[];
}

const CATALOGUE: FeatureModel[] = [
  {
    name: 'gender',
    values: [
      { name: 'female', share: 0.51, bias: 1.1 },
      { name: 'male', share: 0.48, bias: 1.0 },
      { name: 'other', share: 0.01, bias: 1.0 },
    ],
  },
  {
    name: 'age',
    values: [
      { name: '16-29', share: 0.2, bias: 0.5 },
      { name: '30-44', share: 0.24, bias: 0.8 },
      { name: '45-59', share: 0.25, bias: 1.0 },
      { name: '60-74', share: 0.21, bias: 1.6 },
      { name: '75+', share: 0.1, bias: 0.9 },
    ],
  },
  {
    name: 'region',
    values: [
      { name: 'capital', share: 0.24, bias: 1.2 },
      { name: 'north', share: 0.17, bias: 0.9 },
      { name: 'east', share: 0.15, bias: 0.8 },
      { name: 'south', share: 0.14, bias: 1.1 },
      { name: 'west', share: 0.13, bias: 1.0 },
      { name: 'centre', share: 0.1, bias: 0.7 },
      { name: 'islands', share: 0.07, bias: 1.3 },
    ],
  },
  {
    name: 'education',
    values: [
      { name: 'none', share: 0.18, bias: 0.4 },
      { name: 'secondary', share: 0.37, bias: 0.8 },
      { name: 'vocational', share: 0.15, bias: 1.0 },
      { name: 'degree', share: 0.3, bias: 2.2 },
    ],
  },
  {
    name: 'ethnicity',
    values: [
      { name: 'majority', share: 0.82, bias: 1.05 },
      { name: 'group_b', share: 0.08, bias: 0.6 },
      { name: 'group_c', share: 0.06, bias: 0.5 },
      { name: 'mixed_other', share: 0.04, bias: 0.8 },
    ],
  },
  {
    name: 'concern',
    values: [
      { name: 'very', share: 0.28, bias: 2.0 },
      { name: 'somewhat', share: 0.42, bias: 1.0 },
      { name: 'not_very', share: 0.2, bias: 0.6 },
      { name: 'not_at_all', share: 0.1, bias: 0.45 },
    ],
  },
  {
    name: 'area',
    values: [
      { name: 'urban', share: 0.58, bias: 1.1 },
      { name: 'suburban', share: 0.25, bias: 1.0 },
      { name: 'rural', share: 0.17, bias: 0.85 },
    ],
  },
  {
    name: 'tenure',
    values: [
      { name: 'owner', share: 0.62, bias: 1.3 },
      { name: 'private_renter', share: 0.2, bias: 0.75 },
      { name: 'social_renter', share: 0.18, bias: 0.55 },
    ],
  },
];

/** Older people hold fewer degrees and more homes: multipliers on the population's shares. */
const AGE_EFFECTS: Record<string, Record<string, Record<string, number>>> = {
  education: {
    '16-29': { degree: 1.3, none: 0.5 },
    '60-74': { degree: 0.7, none: 1.6 },
    '75+': { degree: 0.5, none: 2.2 },
  },
  tenure: {
    '16-29': { owner: 0.5, private_renter: 2.2 },
    '60-74': { owner: 1.25, private_renter: 0.5 },
    '75+': { owner: 1.2, private_renter: 0.4 },
  },
};

export interface PoolOptions {
  seed: string | number;
  poolSize: number;
  panelSize: number;
  /** 2 to 8 features, taken in the catalogue's order (gender, age, region, education, …). */
  featureCount: number;
  /** Share of volunteers who come with a housemate (default 0.03). */
  coupleShare?: number;
  /** Default `{ seats: 1, relative: 0.1 }`. */
  tolerance?: ShareTolerance;
}

export interface GeneratedPool {
  instance: SelectionInstance;
  populationShares: PopulationShares;
}

function pick(rng: FastRandom, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

export function generatePool(options: PoolOptions): GeneratedPool {
  const { poolSize, panelSize, featureCount } = options;
  if (!Number.isInteger(featureCount) || featureCount < 2 || featureCount > CATALOGUE.length) {
    throw new RangeError(`featureCount must be between 2 and ${CATALOGUE.length}.`);
  }
  const rng = fastRandom(`pool:${options.seed}`);
  const features = CATALOGUE.slice(0, featureCount);
  const ageIncluded = features.some((f) => f.name === 'age');
  const maxPropensity = features.reduce((p, f) => p * Math.max(...f.values.map((v) => v.bias)), 1);

  const samplePerson = (): Record<string, string> => {
    const person: Record<string, string> = {};
    // Age first: other features depend on it.
    const age = CATALOGUE[1]!;
    const ageValue = age.values[pick(rng, age.values.map((v) => v.share))]!.name;
    for (const f of features) {
      if (f.name === 'age') {
        person.age = ageValue;
        continue;
      }
      const effects = ageIncluded ? AGE_EFFECTS[f.name]?.[ageValue] : undefined;
      const weights = f.values.map((v) => v.share * (effects?.[v.name] ?? 1));
      person[f.name] = f.values[pick(rng, weights)]!.name;
    }
    return person;
  };
  const propensity = (person: Record<string, string>): number =>
    features.reduce((p, f) => p * f.values.find((v) => v.name === person[f.name])!.bias, 1);

  const volunteers: Volunteer[] = [];
  const coupleShare = options.coupleShare ?? 0.03;
  while (volunteers.length < poolSize) {
    const person = samplePerson();
    if (rng.next() * maxPropensity >= propensity(person)) continue;
    const address = `${1 + rng.below(200)} street ${volunteers.length}`;
    volunteers.push({ id: `v${volunteers.length + 1}`, features: person, address });
    if (volunteers.length < poolSize && rng.next() < coupleShare) {
      const partner = samplePerson();
      // A housemate lives in the same place and, mostly, the same home.
      for (const shared of ['region', 'area', 'tenure', 'ethnicity']) if (shared in person) partner[shared] = person[shared]!;
      volunteers.push({ id: `v${volunteers.length + 1}`, features: partner, address: address.toUpperCase() });
    }
  }

  const populationShares: Record<string, Record<string, number>> = {};
  for (const f of features) populationShares[f.name] = Object.fromEntries(f.values.map((v) => [v.name, v.share]));
  const quotas = quotasFromShares(panelSize, populationShares, options.tolerance ?? { seats: 1, relative: 0.1 });
  return { instance: { panelSize, quotas, volunteers, onePerHousehold: true }, populationShares };
}

/**
 * Pools of the sizes of the instances in the Nature paper's table (pool n, panel k, number of
 * features, at least 6), plus the largest example (2,000 / 200).
 */
export const PAPER_SIZED_POOLS: readonly { name: string; poolSize: number; panelSize: number; featureCount: number }[] = [
  { name: 'gen_sf_a_35', poolSize: 312, panelSize: 35, featureCount: 6 },
  { name: 'gen_sf_b_20', poolSize: 250, panelSize: 20, featureCount: 6 },
  { name: 'gen_sf_c_44', poolSize: 161, panelSize: 44, featureCount: 7 },
  { name: 'gen_sf_d_40', poolSize: 404, panelSize: 40, featureCount: 6 },
  { name: 'gen_sf_e_110', poolSize: 1727, panelSize: 110, featureCount: 7 },
  { name: 'gen_cca_75', poolSize: 825, panelSize: 75, featureCount: 6 },
  { name: 'gen_hd_30', poolSize: 239, panelSize: 30, featureCount: 7 },
  { name: 'gen_mass_24', poolSize: 70, panelSize: 24, featureCount: 6 },
  { name: 'gen_nexus_170', poolSize: 342, panelSize: 170, featureCount: 6 },
  { name: 'gen_obf_30', poolSize: 321, panelSize: 30, featureCount: 8 },
  { name: 'gen_large_200', poolSize: 2000, panelSize: 200, featureCount: 8 },
];
