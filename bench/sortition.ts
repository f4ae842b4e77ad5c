/**
 * Sortition benchmark (CLI): LEXIMIN against LEGACY on real and generated volunteer pools.
 *
 *   npm run bench:sortition -- <instance-dir>... [--panel-size <k>] [--generated] [--json]
 *                              [--legacy-draws 10000] [--time-limit 600]
 *
 * - An instance folder holds categories.csv + respondents.csv (the Nature paper's replication
 *   format) or features.csv + candidates.csv (the Sortition Foundation's format). The panel size is
 *   --panel-size or else the number after the last `_` of the folder's name (`example_small_20`).
 * - `--generated`, or no folder at all: also the synthetic pools of the sizes of the Nature paper's
 *   instances (`PAPER_SIZED_POOLS`, n 70–2,000, k 20–200, seeded by their names, so the same pools
 *   every run). They are not the paper's pools (those are not public): their minima are not
 *   comparable with the published ones, their sizes and running times are.
 * - Per instance: n, k, the smallest selection probability under LEXIMIN (exact) and under LEGACY
 *   (estimated from --legacy-draws panels), both Gini coefficients, the number of panels in the
 *   LEXIMIN support, LEXIMIN's running time (wall clock, and CPU time in the results files), and
 *   whether every support panel meets every quota and the one-per-household rule, checked here
 *   from the raw pool (not with the library's classes).
 *   When the quotas cannot be met, the instance is run with the smallest relaxation the feasibility
 *   check proposes (as an organiser would), and the note says so.
 * - With --json the last line printed is a JSON array of
 *   {instance, n, k, leximin_min, legacy_min, gini_leximin, gini_legacy, panels, seconds, quotas_ok}
 *   (probabilities as fractions).
 * Writes bench/results/sortition.{json,md}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  computeDistribution,
  generatePool,
  giniCoefficient,
  instanceFromFiles,
  legacyProbabilities,
  normaliseAddress,
  PAPER_SIZED_POOLS,
  type ClassLottery,
  type SelectionInstance,
} from '../src/modules/assemblies/selection/index';

const here = path.dirname(fileURLToPath(import.meta.url));

const USAGE = `Usage: npm run bench:sortition -- <instance-dir>... [--panel-size <k>] [--generated] [--json] [--legacy-draws N] [--time-limit S]
Without a folder, runs on the generated pools of the paper's sizes.`;

interface BenchRow {
  instance: string;
  n: number;
  k: number;
  leximin_min: number | null;
  legacy_min: number | null;
  gini_leximin: number | null;
  gini_legacy: number | null;
  panels: number | null;
  seconds: number | null;
  quotas_ok: boolean | null;
}

interface BenchDetail {
  row: BenchRow;
  source: string;
  /** CPU time of the process during LEXIMIN (user + system): less sensitive than "seconds" to a shared machine's load. */
  cpuSeconds?: number;
  classes?: number;
  legacyFailedAttempts?: number;
  note?: string;
}

/** The panel size a folder's name carries: the number after its last underscore. */
function panelSizeFromName(dir: string): number | undefined {
  const match = /_(\d+)$/.exec(path.basename(path.resolve(dir)));
  return match ? Number(match[1]) : undefined;
}

function readInstance(dir: string, panelSize: number): SelectionInstance {
  const files: Record<string, string> = {};
  for (const name of ['categories.csv', 'respondents.csv', 'features.csv', 'candidates.csv']) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) files[name] = fs.readFileSync(file, 'utf8');
  }
  return instanceFromFiles(files, panelSize);
}

/**
 * Every panel of the lottery against the raw pool: its size, every quota, and at most one member
 * per household whichever members of each class the draw takes.
 */
function supportProblems(instance: SelectionInstance, lottery: ClassLottery): string[] {
  const byId = new Map(instance.volunteers.map((v) => [v.id, v]));
  const problems: string[] = [];
  lottery.panels.forEach((panel, j) => {
    let size = 0;
    const perValue = new Map<string, number>();
    const perHousehold = new Map<string, number>();
    for (const [c, count] of panel.members) {
      const members = lottery.classes[c]!.members.map((id) => byId.get(id)!);
      size += count;
      for (const q of instance.quotas) {
        const holders = members.filter((v) => v.features[q.feature] === q.value).length;
        // A class is interchangeable people: all of its members hold the value or none does.
        if (holders !== 0 && holders !== members.length) problems.push(`panel ${j}: class ${c} mixes ${q.feature} values`);
        if (holders > 0) perValue.set(`${q.feature}:${q.value}`, (perValue.get(`${q.feature}:${q.value}`) ?? 0) + count);
      }
      if (instance.onePerHousehold) {
        const atAddress = new Map<string, number>();
        for (const v of members) if (v.address && normaliseAddress(v.address)) atAddress.set(normaliseAddress(v.address), (atAddress.get(normaliseAddress(v.address)) ?? 0) + 1);
        for (const [address, n] of atAddress) perHousehold.set(address, (perHousehold.get(address) ?? 0) + Math.min(n, count));
      }
    }
    if (size !== instance.panelSize) problems.push(`panel ${j}: ${size} members`);
    for (const q of instance.quotas) {
      const n = perValue.get(`${q.feature}:${q.value}`) ?? 0;
      if (n < q.min || n > q.max) problems.push(`panel ${j}: ${q.feature}:${q.value} has ${n}, outside [${q.min}, ${q.max}]`);
    }
    for (const [address, n] of perHousehold) if (n > 1) problems.push(`panel ${j}: ${n} members at "${address}"`);
  });
  return problems;
}

async function runInstance(name: string, source: string, instance: SelectionInstance, legacyDraws: number, timeLimitSeconds: number): Promise<BenchDetail> {
  const n = instance.volunteers.length;
  const k = instance.panelSize;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let outcome = await computeDistribution(instance, { timeLimitSeconds });
  let relaxed: string | undefined;
  if (outcome.status === 'infeasible' && outcome.feasibility.relaxedQuotas) {
    // What an organiser would do: accept the smallest relaxation and select with it (the time
    // includes the feasibility check that found it).
    relaxed = outcome.feasibility.message;
    instance = { ...instance, quotas: outcome.feasibility.relaxedQuotas };
    outcome = await computeDistribution(instance, { timeLimitSeconds });
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const row: BenchRow = { instance: name, n, k, leximin_min: null, legacy_min: null, gini_leximin: null, gini_legacy: null, panels: null, seconds, quotas_ok: null };
  if (outcome.status !== 'ok') return { row, source, cpuSeconds, note: `infeasible quotas: ${outcome.feasibility.message}` };
  const problems = supportProblems(instance, outcome.lottery);
  row.leximin_min = outcome.minimum;
  row.gini_leximin = outcome.gini;
  row.panels = outcome.lottery.panels.length;
  row.quotas_ok = problems.length === 0;
  const detail: BenchDetail = { row, source, cpuSeconds, classes: outcome.classCount };
  const notes = [relaxed && `run with relaxed quotas (${relaxed})`, problems.length ? problems.slice(0, 3).join('; ') : undefined].filter(Boolean);
  if (notes.length) detail.note = notes.join('; ');
  try {
    const legacy = legacyProbabilities(instance, legacyDraws, `bench:${name}`);
    const values = Object.values(legacy.probabilities);
    row.legacy_min = Math.min(...values);
    row.gini_legacy = giniCoefficient(values);
    detail.legacyFailedAttempts = legacy.failedAttempts;
  } catch (err) {
    // LEGACY gives up after 100 failed attempts in a row on some tight pools: that is a result too.
    detail.note = [detail.note, `LEGACY: ${err instanceof Error ? err.message : String(err)}`].filter(Boolean).join('; ');
  }
  return detail;
}

const percent = (p: number | null, digits = 3): string => (p === null ? '–' : `${(100 * p).toFixed(digits)} %`);
const fixed = (x: number | null, digits: number): string => (x === null ? '–' : x.toFixed(digits));

function describe(d: BenchDetail): string {
  const r = d.row;
  return (
    `${r.instance}: n ${r.n}, k ${r.k}, LEXIMIN min ${percent(r.leximin_min)}, LEGACY min ${percent(r.legacy_min)}, ` +
    `Gini ${fixed(r.gini_leximin, 3)} / ${fixed(r.gini_legacy, 3)}, ${r.panels ?? '–'} panels, ${fixed(r.seconds, 2)} s (CPU ${fixed(d.cpuSeconds ?? null, 2)} s), ` +
    `quotas ${r.quotas_ok === null ? '–' : r.quotas_ok ? 'ok' : 'BROKEN'}${d.note ? ` (${d.note})` : ''}`
  );
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'panel-size': { type: 'string' },
      json: { type: 'boolean', default: false },
      generated: { type: 'boolean', default: false },
      'legacy-draws': { type: 'string', default: '10000' },
      'time-limit': { type: 'string', default: '600' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const legacyDraws = Number(values['legacy-draws']);
  const timeLimit = Number(values['time-limit']);
  const fixedPanelSize = values['panel-size'] === undefined ? undefined : Number(values['panel-size']);
  if (fixedPanelSize !== undefined && !(Number.isInteger(fixedPanelSize) && fixedPanelSize > 0)) throw new Error(`--panel-size must be a positive integer.\n${USAGE}`);

  const loadBefore = os.loadavg();
  const details: BenchDetail[] = [];
  const report = (d: BenchDetail): void => {
    details.push(d);
    console.log(describe(d));
  };
  for (const dir of positionals) {
    const k = fixedPanelSize ?? panelSizeFromName(dir);
    if (k === undefined) throw new Error(`No panel size for ${dir}: give --panel-size or end the folder's name with _<k>.`);
    report(await runInstance(path.basename(path.resolve(dir)), path.relative(path.join(here, '..'), path.resolve(dir)), readInstance(dir, k), legacyDraws, timeLimit));
  }
  if (values.generated || positionals.length === 0) {
    for (const spec of PAPER_SIZED_POOLS) {
      const { instance } = generatePool({ seed: spec.name, poolSize: spec.poolSize, panelSize: spec.panelSize, featureCount: spec.featureCount });
      report(await runInstance(spec.name, `generatePool(seed "${spec.name}", ${spec.featureCount} features)`, instance, legacyDraws, timeLimit));
    }
  }
  const loadAfter = os.loadavg();
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', node: process.version, date: new Date().toISOString(), loadBefore, loadAfter };

  const resultsDir = path.join(here, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const rows = details.map((d) => d.row);
  fs.writeFileSync(
    path.join(resultsDir, 'sortition.json'),
    `${JSON.stringify({ command: `npm run bench:sortition -- ${process.argv.slice(2).join(' ')}`, machine, legacyDraws, results: details.map((d) => ({ ...d.row, cpu_seconds: d.cpuSeconds ?? null, source: d.source, classes: d.classes ?? null, legacy_failed_attempts: d.legacyFailedAttempts ?? null, note: d.note ?? null })) }, null, 2)}\n`,
  );
  const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
  const md = [
    '# Sortition benchmark',
    '',
    `\`npm run bench:sortition -- ${process.argv.slice(2).join(' ')}\` on ${machine.cpus} cores (${machine.model}), Node ${machine.node}, ${machine.date}; load average ${load(loadBefore)} before, ${load(loadAfter)} after (the machine is shared: times vary with it).`,
    '',
    `LEXIMIN: exact (leximin LPs with HiGHS, Carathéodory walk then column generation, certificate of optimality); "seconds" is its running time (wall clock), "CPU s" the process's CPU time during it (user + system; on a loaded machine the wall clock grows, CPU time much less). LEGACY: the Sortition Foundation's greedy, minimum estimated from ${legacyDraws.toLocaleString('en')} panels (0 means nobody of some class was drawn in those panels; "–" means LEGACY gave up, as the original does after 100 failed attempts in a row). A LEXIMIN minimum of 0 means that some volunteer sits on no valid panel at all, e.g. the housemate of someone every panel needs. "quotas": every panel of the LEXIMIN support meets every quota and the one-per-household rule, checked from the raw pool. Generated pools have the sizes of the Nature paper's instances (the real pools are not public), so their minima are not comparable with the published ones.`,
    '',
    '| instance | n | k | LEXIMIN min | LEGACY min | Gini LEXIMIN | Gini LEGACY | panels | seconds | CPU s | quotas |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...details.map(({ row: r, cpuSeconds }) => `| ${r.instance} | ${r.n} | ${r.k} | ${percent(r.leximin_min)} | ${percent(r.legacy_min)} | ${fixed(r.gini_leximin, 3)} | ${fixed(r.gini_legacy, 3)} | ${r.panels ?? '–'} | ${fixed(r.seconds, 2)} | ${fixed(cpuSeconds ?? null, 2)} | ${r.quotas_ok === null ? '–' : r.quotas_ok ? 'ok' : 'BROKEN'} |`),
    '',
    ...details.filter((d) => d.note).map((d) => `- ${d.row.instance}: ${d.note}`),
    `- over the 60 s target: ${details.filter((d) => (d.row.seconds ?? 0) > 60).map((d) => `${d.row.instance} (${fixed(d.row.seconds, 1)} s)`).join(', ') || 'none'}`,
    '',
    'Data: `example_small_20` from the replication code of Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting citizens\' assemblies", Nature 596 (2021), github.com/pgoelz/citizensassemblies-replication (GPL-3); `scotland_150_22`, a synthetic pool from the test fixtures of the Sortition Foundation\'s sortition-algorithms library (GPL-3).',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(resultsDir, 'sortition.md'), md);
  if (values.json) console.log(JSON.stringify(rows));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
