/**
 * Turns a retrieval into what the resident sees: an extractive answer (verbatim sentences,
 * each with a numbered citation of its span in the source document), a generated answer that
 * passed the answer check, or an honest abstention with the closest documents.
 */
import { describeProviderError, type ChatMessage, type GenerationClient } from '../../../platform/providers/openai';
import { checkAnswer, stripCitations } from '../answer-check';
import { buildAnswerMessages, NO_ANSWER_TOKEN } from '../prompt';
import { buildExtractiveAnswer } from '../retrieval/extractive';
import { frenchAnalyzer } from '../retrieval/analyzer';
import type { AssistantLanguage } from './language';
import { addressesAnAssistant, allowedLinkDomains, isQuotable } from './injection-guard';
import type { RankedPassage } from './snapshot';

export interface Citation {
  n: number;
  passageId: string;
  documentId: string;
  /** The document version whose body the offsets refer to. */
  versionId: string;
  title: string;
  sourceUrl: string | null;
  /** Span in the document version's body that the UI highlights. */
  start: number;
  end: number;
}

export interface AnswerSentence {
  text: string;
  citations: number[];
}

export interface Suggestion {
  documentId: string;
  title: string;
  sourceUrl: string | null;
}

export type GenerationOutcome = 'none' | 'accepted' | 'rejected' | 'no_answer' | 'error';

export interface ComposedAnswer {
  decision: 'answered' | 'abstained';
  text: string;
  sentences: AnswerSentence[];
  citations: Citation[];
  confidence: number;
  suggestions: Suggestion[];
  generation: GenerationOutcome;
  /** Why a generated answer was replaced by the extractive one. */
  generationFailures: string[];
  /** Passages the answer rests on (cited), for the audit. */
  passageIds: string[];
}

/** Passages the extractive answer draws sentences from. */
const EXTRACTIVE_PASSAGES = 3;
/** Passages given to the generation model. */
const GENERATION_PASSAGES = 5;
const MAX_SUGGESTIONS = 3;
/** A passage of another document than the best one is quoted only when it scores this close to it. */
const OTHER_DOCUMENT_SHARE = 0.9;

const ABSTENTION_TEXT: Record<AssistantLanguage, string> = {
  fr: 'Je ne sais pas répondre à cette question à partir des documents de la commune. Voici les documents les plus proches ; vous pouvez aussi transmettre votre question à un agent.',
  en: "I don't know the answer to this question from the commune's documents. Here are the closest documents; you can also pass your question on to a member of staff.",
};

export function abstentionText(language: AssistantLanguage): string {
  return ABSTENTION_TEXT[language];
}

function suggestionsFrom(ranked: readonly RankedPassage[], exclude: ReadonlySet<string> = new Set()): Suggestion[] {
  const out: Suggestion[] = [];
  const seen = new Set(exclude);
  for (const r of ranked) {
    if (seen.has(r.passage.documentId)) continue;
    seen.add(r.passage.documentId);
    out.push({ documentId: r.passage.documentId, title: r.passage.documentTitle, sourceUrl: r.passage.sourceUrl });
    if (out.length >= MAX_SUGGESTIONS) break;
  }
  return out;
}

function renderText(sentences: readonly AnswerSentence[]): string {
  return sentences.map((s) => `${s.text}${s.citations.map((n) => ` [${n}]`).join('')}`).join('\n');
}

export interface ComposeInput {
  /** The redacted question as asked. */
  question: string;
  /** What was searched (the question, plus the previous one for a follow-up). */
  searchQuery: string;
  language: AssistantLanguage;
  ranked: readonly RankedPassage[];
  confidence: number;
  threshold: number;
  idf: (term: string) => number;
  /** The searched query as the index analysed it, vocabulary expansions included (retrieval's `lexical.terms`). */
  queryTerms?: readonly { term: string; weight: number; idf: number }[];
  /** Every source URL of the knowledge base: their sites are the links answers may carry. */
  sourceUrls: Iterable<string | null>;
  generation: GenerationClient | null;
  /** The previous question, for the model to understand a follow-up (redacted). */
  conversationSummary?: string;
}

export function extractiveAnswer(input: ComposeInput, allowed: readonly string[]): Omit<ComposedAnswer, 'confidence' | 'generation' | 'generationFailures'> | null {
  // An answer quotes the best document; another document only when it ranks nearly as well,
  // so that a follow-up's inherited terms do not pull in unrelated sentences. "As well" is
  // measured against the best lexical score of all, not the first passage's: a reranker or the
  // dense ranking may put first a passage of low lexical score, which must not lower the bar.
  const top = input.ranked[0];
  const bestLexical = input.ranked.reduce((m, r) => Math.max(m, r.lexicalScore), 0);
  const usable = input.ranked
    .filter((r) => r === top || r.passage.documentId === top?.passage.documentId || (bestLexical > 0 && r.lexicalScore >= OTHER_DOCUMENT_SHARE * bestLexical))
    .slice(0, EXTRACTIVE_PASSAGES);
  const byId = new Map(usable.map((r) => [r.passage.id, r.passage]));
  const extract = buildExtractiveAnswer(
    input.searchQuery,
    usable.map((r) => ({ id: r.passage.id, text: r.passage.text, start: r.passage.start, heading: r.passage.heading, title: r.passage.documentTitle })),
    { idf: input.idf, analyzer: frenchAnalyzer, maxSentences: 6, ...(input.queryTerms ? { queryTerms: input.queryTerms } : {}) },
  );
  const kept = extract.sentences.filter((s) => isQuotable(s.text, allowed)).slice(0, 3);
  if (kept.length === 0) return null;
  const citations: Citation[] = kept.map((s, i) => {
    const p = byId.get(s.passageId)!;
    return { n: i + 1, passageId: p.id, documentId: p.documentId, versionId: p.versionId, title: p.documentTitle, sourceUrl: p.sourceUrl, start: s.start, end: s.end };
  });
  const sentences = kept.map((s, i) => ({ text: s.text, citations: [i + 1] }));
  const cited = new Set(citations.map((c) => c.documentId));
  return {
    decision: 'answered',
    text: renderText(sentences),
    sentences,
    citations,
    suggestions: suggestionsFrom(input.ranked, cited),
    passageIds: [...new Set(citations.map((c) => c.passageId))],
  };
}

type Generated =
  | { outcome: 'accepted'; answer: Omit<ComposedAnswer, 'confidence' | 'generation' | 'generationFailures'> }
  | { outcome: 'rejected' | 'no_answer' | 'error'; failures: string[] };

async function generatedAnswer(input: ComposeInput, allowed: readonly string[]): Promise<Generated> {
  // Passages that talk to an AI are not even shown to the model.
  const passages = input.ranked
    .filter((r) => !addressesAnAssistant(r.passage.text))
    .slice(0, GENERATION_PASSAGES)
    .map((r) => r.passage);
  let reply: string;
  try {
    const messages: ChatMessage[] = buildAnswerMessages({
      question: input.question,
      passages: passages.map((p) => ({ title: p.documentTitle, text: p.text })),
      language: input.language,
      ...(input.conversationSummary ? { conversationSummary: input.conversationSummary } : {}),
    });
    reply = (await input.generation!.complete(messages, { temperature: 0, maxTokens: 600 })).trim();
  } catch (err) {
    return { outcome: 'error', failures: [describeProviderError(err)] };
  }
  if (reply === NO_ANSWER_TOKEN || reply.startsWith(NO_ANSWER_TOKEN)) return { outcome: 'no_answer', failures: [] };
  const check = checkAnswer(reply, passages.map((p) => ({ id: p.id, text: p.text })));
  const failures = check.failures.map((f) => `${f.kind}: ${f.detail}`);
  check.sentences.forEach((s, i) => {
    if (!isQuotable(s.text, allowed)) failures.push(`unquotable_sentence: sentence ${i} links outside allowed sites or addresses an AI`);
  });
  if (!check.ok || failures.length) return { outcome: 'rejected', failures };

  // Renumber the model's [k] in order of first use, one citation per cited passage.
  const numberOf = new Map<number, number>();
  const citations: Citation[] = [];
  const sentences: AnswerSentence[] = [];
  for (const s of check.sentences) {
    const text = stripCitations(s.text).trim();
    if (!text) continue;
    const ns = s.citations.map((k) => {
      let n = numberOf.get(k);
      if (n === undefined) {
        const p = passages[k - 1]!;
        n = citations.length + 1;
        numberOf.set(k, n);
        citations.push({ n, passageId: p.id, documentId: p.documentId, versionId: p.versionId, title: p.documentTitle, sourceUrl: p.sourceUrl, start: p.start, end: p.end });
      }
      return n;
    });
    sentences.push({ text, citations: ns });
  }
  const cited = new Set(citations.map((c) => c.documentId));
  return {
    outcome: 'accepted',
    answer: {
      decision: 'answered',
      text: renderText(sentences),
      sentences,
      citations,
      suggestions: suggestionsFrom(input.ranked, cited),
      passageIds: citations.map((c) => c.passageId),
    },
  };
}

export async function composeAnswer(input: ComposeInput): Promise<ComposedAnswer> {
  const allowed = allowedLinkDomains(input.sourceUrls);
  const abstain = (generation: GenerationOutcome = 'none', generationFailures: string[] = []): ComposedAnswer => ({
    decision: 'abstained',
    text: abstentionText(input.language),
    sentences: [],
    citations: [],
    confidence: input.confidence,
    suggestions: suggestionsFrom(input.ranked),
    generation,
    generationFailures,
    passageIds: [],
  });
  if (input.ranked.length === 0 || input.confidence < input.threshold) return abstain();

  let generation: GenerationOutcome = 'none';
  let generationFailures: string[] = [];
  if (input.generation) {
    const g = await generatedAnswer(input, allowed);
    if (g.outcome === 'accepted') return { ...g.answer, confidence: input.confidence, generation: 'accepted', generationFailures: [] };
    generation = g.outcome;
    generationFailures = g.failures;
  }
  const extractive = extractiveAnswer(input, allowed);
  if (!extractive) return abstain(generation, generationFailures);
  return { ...extractive, confidence: input.confidence, generation, generationFailures };
}
