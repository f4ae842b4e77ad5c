/**
 * Multi-turn retrieval: a follow-up question ("et le samedi ?", "combien ça coûte ?",
 * "what about Saturday?") does not name its topic; it inherits the previous question's.
 */
import { frenchAnalyzer } from '../retrieval/analyzer';

/** Pronouns and openers that refer back to what was said before. */
const ANAPHORA =
  /^(et|mais|alors|donc|aussi|and|but|what about|how about|also)\b|\b(ça|cela|ceci|celui-ci|celle-ci|le même|la même|y|en|it|its|this|that|they|them|those|there)\b/iu;

/** A question with this few content terms is taken as elliptic. */
const SHORT_QUESTION_TERMS = 3;

export function looksLikeFollowUp(question: string): boolean {
  const terms = frenchAnalyzer.analyze(question);
  if (terms.length === 0) return true;
  if (terms.length <= SHORT_QUESTION_TERMS && ANAPHORA.test(question.trim())) return true;
  return terms.length <= 1;
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
