/**
 * Assistant retrieval benchmark over a SQuAD-format dataset. Importable logic;
 * `bench/assistant.ts` is the CLI.
 */
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { createPlainAnalyzer } from '../../src/modules/assistant/retrieval/analyzer.js';
import { splitIntoPassages } from '../../src/modules/assistant/retrieval/splitter.js';
import { LexicalIndex, type IndexOptions, type PassageInput } from '../../src/modules/assistant/retrieval/lexical-index.js';
import { buildExtractiveAnswer } from '../../src/modules/assistant/retrieval/extractive.js';
import {
  calibrateConfidence,
  confidence,
  confidenceFeatures,
  type ConfidenceModel,
} from '../../src/modules/assistant/retrieval/confidence.js';
import { containsAnyGold, mulberry32, percentile, retrievalMetrics, type RetrievalMetrics } from './metrics.js';

export interface SquadFile {
  data: { title: string; paragraphs: { context: string; qas: { question: string; answers?: { text: string }[] }[] }[] }[];
}

export interface BenchDoc {
  id: string;
  title: string;
  body: string;
}
export interface BenchPassage extends PassageInput {
  start: number;
  end: number;
}
export interface BenchQuestion {
  question: string;
  docId: string;
  answers: string[];
}
export interface BenchCorpus {
  docs: BenchDoc[];
  passages: BenchPassage[];
  questions: BenchQuestion[];
}

/** Every context is a document (title = article title), split by splitIntoPassages. */
export function loadSquad(file: SquadFile): BenchCorpus {
  const docs: BenchDoc[] = [];
  const passages: BenchPassage[] = [];
  const questions: BenchQuestion[] = [];
  file.data.forEach((article, ai) => {
    article.paragraphs.forEach((para, pi) => {
      const id = `d${ai}-${pi}`;
      docs.push({ id, title: article.title, body: para.context });
      splitIntoPassages(para.context).forEach((p, k) => {
        passages.push({ id: `${id}#${k}`, docId: id, title: article.title, heading: p.heading, text: p.text, start: p.start, end: p.end });
      });
      for (const qa of para.qas) {
        questions.push({ question: qa.question, docId: id, answers: (qa.answers ?? []).map((a) => a.text) });
      }
    });
  });
  return { docs, passages, questions };
}

export interface SystemResult extends RetrievalMetrics {
  index_seconds: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
}

function relevantSets(corpus: BenchCorpus): Map<string, Set<string>> {
  const byDoc = new Map<string, Set<string>>();
  for (const p of corpus.passages) {
    const s = byDoc.get(p.docId) ?? new Set<string>();
    s.add(p.id);
    byDoc.set(p.docId, s);
  }
  return byDoc;
}

/** Evaluate a ranking function: returns metrics + latency. */
async function evaluate(
  corpus: BenchCorpus,
  indexSeconds: number,
  rank: (q: string) => string[] | Promise<string[]>,
): Promise<{ metrics: SystemResult; ranked: string[][] }> {
  const rel = relevantSets(corpus);
  const runs: { ranked: string[]; relevant: Set<string> }[] = [];
  const lat: number[] = [];
  for (const q of corpus.questions) {
    const t0 = performance.now();
    const ranked = await rank(q.question);
    lat.push(performance.now() - t0);
    runs.push({ ranked, relevant: rel.get(q.docId) ?? new Set() });
  }
  return {
    metrics: {
      ...retrievalMetrics(runs),
      index_seconds: indexSeconds,
      latency_p50_ms: percentile(lat, 50),
      latency_p95_ms: percentile(lat, 95),
    },
    ranked: runs.map((r) => r.ranked),
  };
}

export async function runOurs(corpus: BenchCorpus, options: IndexOptions = {}): Promise<SystemResult & { answer_contains_gold: number; index: LexicalIndex }> {
  const t0 = performance.now();
  const index = new LexicalIndex(options);
  index.add(corpus.passages);
  const indexSeconds = (performance.now() - t0) / 1000;
  const byId = new Map(corpus.passages.map((p) => [p.id, p]));
  const { metrics, ranked } = await evaluate(corpus, indexSeconds, (q) => index.search(q, { limit: 10 }).hits.map((h) => h.id));
  let contains = 0;
  corpus.questions.forEach((q, i) => {
    const top = (ranked[i] ?? []).map((id) => byId.get(id) as BenchPassage);
    // As the engine does: the sentences are scored with the query as the index analysed it.
    const ans = buildExtractiveAnswer(q.question, top, { idf: (t) => index.idf(t), queryTerms: index.queryTerms(q.question) });
    if (containsAnyGold(ans.sentences.map((s) => s.text).join(' '), q.answers)) contains++;
  });
  return { ...metrics, answer_contains_gold: contains / Math.max(1, corpus.questions.length), index };
}

/** Classic BM25 (k1 1.2, b 0.75), text field only, none of the second-stage signals. */
export const PLAIN_BM25: IndexOptions = {
  fieldWeights: { title: 0, heading: 0 },
  proximityWeight: 0,
  prefixLength: 0,
  delta: 0,
  windowWeight: 0,
  exactFormWeight: 0,
};

export async function runPlainBm25(corpus: BenchCorpus): Promise<SystemResult> {
  const t0 = performance.now();
  const index = new LexicalIndex({ ...PLAIN_BM25, analyzer: createPlainAnalyzer() });
  index.add(corpus.passages.map((p) => ({ ...p, title: '', heading: null })));
  const indexSeconds = (performance.now() - t0) / 1000;
  return (await evaluate(corpus, indexSeconds, (q) => index.search(q, { limit: 10 }).hits.map((h) => h.id))).metrics;
}

export async function runPostgresFts(corpus: BenchCorpus): Promise<SystemResult> {
  const db = new PGlite();
  await db.waitReady;
  const t0 = performance.now();
  await db.exec(`CREATE TABLE passages (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL, tsv tsvector);`);
  const batch = 200;
  for (let i = 0; i < corpus.passages.length; i += batch) {
    const rows = corpus.passages.slice(i, i + batch);
    const params: string[] = [];
    const values = rows.map((p, k) => {
      params.push(p.id, p.title, p.text);
      return `($${k * 3 + 1}, $${k * 3 + 2}, $${k * 3 + 3})`;
    });
    await db.query(`INSERT INTO passages (id, title, body) VALUES ${values.join(',')}`, params);
  }
  await db.exec(`UPDATE passages SET tsv = to_tsvector('french', title || ' ' || body);
    CREATE INDEX passages_tsv ON passages USING GIN (tsv);`);
  const indexSeconds = (performance.now() - t0) / 1000;
  const sql = `WITH q AS (SELECT replace(plainto_tsquery('french', $1)::text, '&', '|')::tsquery AS q)
    SELECT id FROM passages, q WHERE tsv @@ q.q ORDER BY ts_rank_cd(tsv, q.q) DESC, id LIMIT 10`;
  const res = await evaluate(corpus, indexSeconds, async (q) => {
    const r = await db.query<{ id: string }>(sql, [q]);
    return r.rows.map((x) => x.id);
  });
  await db.close();
  return res.metrics;
}

export interface AbstentionCurvePoint {
  threshold: number;
  /** Share of evaluation questions answered (confidence ≥ threshold). */
  coverage: number;
  /** Share of answered questions that were answerable. */
  answered_precision: number;
  /** Precision and recall of abstaining (positive class = unanswerable). */
  abstain_precision: number;
  abstain_recall: number;
}

export interface AbstentionResult {
  precision: number;
  recall: number;
  f1: number;
  /** Evaluation-half trade-off at a few thresholds. */
  curve: AbstentionCurvePoint[];
  threshold: number;
  removed_documents: number;
  calibration_questions: number;
  evaluation_questions: number;
  unanswerable_share: number;
  model: ConfidenceModel;
}

function shuffle<T>(xs: T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/**
 * Remove a seeded random fifth of the question-bearing documents; their
 * questions are unanswerable. Calibrate on half the questions, choose the
 * threshold maximising F1 of "abstain" there, report on the other half.
 */
export function runAbstention(corpus: BenchCorpus, options: IndexOptions = {}, seed = 20240601): AbstentionResult {
  const rnd = mulberry32(seed);
  const qDocs = [...new Set(corpus.questions.map((q) => q.docId))].sort();
  const removed = new Set(shuffle(qDocs, rnd).slice(0, Math.round(qDocs.length / 5)));
  const index = new LexicalIndex(options);
  index.add(corpus.passages.filter((p) => !removed.has(p.docId)));
  const examples = corpus.questions.map((q) => ({
    features: confidenceFeatures(index.search(q.question, { limit: 10 })),
    label: (removed.has(q.docId) ? 0 : 1) as 0 | 1,
  }));
  const order = shuffle(
    examples.map((_, i) => i),
    rnd,
  );
  const half = Math.floor(order.length / 2);
  const cal = order.slice(0, half).map((i) => examples[i] as (typeof examples)[number]);
  const ev = order.slice(half).map((i) => examples[i] as (typeof examples)[number]);
  const model = calibrateConfidence(cal);
  const prf = (set: typeof examples, thr: number): { p: number; r: number; f: number } => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const e of set) {
      const abstain = confidence(e.features, model) < thr;
      if (abstain && e.label === 0) tp++;
      else if (abstain) fp++;
      else if (e.label === 0) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 1;
    const r = tp + fn ? tp / (tp + fn) : 0;
    return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
  };
  let best = { thr: 0.5, f: -1 };
  for (let t = 0.05; t < 0.96; t += 0.01) {
    const { f } = prf(cal, t);
    if (f > best.f) best = { thr: Math.round(t * 100) / 100, f };
  }
  const r = prf(ev, best.thr);
  const curve = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9].map((thr): AbstentionCurvePoint => {
    const a = prf(ev, thr);
    const answered = ev.filter((e) => confidence(e.features, model) >= thr);
    const round = (x: number): number => Math.round(x * 1000) / 1000;
    return {
      threshold: thr,
      coverage: round(answered.length / Math.max(1, ev.length)),
      answered_precision: round(answered.length ? answered.filter((e) => e.label === 1).length / answered.length : 1),
      abstain_precision: round(a.p),
      abstain_recall: round(a.r),
    };
  });
  return {
    precision: r.p,
    recall: r.r,
    f1: r.f,
    curve,
    threshold: best.thr,
    removed_documents: removed.size,
    calibration_questions: cal.length,
    evaluation_questions: ev.length,
    unanswerable_share: ev.filter((e) => e.label === 0).length / Math.max(1, ev.length),
    model,
  };
}

/** Replicate the corpus with perturbed ids to reach n passages; report our latency at that size. */
export function runScale(corpus: BenchCorpus, n: number, options: IndexOptions = {}, maxQueries = 2000): { passages: number; index_seconds: number; latency_p50_ms: number; latency_p95_ms: number } {
  const ps: PassageInput[] = [];
  for (let r = 0; ps.length < n; r++) {
    for (const p of corpus.passages) {
      if (ps.length >= n) break;
      ps.push({ ...p, id: `${p.id}~${r}`, docId: `${p.docId}~${r}` });
    }
  }
  const t0 = performance.now();
  const index = new LexicalIndex(options);
  index.add(ps);
  const indexSeconds = (performance.now() - t0) / 1000;
  const lat: number[] = [];
  const qs = corpus.questions.slice(0, maxQueries);
  for (const q of qs) index.search(q.question, { limit: 10 }); // warm-up
  for (const q of qs) {
    const t = performance.now();
    index.search(q.question, { limit: 10 });
    lat.push(performance.now() - t);
  }
  return { passages: ps.length, index_seconds: indexSeconds, latency_p50_ms: percentile(lat, 50), latency_p95_ms: percentile(lat, 95) };
}
