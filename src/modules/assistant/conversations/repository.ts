import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { TAKE_AUDIT_CHAIN_LOCK } from '../../../platform/audit/service';
import { queryRows, type DbOrTx, type Tx } from '../../../platform/db/client';
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

export async function lastUserMessage(db: DbOrTx, conversationId: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(assistantMessages)
    .where(and(eq(assistantMessages.conversationId, conversationId), eq(assistantMessages.role, 'user')))
    .orderBy(desc(assistantMessages.id))
    .limit(1);
  return row;
}

/** The conversation and the text of its last question (for a follow-up), in one round trip. */
export async function findConversationWithLastQuestion(
  db: DbOrTx,
  id: string,
): Promise<{ conversation: ConversationRow; lastQuestion: string | null } | undefined> {
  const [row] = await db
    .select({
      conversation: assistantConversations,
      lastQuestion: sql<string | null>`(
        SELECT m.text FROM ${assistantMessages} m
        WHERE m.conversation_id = ${assistantConversations}.id AND m.role = 'user'
        ORDER BY m.id DESC LIMIT 1)`,
    })
    .from(assistantConversations)
    .where(eq(assistantConversations.id, id));
  return row;
}

/** One question and its answer, as stored by `storeExchange`. */
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
 * Stores a question, its answer and the question-log line, and touches the conversation, in one
 * statement; it also takes the audit chain lock, so the caller's `recordAudit` can skip its own.
 * Both messages come from one multi-row insert, so the question gets the lower id (transcript order).
 * Returns the answer's id and its confidence as stored (a `real`).
 */
export async function storeExchange(tx: Tx, e: Exchange): Promise<{ id: number; confidence: number | null }> {
  const at = e.at.toISOString();
  const rows = await queryRows<{ id: number | string; confidence: number | string | null }>(
    tx,
    sql`WITH chain_lock AS (${TAKE_AUDIT_CHAIN_LOCK}),
      messages AS (
        INSERT INTO ${assistantMessages} (conversation_id, role, text, decision, confidence, citations, trace, created_at)
        VALUES (${e.conversationId}, 'user', ${e.question}, NULL, NULL, NULL, NULL, ${at}),
               (${e.conversationId}, 'assistant', ${e.answer}, ${e.decision}, ${e.confidence}, ${JSON.stringify(e.citations)}, ${JSON.stringify(e.trace)}, ${at})
        RETURNING id, role, confidence),
      logged AS (
        INSERT INTO ${assistantQuestionLog}
          (asked_at, channel, language, question_redacted, decision, confidence, top_document_id, generation, retrieval, message_id)
        SELECT ${at}::timestamptz, ${e.channel}::text, ${e.language}::text, ${e.question}::text, ${e.decision}::text,
          ${e.confidence}::real, ${e.topDocumentId}::text, ${e.generation}::text, ${e.retrieval}::text, id
        FROM messages WHERE role = 'assistant'),
      touched AS (
        UPDATE ${assistantConversations} SET last_message_at = ${at}, language = ${e.language} WHERE id = ${e.conversationId})
    SELECT messages.id, messages.confidence FROM messages, chain_lock WHERE messages.role = 'assistant'`,
  );
  const row = rows[0]!;
  return { id: Number(row.id), confidence: row.confidence == null ? null : Number(row.confidence) };
}

export async function findMessage(db: DbOrTx, id: number): Promise<MessageRow | undefined> {
  const [row] = await db.select().from(assistantMessages).where(eq(assistantMessages.id, id));
  return row;
}

export async function touchConversation(db: DbOrTx, id: string, language: string, at: Date): Promise<void> {
  await db.update(assistantConversations).set({ lastMessageAt: at, language }).where(eq(assistantConversations.id, id));
}

/** Deletes conversations (and, by cascade, their messages and feedback) idle since before `cutoff`. */
export async function deleteConversationsIdleSince(db: DbOrTx, cutoff: Date): Promise<number> {
  const rows = await db
    .delete(assistantConversations)
    .where(lt(assistantConversations.lastMessageAt, cutoff))
    .returning({ id: assistantConversations.id });
  return rows.length;
}

export async function countConversations(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(assistantConversations);
  return Number(row?.n ?? 0);
}
