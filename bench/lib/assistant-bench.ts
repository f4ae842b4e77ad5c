/**
 * Assistant retrieval benchmark over a SQuAD-format dataset. Importable logic;
 * `bench/assistant.ts` is the CLI.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { stemmer as frenchSnowball } from '@orama/stemmers/french';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createAnalyzer, createPlainAnalyzer, foldAccents, frenchAnalyzer, type Analyzer, type Token } from '../../src/modules/assistant/retrieval/analyzer.js';
import { splitIntoPassages } from '../../src/modules/assistant/retrieval/splitter.js';
import { LexicalIndex, type Expansions, type IndexOptions, type PassageInput } from '../../src/modules/assistant/retrieval/lexical-index.js';
import { buildExtractiveAnswer, type ExtractiveOptions } from '../../src/modules/assistant/retrieval/extractive.js';
import type { AnswerType } from '../../src/modules/assistant/retrieval/answer-types.js';
import {
  calibrateConfidence,
  confidence,
  confidenceFeatures,
  type ConfidenceModel,
} from '../../src/modules/assistant/retrieval/confidence.js';
import { containsAnyGold, documentRanking, mulberry32, ndcgPerQuestion, percentile, retrievalMetrics, type RetrievalMetrics } from './metrics.js';

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
  /** Index of the question's article: folds of the cross-validation keep an article's questions together. */
  article: number;
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
        questions.push({ question: qa.question, docId: id, answers: (qa.answers ?? []).map((a) => a.text), article: ai });
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

/** Evaluate a ranking function: returns metrics + latency, and the same metrics computed on documents. */
async function evaluate(
  corpus: BenchCorpus,
  indexSeconds: number,
  rank: (q: string) => string[] | Promise<string[]>,
): Promise<{ metrics: SystemResult; documents: RetrievalMetrics; ranked: string[][]; ndcg: number[] }> {
  const rel = relevantSets(corpus);
  const docOf = documentOfPassage(corpus);
  const runs: { ranked: string[]; relevant: Set<string> }[] = [];
  const docRuns: { ranked: string[]; relevant: Set<string> }[] = [];
  const lat: number[] = [];
  for (const q of corpus.questions) {
    const t0 = performance.now();
    const ranked = await rank(q.question);
    lat.push(performance.now() - t0);
    runs.push({ ranked, relevant: rel.get(q.docId) ?? new Set() });
    docRuns.push({ ranked: documentRanking(ranked, docOf), relevant: new Set([q.docId]) });
  }
  return {
    metrics: {
      ...retrievalMetrics(runs),
      index_seconds: indexSeconds,
      latency_p50_ms: percentile(lat, 50),
      latency_p95_ms: percentile(lat, 95),
    },
    documents: retrievalMetrics(docRuns),
    ranked: runs.map((r) => r.ranked),
    ndcg: ndcgPerQuestion(runs),
  };
}

function documentOfPassage(corpus: BenchCorpus): (passageId: string) => string {
  const byId = new Map(corpus.passages.map((p) => [p.id, p.docId]));
  return (id) => byId.get(id) ?? id;
}

/**
 * The extractive answer as the engine builds it (engine/answer.ts): the ranked passages with their
 * document and score (another document quoted only when it ranks nearly as well), the query as the
 * index analysed it, the window chosen by the question's type; the text is what the resident reads.
 */
export function engineAnswer(
  index: LexicalIndex,
  byId: ReadonlyMap<string, BenchPassage>,
  question: string,
  hits: readonly { id: string; score: number }[],
  options: ExtractiveOptions = {},
): { text: string; answerType: AnswerType } {
  const ranked = hits.slice(0, 10).map((h) => {
    const p = byId.get(h.id) as BenchPassage;
    return { id: p.id, text: p.text, start: p.start, heading: p.heading, title: p.title, documentId: p.docId, score: h.score };
  });
  const ans = buildExtractiveAnswer(question, ranked, { idf: (t) => index.idf(t), queryTerms: index.queryTerms(question), otherDocumentShare: 0.9, ...options });
  return { text: ans.sentences.map((s) => s.display).join(' '), answerType: ans.answerType };
}

export interface AnswerFigures {
  /** Share of questions whose answer contains a gold answer. */
  contains: number;
  /** The same by detected question type. */
  by_type: Record<string, { questions: number; contains_gold: number }>;
  /** Mean length of an answer in characters. */
  mean_chars: number;
  /** Per question: 1 when the answer contains a gold answer. */
  perQuestion: number[];
}

export function answerFigures(
  corpus: BenchCorpus,
  index: LexicalIndex,
  hitsOf: (i: number) => readonly { id: string; score: number }[],
  options: ExtractiveOptions = {},
): AnswerFigures {
  const byId = new Map(corpus.passages.map((p) => [p.id, p]));
  const perQuestion: number[] = [];
  const byType = new Map<string, { n: number; c: number }>();
  let chars = 0;
  corpus.questions.forEach((q, i) => {
    const { text, answerType } = engineAnswer(index, byId, q.question, hitsOf(i), options);
    const ok = containsAnyGold(text, q.answers) ? 1 : 0;
    perQuestion.push(ok);
    chars += text.length;
    const e = byType.get(answerType) ?? { n: 0, c: 0 };
    e.n++;
    e.c += ok;
    byType.set(answerType, e);
  });
  const n = Math.max(1, corpus.questions.length);
  return {
    contains: perQuestion.reduce((a, b) => a + b, 0) / n,
    by_type: Object.fromEntries([...byType].sort((a, b) => b[1].n - a[1].n).map(([t, e]) => [t, { questions: e.n, contains_gold: e.c / e.n }])),
    mean_chars: chars / n,
    perQuestion,
  };
}

/**
 * The ranking with the question's own document moved first (its best-ranked passage, or its first
 * passage when the search missed it): the answer built on it shows how much of the gap to the gold
 * answers is the answer window's, whatever the retrieval.
 */
export function rightDocumentFirst(
  corpus: BenchCorpus,
  hits: readonly (readonly { id: string; score: number }[])[],
): (i: number) => { id: string; score: number }[] {
  const docOf = new Map(corpus.passages.map((p) => [p.id, p.docId]));
  const firstPassage = new Map<string, string>();
  for (const p of corpus.passages) if (!firstPassage.has(p.docId)) firstPassage.set(p.docId, p.id);
  return (i) => {
    const q = corpus.questions[i] as BenchQuestion;
    const h = hits[i] ?? [];
    const right = h.find((x) => docOf.get(x.id) === q.docId) ?? { id: firstPassage.get(q.docId) as string, score: h[0]?.score ?? 1 };
    return [right, ...h.filter((x) => x !== right)];
  };
}

/**
 * The question's own document as the only thing ranked (its passages in the search's order, then
 * the rest): what the answer window can do when retrieval is perfect and nothing else competes.
 * `rightDocumentFirst` keeps the other ranked passages, whose sentences may still be quoted.
 */
export function rightDocumentAlone(
  corpus: BenchCorpus,
  hits: readonly (readonly { id: string; score: number }[])[],
): (i: number) => { id: string; score: number }[] {
  const passagesOf = new Map<string, string[]>();
  for (const p of corpus.passages) passagesOf.set(p.docId, [...(passagesOf.get(p.docId) ?? []), p.id]);
  return (i) => {
    const q = corpus.questions[i] as BenchQuestion;
    const own = passagesOf.get(q.docId) ?? [];
    const ranked = (hits[i] ?? []).filter((h) => own.includes(h.id));
    const score = ranked[0]?.score ?? 1;
    return [...ranked, ...own.filter((id) => !ranked.some((h) => h.id === id)).map((id) => ({ id, score }))];
  };
}

/**
 * The answer figure split by whether the first passage of the ranking belongs to the question's
 * document, and the share of first-passage hits the target would need: with answers as good as
 * today's on both sides, and with a perfect answer whenever the first passage is right.
 */
export function answerByFirstPassage(
  corpus: BenchCorpus,
  hits: readonly (readonly { id: string; score: number }[])[],
  perQuestion: readonly number[],
  target: number,
): { right: { questions: number; contains_gold: number }; wrong: { questions: number; contains_gold: number }; recall_at_1_needed: number | null; recall_at_1_needed_perfect_window: number | null } {
  const docOf = new Map(corpus.passages.map((p) => [p.id, p.docId]));
  const right = { questions: 0, c: 0 };
  const wrong = { questions: 0, c: 0 };
  corpus.questions.forEach((q, i) => {
    const first = hits[i]?.[0];
    const side = first && docOf.get(first.id) === q.docId ? right : wrong;
    side.questions++;
    side.c += perQuestion[i] ?? 0;
  });
  const a = right.c / Math.max(1, right.questions);
  const b = wrong.c / Math.max(1, wrong.questions);
  // r·a + (1 − r)·b = target → r = (target − b) / (a − b); null when no share of first-passage hits reaches it.
  const needed = (x: number): number | null => (x > b && (target - b) / (x - b) <= 1 ? (target - b) / (x - b) : null);
  return {
    right: { questions: right.questions, contains_gold: a },
    wrong: { questions: wrong.questions, contains_gold: b },
    recall_at_1_needed: needed(a),
    recall_at_1_needed_perfect_window: needed(1),
  };
}

export interface OursResult extends SystemResult {
  answer_contains_gold: number;
  answer: AnswerFigures;
  documents: RetrievalMetrics;
  index: LexicalIndex;
  /** Per question: its nDCG@10 and its ranked hits. */
  ndcg: number[];
  hits: { id: string; score: number }[][];
}

export async function runOurs(corpus: BenchCorpus, options: IndexOptions = {}, expansions?: Expansions): Promise<OursResult> {
  const t0 = performance.now();
  const index = new LexicalIndex(options);
  index.add(corpus.passages);
  const indexSeconds = (performance.now() - t0) / 1000;
  const hits: { id: string; score: number }[][] = [];
  const { metrics, documents, ndcg } = await evaluate(corpus, indexSeconds, (q) => {
    const h = index.search(q, { limit: 10, ...(expansions ? { expansions } : {}) }).hits;
    hits.push(h.map((x) => ({ id: x.id, score: x.score })));
    return h.map((x) => x.id);
  });
  const answer = answerFigures(corpus, index, (i) => hits[i] ?? []);
  return { ...metrics, answer_contains_gold: answer.contains, answer, documents, index, ndcg, hits };
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

export async function runPlainBm25(corpus: BenchCorpus): Promise<SystemResult & { documents: RetrievalMetrics; ndcg: number[] }> {
  const t0 = performance.now();
  const index = new LexicalIndex({ ...PLAIN_BM25, analyzer: createPlainAnalyzer() });
  index.add(corpus.passages.map((p) => ({ ...p, title: '', heading: null })));
  const indexSeconds = (performance.now() - t0) / 1000;
  const r = await evaluate(corpus, indexSeconds, (q) => index.search(q, { limit: 10 }).hits.map((h) => h.id));
  return { ...r.metrics, documents: r.documents, ndcg: r.ndcg };
}

/**
 * BM25 (k1 1.2, b 0.75) with a French stemmer: the French analyzer (folding, elisions, stopwords,
 * Snowball), text field only, none of the other signals. The baseline our gains are measured against.
 */
export async function runFrenchBm25(corpus: BenchCorpus): Promise<SystemResult & { documents: RetrievalMetrics; ndcg: number[] }> {
  const t0 = performance.now();
  const index = new LexicalIndex({ ...PLAIN_BM25, typoMinLength: 0 });
  index.add(corpus.passages.map((p) => ({ ...p, title: '', heading: null })));
  const indexSeconds = (performance.now() - t0) / 1000;
  const r = await evaluate(corpus, indexSeconds, (q) => index.search(q, { limit: 10 }).hits.map((h) => h.id));
  return { ...r.metrics, documents: r.documents, ndcg: r.ndcg };
}

/**
 * PostgreSQL full-text search as a careful PostgreSQL user would set it up for French: a text
 * search configuration that folds accents (`unaccent`) before the French Snowball stemmer, the
 * title weighted A and the body B, a GIN index, and ranking with length normalisation. The
 * query is either an OR of the question's lexemes (a question is not a conjunction of all its
 * words) or `websearch_to_tsquery`. Each variant below is measured on the same index; the best
 * one by nDCG@10 is reported as `postgres_fts`, so the comparison errs in PostgreSQL's favour.
 */
export const POSTGRES_FTS_VARIANTS = {
  or_rank_cd_norm1: { query: 'or', rank: 'ts_rank_cd', normalization: 1 },
  or_rank_cd_norm2: { query: 'or', rank: 'ts_rank_cd', normalization: 2 },
  or_rank_cd_norm4: { query: 'or', rank: 'ts_rank_cd', normalization: 4 },
  or_rank_cd_norm0: { query: 'or', rank: 'ts_rank_cd', normalization: 0 },
  or_rank_norm0: { query: 'or', rank: 'ts_rank', normalization: 0 },
  or_rank_norm1: { query: 'or', rank: 'ts_rank', normalization: 1 },
  or_rank_norm2: { query: 'or', rank: 'ts_rank', normalization: 2 },
  or_rank_norm8: { query: 'or', rank: 'ts_rank', normalization: 8 },
  websearch_rank_cd_norm1: { query: 'websearch', rank: 'ts_rank_cd', normalization: 1 },
} as const;
export type PostgresFtsVariant = keyof typeof POSTGRES_FTS_VARIANTS;

export interface PostgresFtsResult {
  /** The best variant's figures, with its name. */
  best: SystemResult & { variant: PostgresFtsVariant };
  variants: Record<PostgresFtsVariant, SystemResult>;
}

export async function runPostgresFts(corpus: BenchCorpus): Promise<PostgresFtsResult> {
  const db = new PGlite({ extensions: { unaccent } });
  await db.waitReady;
  const t0 = performance.now();
  await db.exec(`CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION fr_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    CREATE TABLE passages (id text PRIMARY KEY, title text NOT NULL, body text NOT NULL, tsv tsvector);`);
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
  await db.exec(`UPDATE passages SET tsv = setweight(to_tsvector('fr_unaccent', title), 'A') || setweight(to_tsvector('fr_unaccent', body), 'B');
    CREATE INDEX passages_tsv ON passages USING GIN (tsv);`);
  const indexSeconds = (performance.now() - t0) / 1000;
  const variants = {} as Record<PostgresFtsVariant, SystemResult>;
  for (const [name, v] of Object.entries(POSTGRES_FTS_VARIANTS) as [PostgresFtsVariant, (typeof POSTGRES_FTS_VARIANTS)[PostgresFtsVariant]][]) {
    const query =
      v.query === 'or'
        ? `replace(plainto_tsquery('fr_unaccent', $1)::text, '&', '|')::tsquery`
        : `websearch_to_tsquery('fr_unaccent', $1)`;
    const sql = `WITH q AS (SELECT ${query} AS q)
      SELECT id FROM passages, q WHERE tsv @@ q.q ORDER BY ${v.rank}(tsv, q.q, ${v.normalization}) DESC, id LIMIT 10`;
    const res = await evaluate(corpus, indexSeconds, async (q) => {
      const r = await db.query<{ id: string }>(sql, [q]);
      return r.rows.map((x) => x.id);
    });
    variants[name] = res.metrics;
  }
  await db.close();
  const [bestName, best] = (Object.entries(variants) as [PostgresFtsVariant, SystemResult][]).reduce((a, b) => (b[1].ndcg_at_10 > a[1].ndcg_at_10 ? b : a));
  return { best: { ...best, variant: bestName }, variants };
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

/**
 * A French thesaurus in MyThes format (LibreOffice's, packaged by Debian as `mythes-fr`): each
 * head word with the synonyms of its first sense (single words only, at most `max`).
 */
export function loadMythes(path: string, max = 3): Map<string, string[]> {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = new Map<string, string[]>();
  let i = 1;
  while (i < lines.length) {
    const head = lines[i] ?? '';
    const bar = head.lastIndexOf('|');
    const senses = Number(head.slice(bar + 1));
    if (bar <= 0 || !Number.isFinite(senses) || senses <= 0) {
      i++;
      continue;
    }
    const word = head.slice(0, bar).toLowerCase();
    const first = (lines[i + 1] ?? '').split('|').slice(1);
    const synonyms = first.map((w) => w.replace(/\s*\(.*?\)\s*/g, '').trim().toLowerCase()).filter((w) => w && !/[\s']/.test(w) && w !== word);
    if (!/\s/.test(word) && synonyms.length) out.set(word, synonyms.slice(0, max));
    i += 1 + senses;
  }
  return out;
}

/** Thesaurus entries as query expansions of the given weight (one direction: head word → synonyms). */
export function thesaurusExpansions(thesaurus: ReadonlyMap<string, readonly string[]>, weight: number, analyzer: Analyzer = frenchAnalyzer): Expansions {
  const out: Expansions = new Map();
  for (const [word, synonyms] of thesaurus) {
    const trigger = analyzer.analyze(word);
    if (trigger.length !== 1) continue;
    const terms = [...new Set(synonyms.flatMap((s) => analyzer.analyze(s)))].filter((t) => t !== trigger[0]);
    if (!terms.length) continue;
    const key = trigger[0] as string;
    const prev = out.get(key);
    out.set(key, { terms: [...new Set([...(prev?.terms ?? []), ...terms])], weight });
  }
  return out;
}

/**
 * Hunspell's French dictionary (Debian's `hunspell-fr-classical`, by Grammalecte) unfolded into
 * inflected form → lemma, with its suffix rules (prefixes and continuation classes left out: French
 * inflection is in the suffixes). Both sides folded like the analyzer's forms; a form of several
 * lemmas keeps the first.
 */
export function hunspellLemmas(affPath: string, dicPath: string): Map<string, string> {
  const rules = new Map<string, { strip: string; add: string; condition: RegExp }[]>();
  for (const line of readFileSync(affPath, 'utf8').split('\n')) {
    const m = /^SFX\s+(\S\S)\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (!m || m[3] === undefined || /^[YN]$/.test(m[2] as string)) continue;
    const [, flag, strip, addFull, condition] = m as unknown as [string, string, string, string, string];
    const add = addFull.split('/')[0] as string;
    const list = rules.get(flag) ?? [];
    list.push({ strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add, condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u') });
    rules.set(flag, list);
  }
  const out = new Map<string, string>();
  const dic = readFileSync(dicPath, 'utf8').split('\n');
  for (let k = 1; k < dic.length; k++) {
    const entry = (dic[k] ?? '').split(/\s/)[0] ?? '';
    const slash = entry.indexOf('/');
    const word = (slash >= 0 ? entry.slice(0, slash) : entry).toLowerCase();
    if (!word || /[\s\d]/.test(word)) continue;
    const lemma = foldAccents(word);
    if (!out.has(lemma)) out.set(lemma, lemma);
    const flags = slash >= 0 ? entry.slice(slash + 1) : '';
    for (let f = 0; f + 1 < flags.length; f += 2) {
      for (const r of rules.get(flags.slice(f, f + 2)) ?? []) {
        if (!r.condition.test(word) || (r.strip && !word.endsWith(r.strip))) continue;
        const form = foldAccents(word.slice(0, word.length - r.strip.length) + r.add);
        if (!out.has(form)) out.set(form, lemma);
      }
    }
  }
  return out;
}

/**
 * The French analyzer with a lemma step before stemming: a word Hunspell knows is stemmed from its
 * lemma ("atteignent" → "atteindre" → "atteindr"), so the inflections the stemmer keeps apart meet.
 */
export function lemmatizingAnalyzer(lemmas: ReadonlyMap<string, string>): Analyzer {
  const base = createAnalyzer();
  const termOf = (form: string, term: string): string => {
    if (/^\p{N}/u.test(form)) return term;
    const lemma = lemmas.get(form);
    if (!lemma || lemma === form) return term;
    return foldAccents(frenchSnowball(lemma));
  };
  const tokenize = (text: string): Token[] => base.tokenize(text).map((t) => ({ ...t, term: termOf(t.form, t.term) }));
  return {
    id: `${base.id}+hunspell`,
    tokenize,
    analyze: (text) => tokenize(text).map((t) => t.term),
    termsAndForms: (text) => {
      const toks = tokenize(text);
      return { terms: toks.map((t) => t.term), forms: toks.map((t) => t.form) };
    },
  };
}

/** A ranking choice measured by the cross-validation: index options, and query expansions. */
export interface RankingChoice {
  options: IndexOptions;
  expansions?: Expansions;
  /** A description for the report. */
  what: string;
}

export interface ChoiceRun {
  ndcg: number[];
  metrics: SystemResult;
  documents: RetrievalMetrics;
  hits: { id: string; score: number }[][];
  index: LexicalIndex;
}

/** Rank every question under one choice; its per-question nDCG@10 feeds the cross-validation. */
export async function runChoice(corpus: BenchCorpus, choice: RankingChoice): Promise<ChoiceRun> {
  const t0 = performance.now();
  const index = new LexicalIndex(choice.options);
  index.add(corpus.passages);
  const indexSeconds = (performance.now() - t0) / 1000;
  const hits: { id: string; score: number }[][] = [];
  const r = await evaluate(corpus, indexSeconds, (q) => {
    const h = index.search(q, { limit: 10, ...(choice.expansions ? { expansions: choice.expansions } : {}) }).hits;
    hits.push(h.map((x) => ({ id: x.id, score: x.score })));
    return h.map((x) => x.id);
  });
  return { ndcg: r.ndcg, metrics: r.metrics, documents: r.documents, hits, index };
}

/**
 * A fake embeddings provider for the bench: feature hashing of a text's analysed terms into a
 * fixed number of dimensions (a bag of words, no model). It has some signal, but its purpose is to
 * run the hybrid path (dense ranking fused with the lexical one by RRF) as the engine runs it.
 */
export function fakeEmbedding(text: string, dims = 256): Float32Array {
  const v = new Float32Array(dims);
  for (const t of frenchAnalyzer.analyze(text)) {
    let h = 2166136261;
    for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
    const k = (h >>> 0) % dims;
    v[k] = (v[k] as number) + 1;
  }
  return v;
}

/** The engine's hybrid path (IndexSnapshot.search with a query vector) on the corpus, with the fake provider. */
export async function runFusion(corpus: BenchCorpus): Promise<SystemResult & { fused_queries: number; mode: string }> {
  const { IndexSnapshot } = await import('../../src/modules/assistant/engine/snapshot.js');
  const { DEFAULT_CONFIDENCE_MODEL } = await import('../../src/modules/assistant/retrieval/confidence.js');
  const t0 = performance.now();
  const snapshot = new IndexSnapshot(
    1,
    corpus.passages.map((p) => ({
      id: p.id,
      documentId: p.docId,
      versionId: p.docId,
      documentTitle: p.title,
      documentType: 'page' as const,
      sourceUrl: null,
      language: 'fr',
      validFrom: null,
      validUntil: null,
      heading: p.heading,
      text: p.text,
      start: p.start,
      end: p.end,
      terms: null,
    })),
    [],
  );
  const vectors = new Map(corpus.passages.map((p) => [p.id, fakeEmbedding(`${p.title}\n${p.text}`)]));
  snapshot.embeddings.set('fake-embed', vectors);
  const indexSeconds = (performance.now() - t0) / 1000;
  let fused = 0;
  const r = await evaluate(corpus, indexSeconds, (q) => {
    const res = snapshot.search(q, { today: '2000-01-01', confidenceModel: DEFAULT_CONFIDENCE_MODEL, dense: { model: 'fake-embed', vector: [...fakeEmbedding(q)] }, limit: 10 });
    if (res.passages.some((x) => x.denseScore !== null)) fused++;
    return res.passages.map((x) => x.passage.id);
  });
  return { ...r.metrics, fused_queries: fused, mode: 'hybrid (lexical + fake embeddings, RRF k=60)' };
}
