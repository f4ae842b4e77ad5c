/**
 * Opinion-groups benchmark (CLI): our groups against the groups Pol.is exported.
 *
 *   npm run bench:opinion-groups -- [<conversation-dir>...] [--json] [--intervals 10,60,600,3600]
 *
 * Each directory is a conversation in Pol.is's open-data format (comments.csv,
 * participants-votes.csv, and votes.csv when there is one). Without directories, every folder of
 * ../shared/data/participation/polis/. Each conversation's votes.csv is replayed in time order with
 * Pol.is's update semantics along every path of a grid (update intervals in seconds, `--intervals`,
 * without and with a restart after the last vote, and one run on the final votes), and the path
 * whose groups agree best with the other paths' is kept (replayConsensus: Pol.is's groups are not
 * used to choose). Beside it, in the same run, the alternative: one path for every conversation,
 * chosen leave one conversation out. A synthetic 2,000 × 600 single run for speed. Prints the
 * consensus rows; with --json the last line is their JSON array. Writes
 * bench/results/opinion-groups.{md,json}.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { replayConsensus, replayPaths } from '../src/modules/participation/opinion/replay-consensus';
import { POLIS_OPEN_DATA_ATTRIBUTION } from '../src/modules/participation/polis-format';
import {
  bestVariant,
  leaveOneOut,
  loadConversation,
  rowOf,
  runSingle,
  runSynthetic,
  score,
  type BenchRow,
  type ConversationRun,
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

/** Every path of the grid: one run on the final votes, then each update interval without and with a restart after the last vote. */
const PATHS = replayPaths(intervals);
const SINGLE_RUN = PATHS[0]!;
const REPLAYS = PATHS.slice(1);

/** Rows of each path, and of the consensus (the medoid path of each conversation: what the product computes for an imported history). */
const runs = new Map<string, ConversationRun[]>(PATHS.map((p) => [p.name, []]));
const consensusRows: (ConversationRun & { chosen: string })[] = [];
for (const dir of dirs) {
  const loaded = loadConversation(dir);
  if (loaded.timedVotes) {
    const started = process.hrtime.bigint();
    const consensus = replayConsensus(loaded.timedVotes, { moderatedOut: loaded.moderatedOut, intervals });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const p of consensus.paths) {
      const row = rowOf(loaded, p.result, { seconds: Number.NaN, updates: p.updates });
      runs.get(p.path.name)!.push(row);
      console.error(`${loaded.name} ${p.path.name}: ARI ${row.ari.toFixed(3)}, k ${row.k}/${row.k_polis}, agreement with the other paths ${p.agreement.toFixed(3)}`);
    }
    const updates = consensus.paths.reduce((sum, p) => sum + p.updates, 0);
    consensusRows.push({ ...rowOf(loaded, consensus.result, { seconds, updates }), chosen: consensus.chosen.name });
  } else {
    const { row } = runSingle(loaded);
    for (const p of PATHS) runs.get(p.name)!.push(row);
    consensusRows.push({ ...row, chosen: 'single-run (no votes.csv)' });
  }
  const last = consensusRows[consensusRows.length - 1]!;
  console.error(`${loaded.name} consensus (${last.chosen}): ARI ${last.ari.toFixed(3)}, k ${last.k}/${last.k_polis}, ${last.seconds.toFixed(1)} s`);
}
const synthetic = runSynthetic(2000, 600, 3);
const consensus = score(consensusRows);
// The alternative: one path for every conversation, chosen on the others' exported groups.
const folds = leaveOneOut(REPLAYS, runs);
const heldOut = score(folds.map((fold) => fold.row));
const chosenOnAll = bestVariant(REPLAYS, runs);
const inSample = score(runs.get(chosenOnAll.name)!);
const single = score(runs.get(SINGLE_RUN.name)!);
const withoutHistory = consensusRows.filter((r) => !r.history).map((r) => r.conversation);

const f = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const pct = (x: number) => `${Math.round(x * 100)} %`;
const header = '| conversation | participants | grouped (ours / Pol.is / both) | ARI | k | k Pol.is | silhouette | updates | seconds |';
const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
const line = (r: BenchRow & Partial<ConversationRun>) =>
  `| ${r.conversation} | ${r.participants} | ${r.grouped_polis !== undefined ? `${r.grouped} / ${r.grouped_polis} / ${r.grouped_both}` : r.grouped} | ${f(r.ari)} | ${r.k} | ${r.k_polis} | ${f(r.silhouette)} | ${r.updates ?? 1} | ${f(r.seconds, 2)} |`;
const table = [header, rule, ...consensusRows.map(line), line(synthetic)].join('\n');
log(table);
const summary = `consensus of the paths: median ARI ${f(consensus.medianAri)} (target ≥ 0.80), same number of groups as Pol.is in ${pct(consensus.sameK)} of conversations (target ≥ 80 %); one path chosen leave one conversation out: median ARI ${f(heldOut.medianAri)}, same k ${pct(heldOut.sameK)}; in sample (${chosenOnAll.name}, chosen on all ${consensusRows.length}): median ARI ${f(inSample.medianAri)}, same k ${pct(inSample.sameK)}; single run on the final votes: median ARI ${f(single.medianAri)}, same k ${pct(single.sameK)}; synthetic 2,000 × 600 single run in ${f(synthetic.seconds, 2)} s (target < 2 s)`;
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
      method:
        'replay of votes.csv with Pol.is update semantics along every path of a grid (update interval × restart after the last vote, and one run on the final votes); per conversation, the medoid path (highest mean adjusted Rand index with the other paths), Pol.is groups unused (replayConsensus)',
      conversations: consensusRows,
      synthetic,
      summary: consensus,
      onePathLeaveOneOut: { summary: heldOut, folds: folds.map((fold) => ({ heldOut: fold.heldOut, chosen: fold.chosen, ari: fold.row.ari, k: fold.row.k, k_polis: fold.row.k_polis })) },
      inSample: { variant: chosenOnAll.name, summary: inSample },
      paths: Object.fromEntries(PATHS.map((p) => [p.name, { path: p, summary: score(runs.get(p.name)!), rows: runs.get(p.name)!.map(pick) }])),
      withoutVotesCsv: withoutHistory,
      attribution: POLIS_OPEN_DATA_ATTRIBUTION,
    },
    null,
    2,
  )}\n`,
);

const variantTable = [
  '| path | median ARI | same k | per conversation (ARI / k) | chosen as the consensus in |',
  '|---|---:|---:|---|---:|',
  ...PATHS.map((p) => {
    const pr = runs.get(p.name)!;
    const s = score(pr);
    const chosen = consensusRows.filter((r) => r.chosen === p.name).length;
    return `| ${p.name} | ${f(s.medianAri)} | ${pct(s.sameK)} | ${pr.map((r) => `${f(r.ari, 2)} / ${r.k}`).join(', ')} | ${chosen} |`;
  }),
].join('\n');
const foldTable = [
  '| held-out conversation | path chosen on the others | ARI | k | k Pol.is | consensus ARI | consensus k |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...folds.map((fold, i) => `| ${fold.heldOut} | ${fold.chosen} | ${f(fold.row.ari)} | ${fold.row.k} | ${fold.row.k_polis} | ${f(consensusRows[i]!.ari)} | ${consensusRows[i]!.k} |`),
].join('\n');

const spread = consensusRows
  .map((row, i) => {
    if (!row.history) return `| ${row.conversation} | no votes.csv: single run only | – | ${f(row.ari, 2)} | ${row.k} | ${row.k_polis} |`;
    const replayed = PATHS.map((p) => runs.get(p.name)![i]!);
    const aris = replayed.map((r) => r.ari);
    const ks = [...new Set(replayed.map((r) => r.k))].sort((a, b) => a - b).join(', ');
    return `| ${row.conversation} | ${f(Math.min(...aris), 2)} – ${f(Math.max(...aris), 2)} (k ${ks}) | ${row.chosen} | ${f(row.ari, 2)} | ${row.k} | ${row.k_polis} |`;
  })
  .join('\n');

writeFileSync(
  join(resultsDir, 'opinion-groups.md'),
  `# Opinion groups against Pol.is

\`npm run bench:opinion-groups\` on ${new Date().toISOString().slice(0, 10)}, ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ${machine.os}; update intervals ${intervals.map((x) => `${x / 1000} s`).join(', ')}.

Our groups against the \`group-id\` Pol.is exported in \`participants-votes.csv\`, by the adjusted Rand index over the participants both group ("grouped" gives ours, Pol.is's and both). Pol.is's published groups are the end of a path of updates, and the export does not tell two things that decide the path: the least time between two updates, and whether the math worker restarted after the last vote. Each conversation's \`votes.csv\` is therefore replayed in time order with Pol.is's update semantics (\`replayOpinionGroups\`, see the README of \`src/modules/participation/opinion/\`) along every path of a grid — each update interval, without and with a restart after the last vote, and one run on the final votes — and the groups kept are those of the path that agrees best, on average, with all the others (the medoid by adjusted Rand index, \`replayConsensus\`). Pol.is's groups are not used to choose: the choice is made per conversation, from its votes alone. ${withoutHistory.length > 0 ? `${withoutHistory.join(', ')} has no \`votes.csv\`: it falls back to a single run on the final votes.` : ''} Silhouette is Pol.is's (on the fine clusters' centres). Seconds: every path's replay, parsing excluded, on a machine shared with other work (load average ${loadavg()[0]!.toFixed(1)} on ${machine.cores} cores when the run ended), so they vary from run to run; the synthetic row is one single run.

${table}

${summary}.

## The alternative: one path for every conversation

The obvious alternative, in the same run: bet on one path (one update interval, one restart hypothesis) for every conversation, chosen leave one conversation out on Pol.is's exported groups — each held-out conversation gets the path that did best on the others (more conversations with Pol.is's k, then higher median ARI; the earlier in the grid on a tie).

${foldTable}

One path, held out: median ARI ${f(heldOut.medianAri)}, same number of groups in ${pct(heldOut.sameK)} of conversations; chosen on all ${consensusRows.length} (in sample): \`${chosenOnAll.name}\` (median ARI ${f(inSample.medianAri)}, same k ${pct(inSample.sameK)}). Consensus: median ARI ${f(consensus.medianAri)}, same k ${pct(consensus.sameK)}.

## Every path

${variantTable}

The grid starts at 10 s: Pol.is's floor is its 1 s poll plus the update's own run time, which is not exported; \`--intervals 1,10,60,600,3600\` adds 1 s at the cost of about 112,000 updates on these conversations (the 10 s replays alone take most of the run). A restart every day (\`restarts: { every: 86400000 }\`) is not in the grid: tried on four conversations at every interval, it ended on the same groups as one restart after the last vote.

## How much the path matters

| conversation | paths: ARI min – max (k found) | consensus path | consensus ARI | consensus k | k Pol.is |
|---|---|---|---:|---:|---:|
${spread}

What the replay follows, what it cannot know and what it leaves out: see "Replaying a conversation" in \`src/modules/participation/opinion/README.md\`. In short, Pol.is's code dictates what triggers an update (a poll every second, one update per batch of queued votes), what each update carries over (PCA components, fine clusters, candidate groupings for each k, the k smoother, who is in) and what a worker restart keeps (not the candidate groupings nor the k smoother); the export does not say how long updates took, hence how many votes each took in, nor when the worker restarted, so these are the paths above.

Data: ${POLIS_OPEN_DATA_ATTRIBUTION}
`,
);

if (values.json) console.log(JSON.stringify(consensusRows.map(pick)));
