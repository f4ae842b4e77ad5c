/**
 * Times the spatial pipeline the observatory's benchmark targets: GeoJSON parsing, feature
 * reading (with polygon validation), queen contiguity, local Moran and Gi* with 999 conditional
 * permutations — on the Île-de-France communes (1,276 polygons) and on a synthetic territory of
 * 35,000 polygons. The values are seeded noise: the cost does not depend on them.
 *
 *   npx tsx src/modules/observatory/spatial/benchmark.ts [--communes FILE] [--synthetic ROWSxCOLUMNS]
 *     [--points-per-edge K] [--permutations N] [--repeat R]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { contiguityWeights } from './contiguity';
import { readFeatureCollection } from './features';
import { localG } from './getis-ord';
import { localMoran } from './local-moran';
import { seededRandom } from './random';
import { syntheticTerritories } from './synthetic-territories';
import { islands, rowStandardised } from './weights';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

interface Timing {
  label: string;
  areas: number;
  vertices: number;
  links: number;
  islands: number;
  /** Wall-clock and CPU milliseconds per step (CPU time is what a shared machine does not blur). */
  steps: Record<string, { wall: number; cpu: number }>;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function run(label: string, text: string, idProperty: string, permutations: number): Timing {
  const steps: Record<string, { wall: number; cpu: number }> = {};
  let clock = performance.now();
  let cpuClock = cpuMs();
  const lap = (step: string) => {
    const now = performance.now();
    const cpuNow = cpuMs();
    steps[step] = { wall: now - clock, cpu: cpuNow - cpuClock };
    clock = now;
    cpuClock = cpuNow;
  };
  const json = JSON.parse(text) as { features: { properties: Record<string, unknown> }[] };
  const noise = seededRandom(7);
  for (const feature of json.features) feature.properties.bench_value ??= 1000 + 1000 * noise.nextFloat();
  lap('JSON.parse');
  const { areas } = readFeatureCollection(json, { idProperty, variables: ['bench_value'] });
  lap('features + validation');
  const polygons = areas.map((area) => (area.geometry.type === 'polygons' ? area.geometry.polygons : []));
  const { weights } = contiguityWeights(polygons, { kind: 'queen' });
  lap('queen contiguity');
  const y = Float64Array.from(areas, (area) => area.values[0]!);
  const w = rowStandardised(weights);
  localMoran(y, w, { permutations, random: seededRandom(1) });
  lap(`local Moran, ${permutations} permutations`);
  localG(y, weights, { star: true, permutations, random: seededRandom(2) });
  lap(`Gi*, ${permutations} permutations`);
  let vertices = 0;
  for (const rings of polygons) for (const ring of rings) for (const r of ring) vertices += r.length / 2 - 1;
  return { label, areas: areas.length, vertices, links: weights.neighbours.length, islands: islands(weights).length, steps };
}

function report(t: Timing): void {
  const wall = Object.values(t.steps).reduce((a, b) => a + b.wall, 0);
  const cpu = Object.values(t.steps).reduce((a, b) => a + b.cpu, 0);
  const row = (label: string, w: number, c: number) => `  ${label.padEnd(36)} ${w.toFixed(0).padStart(7)} ms wall ${c.toFixed(0).padStart(7)} ms CPU`;
  console.log(`\n${t.label}: ${t.areas} areas, ${t.vertices} corners, ${t.links} links, ${t.islands} islands`);
  for (const [step, ms] of Object.entries(t.steps)) console.log(row(step, ms.wall, ms.cpu));
  console.log(row('total', wall, cpu));
}

const permutations = Number(option('--permutations', '999'));
const repeat = Number(option('--repeat', '1'));
const communes = option('--communes', path.join(REPO_ROOT, '../shared/data/observatory/communes-idf-2018.geojson'));
const [rows, columns] = option('--synthetic', '175x200').split('x').map(Number) as [number, number];
const pointsPerEdge = Number(option('--points-per-edge', '7'));

if (fs.existsSync(communes)) {
  const text = fs.readFileSync(communes, 'utf8');
  for (let r = 0; r < repeat; r++) report(run(`Île-de-France communes (run ${r + 1})`, text, 'code', permutations));
} else console.log(`(${communes} not found: communes skipped)`);

const generated = performance.now();
const text = JSON.stringify(syntheticTerritories({ rows, columns, pointsPerEdge }));
console.log(`\nsynthetic ${rows}×${columns} generated in ${(performance.now() - generated).toFixed(0)} ms (${(text.length / 1e6).toFixed(1)} MB of GeoJSON)`);
for (let r = 0; r < repeat; r++) report(run(`synthetic territory (run ${r + 1})`, text, 'code', permutations));
