/**
 * Multi-turn retrieval: a follow-up question ("et le samedi ?", "combien ça coûte ?",
 * "what about Saturday?") does not name its topic; it inherits the previous question's.
 * A question that names a topic of its own ("et peut-on adopter un lama ?") is a new topic,
 * even when it opens with "et": inheriting would search it with the previous topic's words.
 */
import { frenchAnalyzer } from '../retrieval/analyzer';
import { ENGLISH_FUNCTION_WORDS } from '../retrieval/lexical-index';

/** Pronouns and openers that refer back to what was said before. */
const ANAPHORA =
  /^(et|mais|alors|donc|aussi|and|but|what about|how about|also)\b|\b(ça|cela|ceci|celui-ci|celle-ci|le même|la même|y|en|it|its|this|that|they|them|those|there)\b/iu;

/**
 * Words that ask about an aspect of a topic (when, where, how much, for whom, which papers…)
 * rather than name one: a question made only of them is elliptic.
 */
const ASPECT_WORDS =
  'lundi mardi mercredi jeudi vendredi samedi dimanche week-end weekend jour jours férié matin soir midi nuit heure heures horaires ouvert ' +
  'ouverture fermé fermeture quand date délai délais temps durée long longtemps prix tarif tarifs coût coûte payer payant gratuit euros cher ' +
  'où adresse lieu endroit loin téléphone contact joindre enfant enfants bébé adulte adultes senior seniors étudiant étudiants mineur moi ' +
  'papiers pièces documents justificatif justificatifs dossier fournir faut falloir obligatoire possible réserver réservation rendez-vous ' +
  'rdv prendre inscrire inscription demande demander ligne internet aussi encore autre autres même pareil ' +
  'monday tuesday wednesday thursday friday saturday sunday weekend morning evening night hours open opening closed price cost free ' +
  'children child kids adults papers documents online booking book appointment';

const ASPECT_TERMS: ReadonlySet<string> = new Set(frenchAnalyzer.analyze(ASPECT_WORDS));

/** A question with more content terms than this is never taken as elliptic. */
const SHORT_QUESTION_TERMS = 3;

export function looksLikeFollowUp(question: string): boolean {
  const terms = frenchAnalyzer
    .tokenize(question)
    .filter((t) => !ENGLISH_FUNCTION_WORDS.has(t.form))
    .map((t) => t.term);
  if (terms.length === 0) return true;
  if (terms.length > SHORT_QUESTION_TERMS) return false;
  const topical = terms.filter((t) => !ASPECT_TERMS.has(t)).length;
  if (topical === 0) return true;
  // An opener or a pronoun refers back, unless the question brings a topic of its own.
  return topical <= 1 && terms.length <= 2 && ANAPHORA.test(question.trim());
}

/**
 * The text to search for a question, given the previous question of the conversation.
 * The current question is repeated so that its terms weigh twice the inherited ones:
 * the lexical index counts a repeated term as a higher query weight.
 */
export function searchQueryFor(question: string, previousQuestion: string | null): { query: string; followUp: boolean } {
  if (!previousQuestion || !looksLikeFollowUp(question)) return { query: question, followUp: false };
  return { query: `${question} ${question} ${previousQuestion}`, followUp: true };
}
