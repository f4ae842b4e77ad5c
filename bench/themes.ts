/**
 * Themes benchmark (CLI): quality of the offline synthesis of free text against known labels,
 * cross-validated, side by side with k-means on TF-IDF without French processing; run time and
 * peak memory at 1,000 and 10,000 contributions.
 *
 *   npm run bench:themes -- [--json] [--dataset <squad.json>] [--folds 5] [--sizes 1000,10000] [--seed 1]
 *
 * Writes bench/results/themes.md and bench/results/themes.json. With --json, the last line of
 * standard output is a JSON object with the figures (progress goes to standard error).
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  assertSynthesisConsistent,
  clusterCorpus,
  corpusOf,
  DEFAULT_SYNTHESIS_PARAMETERS,
  resolveParameters,
  synthesisFromClustering,
} from '../src/modules/participation/synthesis/synthesize.js';
import { kMeansGivenK } from './lib/kmeans-baseline.js';
import {
  evaluate,
  finestPartition,
  foldsByArticle,
  loadPiafParagraphs,
  score,
  sentenceWindows,
  TUNING_GRID,
  type Scores,
  type SystemScores,
  type Tuned,
  fineGroupsOf,
} from './lib/themes-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    dataset: { type: 'string', default: resolve(here, '../../shared/data/assistant/piaf-v1.1.json') },
    folds: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '1000,10000' },
    seed: { type: 'string', default: '1' },
    'worker-scale': { type: 'string' },
    'worker-baseline': { type: 'string' },
  },
});
const seed = Number(values.seed);
const log = (s: string): void => {
  if (values.json) console.error(s);
  else console.log(s);
};

interface ScaleRun {
  contributions: number;
  articles: number;
  seconds: number;
  /** Processor time (user + system) of the run: what the wall time would be on an idle machine, near enough. */
  cpuSeconds: number;
  /** Load average of the machine over the last minute when the run ended (other work slows wall time). */
  loadAverage: number;
  stages: { analysisSeconds: number; clusteringSeconds: number; descriptionSeconds: number };
  peakRssMb: number;
  rssBeforeMb: number;
  themes: number;
  subThemes: number;
  standingAlone: number;
  scores: Scores;
}

interface BaselineScaleRun {
  contributions: number;
  k: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  rssBeforeMb: number;
  scores: Scores;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Runs in a child process, so that its peak memory is its own. */
function scaleWorker(count: number): ScaleRun {
  const items = sentenceWindows(loadPiafParagraphs(values.dataset!), count, seed);
  const rssBefore = process.memoryUsage().rss;
  const parameters = resolveParameters();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const corpus = corpusOf(items, parameters);
  const t1 = performance.now();
  const clustering = clusterCorpus(corpus, parameters);
  const t2 = performance.now();
  const synthesis = synthesisFromClustering(corpus, clustering, parameters);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const peak = process.resourceUsage().maxRSS * 1024;
  assertSynthesisConsistent(synthesis, items.map((i) => i.id));
  const labels = items.map((i) => i.label);
  return {
    contributions: count,
    articles: new Set(labels).size,
    seconds: (t3 - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage: os.loadavg()[0]!,
    stages: { analysisSeconds: (t1 - t0) / 1000, clusteringSeconds: (t2 - t1) / 1000, descriptionSeconds: (t3 - t2) / 1000 },
    peakRssMb: mb(peak),
    rssBeforeMb: mb(rssBefore),
    themes: synthesis.themes.length,
    subThemes: synthesis.themes.reduce((s, t) => s + t.subThemes.length, 0),
    standingAlone: synthesis.standingAlone.length,
    scores: score(labels, finestPartition(synthesis, items.map((i) => i.id))),
  };
}

function baselineWorker(count: number): BaselineScaleRun {
  const items = sentenceWindows(loadPiafParagraphs(values.dataset!), count, seed);
  const labels = items.map((i) => i.label);
  const k = new Set(labels).size;
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = kMeansGivenK(items.map((i) => i.text), k, seed);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    contributions: count,
    k,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    rssBeforeMb: mb(rssBefore),
    scores: score(labels, run.assignment),
  };
}

function inChild<T>(flag: string, count: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [`--${flag}`, String(count), '--dataset', values.dataset!, '--seed', String(seed)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: T | undefined;
    child.on('message', (m) => (result = m as T));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result ? resolvePromise(result) : reject(new Error(`${flag} ${count} exited with ${code}`))));
  });
}

type SystemKey = Exclude<keyof SystemScores, 'articles' | 'contributions'>;
const SYSTEMS: { key: SystemKey; name: string }[] = [
  { key: 'ours', name: 'Beffroi synthesis (number of groups chosen by the algorithm)' },
  { key: 'baselineSilhouette', name: 'k-means, TF-IDF without French processing, k by best silhouette' },
  { key: 'oursPlainAnalyzer', name: 'ablation: Beffroi synthesis without French processing' },
  { key: 'oursGivenK', name: 'Beffroi synthesis told k (true number of articles)' },
  { key: 'baselineGivenK', name: 'k-means, TF-IDF without French processing, told k (true number of articles)' },
];

const describeTuned = (p: Tuned) =>
  `min. df ${p.minDocumentFrequency}, neighbours ${p.neighbours}, floor ${p.minSimilarity}, resolution ${p.groupResolution}`;
const range = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? `${xs[0]}` : `${Math.min(...xs)}–${Math.max(...xs)}`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

async function main(): Promise<void> {
  const started = performance.now();
  const paragraphs = loadPiafParagraphs(values.dataset!);
  const folds = Number(values.folds);
  const foldOf = foldsByArticle(paragraphs, folds, seed);
  log(`PIAF: ${paragraphs.length} paragraphs, ${new Set(paragraphs.map((p) => p.label)).size} articles; ${folds}-fold cross-validation over articles`);

  const perFold: SystemScores[] = [];
  for (let f = 0; f < folds; f++) {
    const train = paragraphs.filter((_, i) => foldOf[i] !== f);
    const test = paragraphs.filter((_, i) => foldOf[i] === f);
    const result = evaluate(train, test, seed);
    perFold.push(result);
    log(
      `fold ${f + 1}: tuned ${JSON.stringify(result.ours.parameters)} on ${train.length} paragraphs → held-out NMI ${result.ours.nmi.toFixed(3)} ARI ${result.ours.ari.toFixed(3)} ` +
        `(baseline NMI ${result.baselineSilhouette.nmi.toFixed(3)} ARI ${result.baselineSilhouette.ari.toFixed(3)}, k=${result.baselineSilhouette.k})`,
    );
  }
  log('in-sample: tuning and scoring on all paragraphs…');
  const inSample = evaluate(paragraphs, paragraphs, seed);
  const allTuned = inSample.ours.parameters;
  const shippedInSample = score(
    paragraphs.map((p) => p.label),
    fineGroupsOf(paragraphs, resolveParameters()),
  );

  const sizes = values.sizes!.split(',').map(Number).filter((n) => n > 0);
  const scale: ScaleRun[] = [];
  const baselineScale: BaselineScaleRun[] = [];
  for (const n of sizes) {
    log(`scale: ${n} contributions…`);
    scale.push(await inChild<ScaleRun>('worker-scale', n));
    baselineScale.push(await inChild<BaselineScaleRun>('worker-baseline', n));
  }

  const heldOut = Object.fromEntries(
    SYSTEMS.map(({ key }) => {
      const nmis = perFold.map((r) => r[key].nmi);
      const aris = perFold.map((r) => r[key].ari);
      return [key, { nmi: mean(nmis), nmiSd: sd(nmis), ari: mean(aris), ariSd: sd(aris), groups: mean(perFold.map((r) => r[key].groups)) }];
    }),
  ) as Record<SystemKey, { nmi: number; nmiSd: number; ari: number; ariSd: number; groups: number }>;

  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
  const result = {
    generatedAt: new Date().toISOString(),
    machine,
    dataset: { name: 'PIAF v1.1', paragraphs: paragraphs.length, articles: new Set(paragraphs.map((p) => p.label)).size },
    protocol: {
      folds,
      seed,
      tuningGrid: TUNING_GRID,
      objective: '(NMI + ARI) / 2 of the finest partition against article titles',
      partitionScored: 'sub-themes, themes without sub-themes, each standing-alone contribution on its own',
    },
    heldOut,
    inSample: Object.fromEntries(SYSTEMS.map(({ key }) => [key, inSample[key]])),
    perFold: perFold.map((r, f) => ({
      fold: f + 1,
      articles: r.articles,
      paragraphs: r.contributions,
      tuned: r.ours.parameters,
      tunedPlainAnalyzer: r.oursPlainAnalyzer.parameters,
      ...Object.fromEntries(SYSTEMS.map(({ key }) => [key, { nmi: r[key].nmi, ari: r[key].ari, groups: r[key].groups }])),
      baselineSilhouetteK: r.baselineSilhouette.k,
    })),
    tunedOnAllParagraphs: allTuned,
    shippedDefaults: DEFAULT_SYNTHESIS_PARAMETERS,
    shippedDefaultsInSample: shippedInSample,
    scale,
    baselineScale,
    benchSeconds: (performance.now() - started) / 1000,
  };

  const f3 = (x: number) => x.toFixed(3);
  const md = [
    '# Themes benchmark — synthesis of free text',
    '',
    `Generated ${result.generatedAt} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGb} GB), Node ${machine.node}, ${machine.platform}. ` +
      `Command: \`npm run bench:themes\` (${result.benchSeconds.toFixed(0)} s).`,
    '',
    '## Quality on French text against known labels (PIAF v1.1)',
    '',
    `${paragraphs.length} paragraphs of ${result.dataset.articles} French Wikipedia articles; each paragraph is a contribution, its article title its label. ` +
      `Scores: normalised mutual information (NMI, arithmetic normalisation) and adjusted Rand index (ARI) of the finest partition the synthesis shows ` +
      `(sub-themes, themes without sub-themes, each standing-alone contribution on its own) against the articles.`,
    '',
    `**Held out** (headline): ${folds}-fold cross-validation over articles — parameters tuned on the paragraphs of four fifths of the articles, ` +
      'scored on the paragraphs of the fifth left out, every fold; mean ± standard deviation over folds. **In-sample**: tuned and scored on all paragraphs.',
    '',
    '| system | NMI held-out | ARI held-out | groups (mean per fold) | NMI in-sample | ARI in-sample | groups in-sample |',
    '|---|---|---|---|---|---|---|',
    ...SYSTEMS.map(({ key, name }) => {
      const h = heldOut[key];
      const s = inSample[key];
      return `| ${name} | ${f3(h.nmi)} ± ${f3(h.nmiSd)} | ${f3(h.ari)} ± ${f3(h.ariSd)} | ${h.groups.toFixed(0)} | ${f3(s.nmi)} | ${f3(s.ari)} | ${s.groups} |`;
    }),
    '',
    `Held-out folds hold ${range(perFold.map((r) => r.contributions))} paragraphs of ${range(perFold.map((r) => r.articles))} articles each; ` +
      'a score on a fold and one on the whole set are not comparable with each other (fewer articles to tell apart), only systems on the same set are.',
    '',
    'Rows 1–3 are not told the number of articles: for ours it is an outcome of the community detection on the similarity graph (constant Potts model, Louvain), for the baseline the k with the best mean silhouette (cosine) over a geometric grid from 2 to n/2. ' +
      'Rows 4–5 are both told the true number of articles of the evaluation set: the baseline uses it as k; ours searches its similarity floor (bisection) until its groups number as close to it as they get. ' +
      'The ablation row runs our pipeline with the plain analyzer of the baseline (lowercase letter runs; no elisions, accent folding, stopwords or stemming), tuned the same way.',
    '',
    `Tuned (grid, ${TUNING_GRID.minDocumentFrequency.length * TUNING_GRID.neighbours.length * TUNING_GRID.minSimilarity.length * TUNING_GRID.groupResolution.length} combinations): ` +
      `minimum document frequency ∈ {${TUNING_GRID.minDocumentFrequency.join(', ')}}, neighbours ∈ {${TUNING_GRID.neighbours.join(', ')}}, ` +
      `similarity floor ∈ {${TUNING_GRID.minSimilarity.join(', ')}}, group resolution ∈ {${TUNING_GRID.groupResolution.join(', ')}}; objective (NMI + ARI) / 2 on the tuning paragraphs. ` +
      'Everything else is fixed (maximum document share 0.5, seed 1; the theme level above the groups is not scored, PIAF having no coarser labels). The baseline has nothing tuned on labels.',
    '',
    '| fold | articles | paragraphs | parameters tuned on the other folds | ours NMI / ARI | baseline (silhouette) NMI / ARI, k | ours told k | baseline told k |',
    '|---|---|---|---|---|---|---|---|',
    ...perFold.map(
      (r, f) =>
        `| ${f + 1} | ${r.articles} | ${r.contributions} | ${describeTuned(r.ours.parameters)} | ` +
        `${f3(r.ours.nmi)} / ${f3(r.ours.ari)} | ${f3(r.baselineSilhouette.nmi)} / ${f3(r.baselineSilhouette.ari)}, ${r.baselineSilhouette.k} | ` +
        `${f3(r.oursGivenK.nmi)} / ${f3(r.oursGivenK.ari)} | ${f3(r.baselineGivenK.nmi)} / ${f3(r.baselineGivenK.ari)} |`,
    ),
    '',
    `Tuned on all paragraphs: ${describeTuned(allTuned)}. Shipped defaults (\`DEFAULT_SYNTHESIS_PARAMETERS\`): ${describeTuned(DEFAULT_SYNTHESIS_PARAMETERS)} ` +
      `(the choice of most folds), in-sample NMI ${f3(shippedInSample.nmi)}, ARI ${f3(shippedInSample.ari)}, ${shippedInSample.groups} groups.`,
    '',
    '## Run time and peak memory',
    '',
    'Contributions built from PIAF by sentences: each one is 1 to 3 consecutive sentences of a paragraph drawn at random (seeded), labelled with its article, with a random district and age band. ' +
      'Short texts, like residents\' contributions (and unlike the paragraphs above); windows of one paragraph may repeat or overlap. ' +
      'Time: the whole offline synthesis with the shipped defaults (analysis and weighting, graph and communities, description of every theme: labels, representatives, quotes, spreads, stances), one run, in a fresh process. ' +
      'Wall time and processor time (user + system) are both given: the machine is shared, and its load average (over the last minute, at the end of each run) says how much other work slowed the wall time. ' +
      'Peak memory: the process\'s maximum resident set size (includes the Node runtime, the TypeScript loader and the data set, whose size before the run is given).',
    '',
    '| contributions | articles | wall s (CPU s, load) | analysis s | clustering s | description s | peak RSS MB (before run) | themes | sub-themes | standing alone | NMI / ARI vs articles | baseline told k: wall s (CPU s), peak MB, NMI / ARI |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...scale.map((r, i) => {
      const b = baselineScale[i]!;
      return (
        `| ${r.contributions} | ${r.articles} | ${r.seconds.toFixed(2)} (${r.cpuSeconds.toFixed(2)}, ${r.loadAverage.toFixed(1)}) | ${r.stages.analysisSeconds.toFixed(2)} | ${r.stages.clusteringSeconds.toFixed(2)} | ${r.stages.descriptionSeconds.toFixed(2)} | ` +
        `${r.peakRssMb} (${r.rssBeforeMb}) | ${r.themes} | ${r.subThemes} | ${r.standingAlone} | ${f3(r.scores.nmi)} / ${f3(r.scores.ari)} | ` +
        `${b.seconds.toFixed(2)} s (${b.cpuSeconds.toFixed(2)}), ${b.peakRssMb} MB, ${f3(b.scores.nmi)} / ${f3(b.scores.ari)} (k = ${b.k}) |`
      );
    }),
    '',
    'Data: PIAF v1.1 by Etalab (https://www.etalab.gouv.fr/piaf), released under the MIT licence.',
    '',
  ].join('\n');

  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'themes.md'), md);
  writeFileSync(join(out, 'themes.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (values.json) console.log(JSON.stringify(result));
  else console.log(`\n${md}`);
}

if (values['worker-scale'] || values['worker-baseline']) {
  const result = values['worker-scale'] ? scaleWorker(Number(values['worker-scale'])) : baselineWorker(Number(values['worker-baseline']));
  process.send!(result, () => process.exit(0));
} else {
  await main();
}
