/**
 * The assistant's residents' data and how long it is kept: the rules the platform's nightly job
 * applies (`src/platform/privacy/retention.ts`) and the register states. The periods a commune
 * chooses are in the `assistant.retention` setting (`settings.ts`); the others follow from what
 * the data is for.
 */
import { and, inArray, isNotNull, lt } from 'drizzle-orm';
import { DAY_MS, type RetentionRule } from '../../../platform/privacy/retention';
import { DELIVERY_MEMORY_MS } from '../channels/deliveries';
import { assistantWhatsappDeliveries } from '../channels/schema';
import { cleanFinishedSendsBatch } from '../channels/whatsapp-send';
import { assistantConversations, assistantQuestionLog, assistantTickets } from '../conversations/schema';
import { ANSWERS_REGISTER_ID, RETRIEVAL_REGISTER_ID } from '../engine/service';
import { RETENTION_KEY } from './settings';

/** A ticket in one of these states has been dealt with; one still waiting for an agent is kept. */
export const FINISHED_TICKET_STATUSES = ['answered', 'closed'] as const;

export const ASSISTANT_RETENTION: readonly RetentionRule[] = [
  {
    id: 'assistant.conversations',
    concerns: 'residents',
    data: {
      fr: 'Conversations avec l’assistant (questions masquées, réponses, avis, empreinte du numéro WhatsApp)',
      en: 'Conversations with the assistant (masked questions, answers, feedback, keyed hash of the WhatsApp number)',
    },
    startsAt: { fr: 'après le dernier message', en: 'after the last message' },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'conversationsDays' },
    registerEntries: [ANSWERS_REGISTER_ID, RETRIEVAL_REGISTER_ID],
    async purgeBatch(tx, { cutoff, limit }) {
      // Messages, feedback and WhatsApp delivery records go with them (foreign keys); a ticket keeps its frozen transcript.
      const expired = tx
        .select({ id: assistantConversations.id })
        .from(assistantConversations)
        .where(lt(assistantConversations.lastMessageAt, cutoff))
        .orderBy(assistantConversations.lastMessageAt)
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await tx
        .delete(assistantConversations)
        .where(inArray(assistantConversations.id, expired))
        .returning({ id: assistantConversations.id });
      return rows.length;
    },
  },
  {
    id: 'assistant.tickets',
    concerns: 'residents',
    data: {
      fr: 'Demandes transmises à un agent (courriel de contact, messages, transcription masquée)',
      en: 'Requests passed on to a member of staff (contact e-mail, messages, masked transcript)',
    },
    startsAt: {
      fr: 'après la réponse ou la clôture (une demande qui attend une réponse est gardée)',
      en: 'after the request was answered or closed (a request awaiting an answer is kept)',
    },
    outcome: 'deleted',
    period: { setting: RETENTION_KEY, field: 'ticketsDays' },
    registerEntries: [ANSWERS_REGISTER_ID],
    async purgeBatch(tx, { cutoff, limit }) {
      // `updated_at` is the last thing that happened to the ticket: the answer, the closing, a later message.
      const expired = tx
        .select({ id: assistantTickets.id })
        .from(assistantTickets)
        .where(and(inArray(assistantTickets.status, [...FINISHED_TICKET_STATUSES]), lt(assistantTickets.updatedAt, cutoff)))
        .orderBy(assistantTickets.updatedAt)
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await tx.delete(assistantTickets).where(inArray(assistantTickets.id, expired)).returning({ id: assistantTickets.id });
      return rows.length;
    },
  },
  {
    id: 'assistant.question_log',
    concerns: 'residents',
    data: {
      fr: 'Texte masqué des questions dans les statistiques',
      en: 'Masked text of the questions in the statistics',
    },
    startsAt: { fr: 'après la question (les décomptes restent, sans le texte)', en: 'after the question (the counts stay, without the text)' },
    outcome: 'anonymised',
    period: { setting: RETENTION_KEY, field: 'questionLogDays' },
    registerEntries: [ANSWERS_REGISTER_ID, RETRIEVAL_REGISTER_ID],
    async purgeBatch(tx, { cutoff, limit }) {
      const expired = tx
        .select({ id: assistantQuestionLog.id })
        .from(assistantQuestionLog)
        .where(and(isNotNull(assistantQuestionLog.questionRedacted), lt(assistantQuestionLog.askedAt, cutoff)))
        .orderBy(assistantQuestionLog.askedAt)
        .limit(limit)
        .for('update', { skipLocked: true });
      // The link to the answer goes too: what stays is a count that points to no one's conversation.
      const rows = await tx
        .update(assistantQuestionLog)
        .set({ questionRedacted: null, messageId: null })
        .where(inArray(assistantQuestionLog.id, expired))
        .returning({ id: assistantQuestionLog.id });
      return rows.length;
    },
  },
  {
    id: 'assistant.whatsapp_deliveries',
    concerns: 'residents',
    data: {
      fr: 'Empreintes des messages WhatsApp reçus et réponses faites (pour ne pas répondre deux fois à un message renvoyé)',
      en: 'Keyed hashes of the WhatsApp messages received and the replies given (so that a message sent again is not answered twice)',
    },
    startsAt: { fr: 'après la réception (WhatsApp renvoie un message pendant une semaine au plus)', en: 'after receipt (WhatsApp sends a message again for a week at most)' },
    outcome: 'deleted',
    period: { fixedDays: Math.round(DELIVERY_MEMORY_MS / DAY_MS) },
    registerEntries: [ANSWERS_REGISTER_ID],
    async purgeBatch(tx, { cutoff, limit }) {
      const expired = tx
        .select({ ref: assistantWhatsappDeliveries.messageRef })
        .from(assistantWhatsappDeliveries)
        .where(lt(assistantWhatsappDeliveries.claimedAt, cutoff))
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await tx
        .delete(assistantWhatsappDeliveries)
        .where(inArray(assistantWhatsappDeliveries.messageRef, expired))
        .returning({ ref: assistantWhatsappDeliveries.messageRef });
      return rows.length;
    },
  },
  {
    id: 'assistant.whatsapp_outbox',
    concerns: 'residents',
    data: {
      fr: 'Numéro WhatsApp du destinataire d’une réponse, chiffré, dans la file d’envoi',
      en: "The WhatsApp number a reply goes to, encrypted, in the sending queue",
    },
    startsAt: { fr: 'après l’envoi ou l’abandon de l’envoi', en: 'after the reply was sent or given up' },
    outcome: 'deleted',
    // The send job erases the number itself when it finishes; the nightly run catches a worker lost on the way.
    period: { fixedDays: 0 },
    registerEntries: [ANSWERS_REGISTER_ID],
    purgeBatch: (tx, { now, limit }) => cleanFinishedSendsBatch(tx, now, limit),
  },
];
