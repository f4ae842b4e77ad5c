/**
 * Benchmark of the public space module (a command, not a test), on the embedded database and on
 * PostgreSQL:
 *  1. import of the DansMaRue reports in `../shared/data/reports/` through the module's importer
 *     (the real path: file parser, category mapping, territory check, batch inserts, audit event);
 *  2. a synthetic city of 1,000,000 reports resampled from them (categories, positions jittered by
 *     up to ±150 m, dates over the last year, 11 % still open), inserted in SQL;
 *  3. the nearby-duplicates query (`nearbyOpenReports`, 50 m, same category, open) p50/p95 over
 *     1,000 points drawn near existing reports;
 *  4. the real server (child process) on loopback under autocannon: Open311 GET requests (JSON,
 *     100 results), with the module's default one-second cache over a mix of 64 queries, then with
 *     every request a new query (no cache), then POST requests (form-encoded, API key).
 *
 * DansMaRue's points are in Paris: the bench serves Paris (`territory.served` = commune 75056 of the
 * demo's Île-de-France communes, no district zoning), so every point is inside the territory.
 *
 *   npm run bench:reports -- [--reports 1000000] [--seconds 15] [--connections 16] [--postgres URL|none] [--backends pglite,postgres] [--json]
 *
 * With --json the last line is {"import_seconds", "reports", "duplicates_p50_ms", "duplicates_p95_ms",
 * "get_requests_per_second", "get_p95_ms", "post_requests_per_second", "post_p95_ms"} (the embedded
 * database's figures); `bench/results/reports.{json,md}` hold everything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { postgresReachable, withScratchDatabase } from './lib/scratch-database';
import { REPO_ROOT, startServer } from '../e2e/support/server';
import { SYSTEM_ACTOR } from '../src/platform/audit/service';
import { createApp } from '../src/platform/app';
import { loadConfig } from '../src/platform/config';
import { queryRows, sql } from '../src/platform/db/client';
import { MODULES } from '../src/modules/index';
import { categoryCatalogue } from '../src/modules/public-space/common';
import { createApiKey } from '../src/modules/public-space/configuration';
import { importDansMaRue } from '../src/modules/public-space/imports';
import { nearbyOpenReports } from '../src/modules/public-space/reports';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '16' },
    samples: { type: 'string', default: '1000' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    // Run only some backends; the others keep their row of the last results file, with its own date and load.
    backends: { type: 'string', default: 'pglite,postgres' },
    data: { type: 'string', default: path.resolve(REPO_ROOT, '../shared/data/reports/dansmarue-paris-2023-2024.csv') },
    json: { type: 'boolean', default: false },
  },
});

const log = (...m: unknown[]) => {
  if (!args.json) console.log(...m);
  else console.error(...m);
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Load {
  requests_per_second: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  requests: number;
  non_2xx: number;
  /** The non-2xx answers by status code, so that a refusal is told from a failure. */
  statuses: Record<string, number>;
  errors: number;
}

interface BackendResult {
  backend: 'pglite' | 'postgres';
  /** When this backend was measured, and the machine's load average (1, 5, 15 min) before and after. */
  measured_at: string;
  load_average: { start: number[]; end: number[] };
  import_seconds: number;
  imported: number;
  skipped: number;
  synthetic_seconds: number;
  reports: number;
  open_reports: number;
  duplicates_p50_ms: number;
  duplicates_p95_ms: number;
  duplicates_p99_ms: number;
  duplicates_mean_hits: number;
  get_cached_mix: Load;
  get_uncached: Load;
  post: Load;
}

function configFor(dataDir: string, keysDir: string, databaseUrl?: string) {
  return loadConfig({
    BEFFROI_DATA_DIR: dataDir,
    BEFFROI_KEYS_DIR: keysDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    BEFFROI_SEED_DEMO: 'true',
    BEFFROI_WORKERS: '0',
    BEFFROI_ADMIN_EMAIL: 'admin@bench.beffroi.test',
    BEFFROI_ADMIN_PASSWORD: 'bench-admin-password-2024',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
  });
}

/** Import, synthetic city, duplicates query: in this process, on the database the server will then use. */
async function prepare(dataDir: string, keysDir: string, databaseUrl?: string) {
  const beffroi = await createApp({ config: configFor(dataDir, keysDir, databaseUrl), modules: MODULES, webRoot: null, logger: false, startWorkers: false });
  const { ctx } = beffroi;
  try {
    await ctx.settings.set(ctx.db, SYSTEM_ACTOR, 'territory.served', { zoning: 'communes', code: '75056', districtZoning: null });
    const reporting = await ctx.settings.get<Record<string, number>>('public-space.reporting');
    await ctx.settings.set(ctx.db, SYSTEM_ACTOR, 'public-space.reporting', { ...reporting, reportsPerApiKeyPerHour: 1_000_000 });
    const bytes = fs.readFileSync(String(args.data));
    let t = performance.now();
    const imported = await importDansMaRue(ctx, SYSTEM_ACTOR, { filename: path.basename(String(args.data)), mimetype: 'text/csv', bytes }, { status: 'archived', skipOutside: true });
    const importSeconds = (performance.now() - t) / 1000;
    log(`  import: ${imported.imported} reports in ${round(importSeconds, 2)} s (${imported.skipped} skipped)`);

    t = performance.now();
    const target = Number(args.reports);
    await ctx.db.execute(sql`CREATE TABLE IF NOT EXISTS bench_base AS SELECT (row_number() OVER (ORDER BY number) - 1)::int AS i, category_code, lng, lat, priority_score, priority_level FROM public_space_reports WHERE source = 'import'`);
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM bench_base`);
    const existing = Number((await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM public_space_reports`))[0]!.n);
    const chunk = 50_000;
    for (let start = existing; start < target; start += chunk) {
      const end = Math.min(target, start + chunk) - 1;
      await ctx.db.execute(sql`
        INSERT INTO public_space_reports (category_code, status, description, lng, lat, cell, position_source, priority_score, priority_level, source, requested_at, updated_at, resolved_at, closed_at)
        SELECT category_code,
               CASE WHEN u < 0.03 THEN 'new' WHEN u < 0.07 THEN 'to_process' WHEN u < 0.09 THEN 'scheduled' WHEN u < 0.10 THEN 'transferred'
                    WHEN u < 0.11 THEN 'under_watch' WHEN u < 0.17 THEN 'rejected' WHEN u < 0.6 THEN 'done' ELSE 'archived' END,
               '', lng, lat, (floor(lat / 0.001)::bigint + 90000) * 1000000 + (floor(lng / 0.0015)::bigint + 120000),
               'map', priority_score, priority_level, 'import', at, at,
               CASE WHEN u >= 0.17 THEN at + make_interval(secs => 86400 * 6 * v) END,
               CASE WHEN u >= 0.11 THEN at + make_interval(secs => 86400 * 6 * v) END
        FROM (SELECT b.category_code, b.priority_score, b.priority_level,
                     b.lng + (random() - 0.5) * 0.004 AS lng, b.lat + (random() - 0.5) * 0.0027 AS lat,
                     now() - make_interval(secs => 86400 * 365 * random()) AS at, random() AS u, random() AS v
              FROM generate_series(${start}::int, ${end}::int) g JOIN bench_base b ON b.i = ((g::bigint * 7919) % ${n})::int) x`);
      if (!args.json && (end + 1) % 200_000 === 0) process.stdout.write(`  ${end + 1} reports…\r`);
    }
    await ctx.db.execute(sql`DROP TABLE IF EXISTS bench_base`);
    await ctx.db.execute(sql`ANALYZE public_space_reports`);
    const syntheticSeconds = (performance.now() - t) / 1000;
    const [totals] = await queryRows<{ reports: number; open: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS reports, count(*) FILTER (WHERE status IN ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch'))::int AS open FROM public_space_reports`,
    );
    log(`  synthetic city: ${totals!.reports} reports (${totals!.open} open) in ${round(syntheticSeconds, 1)} s`);

    // Duplicates: points drawn near existing reports, with their category.
    const probes = await queryRows<{ category_code: string; lng: number; lat: number }>(
      ctx.db,
      sql`SELECT category_code, lng + (random() - 0.5) * 0.0008 AS lng, lat + (random() - 0.5) * 0.0006 AS lat FROM public_space_reports TABLESAMPLE SYSTEM (1) LIMIT ${Number(args.samples)}`,
    );
    for (const p of probes.slice(0, 50)) await nearbyOpenReports(ctx.db, p.category_code, { lng: Number(p.lng), lat: Number(p.lat) }, 50); // warm-up
    const times: number[] = [];
    let hits = 0;
    for (const p of probes) {
      const t0 = performance.now();
      const rows = await nearbyOpenReports(ctx.db, p.category_code, { lng: Number(p.lng), lat: Number(p.lat) }, 50);
      times.push(performance.now() - t0);
      hits += rows.length;
    }
    log(`  duplicates query: p50 ${round(percentile(times, 50), 2)} ms, p95 ${round(percentile(times, 95), 2)} ms over ${times.length} points (${round(hits / times.length, 2)} hits each)`);
    const key = await createApiKey(ctx, SYSTEM_ACTOR, 'benchmark');
    const codes = (await queryRows<{ code: string }>(ctx.db, sql`SELECT category_code AS code FROM public_space_reports GROUP BY 1 ORDER BY count(*) DESC LIMIT 32`)).map((r) => r.code);
    // POSTs at the positions of existing reports (inside the territory), in categories that a request
    // with a position and a description satisfies: no required extra question, no contact required
    // (the others are refused with a 400, rightly, and would not measure a report being filed).
    const catalogue = await categoryCatalogue(ctx);
    const simple = new Set(catalogue.rows.filter((c) => c.anonymousAllowed && !c.attributes.some((a) => a.required)).map((c) => c.code));
    const points = (await queryRows<{ category_code: string; lng: number; lat: number }>(ctx.db, sql`SELECT category_code, lng, lat FROM public_space_reports WHERE source = 'import' ORDER BY number LIMIT 2000`))
      .filter((p) => simple.has(p.category_code))
      .slice(0, 500)
      .map((p) => ({ code: p.category_code, lng: Number(p.lng), lat: Number(p.lat) }));
    return {
      importSeconds,
      imported,
      syntheticSeconds,
      totals: totals!,
      duplicates: { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), hits: hits / times.length },
      apiKey: key.key,
      codes,
      points,
    };
  } finally {
    await beffroi.close();
  }
}

async function load(url: string, request: autocannon.Request): Promise<Load> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: Number(args.connections), duration: Number(args.seconds), requests: [request] }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status < 200 || status > 299) statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    });
  });
  return {
    requests_per_second: round(result.requests.total / result.duration),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    requests: result.requests.total,
    non_2xx: result.non2xx,
    statuses,
    errors: result.errors,
  };
}

async function measure(backend: 'pglite' | 'postgres', databaseUrl?: string): Promise<BackendResult> {
  log(`${backend}:`);
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-bench-reports-'));
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-bench-keys-'));
  fs.chmodSync(keysDir, 0o700);
  try {
    const prep = await prepare(dataDir, keysDir, databaseUrl);
    const server = await startServer({
      requireWeb: false,
      dataDir,
      env: { BEFFROI_KEYS_DIR: keysDir, BEFFROI_RATE_LIMIT_PER_MINUTE: '100000000', BEFFROI_WORKERS: '0', LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    });
    try {
      const variants = prep.codes.flatMap((code) => [`service_code=${code}`, `service_code=${code}&status=open`]);
      let i = 0;
      // Warm-up.
      for (const v of variants) await fetch(`${server.url}/open311/v2/requests.json?max_requests=100&${v}`);
      const cached = await load(server.url, { method: 'GET', setupRequest: (req) => ({ ...req, path: `/open311/v2/requests.json?max_requests=100&${variants[i++ % variants.length]}` }) });
      log(`  GET requests (100 results, 64 queries, default cache): ${cached.requests_per_second}/s, p50 ${cached.p50_ms} ms, p95 ${cached.p95_ms} ms, non-2xx ${cached.non_2xx} ${JSON.stringify(cached.statuses)}`);
      const base = Date.now() - 80 * 86_400_000;
      const uncached = await load(server.url, {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/open311/v2/requests.json?max_requests=100&start_date=${new Date(base + i++ * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}` }),
      });
      log(`  GET requests (100 results, every query new: no cache): ${uncached.requests_per_second}/s, p50 ${uncached.p50_ms} ms, p95 ${uncached.p95_ms} ms, non-2xx ${uncached.non_2xx} ${JSON.stringify(uncached.statuses)}`);
      const post = await load(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req) => {
          const p = prep.points[i++ % prep.points.length]!;
          const body = new URLSearchParams({ api_key: prep.apiKey, service_code: p.code, lat: String(p.lat), long: String(p.lng), description: `Benchmark ${i}` });
          return { ...req, path: '/open311/v2/requests.json', body: body.toString() };
        },
      });
      log(`  POST requests: ${post.requests_per_second}/s, p50 ${post.p50_ms} ms, p95 ${post.p95_ms} ms, non-2xx ${post.non_2xx} ${JSON.stringify(post.statuses)}`);
      return {
        backend,
        measured_at: new Date().toISOString(),
        load_average: { start: loadAtStart, end: os.loadavg().map((x) => round(x, 2)) },
        import_seconds: round(prep.importSeconds, 2),
        imported: prep.imported.imported,
        skipped: prep.imported.skipped,
        synthetic_seconds: round(prep.syntheticSeconds, 1),
        reports: Number(prep.totals.reports),
        open_reports: Number(prep.totals.open),
        duplicates_p50_ms: round(prep.duplicates.p50, 2),
        duplicates_p95_ms: round(prep.duplicates.p95, 2),
        duplicates_p99_ms: round(prep.duplicates.p99, 2),
        duplicates_mean_hits: round(prep.duplicates.hits, 2),
        get_cached_mix: cached,
        get_uncached: uncached,
        post,
      };
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(keysDir, { recursive: true, force: true });
  }
}



async function main() {
  if (!fs.existsSync(String(args.data))) {
    console.error(`No DansMaRue file at ${args.data}: pass --data PATH.`);
    process.exit(2);
  }
  const loadAverage = os.loadavg();
  const wanted = String(args.backends).split(',').map((b) => b.trim());
  const resultsFile = path.join(REPO_ROOT, 'bench/results/reports.json');
  const previous = fs.existsSync(resultsFile) ? ((JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { results?: BackendResult[] }).results ?? []) : [];
  const kept = (backend: BackendResult['backend']) => previous.find((r) => r.backend === backend && r.measured_at);
  const results: BackendResult[] = [];
  if (wanted.includes('pglite')) results.push(await measure('pglite'));
  else if (kept('pglite')) results.push(kept('pglite')!);
  if (wanted.includes('postgres') && args.postgres !== 'none' && (await postgresReachable(String(args.postgres))))
    results.push(await withScratchDatabase(String(args.postgres), 'beffroi_bench_reports', "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0", (url) => measure('postgres', url)));
  else if (!wanted.includes('postgres') && kept('postgres')) results.push(kept('postgres')!);
  if (!results.length) {
    console.error('No backend measured: --backends pglite,postgres');
    process.exit(2);
  }
  const summary = {
    benchmark: 'reports',
    machine: { cpus: os.cpus().length, node: process.version, load_average_at_start: loadAverage.map((x) => round(x, 2)), load_average_at_end: os.loadavg().map((x) => round(x, 2)) },
    connections: Number(args.connections),
    seconds: Number(args.seconds),
    results,
    generatedAt: new Date().toISOString(),
  };
  fs.mkdirSync(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/results/reports.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const row = (r: BackendResult) =>
    `| ${r.backend} | ${r.measured_at.slice(0, 16).replace('T', ' ')} (${r.load_average.start[0]} / ${r.load_average.end[0]}) | ${r.import_seconds} | ${r.reports} | ${r.duplicates_p50_ms} / ${r.duplicates_p95_ms} | ${r.get_cached_mix.requests_per_second} (p95 ${r.get_cached_mix.p95_ms}) | ${r.get_uncached.requests_per_second} (p95 ${r.get_uncached.p95_ms}) | ${r.post.requests_per_second} (p95 ${r.post.p95_ms}) |`;
  const md = [
    '# Public space — reports benchmark',
    '',
    `DansMaRue import (${results[0]!.imported} reports, the module's importer), a synthetic city resampled from it, the nearby-duplicates query (50 m, same category, open) over ${args.samples} points, and the real server on loopback under autocannon (${summary.connections} connections, ${summary.seconds} s per run): Open311 GET requests (JSON, 100 results) with the default one-second cache over 64 queries and with a new query each time, and POST requests (form-encoded, API key). Territory served: Paris (75056), where DansMaRue's points are. ${summary.machine.cpus} cores shared with other work, Node ${summary.machine.node}; each backend's row says when it was measured and under which load (\`--backends\` reruns some backends and keeps the others' rows). Non-2xx answers by status: ${results.map((r) => `${r.backend} ${JSON.stringify({ get_cached: r.get_cached_mix.statuses ?? {}, get_uncached: r.get_uncached.statuses ?? {}, post: r.post.statuses ?? {} })}`).join('; ')}. Generated ${summary.generatedAt}.`,
    '',
    '| backend | measured (UTC; load average 1 min at start / end) | import s | reports | duplicates p50 / p95 ms | GET/s, 64 queries, cache | GET/s, no cache | POST/s |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(row),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/results/reports.md'), md);
  log(md);
  const p = results[0]!;
  if (args.json) {
    console.log(
      JSON.stringify({
        import_seconds: p.import_seconds,
        reports: p.reports,
        duplicates_p50_ms: p.duplicates_p50_ms,
        duplicates_p95_ms: p.duplicates_p95_ms,
        get_requests_per_second: p.get_cached_mix.requests_per_second,
        get_p95_ms: p.get_cached_mix.p95_ms,
        post_requests_per_second: p.post.requests_per_second,
        post_p95_ms: p.post.p95_ms,
      }),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
