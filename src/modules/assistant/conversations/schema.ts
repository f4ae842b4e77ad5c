import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * A resident's (or agent's) conversation with the assistant, on any channel.
 * Deleted with its messages after the retention period (setting `assistant.retention`, `conversationsDays`).
 */
export const assistantConversations = pgTable(
  'assistant_conversations',
  {
    id: uuid('id').primaryKey(),
    channel: text('channel', { enum: ['web', 'widget', 'api', 'webhook', 'whatsapp'] }).notNull(),
    /** Hash of the channel's sender id (e.g. WhatsApp number), never the number itself. */
    externalRef: text('external_ref'),
    language: text('language').notNull().default('fr'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The last question asked (redacted), kept here so a follow-up reads one row, not the transcript. */
    lastQuestion: text('last_question'),
  },
  (t) => [index('assistant_conversations_last_idx').on(t.lastMessageAt), index('assistant_conversations_ext_idx').on(t.externalRef)],
);

export const assistantMessages = pgTable(
  'assistant_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => assistantConversations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['user', 'assistant', 'agent', 'system'] }).notNull(),
    /** Stored with personal data redacted. */
    text: text('text').notNull(),
    /** answered | abstained | handed_off | fallback (generation rejected, extractive shown) — assistant messages only. */
    decision: text('decision'),
    confidence: real('confidence'),
    /** `[{ n, passageId, documentId, start, end, title, sourceUrl }]` */
    citations: jsonb('citations'),
    /** Retrieval details for the audit: passage ids and scores, configuration version, mode. */
    trace: jsonb('trace'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('assistant_messages_conv_idx').on(t.conversationId, t.id), index('assistant_messages_created_idx').on(t.createdAt)],
);

/** Thumbs up/down on one assistant message (one per message: a second one replaces it). */
export const assistantFeedback = pgTable(
  'assistant_feedback',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => assistantMessages.id, { onDelete: 'cascade' }),
    helpful: boolean('helpful').notNull(),
    tags: jsonb('tags').notNull().default([]),
    /** Stored with personal data redacted. */
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assistant_feedback_message_uq').on(t.messageId)],
);

/**
 * Analytics kept apart from conversations so that they outlive the retention period:
 * the question is stored redacted, with no link to the conversation once it is purged. Its text
 * is erased after its own period (`assistant.retention`, `questionLogDays`); the counts stay.
 */
export const assistantQuestionLog = pgTable(
  'assistant_question_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    askedAt: timestamp('asked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    channel: text('channel').notNull(),
    language: text('language').notNull(),
    /** Null once the retention period erased it. */
    questionRedacted: text('question_redacted'),
    decision: text('decision').notNull(),
    confidence: real('confidence'),
    topDocumentId: text('top_document_id'),
    /** none | accepted | rejected (failed the answer check) | no_answer | error: rejected/error are the counted fallbacks. */
    generation: text('generation').notNull().default('none'),
    /** lexical | hybrid (lexical + dense, fused) | lexical_fallback (embeddings provider failed: counted). */
    retrieval: text('retrieval').notNull().default('lexical'),
    /** Set to null when the conversation is purged, so the log outlives it without pointing to it. */
    messageId: bigint('message_id', { mode: 'number' }).references(() => assistantMessages.id, { onDelete: 'set null' }),
    handedOff: boolean('handed_off').notNull().default(false),
    helpful: boolean('helpful'),
    feedbackTags: jsonb('feedback_tags'),
  },
  (t) => [
    index('assistant_question_log_asked_idx').on(t.askedAt),
    index('assistant_question_log_message_idx').on(t.messageId),
    // The nightly erasure finds the texts still kept without walking past the rows already erased.
    index('assistant_question_log_text_kept_idx').on(t.askedAt).where(sql`${t.questionRedacted} IS NOT NULL`),
  ],
);

/**
 * A conversation handed over to a person: the back-office inbox. Deleted (with its messages) after
 * the retention period once answered or closed (`assistant.retention`, `ticketsDays`), or at once
 * when the resident asks for erasure.
 */
export const assistantTickets = pgTable(
  'assistant_tickets',
  {
    id: uuid('id').primaryKey(),
    /** Short code the resident keeps to read the reply (e.g. `K7P-4QX`); looked up with the secret token. */
    publicCode: text('public_code').notNull().unique(),
    /** sha256 of the private link's token. */
    accessTokenHash: text('access_token_hash').notNull(),
    conversationId: uuid('conversation_id').references(() => assistantConversations.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['open', 'assigned', 'answered', 'closed'] }).notNull().default('open'),
    assigneeId: text('assignee_id'),
    subject: text('subject').notNull(),
    /** Transcript and cited passages frozen at hand-off, redacted. */
    transcript: jsonb('transcript').notNull(),
    contactEmail: text('contact_email'),
    language: text('language').notNull().default('fr'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('assistant_tickets_status_idx').on(t.status, t.updatedAt),
    // Deleting a conversation clears this reference: without an index, each one scans every ticket.
    index('assistant_tickets_conversation_idx').on(t.conversationId),
  ],
);

export const assistantTicketMessages = pgTable(
  'assistant_ticket_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => assistantTickets.id, { onDelete: 'cascade' }),
    author: text('author', { enum: ['resident', 'agent'] }).notNull(),
    authorId: text('author_id'),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // A ticket's messages are read, and deleted with it, through this index.
  (t) => [index('assistant_ticket_messages_ticket_idx').on(t.ticketId, t.id)],
);
