import { readFileSync } from 'node:fs';
import { loadSquad, runOurs, runAbstention, type SquadFile } from './lib/assistant-bench.js';
const corpus = loadSquad(JSON.parse(readFileSync('/work/shared/data/assistant/piaf-v1.1.json', 'utf8')) as SquadFile);
const abst = process.env.ABST === '1';
for (const a of process.argv.slice(2)) {
  const o = JSON.parse(a);
  const r = await runOurs(corpus, o);
  const f = (x: number) => x.toFixed(4);
  let line = `${a}\tndcg ${f(r.ndcg_at_10)} r1 ${f(r.recall_at_1)} r10 ${f(r.recall_at_10)} mrr ${f(r.mrr_at_10)} ans ${f(r.answer_contains_gold)} p95 ${r.latency_p95_ms.toFixed(1)}`;
  if (abst) { const x = runAbstention(corpus, o); line += ` abst p ${f(x.precision)} r ${f(x.recall)} thr ${x.threshold}`; }
  console.log(line);
}
