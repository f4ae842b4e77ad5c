/**
 * Term weighting of contributions: each one becomes a sparse TF-IDF vector over the analysed
 * terms of the assistant's French analyzer (elisions, accents, stopwords, Snowball stems), so
 * "pistes cyclables" and "la piste cyclable" weigh on the same terms.
 */
import { frenchAnalyzer, type Analyzer, type Token } from '../../assistant/retrieval/analyzer';
import { CONSULTATION_STOPWORDS } from './consultation-words';
import type { Contribution } from './types';

/** Indices ascending, values L2-normalised (an all-zero vector has no entries). */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface WeightingOptions {
  /** A term must occur in at least this many contributions to be a dimension. */
  minDocumentFrequency: number;
  /** A term in more than this share of the contributions is not a dimension. */
  maxDocumentShare: number;
  /** 1 + ln(tf) instead of tf: a word repeated five times is not five times the topic. */
  sublinearTf?: boolean;
}

export interface PreparedCorpus {
  contributions: readonly Contribution[];
  analyzerId: string;
  /** Kept tokens of each contribution, with offsets into its text. */
  tokens: Token[][];
  /** Dimension → analysed term. */
  terms: string[];
  /** Dimension → number of contributions containing the term. */
  documentFrequency: Int32Array;
  /** Analysed term → its dimension (only terms within the frequency bounds have one). */
  dimensionOf: Map<string, number>;
  /** Every analysed term → number of contributions containing it, bounds or not (for labels). */
  termDocumentFrequency: Map<string, number>;
  vectors: SparseVector[];
}

/** Smoothed inverse document frequency, as in most TF-IDF implementations (never zero). */
export function inverseDocumentFrequency(documentCount: number, documentFrequency: number): number {
  return Math.log((1 + documentCount) / (1 + documentFrequency)) + 1;
}

/**
 * Sparse L2-normalised TF-IDF vectors of term lists. Terms outside the document-frequency
 * bounds are dropped before normalising, so they neither link nor dilute.
 */
export function weightTerms(
  termLists: readonly (readonly string[])[],
  options: WeightingOptions,
): {
  terms: string[];
  documentFrequency: Int32Array;
  dimensionOf: Map<string, number>;
  termDocumentFrequency: Map<string, number>;
  vectors: SparseVector[];
} {
  const n = termLists.length;
  const rawIndex = new Map<string, number>();
  const rawDf: number[] = [];
  const counts: Map<number, number>[] = [];
  for (const list of termLists) {
    const tf = new Map<number, number>();
    for (const term of list) {
      let id = rawIndex.get(term);
      if (id === undefined) {
        id = rawDf.length;
        rawIndex.set(term, id);
        rawDf.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    for (const id of tf.keys()) rawDf[id]!++;
    counts.push(tf);
  }
  const maxDf = Math.max(options.minDocumentFrequency, Math.floor(options.maxDocumentShare * n));
  const dimensionOf = new Int32Array(rawDf.length).fill(-1);
  const terms: string[] = [];
  const df: number[] = [];
  for (const [term, id] of rawIndex) {
    const f = rawDf[id]!;
    if (f < options.minDocumentFrequency || f > maxDf) continue;
    dimensionOf[id] = terms.length;
    terms.push(term);
    df.push(f);
  }
  const idf = df.map((f) => inverseDocumentFrequency(n, f));
  const sublinear = options.sublinearTf ?? true;
  const vectors = counts.map((tf) => {
    const entries: [number, number][] = [];
    for (const [id, c] of tf) {
      const dim = dimensionOf[id]!;
      if (dim < 0) continue;
      entries.push([dim, (sublinear ? 1 + Math.log(c) : c) * idf[dim]!]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let squares = 0;
    for (const e of entries) squares += e[1] * e[1];
    const norm = Math.sqrt(squares) || 1;
    return {
      indices: Int32Array.from(entries, (e) => e[0]),
      values: Float64Array.from(entries, (e) => e[1] / norm),
    };
  });
  const termDocumentFrequency = new Map<string, number>();
  for (const [term, id] of rawIndex) termDocumentFrequency.set(term, rawDf[id]!);
  return {
    terms,
    documentFrequency: Int32Array.from(df),
    dimensionOf: new Map(terms.map((t, i) => [t, i])),
    termDocumentFrequency,
    vectors,
  };
}

export function prepareCorpus(
  contributions: readonly Contribution[],
  options: WeightingOptions,
  analyzer: Analyzer = frenchAnalyzer,
  /** Surface forms (the analyzer's folded `form`) to drop before weighting. */
  stopwords: ReadonlySet<string> = analyzer === frenchAnalyzer ? CONSULTATION_STOPWORDS : new Set(),
): PreparedCorpus {
  const tokens = contributions.map((c) => {
    const all = analyzer.tokenize(c.text);
    return stopwords.size === 0 ? all : all.filter((t) => !stopwords.has(t.form));
  });
  const weighted = weightTerms(
    tokens.map((list) => list.map((t) => t.term)),
    options,
  );
  return { contributions, analyzerId: analyzer.id, tokens, ...weighted };
}

export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i]!;
    const y = b.indices[j]!;
    if (x === y) s += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Normalised mean of some vectors, as a map dimension → weight. */
export function centroid(vectors: readonly SparseVector[]): Map<number, number> {
  const sum = new Map<number, number>();
  for (const v of vectors) for (let k = 0; k < v.indices.length; k++) sum.set(v.indices[k]!, (sum.get(v.indices[k]!) ?? 0) + v.values[k]!);
  let norm = 0;
  for (const x of sum.values()) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (const [k, x] of sum) sum.set(k, x / norm);
  return sum;
}

export function similarityToCentroid(v: SparseVector, centre: ReadonlyMap<number, number>): number {
  let s = 0;
  for (let k = 0; k < v.indices.length; k++) s += v.values[k]! * (centre.get(v.indices[k]!) ?? 0);
  return s;
}
