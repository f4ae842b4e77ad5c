/**
 * Extractive answers: the best 1–3 sentences of the top passages, as verbatim
 * slices with offsets into the source document (passage.start + local offset).
 * Never produces text that is not a slice of a passage.
 */
import { frenchAnalyzer, type Analyzer } from './analyzer.js';
import { announcedTypes, CHECKABLE_TYPES, detectAnswerType, typeEvidence, type AnswerType } from './answer-types.js';
import { answerUnits, type UnitKind } from './units.js';

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
  /** The passage's document, when known: passages of other documents than the best one must score nearly as well. */
  documentId?: string;
  /** The passage's retrieval score, when known (see `otherDocumentShare`). */
  score?: number;
}

export interface AnswerSentence {
  /** Verbatim slice of the passage: the quote. */
  text: string;
  passageId: string;
  /** Offsets into the source document: doc.slice(start, end) === text. */
  start: number;
  end: number;
  score: number;
  /** Readable form: no list marker or table pipes; the first unit of a list carries its label ("Hôtel de ville — …"), a table row its headers. */
  display: string;
  kind: UnitKind;
  /** The list or table the unit belongs to ("passageId#n"), null for prose. */
  group: string | null;
  /** The list's or table's label (its introducing line or the passage's last heading), null for prose. */
  label: string | null;
  /** Table rows: column headers and cells. */
  header?: string[];
  cells?: string[];
  /** How strongly the unit holds the expected answer type (0, 0.5 or 1). */
  typeEvidence: number;
}

export interface ExtractiveOptions {
  /** Maximum sentences returned (default 3). */
  maxSentences?: number;
  /** Number of top passages considered (default DEFAULT_ANSWER_PASSAGES). */
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
  /** What the question asks for; detected from the question by default. */
  answerType?: AnswerType;
  /** Weight, in a unit's score, of holding the expected answer type (default 0.25). */
  typeWeight?: number;
  /**
   * A passage of another document than the first one is used only when its score is at least this
   * share of the best score (default 0.9): a question's other words must not pull in unrelated
   * sentences. Applies to passages that give their `documentId` and `score`.
   */
  otherDocumentShare?: number;
  /** Weight, in a unit's score, of a section heading or list label that announces the expected type ("Tarifs", "Pièces à fournir"), default 0.15. */
  sectionWeight?: number;
  /** Most units quoted for a single fact (a date, an amount, a phone number…), default 2. */
  factUnits?: number;
  /** Most items of a list or rows of a table quoted together (default 8). */
  maxListItems?: number;
  /**
   * The passages of the first passage's document (in any order): those whose section heading
   * announces the expected type ("Comment signaler ?" for how to do something, "Tarifs" for an
   * amount) are considered after the ranked ones, though the search did not rank them.
   */
  sections?: readonly RankedPassage[];
  /**
   * A quoted prose sentence that opens on a pronoun or a demonstrative ("Il est ouvert…",
   * "Cette aide…") is preceded by the sentence before it in its passage when that one is at most
   * this many characters (default 300; 0 disables): out of context the reader cannot tell what it
   * speaks of, and the subject a question asks about ("Qui…?") is often named there.
   */
  anaphoraContextChars?: number;
}

/** Openings of a sentence that refers to what the previous one named (French and English). */
const ANAPHORIC_OPENING = /^(?:(?:il|elle|ils|elles|celui-ci|celle-ci|ceux-ci|celles-ci|ce dernier|cette derni[eè]re|ces derniers|ces derni[eè]res|he|she|it|they|this|these)\b|(?:son|sa|ses|leur|leurs|his|her|its|their)\s)/iu;
const DEMONSTRATIVE_OPENING = /^(?:ce|cet|cette|ces)\s/iu;
/** "Il faut…", "Il y a…", "Il est possible de…", "It is…": an impersonal subject refers to nothing before it. */
const IMPERSONAL_OPENING = /^(?:il (?:faut|y a|suffit|convient|s'agit|s’agit|est (?:possible|nécessaire|necessaire|interdit|obligatoire|conseillé|recommandé|préférable|important|utile|indispensable))|it is (?:possible|necessary|forbidden|mandatory|advisable|recommended|important))\b/iu;
export const DEFAULT_ANAPHORA_CONTEXT_CHARS = 300;

/** Share of a query term's credit earned when it is found in the sentence's heading or list label rather than in the sentence. */
const CONTEXT_CREDIT = 0.8;
const TITLE_CREDIT = 0.4;
export const DEFAULT_TYPE_WEIGHT = 0.25;
export const DEFAULT_SECTION_WEIGHT = 0.3;
/**
 * Types answered by one fact in one place (a time, a date, an amount, a phone number…): a sentence
 * or two. A person's name is checkable, but a question about someone is often answered by what
 * surrounds the name: it gets the window of other questions.
 */
const SINGLE_FACT_TYPES: ReadonlySet<AnswerType> = new Set(['hours', 'date', 'duration', 'amount', 'quantity', 'phone', 'email_web', 'address']);
const STRUCTURE_BONUS = 0.05;
/** Hours and prices are given as lists (one line per day, per rate): the list is the answer. */
const LIST_ANSWER_TYPES: ReadonlySet<AnswerType> = new Set(['hours', 'amount']);
/** A unit holding the expected type is preferred to a better-scoring one that does not, down to this share of its score. */
const TYPED_SHARE = 0.5;

export interface ExtractiveAnswer {
  sentences: AnswerSentence[];
  /** What the question was taken to ask for. */
  answerType: AnswerType;
  /**
   * For a type that can be checked (hours, dates, amounts, phone numbers…): whether a quoted unit
   * plainly holds it. An answer without it does not answer the question; true for other types.
   */
  typeFound: boolean;
}

/** Passages an answer may quote from, by default. */
export const DEFAULT_ANSWER_PASSAGES = 5;

/**
 * The passages an answer quotes from: the first `max` of the ranking, keeping passages of
 * another document than the first one only when they score nearly as well ("as well" is measured
 * against the best score of all: a reranker may put first a passage of low lexical score).
 */
export function answerPassages<P extends RankedPassage>(ranked: readonly P[], max: number, otherDocumentShare: number): P[] {
  const top = ranked[0];
  if (!top) return [];
  const best = ranked.reduce((m, r) => Math.max(m, r.score ?? 0), 0);
  return ranked
    .filter((r) => r === top || r.documentId === undefined || r.documentId === top.documentId || (best > 0 && (r.score ?? 0) >= otherDocumentShare * best))
    .slice(0, max);
}

type Candidate = AnswerSentence & {
  coverage: number;
  ownCoverage: number;
  rank: number;
  index: number;
  ordinal: number;
  announced: number;
  documentId: string | undefined;
};

/**
 * Units are prose sentences, list items, numbered steps and table rows (units.ts). Score =
 * idf-weighted share of query terms in the unit, plus a bonus for the share of its words that
 * are not in the question (the answer adds information), plus a bonus for holding the expected
 * answer type (a time for "horaires", an amount for "combien"), plus a small prior for
 * higher-ranked passages and earlier units. A query term found in the passage's heading, in the
 * label that introduces a unit's list ("Horaires :") or in a table's headers earns most of its
 * credit: under "Horaires", the list items are the answer, though they do not repeat the word.
 * Units without any query term in them or in their context are never chosen on their own.
 *
 * The answer's size follows the question: the list under its label for documents to bring, the
 * steps of a procedure, the hours of one place; one sentence or row (and a short one that
 * completes it) for a date, an amount, a phone number; a few sentences otherwise.
 */
export function buildExtractiveAnswer(question: string, rankedPassages: readonly RankedPassage[], opts: ExtractiveOptions = {}): ExtractiveAnswer {
  const analyzer = opts.analyzer ?? frenchAnalyzer;
  const idf = opts.idf ?? (() => 1);
  const maxSentences = opts.maxSentences ?? 3;
  const rel = opts.relativeThreshold ?? 0.6;
  const noveltyWeight = opts.noveltyWeight ?? 0.1;
  const followChars = opts.followingSentenceChars ?? 160;
  const answerType = opts.answerType ?? detectAnswerType(question);
  const typeWeight = opts.typeWeight ?? DEFAULT_TYPE_WEIGHT;
  const maxItems = opts.maxListItems ?? 8;
  const factUnits = opts.factUnits ?? 2;
  const sectionWeight = opts.sectionWeight ?? DEFAULT_SECTION_WEIGHT;
  const qIdf = new Map<string, number>();
  if (opts.queryTerms) {
    for (const t of opts.queryTerms) qIdf.set(t.term, Math.max(qIdf.get(t.term) ?? 0, Math.max(0, t.idf) * Math.min(1, t.weight)));
  } else {
    for (const t of analyzer.analyze(question)) qIdf.set(t, Math.max(0, idf(t)));
  }
  const total = [...qIdf.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return { sentences: [], answerType, typeFound: !CHECKABLE_TYPES.has(answerType) };
  const queryTermsIn = (text: string | null | undefined): Set<string> => new Set(text ? analyzer.analyze(text).filter((t) => qIdf.has(t)) : []);

  /** Every unit of the considered passages, in passage order; candidates are the eligible ones. */
  const all: Candidate[] = [];
  const cands: Candidate[] = [];
  const considered = answerPassages(rankedPassages, opts.maxPassages ?? DEFAULT_ANSWER_PASSAGES, opts.otherDocumentShare ?? 0.9);
  // The best document's sections that announce what is asked, ranked or not: ties between passages
  // that match by the title alone must not decide whether the "Tarifs" table is read.
  const firstDocument = considered[0]?.documentId;
  const added = new Set<RankedPassage>();
  const announces = (p: RankedPassage): boolean => announcedTypes(p.heading?.split(' > ').pop()).includes(answerType);
  if (firstDocument !== undefined && answerType !== 'other' && opts.sections?.length) {
    const ids = new Set(considered.map((p) => p.id));
    for (const p of opts.sections ?? []) {
      if (p.documentId !== firstDocument || ids.has(p.id) || !announces(p)) continue;
      considered.push(p);
      added.add(p);
    }
  }
  // Within a document, its first sections are usually its main subject ("the town hall" before "the annexes").
  const orderInDocument = new Map<RankedPassage, number>();
  const byDocument = new Map<string, RankedPassage[]>();
  for (const p of considered) if (p.documentId !== undefined) byDocument.set(p.documentId, [...(byDocument.get(p.documentId) ?? []), p]);
  for (const list of byDocument.values()) [...list].sort((a, b) => a.start - b.start).forEach((p, i) => orderInDocument.set(p, i));
  considered.forEach((p, rank) => {
    const sectionPrior = 0.02 / ((orderInDocument.get(p) ?? 0) + 1);
    const lastHeading = p.heading ? (p.heading.split(' > ').pop() ?? null) : null;
    const headingAnnounces = announcedTypes(lastHeading);
    const headingTerms = queryTermsIn(p.heading);
    const titleTerms = queryTermsIn(p.title);
    const labelTerms = new Map<string, Set<string>>();
    answerUnits(p.text, p.heading ?? null).forEach((u, ui) => {
      const local = p.text.slice(u.start, u.end);
      const contextTerms = new Set(headingTerms);
      if (u.label) {
        let lt = labelTerms.get(u.label);
        if (!lt) labelTerms.set(u.label, (lt = queryTermsIn(u.label)));
        for (const t of lt) contextTerms.add(t);
      }
      if (u.header) for (const t of queryTermsIn(u.header.join(' '))) contextTerms.add(t);
      const seen = new Set<string>();
      const terms = analyzer.analyze(local);
      let novel = 0;
      for (const t of terms) {
        if (qIdf.has(t)) seen.add(t);
        else novel++;
      }
      const context = [...contextTerms].filter((t) => !seen.has(t));
      let own = 0;
      for (const t of seen) own += qIdf.get(t) as number;
      let cov = own;
      for (const t of context) cov += CONTEXT_CREDIT * (qIdf.get(t) as number);
      for (const t of titleTerms) if (!seen.has(t) && !contextTerms.has(t)) cov += TITLE_CREDIT * (qIdf.get(t) as number);
      const coverage = cov / total;
      const novelty = terms.length ? novel / terms.length : 0;
      const evidence = typeEvidence(u.display, answerType, { listItem: u.kind === 'item' || u.kind === 'step', numbered: u.kind === 'step' });
      // "Comment faire la demande ?", "Pièces à fournir", "Tarifs": the section says what its units answer, and what
      // they do not: under "Qui peut demander un acte ?", the items do not say how to ask for one.
      const types = u.label && u.label !== lastHeading ? [...headingAnnounces, ...announcedTypes(u.label)] : headingAnnounces;
      const announced = types.includes(answerType) ? 1 : types.length > 0 && answerType !== 'other' ? -0.5 : 0;
      // A list item or table row that holds the fact is a more direct answer than a sentence that mentions it in passing.
      const structured = u.kind !== 'sentence' && evidence >= 1 && SINGLE_FACT_TYPES.has(answerType) ? STRUCTURE_BONUS : 0;
      const score =
        coverage + noveltyWeight * novelty + typeWeight * evidence + sectionWeight * announced + structured + 0.05 / (rank + 1) + sectionPrior + 0.01 / (ui + 1);
      const c: Candidate = {
        text: local,
        passageId: p.id,
        start: p.start + u.start,
        end: p.start + u.end,
        score,
        display: u.display,
        kind: u.kind,
        group: u.group === null ? null : `${p.id}#${u.group}`,
        label: u.label,
        ...(u.header ? { header: u.header, cells: u.cells ?? [] } : {}),
        typeEvidence: evidence,
        coverage,
        ownCoverage: own / total,
        rank,
        index: all.length,
        ordinal: u.ordinal,
        announced,
        documentId: p.documentId,
      };
      all.push(c);
      // A unit that plainly holds the fact asked for, in a document whose title matches, is eligible though it repeats no word of the
      // question; so is a unit of a section that announces what is asked ("Comment signaler ?"), in such a document.
      const factInTitledDocument = titleTerms.size > 0 && ((evidence >= 1 && SINGLE_FACT_TYPES.has(answerType)) || announced > 0);
      if (seen.size > 0 || context.length > 0 || factInTitledDocument || (added.has(p) && announced > 0 && titleTerms.size > 0)) cands.push(c);
    });
  });
  const byScore = [...cands].sort((a, b) => b.score - a.score || a.start - b.start);
  const top = byScore[0];
  if (!top) return { sentences: [], answerType, typeFound: !CHECKABLE_TYPES.has(answerType) };
  // For a checkable type, the best unit that holds it, unless it scores far below the best of all.
  const typed = SINGLE_FACT_TYPES.has(answerType) ? byScore.find((c) => c.typeEvidence >= 1 && c.score >= TYPED_SHARE * top.score) : undefined;
  let best = typed ?? top;

  const chosen: Candidate[] = [];
  const taken = new Set<number>();
  const take = (c: Candidate | undefined): void => {
    if (!c || taken.has(c.index)) return;
    taken.add(c.index);
    chosen.push(c);
  };
  const groupOf = (c: Candidate): Candidate[] => (c.group === null ? [] : all.filter((x) => x.group === c.group));
  const next = (c: Candidate): Candidate | undefined => {
    const n = all[c.index + 1];
    return n && n.passageId === c.passageId && n.kind === 'sentence' && n.end - n.start <= followChars ? n : undefined;
  };
  /** The list or table a prose label introduces: the units right after the sentence, when they are a group. */
  const introducedGroup = (c: Candidate): Candidate[] => {
    const n = all[c.index + 1];
    return c.kind === 'sentence' && n && n.passageId === c.passageId && n.group !== null && n.ordinal === 1 && /:\s*$/.test(c.text) ? groupOf(n) : [];
  };
  const wholeList = answerType === 'documents' || answerType === 'steps';
  if (wholeList) {
    // A page's "Comment faire la demande ?" or "Pièces à fournir" section answers how and what to bring, though
    // another section repeats more of the question's words.
    const announcedList = byScore.find((c) => c.group !== null && c.announced > 0 && c.documentId !== undefined && c.documentId === top.documentId);
    if (announcedList) best = announcedList;
  }
  if ((wholeList || LIST_ANSWER_TYPES.has(answerType)) && best.group === null) {
    // Documents to bring, steps, hours and prices come as lists: the best list item or row stands for the answer when it scores nearly as well.
    const listed = byScore.find((c) => c.group !== null && (wholeList || c.typeEvidence >= 1));
    if (listed && listed.score >= rel * best.score) best = listed;
  }

  if (best.group !== null) {
    const siblings = groupOf(best);
    if (wholeList || (LIST_ANSWER_TYPES.has(answerType) && best.kind !== 'row')) {
      // The list under its label: every item for documents and steps; the items that give hours or prices for those.
      const keep = wholeList ? siblings : siblings.filter((s) => s.typeEvidence > 0 || s === best);
      keep.slice(0, maxItems).forEach(take);
      if (!taken.has(best.index)) take(best);
    } else if (best.kind === 'row' && best.ownCoverage === 0 && siblings.length <= maxItems) {
      // Nothing in the question singles out a row: the table is the answer.
      siblings.forEach(take);
    } else {
      take(best);
      // Other items of the same list that match nearly as well (several hours, several prices).
      for (const c of byScore) {
        if (chosen.length >= maxSentences) break;
        if (c.group === best.group && c.score >= rel * best.score && (!CHECKABLE_TYPES.has(answerType) || c.typeEvidence > 0)) take(c);
      }
    }
  } else {
    const list = wholeList ? introducedGroup(best) : [];
    if (list.length) {
      list.slice(0, maxItems).forEach(take);
    } else if (SINGLE_FACT_TYPES.has(answerType)) {
      take(best);
      // A short sentence that completes it ("… : 3 € par repas. Les enfants de moins de 3 ans …").
      const n = next(best);
      if (n && (best.typeEvidence < 1 || n.typeEvidence >= 1) && best.coverage >= 0.5 && chosen.length < factUnits) take(n);
      // Another unit holding the type that matches nearly as well (the fact may be stated twice, or elsewhere).
      for (const c of byScore) {
        if (chosen.length >= factUnits || c.score < rel * best.score) break;
        if (c.typeEvidence >= 1) take(c);
      }
    } else if (answerType === 'yes_no') {
      take(best);
      take(next(best));
    } else {
      for (const c of byScore) {
        if (chosen.length >= maxSentences || c.score < rel * best.score) break;
        take(c);
        if (c.coverage >= 0.5 && followChars > 0 && chosen.length < maxSentences) take(next(c));
      }
      if (!taken.has(best.index)) take(best);
    }
  }
  const anaphoraChars = opts.anaphoraContextChars ?? DEFAULT_ANAPHORA_CONTEXT_CHARS;
  if (anaphoraChars > 0) {
    for (const c of [...chosen]) {
      const prev = all[c.index - 1];
      if (c.kind !== 'sentence' || !(ANAPHORIC_OPENING.test(c.text) || DEMONSTRATIVE_OPENING.test(c.text)) || IMPERSONAL_OPENING.test(c.text)) continue;
      if (prev && prev.passageId === c.passageId && prev.kind === 'sentence' && prev.end - prev.start <= anaphoraChars) take(prev);
    }
  }
  // Units read in document order within a passage, passages in rank order.
  chosen.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const seenGroups = new Set<string>();
  const sentences: AnswerSentence[] = chosen.map((c) => {
    let display = c.display;
    if (c.group !== null && !seenGroups.has(c.group)) {
      seenGroups.add(c.group);
      if (c.label && !c.header?.length) display = `${c.label} — ${display}`;
    }
    const { coverage: _c, ownCoverage: _o, rank: _r, index: _i, ordinal: _n, announced: _a, documentId: _d, ...s } = c;
    return { ...s, display };
  });
  const typeFound = !CHECKABLE_TYPES.has(answerType) || sentences.some((s) => s.typeEvidence >= 1);
  return { sentences, answerType, typeFound };
}
