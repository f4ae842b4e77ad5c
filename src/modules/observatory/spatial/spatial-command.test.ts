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
import { readFeatureCollection } from './features';
import { column, PYSAL_DIR, readPysalCsv, readStlPolygons, REPO_ROOT, unitSquare } from './testing/pysal-data';

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
