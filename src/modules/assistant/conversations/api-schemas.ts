/**
 * The assistant's conversation API in zod: residents' conversations, feedback, hand-off and
 * tickets, the agents' inbox, the dashboard and the calibration. The routes validate and answer
 * with these; the SPA and the widget read their types. Pure: zod and the shared text type only.
 */
import { z } from 'zod';
import { email, line, paragraph } from '../../../platform/validation/text';

export const MAX_QUESTION_CHARS = 2000;

/** What a resident may say of an answer: the first three with a thumbs up, the others with a thumbs down. */
export const FEEDBACK_TAGS_POSITIVE = ['clear', 'complete', 'reliable_sources'] as const;
export const FEEDBACK_TAGS_NEGATIVE = ['wrong', 'missing_sources', 'too_long', 'out_of_date'] as const;
export const FEEDBACK_TAGS = [...FEEDBACK_TAGS_POSITIVE, ...FEEDBACK_TAGS_NEGATIVE] as const;
export type FeedbackTag = (typeof FEEDBACK_TAGS)[number];

/** A resident's question, from the widget, the webhook or WhatsApp: it may run over several lines. */
export const questionText = paragraph(MAX_QUESTION_CHARS);

export const languageSchema = z.enum(['fr', 'en']);

export const citationSchema = z.object({
  n: z.number().int(),
  passageId: z.string(),
  documentId: z.string(),
  versionId: z.string().describe('Version whose body the offsets refer to'),
  title: z.string(),
  sourceUrl: z.string().nullable(),
  start: z.number().int().describe('Start of the cited span in the document version body (GET /api/assistant/documents/:id)'),
  end: z.number().int(),
});

export const suggestionSchema = z.object({ documentId: z.string(), title: z.string(), sourceUrl: z.string().nullable() });

export const assistantMessageSchema = z.object({
  id: z.number().int(),
  decision: z.enum(['answered', 'abstained']),
  text: z.string().describe('Plain text with [n] citation markers'),
  sentences: z.array(z.object({ text: z.string(), citations: z.array(z.number().int()) })),
  citations: z.array(citationSchema),
  confidence: z.number(),
  suggestions: z.array(suggestionSchema).describe('Closest documents (offered with an abstention)'),
  handoffAvailable: z.boolean(),
  language: languageSchema,
  createdAt: z.string(),
});

export const noticeSchema = z.object({
  registerEntryId: z.string().describe('Entry of GET /api/register describing the assistant'),
  text: z.string(),
});

export const transcriptSchema = z.object({
  id: z.string().uuid(),
  language: languageSchema,
  createdAt: z.string(),
  handedOff: z.boolean(),
  notice: noticeSchema,
  messages: z.array(
    z.union([
      z.object({ role: z.literal('user'), id: z.number().int(), text: z.string(), createdAt: z.string() }),
      assistantMessageSchema.extend({ role: z.literal('assistant') }),
      z.object({ role: z.literal('system'), id: z.number().int(), text: z.string(), createdAt: z.string() }),
    ]),
  ),
});

export const feedbackBody = z.strictObject({
  helpful: z.boolean(),
  tags: z.array(z.enum(FEEDBACK_TAGS)).max(FEEDBACK_TAGS.length).default([]),
  comment: paragraph(2000, { min: 0 }).optional(),
});

export const handoffBody = z.strictObject({
  contactEmail: email(320).optional(),
  message: paragraph(4000).optional(),
  /** Why the resident wants an agent, as they state or confirm it; by default the question the assistant could not answer (else the last one asked). */
  subject: line(140).optional(),
});

export const TICKET_STATUSES = ['open', 'assigned', 'answered', 'closed'] as const;
export const ticketStatusSchema = z.enum(TICKET_STATUSES);

export const residentTicketSchema = z.object({
  code: z.string(),
  status: ticketStatusSchema,
  subject: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  messages: z.array(z.object({ author: z.enum(['resident', 'agent']), text: z.string(), createdAt: z.string() })),
});

export const ticketSummarySchema = z.object({
  id: z.string().uuid(),
  code: z.string(),
  status: ticketStatusSchema,
  subject: z.string(),
  assigneeId: z.string().nullable(),
  language: z.string(),
  hasContactEmail: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ticketDetailSchema = ticketSummarySchema.extend({
  contactEmail: z.string().nullable(),
  transcript: z.object({
    messages: z.array(
      z.object({ role: z.string(), text: z.string(), createdAt: z.string(), decision: z.string().nullable(), citations: z.array(z.number().int()) }),
    ),
    citedPassages: z.array(
      z.object({
        n: z.number().int(),
        passageId: z.string(),
        documentId: z.string(),
        title: z.string(),
        sourceUrl: z.string().nullable(),
        text: z.string().nullable(),
      }),
    ),
  }),
  messages: z.array(
    z.object({ id: z.number().int(), author: z.enum(['resident', 'agent']), authorId: z.string().nullable(), text: z.string(), createdAt: z.string() }),
  ),
});

export const ticketErasureSchema = z.object({
  ticketId: z.string().uuid(),
  erased: z.object({
    ticketMessages: z.number().int(),
    contactEmail: z.boolean().describe('Whether the ticket had a contact e-mail'),
    conversations: z.number().int().describe('Conversations deleted: the one handed off, and the same messaging sender’s others'),
    conversationMessages: z.number().int(),
    questionLogTexts: z.number().int().describe('Questions whose text was erased from the statistics (their counts stay)'),
  }),
});

// Requests -----------------------------------------------------------------------------------

export const conversationParams = z.strictObject({ id: z.string().uuid() });
export const feedbackParams = z.strictObject({ id: z.string().uuid(), messageId: z.coerce.number().int().positive() });
// A tracking link mistyped or cut short is a ticket not found (404), not a form to correct: code and
// token are only bounded here, and any that does not match a ticket is refused as unknown.
export const ticketCodeParams = z.strictObject({ code: line(40) });
export const ticketTokenQuery = z.strictObject({ token: line(200, { min: 0 }).default('') });
export const ticketParams = z.strictObject({ id: z.string().uuid() });

export const startConversationBody = z.strictObject({ language: languageSchema.optional() }).optional();
export const askBody = z.strictObject({ text: questionText, language: languageSchema.optional() });
export const residentReplyBody = z.strictObject({ text: paragraph(4000) });
export const ticketsQuery = z.strictObject({ status: ticketStatusSchema.optional() });
export const assignBody = z.strictObject({ assigneeId: z.union([z.literal('me'), z.uuid()]) });
export const agentReplyBody = z.strictObject({ text: paragraph(8000) });
// The question becomes the FAQ document's title: one line.
export const draftFaqBody = z.strictObject({ question: line(300, { min: 3 }), answer: paragraph(20_000) });
export const analyticsQuery = z.strictObject({
  from: z.iso.date().optional().describe('Inclusive, YYYY-MM-DD (default: 30 days ago)'),
  to: z.iso.date().optional().describe('Inclusive, YYYY-MM-DD (default: today)'),
});

// Responses ----------------------------------------------------------------------------------

export const conversationStartedSchema = z.object({ id: z.string().uuid(), language: languageSchema, notice: noticeSchema });
export const handoffResultSchema = z.object({ ticketCode: z.string(), accessToken: z.string(), readUrl: z.string() });
export const ticketListSchema = z.object({ tickets: z.array(ticketSummarySchema) });
export const draftFaqResultSchema = z.object({ documentId: z.string() });

export const questionGroupSchema = z.object({
  /** The most frequent wording of the group. */
  representative: z.string(),
  count: z.number().int(),
  /** Distinct wordings, most frequent first. */
  questions: z.array(z.object({ text: z.string(), count: z.number().int() })),
  /** Terms shared by most of the group, to label it. */
  terms: z.array(z.string()),
});

export const analyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({
    questions: z.number().int(),
    answered: z.number().int(),
    abstained: z.number().int(),
    handedOff: z.number().int(),
    answeredShare: z.number(),
    abstainedShare: z.number(),
    handedOffShare: z.number(),
    /** Generated answers replaced by the extractive one (failed check, provider error, NO_ANSWER). */
    generationFallbacks: z.number().int(),
    /** Questions where the embeddings provider failed and lexical retrieval answered alone. */
    retrievalFallbacks: z.number().int(),
  }),
  perDay: z.array(
    z.object({ date: z.string(), questions: z.number().int(), answered: z.number().int(), abstained: z.number().int(), handedOff: z.number().int() }),
  ),
  feedback: z.object({ helpful: z.number().int(), notHelpful: z.number().int(), byTag: z.record(z.string(), z.number().int()) }),
  topDocuments: z.array(z.object({ documentId: z.string(), title: z.string().nullable(), count: z.number().int() })),
  unanswered: z.array(questionGroupSchema),
});

export const calibrationPointSchema = z.object({ threshold: z.number(), coverage: z.number(), precision: z.number() });

/** The abstention threshold's trade-off measured on the development set (`engine/calibration.json`), and the threshold in force. */
export const calibrationSchema = z.object({
  dataset: z.object({
    file: z.string(),
    questions: z.number().int(),
    answerable: z.number().int(),
    unanswerable: z.number().int(),
    documents: z.number().int(),
  }),
  features: z.array(z.string()),
  model: z.object({ weights: z.array(z.number()), bias: z.number() }),
  targetPrecision: z.number(),
  recommendedThreshold: z.number(),
  atRecommended: z.object({
    coverage: z.number(),
    precision: z.number(),
    answerableAnswered: z.number(),
    unanswerableAbstained: z.number(),
    rightDecisions: z.number(),
  }),
  curve: z.array(calibrationPointSchema),
  currentThreshold: z.number(),
});

export type AssistantLanguage = z.infer<typeof languageSchema>;
export type Citation = z.infer<typeof citationSchema>;
export type Suggestion = z.infer<typeof suggestionSchema>;
export type AssistantAnswer = z.infer<typeof assistantMessageSchema>;
export type AiNotice = z.infer<typeof noticeSchema>;
export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptMessage = Transcript['messages'][number];
export type ConversationStarted = z.infer<typeof conversationStartedSchema>;
export type FeedbackBody = z.input<typeof feedbackBody>;
export type HandoffBody = z.infer<typeof handoffBody>;
export type HandoffResult = z.infer<typeof handoffResultSchema>;
export type TicketStatus = z.infer<typeof ticketStatusSchema>;
export type ResidentTicket = z.infer<typeof residentTicketSchema>;
export type TicketSummary = z.infer<typeof ticketSummarySchema>;
export type TicketList = z.infer<typeof ticketListSchema>;
export type TicketDetail = z.infer<typeof ticketDetailSchema>;
export type TicketErasure = z.infer<typeof ticketErasureSchema>;
export type QuestionGroup = z.infer<typeof questionGroupSchema>;
export type Analytics = z.infer<typeof analyticsSchema>;
export type CalibrationPoint = z.infer<typeof calibrationPointSchema>;
export type Calibration = z.infer<typeof calibrationSchema>;
