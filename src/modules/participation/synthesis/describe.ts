/**
 * What is said of a group of contributions without any model: its most distinctive words and a
 * label made of them, its most representative members, verbatim quotes, its spread across
 * districts and age bands against the whole consultation's, and the members whose wording takes
 * the other side from the group's majority.
 */
import { splitSentences } from '../../assistant/retrieval/sentences';
import { CONSULTATION_STOPWORDS } from './consultation-words';
import { checkQuote } from './quote-check';
import { detectStance, type StanceCue } from './stance';
import type { Contribution, Dissent, Quote, SpreadEntry, Stance, SynthesisParameters, Theme } from './types';
import { centroid, similarityToCentroid, type PreparedCorpus } from './vectors';

export interface GroupDescription {
  /** Index (in the corpus) of the most representative member. */
  medoidIndex: number;
  keywords: string[];
  label: string;
  representativeIds: string[];
  quotes: Quote[];
  districts: SpreadEntry[];
  ageBands: SpreadEntry[];
  majorityStance: Stance | null;
  dissent: Dissent[];
}

export interface Describer {
  corpus: PreparedCorpus;
  indexOf: ReadonlyMap<string, number>;
  describe(memberIndices: readonly number[]): GroupDescription;
  /** Text of a contribution by id (undefined if unknown): the source quotes are checked against. */
  sourceOf(contributionId: string): string | undefined;
}

/** A quote longer than this is a passage, not a quote: a shorter sentence is preferred. */
const MAX_QUOTE_LENGTH = 320;
const KEYWORDS_PER_THEME = 5;
const LABEL_KEYWORDS = 3;
/** Fewer members than this showing a stance make no majority worth contradicting. */
const MIN_MEMBERS_WITH_STANCE = 3;

const isNumeric = (term: string) => /^\p{N}/u.test(term);

/** The word as written; a capital that is only there because the word starts a sentence is dropped. */
function surfaceOf(text: string, start: number, end: number): string {
  const word = text.slice(start, end);
  let k = start - 1;
  while (k >= 0 && /[\s«"“'(\-–—]/.test(text[k]!)) k--;
  const sentenceStart = k < 0 || /[.!?…:\n]/.test(text[k]!);
  const capitalisedOnly = /^\p{Lu}[\p{Ll}\p{M}'’-]*$/u.test(word.split(/\s+/)[0]!);
  return sentenceStart && capitalisedOnly ? word.charAt(0).toLowerCase() + word.slice(1) : word;
}

/** Two kept words written next to each other (only spaces or a hyphen between): "piste cyclable". */
function phrasesOf(corpus: PreparedCorpus, index: number): { key: string; start: number; end: number }[] {
  const tokens = corpus.tokens[index]!;
  const text = corpus.contributions[index]!.text;
  const out: { key: string; start: number; end: number }[] = [];
  for (let k = 0; k + 1 < tokens.length; k++) {
    const a = tokens[k]!;
    const b = tokens[k + 1]!;
    if (isNumeric(a.term) || isNumeric(b.term) || a.term === b.term || CONSULTATION_STOPWORDS.has(a.form) || CONSULTATION_STOPWORDS.has(b.form)) continue;
    if (!/^[ \u00a0-]{1,2}$/.test(text.slice(a.end, b.start))) continue;
    out.push({ key: `${a.term} ${b.term}`, start: a.start, end: b.end });
  }
  return out;
}

function countShares(values: readonly (string | null)[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

const districtOf = (c: Contribution) => c.district ?? null;
const ageBandOf = (c: Contribution) => c.ageBand ?? null;

export function createDescriber(corpus: PreparedCorpus, parameters: SynthesisParameters): Describer {
  const contributions = corpus.contributions;
  const n = contributions.length;
  const indexOf = new Map(contributions.map((c, i) => [c.id, i]));
  const overallDistricts = countShares(contributions.map(districtOf));
  const overallAgeBands = countShares(contributions.map(ageBandOf));
  const stances: (StanceCue | null | undefined)[] = new Array(n);
  const stanceOf = (i: number) => {
    if (stances[i] === undefined) stances[i] = detectStance(contributions[i]!.text);
    return stances[i];
  };
  let phraseFrequency: Map<string, number> | null = null;
  const phraseDocumentFrequency = (): Map<string, number> => {
    if (phraseFrequency) return phraseFrequency;
    phraseFrequency = new Map();
    for (let i = 0; i < n; i++) for (const key of new Set(phrasesOf(corpus, i).map((p) => p.key))) phraseFrequency.set(key, (phraseFrequency.get(key) ?? 0) + 1);
    return phraseFrequency;
  };
  const sourceOf = (id: string) => {
    const i = indexOf.get(id);
    return i === undefined ? undefined : contributions[i]!.text;
  };

  const keywordsOf = (members: readonly number[]): string[] => {
    const inGroup = new Map<string, number>();
    const spellings = new Map<string, Map<string, number>>();
    const note = (key: string, spelling: string) => {
      let m = spellings.get(key);
      if (!m) spellings.set(key, (m = new Map()));
      m.set(spelling, (m.get(spelling) ?? 0) + 1);
    };
    for (const i of members) {
      const text = contributions[i]!.text;
      const seen = new Set<string>();
      for (const t of corpus.tokens[i]!) {
        if (isNumeric(t.term) || t.form.length < 2 || CONSULTATION_STOPWORDS.has(t.form)) continue;
        if (!seen.has(t.term)) {
          seen.add(t.term);
          inGroup.set(t.term, (inGroup.get(t.term) ?? 0) + 1);
        }
        note(t.term, surfaceOf(text, t.start, t.end));
      }
      for (const p of phrasesOf(corpus, i)) {
        if (!seen.has(p.key)) {
          seen.add(p.key);
          inGroup.set(p.key, (inGroup.get(p.key) ?? 0) + 1);
        }
        note(p.key, surfaceOf(text, p.start, p.end));
      }
    }
    const phrases = phraseDocumentFrequency();
    const scoreWith = (minShared: number) =>
      [...inGroup]
        .filter(([, f]) => f >= minShared)
        .map(([key, f]) => {
          const global = (key.includes(' ') ? phrases.get(key) : corpus.termDocumentFrequency.get(key)) ?? f;
          // Share of the group using the word, times how rare it is in the whole consultation.
          return { key, inGroup: f, score: (f / members.length) * Math.log(1 + n / global) };
        })
        .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let ranked = scoreWith(Math.min(2, members.length));
    if (ranked.length === 0) ranked = scoreWith(1);
    const chosen: { key: string; inGroup: number }[] = [];
    for (const candidate of ranked) {
      if (chosen.length >= KEYWORDS_PER_THEME) break;
      const parts = candidate.key.split(' ');
      if (parts.length === 1) {
        if (chosen.some((c) => c.key.split(' ').includes(candidate.key))) continue;
        chosen.push(candidate);
        continue;
      }
      // A phrase replaces its words when it is about as common as they are in the group.
      const covered = chosen.filter((c) => parts.includes(c.key));
      if (covered.length > 0 && covered.some((c) => candidate.inGroup < 0.5 * c.inGroup)) continue;
      if (chosen.some((c) => c.key.includes(' ') && c.key.split(' ').some((w) => parts.includes(w)))) continue;
      const at = covered.length > 0 ? chosen.indexOf(covered[0]!) : chosen.length;
      for (const c of covered) chosen.splice(chosen.indexOf(c), 1);
      chosen.splice(Math.min(at, chosen.length), 0, candidate);
    }
    return chosen.map((c) => {
      const forms = [...spellings.get(c.key)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return forms[0]![0];
    });
  };

  const quoteOf = (i: number, centre: ReadonlyMap<number, number>): Quote | null => {
    const text = contributions[i]!.text;
    const id = contributions[i]!.id;
    const trimmedStart = text.length - text.trimStart().length;
    const trimmedEnd = text.trimEnd().length;
    let span = { start: trimmedStart, end: trimmedEnd };
    if (trimmedEnd - trimmedStart > MAX_QUOTE_LENGTH) {
      const tokens = corpus.tokens[i]!;
      let best: { start: number; end: number; score: number } | null = null;
      for (const s of splitSentences(text)) {
        const terms = new Set(tokens.filter((t) => t.start >= s.start && t.end <= s.end).map((t) => t.term));
        let score = 0;
        for (const term of terms) {
          const dim = corpus.dimensionOf.get(term);
          if (dim !== undefined) score += centre.get(dim) ?? 0;
        }
        score /= Math.sqrt(terms.size || 1);
        // Over-long sentences only when nothing else says anything.
        if (s.end - s.start > MAX_QUOTE_LENGTH) score *= 0.25;
        if (!best || score > best.score) best = { ...s, score };
      }
      if (best) span = best;
    }
    if (span.end <= span.start) return null;
    const checked = checkQuote({ contributionId: id, start: span.start, end: span.end, text: text.slice(span.start, span.end) }, sourceOf);
    return checked.ok ? checked.quote : null;
  };

  const spread = (members: readonly number[], valueOf: (c: Contribution) => string | null, overall: Map<string | null, number>): SpreadEntry[] => {
    const counts = countShares(members.map((i) => valueOf(contributions[i]!)));
    return [...counts]
      .map(([value, count]) => ({ value, count, share: count / members.length, overallShare: (overall.get(value) ?? 0) / n }))
      .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
  };

  const stanceSummary = (members: readonly number[]): { majorityStance: Stance | null; dissent: Dissent[] } => {
    const withStance = members.map((i) => ({ i, cue: stanceOf(i) })).filter((m): m is { i: number; cue: StanceCue } => m.cue !== null);
    if (withStance.length < MIN_MEMBERS_WITH_STANCE) return { majorityStance: null, dissent: [] };
    const forCount = withStance.filter((m) => m.cue.stance === 'for').length;
    const share = Math.max(forCount, withStance.length - forCount) / withStance.length;
    if (share < parameters.stanceMajority) return { majorityStance: null, dissent: [] };
    const majorityStance: Stance = forCount * 2 > withStance.length ? 'for' : 'against';
    const dissent: Dissent[] = [];
    for (const m of withStance) {
      if (m.cue.stance === majorityStance) continue;
      const c = contributions[m.i]!;
      // The cue is shown as a quote: it goes through the same check as every other quote.
      const checked = checkQuote({ contributionId: c.id, start: m.cue.start, end: m.cue.end, text: c.text.slice(m.cue.start, m.cue.end) }, sourceOf);
      if (checked.ok) dissent.push({ contributionId: c.id, stance: m.cue.stance, cue: checked.quote });
    }
    return { majorityStance, dissent };
  };

  const describe = (memberIndices: readonly number[]): GroupDescription => {
    const members = [...memberIndices].sort((a, b) => a - b);
    const centre = centroid(members.map((i) => corpus.vectors[i]!));
    // Rounded, and ties broken by id: the same contributions in another order rank the same
    // (sums in another order differ in the last bits), so the theme keeps its id.
    const ranked = members
      .map((i) => ({ i, similarity: Math.round(similarityToCentroid(corpus.vectors[i]!, centre) * 1e9) }))
      .sort((a, b) => b.similarity - a.similarity || compareIds(contributions[a.i]!.id, contributions[b.i]!.id));
    const representatives = ranked.slice(0, parameters.representativesPerTheme).map((r) => r.i);
    const quotes: Quote[] = [];
    for (const i of representatives) {
      if (quotes.length >= parameters.quotesPerTheme) break;
      const q = quoteOf(i, centre);
      if (q) quotes.push(q);
    }
    const keywords = keywordsOf(members);
    const label = keywords.length > 0 ? capitalise(keywords.slice(0, LABEL_KEYWORDS).join(', ')) : excerpt(contributions[ranked[0]!.i]!.text);
    return {
      medoidIndex: ranked[0]!.i,
      keywords,
      label,
      representativeIds: representatives.map((i) => contributions[i]!.id),
      quotes,
      districts: spread(members, districtOf, overallDistricts),
      ageBands: spread(members, ageBandOf, overallAgeBands),
      ...stanceSummary(members),
    };
  };

  return { corpus, indexOf, describe, sourceOf };
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('fr') + s.slice(1);
}

/** The start of a text, cut at a word, for a group whose members share no word. */
function excerpt(text: string, max = 60): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 20))}…`;
}

/** Every contribution of a theme, its sub-themes' included. */
export function allMembers(theme: Pick<Theme, 'contributionIds' | 'subThemes'>): string[] {
  return [...theme.contributionIds, ...theme.subThemes.flatMap((s) => allMembers(s))];
}

/**
 * Recomputes what the machine says of a theme from its members (after a person changed them):
 * keywords, representatives, quotes, spreads, stance. A label a person or a model gave is kept.
 */
export function refreshTheme(theme: Theme, describer: Describer): Theme {
  const subThemes = theme.subThemes.map((s) => refreshTheme(s, describer));
  const members = allMembers({ contributionIds: theme.contributionIds, subThemes });
  const indices = members.map((id) => {
    const i = describer.indexOf.get(id);
    if (i === undefined) throw new Error(`Contribution ${id} is not in the corpus`);
    return i;
  });
  if (indices.length === 0) return { ...theme, subThemes, size: 0 };
  const d = describer.describe(indices);
  return {
    ...theme,
    subThemes,
    size: members.length,
    label: theme.labelOrigin === 'keywords' ? d.label : theme.label,
    keywords: d.keywords,
    representativeIds: d.representativeIds,
    quotes: d.quotes,
    districts: d.districts,
    ageBands: d.ageBands,
    majorityStance: d.majorityStance,
    dissent: d.dissent,
  };
}
