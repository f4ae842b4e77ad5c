/**
 * Assistant retrieval benchmark (CLI).
 *
 *   npx tsx bench/assistant.ts --dataset <squad.json> [--json] [--scale 10000]
 *     [--skip-baselines] [--index-options '{"k1":1.2}']
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { IndexOptions } from '../src/modules/assistant/retrieval/lexical-index.js';
import { loadSquad, runAbstention, runOurs, runPlainBm25, runPostgresFts, runScale, type SquadFile, type SystemResult } from './lib/assistant-bench.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    json: { type: 'boolean', default: false },
    scale: { type: 'string' },
    'skip-baselines': { type: 'boolean', default: false },
    'index-options': { type: 'string' },
  },
});
if (!values.dataset) {
  console.error('usage: bench/assistant.ts --dataset <file.json> [--json] [--scale N]');
  process.exit(2);
}
const indexOptions: IndexOptions = values['index-options'] ? (JSON.parse(values['index-options']) as IndexOptions) : {};
const log = (s: string): void => {
  if (!values.json) console.log(s);
  else console.error(s);
};

const file = JSON.parse(readFileSync(values.dataset, 'utf8')) as SquadFile;
const corpus = loadSquad(file);
const name = basename(values.dataset).replace(/\.json$/i, '');
log(`dataset ${name}: ${corpus.docs.length} documents, ${corpus.passages.length} passages, ${corpus.questions.length} questions`);

const pick = (r: SystemResult): SystemResult => ({
  recall_at_1: r.recall_at_1,
  recall_at_5: r.recall_at_5,
  recall_at_10: r.recall_at_10,
  mrr_at_10: r.mrr_at_10,
  ndcg_at_10: r.ndcg_at_10,
  index_seconds: r.index_seconds,
  latency_p50_ms: r.latency_p50_ms,
  latency_p95_ms: r.latency_p95_ms,
});

const ours = await runOurs(corpus, indexOptions);
const abstention = runAbstention(corpus, indexOptions);
const baselines: Record<string, SystemResult> = {};
if (!values['skip-baselines']) {
  baselines.postgres_fts = await runPostgresFts(corpus);
  baselines.bm25_plain = await runPlainBm25(corpus);
}
const scale = values.scale ? runScale(corpus, Number(values.scale), indexOptions) : undefined;

const result = {
  dataset: name,
  documents: corpus.docs.length,
  passages: corpus.passages.length,
  questions: corpus.questions.length,
  ...pick(ours),
  answer_contains_gold: ours.answer_contains_gold,
  abstention: { precision: abstention.precision, recall: abstention.recall, f1: abstention.f1, threshold: abstention.threshold, curve: abstention.curve },
  baselines,
  ...(scale ? { scale } : {}),
};

const f = (x: number): string => x.toFixed(3);
const rows: [string, SystemResult][] = [['beffroi (this)', ours], ...Object.entries(baselines)];
const table = [
  '| system | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 | index s | p50 ms | p95 ms |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    ([n, r]) =>
      `| ${n} | ${f(r.recall_at_1)} | ${f(r.recall_at_5)} | ${f(r.recall_at_10)} | ${f(r.mrr_at_10)} | ${f(r.ndcg_at_10)} | ${r.index_seconds.toFixed(2)} | ${r.latency_p50_ms.toFixed(2)} | ${r.latency_p95_ms.toFixed(2)} |`,
  ),
].join('\n');
const md = [
  `# Assistant retrieval benchmark — ${name}`,
  '',
  `${corpus.docs.length} documents, ${corpus.passages.length} passages, ${corpus.questions.length} questions. Generated ${new Date().toISOString()} (Node ${process.version}).`,
  '',
  table,
  '',
  `Extractive answer contains a gold answer: ${f(ours.answer_contains_gold)}.`,
  '',
  `Abstention (index without a seeded random fifth of the documents; calibrated on half of the questions, evaluated on the other half; positive class = abstain): precision ${f(abstention.precision)}, recall ${f(abstention.recall)} at threshold ${abstention.threshold} (${abstention.removed_documents} documents removed, ${abstention.evaluation_questions} evaluation questions, ${(abstention.unanswerable_share * 100).toFixed(1)}% unanswerable).`,
  '',
  scale ? `Scale: ${scale.passages} passages (corpus replicated with perturbed ids): index ${scale.index_seconds.toFixed(2)} s, latency p50 ${scale.latency_p50_ms.toFixed(2)} ms, p95 ${scale.latency_p95_ms.toFixed(2)} ms.\n` : '',
  'Baselines: `postgres_fts` = PGlite, `to_tsvector(\'french\', title || \' \' || text)` + GIN, OR-ed `plainto_tsquery` lexemes ranked by `ts_rank_cd`; `bm25_plain` = BM25 (k1 1.2, b 0.75) on lowercase letter runs, no folding, stopwords, stemming or title.',
  '',
  /piaf/i.test(name)
    ? 'Data: PIAF v1.1 by Etalab (https://www.etalab.gouv.fr/piaf), released under the MIT licence.'
    : '',
].join('\n');

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `assistant-${name}.json`), JSON.stringify({ ...result, abstention_details: abstention, index_options: indexOptions }, null, 2) + '\n');
writeFileSync(join(outDir, `assistant-${name}.md`), md + '\n');

if (values.json) console.log(JSON.stringify(result));
else console.log('\n' + md);
