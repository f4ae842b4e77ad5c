/**
 * Erasure at the resident's request (GDPR art. 17): an agent deletes a ticket and everything that
 * ties the resident to it, at once rather than at the end of the retention period.
 *
 * The ticket is deleted, not emptied: a shell with its texts blanked would keep the request's
 * dates, status and assignee, which say nothing useful once the content is gone and could still
 * point to the person; the audit log records that a request existed and was erased, by whom, with
 * ids and counts only. Deleted with it: its messages (the resident's e-mail and words, the agents'
 * replies), its transcript and contact e-mail; the conversation it came from if it is still kept
 * (messages, feedback, WhatsApp delivery records) and, for a messaging channel, the same sender's
 * other conversations (found by the keyed hash of their number). The statistics keep their counts
 * but lose the text of those questions.
 */
import { and, eq, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import { recordAudit, TAKE_AUDIT_CHAIN_LOCK, type Actor } from '../../../platform/audit/service';
import type { Db } from '../../../platform/db/client';
import { notFound } from '../../../platform/http/problem';
import { assistantConversations, assistantMessages, assistantQuestionLog, assistantTicketMessages, assistantTickets } from '../conversations/schema';

export interface TicketErasure {
  ticketId: string;
  erased: {
    ticketMessages: number;
    contactEmail: boolean;
    conversations: number;
    conversationMessages: number;
    questionLogTexts: number;
  };
}

export async function eraseTicket(db: Db, ticketId: string, actor: Actor): Promise<TicketErasure> {
  return db.transaction(async (tx) => {
    // The ticket row first, as every other change to a ticket locks it before the audit chain; then
    // the chain, before any conversation row, as answers and hand-offs take them.
    const [ticket] = await tx
      .select({ id: assistantTickets.id, conversationId: assistantTickets.conversationId, contactEmail: assistantTickets.contactEmail })
      .from(assistantTickets)
      .where(eq(assistantTickets.id, ticketId))
      .for('update');
    if (!ticket) throw notFound('Ticket');
    await tx.execute(TAKE_AUDIT_CHAIN_LOCK);

    let conversationIds: string[] = [];
    if (ticket.conversationId) {
      const [conversation] = await tx
        .select({ channel: assistantConversations.channel, externalRef: assistantConversations.externalRef })
        .from(assistantConversations)
        .where(eq(assistantConversations.id, ticket.conversationId));
      if (conversation) {
        const sameSender: SQL | undefined = conversation.externalRef
          ? and(eq(assistantConversations.channel, conversation.channel), eq(assistantConversations.externalRef, conversation.externalRef))
          : undefined;
        const rows = await tx
          .select({ id: assistantConversations.id })
          .from(assistantConversations)
          .where(sameSender ? or(eq(assistantConversations.id, ticket.conversationId), sameSender) : eq(assistantConversations.id, ticket.conversationId))
          .for('update');
        conversationIds = rows.map((r) => r.id);
      }
    }

    let conversationMessages = 0;
    let questionLogTexts = 0;
    if (conversationIds.length) {
      const messageIds = tx.select({ id: assistantMessages.id }).from(assistantMessages).where(inArray(assistantMessages.conversationId, conversationIds));
      const logged = await tx
        .update(assistantQuestionLog)
        .set({ questionRedacted: null, messageId: null })
        .where(and(inArray(assistantQuestionLog.messageId, messageIds), isNotNull(assistantQuestionLog.questionRedacted)))
        .returning({ id: assistantQuestionLog.id });
      questionLogTexts = logged.length;
      conversationMessages = await tx.$count(assistantMessages, inArray(assistantMessages.conversationId, conversationIds));
      // Messages, feedback and WhatsApp delivery records go with them (foreign keys).
      await tx.delete(assistantConversations).where(inArray(assistantConversations.id, conversationIds));
    }
    const ticketMessages = await tx
      .delete(assistantTicketMessages)
      .where(eq(assistantTicketMessages.ticketId, ticket.id))
      .returning({ id: assistantTicketMessages.id });
    await tx.delete(assistantTickets).where(eq(assistantTickets.id, ticket.id));

    const erased = {
      ticketMessages: ticketMessages.length,
      contactEmail: ticket.contactEmail !== null,
      conversations: conversationIds.length,
      conversationMessages,
      questionLogTexts,
    };
    // Ids and counts only: the event outlives the data and must not bring any of it back.
    await recordAudit(
      tx,
      actor,
      { action: 'assistant.ticket.erase', subjectType: 'assistant_ticket', subjectId: ticket.id, after: { reason: 'resident_request', ...erased } },
      { chainLockTaken: true },
    );
    return { ticketId: ticket.id, erased };
  });
}
