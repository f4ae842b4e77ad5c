/**
 * Permutation p-values cannot match PySAL's digit for digit (another generator), so they are
 * tested as EXPECTED.md asks: statistically. A strong pattern stays significant whatever the seed;
 * data without pattern is significant at 5 % about 5 % of the time (two-sided), about 10 % with
 * esda's 'directed' p-values; the simulated reference distribution has the exact moments of
 * conditional permutation; a seed gives the same p-values every time.
 */
import { describe, expect, it } from 'vitest';
import { conditionalPermutation } from './conditional-permutation';
import { numericColumn } from './dbf';
import { localG } from './getis-ord';
import { localMoran } from './local-moran';
import { globalMoran } from './moran';
import type { Alternative } from './p-values';
import { seededRandom, shuffleInPlace } from './random';
import { column, readDbf, readGal, readPysalCsv } from './testing/pysal-data';
import { rowStandardised, weightsFromNeighbourLists, type SpatialWeights } from './weights';

const stlY = column(readPysalCsv('stl_hom.txt'), 'HR8893');
const stlW = rowStandardised(readGal('stl.gal').weights);

/** Queen contiguity of a side × side lattice, built directly. */
function lattice(side: number): SpatialWeights {
  const lists: number[][] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const row: number[] = [];
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if ((dr || dc) && rr >= 0 && rr < side && cc >= 0 && cc < side) row.push(rr * side + cc);
        }
      }
      lists.push(row);
    }
  }
  return weightsFromNeighbourLists(lists);
}

/** Noise, plus a block of high values around the centre of the lattice. */
function hotSpot(side: number, seed: number): { y: Float64Array; centre: number } {
  const random = seededRandom(seed);
  const y = Float64Array.from({ length: side * side }, () => 10 + random.nextFloat());
  const middle = Math.floor(side / 2);
  for (let r = middle - 2; r <= middle + 2; r++) for (let c = middle - 2; c <= middle + 2; c++) y[r * side + c] = 20 + random.nextFloat();
  return { y, centre: middle * side + middle };
}

describe('reproducibility', () => {
  it('the same seed gives the same pseudo p-values, another seed others', () => {
    const run = (seed: number) => localMoran(stlY, stlW, { permutations: 199, random: seededRandom(seed) }).permutation!.p;
    expect(Array.from(run(42))).toEqual(Array.from(run(42)));
    expect(Array.from(run(43))).not.toEqual(Array.from(run(42)));
    const global = (seed: number) => globalMoran(stlY, stlW, { permutations: 99, random: seededRandom(seed) }).permutation!;
    expect(global(7)).toEqual(global(7));
  });
});

describe('a strong pattern stays significant across seeds', () => {
  it('global Moran’s I of Columbus crime (I = 0.50, z = 5.6): p < 0.01 for 20 seeds', () => {
    const crime = numericColumn(readDbf('columbus.dbf'), 'CRIME');
    const w = rowStandardised(readGal('columbus.gal').weights);
    for (let seed = 1; seed <= 20; seed++) {
      const m = globalMoran(crime, w, { permutations: 999, random: seededRandom(seed) });
      expect(m.permutation!.p).toBeLessThan(0.01);
    }
  });

  it('global Moran’s I of the St Louis homicide rates: its skewed reference distribution has P(I ≥ 0.2437) ≈ 0.0015', () => {
    // A heavier right tail than the normal approximation's (z = 4.6): about 1.5 draws in 999
    // exceed it (200,000 NumPy permutations give 0.00149), so a single seed's two-sided p can
    // reach 0.02; the rate over many seeds is what is checked.
    let exceedances = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const m = globalMoran(stlY, stlW, { permutations: 999, random: seededRandom(seed), alternative: 'greater' });
      exceedances += Math.round(m.permutation!.p * 1000) - 1;
    }
    expectRate(exceedances, 99_900, 0.00149);
  });

  it('local Moran and Gi* at the centre of a hot spot: p < 0.01 for 20 seeds, both draw strategies', () => {
    const w = lattice(15);
    const { y, centre } = hotSpot(15, 3);
    for (let seed = 1; seed <= 20; seed++) {
      const lisa = localMoran(y, rowStandardised(w), { permutations: 999, random: seededRandom(seed) });
      expect(lisa.permutation!.p[centre]).toBeLessThan(0.01);
      expect(lisa.quadrant[centre]).toBe(1);
      const gi = localG(y, w, { star: true, permutations: 999, random: seededRandom(seed) });
      expect(gi.permutation!.p[centre]).toBeLessThan(0.01);
      expect(gi.z[centre]).toBeGreaterThan(2);
    }
    // The fresh-draw strategy (used when the shared table would not fit) finds it too.
    const lisa = localMoran(y, rowStandardised(w));
    const fresh = conditionalPermutation({
      weights: rowStandardised(w),
      values: lisa.z,
      slope: lisa.z,
      intercept: new Float64Array(lisa.z.length),
      observed: Float64Array.from(lisa.z, (v, i) => v * lisa.lag[i]!),
      permutations: 999,
      random: seededRandom(5),
      alternative: 'two-sided',
      draws: 'fresh',
    });
    expect(fresh.p[centre]).toBeLessThan(0.01);
  });
});

/** Binomial bounds: the observed count stays within `sigmas` standard deviations of n·p. */
function expectRate(count: number, trials: number, rate: number, sigmas = 4): void {
  const mean = trials * rate;
  const sd = Math.sqrt(trials * rate * (1 - rate));
  expect(count).toBeGreaterThanOrEqual(mean - sigmas * sd);
  expect(count).toBeLessThanOrEqual(mean + sigmas * sd);
}

describe('data without pattern is not significant more often than expected', () => {
  it('global Moran on 400 random rearrangements of the St Louis data: 5 % two-sided, 10 % directed', () => {
    const shuffled = Float64Array.from(stlY);
    const rearranging = seededRandom(2024);
    const counts: Record<Alternative, number> = { 'two-sided': 0, directed: 0, greater: 0, lesser: 0 };
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      shuffleInPlace(shuffled, rearranging);
      for (const alternative of ['two-sided', 'directed'] as const) {
        const m = globalMoran(shuffled, stlW, { permutations: 199, random: seededRandom(t), alternative });
        if (m.permutation!.p <= 0.05) counts[alternative]++;
      }
    }
    expectRate(counts['two-sided'], trials, 0.05);
    expectRate(counts.directed, trials, 0.1);
  });

  it('local Moran and Gi* over the areas of five noise maps: 5 % two-sided', () => {
    const w = lattice(20);
    let lisaRejections = 0;
    let giRejections = 0;
    let tests = 0;
    for (let map = 0; map < 5; map++) {
      const noise = seededRandom(100 + map);
      const y = Float64Array.from({ length: 400 }, () => 1 + noise.nextFloat());
      const lisa = localMoran(y, rowStandardised(w), { permutations: 199, random: seededRandom(map) });
      const gi = localG(y, w, { star: true, permutations: 199, random: seededRandom(map + 50) });
      for (let i = 0; i < 400; i++) {
        if (lisa.permutation!.p[i]! <= 0.05) lisaRejections++;
        if (gi.permutation!.p[i]! <= 0.05) giRejections++;
        tests++;
      }
    }
    // The areas of one map share their data, so the counts vary more than a binomial's: 5 sd.
    expectRate(lisaRejections, tests, 0.05, 5);
    expectRate(giRejections, tests, 0.05, 5);
  });
});

describe('the simulated reference distribution has the exact conditional-permutation moments', () => {
  // With row-standardised weights, S = mean of k values drawn without replacement from the
  // n − 1 others: E[S] = μ, Var[S] = σ²/k · (N − k)/(N − 1), N = n − 1.
  for (const draws of ['table', 'fresh'] as const) {
    it(`for every St Louis county (${draws} draws)`, () => {
      const n = stlY.length;
      const lisa = localMoran(stlY, stlW);
      const permutations = 20000;
      const summary = conditionalPermutation({
        weights: stlW,
        values: lisa.z,
        slope: new Float64Array(n).fill(1),
        intercept: new Float64Array(n),
        observed: lisa.lag,
        permutations,
        random: seededRandom(99),
        alternative: 'two-sided',
        draws,
      });
      for (let i = 0; i < n; i++) {
        const k = stlW.offsets[i + 1]! - stlW.offsets[i]!;
        const N = n - 1;
        let sum = 0;
        let sumSquares = 0;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          sum += lisa.z[j]!;
          sumSquares += lisa.z[j]! * lisa.z[j]!;
        }
        const mu = sum / N;
        const sigma2 = sumSquares / N - mu * mu;
        const variance = (sigma2 / k) * ((N - k) / (N - 1));
        const standardError = Math.sqrt(variance / permutations);
        expect(Math.abs(summary.mean[i]! - mu)).toBeLessThan(5 * standardError);
        expect(summary.sd[i]! / Math.sqrt(variance)).toBeGreaterThan(0.95);
        expect(summary.sd[i]! / Math.sqrt(variance)).toBeLessThan(1.05);
      }
    });
  }
});
