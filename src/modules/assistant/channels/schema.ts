import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { assistantConversations } from '../conversations/schema';

/**
 * WhatsApp messages already taken in, so that Meta's retried deliveries of the same message
 * get the same replies instead of a second answer. WhatsApp message ids embed the sender's
 * number, so only a keyed hash of them is kept.
 */
export const assistantWhatsappDeliveries = pgTable(
  'assistant_whatsapp_deliveries',
  {
    messageRef: text('message_ref').primaryKey(),
    /** Set once answered; the row goes with the conversation when retention deletes it. */
    conversationId: uuid('conversation_id').references(() => assistantConversations.id, { onDelete: 'cascade' }),
    /** The reply texts, in order; null while the message is being answered. */
    replies: jsonb('replies').$type<string[]>(),
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('assistant_whatsapp_deliveries_claimed_idx').on(t.claimedAt),
    // Deleting a conversation deletes its deliveries: found through this index, not by a scan.
    index('assistant_whatsapp_deliveries_conversation_idx').on(t.conversationId),
  ],
);
