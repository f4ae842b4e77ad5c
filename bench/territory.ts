/**
 * Territory benchmark (CLI): how fast the demo zonings are seeded, how fast a point finds its zone,
 * and how long a GeoJSON import takes to validate and store.
 *
 *   npm run bench:territory -- [--points 1000000] [--postgres]
 *
 * - seed: the territory module's demo seed alone, in its transaction, on PGlite in a folder (as
 *   `npm start` runs it) and, with --postgres, on the PostgreSQL of TEST_DATABASE_URL;
 * - zoneAt: a map click (`await territory.zoneAt(point, zoning)`, one at a time: latency) and a
 *   backlog of N reports (`locator(zoning)` then `zoneAt` on each, and `zonesAt(points)`), uniform
 *   over each zoning's bounding box; 10,000 of the answers are checked against testing every zone;
 * - import: communes-idf-2018.geojson (../shared/data/observatory) validated (dry run) and stored
 *   into a new zoning, through the service.
 * Writes bench/results/territory.{md,json}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp, type BeffroiApp } from '../src/platform/app';
import { openDatabase, queryRows, sql, type Database } from '../src/platform/db/client';
import { testConfig, testPostgresUrl } from '../src/platform/testing/db';
import { MODULES } from '../src/modules/index';
import { seedDemoTerritory } from '../src/modules/territory/demo/seed';
import { territoryServiceFor } from '../src/modules/territory/service';
import { pointInGeometry } from '../src/modules/territory/geometry/point-in-polygon';
import type { ZoneGeometry } from '../src/modules/territory/geometry/types';
import { sha256Hex } from '../src/modules/territory/admin';
import { SYSTEM_ACTOR } from '../src/platform/audit/service';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { points: { type: 'string', default: '1000000' }, postgres: { type: 'boolean', default: false } } });
const N = Number(values.points);
const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load: os.loadavg() } };
const lines: string[] = [];
const log = (s: string) => {
  console.log(s);
  lines.push(s);
};

async function startApp(database: Database): Promise<BeffroiApp> {
  return createApp({ config: testConfig({ BEFFROI_SEED_DEMO: 'false' }), modules: MODULES, database, webRoot: null, logger: false, startWorkers: false });
}

async function timeSeed(label: string, database: Database): Promise<BeffroiApp> {
  await database.migrate();
  const app = await startApp(database);
  const territoryCtx = { ...app.ctx };
  const started = performance.now();
  await app.ctx.db.transaction((tx) => seedDemoTerritory({ ctx: territoryCtx, tx }));
  const ms = performance.now() - started;
  const [row] = await queryRows<{ n: number }>(app.ctx.db, sql`SELECT count(*)::int AS n FROM territory_zones`);
  results[`seed_${label}_ms`] = Math.round(ms);
  log(`seed (${label}): ${row!.n} zones in ${Math.round(ms)} ms`);
  return app;
}

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

async function benchZoneAt(app: BeffroiApp, zoning: string) {
  const territory = territoryServiceFor(app.ctx);
  const zones = (await territory.zoneFeatures(zoning, 'full'))!.features.filter((f) => f.geometry);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const z of zones) for (const ring of (z.geometry!.type === 'Polygon' ? [z.geometry!.coordinates] : z.geometry!.coordinates).flat()) for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const random = rng(12345);
  const points = Array.from({ length: N }, () => ({ lng: minX + random() * (maxX - minX), lat: minY + random() * (maxY - minY) }));

  // First lookup builds the index.
  territory.invalidate(zoning);
  let t = performance.now();
  await territory.zoneAt(points[0]!, zoning);
  const buildMs = performance.now() - t;

  // Map clicks, one at a time.
  const latencies: number[] = [];
  for (let i = 0; i < 2000; i++) {
    t = performance.now();
    await territory.zoneAt(points[i]!, zoning);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;

  // A backlog: the synchronous locator.
  const locator = (await territory.locator(zoning))!;
  t = performance.now();
  let found = 0;
  for (const p of points) if (locator.zoneAt(p)) found++;
  const syncMs = performance.now() - t;

  t = performance.now();
  await territory.zonesAt(points, zoning);
  const batchMs = performance.now() - t;

  // The same through the async call, one point at a time.
  t = performance.now();
  for (const p of points) await territory.zoneAt(p, zoning);
  const asyncMs = performance.now() - t;

  // Correctness against testing every zone.
  let mismatches = 0;
  const geometries = zones.map((z) => ({ code: z.id, g: z.geometry as ZoneGeometry }));
  for (let i = 0; i < 10_000; i++) {
    const p = points[i]!;
    const brute = geometries.find((z) => pointInGeometry(p.lng, p.lat, z.g))?.code ?? null;
    if ((locator.zoneAt(p)?.code ?? null) !== brute) mismatches++;
  }
  const row = {
    zones: zones.length,
    indexBuildMs: Math.round(buildMs),
    clickP50Ms: +q(0.5).toFixed(4),
    clickP99Ms: +q(0.99).toFixed(4),
    syncPerSecond: Math.round(N / (syncMs / 1000)),
    batchPerSecond: Math.round(N / (batchMs / 1000)),
    asyncPerSecond: Math.round(N / (asyncMs / 1000)),
    pointsInAZone: found,
    mismatchesOf10000: mismatches,
  };
  results[`zoneAt_${zoning}`] = row;
  log(
    `zoneAt ${zoning} (${zones.length} zones): index built in ${row.indexBuildMs} ms (with its read); click p50 ${row.clickP50Ms} ms, p99 ${row.clickP99Ms} ms; ` +
      `${N.toLocaleString('en')} points: ${row.syncPerSecond.toLocaleString('en')}/s with the locator, ${row.batchPerSecond.toLocaleString('en')}/s with zonesAt, ` +
      `${row.asyncPerSecond.toLocaleString('en')}/s awaiting zoneAt one by one (${syncMs.toFixed(0)} / ${batchMs.toFixed(0)} / ${asyncMs.toFixed(0)} ms); ` +
      `${found.toLocaleString('en')} in a zone; ${mismatches} mismatches in 10,000 checked`,
  );
}

async function benchImport(app: BeffroiApp) {
  const file = path.resolve(here, '..', '..', 'shared', 'data', 'observatory', 'communes-idf-2018.geojson');
  if (!fs.existsSync(file)) return log('import: skipped (no ../shared/data/observatory)');
  const bytes = fs.readFileSync(file);
  const territory = territoryServiceFor(app.ctx);
  await territory.saveZoning(SYSTEM_ACTOR, 'communes-import', { labelFr: 'Communes (import)', labelEn: 'Communes (import)', descriptionFr: null, descriptionEn: null, kind: 'administrative', parentCode: 'departements' });
  const input = {
    text: bytes.toString('utf8'),
    sha256: sha256Hex(bytes),
    filename: 'communes-idf-2018.geojson',
    codeProperty: 'code',
    nameProperty: 'nom',
    parentProperty: null,
    parentByLocation: true,
    populationProperty: null,
    populationYear: null,
  };
  let t = performance.now();
  const dry = await territory.importZones(SYSTEM_ACTOR, 'communes-import', { ...input, dryRun: true }, 'fr');
  const dryMs = performance.now() - t;
  t = performance.now();
  const stored = await territory.importZones(SYSTEM_ACTOR, 'communes-import', { ...input, dryRun: false }, 'fr');
  const storeMs = performance.now() - t;
  results.import = { bytes: bytes.length, features: dry.report.features, valid: dry.report.valid, dryRunMs: Math.round(dryMs), storeMs: Math.round(storeMs), created: stored.created };
  log(
    `import communes-idf-2018.geojson (${(bytes.length / 1e6).toFixed(1)} MB, ${dry.report.features} features, parents by location): ` +
      `validation report ${Math.round(dryMs)} ms; validated and stored in one transaction ${Math.round(storeMs)} ms (${stored.created} zones)`,
  );
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-territory-bench-'));
try {
  const pglite = await timeSeed('PGlite in a folder', await openDatabase({ kind: 'pglite', dataDir }));
  for (const zoning of ['communes', 'iris', 'secteurs-demo']) await benchZoneAt(pglite, zoning);
  await benchImport(pglite);
  await pglite.close();
  if (values.postgres) {
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    const name = `beffroi_bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
    const url = new URL(testPostgresUrl());
    url.pathname = `/${name}`;
    try {
      const postgres = await timeSeed('PostgreSQL', await openDatabase({ kind: 'postgres', url: url.toString() }));
      await benchZoneAt(postgres, 'communes');
      await postgres.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'territory.json'), JSON.stringify(results, null, 2) + '\n');
fs.writeFileSync(
  path.join(here, 'results', 'territory.md'),
  `# Territory benchmark\n\n\`npm run bench:territory${values.postgres ? ' -- --postgres' : ''}\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version} (load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}).\n\n` +
    lines.map((l) => `- ${l}`).join('\n') +
    '\n',
);
