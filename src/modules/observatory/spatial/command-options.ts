/**
 * The `spatial` command's arguments, parsed into analysis options (pure, so that every refusal is
 * testable without a process).
 */
import { parseWeightsSpec, type WeightsSpec } from './area-weights';
import { STATISTICS, type Statistic } from './analysis';
import { ALTERNATIVES, type Alternative } from './p-values';

export const USAGE = `Usage: npm run spatial -- --input FILE.geojson --id PROPERTY --variable PROPERTY
         --stat moran|local-moran|bivariate-local-moran|g|gi|gistar
         [--weights queen|rook|knn:K|distance:D|gal:FILE] [--variable2 PROPERTY] [--population PROPERTY]
         [--permutations N] [--seed S] [--alternative two-sided|directed|greater|lesser]
         [--transform row|binary] [--snap TOLERANCE] [--geographic] [--missing TOKEN,...]
         [--alpha A] [--json] [--timings]

Computes a spatial autocorrelation statistic of PROPERTY over the features of a GeoJSON
FeatureCollection (Polygon/MultiPolygon; Point features with knn or distance weights).

  --weights       queen (default) or rook contiguity, K nearest neighbours or a distance band D
                  (between centroids, in the coordinates' unit, or in km with --geographic),
                  or a GAL file whose ids are the --id values
  --stat          moran (global Moran's I), local-moran (LISA), bivariate-local-moran
                  (PROPERTY here against --variable2 around), g (global Getis-Ord G),
                  gi / gistar (local Getis-Ord)
  --transform     weights standardisation; default row, except g which is always binary
  --population    PROPERTY is an event count: Moran's I of empirical-Bayes rates (Assuncao-Reis)
  --permutations  random permutations for pseudo p-values (default 999; 0: analytic only)
  --seed          seed of the permutations (default 12345): same seed, same p-values
  --alternative   directed (default: one-tailed in the observed direction, as PySAL's esda
                  and GeoDa report, so results compare with theirs), or two-sided, greater, lesser
  --snap          contiguity tolerance for gaps in shared borders, in the coordinates' unit
                  (default: a millionth of the extent's diagonal; 0 for exact contact)
  --geographic    coordinates are longitude/latitude degrees: distances in km
  --missing       values meaning "no value" besides null and "" (e.g. s,NA): those areas are
                  excluded and listed, never read as zero
  --json          print one JSON object as the last line
  --timings       print the time of each step on standard error`;

export interface CommandOptions {
  input: string;
  id: string;
  variable: string;
  variable2: string | null;
  population: string | null;
  statistic: Statistic;
  weights: WeightsSpec;
  transform: 'row' | 'binary' | undefined;
  permutations: number;
  seed: number;
  alternative: Alternative;
  snap: number | undefined;
  geographic: boolean;
  missing: string[];
  alpha: number;
  json: boolean;
  timings: boolean;
  help: boolean;
}

export const DEFAULT_PERMUTATIONS = 999;
export const DEFAULT_SEED = 12345;
const FLAGS = new Set(['--json', '--timings', '--geographic', '--help', '-h']);
const VALUED = new Set([
  '--input', '--id', '--variable', '--variable2', '--population', '--stat', '--weights', '--transform',
  '--permutations', '--seed', '--alternative', '--snap', '--missing', '--alpha',
]);

export function parseCommandOptions(argv: readonly string[]): CommandOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (FLAGS.has(name)) {
      if (inline !== undefined) throw new Error(`${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!VALUED.has(name)) throw new Error(`unknown argument ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`${name} needs a value`);
    if (values.has(name)) throw new Error(`${name} is given twice`);
    values.set(name, value);
  }
  const help = flags.has('--help') || flags.has('-h');
  const required = (name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`${name} is required`);
    return value;
  };
  if (help) return { ...emptyOptions(), help };

  const statText = required('--stat');
  if (!(STATISTICS as readonly string[]).includes(statText)) throw new Error(`--stat must be one of ${STATISTICS.join(', ')}, not "${statText}"`);
  const statistic = statText as Statistic;
  const variable2 = values.get('--variable2') ?? null;
  if (statistic === 'bivariate-local-moran' && variable2 === null) throw new Error('bivariate-local-moran needs --variable2');
  if (statistic !== 'bivariate-local-moran' && variable2 !== null) throw new Error('--variable2 applies to bivariate-local-moran only');
  const population = values.get('--population') ?? null;
  if (population !== null && statistic !== 'moran' && statistic !== 'local-moran') {
    throw new Error('--population (empirical-Bayes rates) applies to moran and local-moran only');
  }
  const transformText = values.get('--transform');
  if (transformText !== undefined && transformText !== 'row' && transformText !== 'binary') throw new Error(`--transform must be row or binary, not "${transformText}"`);
  if (transformText === 'row' && statistic === 'g') throw new Error('global G is defined on binary weights: --transform row does not apply');
  // The reference implementations' convention, so that figures compare with PySAL/GeoDa outputs.
  const alternative = values.get('--alternative') ?? 'directed';
  if (!(ALTERNATIVES as readonly string[]).includes(alternative)) throw new Error(`--alternative must be one of ${ALTERNATIVES.join(', ')}`);

  return {
    input: required('--input'),
    id: required('--id'),
    variable: required('--variable'),
    variable2,
    population,
    statistic,
    weights: parseWeightsSpec(values.get('--weights') ?? 'queen'),
    transform: transformText as 'row' | 'binary' | undefined,
    permutations: integer(values.get('--permutations'), '--permutations', DEFAULT_PERMUTATIONS, 0),
    seed: integer(values.get('--seed'), '--seed', DEFAULT_SEED, Number.MIN_SAFE_INTEGER),
    alternative: alternative as Alternative,
    snap: values.has('--snap') ? nonNegative(values.get('--snap')!, '--snap') : undefined,
    geographic: flags.has('--geographic'),
    missing: (values.get('--missing') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    alpha: probability(values.get('--alpha') ?? '0.05'),
    json: flags.has('--json'),
    timings: flags.has('--timings'),
    help: false,
  };
}

function emptyOptions(): CommandOptions {
  return {
    input: '', id: '', variable: '', variable2: null, population: null, statistic: 'moran', weights: { kind: 'queen' },
    transform: undefined, permutations: DEFAULT_PERMUTATIONS, seed: DEFAULT_SEED, alternative: 'directed', snap: undefined,
    geographic: false, missing: [], alpha: 0.05, json: false, timings: false, help: false,
  };
}

function integer(text: string | undefined, name: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text)) throw new Error(`${name} must be an integer, not "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${text}"`);
  return value;
}

function nonNegative(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, not "${text}"`);
  return value;
}

function probability(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value < 1)) throw new Error(`--alpha must lie strictly between 0 and 1, not "${text}"`);
  return value;
}
