/**
 * The reference values of ../shared/data/observatory/pysal/EXPECTED.md (esda's own test
 * expectations), reproduced to 1e-9 relative from the files in that folder.
 */
import { describe, expect, it } from 'vitest';
import { contiguityWeights } from './contiguity';
import { numericColumn } from './dbf';
import { distanceBandWeights } from './distance-weights';
import { globalG, localG } from './getis-ord';
import { bivariateLocalMoran, localMoran } from './local-moran';
import { globalMoran } from './moran';
import { benjaminiHochberg } from './multiple-testing';
import { assuncaoReisRates } from './rates';
import { column, readDbf, readGal, readPysalCsv, readStlPolygons, unitSquare } from './testing/pysal-data';
import { binary, rowStandardised } from './weights';

function expectClose(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

/** A value printed rounded (as EXPECTED.md and esda's doctests give some): equal to within half its last digit. */
function expectMatchesPrinted(actual: number, printed: string): void {
  const decimals = printed.split('.')[1]?.length ?? 0;
  expect(Math.abs(actual - Number(printed))).toBeLessThanOrEqual(0.5 * 10 ** -decimals * (1 + 1e-9));
}

const SIX_POINTS = { x: Float64Array.of(10, 20, 40, 15, 30, 30), y: Float64Array.of(10, 10, 10, 20, 20, 30) };
const SIX_VALUES = Float64Array.of(2, 3, 3.2, 5, 8, 7);

describe('global Moran’s I against esda', () => {
  it('stl_hom HR8893 with stl.gal, row-standardised: I, E[I] and the one-tailed normal p-value', () => {
    const gal = readGal('stl.gal');
    const y = column(readPysalCsv('stl_hom.txt'), 'HR8893');
    expect(gal.ids).toHaveLength(78);
    const m = globalMoran(y, rowStandardised(gal.weights), { alternative: 'directed' });
    expectClose(m.I, 0.24365582621771659);
    expectClose(m.expected, -1 / 77);
    expectClose(m.pNormal, 0.000135739313854688);
    // esda's default is two-tailed: twice the one-tailed value.
    expectClose(globalMoran(y, rowStandardised(gal.weights)).pNormal, 2 * 0.000135739313854688);
  });

  it('sids2 SIDR74 with sids2.gal (ids FIPSNO, aligned by id)', () => {
    const gal = readGal('sids2.gal');
    expect(gal.idField).toBe('FIPSNO');
    const table = readDbf('sids2.dbf');
    const byFips = new Map(table.records.map((r) => [String(r.FIPSNO), r]));
    const y = Float64Array.from(gal.ids, (id) => byFips.get(id)!.SIDR74 as number);
    const m = globalMoran(y, rowStandardised(gal.weights), { alternative: 'directed' });
    expectClose(m.I, 0.24772519320480135);
    expectClose(m.pNormal, 5.7916539074498452e-5);
  });

  it('Moran’s I of the Assunção–Reis empirical-Bayes rates of SID79 over BIR79', () => {
    const gal = readGal('sids2.gal');
    const table = readDbf('sids2.dbf');
    expect(table.records.map((r) => String(r.FIPSNO))).toEqual(gal.ids);
    const rates = assuncaoReisRates(numericColumn(table, 'SID79'), numericColumn(table, 'BIR79'));
    const m = globalMoran(rates, rowStandardised(gal.weights), { alternative: 'directed' });
    expectClose(m.I, 0.16622343552567395);
    expectClose(m.pNormal, 0.004191499504892171);
  });

  it('the variances of I on a 3×3 lattice with binary rook weights built from polygons', () => {
    const squares = Array.from({ length: 9 }, (_, k) => [[unitSquare(k % 3, Math.floor(k / 3))]]);
    const { weights } = contiguityWeights(squares, { kind: 'rook' });
    expect(weights.neighbours).toHaveLength(24);
    const m = globalMoran(Float64Array.from({ length: 9 }, (_, k) => k + 1), binary(weights));
    expectClose(m.varianceRandomisation, 0.0596875);
    expectClose(m.varianceNormal, 0.053125);
  });

  it('columbus CRIME with columbus.gal (independent implementation’s value)', () => {
    const m = globalMoran(numericColumn(readDbf('columbus.dbf'), 'CRIME'), rowStandardised(readGal('columbus.gal').weights));
    expectMatchesPrinted(m.I, '0.5001885572');
  });
});

describe('Getis–Ord against esda', () => {
  const band = distanceBandWeights(SIX_POINTS.x, SIX_POINTS.y, 15);

  it('global G on the six points, distance band 15 (binary)', () => {
    const g = globalG(SIX_VALUES, band, { alternative: 'directed' });
    // EXPECTED.md gives these rounded, to the digits shown.
    expectMatchesPrinted(g.G, '0.55709779');
    expectMatchesPrinted(g.p, '0.172936');
  });

  it('local Gi, Gi* and row-standardised Gi z-scores of area 0 (and esda’s full doctest vectors)', () => {
    const gi = localG(SIX_VALUES, band, { transform: 'binary' });
    const giStar = localG(SIX_VALUES, band, { transform: 'binary', star: true });
    const giRow = localG(SIX_VALUES, band, { transform: 'row' });
    const giStarRow = localG(SIX_VALUES, band, { transform: 'row', star: true });
    const matches = (actual: Float64Array, printed: string[]) => printed.forEach((v, i) => expectMatchesPrinted(actual[i]!, v));
    matches(gi.z, ['-1.0136729', '-0.04361589', '1.31558703', '-0.31412676', '1.15373986', '1.77833941']);
    matches(giStar.z, ['-1.39727626', '-0.28917762', '0.65064964', '-0.28917762', '1.23452088', '2.02424331']);
    matches(giRow.z, ['-0.62074534', '-0.01780611', '1.31558703', '-0.12824171', '0.28843496', '1.77833941']);
    matches(giStarRow.z, ['-0.62488094', '-0.09144599', '0.41150696', '-0.09144599', '0.24690418', '1.28024388']);
  });
});

describe('local Moran against esda', () => {
  it('desmith quadrants with desmith.gal, row-standardised', () => {
    const z = column(readPysalCsv('desmith.txt'), 'z');
    const result = localMoran(z, rowStandardised(readGal('desmith.gal').weights));
    expect(Array.from(result.quadrant)).toEqual([4, 4, 4, 2, 3, 3, 1, 4, 3, 3]);
  });

  it('is esda’s I_i = (n−1)·z_i·[Wz]_i / Σz², whichever standard deviation standardises z', () => {
    const y = column(readPysalCsv('stl_hom.txt'), 'HR8893');
    const w = rowStandardised(readGal('stl.gal').weights);
    const result = localMoran(y, w);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const d = Float64Array.from(y, (v) => v - mean);
    const ss = d.reduce((a, v) => a + v * v, 0);
    for (let i = 0; i < y.length; i++) {
      let lag = 0;
      for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) lag += w.weights[k]! * d[w.neighbours[k]!]!;
      expectClose(result.I[i]!, ((y.length - 1) * d[i]! * lag) / ss, 1e-12);
    }
    // With row-standardised weights and no island (S0 = n), Σ I_i = (n−1)·I: the local
    // statistics decompose the global one (Anselin 1995).
    const total = result.I.reduce((a, b) => a + b, 0);
    expectClose(total, (y.length - 1) * globalMoran(y, w).I, 1e-12);
  });
});

describe('bivariate local Moran against esda.Moran_Local_BV’s definition, by plain loops', () => {
  it('Columbus CRIME around INC with columbus.gal, row-standardised: I_i = zx_i · Σ_j w_ij zy_j and the quadrants', () => {
    const table = readDbf('columbus.dbf');
    const crime = Array.from(numericColumn(table, 'CRIME'));
    const income = Array.from(numericColumn(table, 'INC'));
    const gal = readGal('columbus.gal');
    // columbus.gal lists the areas 1…49 in the dbf's order.
    expect(gal.ids).toEqual(table.records.map((r) => String(r.POLYID)));
    const n = crime.length;
    const result = bivariateLocalMoran(Float64Array.from(crime), Float64Array.from(income), rowStandardised(gal.weights));

    // The weights row-standardised here, from the neighbour lists alone: w_ij = 1 / #neighbours(i).
    const neighbours = Array.from({ length: n }, (_, i) => Array.from(gal.weights.neighbours.subarray(gal.weights.offsets[i]!, gal.weights.offsets[i + 1]!)));
    const lagOf = (v: number[], i: number) => neighbours[i]!.reduce((a, j) => a + v[j]! / neighbours[i]!.length, 0);
    const standardise = (v: number[], ddof: 0 | 1) => {
      const mean = v.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - ddof));
      return v.map((x) => (x - mean) / sd);
    };
    // The library standardises with the sample standard deviation (as GeoDa); esda's
    // Moran_Local_BV with the population one and rescales by (n−1)/Σzx². Both readings must give
    // the same I_i, or the command's figures would not compare with esda's.
    const zxSample = standardise(crime, 1);
    const zySample = standardise(income, 1);
    const zxPopulation = standardise(crime, 0);
    const zyPopulation = standardise(income, 0);
    const sumSquares = zxPopulation.reduce((a, v) => a + v * v, 0);
    for (let i = 0; i < n; i++) {
      const lag = lagOf(zySample, i);
      expectClose(result.z[i]!, zxSample[i]!, 1e-12);
      expectClose(result.lag[i]!, lag, 1e-12);
      expectClose(result.I[i]!, zxSample[i]! * lag, 1e-12);
      expectClose(result.I[i]!, ((n - 1) * zxPopulation[i]! * lagOf(zyPopulation, i)) / sumSquares, 1e-12);
      // esda: 1 HH, 2 LH, 3 LL, 4 HL from the signs of zx_i and of the lag of zy.
      expect(result.quadrant[i]).toBe(zxSample[i]! > 0 ? (lag > 0 ? 1 : 4) : lag > 0 ? 2 : 3);
    }
    // Crime and income are negatively associated in Columbus: low-income neighbourhoods around
    // high-crime ones dominate, so the sum of the local statistics is negative.
    expect(result.I.reduce((a, b) => a + b, 0)).toBeLessThan(0);
  });
});

describe('contiguity from real polygons against PySAL’s weights', () => {
  it('rook contiguity of the St Louis counties (stl_hom.csv polygons) is stl.gal, exactly and with the default snap', () => {
    const { rings } = readStlPolygons();
    const gal = readGal('stl.gal');
    for (const tolerance of [0, undefined]) {
      const { weights } = contiguityWeights(rings.map((ring) => [[ring]]), { kind: 'rook', tolerance });
      expect(Array.from(weights.offsets)).toEqual(Array.from(gal.weights.offsets));
      expect(Array.from(weights.neighbours)).toEqual(Array.from(gal.weights.neighbours));
    }
  });
});

describe('Benjamini–Hochberg as EXPECTED.md describes it', () => {
  it('returns the largest p(i) ≤ i·α/n, or α/n when none passes', () => {
    // 0.03 ≤ 3·0.05/5 passes, 0.041 > 4·0.05/5 and 0.5 > 0.05 do not.
    expect(benjaminiHochberg([0.041, 0.001, 0.5, 0.009, 0.03], 0.05).cutoff).toBe(0.03);
    expect(benjaminiHochberg([0.001, 0.009, 0.02, 0.04, 0.5], 0.05).cutoff).toBe(0.04);
    expect(benjaminiHochberg([0.2, 0.3, 0.4], 0.05).cutoff).toBeCloseTo(0.05 / 3, 15);
  });
});
