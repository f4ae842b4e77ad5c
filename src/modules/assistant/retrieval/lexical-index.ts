/**
 * In-memory inverted index with BM25F-style scoring over three fields
 * (passage text, heading path, document title), query vocabulary expansion,
 * and a second-stage term-proximity rerank of the top candidates.
 *
 * The analysed form of each passage (`PassageTerms`) is plain JSON: the
 * platform stores it and rebuilds the index with `LexicalIndex.fromStored`
 * without re-analysing text.
 */
import { frenchAnalyzer, type Analyzer } from './analyzer.js';
import { questionFrames } from './answer-types.js';

export type FieldName = 'text' | 'heading' | 'title';

export interface PassageInput {
  id: string;
  docId: string;
  /** Document title (shared by all passages of the document). */
  title: string;
  heading: string | null;
  text: string;
}

/**
 * Analysed passage, serialisable as JSON. Each field is the sequence of
 * analysed terms in order (stopwords removed): term frequencies, field lengths
 * and positions are all derived from it.
 */
export interface PassageTerms {
  id: string;
  docId: string;
  text: string[];
  heading: string[];
  title: string[];
  /**
   * Optional, parallel to `text`: the unstemmed folded form of each term, for
   * the exact-form bonus. Absent in passages stored before it existed (the
   * bonus then simply does not apply to them).
   */
  textForms?: string[];
  /** Id of the analyzer that produced the terms; stored terms from another analyzer are redone. */
  analyzer?: string;
}

/**
 * Query expansions: analysed trigger (a term or space-joined analysed phrase) → added terms and their weight.
 * `primary`, when present, is the trigger's first equivalent (e.g. the French for an English
 * phrase): when a trigger holds a term the index does not know, the phrase is foreign to the
 * corpus, so its primary equivalent stands in for it as if the user had written it.
 */
export type Expansions = Map<string, { terms: string[]; weight: number; primary?: string[] }>;

/**
 * English function words, dropped from a query when the index does not know them: residents
 * may write in English to a French corpus, and these words say nothing about the topic
 * (they would only make the question look unknown to the index).
 */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but is are was were be been am i me my mine you your we our us they them their he she his her it its ' +
    'this that these those what which who whom whose when where why how much many do does did done can could should would ' +
    'will shall may might must have has had get got to of from in on at by for with without about into there here ' +
    'please hello hi thanks thank any some if not no yes so than then'
  ).split(' '),
);

export interface IndexOptions {
  /** BM25 saturation (default 1.2). */
  k1?: number;
  /** Length normalisation per field (default text .75, heading .5, title .5). */
  b?: Partial<Record<FieldName, number>>;
  /** Field weights (default text 1, heading 1.5, title 2). 0 disables a field. */
  fieldWeights?: Partial<Record<FieldName, number>>;
  /** Weight of the term-proximity rerank (default 0.5; 0 disables the second stage). */
  proximityWeight?: number;
  /** Number of first-stage candidates reranked with proximity (default 50). */
  rerankDepth?: number;
  /** Analyzer used for queries and for `add` (default French analyzer). */
  analyzer?: Analyzer;
  /** Pseudo-relevance feedback (RM3-like); off by default. */
  prf?: { docs: number; terms: number; weight: number } | null;
  /**
   * Length of the truncated-term representation matched in addition to stems
   * (default 4; 0 disables). French derivation and verb forms that the stemmer
   * keeps apart ("afrique"/"africain", "atteint"/"atteignent") share a 4-letter
   * prefix; truncation to 4–5 letters is a classic, language-agnostic
   * normaliser (McNamee & Mayfield 2004). Terms shorter than this are not truncated.
   */
  prefixLength?: number;
  /** Weight of truncated-term matches relative to stem matches (default 0.3). */
  prefixWeight?: number;
  /**
   * Rerank bonus per unit of the largest idf mass of distinct query terms found
   * within `windowSize` consecutive kept terms of the text (default 0.5): a
   * question is usually answered by one clause that holds most of its words,
   * which matters more as passages get longer (span proximity, Tao & Zhai 2007).
   */
  windowWeight?: number;
  /** Window of the span bonus, in kept (non-stopword) terms (default 8, about a clause). */
  windowSize?: number;
  /**
   * Rerank bonus per unit of idf of query words found in the passage text in
   * their exact unstemmed (accent-folded) form (default 0.3). Needs `textForms`
   * in the stored terms; passages stored without them get no bonus.
   */
  exactFormWeight?: number;
  /** BM25+ lower bound δ for a matching term (default 0.5), so long passages are not over-penalised (Lv & Zhai 2011). */
  delta?: number;
  /**
   * A query term unknown to the index, of at least this many letters, is replaced by the most
   * frequent index term at edit distance 1 (insertion, deletion, substitution or transposition),
   * and the same first letter, if any: residents' typos ("dechetterie", "tenis"). Short terms are
   * left alone, their neighbours are too often other words. Default 5; 0 disables.
   */
  typoMinLength?: number;
  /** Query words (folded forms) dropped when unknown to the index (default ENGLISH_FUNCTION_WORDS). */
  queryStopwords?: ReadonlySet<string>;
  /**
   * Weight of the question's own words that belong to its interrogative frame ("à partir de
   * quelle heure", "combien de temps", "que faut-il faire": answer-types.ts `questionFrames`),
   * default DEFAULT_FRAME_WEIGHT. Such words are not counted in a passage's coverage either.
   * 1 treats them as any other word.
   */
  frameWeight?: number;
}

/**
 * 1: the frame's words count as any other, for now. The 5-fold choice over PIAF's articles
 * (bench/assistant.ts, ranking choices `frame_*`) is 0, better on every fold (nDCG@10 +0.005 to
 * +0.013), without changing the extractive answers' hits; but on the demo development set it
 * raises the calibrated abstention threshold (0.43 → 0.68): 43 of 52 answerable questions
 * answered with their facts instead of 50 (17 of 18 others refused instead of 16). Not adopted until it holds on both (issue 13: keep what helps everywhere).
 */
export const DEFAULT_FRAME_WEIGHT = 1;

export interface SearchOptions {
  limit?: number;
  expansions?: Expansions;
  /** Keep only passages whose docId satisfies the predicate. */
  filterDoc?: (docId: string) => boolean;
  /** The question is in another language than the corpus (see `queryTerms`). */
  foreign?: boolean;
}

/** Weight of a foreign question's own words that no vocabulary entry translated: a cognate ("collection") may help, a false friend ("register") mislead. */
export const FOREIGN_WORD_WEIGHT = 0.6;

export interface QueryTerm {
  term: string;
  /** Query weight: count in the query, or the expansion weight. */
  weight: number;
  idf: number;
  /** True for terms coming from vocabulary expansion. */
  expanded: boolean;
  /** The question's own word belongs to its interrogative frame ("quelle heure", "combien de temps"): weighted by `frameWeight`, not counted in coverage. */
  frame?: boolean;
  /** The question's own word triggered a vocabulary entry ("baby" → "bébé"): known to the vocabulary though perhaps not to the index. */
  triggered?: boolean;
}

export interface SearchHit {
  id: string;
  docId: string;
  score: number;
  /** First-stage BM25F score. */
  bm25: number;
  /** Proximity bonus added by the second stage. */
  proximity: number;
  /** Share of the query's (non-expanded) idf mass present in the passage, 0..1. */
  coverage: number;
  /** Share of the query's (non-expanded) idf mass found together within one window of the text (see `windowSize`), 0..1. */
  windowCoverage?: number;
  /** Largest idf among the query's own terms known to the index but absent from the passage (0 when none is missing). */
  missedMaxIdf?: number;
  /** Share of the query's (non-expanded) idf mass found in the document title or the passage heading, 0..1. */
  titleCoverage?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  terms: QueryTerm[];
  /** Upper bound of the BM25F score for this query (every term saturated). */
  maxScore: number;
}

interface Slot {
  id: string;
  docId: string;
  alive: boolean;
  len: [number, number, number];
  /** text field as term ids, for proximity */
  seq: Uint32Array;
  /** Unstemmed folded forms of the text field, when stored. */
  forms: ReadonlySet<string> | null;
  stored: PassageTerms;
}

interface Postings {
  slots: number[];
  tf: number[]; // 3 entries per posting: text, heading, title
  df: number;
}

/** Prefix of truncated-term keys: cannot come out of an analyzer (no control characters in tokens). */
const PREFIX_MARK = '\u0001';

export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export class LexicalIndex {
  readonly analyzer: Analyzer;
  private readonly k1: number;
  private readonly b: [number, number, number];
  private readonly w: [number, number, number];
  private readonly proximityWeight: number;
  private readonly rerankDepth: number;
  private readonly prf: { docs: number; terms: number; weight: number } | null;
  private readonly delta: number;
  private readonly prefixLength: number;
  private readonly windowWeight: number;
  private readonly exactFormWeight: number;
  private readonly windowSize: number;
  private readonly prefixWeight: number;
  private readonly typoMinLength: number;
  private readonly queryStopwords: ReadonlySet<string>;
  private readonly frameWeight: number;
  /** Index terms by length, for the typo fallback; rebuilt lazily when the vocabulary grew. */
  private termsByLength: { size: number; byLength: Map<number, string[]> } | null = null;
  private readonly termIds = new Map<string, number>();
  /** Term id → term (inverse of termIds). */
  private readonly terms: string[] = [];
  private readonly postings: Postings[] = [];
  private readonly slots: Slot[] = [];
  private readonly byId = new Map<string, number>();
  private readonly byDoc = new Map<string, number[]>();
  private readonly totalLen: [number, number, number] = [0, 0, 0];
  private live = 0;
  private scratch = new Float64Array(0);

  constructor(options: IndexOptions = {}) {
    this.analyzer = options.analyzer ?? frenchAnalyzer;
    this.k1 = options.k1 ?? 1.2;
    const b = options.b ?? {};
    this.b = [b.text ?? 0.75, b.heading ?? 0.5, b.title ?? 0.5];
    const w = options.fieldWeights ?? {};
    this.w = [w.text ?? 1, w.heading ?? 1.5, w.title ?? 2];
    this.proximityWeight = options.proximityWeight ?? 0.5;
    this.rerankDepth = options.rerankDepth ?? 50;
    this.prf = options.prf ?? null;
    this.delta = options.delta ?? 0.5;
    this.prefixLength = options.prefixLength ?? 4;
    this.windowWeight = options.windowWeight ?? 0.5;
    this.windowSize = options.windowSize ?? 8;
    this.exactFormWeight = options.exactFormWeight ?? 0.3;
    this.prefixWeight = options.prefixWeight ?? 0.3;
    this.typoMinLength = options.typoMinLength ?? 5;
    this.queryStopwords = options.queryStopwords ?? ENGLISH_FUNCTION_WORDS;
    this.frameWeight = options.frameWeight ?? DEFAULT_FRAME_WEIGHT;
  }

  /** Index key of the truncated form of an analysed term, or null when it is not truncated. */
  private prefixKey(term: string): string | null {
    const n = this.prefixLength;
    if (n <= 0 || this.prefixWeight <= 0 || term.length < n || !/^\p{L}/u.test(term)) return null;
    return PREFIX_MARK + term.slice(0, n);
  }

  /**
   * Per term id (stems and their truncated keys), the frequency in each field, as parallel
   * lists. Indexing runs this once per passage, so it reuses per-index scratch counters and
   * remembers each term's truncated key instead of allocating per token.
   */
  private fieldCounts(p: PassageTerms, seq: Uint32Array | null): { ids: number[]; tf: number[] } {
    const touched: number[] = [];
    const bump = (id: number, f: number): void => {
      if (this.countSlot.length <= id) this.growCounters(id + 1);
      let k = this.countSlot[id] as number;
      if (k < 0 || touched[k] !== id) {
        k = touched.length;
        touched.push(id);
        this.countSlot[id] = k;
        this.counts[k * 3] = 0;
        this.counts[k * 3 + 1] = 0;
        this.counts[k * 3 + 2] = 0;
      }
      this.counts[k * 3 + f] = (this.counts[k * 3 + f] as number) + 1;
    };
    const fields = [p.text, p.heading, p.title];
    for (let f = 0; f < 3; f++) {
      const terms = fields[f] as string[];
      for (let i = 0; i < terms.length; i++) {
        const id = this.termId(terms[i] as string);
        if (f === 0 && seq) seq[i] = id;
        bump(id, f);
        const pk = this.prefixIdOf(id);
        if (pk >= 0) bump(pk, f);
      }
    }
    const tf = this.counts.slice(0, touched.length * 3);
    for (const id of touched) this.countSlot[id] = -1;
    return { ids: touched, tf };
  }

  /** Scratch counters of fieldCounts: term id → position in the passage's touched list. */
  private countSlot: number[] = [];
  private counts: number[] = [];
  /** Term id → id of its truncated key, -1 when none, -2 when not computed yet. */
  private readonly prefixIds: number[] = [];

  private growCounters(n: number): void {
    while (this.countSlot.length < n) this.countSlot.push(-1);
  }

  private prefixIdOf(id: number): number {
    let pk = this.prefixIds[id];
    if (pk === undefined || pk === -2) {
      const key = this.prefixKey(this.termAt(id));
      pk = key === null ? -1 : this.termId(key);
      this.prefixIds[id] = pk;
    }
    return pk;
  }

  /** Analyse a passage into its storable form. */
  static analyzePassage(p: PassageInput, analyzer: Analyzer = frenchAnalyzer): PassageTerms {
    const text = analyzer.termsAndForms(p.text);
    return {
      id: p.id,
      docId: p.docId,
      text: text.terms,
      textForms: text.forms,
      analyzer: analyzer.id,
      heading: p.heading ? analyzer.analyze(p.heading) : [],
      title: analyzer.analyze(p.title),
    };
  }

  /** Rebuild an index from stored analysed passages (no text analysis). */
  static fromStored(stored: Iterable<PassageTerms>, options: IndexOptions = {}): LexicalIndex {
    const idx = new LexicalIndex(options);
    idx.addStored(stored);
    return idx;
  }

  get size(): number {
    return this.live;
  }

  /** Analyse and add passages; returns their analysed form (to be stored). */
  add(passages: Iterable<PassageInput>): PassageTerms[] {
    const out: PassageTerms[] = [];
    for (const p of passages) out.push(LexicalIndex.analyzePassage(p, this.analyzer));
    this.addStored(out);
    return out;
  }

  /** Add already-analysed passages. A passage id already present is replaced. */
  addStored(stored: Iterable<PassageTerms>): void {
    for (const p of stored) {
      if (this.byId.has(p.id)) this.removePassage(p.id);
      const slot = this.slots.length;
      const seq = new Uint32Array(p.text.length);
      const { ids, tf } = this.fieldCounts(p, seq);
      for (let k = 0; k < ids.length; k++) {
        const post = this.postings[ids[k] as number] as Postings;
        post.slots.push(slot);
        post.tf.push(tf[k * 3] as number, tf[k * 3 + 1] as number, tf[k * 3 + 2] as number);
        post.df++;
      }
      const len: [number, number, number] = [p.text.length, p.heading.length, p.title.length];
      for (let f = 0; f < 3; f++) this.totalLen[f] = (this.totalLen[f] as number) + (len[f] as number);
      const forms = p.textForms && p.textForms.length === p.text.length ? new Set(p.textForms) : null;
      this.slots.push({ id: p.id, docId: p.docId, alive: true, len, seq, forms, stored: p });
      this.byId.set(p.id, slot);
      const d = this.byDoc.get(p.docId);
      if (d) d.push(slot);
      else this.byDoc.set(p.docId, [slot]);
      this.live++;
    }
  }

  /** Remove every passage of a document. Returns the number removed. */
  removeDocument(docId: string): number {
    const list = this.byDoc.get(docId);
    if (!list) return 0;
    const ids = list.map((s) => (this.slots[s] as Slot).id);
    for (const id of ids) this.removePassage(id);
    return ids.length;
  }

  /** Replace all passages of a document (incremental re-ingestion). */
  replaceDocument(docId: string, passages: PassageInput[]): PassageTerms[] {
    this.removeDocument(docId);
    return this.add(passages);
  }

  removePassage(id: string): boolean {
    const slot = this.byId.get(id);
    if (slot === undefined) return false;
    const s = this.slots[slot] as Slot;
    for (const tid of this.fieldCounts(s.stored, null).ids) {
      const post = this.postings[tid] as Postings;
      const k = post.slots.indexOf(slot);
      if (k >= 0) {
        post.slots.splice(k, 1);
        post.tf.splice(k * 3, 3);
        post.df--;
      }
    }
    for (let f = 0; f < 3; f++) this.totalLen[f] = (this.totalLen[f] as number) - (s.len[f] as number);
    s.alive = false;
    s.seq = new Uint32Array(0);
    s.forms = null;
    this.byId.delete(id);
    const d = this.byDoc.get(s.docId);
    if (d) {
      const rest = d.filter((x) => x !== slot);
      if (rest.length) this.byDoc.set(s.docId, rest);
      else this.byDoc.delete(s.docId);
    }
    this.live--;
    return true;
  }

  /** All live passages in storable form (for persistence). */
  exportStored(): PassageTerms[] {
    return this.slots.filter((s) => s.alive).map((s) => s.stored);
  }

  /** IDF of an analysed term (0 when unknown). */
  idf(term: string): number {
    const id = this.termIds.get(term);
    const df = id === undefined ? 0 : (this.postings[id] as Postings).df;
    return df === 0 ? 0 : bm25Idf(this.live, df);
  }

  /**
   * Analyse a query into weighted terms, applying vocabulary expansions. A term the index does
   * not know is dropped when it is a query stopword, replaced by the primary equivalent of a
   * vocabulary entry it triggers, or else corrected to a known term at edit distance 1.
   *
   * A `foreign` question (in another language than the corpus: English on French documents)
   * drops its query stopwords even when the index knows them ("an", "i"), puts the primary
   * equivalent of every vocabulary entry it triggers in place of the trigger, and gives the words
   * that no entry translated a lower weight (FOREIGN_WORD_WEIGHT).
   */
  queryTerms(query: string, expansions?: Expansions, opts: { foreign?: boolean } = {}): QueryTerm[] {
    const foreign = opts.foreign === true;
    const tokens = this.analyzer.tokenize(query);
    const toks = tokens.map((t) => t.term);
    // Unknown stopwords are dropped after expansion, so that phrases holding them ("how long") still trigger.
    const replaced = tokens.map((t) => this.queryStopwords.has(t.form) && (foreign || this.idf(t.term) === 0));
    const translated: string[] = [];
    const own: string[] = [];
    const triggers = new Set<string>();
    const added: { term: string; weight: number }[] = [];
    if (expansions && expansions.size) {
      for (let i = 0; i < toks.length; i++) {
        for (let n = 1; n <= 6 && i + n <= toks.length; n++) {
          const trigger = toks.slice(i, i + n);
          const exp = expansions.get(trigger.join(' '));
          if (!exp) continue;
          for (const t of trigger) triggers.add(t);
          // A trigger holding a word the index does not know is foreign to the corpus (English, a rare spelling).
          const substitute = exp.primary && exp.primary.length > 0 && (foreign || trigger.some((t) => this.idf(t) === 0));
          if (substitute) {
            for (let k = i; k < i + n; k++) replaced[k] = true;
            own.push(...(exp.primary as string[]));
            translated.push(...(exp.primary as string[]));
            // The equivalent stands for what the resident would have written: its own entry expands it too ("ID card" → "carte d'identité" → "CNI").
            const chained = expansions.get((exp.primary as string[]).join(' '));
            if (chained) for (const t of chained.terms) if (!trigger.includes(t)) added.push({ term: t, weight: chained.weight });
          }
          for (const t of exp.terms) added.push({ term: t, weight: exp.weight });
        }
      }
    }
    toks.forEach((t, i) => {
      if (replaced[i]) return;
      own.push(this.idf(t) > 0 ? t : (this.correctTypo(t) ?? t));
    });
    const weights = new Map<string, { weight: number; expanded: boolean; frame?: boolean }>();
    const trusted = new Set(translated);
    // The interrogative frame's words count less, unless the question is nothing but its frame.
    const frameTerms = this.frameWeight === 1 ? new Set<string>() : new Set(questionFrames(query).flatMap((f) => this.analyzer.analyze(f)));
    const framed = (t: string): boolean => frameTerms.has(t) && own.some((o) => !frameTerms.has(o));
    for (const t of own) {
      const frame = framed(t);
      const w = (foreign && !trusted.has(t) ? FOREIGN_WORD_WEIGHT : 1) * (frame ? this.frameWeight : 1);
      const e = weights.get(t);
      if (e) e.weight += w;
      else weights.set(t, { weight: w, expanded: false, ...(frame ? { frame } : {}) });
    }
    for (const { term, weight } of added) {
      const e = weights.get(term);
      if (!e) weights.set(term, { weight, expanded: true });
      else if (e.expanded) e.weight = Math.max(e.weight, weight);
    }
    return [...weights].map(([term, v]) => ({
      term,
      weight: v.weight,
      idf: this.idf(term),
      expanded: v.expanded,
      ...(v.frame ? { frame: true } : {}),
      ...(!v.expanded && triggers.has(term) ? { triggered: true } : {}),
    }));
  }

  /** The most frequent index term at edit distance 1 from an unknown term, or null. */
  private correctTypo(term: string): string | null {
    const min = this.typoMinLength;
    if (min <= 0 || term.length < min || !/^\p{L}+$/u.test(term)) return null;
    if (!this.termsByLength || this.termsByLength.size !== this.termIds.size) {
      const byLength = new Map<number, string[]>();
      for (const t of this.termIds.keys()) {
        if (t.startsWith(PREFIX_MARK)) continue;
        const list = byLength.get(t.length);
        if (list) list.push(t);
        else byLength.set(t.length, [t]);
      }
      this.termsByLength = { size: this.termIds.size, byLength };
    }
    let best: string | null = null;
    let bestDf = 0;
    for (let len = term.length - 1; len <= term.length + 1; len++) {
      for (const cand of this.termsByLength.byLength.get(len) ?? []) {
        // Typos rarely touch the first letter; a different first letter is usually another word ("demain"/"semaine").
        if (cand[0] !== term[0] || !withinOneEdit(term, cand)) continue;
        const df = (this.postings[this.termIds.get(cand) as number] as Postings).df;
        if (df > bestDf || (df === bestDf && best !== null && cand < best)) {
          best = cand;
          bestDf = df;
        }
      }
    }
    return best;
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = options.limit ?? 10;
    const terms = this.queryTerms(query, options.expansions, { foreign: options.foreign === true });
    const k1 = this.k1;
    const prefixTerms = this.prefixTerms(terms);
    const maxScore = [...terms, ...prefixTerms].reduce((acc, t) => acc + t.weight * t.idf * (k1 + 1), 0);
    if (this.live === 0 || terms.length === 0) return { hits: [], terms, maxScore };
    if (this.scratch.length < this.slots.length) this.scratch = new Float64Array(this.slots.length * 2);
    const acc = this.scratch;
    let touched = [...this.accumulate(terms, acc), ...this.accumulate(prefixTerms, acc)];
    if (this.prf) {
      const fb = topK(touched, acc, this.prf.docs);
      const extra = this.feedbackTerms(fb, acc, terms, this.prf.terms, this.prf.weight);
      if (extra.length) {
        for (const s of touched) acc[s] = 0;
        terms.push(...extra);
        touched = [...this.accumulate(terms, acc), ...this.accumulate(prefixTerms, acc)];
      }
    }
    let cands = touched;
    if (options.filterDoc) cands = cands.filter((s) => options.filterDoc!((this.slots[s] as Slot).docId));
    const reranks = this.proximityWeight > 0 || this.windowWeight > 0 || this.exactFormWeight > 0;
    const depth = Math.max(limit, reranks ? this.rerankDepth : limit);
    const top = topK(cands, acc, depth);
    const scoredTerms = terms.filter((t) => t.idf > 0);
    const termIndex = new Map<number, number>();
    scoredTerms.forEach((t, i) => termIndex.set(this.termIds.get(t.term) as number, i));
    const baseIdfMass = terms.reduce((a, t) => a + (t.expanded || t.frame ? 0 : t.idf), 0);
    const queryForms = this.exactFormWeight > 0 ? this.queryForms(query) : [];
    const hits: SearchHit[] = top.map((s) => {
      const slot = this.slots[s] as Slot;
      const bm25 = acc[s] as number;
      const { proximity, present, window } = this.proximity(slot, termIndex, scoredTerms);
      let covered = 0;
      let missedMaxIdf = 0;
      let inTitle = 0;
      const titleTerms = slot.stored.title.length || slot.stored.heading.length ? new Set([...slot.stored.title, ...slot.stored.heading]) : null;
      for (let i = 0; i < scoredTerms.length; i++) {
        const t = scoredTerms[i] as QueryTerm;
        if (t.expanded || t.frame) continue;
        if (present[i]) covered += t.idf;
        else missedMaxIdf = Math.max(missedMaxIdf, t.idf);
        if (titleTerms?.has(t.term)) inTitle += t.idf;
      }
      const coverage = baseIdfMass > 0 ? covered / baseIdfMass : 0;
      const titleCoverage = baseIdfMass > 0 ? Math.min(1, inTitle / baseIdfMass) : 0;
      const windowCoverage = baseIdfMass > 0 ? Math.min(1, window / baseIdfMass) : 0;
      const score = bm25 + this.proximityWeight * proximity + this.windowWeight * window + this.exactFormWeight * this.exactFormMass(slot, queryForms);
      return { id: slot.id, docId: slot.docId, score, bm25, proximity, coverage, windowCoverage, missedMaxIdf, titleCoverage };
    });
    for (const s of touched) acc[s] = 0;
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { hits: hits.slice(0, limit), terms, maxScore };
  }

  /** The query's distinct unstemmed forms whose stem differs from the form, with the stem's idf. */
  private queryForms(query: string): { form: string; idf: number }[] {
    const out = new Map<string, number>();
    for (const t of this.analyzer.tokenize(query)) if (t.form !== t.term) out.set(t.form, this.idf(t.term));
    return [...out].map(([form, idf]) => ({ form, idf }));
  }

  private exactFormMass(slot: Slot, forms: readonly { form: string; idf: number }[]): number {
    if (!slot.forms || forms.length === 0) return 0;
    let m = 0;
    for (const f of forms) if (slot.forms.has(f.form)) m += f.idf;
    return m;
  }

  /** Truncated forms of the query's terms, weighted by prefixWeight (each key once, at its largest weight). */
  private prefixTerms(terms: readonly QueryTerm[]): QueryTerm[] {
    const byKey = new Map<string, number>();
    for (const t of terms) {
      const key = this.prefixKey(t.term);
      if (key === null) continue;
      byKey.set(key, Math.max(byKey.get(key) ?? 0, this.prefixWeight * t.weight));
    }
    return [...byKey].map(([term, weight]) => ({ term, weight, idf: this.idf(term), expanded: true }));
  }

  /** First stage: BM25F accumulation of every query term into acc; returns touched slots. */
  private accumulate(terms: readonly QueryTerm[], acc: Float64Array): number[] {
    const touched: number[] = [];
    const k1 = this.k1;
    const avg = this.totalLen.map((l) => (l > 0 ? l / this.live : 1)) as [number, number, number];
    const [w0, w1, w2] = this.w;
    const [b0, b1, b2] = this.b;
    for (const qt of terms) {
      if (qt.idf <= 0) continue;
      const post = this.postings[this.termIds.get(qt.term) as number] as Postings;
      const mult = qt.idf * qt.weight * (k1 + 1);
      const deltaMult = qt.idf * qt.weight * this.delta;
      const { slots, tf } = post;
      for (let k = 0; k < slots.length; k++) {
        const s = slots[k] as number;
        const len = (this.slots[s] as Slot).len;
        let tfw = 0;
        const t0 = tf[k * 3] as number;
        const t1 = tf[k * 3 + 1] as number;
        const t2 = tf[k * 3 + 2] as number;
        if (t0) tfw += (w0 * t0) / (1 - b0 + (b0 * len[0]) / avg[0]);
        if (t1) tfw += (w1 * t1) / (1 - b1 + (b1 * len[1]) / avg[1]);
        if (t2) tfw += (w2 * t2) / (1 - b2 + (b2 * len[2]) / avg[2]);
        if (tfw === 0) continue;
        if (acc[s] === 0) touched.push(s);
        acc[s] = (acc[s] as number) + (mult * tfw) / (k1 + tfw) + deltaMult;
      }
    }
    return touched;
  }

  /** RM3-style pseudo-relevance feedback terms from the top slots' text. */
  private feedbackTerms(top: number[], acc: Float64Array, terms: readonly QueryTerm[], n: number, weight: number): QueryTerm[] {
    const total = top.reduce((a, s) => a + (acc[s] as number), 0);
    if (total <= 0) return [];
    const known = new Set(terms.map((t) => t.term));
    const mass = new Map<string, number>();
    for (const s of top) {
      const st = (this.slots[s] as Slot).stored;
      const w = (acc[s] as number) / total / Math.max(1, st.text.length);
      for (const t of st.text) if (!known.has(t)) mass.set(t, (mass.get(t) ?? 0) + w);
    }
    const ranked = [...mass].map(([t, m]) => [t, m * this.idf(t)] as const).sort((a, b) => b[1] - a[1]).slice(0, n);
    const max = ranked[0]?.[1] ?? 0;
    return ranked.map(([term, m]) => ({ term, weight: (weight * m) / max, idf: this.idf(term), expanded: true }));
  }

  /**
   * Term-proximity score (Rasolofo & Savoy's BM25TP): for each pair of distinct
   * query terms occurring within 5 positions in the passage text, accumulate
   * 1/d², then saturate like BM25 and weight by the smaller idf of the pair.
   * Also reports which query terms are present in any field.
   */
  private proximity(slot: Slot, termIndex: Map<number, number>, terms: QueryTerm[]): { proximity: number; present: boolean[]; window: number } {
    const present = new Array<boolean>(terms.length).fill(false);
    const occ: { pos: number; q: number }[] = [];
    const seq = slot.seq;
    for (let i = 0; i < seq.length; i++) {
      const q = termIndex.get(seq[i] as number);
      if (q !== undefined) {
        occ.push({ pos: i, q });
        present[q] = true;
      }
    }
    for (const f of ['heading', 'title'] as const) {
      for (const t of slot.stored[f]) {
        const q = termIndex.get(this.termIds.get(t) as number);
        if (q !== undefined) present[q] = true;
      }
    }
    const window = this.windowMass(occ, terms);
    if (this.proximityWeight === 0 || occ.length < 2) return { proximity: 0, present, window };
    const pairAcc = new Map<number, number>();
    const nT = terms.length;
    for (let a = 0; a < occ.length; a++) {
      const oa = occ[a] as { pos: number; q: number };
      for (let c = a + 1; c < occ.length; c++) {
        const oc = occ[c] as { pos: number; q: number };
        const d = oc.pos - oa.pos;
        if (d > 5) break;
        if (oc.q === oa.q) continue;
        const key = Math.min(oa.q, oc.q) * nT + Math.max(oa.q, oc.q);
        pairAcc.set(key, (pairAcc.get(key) ?? 0) + 1 / (d * d));
      }
    }
    let score = 0;
    const avg = this.totalLen[0] / Math.max(1, this.live);
    const K = this.k1 * (1 - this.b[0] + (this.b[0] * slot.len[0]) / Math.max(1e-9, avg));
    for (const [key, v] of pairAcc) {
      const ti = terms[Math.floor(key / nT)] as QueryTerm;
      const tj = terms[key % nT] as QueryTerm;
      const w = Math.min(ti.idf * ti.weight, tj.idf * tj.weight);
      score += (w * (this.k1 + 1) * v) / (K + v);
    }
    return { proximity: score, present, window };
  }

  /** Largest idf mass of distinct query terms within windowSize consecutive text positions. */
  private windowMass(occ: readonly { pos: number; q: number }[], terms: readonly QueryTerm[]): number {
    if (this.windowWeight === 0 || occ.length === 0) return 0;
    const inWindow = new Array<number>(terms.length).fill(0);
    const w = (q: number): number => {
      const t = terms[q] as QueryTerm;
      return t.idf * Math.min(1, t.weight);
    };
    let mass = 0;
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < occ.length; hi++) {
      const h = occ[hi] as { pos: number; q: number };
      const before = inWindow[h.q] as number;
      inWindow[h.q] = before + 1;
      if (before === 0) mass += w(h.q);
      while (h.pos - (occ[lo] as { pos: number }).pos >= this.windowSize) {
        const l = occ[lo++] as { q: number };
        const left = (inWindow[l.q] as number) - 1;
        inWindow[l.q] = left;
        if (left === 0) mass -= w(l.q);
      }
      if (mass > best) best = mass;
    }
    return best;
  }

  private termId(t: string): number {
    let id = this.termIds.get(t);
    if (id === undefined) {
      id = this.postings.length;
      this.termIds.set(t, id);
      this.terms.push(t);
      this.postings.push({ slots: [], tf: [], df: 0 });
    }
    return id;
  }

  private termAt(id: number): string {
    return this.terms[id] as string;
  }
}

/** Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or adjacent transposition). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Indices of the k highest scores (ties broken by slot order). */
function topK(cands: number[], scores: Float64Array, k: number): number[] {
  if (cands.length <= k) return [...cands].sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  // min-heap of size k
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => (scores[a] as number) < (scores[b] as number) || ((scores[a] as number) === (scores[b] as number) && a > b);
  const up = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(heap[i] as number, heap[p] as number)) {
        [heap[i], heap[p]] = [heap[p] as number, heap[i] as number];
        i = p;
      } else break;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  for (const c of cands) {
    if (heap.length < k) {
      heap.push(c);
      up(heap.length - 1);
    } else if (less(heap[0] as number, c)) {
      heap[0] = c;
      down(0);
    }
  }
  return heap.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}
