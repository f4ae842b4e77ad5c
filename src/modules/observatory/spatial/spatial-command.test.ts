/**
 * The `spatial` command end to end, as the product side will run it: the reference data turned
 * into GeoJSON files in a temporary folder, the command run as a child process, its JSON checked
 * against EXPECTED.md; and the refusals of bad input, with their exit codes and messages.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalysis, type SpatialReport } from './analysis';
import { numericColumn } from './dbf';
import { readFeatureCollection } from './features';
import { normalSurvival } from './normal';
import { column, PYSAL_DIR, readDbf, readPysalCsv, readStlPolygons, REPO_ROOT, unitSquare } from './testing/pysal-data';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCommand(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/spatial.ts'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function lastJson(run: Run): SpatialReport {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as SpatialReport;
}

function expectClose(actual: number | null, expected: number, relative = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

function expectMatchesPrinted(actual: number | null, printed: string): void {
  const decimals = printed.split('.')[1]?.length ?? 0;
  expect(Math.abs(actual! - Number(printed))).toBeLessThanOrEqual(0.5 * 10 ** -decimals * (1 + 1e-9));
}

const polygon = (ring: Float64Array) => {
  const coordinates: number[][] = [];
  for (let k = 0; k < ring.length; k += 2) coordinates.push([ring[k]!, ring[k + 1]!]);
  return { type: 'Polygon', coordinates: [coordinates] };
};

let folder: string;
const file = (name: string) => path.join(folder, name);
const write = (name: string, features: unknown[]) => fs.writeFileSync(file(name), JSON.stringify({ type: 'FeatureCollection', features }));

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-spatial-'));
  const points = [
    [10, 10],
    [20, 10],
    [40, 10],
    [15, 20],
    [30, 20],
    [30, 30],
  ];
  const values = [2, 3, 3.2, 5, 8, 7];
  write(
    'six-points.geojson',
    points.map((p, i) => ({ type: 'Feature', properties: { name: `p${i}`, y: values[i] }, geometry: { type: 'Point', coordinates: p } })),
  );
  // desmith.gal is the rook contiguity of this layout (two cells on top of a 2 × 4 block).
  const cells = [
    [1, 2],
    [2, 2],
    [0, 1],
    [1, 1],
    [2, 1],
    [3, 1],
    [0, 0],
    [1, 0],
    [2, 0],
    [3, 0],
  ];
  const z = column(readPysalCsv('desmith.txt'), 'z');
  write(
    'desmith.geojson',
    cells.map(([c, r], i) => ({ type: 'Feature', properties: { id: i + 1, z: z[i] }, geometry: polygon(unitSquare(c!, r!, 10)) })),
  );
  const stl = readStlPolygons();
  write(
    'stl.geojson',
    stl.rings.map((ring, i) => ({ type: 'Feature', properties: { FIPSNO: stl.fips[i], HR8893: stl.homicideRate8893[i] }, geometry: polygon(ring) })),
  );
  // sids2.dbf has no coordinates and its weights come from sids2.gal: a placeholder point keeps
  // each feature a valid GeoJSON Feature; the command never reads it with gal: weights.
  write(
    'sids2.geojson',
    readDbf('sids2.dbf').records.map((r, i) => ({
      type: 'Feature',
      properties: { FIPSNO: r.FIPSNO, SIDR74: r.SIDR74, SID79: r.SID79, BIR79: r.BIR79 },
      geometry: { type: 'Point', coordinates: [i, 0] },
    })),
  );
  // Columbus: the neighbourhoods' centroids (X, Y in the dbf), which knn weights need; POLYID is
  // the id columbus.gal uses (1…49 in file order).
  write(
    'columbus.geojson',
    readDbf('columbus.dbf').records.map((r) => ({
      type: 'Feature',
      properties: { POLYID: r.POLYID, CRIME: r.CRIME, INC: r.INC },
      geometry: { type: 'Point', coordinates: [r.X, r.Y] },
    })),
  );
  write(
    'lattice.geojson',
    Array.from({ length: 9 }, (_, k) => ({ type: 'Feature', properties: { cell: k, y: k + 1 }, geometry: polygon(unitSquare(k % 3, Math.floor(k / 3))) })),
  );
});

afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('the spatial command on files equivalent to the reference data', () => {
  it('reproduces esda on the six points, St Louis and desmith', { timeout: 120_000 }, async () => {
    const six = ['--input', file('six-points.geojson'), '--id', 'name', '--variable', 'y', '--weights', 'distance:15', '--json'];
    const [g, gi, giStar, giRow, stl, lisa, lisaGal] = await Promise.all([
      runCommand([...six, '--stat', 'g', '--alternative', 'directed', '--permutations', '99']),
      runCommand([...six, '--stat', 'gi', '--transform', 'binary', '--alternative', 'directed']),
      runCommand([...six, '--stat', 'gistar', '--transform', 'binary']),
      runCommand([...six, '--stat', 'gi']),
      runCommand(['--input', file('stl.geojson'), '--id', 'FIPSNO', '--variable', 'HR8893', '--weights', 'rook', '--stat', 'moran', '--alternative', 'directed', '--json']),
      runCommand(['--input', file('desmith.geojson'), '--id', 'id', '--variable', 'z', '--weights', 'rook', '--stat', 'local-moran', '--permutations', '99', '--seed', '7', '--json']),
      runCommand(['--input', file('desmith.geojson'), '--id', 'id', '--variable', 'z', '--weights', `gal:${path.join(PYSAL_DIR, 'desmith.gal')}`, '--stat', 'local-moran', '--permutations', '99', '--seed', '7', '--json']),
    ]);

    const gReport = lastJson(g);
    expect(gReport).toMatchObject({ n: 6, statistic: 'g', local: null, p_randomisation: null, permutations: 99 });
    expectMatchesPrinted(gReport.value, '0.55709779');
    expectMatchesPrinted(gReport.p_normal, '0.172936');
    expect(gReport.p_permutation).toBeGreaterThan(0);
    expect(gReport.weights).toMatchObject({ spec: 'distance:15', transform: 'binary', islands: [] });

    const giReport = lastJson(gi);
    expect(giReport.local!.map((e) => e.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    expectMatchesPrinted(giReport.local![0]!.z, '-1.0136729');
    expect(giReport.local![0]!.quadrant).toBeNull();
    expect(giReport.local![0]!.p).toBeGreaterThan(0);
    expectMatchesPrinted(lastJson(giStar).local![0]!.z, '-1.39727626');
    const row = lastJson(giRow);
    expect(row.weights.transform).toBe('row');
    expectMatchesPrinted(row.local![0]!.z, '-0.62074534');

    const moran = lastJson(stl);
    expect(moran.n).toBe(78);
    expectClose(moran.value, 0.24365582621771659);
    expectClose(moran.expected, -1 / 77);
    expectClose(moran.p_normal, 0.000135739313854688);
    expect(moran.p_permutation).toBeLessThan(0.05);
    expect(moran.weights).toMatchObject({ spec: 'rook', transform: 'row', links: 398 });

    const local = lastJson(lisa);
    expect(local.local!.map((e) => e.quadrant)).toEqual([4, 4, 4, 2, 3, 3, 1, 4, 3, 3]);
    expect(local.local!.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    for (const entry of local.local!) expect(entry.p! > 0 && entry.p! <= 1).toBe(true);
    expect(local.fdr_cutoff).not.toBeNull();
    // desmith.gal itself gives the same weights, hence the same statistics and p-values.
    const fromGal = lastJson(lisaGal);
    expect(fromGal.local).toEqual(local.local);
    expect(fromGal.weights.spec).toMatch(/^gal:.*desmith\.gal$/);
  });
});

/** columbus.gal read by plain string handling, row-standardised: neighbours and weights per area. */
function columbusRowWeights(): { neighbours: number[][]; weight: number[][] } {
  const lines = fs.readFileSync(path.join(PYSAL_DIR, 'columbus.gal'), 'utf8').trim().split(/\r?\n/);
  const neighbours: number[][] = [];
  for (let l = 1; l < lines.length; l += 2) {
    const [id] = lines[l]!.trim().split(/\s+/).map(Number);
    neighbours[id! - 1] = lines[l + 1]!.trim().split(/\s+/).map((j) => Number(j) - 1);
  }
  return { neighbours, weight: neighbours.map((row) => row.map(() => 1 / row.length)) };
}

/** Global Moran's I by its definition, n/S0 · ΣΣ w_ij z_i z_j / Σ z_i², with z = y − ȳ. */
function moranByLoops(y: number[], neighbours: number[][], weight: number[][]): number {
  const n = y.length;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const z = y.map((v) => v - mean);
  let s0 = 0;
  let cross = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < neighbours[i]!.length; k++) {
      s0 += weight[i]![k]!;
      cross += weight[i]![k]! * z[i]! * z[neighbours[i]![k]!]!;
    }
  }
  return ((n / s0) * cross) / z.reduce((a, v) => a + v * v, 0);
}

describe('the spatial command on the other reference cases of EXPECTED.md', () => {
  it('reproduces sids2 (SIDR74 and the SID79/BIR79 empirical-Bayes rates, with sids2.gal), the 3×3 lattice variances and Columbus', { timeout: 120_000 }, async () => {
    const sids = ['--input', file('sids2.geojson'), '--id', 'FIPSNO', '--weights', `gal:${path.join(PYSAL_DIR, 'sids2.gal')}`, '--stat', 'moran', '--json'];
    const [sidr74, rates, lattice, columbus] = await Promise.all([
      runCommand([...sids, '--variable', 'SIDR74']),
      runCommand([...sids, '--variable', 'SID79', '--population', 'BIR79']),
      runCommand(['--input', file('lattice.geojson'), '--id', 'cell', '--variable', 'y', '--weights', 'rook', '--transform', 'binary', '--stat', 'moran', '--permutations', '0', '--json']),
      runCommand(['--input', file('columbus.geojson'), '--id', 'POLYID', '--variable', 'CRIME', '--weights', `gal:${path.join(PYSAL_DIR, 'columbus.gal')}`, '--stat', 'moran', '--json']),
    ]);

    const sidr = lastJson(sidr74);
    expect(sidr.n).toBe(100);
    expect(sidr.weights.transform).toBe('row');
    expectClose(sidr.value, 0.24772519320480135);
    expectClose(sidr.p_normal, 5.7916539074498452e-5);

    const eb = lastJson(rates);
    expect(eb.n).toBe(100);
    expectClose(eb.value, 0.16622343552567395);
    expectClose(eb.p_normal, 0.004191499504892171);

    // The report carries z-scores, not variances: Var = ((I − E[I]) / z)² gives them back.
    const grid = lastJson(lattice);
    expect(grid).toMatchObject({ n: 9, weights: { spec: 'rook', transform: 'binary', links: 24 }, p_permutation: null });
    const deviation = grid.value! - grid.expected!;
    expectClose((deviation / grid.z!) ** 2, 0.053125);
    expectClose((deviation / grid.z_randomisation!) ** 2, 0.0596875);
    // p_randomisation is the one-tailed normal tail of the z built on esda's randomisation variance.
    expectClose(grid.p_randomisation, normalSurvival(Math.abs(deviation / Math.sqrt(0.0596875))));

    expectMatchesPrinted(lastJson(columbus).value, '0.5001885572');
  });

  it('matches a plain-loop bivariate local Moran (Columbus CRIME around INC) and knn Moran (Columbus centroids)', { timeout: 120_000 }, async () => {
    const columbus = ['--input', file('columbus.geojson'), '--id', 'POLYID', '--variable', 'CRIME', '--json'];
    const [bivariate, knn] = await Promise.all([
      runCommand([...columbus, '--variable2', 'INC', '--weights', `gal:${path.join(PYSAL_DIR, 'columbus.gal')}`, '--stat', 'bivariate-local-moran', '--permutations', '99', '--seed', '3']),
      runCommand([...columbus, '--weights', 'knn:4', '--stat', 'moran']),
    ]);
    const table = readDbf('columbus.dbf');
    const crime = Array.from(numericColumn(table, 'CRIME'));
    const income = Array.from(numericColumn(table, 'INC'));
    const n = crime.length;

    // esda.Moran_Local_BV: I_i = (n−1)·zx_i·[W zy]_i / Σ zx², z by the population standard
    // deviation, W row-standardised; quadrants from the sign of zx_i and of [W zy]_i.
    const { neighbours, weight } = columbusRowWeights();
    const standardise = (v: number[]) => {
      const mean = v.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / n);
      return v.map((x) => (x - mean) / sd);
    };
    const zx = standardise(crime);
    const zy = standardise(income);
    const sumSquares = zx.reduce((a, v) => a + v * v, 0);
    const report = lastJson(bivariate);
    expect(report.statistic).toBe('bivariate-local-moran');
    expect(report.local!.map((e) => e.id)).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
    for (let i = 0; i < n; i++) {
      let lag = 0;
      for (let k = 0; k < neighbours[i]!.length; k++) lag += weight[i]![k]! * zy[neighbours[i]![k]!]!;
      const entry = report.local![i]!;
      expectClose(entry.value, ((n - 1) * zx[i]! * lag) / sumSquares, 1e-9);
      expect(entry.quadrant).toBe(zx[i]! > 0 ? (lag > 0 ? 1 : 4) : lag > 0 ? 2 : 3);
      expect(entry.p! > 0 && entry.p! <= 1).toBe(true);
    }

    // knn:4 by brute force: each centroid's 4 closest others, row-standardised. The 4th and 5th
    // distances differ everywhere, so the tie-breaking rule cannot make the two disagree.
    const x = Array.from(numericColumn(table, 'X'));
    const y = Array.from(numericColumn(table, 'Y'));
    const nearest = x.map((_, i) => {
      const others = x
        .map((_, j) => ({ j, d: (x[i]! - x[j]!) ** 2 + (y[i]! - y[j]!) ** 2 }))
        .filter((c) => c.j !== i)
        .sort((a, b) => a.d - b.d);
      expect(others[3]!.d).toBeLessThan(others[4]!.d);
      return others.slice(0, 4).map((c) => c.j);
    });
    const moran = lastJson(knn);
    expect(moran.weights).toMatchObject({ spec: 'knn:4', transform: 'row', links: 4 * n, islands: [] });
    expectClose(moran.value, moranByLoops(crime, nearest, nearest.map((row) => row.map(() => 0.25))));
    // The same loops with columbus.gal reproduce the reference value: the loops are sound.
    expectMatchesPrinted(moranByLoops(crime, neighbours, weight), '0.5001885572');
  });
});

describe('the spatial command refuses bad input', () => {
  it('names the features, excludes missing values, and exits non-zero on errors', { timeout: 120_000 }, async () => {
    const base = JSON.parse(fs.readFileSync(file('stl.geojson'), 'utf8')) as { features: { properties: Record<string, unknown>; geometry: unknown }[] };
    const variant = (name: string, change: (features: typeof base.features) => void) => {
      const features = structuredClone(base.features);
      change(features);
      write(name, features);
      return file(name);
    };
    const withMissing = variant('missing.geojson', (f) => {
      f[4]!.properties.HR8893 = null;
      f[9]!.properties.HR8893 = 's';
    });
    const broken = variant('broken.geojson', (f) => {
      delete f[2]!.properties.HR8893;
      f[5]!.properties.HR8893 = 'n.d.';
      f[7]!.geometry = { type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] };
    });
    const args = (input: string) => ['--input', input, '--id', 'FIPSNO', '--variable', 'HR8893', '--weights', 'rook', '--stat', 'moran', '--json'];
    const [missing, bad, usage, notJson] = await Promise.all([
      runCommand([...args(withMissing), '--missing', 's']),
      runCommand(args(broken)),
      runCommand(['--input', withMissing, '--id', 'FIPSNO', '--variable', 'HR8893', '--stat', 'lisa']),
      runCommand(args(path.join(REPO_ROOT, 'package.json'))),
    ]);

    const report = lastJson(missing);
    expect(report.n).toBe(76);
    expect(report.excluded).toEqual([
      { feature: 5, id: base.features[4]!.properties.FIPSNO, missing: ['HR8893'] },
      { feature: 10, id: base.features[9]!.properties.FIPSNO, missing: ['HR8893'] },
    ]);
    expect(missing.stderr).toMatch(/2 areas excluded for a missing value, not counted as zero/);
    // The same as an analysis of the file without those two features.
    const json = JSON.parse(fs.readFileSync(withMissing, 'utf8')) as { features: unknown[] };
    const kept = { type: 'FeatureCollection', features: json.features.filter((_, i) => i !== 4 && i !== 9) };
    const direct = runAnalysis(readFeatureCollection(kept, { idProperty: 'FIPSNO', variables: ['HR8893'] }), {
      statistic: 'moran',
      weights: { kind: 'rook' },
      permutations: 999,
      seed: 12345,
      alternative: 'directed',
    });
    expect(report.value).toBe(direct.value);
    expect(report.p_permutation).toBe(direct.p_permutation);

    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('Invalid input: 3 problems in the input:');
    expect(bad.stderr).toContain(`feature #3 (FIPSNO ${base.features[2]!.properties.FIPSNO}) has no property "HR8893"`);
    expect(bad.stderr).toContain(`feature #6 (FIPSNO ${base.features[5]!.properties.FIPSNO}) has a non-numeric value "n.d." in "HR8893"`);
    expect(bad.stderr).toContain(`feature #8 (FIPSNO ${base.features[7]!.properties.FIPSNO}) has an invalid polygon: its outer ring crosses itself`);

    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--stat must be one of moran, local-moran/);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/not a GeoJSON FeatureCollection/);
  });
});
