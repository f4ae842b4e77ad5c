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
  /** Heading path of the passage ("Déchèterie > Horaires"), when known. */
  heading?: string | null;
  /** Title of the passage's document, when known: weaker context than the heading (it covers every passage). */
  title?: string | null;
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
  /** Weight of the share of a sentence's words that the question does not contain (default 0.1): an answer adds information. */
  noveltyWeight?: number;
  /**
   * Also return the sentence that follows a strongly matching one (idf coverage ≥ 0.5)
   * when it is at most this many characters (default 160; 0 disables): it often
   * completes the answer ("… : 3 € par repas. Les enfants de moins de 3 ans …").
   */
  followingSentenceChars?: number;
  /**
   * The query as the index analysed it (own terms corrected, vocabulary expansions with their
   * weights). Without it the question is analysed here, with no expansion: an English question
   * on French documents then finds no sentence, though retrieval found the passage through
   * the vocabulary's English entries.
   */
  queryTerms?: readonly { term: string; weight: number; idf: number }[];
}

/** Share of a query term's credit earned when it is found in the sentence's heading or list label rather than in the sentence. */
const CONTEXT_CREDIT = 0.8;
const TITLE_CREDIT = 0.4;
const LIST_ITEM = /^(?:[-*+•–]|\d{1,3}[.)])\s/;
/** "Horaires :" — a short line introducing the list that follows. */
const LABEL_MAX_CHARS = 60;

export interface ExtractiveAnswer {
  sentences: AnswerSentence[];
}

/**
 * Score = idf-weighted share of query terms in the sentence, plus a bonus for
 * the share of its words that are not in the question (the answer adds
 * information), plus a small prior for higher-ranked passages and earlier
 * sentences. A query term found in the passage's heading, or in the label line
 * ("Horaires :") that introduces the list a sentence belongs to, earns the sentence
 * most of its credit: under "Horaires", the list items are the answer, though they
 * do not repeat the word. Sentences without any query term in them or in their
 * heading or label are never chosen on their own (the document title adds a
 * little credit, never eligibility); a short sentence right after a
 * strongly matching one may follow it. Label lines themselves are not quoted.
 */
export function buildExtractiveAnswer(question: string, rankedPassages: readonly RankedPassage[], opts: ExtractiveOptions = {}): ExtractiveAnswer {
  const analyzer = opts.analyzer ?? frenchAnalyzer;
  const idf = opts.idf ?? (() => 1);
  const maxSentences = opts.maxSentences ?? 3;
  const rel = opts.relativeThreshold ?? 0.6;
  const noveltyWeight = opts.noveltyWeight ?? 0.1;
  const followChars = opts.followingSentenceChars ?? 160;
  const qIdf = new Map<string, number>();
  if (opts.queryTerms) {
    for (const t of opts.queryTerms) qIdf.set(t.term, Math.max(qIdf.get(t.term) ?? 0, Math.max(0, t.idf) * Math.min(1, t.weight)));
  } else {
    for (const t of analyzer.analyze(question)) qIdf.set(t, Math.max(0, idf(t)));
  }
  const total = [...qIdf.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return { sentences: [] };
  const cands: (AnswerSentence & { coverage: number; next: AnswerSentence | null })[] = [];
  const queryTermsIn = (text: string | null | undefined): Set<string> =>
    new Set(text ? analyzer.analyze(text).filter((t) => qIdf.has(t)) : []);
  rankedPassages.slice(0, opts.maxPassages ?? 3).forEach((p, rank) => {
    const sents = splitSentences(p.text);
    const headingTerms = queryTermsIn(p.heading);
    const titleTerms = queryTermsIn(p.title);
    let label: Set<string> = new Set();
    sents.forEach((s, si) => {
      const local = p.text.slice(s.start, s.end);
      const isLabel = local.length <= LABEL_MAX_CHARS && /:\s*$/.test(local);
      if (isLabel) {
        label = queryTermsIn(local);
        return;
      }
      if (!LIST_ITEM.test(local)) label = new Set();
      const seen = new Set<string>();
      const terms = analyzer.analyze(local);
      let novel = 0;
      for (const t of terms) {
        if (qIdf.has(t)) seen.add(t);
        else novel++;
      }
      const context = new Set([...headingTerms, ...label].filter((t) => !seen.has(t)));
      if (seen.size === 0 && context.size === 0) return;
      let cov = 0;
      for (const t of seen) cov += qIdf.get(t) as number;
      for (const t of context) cov += CONTEXT_CREDIT * (qIdf.get(t) as number);
      for (const t of titleTerms) if (!seen.has(t) && !context.has(t)) cov += TITLE_CREDIT * (qIdf.get(t) as number);
      const coverage = cov / total;
      const novelty = terms.length ? novel / terms.length : 0;
      const score = coverage + noveltyWeight * novelty + 0.05 / (rank + 1) + 0.01 / (si + 1);
      const n = sents[si + 1];
      const next =
        n && n.end - n.start <= followChars
          ? { text: p.text.slice(n.start, n.end), passageId: p.id, start: p.start + n.start, end: p.start + n.end, score }
          : null;
      cands.push({ text: local, passageId: p.id, start: p.start + s.start, end: p.start + s.end, score, coverage, next });
    });
  });
  cands.sort((a, b) => b.score - a.score || a.start - b.start);
  const best = cands[0];
  if (!best) return { sentences: [] };
  const chosen: AnswerSentence[] = [];
  const taken = new Set<string>();
  const take = (s: AnswerSentence): void => {
    const key = `${s.passageId}:${s.start}`;
    if (taken.has(key) || chosen.length >= maxSentences) return;
    taken.add(key);
    chosen.push({ text: s.text, passageId: s.passageId, start: s.start, end: s.end, score: s.score });
  };
  for (const c of cands) {
    if (chosen.length >= maxSentences || c.score < rel * best.score) break;
    take(c);
    if (c.next && c.coverage >= 0.5 && followChars > 0) take(c.next);
  }
  return { sentences: chosen };
}
