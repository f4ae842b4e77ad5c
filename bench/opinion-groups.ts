/**
 * Opinion-groups benchmark (CLI): our groups against the groups Pol.is exported.
 *
 *   npm run bench:opinion-groups -- [<conversation-dir>...] [--json] [--intervals 10,60,600,3600]
 *
 * Each directory is a conversation in Pol.is's open-data format (comments.csv,
 * participants-votes.csv, and votes.csv when there is one). Without directories, every folder of
 * ../shared/data/participation/polis/. Each conversation is replayed from votes.csv in time order
 * with Pol.is's update semantics (replay.ts), for every update interval of the grid (seconds,
 * `--intervals`) and both restart hypotheses; the variant used on each conversation is the one
 * that does best on the others (leave one conversation out). Also a single run on the final votes,
 * for reference, and a synthetic 2,000 × 600 single run for speed. Prints the held-out rows; with
 * --json the last line is their JSON array. Writes bench/results/opinion-groups.{md,json}.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { POLIS_OPEN_DATA_ATTRIBUTION } from '../src/modules/participation/polis-format';
import {
  bestVariant,
  leaveOneOut,
  loadConversation,
  median,
  replayVariants,
  runConversation,
  runSynthetic,
  score,
  SINGLE_RUN,
  type BenchRow,
  type ConversationRun,
  type ReplayCache,
  type Variant,
} from './lib/opinion-groups-bench';

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  options: { json: { type: 'boolean', default: false }, intervals: { type: 'string', default: '10,60,600,3600' } },
  allowPositionals: true,
});
const log = (s: string): void => (values.json ? console.error(s) : console.log(s));

const defaultRoot = resolve(here, '..', '..', 'shared', 'data', 'participation', 'polis');
const dirs =
  positionals.length > 0
    ? positionals
    : readdirSync(defaultRoot)
        .sort()
        .map((d) => join(defaultRoot, d))
        .filter((d) => statSync(d).isDirectory());
const intervals = values.intervals.split(',').map((x) => Math.round(Number(x) * 1000));
if (intervals.some((x) => !(x >= 0))) throw new Error('--intervals: seconds, comma-separated');

/** The replay's two unknowns (update interval, restarts), chosen leave-one-conversation-out; the grid's order breaks ties. */
const VARIANTS: Variant[] = replayVariants(intervals);

const runs = new Map<string, ConversationRun[]>([SINGLE_RUN, ...VARIANTS].map((v) => [v.name, []]));
for (const dir of dirs) {
  const loaded = loadConversation(dir);
  const cache: ReplayCache = new Map();
  for (const variant of [SINGLE_RUN, ...VARIANTS]) {
    const { row } = runConversation(loaded, variant, cache);
    runs.get(variant.name)!.push(row);
    console.error(`${loaded.name} ${variant.name}: ARI ${row.ari.toFixed(3)}, k ${row.k}/${row.k_polis}, ${row.updates} updates, ${row.seconds.toFixed(1)} s`);
  }
}
const synthetic = runSynthetic(2000, 600, 3);
const folds = leaveOneOut(VARIANTS, runs);
const heldOutRows = folds.map((fold) => fold.row as ConversationRun);
const heldOut = score(heldOutRows);
const chosenOnAll = bestVariant(VARIANTS, runs);
const inSample = score(runs.get(chosenOnAll.name)!);
const single = score(runs.get(SINGLE_RUN.name)!);
const withoutHistory = runs.get(SINGLE_RUN.name)!.filter((r) => !r.history).map((r) => r.conversation);

const f = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const pct = (x: number) => `${Math.round(x * 100)} %`;
const header = '| conversation | participants | grouped (ours / Pol.is / both) | ARI | k | k Pol.is | silhouette | updates | seconds |';
const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
const line = (r: BenchRow & Partial<ConversationRun>) =>
  `| ${r.conversation} | ${r.participants} | ${r.grouped_polis !== undefined ? `${r.grouped} / ${r.grouped_polis} / ${r.grouped_both}` : r.grouped} | ${f(r.ari)} | ${r.k} | ${r.k_polis} | ${f(r.silhouette)} | ${r.updates ?? 1} | ${f(r.seconds, 2)} |`;
const table = [header, rule, ...heldOutRows.map(line), line(synthetic)].join('\n');
log(table);
const summary = `held out: median ARI ${f(heldOut.medianAri)} (target ≥ 0.80), same number of groups as Pol.is in ${pct(heldOut.sameK)} of conversations (target ≥ 80 %); in sample (${chosenOnAll.name}, chosen on all ${heldOutRows.length}): median ARI ${f(inSample.medianAri)}, same k ${pct(inSample.sameK)}; single run on the final votes: median ARI ${f(single.medianAri)}, same k ${pct(single.sameK)}; synthetic 2,000 × 600 single run in ${f(synthetic.seconds, 2)} s (target < 2 s)`;
log(`\n${summary}`);

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, os: `${platform()} ${release()}` };
const resultsDir = join(here, 'results');
mkdirSync(resultsDir, { recursive: true });
const pick = (r: BenchRow): BenchRow => ({
  conversation: r.conversation,
  participants: r.participants,
  grouped: r.grouped,
  ari: r.ari,
  k: r.k,
  k_polis: r.k_polis,
  silhouette: r.silhouette,
  seconds: r.seconds,
});
writeFileSync(
  join(resultsDir, 'opinion-groups.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      method: 'replay of votes.csv with Pol.is update semantics; update interval and restarts chosen leave-one-conversation-out (conversations: the held-out rows)',
      conversations: heldOutRows,
      synthetic,
      summary: heldOut,
      inSample: { variant: chosenOnAll.name, summary: inSample },
      variants: Object.fromEntries(
        [SINGLE_RUN, ...VARIANTS].map((v) => [v.name, { variant: v, summary: score(runs.get(v.name)!), rows: runs.get(v.name)!.map(pick) }]),
      ),
      leaveOneOut: { summary: heldOut, folds: folds.map((fold) => ({ heldOut: fold.heldOut, chosen: fold.chosen, ari: fold.row.ari, k: fold.row.k, k_polis: fold.row.k_polis })) },
      withoutVotesCsv: withoutHistory,
      attribution: POLIS_OPEN_DATA_ATTRIBUTION,
    },
    null,
    2,
  )}\n`,
);

const variantTable = [
  '| variant | median ARI | same k | per conversation (ARI / k) | replay seconds (median / max) |',
  '|---|---:|---:|---|---:|',
  ...[SINGLE_RUN, ...VARIANTS].map((v) => {
    const vr = runs.get(v.name)!;
    const s = score(vr);
    const seconds = vr.map((r) => r.seconds);
    return `| ${v.name} | ${f(s.medianAri)} | ${pct(s.sameK)} | ${vr.map((r) => `${f(r.ari, 2)} / ${r.k}`).join(', ')} | ${f(median(seconds), 2)} / ${f(Math.max(...seconds), 2)} |`;
  }),
].join('\n');
const foldTable = [
  '| held-out conversation | variant chosen on the other eight | ARI | k | k Pol.is |',
  '|---|---|---:|---:|---:|',
  ...folds.map((fold) => `| ${fold.heldOut} | ${fold.chosen} | ${f(fold.row.ari)} | ${fold.row.k} | ${fold.row.k_polis} |`),
].join('\n');

const spread = runs
  .get(SINGLE_RUN.name)!
  .map((single, i) => {
    const replayed = VARIANTS.map((v) => runs.get(v.name)![i]!);
    if (!single.history) return `| ${single.conversation} | no votes.csv: single run only | ${f(single.ari, 2)} | ${single.k} | ${single.k_polis} |`;
    const aris = replayed.map((r) => r.ari);
    const ks = [...new Set(replayed.map((r) => r.k))].sort((a, b) => a - b).join(', ');
    return `| ${single.conversation} | ${f(Math.min(...aris), 2)} – ${f(Math.max(...aris), 2)} (k ${ks}) | ${f(single.ari, 2)} | ${single.k} | ${single.k_polis} |`;
  })
  .join('\n');

writeFileSync(
  join(resultsDir, 'opinion-groups.md'),
  `# Opinion groups against Pol.is

\`npm run bench:opinion-groups\` on ${new Date().toISOString().slice(0, 10)}, ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${machine.os}; update intervals ${intervals.map((x) => `${x / 1000} s`).join(', ')}.

Our groups against the \`group-id\` Pol.is exported in \`participants-votes.csv\`, by the adjusted Rand index over the participants both group ("grouped" gives ours, Pol.is's and both). Each conversation's \`votes.csv\` is replayed in time order with Pol.is's update semantics (\`replayOpinionGroups\`, see the README of \`src/modules/participation/opinion/\`); the two things the export does not tell — the least time between two updates, and whether the math worker restarted after the last vote — are chosen leave one conversation out: each row is the held-out conversation run with the variant that did best on the other eight (more conversations with Pol.is's k, then higher median ARI; the earlier in the grid on a tie). ${withoutHistory.length > 0 ? `${withoutHistory.join(', ')} has no \`votes.csv\`: it falls back to a single run on the final votes in every variant.` : ''} Silhouette is Pol.is's (on the fine clusters' centres). Seconds: the whole replay (every update), parsing excluded, on a machine shared with other work (load average ${loadavg()[0]!.toFixed(1)} on ${machine.cores} cores when the run ended), so they vary from run to run; the synthetic row is one single run.

${table}

${summary}.

## Every variant, in sample

${variantTable}

The grid starts at 10 s: Pol.is's floor is its 1 s poll plus the update's own run time, which is not exported; \`--intervals 1,10,60,600,3600\` adds 1 s at the cost of about 112,000 updates on these conversations (the 10 s replays alone take most of the run). A restart every day (\`restarts: { every: 86400000 }\`) is not in the grid: tried on four conversations at every interval, it ended on the same groups as one restart after the last vote.

## Leave one conversation out

${foldTable}

Held out: median ARI ${f(heldOut.medianAri)}, same number of groups in ${pct(heldOut.sameK)} of conversations. Chosen on all ${heldOutRows.length}: \`${chosenOnAll.name}\` (median ARI ${f(inSample.medianAri)}, same k ${pct(inSample.sameK)}), the default of \`replayOpinionGroups\`.

## How much the path matters

The same conversation replayed under each variant of the grid (ARI range, and the numbers of groups found), against one run on the final votes:

| conversation | replays: ARI min – max (k found) | single run ARI | single run k | k Pol.is |
|---|---|---:|---:|---:|
${spread}

What the replay follows, what it cannot know and what it leaves out: see "Replaying a conversation" in \`src/modules/participation/opinion/README.md\`. In short, Pol.is's code dictates what triggers an update (a poll every second, one update per batch of queued votes), what each update carries over (PCA components, fine clusters, candidate groupings for each k, the k smoother, who is in) and what a worker restart keeps (not the candidate groupings nor the k smoother); the export does not say how long updates took, hence how many votes each took in, nor when the worker restarted, so these two are the variants above.

Data: ${POLIS_OPEN_DATA_ATTRIBUTION}
`,
);

if (values.json) console.log(JSON.stringify(heldOutRows.map(pick)));
