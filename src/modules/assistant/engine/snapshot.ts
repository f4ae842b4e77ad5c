/**
 * One immutable state of the searchable knowledge: the lexical index rebuilt from the
 * stored per-passage terms, the passages' metadata, the vocabulary expansions and, when an
 * embeddings model is configured, the passage vectors. Pure: built from plain data.
 */
import { frenchAnalyzer } from '../retrieval/analyzer';
import { confidence, confidenceFeatures, type ConfidenceModel } from '../retrieval/confidence';
import { reciprocalRankFusion } from '../retrieval/fusion';
import { LexicalIndex, type Expansions, type PassageTerms, type SearchResult } from '../retrieval/lexical-index';
import { buildExpansions } from '../retrieval/vocabulary';
import type { SearchablePassage, VocabularyEntry } from '../knowledge/types';

export interface RankedPassage {
  passage: SearchablePassage;
  /** Lexical score (0 when only the dense ranking found it). */
  lexicalScore: number;
  /** Cosine similarity (null without dense retrieval). */
  denseScore: number | null;
}

export interface SnapshotSearch {
  passages: RankedPassage[];
  lexical: SearchResult;
  confidence: number;
}

/** Passages given to the answer and fused between rankings. */
export const CANDIDATES = 50;

/** Is a dated text in force on `today` (ISO date, both bounds inclusive)? */
export function isInForce(p: { validFrom: string | null; validUntil: string | null }, today: string): boolean {
  return (p.validFrom === null || p.validFrom <= today) && (p.validUntil === null || today <= p.validUntil);
}

export function vocabularyExpansions(entries: readonly VocabularyEntry[]): Expansions {
  const map = new Map<string, string[]>();
  for (const e of entries) map.set(e.term, [...new Set([...(map.get(e.term) ?? []), ...e.expansions])]);
  return buildExpansions(map);
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export class IndexSnapshot {
  readonly index: LexicalIndex;
  readonly passages = new Map<string, SearchablePassage>();
  /** versionId → its passages in document order, for the sections an answer may quote though the search did not rank them. */
  private readonly byVersion = new Map<string, SearchablePassage[]>();
  /** documentId → validity and citation data (identical for every passage of a document). */
  readonly documents = new Map<string, { title: string; sourceUrl: string | null; validFrom: string | null; validUntil: string | null }>();
  readonly expansions: Expansions;
  /** Passage vectors by embeddings model. */
  readonly embeddings = new Map<string, Map<string, Float32Array>>();

  constructor(
    readonly version: number,
    passages: readonly SearchablePassage[],
    vocabulary: readonly VocabularyEntry[],
  ) {
    const stored: PassageTerms[] = [];
    for (const p of passages) {
      this.passages.set(p.id, p);
      const list = this.byVersion.get(p.versionId);
      if (list) list.push(p);
      else this.byVersion.set(p.versionId, [p]);
      if (!this.documents.has(p.documentId)) {
        this.documents.set(p.documentId, { title: p.documentTitle, sourceUrl: p.sourceUrl, validFrom: p.validFrom, validUntil: p.validUntil });
      }
      stored.push(asPassageTerms(p));
    }
    this.index = LexicalIndex.fromStored(stored);
    this.expansions = vocabularyExpansions(vocabulary);
    for (const list of this.byVersion.values()) list.sort((a, b) => a.start - b.start);
  }

  /** The passages of one document version, in document order. */
  versionPassages(versionId: string): readonly SearchablePassage[] {
    return this.byVersion.get(versionId) ?? [];
  }

  /**
   * Lexical search over the passages in force on `today`, fused with the dense ranking when
   * a query vector and the passage vectors of its model are given.
   */
  search(
    query: string,
    opts: {
      today: string;
      confidenceModel: ConfidenceModel;
      dense?: { model: string; vector: number[] } | null;
      limit?: number;
      /** The question is in another language than the documents (English on French documents). */
      foreign?: boolean;
    },
  ): SnapshotSearch {
    const inForce = (docId: string) => {
      const d = this.documents.get(docId);
      return d !== undefined && isInForce(d, opts.today);
    };
    const lexical = this.index.search(query, { limit: CANDIDATES, expansions: this.expansions, filterDoc: inForce, foreign: opts.foreign === true });
    const conf = confidence(confidenceFeatures(lexical), opts.confidenceModel);
    const lexicalScores = new Map(lexical.hits.map((h) => [h.id, h.score]));
    let order = lexical.hits.map((h) => h.id);
    const denseScores = new Map<string, number>();
    const vectors = opts.dense ? this.embeddings.get(opts.dense.model) : undefined;
    if (opts.dense && vectors && vectors.size) {
      const scored: { id: string; s: number }[] = [];
      for (const [id, v] of vectors) {
        const p = this.passages.get(id);
        if (!p || !inForce(p.documentId)) continue;
        scored.push({ id, s: cosineSimilarity(opts.dense.vector, v) });
      }
      scored.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
      const denseTop = scored.slice(0, CANDIDATES);
      for (const d of denseTop) denseScores.set(d.id, d.s);
      order = reciprocalRankFusion([order, denseTop.map((d) => d.id)]).map((f) => f.id);
    }
    const passages = order.slice(0, opts.limit ?? CANDIDATES).flatMap((id) => {
      const passage = this.passages.get(id);
      return passage ? [{ passage, lexicalScore: lexicalScores.get(id) ?? 0, denseScore: vectors ? (denseScores.get(id) ?? null) : null }] : [];
    });
    return { passages, lexical, confidence: conf };
  }
}

/**
 * The stored terms are opaque to storage; a passage stored without them, or analysed by another
 * version of the analyzer (whose terms would not match today's queries), is analysed here.
 */
function asPassageTerms(p: SearchablePassage): PassageTerms {
  const t = p.terms as Partial<PassageTerms> | null;
  if (t && t.analyzer === frenchAnalyzer.id && Array.isArray(t.text) && Array.isArray(t.heading) && Array.isArray(t.title)) {
    return {
      id: p.id,
      docId: p.documentId,
      text: t.text,
      heading: t.heading,
      title: t.title,
      ...(Array.isArray(t.textForms) ? { textForms: t.textForms } : {}),
      analyzer: t.analyzer,
    };
  }
  return LexicalIndex.analyzePassage({ id: p.id, docId: p.documentId, title: p.documentTitle, heading: p.heading, text: p.text });
}
