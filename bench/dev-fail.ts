import { readFileSync } from 'node:fs';
import { loadSquad, type SquadFile } from './lib/assistant-bench.js';
import { LexicalIndex } from '../src/modules/assistant/retrieval/lexical-index.js';
import { frenchAnalyzer } from '../src/modules/assistant/retrieval/analyzer.js';
const corpus = loadSquad(JSON.parse(readFileSync('/work/shared/data/assistant/piaf-v1.1.json', 'utf8')) as SquadFile);
const idx = new LexicalIndex();
const stored = idx.add(corpus.passages);
const byId = new Map(stored.map((s) => [s.id, s]));
const pass = new Map(corpus.passages.map((p) => [p.id, p]));
let n = 0;
for (const q of corpus.questions.filter((_, i) => i % 37 === 0)) {
  const r = idx.search(q.question, { limit: 10 });
  const rank = r.hits.findIndex((h) => h.docId === q.docId);
  if (rank === 0) continue;
  const gold = stored.find((s) => s.docId === q.docId)!;
  const top = byId.get(r.hits[0]!.id)!;
  const qt = r.terms.map((t) => `${t.term}:${t.idf.toFixed(1)}${gold.text.includes(t.term) || gold.title.includes(t.term) ? '+' : '-'}${top.text.includes(t.term) || top.title.includes(t.term) ? '+' : '-'}`);
  console.log(`Q: ${q.question}  [rank ${rank}] ans=${q.answers[0]}\n  terms ${qt.join(' ')}\n  gold title=${pass.get(gold.id)!.title} top title=${pass.get(top.id)!.title}\n  gold: ${pass.get(gold.id)!.text.slice(0, 200)}\n`);
  if (++n > 22) break;
}
