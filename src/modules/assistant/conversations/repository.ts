import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { assistantConversations, assistantMessages } from './schema';

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
