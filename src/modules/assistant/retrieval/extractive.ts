/**
 * Extractive answers: the best 1–3 sentences of the top passages, as verbatim
 * slices with offsets into the source document (passage.start + local offset).
 * Never produces text that is not a slice of a passage.
 */
import { frenchAnalyzer, type Analyzer } from './analyzer.js';
import { splitSentences } from './sentences.js';

export interface RankedPassage {
  id: string;
  /** Passage text (a slice of its document). */
  text: string;
  /** Offset of the passage in its source document. */
  start: number;
}

export interface AnswerSentence {
  text: string;
  passageId: string;
  /** Offsets into the source document: doc.slice(start, end) === text. */
  start: number;
  end: number;
  score: number;
}

export interface ExtractiveOptions {
  /** Maximum sentences returned (default 3). */
  maxSentences?: number;
  /** Number of top passages considered (default 3). */
  maxPassages?: number;
  /** Keep extra sentences only if their score ≥ this share of the best (default 0.6). */
  relativeThreshold?: number;
  /** IDF of an analysed term (e.g. LexicalIndex.idf); default 1 for every term. */
  idf?: (term: string) => number;
  analyzer?: Analyzer;
}

export interface ExtractiveAnswer {
  sentences: AnswerSentence[];
}

/**
 * Score = idf-weighted share of query terms in the sentence, plus a small prior
 * for higher-ranked passages and earlier sentences. Sentences without any
 * query term are never returned.
 */
export function buildExtractiveAnswer(question: string, rankedPassages: readonly RankedPassage[], opts: ExtractiveOptions = {}): ExtractiveAnswer {
  const analyzer = opts.analyzer ?? frenchAnalyzer;
  const idf = opts.idf ?? (() => 1);
  const maxSentences = opts.maxSentences ?? 3;
  const rel = opts.relativeThreshold ?? 0.6;
  const qTerms = [...new Set(analyzer.analyze(question))];
  const qIdf = new Map(qTerms.map((t) => [t, Math.max(0, idf(t))]));
  const total = [...qIdf.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return { sentences: [] };
  const cands: AnswerSentence[] = [];
  rankedPassages.slice(0, opts.maxPassages ?? 3).forEach((p, rank) => {
    const sents = splitSentences(p.text);
    sents.forEach((s, si) => {
      const local = p.text.slice(s.start, s.end);
      const seen = new Set<string>();
      for (const t of analyzer.analyze(local)) if (qIdf.has(t)) seen.add(t);
      if (seen.size === 0) return;
      let cov = 0;
      for (const t of seen) cov += qIdf.get(t) as number;
      const score = cov / total + 0.05 / (rank + 1) + 0.01 / (si + 1);
      cands.push({ text: local, passageId: p.id, start: p.start + s.start, end: p.start + s.end, score });
    });
  });
  cands.sort((a, b) => b.score - a.score || a.start - b.start);
  const best = cands[0];
  if (!best) return { sentences: [] };
  const chosen = cands.filter((c, i) => i < maxSentences && c.score >= rel * best.score);
  return { sentences: chosen };
}
