import { z } from 'zod';
import { FEEDBACK_TAGS } from './feedback';

export const MAX_QUESTION_CHARS = 2000;

export const questionText = z
  .string()
  .trim()
  .min(1, 'The question is empty.')
  .max(MAX_QUESTION_CHARS, `The question is too long: ${MAX_QUESTION_CHARS} characters at most.`);

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
  comment: z.string().trim().max(2000).optional(),
});

export const handoffBody = z.strictObject({
  contactEmail: z.string().trim().email().max(320).optional(),
  message: z.string().trim().min(1).max(4000).optional(),
});

export const ticketStatusSchema = z.enum(['open', 'assigned', 'answered', 'closed']);

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
