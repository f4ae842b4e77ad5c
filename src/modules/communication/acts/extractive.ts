/**
 * The offline summary of an act: a handful of its own sentences, quoted as they are, chosen for
 * carrying its decision — the dispositif's decisions ("DÉCIDE", "APPROUVE", "AUTORISE", "d'attribuer…"),
 * its decisive figures (amounts, rates, dates of effect, durations), its beneficiaries — with its
 * title first and its vote last. Routine formulas ("signer tout document relatif à cette affaire"),
 * visas and considerations weigh against a sentence; the header, the rapporteur and the closing
 * formulas are never quoted.
 *
 * The weights and the threshold are `SelectionParameters`; the budget (sentences and words) is a
 * product choice, not tuned. bench/summaries.ts chooses the parameters on half of the acts and
 * reports them on the other half.
 *
 * Pure module: no I/O.
 */
import type { Figure } from './figures.js';
import { sameFigure, type ActStructure, type DecisiveFigure, type SentenceRole, type StructuredSentence } from './structure.js';

export interface SelectionParameters {
  /** Weight of a decision of the dispositif (half of it for another sentence of the dispositif). */
  decision: number;
  /** Weight of each decisive figure in the sentence (up to three). */
  figure: number;
  /** Weight of a beneficiary or an elected person named in the sentence. */
  beneficiary: number;
  /** Penalty of a routine formula. */
  routine: number;
  /** Penalty of a visa or a consideration. */
  procedural: number;
  /** Penalty per 25 words beyond the first 25. */
  length: number;
  /** Lowest score a sentence needs to be quoted. */
  threshold: number;
}

export interface SummaryBudget {
  /** Sentences quoted besides the title and the vote. */
  maxSentences: number;
  /** Words quoted besides the title and the vote. */
  maxWords: number;
}

export const DEFAULT_BUDGET: SummaryBudget = { maxSentences: 5, maxWords: 130 };

/**
 * Chosen by bench/summaries.ts on all 40 Montpellier deliberations of 24 April 2014 (in-sample);
 * the figures it reports are cross-fitted (chosen on one half, scored on the other). None of those
 * acts has visas or considerations, so their penalty was not learnt: it is 0 here, and such sentences
 * still score nothing for a decision.
 */
export const DEFAULT_SELECTION: SelectionParameters = {
  decision: 2,
  figure: 2,
  beneficiary: 0.5,
  routine: 0,
  procedural: 0,
  length: 0.5,
  threshold: 2,
};

export type SummarySentenceRole = 'title' | 'decision' | 'figure' | 'context' | 'vote';

export interface SummarySentence {
  text: string;
  role: SummarySentenceRole;
  /** The act's role of the sentence. */
  actRole: SentenceRole;
  /** Index among the act's sentences. */
  index: number;
  /** Offsets in the prepared text. */
  start: number;
  end: number;
  /** Offsets in the act as extracted: act.source.slice(sourceStart, sourceEnd) is this sentence, page furniture aside. */
  sourceStart: number;
  sourceEnd: number;
}

export interface SentenceFeatures {
  decision: number;
  figures: number;
  beneficiary: number;
  routine: number;
  procedural: number;
  words: number;
  eligible: boolean;
}

const BENEFICIARY_RE =
  /(?:\bau (?:b[ée]n[ée]fice|profit) d|\ben faveur d|\bb[ée]n[ée]ficiaires?(?![\p{L}\p{N}])|\b(?:attribu|accord|vers|allou)\w* .{0,40}\b(?:à|au|aux) (?:l['’])?(?:association|soci[ée]t[ée]|club|centre|comit[ée]|office|syndicat|[ée]tablissement|entreprise|\p{Lu})|\b(?:titulaires?|suppl[ée]ants?)\s*:|\b(?:madame|monsieur|mme|m\.)\s+\p{Lu}|\p{Lu}{3,}(?:[\s-]\p{Lu}{3,})*)/u;
const DISPOSITIF: readonly SentenceRole[] = ['decision_intro', 'article', 'decision'];
const NEVER_QUOTED: readonly SentenceRole[] = ['header', 'rapporteur', 'closing', 'title', 'vote'];

const countWords = (text: string) => (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;

export function sentenceFeatures(structure: ActStructure, decisive: readonly DecisiveFigure[]): SentenceFeatures[] {
  return structure.sentences.map((s, i) => {
    const inDispositif = DISPOSITIF.includes(s.role);
    return {
      decision: inDispositif && !s.routine ? (s.decisionVerb ? 1 : 0.5) : 0,
      figures: Math.min(3, decisive.filter((d) => d.sentence === i).length),
      beneficiary: BENEFICIARY_RE.test(s.text) ? 1 : 0,
      routine: s.routine ? 1 : 0,
      procedural: s.role === 'visa' || s.role === 'considerant' ? 1 : 0,
      words: countWords(s.text),
      // Outside the dispositif, a fragment (a table's cell, a heading) says nothing on its own.
      eligible:
        !NEVER_QUOTED.includes(s.role) &&
        /\p{L}{2}/u.test(s.text) &&
        !/:\s*$/.test(s.text) &&
        (inDispositif || countWords(s.text) >= 6),
    };
  });
}

export function sentenceScore(f: SentenceFeatures, p: SelectionParameters): number {
  return (
    p.decision * f.decision +
    p.figure * f.figures +
    p.beneficiary * f.beneficiary -
    p.routine * f.routine -
    p.procedural * f.procedural -
    (p.length * Math.max(0, f.words - 25)) / 25
  );
}

/** Indices of the act's sentences a summary quotes besides its title and vote, in the act's order. */
export function selectSentences(features: readonly SentenceFeatures[], p: SelectionParameters, budget: SummaryBudget = DEFAULT_BUDGET): number[] {
  const ranked = features
    .map((f, i) => ({ i, f, score: sentenceScore(f, p) }))
    .filter((x) => x.f.eligible)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen: number[] = [];
  let words = 0;
  for (const x of ranked) {
    if (chosen.length >= budget.maxSentences || x.score < p.threshold) break;
    if (words + x.f.words > budget.maxWords) continue;
    chosen.push(x.i);
    words += x.f.words;
  }
  // A summary says at least one thing: the best sentence, even below the threshold or over the budget.
  if (chosen.length === 0 && ranked.length > 0) chosen.push(ranked[0]!.i);
  return chosen.sort((a, b) => a - b);
}

function summarySentence(s: StructuredSentence, index: number, role: SummarySentenceRole): SummarySentence {
  return { text: s.text, role, actRole: s.role, index, start: s.start, end: s.end, sourceStart: s.sourceStart, sourceEnd: s.sourceEnd };
}

export interface ExtractiveSummary {
  sentences: SummarySentence[];
  /** The sentences, one a line. */
  text: string;
}

export function extractiveSummary(
  structure: ActStructure,
  decisive: readonly DecisiveFigure[],
  p: SelectionParameters = DEFAULT_SELECTION,
  budget: SummaryBudget = DEFAULT_BUDGET,
  features: readonly SentenceFeatures[] = sentenceFeatures(structure, decisive),
): ExtractiveSummary {
  const picked = selectSentences(features, p, budget);
  // A quoted item of a list ("Brigitte ROUSSEL-GALIANA") comes with the line that opens the list ("Ont été élus :"),
  // and with its short siblings: a list of names is quoted whole or not at all ("Ont été élus :" and one name would mislead).
  const isOpener = (k: number) => /:\s*$/.test(structure.sentences[k]!.text);
  for (const i of [...picked]) {
    let j = i - 1;
    while (j >= 0 && structure.sentences[j]!.role === 'decision' && !isOpener(j)) j--;
    const opener = structure.sentences[j];
    if (j < 0 || j === i || !opener || !DISPOSITIF.includes(opener.role) || !isOpener(j)) continue;
    if (!picked.includes(j)) picked.push(j);
    const siblings: number[] = [];
    for (let k = j + 1; k < structure.sentences.length && structure.sentences[k]!.role === 'decision' && !isOpener(k); k++) siblings.push(k);
    if (siblings.every((k) => features[k]!.words <= 8) && siblings.length <= 30) for (const k of siblings) if (!picked.includes(k)) picked.push(k);
  }
  picked.sort((a, b) => a - b);
  const sentences: SummarySentence[] = [];
  if (structure.title !== null) sentences.push(summarySentence(structure.sentences[structure.title]!, structure.title, 'title'));
  for (const i of picked) {
    const s = structure.sentences[i]!;
    const f = features[i]!;
    sentences.push(summarySentence(s, i, f.decision > 0 ? 'decision' : f.figures > 0 ? 'figure' : 'context'));
  }
  for (const i of structure.vote.sentences) sentences.push(summarySentence(structure.sentences[i]!, i, 'vote'));
  return { sentences, text: sentences.map((s) => s.text).join('\n') };
}

/** The decisive figures that a summary's figures keep (same kind, same value). */
export function keptDecisiveFigures(decisive: readonly DecisiveFigure[], summaryFigures: readonly Figure[]): DecisiveFigure[] {
  return decisive.filter((d) => summaryFigures.some((f) => sameFigure(f, d.figure)));
}

/** Sentences of the act that decide something (dispositif with a decision verb, not a routine formula). */
export function decisionSentences(structure: ActStructure): number[] {
  return structure.sentences.flatMap((s, i) => (DISPOSITIF.includes(s.role) && s.decisionVerb && !s.routine ? [i] : []));
}
