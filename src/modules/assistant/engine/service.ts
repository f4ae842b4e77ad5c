/**
 * The conversation engine shared by every channel (web widget, REST API, webhooks):
 * redact, retrieve, answer or abstain, store, log, audit.
 */
import { createHash, randomUUID } from 'node:crypto';
import { auditAppend, type Actor } from '../../../platform/audit/service';
import { statementsInTransaction } from '../../../platform/db/client';
import { notFound } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import { REDACTION_PLACEHOLDERS, redactPersonalData } from '../../../platform/privacy/redact';
import { getProviderClients } from '../../../platform/providers/openai';
import { AI_PROVIDERS_KEY, type AiProvidersSetting } from '../../../platform/settings/core';
import { CONFIDENCE_FEATURES, DEFAULT_CONFIDENCE_MODEL, type ConfidenceModel } from '../retrieval/confidence';
import {
  findConversationForExchange,
  insertConversation,
  storeExchangeStatement,
  storedConfidence,
  type Channel,
  type ConversationRow,
  type MessageRow,
} from '../conversations/repository';
import { composeAnswer, groupSources, type AbstentionReason, type AnswerBlock, type AnswerSentence, type Citation, type CitedSource, type Suggestion } from './answer';
import type { AnswerType } from '../retrieval/answer-types';
import calibration from './calibration.json' with { type: 'json' };
import { searchQueryFor } from './followup';
import { detectLanguage, type AssistantLanguage } from './language';
import { Retriever, type KnowledgeSource } from './retriever';
import { ANSWERING_KEY, type AnsweringSetting } from './settings';

export const ANSWERS_REGISTER_ID = 'assistant.answers';
export const RETRIEVAL_REGISTER_ID = 'assistant.retrieval';

/** The calibrated model, unless it was computed on features the retrieval code no longer produces. */
export const CONFIDENCE_MODEL: ConfidenceModel =
  calibration.features.every((f, i) => CONFIDENCE_FEATURES[i] === f) && calibration.model.weights.length === calibration.features.length
    ? calibration.model
    : DEFAULT_CONFIDENCE_MODEL;

/** What a resident is told before the first message (the register entry gives the details). */
export const AI_NOTICE: Record<AssistantLanguage, string> = {
  fr: "Vous échangez avec l'assistant automatique de la commune. Ses réponses sont tirées des documents validés par la commune, avec leurs sources ; il peut se tromper et le dit quand il ne sait pas. N'indiquez pas de données personnelles. Vous pouvez à tout moment demander à parler à un agent.",
  en: "You are talking to the commune's automated assistant. Its answers come from documents validated by the commune, with their sources; it can be wrong and says so when it does not know. Do not share personal data. You can ask to talk to a member of staff at any time.",
};

export interface AssistantMessageView {
  id: number;
  decision: 'answered' | 'abstained';
  text: string;
  sentences: AnswerSentence[];
  citations: Citation[];
  confidence: number;
  suggestions: Suggestion[];
  handoffAvailable: boolean;
  language: AssistantLanguage;
  createdAt: string;
  /** The answer as blocks: paragraphs, lists under their label, numbered steps, table rows with their headers (empty for an abstention and for answers stored before blocks existed). */
  blocks: AnswerBlock[];
  /** The cited documents, each listed once with its cited spans. */
  sources: CitedSource[];
  /** What the question was taken to ask for (null for answers stored before it was recorded). */
  answerType: AnswerType | null;
  /** Language of the cited documents; with `quotedInAnotherLanguage`, the client says that the quotes are in that language. */
  sourcesLanguage: string | null;
  quotedInAnotherLanguage: boolean;
  /** Why the assistant abstained (null when it answered, or for abstentions stored before it was recorded). */
  abstentionReason: AbstentionReason | null;
}

/** What is kept in a message's `trace` column besides the citations. */
export interface AnswerTrace {
  sentences: AnswerSentence[];
  suggestions: Suggestion[];
  passages: { id: string; lexical: number; dense: number | null }[];
  retrieval: string;
  /** Absent from answers stored before reranking existed. */
  rerank?: 'off' | 'applied' | 'failed';
  followUp: boolean;
  generation: string;
  generationFailures: string[];
  configVersion: string;
  indexVersion: number;
  /** Absent from answers stored before structured answers existed. */
  blocks?: AnswerBlock[];
  answerType?: AnswerType;
  sourcesLanguage?: string | null;
  quotedInAnotherLanguage?: boolean;
  abstentionReason?: AbstentionReason | null;
}

/**
 * A placeholder with the label a resident writes before it ("tél [téléphone]",
 * "mon mail : [courriel]"): neither says anything about the topic of the question.
 */
const PLACEHOLDERS = new RegExp(
  `(?:\\b(?:t[ée]l[ée]?(?:phone)?|portable|mobile|phone|e-?mail|mail|courriel|adresse|address|iban|rib|n°|num[ée]ro|number)\\.?\\s*:?\\s*)?(?:${Object.values(
    REDACTION_PLACEHOLDERS,
  )
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})`,
  'giu',
);

/** "[courriel]", "[téléphone]"… and their labels say nothing about the topic: they are not searched. */
export function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDERS, ' ').replace(/\s+/g, ' ').trim();
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function asLanguage(value: string | null | undefined): AssistantLanguage {
  return value === 'en' ? 'en' : 'fr';
}

export function messageView(row: MessageRow, handoffAvailable: boolean): AssistantMessageView {
  const trace = (row.trace ?? {}) as Partial<AnswerTrace>;
  return {
    id: row.id,
    decision: row.decision === 'answered' ? 'answered' : 'abstained',
    text: row.text,
    sentences: trace.sentences ?? [],
    citations: (row.citations ?? []) as Citation[],
    confidence: row.confidence ?? 0,
    suggestions: trace.suggestions ?? [],
    handoffAvailable,
    language: asLanguage((row.trace as { language?: string } | null)?.language),
    createdAt: row.createdAt.toISOString(),
    blocks: trace.blocks ?? [],
    sources: groupSources((row.citations ?? []) as Citation[]),
    answerType: trace.answerType ?? null,
    sourcesLanguage: trace.sourcesLanguage ?? null,
    quotedInAnotherLanguage: trace.quotedInAnotherLanguage ?? false,
    abstentionReason: trace.abstentionReason ?? null,
  };
}

export type AssistantEngine = ReturnType<typeof createAssistantEngine>;

export function createAssistantEngine(ctx: AppContext, source: KnowledgeSource) {
  const retriever = new Retriever(ctx.db, source, ctx.log);

  // Settings come from a cache that hands back the same objects until they are reloaded.
  let lastVersion: { answering: AnsweringSetting; providers: AiProvidersSetting; indexVersion: number; version: string } | null = null;

  async function configVersion(answering: AnsweringSetting, indexVersion: number): Promise<string> {
    const providers = await ctx.settings.get<AiProvidersSetting>(AI_PROVIDERS_KEY);
    if (lastVersion && lastVersion.answering === answering && lastVersion.providers === providers && lastVersion.indexVersion === indexVersion) {
      return lastVersion.version;
    }
    const version = computeConfigVersion(answering, providers, indexVersion);
    lastVersion = { answering, providers, indexVersion, version };
    return version;
  }

  function computeConfigVersion(answering: AnsweringSetting, providers: AiProvidersSetting, indexVersion: number): string {
    const strip = (p: AiProvidersSetting['generation']) => ({ enabled: p.enabled, baseUrl: p.baseUrl, model: p.model });
    return sha256(
      JSON.stringify({
        answering,
        generation: strip(providers.generation),
        embeddings: strip(providers.embeddings),
        ...(providers.reranking.enabled ? { reranking: strip(providers.reranking) } : {}),
        confidence: CONFIDENCE_MODEL,
        indexVersion,
      }),
    ).slice(0, 16);
  }

  async function startConversation(input: { channel: Channel; language?: string | undefined; externalRef?: string | null }): Promise<ConversationRow> {
    return insertConversation(ctx.db, {
      id: randomUUID(),
      channel: input.channel,
      language: asLanguage(input.language),
      externalRef: input.externalRef ?? null,
    });
  }

  /**
   * Answers one question in a conversation. The question is redacted before anything else:
   * only the redacted text is searched, sent to a provider, stored, logged and digested.
   */
  async function ask(input: { conversationId: string; text: string; language?: string | undefined; actor: Actor }): Promise<AssistantMessageView> {
    const found = await findConversationForExchange(ctx.db, input.conversationId);
    if (!found) throw notFound('Conversation');
    const { conversation, lastQuestion, ids } = found;
    const question = redactPersonalData(input.text.trim()).text;
    const language: AssistantLanguage = input.language ? asLanguage(input.language) : detectLanguage(question);
    const { query, followUp } = searchQueryFor(withoutPlaceholders(question), lastQuestion === null ? null : withoutPlaceholders(lastQuestion));

    const [answering, providers] = await Promise.all([ctx.settings.get<AnsweringSetting>(ANSWERING_KEY), getProviderClients(ctx)]);
    const retrieval = await retriever.retrieve(query, {
      confidenceModel: CONFIDENCE_MODEL,
      embeddings: providers.embeddings,
      reranker: providers.reranking,
      // The knowledge base is analysed as French: a question written in English is searched as foreign to it.
      foreign: detectLanguage(query) === 'en',
    });
    const snapshot = retrieval.snapshot;
    const answer = await composeAnswer({
      question,
      searchQuery: query,
      language,
      ranked: retrieval.passages,
      confidence: retrieval.confidence,
      threshold: answering.abstentionThreshold,
      idf: (t) => snapshot.index.idf(t),
      queryTerms: retrieval.lexical.terms,
      versionPassages: (versionId) => snapshot.versionPassages(versionId),
      sourceUrls: [...snapshot.documents.values()].map((d) => d.sourceUrl),
      generation: providers.generation,
      handoffAvailable: answering.handoffEnabled,
      ...(followUp && lastQuestion !== null ? { conversationSummary: lastQuestion } : {}),
    });
    const version = await configVersion(answering, retrieval.indexVersion);
    const trace: AnswerTrace & { language: AssistantLanguage } = {
      sentences: answer.sentences,
      suggestions: answer.suggestions,
      passages: retrieval.passages.slice(0, 10).map((r) => ({ id: r.passage.id, lexical: r.lexicalScore, dense: r.denseScore })),
      retrieval: retrieval.mode,
      rerank: retrieval.rerank,
      followUp,
      generation: answer.generation,
      generationFailures: answer.generationFailures,
      configVersion: version,
      indexVersion: retrieval.indexVersion,
      language,
      blocks: answer.blocks,
      answerType: answer.answerType,
      sourcesLanguage: answer.sourcesLanguage,
      quotedInAnotherLanguage: answer.quotedInAnotherLanguage,
      abstentionReason: answer.abstentionReason,
    };

    const now = new Date();
    const audit = auditAppend(input.actor, {
      action: 'assistant.answer',
      subjectType: 'assistant_message',
      subjectId: ids.answerId,
      after: {
        questionDigest: sha256(question),
        passageIds: answer.passageIds,
        configVersion: version,
        decision: answer.decision,
        generation: answer.generation,
        retrieval: retrieval.mode,
        rerank: retrieval.rerank,
      },
    });
    // The exchange and its audit event commit together; the first statement takes the chain lock.
    const [stored, audited] = await statementsInTransaction(ctx.db, [
      storeExchangeStatement(
        {
          conversationId: conversation.id,
          channel: conversation.channel,
          language,
          question,
          answer: answer.text,
          decision: answer.decision,
          confidence: answer.confidence,
          citations: answer.citations,
          trace,
          topDocumentId: answer.citations[0]?.documentId ?? null,
          generation: answer.generation,
          retrieval: retrieval.mode,
          at: now,
        },
        ids,
      ),
      audit.statement,
    ]);
    audit.check(audited!);
    const row: MessageRow = {
      id: ids.answerId,
      conversationId: conversation.id,
      role: 'assistant',
      text: answer.text,
      decision: answer.decision,
      confidence: storedConfidence(stored!),
      citations: answer.citations,
      trace,
      createdAt: now,
    };
    return messageView(row, answering.handoffEnabled);
  }

  return { retriever, startConversation, ask, configVersion };
}
