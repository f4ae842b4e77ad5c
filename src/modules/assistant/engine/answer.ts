/**
 * Turns a retrieval into what the resident sees: an extractive answer (verbatim sentences,
 * each with a numbered citation of its span in the source document), a generated answer that
 * passed the answer check, or an honest abstention with the closest documents.
 */
import { describeProviderError, type ChatMessage, type GenerationClient } from '../../../platform/providers/openai';
import { checkAnswer, stripCitations } from '../answer-check';
import { buildAnswerMessages, NO_ANSWER_TOKEN } from '../prompt';
import { buildExtractiveAnswer, type AnswerSentence as ExtractedUnit } from '../retrieval/extractive';
import { frenchAnalyzer } from '../retrieval/analyzer';
import { uncoveredPhrase } from '../retrieval/coverage';
import type { QueryTerm } from '../retrieval/lexical-index';
import { CHECKABLE_TYPES, detectAnswerType, type AnswerType } from '../retrieval/answer-types';
import type { AssistantLanguage } from './language';
import { addressesAnAssistant, allowedLinkDomains, isQuotable } from './injection-guard';
import type { SearchablePassage } from '../knowledge/types';
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

/**
 * The answer as structured blocks, for a client that renders lists as lists and tables as tables.
 * Each item carries its citation numbers; the flat `sentences` hold the same units in order.
 */
export type AnswerBlock =
  | { kind: 'paragraph'; sentences: AnswerSentence[] }
  | { kind: 'list' | 'steps'; label: string | null; items: AnswerSentence[] }
  | { kind: 'table'; label: string | null; header: string[]; rows: { cells: string[]; citations: number[] }[] };

/** One cited document, listed once with the spans its citations point to. */
export interface CitedSource {
  documentId: string;
  versionId: string;
  title: string;
  sourceUrl: string | null;
  /** Citation numbers pointing into this document, in order. */
  citations: number[];
  spans: { n: number; start: number; end: number }[];
}

/**
 * Why the assistant did not answer: nothing matched, the question names something the documents
 * hold only half of ("carte vitale" where they speak only of other cards: `uncoveredPhrase`), too little confidence, the quotes lack what
 * the question asks for (a time, an amount…), or nothing could be quoted.
 */
export type AbstentionReason = 'no_match' | 'not_covered' | 'low_confidence' | 'type_missing' | 'nothing_quotable';

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
  /** The answer as blocks (paragraphs, lists, steps, tables); empty for an abstention. */
  blocks: AnswerBlock[];
  /** The cited documents, each once, with its cited spans. */
  sources: CitedSource[];
  /** What the question was taken to ask for. */
  answerType: AnswerType;
  /** Language of the cited documents (null when nothing is cited). */
  sourcesLanguage: string | null;
  /** The answer quotes documents written in another language than the question's (an English question answered from French documents). */
  quotedInAnotherLanguage: boolean;
  /** Why the assistant abstained (null when it answered). */
  abstentionReason: AbstentionReason | null;
}

/** Ranked passages handed to the extractive answer, which keeps the few it quotes from. */
const EXTRACTIVE_CANDIDATES = 10;
/** Passages given to the generation model. */
const GENERATION_PASSAGES = 5;
const MAX_SUGGESTIONS = 3;
/** A passage of another document than the best one is quoted only when it scores this close to it. */
const OTHER_DOCUMENT_SHARE = 0.9;
/** Units quoted at most (a list of documents to bring, the steps of a procedure). */
const MAX_UNITS = 8;
/** The confidence reported for an answer withheld because its quotes lack what the question asks for, is this share of the retrieval's. */
const WITHHELD_CONFIDENCE_FACTOR = 0.5;

/** The abstention says only what is true: closest documents when there are some, a person when hand-off is on. */
const ABSTENTION_TEXT: Record<AssistantLanguage, Record<'suggestions' | 'none', Record<'handoff' | 'alone', string>>> = {
  fr: {
    suggestions: {
      handoff:
        'Je ne sais pas répondre à cette question à partir des documents de la commune. Voici les documents les plus proches ; vous pouvez aussi transmettre votre question à un agent.',
      alone: 'Je ne sais pas répondre à cette question à partir des documents de la commune. Voici les documents les plus proches.',
    },
    none: {
      handoff: 'Je ne sais pas répondre à cette question : aucun document de la commune ne correspond. Vous pouvez transmettre votre question à un agent.',
      alone: 'Je ne sais pas répondre à cette question : aucun document de la commune ne correspond.',
    },
  },
  en: {
    suggestions: {
      handoff:
        "I don't know the answer to this question from the commune's documents. Here are the closest documents; you can also pass your question on to a member of staff.",
      alone: "I don't know the answer to this question from the commune's documents. Here are the closest documents.",
    },
    none: {
      handoff: "I don't know the answer to this question: none of the commune's documents matches it. You can pass your question on to a member of staff.",
      alone: "I don't know the answer to this question: none of the commune's documents matches it.",
    },
  },
};

export function abstentionText(language: AssistantLanguage, opts: { suggestions?: boolean; handoff?: boolean } = {}): string {
  return ABSTENTION_TEXT[language][opts.suggestions === false ? 'none' : 'suggestions'][opts.handoff === false ? 'alone' : 'handoff'];
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

const marks = (citations: readonly number[]): string => citations.map((n) => ` [${n}]`).join('');

function renderText(sentences: readonly AnswerSentence[]): string {
  return sentences.map((s) => `${s.text}${marks(s.citations)}`).join('\n');
}

/** Plain text of blocks: a list under its label as "- " lines, steps numbered, a table row by row with its headers. */
export function renderBlocksText(blocks: readonly AnswerBlock[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(renderText(b.sentences));
    else if (b.kind === 'table') {
      const lines = b.rows.map((r) => `- ${r.cells.map((c, i) => (b.header[i] ? `${b.header[i]} : ${c}` : c)).filter((c) => c.trim()).join(' ; ')}${marks(r.citations)}`);
      out.push([...(b.label ? [`${b.label} :`] : []), ...lines].join('\n'));
    } else {
      const lines = b.items.map((it, i) => `${b.kind === 'steps' ? `${i + 1}.` : '-'} ${it.text}${marks(it.citations)}`);
      out.push([...(b.label ? [`${b.label} :`] : []), ...lines].join('\n'));
    }
  }
  return out.join('\n');
}

/** Consecutive units of one list or table make one block; prose units make paragraphs. */
function blocksOf(units: readonly ExtractedUnit[], numbers: readonly number[]): AnswerBlock[] {
  const blocks: AnswerBlock[] = [];
  let group: string | null = null;
  units.forEach((u, i) => {
    const n = numbers[i] as number;
    const last = blocks[blocks.length - 1];
    if (u.group === null) {
      if (last?.kind === 'paragraph' && group === null) last.sentences.push({ text: u.display, citations: [n] });
      else blocks.push({ kind: 'paragraph', sentences: [{ text: u.display, citations: [n] }] });
      group = null;
      return;
    }
    if (u.group !== group || !last || last.kind === 'paragraph') {
      blocks.push(
        u.kind === 'row'
          ? { kind: 'table', label: u.label, header: u.header ?? [], rows: [] }
          : { kind: u.kind === 'step' ? 'steps' : 'list', label: u.label, items: [] },
      );
      group = u.group;
    }
    const b = blocks[blocks.length - 1] as AnswerBlock;
    // Inside a block the label is the block's, not repeated on its first item.
    const text = u.kind === 'row' ? u.display : u.display.slice(u.label && u.display.startsWith(`${u.label} — `) ? u.label.length + 3 : 0);
    if (b.kind === 'table') b.rows.push({ cells: u.cells ?? [text], citations: [n] });
    else if (b.kind !== 'paragraph') b.items.push({ text, citations: [n] });
  });
  return blocks;
}

/** Citations grouped by document, in order of first citation. */
export function groupSources(citations: readonly Citation[]): CitedSource[] {
  const byDocument = new Map<string, CitedSource>();
  for (const c of citations) {
    let s = byDocument.get(c.documentId);
    if (!s) {
      s = { documentId: c.documentId, versionId: c.versionId, title: c.title, sourceUrl: c.sourceUrl, citations: [], spans: [] };
      byDocument.set(c.documentId, s);
    }
    s.citations.push(c.n);
    s.spans.push({ n: c.n, start: c.start, end: c.end });
  }
  return [...byDocument.values()];
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
  queryTerms?: readonly QueryTerm[];
  /**
   * The passages of a document version, in document order: the answer may quote the section of
   * the best document whose heading announces what the question asks for ("Comment signaler ?",
   * "Dans quel délai ?") though the search did not rank it.
   */
  versionPassages?: (versionId: string) => readonly SearchablePassage[];
  /** Every source URL of the knowledge base: their sites are the links answers may carry. */
  sourceUrls: Iterable<string | null>;
  generation: GenerationClient | null;
  /** The previous question, for the model to understand a follow-up (redacted). */
  conversationSummary?: string;
  /** Whether the resident can hand the question to a person (the abstention offers it only then); default true. */
  handoffAvailable?: boolean;
}

type Answered = Omit<ComposedAnswer, 'confidence' | 'generation' | 'generationFailures' | 'answerType' | 'abstentionReason'>;

export function extractiveAnswer(
  input: ComposeInput,
  allowed: readonly string[],
): { answer: Answered | null; answerType: AnswerType; typeFound: boolean } {
  // An answer quotes the best document; another document only when it ranks nearly as well
  // (buildExtractiveAnswer's `otherDocumentShare`), so that a follow-up's inherited terms do not
  // pull in unrelated sentences.
  const candidates = input.ranked.slice(0, EXTRACTIVE_CANDIDATES);
  const top = candidates[0]?.passage;
  const sections = top && input.versionPassages ? input.versionPassages(top.versionId) : [];
  const byId = new Map([...sections, ...candidates.map((r) => r.passage)].map((p) => [p.id, p]));
  const asExtractive = (p: SearchablePassage, score?: number) => ({
    id: p.id,
    text: p.text,
    start: p.start,
    heading: p.heading,
    title: p.documentTitle,
    documentId: p.documentId,
    ...(score === undefined ? {} : { score }),
  });
  const extract = buildExtractiveAnswer(
    input.searchQuery,
    candidates.map((r) => asExtractive(r.passage, r.lexicalScore)),
    {
      idf: input.idf,
      analyzer: frenchAnalyzer,
      otherDocumentShare: OTHER_DOCUMENT_SHARE,
      ...(input.queryTerms ? { queryTerms: input.queryTerms } : {}),
      ...(sections.length ? { sections: sections.map((p) => asExtractive(p)) } : {}),
    },
  );
  const kept = extract.sentences.filter((s) => isQuotable(s.text, allowed)).slice(0, MAX_UNITS);
  const typeFound = !CHECKABLE_TYPES.has(extract.answerType) || kept.some((s) => s.typeEvidence >= 1);
  if (kept.length === 0) return { answer: null, answerType: extract.answerType, typeFound };
  const citations: Citation[] = kept.map((s, i) => {
    const p = byId.get(s.passageId)!;
    return { n: i + 1, passageId: p.id, documentId: p.documentId, versionId: p.versionId, title: p.documentTitle, sourceUrl: p.sourceUrl, start: s.start, end: s.end };
  });
  const sentences = kept.map((s, i) => ({ text: s.display, citations: [i + 1] }));
  const blocks = blocksOf(
    kept,
    kept.map((_, i) => i + 1),
  );
  const cited = new Set(citations.map((c) => c.documentId));
  const sourcesLanguage = byId.get(kept[0]!.passageId)?.language ?? null;
  return {
    answer: {
      decision: 'answered',
      text: renderBlocksText(blocks),
      sentences,
      citations,
      suggestions: suggestionsFrom(input.ranked, cited),
      passageIds: [...new Set(citations.map((c) => c.passageId))],
      blocks,
      sources: groupSources(citations),
      sourcesLanguage,
      quotedInAnotherLanguage: sourcesLanguage !== null && sourcesLanguage !== input.language,
    },
    answerType: extract.answerType,
    typeFound,
  };
}

type Generated =
  | { outcome: 'accepted'; answer: Answered }
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
  const sourcesLanguage = passages.find((p) => p.id === citations[0]?.passageId)?.language ?? null;
  return {
    outcome: 'accepted',
    answer: {
      decision: 'answered',
      text: renderText(sentences),
      sentences,
      citations,
      suggestions: suggestionsFrom(input.ranked, cited),
      passageIds: citations.map((c) => c.passageId),
      blocks: sentences.length ? [{ kind: 'paragraph', sentences }] : [],
      sources: groupSources(citations),
      sourcesLanguage,
      // The model writes in the question's language (prompt.ts).
      quotedInAnotherLanguage: false,
    },
  };
}

export async function composeAnswer(input: ComposeInput): Promise<ComposedAnswer> {
  const allowed = allowedLinkDomains(input.sourceUrls);
  const answerTypeOf = (): AnswerType => extractive?.answerType ?? detectAnswerType(input.searchQuery);
  let extractive: ReturnType<typeof extractiveAnswer> | null = null;
  const abstain = (reason: AbstentionReason, generation: GenerationOutcome = 'none', generationFailures: string[] = [], confidence = input.confidence): ComposedAnswer => {
    const suggestions = suggestionsFrom(input.ranked);
    return {
      decision: 'abstained',
      text: abstentionText(input.language, { suggestions: suggestions.length > 0, handoff: input.handoffAvailable !== false }),
      sentences: [],
      citations: [],
      confidence,
      suggestions,
      generation,
      generationFailures,
      passageIds: [],
      blocks: [],
      sources: [],
      answerType: answerTypeOf(),
      sourcesLanguage: null,
      quotedInAnotherLanguage: false,
      abstentionReason: reason,
    };
  };
  if (input.ranked.length === 0) return abstain('no_match');
  // "La carte vitale", "le meilleur restaurant": the documents know one word of the pair and not the other.
  if (input.queryTerms && uncoveredPhrase(input.searchQuery, input.queryTerms, frenchAnalyzer) !== null) return abstain('not_covered');
  if (input.confidence < input.threshold) return abstain('low_confidence');

  let generation: GenerationOutcome = 'none';
  let generationFailures: string[] = [];
  if (input.generation) {
    const g = await generatedAnswer(input, allowed);
    if (g.outcome === 'accepted') {
      return { ...g.answer, confidence: input.confidence, generation: 'accepted', generationFailures: [], answerType: answerTypeOf(), abstentionReason: null };
    }
    generation = g.outcome;
    generationFailures = g.failures;
  }
  extractive = extractiveAnswer(input, allowed);
  // A question asking for a time, a date, an amount… whose quotes hold none is not answered with confidence.
  if (!extractive.typeFound) return abstain('type_missing', generation, generationFailures, input.confidence * WITHHELD_CONFIDENCE_FACTOR);
  if (!extractive.answer) return abstain('nothing_quotable', generation, generationFailures);
  return { ...extractive.answer, confidence: input.confidence, generation, generationFailures, answerType: extractive.answerType, abstentionReason: null };
}
