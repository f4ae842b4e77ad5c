import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { TAKE_AUDIT_CHAIN_LOCK } from '../../../platform/audit/service';
import type { DbOrTx } from '../../../platform/db/client';
import { assistantConversations, assistantMessages, assistantQuestionLog } from './schema';

export type ConversationRow = typeof assistantConversations.$inferSelect;
export type MessageRow = typeof assistantMessages.$inferSelect;
export type Channel = ConversationRow['channel'];

export async function insertConversation(
  db: DbOrTx,
  c: { id: string; channel: Channel; language: string; externalRef?: string | null },
): Promise<ConversationRow> {
  const [row] = await db
    .insert(assistantConversations)
    .values({ id: c.id, channel: c.channel, language: c.language, externalRef: c.externalRef ?? null })
    .returning();
  return row!;
}

export async function findConversation(db: DbOrTx, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(assistantConversations).where(eq(assistantConversations.id, id));
  return row;
}

/** The ongoing conversation of a messaging sender, if its last message is recent enough. */
export async function findRecentByExternalRef(db: DbOrTx, channel: Channel, externalRef: string, since: Date): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(assistantConversations)
    .where(
      and(
        eq(assistantConversations.channel, channel),
        eq(assistantConversations.externalRef, externalRef),
        gte(assistantConversations.lastMessageAt, since),
      ),
    )
    .orderBy(desc(assistantConversations.lastMessageAt))
    .limit(1);
  return row;
}

export async function listMessages(db: DbOrTx, conversationId: string): Promise<MessageRow[]> {
  return db.select().from(assistantMessages).where(eq(assistantMessages.conversationId, conversationId)).orderBy(asc(assistantMessages.id));
}

/**
 * The conversation, the text of its last question (for a follow-up) and the ids its next question
 * and answer will be stored under, in one round trip (no ids are taken for a missing conversation).
 */
export async function findConversationForExchange(
  db: DbOrTx,
  id: string,
): Promise<{ conversation: ConversationRow; lastQuestion: string | null; ids: { questionId: number; answerId: number } } | undefined> {
  const [row] = await db
    .select({
      conversation: assistantConversations,
      first: sql<string>`nextval(pg_get_serial_sequence('assistant_messages', 'id'))`,
      second: sql<string>`nextval(pg_get_serial_sequence('assistant_messages', 'id'))`,
    })
    .from(assistantConversations)
    .where(eq(assistantConversations.id, id));
  if (!row) return undefined;
  // The question takes the lower id (transcript order), whatever order the two were drawn in.
  const [questionId, answerId] = [Number(row.first), Number(row.second)].sort((a, b) => a - b) as [number, number];
  return { conversation: row.conversation, lastQuestion: row.conversation.lastQuestion, ids: { questionId, answerId } };
}

/** One question and its answer, as stored by `storeExchangeStatement`. */
export interface Exchange {
  conversationId: string;
  channel: string;
  language: string;
  /** Already redacted. */
  question: string;
  answer: string;
  decision: string;
  confidence: number;
  citations: unknown;
  trace: unknown;
  topDocumentId: string | null;
  generation: string;
  retrieval: string;
  at: Date;
}

/**
 * The statement that stores a question, its answer (under ids from `findConversationForExchange`, the
 * question's the lower: transcript order) and the question-log line, and touches the
 * conversation. It also takes the audit chain lock, so the audit event can follow it in the same
 * transaction (`auditAppend`). It returns the answer's confidence as stored (a `real`).
 */
export function storeExchangeStatement(e: Exchange, ids: { questionId: number; answerId: number }): SQL {
  const at = e.at.toISOString();
  return sql`WITH chain_lock AS (${TAKE_AUDIT_CHAIN_LOCK}),
      messages AS (
        INSERT INTO ${assistantMessages} (id, conversation_id, role, text, decision, confidence, citations, trace, created_at)
        VALUES (${ids.questionId}, ${e.conversationId}, 'user', ${e.question}, NULL, NULL, NULL, NULL, ${at}),
               (${ids.answerId}, ${e.conversationId}, 'assistant', ${e.answer}, ${e.decision}, ${e.confidence}, ${JSON.stringify(e.citations)}, ${JSON.stringify(e.trace)}, ${at})
        RETURNING id, role, confidence),
      logged AS (
        INSERT INTO ${assistantQuestionLog}
          (asked_at, channel, language, question_redacted, decision, confidence, top_document_id, generation, retrieval, message_id)
        SELECT ${at}::timestamptz, ${e.channel}::text, ${e.language}::text, ${e.question}::text, ${e.decision}::text,
          ${e.confidence}::real, ${e.topDocumentId}::text, ${e.generation}::text, ${e.retrieval}::text, id
        FROM messages WHERE role = 'assistant'),
      touched AS (
        UPDATE ${assistantConversations} SET last_message_at = ${at}, language = ${e.language}, last_question = ${e.question}
        WHERE id = ${e.conversationId})
    SELECT messages.id, messages.confidence FROM messages, chain_lock WHERE messages.role = 'assistant'`;
}

/** The answer's confidence as stored (a `real`), from the rows of `storeExchangeStatement`. */
export function storedConfidence(rows: Record<string, unknown>[]): number | null {
  const confidence = rows[0]?.confidence as number | string | null | undefined;
  return confidence == null ? null : Number(confidence);
}

export async function findMessage(db: DbOrTx, id: number): Promise<MessageRow | undefined> {
  const [row] = await db.select().from(assistantMessages).where(eq(assistantMessages.id, id));
  return row;
}

export async function countConversations(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(assistantConversations);
  return Number(row?.n ?? 0);
}
