import { describe, expect, it } from 'vitest';
import { runAnalysis, type AnalysisOptions } from './analysis';
import { parseWeightsSpec } from './area-weights';
import { parseCommandOptions } from './command-options';
import { contiguityWeights } from './contiguity';
import { readFeatureCollection } from './features';
import { parseGal } from './gal';
import { localMoran } from './local-moran';
import { globalMoran } from './moran';
import { seededRandom } from './random';
import { assuncaoReisRates } from './rates';
import { unitSquare } from './testing/pysal-data';
import { rowStandardised } from './weights';

describe('command options', () => {
  const required = ['--input', 'f.geojson', '--id', 'code', '--variable', 'v'];

  it('defaults: queen weights, 999 permutations, seed 12345, one-tailed (directed) p-values as esda and GeoDa', () => {
    expect(parseCommandOptions([...required, '--stat', 'moran'])).toMatchObject({
      statistic: 'moran',
      weights: { kind: 'queen' },
      permutations: 999,
      seed: 12345,
      alternative: 'directed',
      transform: undefined,
      json: false,
    });
    expect(parseCommandOptions([...required, '--stat=gi', '--weights=knn:6', '--permutations', '0', '--json', '--missing', 's, NA'])).toMatchObject({
      statistic: 'gi',
      weights: { kind: 'knn', k: 6 },
      permutations: 0,
      json: true,
      missing: ['s', 'NA'],
    });
    expect(parseWeightsSpec('distance:2.5')).toEqual({ kind: 'distance', threshold: 2.5 });
  });

  it('refuses what would be silently wrong', () => {
    const refusal = (args: string[]) => () => parseCommandOptions(args);
    expect(refusal(['--id', 'c', '--variable', 'v', '--stat', 'moran'])).toThrow(/--input is required/);
    expect(refusal([...required, '--stat', 'moran', '--frobnicate'])).toThrow(/unknown argument --frobnicate/);
    expect(refusal([...required, '--stat', 'bivariate-local-moran'])).toThrow(/needs --variable2/);
    expect(refusal([...required, '--stat', 'moran', '--variable2', 'w'])).toThrow(/applies to bivariate-local-moran only/);
    expect(refusal([...required, '--stat', 'gi', '--population', 'p'])).toThrow(/moran and local-moran only/);
    expect(refusal([...required, '--stat', 'g', '--transform', 'row'])).toThrow(/binary weights/);
    expect(refusal([...required, '--stat', 'moran', '--weights', 'knn:0'])).toThrow(/k ≥ 1/);
    expect(refusal([...required, '--stat', 'moran', '--weights', 'distance:-1'])).toThrow(/positive number/);
    expect(refusal([...required, '--stat', 'moran', '--weights', 'delaunay'])).toThrow(/unknown weights/);
    expect(refusal([...required, '--stat', 'moran', '--permutations', '-5'])).toThrow(/integer ≥ 0/);
    expect(refusal([...required, '--stat', 'moran', '--seed', '1.5'])).toThrow(/must be an integer/);
    expect(refusal([...required, '--stat', 'moran', '--alpha', '2'])).toThrow(/between 0 and 1/);
    expect(refusal([...required, '--stat', 'moran', '--alternative', 'both'])).toThrow(/--alternative must be one of/);
    expect(refusal([...required, '--stat', 'moran', '--stat', 'g'])).toThrow(/given twice/);
    expect(parseCommandOptions(['--help']).help).toBe(true);
  });
});

/** A 6 × 6 grid of squares with seeded events and populations. */
function grid() {
  const random = seededRandom(21);
  const features = Array.from({ length: 36 }, (_, k) => {
    const ring = unitSquare(k % 6, Math.floor(k / 6));
    const coordinates = [Array.from({ length: 5 }, (_, p) => [ring[2 * p]!, ring[2 * p + 1]!])];
    const population = 500 + Math.floor(random.nextFloat() * 5000);
    return {
      type: 'Feature',
      properties: { code: `c${k}`, events: Math.floor(random.nextFloat() * population * 0.02), population, x: random.nextFloat() + (k % 6) / 3 },
      geometry: { type: 'Polygon', coordinates },
    };
  });
  return { type: 'FeatureCollection', features };
}

const options = (overrides: Partial<AnalysisOptions>): AnalysisOptions => ({
  statistic: 'moran',
  weights: { kind: 'queen' },
  permutations: 0,
  seed: 1,
  alternative: 'two-sided',
  ...overrides,
});

describe('analysis', () => {
  const polygons = grid().features.map((f) => [[Float64Array.from(f.geometry.coordinates[0]!.flat())]]);
  const w = rowStandardised(contiguityWeights(polygons, { kind: 'queen' }).weights);

  it('Moran’s I of rates runs on the Assunção–Reis rates', () => {
    const input = readFeatureCollection(grid(), { idProperty: 'code', variables: ['events', 'population'] });
    const report = runAnalysis(input, options({ rate: true }));
    const rates = assuncaoReisRates(
      Float64Array.from(input.areas, (a) => a.values[0]!),
      Float64Array.from(input.areas, (a) => a.values[1]!),
    );
    expect(report.value).toBe(globalMoran(rates, w).I);
    expect(() => runAnalysis(input, options({ statistic: 'gi', rate: true }))).toThrow(/moran and local-moran only/);
    const collection = grid();
    collection.features[7]!.properties.population = 0;
    const zero = readFeatureCollection(collection, { idProperty: 'code', variables: ['events', 'population'] });
    expect(() => runAnalysis(zero, options({ rate: true }))).toThrow('feature #8 (id c7) has 0: a rate needs a positive population');
    collection.features[3]!.properties.x = -1;
    const negative = readFeatureCollection(collection, { idProperty: 'code', variables: ['x'] });
    expect(() => runAnalysis(negative, options({ statistic: 'gistar' }))).toThrow('feature #4 (id c3) has -1: Getis-Ord statistics need non-negative values');
  });

  it('the bivariate local Moran of a variable with itself is its local Moran', () => {
    const input = readFeatureCollection(grid(), { idProperty: 'code', variables: ['x', 'x'] });
    const report = runAnalysis(input, options({ statistic: 'bivariate-local-moran', permutations: 99 }));
    const univariate = localMoran(Float64Array.from(input.areas, (a) => a.values[0]!), w);
    report.local!.forEach((entry, i) => {
      expect(entry.value).toBeCloseTo(univariate.I[i]!, 12);
      expect(entry.quadrant).toBe(univariate.quadrant[i]);
    });
    // Without permutations a bivariate statistic has no p-value to give (no analytic moments).
    const analytic = runAnalysis(input, options({ statistic: 'bivariate-local-moran' }));
    expect(analytic.local![0]).toMatchObject({ z: null, p: null });
  });

  it('GAL weights are matched to the areas by id; an area missing from the file is named', () => {
    const input = readFeatureCollection(grid(), { idProperty: 'code', variables: ['x'] });
    const gal = parseGal(`36\n${input.areas.map((a, i) => `${a.id} 1\n${input.areas[(i + 1) % 36]!.id}`).join('\n')}\n`);
    const report = runAnalysis(input, options({ statistic: 'moran', weights: { kind: 'gal', path: 'ring.gal' }, weightsOptions: { gal } }));
    expect(report.weights).toMatchObject({ spec: 'gal:ring.gal', links: 36, snap: null });
    const fewer = parseGal(`1\nc0 0\n`);
    expect(() => runAnalysis(input, options({ weights: { kind: 'gal', path: 'f.gal' }, weightsOptions: { gal: fewer } }))).toThrow('feature #2 (id c1) is not in the GAL file');
  });

  it('reports islands by id and keeps them out of local inference', () => {
    const collection = grid();
    collection.features.push({
      type: 'Feature',
      properties: { code: 'far', events: 1, population: 100, x: 0.5 },
      geometry: { type: 'Polygon', coordinates: [[[50, 50], [51, 50], [51, 51], [50, 51], [50, 50]]] },
    });
    const input = readFeatureCollection(collection, { idProperty: 'code', variables: ['x'] });
    const report = runAnalysis(input, options({ statistic: 'local-moran', permutations: 99 }));
    expect(report.weights.islands).toEqual(['far']);
    expect(report.local!.at(-1)).toMatchObject({ id: 'far', z: null, p: null, quadrant: null });
  });
});
