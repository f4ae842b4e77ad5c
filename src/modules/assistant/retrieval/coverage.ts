/**
 * Whether the documents speak of what a question names. A question whose words are all known to
 * the index can still be about something the documents never mention: "la carte vitale" when they
 * speak of the identity card, "le meilleur restaurant" when they speak of school catering. The
 * sign is a pair of adjacent words of the question, one known to the index (or to the vocabulary)
 * and one that neither knows (a word of three letters or more, not a number): the pair names a
 * thing of which the documents hold only half.
 * Pure; no parameter.
 */
import type { Analyzer } from './analyzer.js';
import type { QueryTerm } from './lexical-index.js';

/**
 * The first phrase of the question made of two adjacent words (nothing but spaces or a hyphen
 * between them), one known to the index or the vocabulary and one known to neither; null when
 * there is none. `terms` is the query as the index analysed it (`LexicalIndex.queryTerms`): a word
 * it corrected as a typo, or replaced through the vocabulary, is not unknown.
 */
export function uncoveredPhrase(question: string, terms: readonly QueryTerm[], analyzer: Analyzer): string | null {
  const known = new Set<string>();
  const unknown = new Set<string>();
  const courtesy = courtesyTerms(analyzer);
  for (const t of terms) {
    if (t.expanded || t.frame || courtesy.has(t.term)) continue;
    if (t.idf > 0 || t.triggered) known.add(t.term);
    // A number ("QF 800") or a short word names nothing the documents could lack.
    else if (/^\p{L}{3,}$/u.test(t.term)) unknown.add(t.term);
  }
  if (unknown.size === 0 || known.size === 0) return null;
  const tokens = analyzer.tokenize(question);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (!/^[\s-]+$/.test(question.slice(a.end, b.start))) continue;
    if ((unknown.has(a.term) && known.has(b.term)) || (known.has(a.term) && unknown.has(b.term))) return question.slice(a.start, b.end);
  }
  return null;
}

/**
 * Words of courtesy that residents add to a question ("horaires de la mairie merci", "… svp"): they
 * name nothing, so they are never the missing half of a thing. A closed class of the language, not
 * a list fitted to questions.
 */
const COURTESY_WORDS = [
  'bonjour', 'bonsoir', 'salut', 'coucou', 'merci', 'mercis', 'svp', 'stp', 'plait', 'plaît', 'cordialement', 'madame', 'monsieur', 'mesdames', 'messieurs',
  'please', 'thanks', 'thank', 'hello', 'hi', 'hey', 'regards', 'sir', 'madam',
];
const courtesyByAnalyzer = new WeakMap<Analyzer, Set<string>>();

function courtesyTerms(analyzer: Analyzer): Set<string> {
  let terms = courtesyByAnalyzer.get(analyzer);
  if (!terms) {
    terms = new Set([...COURTESY_WORDS.flatMap((w) => analyzer.tokenize(w).map((t) => t.term)), ...COURTESY_WORDS]);
    courtesyByAnalyzer.set(analyzer, terms);
  }
  return terms;
}
