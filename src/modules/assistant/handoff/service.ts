/**
 * Hand-off to a person: a conversation becomes a ticket in the back-office inbox, with its
 * (redacted) transcript and the passages that were cited frozen at that moment, so the ticket
 * outlives the conversation's retention. The resident follows it with a code and a secret token.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { recordAudit, TAKE_AUDIT_CHAIN_LOCK, type Actor } from '../../../platform/audit/service';
import type { Tx } from '../../../platform/db/client';
import { roleHasPermission } from '../../../platform/http/guards';
import { badRequest, conflict, notFound, unprocessable } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import type { DraftDocumentInput } from '../knowledge/types';
import { findConversation, listMessages } from '../conversations/repository';
import {
  assistantConversations,
  assistantMessages,
  assistantQuestionLog,
  assistantTicketMessages,
  assistantTickets,
} from '../conversations/schema';
import type { Citation } from '../engine/answer';
import { ANSWERING_KEY, type AnsweringSetting } from '../engine/settings';
import type { AssistantEngine } from '../engine/service';
import { hashToken, newAccessToken, newTicketCode, tokenMatches } from './codes';
import { eraseTicket } from './erasure';

export type TicketStatus = (typeof assistantTickets.$inferSelect)['status'];
type TicketRow = typeof assistantTickets.$inferSelect;

export interface TicketTranscript {
  messages: { role: string; text: string; createdAt: string; decision: string | null; citations: number[] }[];
  citedPassages: { n: number; passageId: string; documentId: string; title: string; sourceUrl: string | null; text: string | null }[];
}

export interface KnowledgeDrafts {
  createDraftDocument(tx: Tx, actor: Actor, input: DraftDocumentInput): Promise<{ id: string }>;
}

const TICKET_CODE_ATTEMPTS = 5;
const UNKNOWN_TICKET_HASH = hashToken('no ticket has this hash');
/** Who may hold a ticket: whoever the inbox routes let in. */
const INBOX_PERMISSION = 'assistant.inbox';

function assigneeProblem(code: string, detail: string) {
  return unprocessable(code, detail, [{ pointer: '/body/assigneeId', message: detail, code }]);
}

export function createHandoffService(ctx: AppContext, engine: AssistantEngine, knowledge: () => KnowledgeDrafts | null) {
  async function ticketById(id: string): Promise<TicketRow> {
    const [row] = await ctx.db.select().from(assistantTickets).where(eq(assistantTickets.id, id));
    if (!row) throw notFound('Ticket');
    return row;
  }

  /**
   * Wrong code and wrong token look the same: 404, so codes cannot be probed. The token is
   * checked against a dummy hash when the code is unknown, so timing does not tell either.
   */
  async function ticketForResident(code: string, token: string, lockIn?: Tx): Promise<TicketRow> {
    const query = (lockIn ?? ctx.db).select().from(assistantTickets).where(eq(assistantTickets.publicCode, code.toUpperCase()));
    const [row] = lockIn ? await query.for('update') : await query;
    const matches = tokenMatches(token, row?.accessTokenHash ?? UNKNOWN_TICKET_HASH);
    if (!row || !matches) throw notFound('Ticket');
    return row;
  }

  async function ticketMessages(ticketId: string) {
    return ctx.db
      .select()
      .from(assistantTicketMessages)
      .where(eq(assistantTicketMessages.ticketId, ticketId))
      .orderBy(assistantTicketMessages.id);
  }

  async function handOff(conversationId: string, input: { contactEmail?: string | undefined; message?: string | undefined; subject?: string | undefined }, actor: Actor) {
    const answering = await ctx.settings.get<AnsweringSetting>(ANSWERING_KEY);
    if (!answering.handoffEnabled) throw conflict('assistant.handoff_disabled', 'Hand-off to an agent is not available.');
    const conversation = await findConversation(ctx.db, conversationId);
    if (!conversation) throw notFound('Conversation');
    const messages = await listMessages(ctx.db, conversationId);
    const firstQuestion = messages.find((m) => m.role === 'user');
    if (!firstQuestion && !input.message) throw badRequest('assistant.empty_conversation', 'Ask a question or write a message before asking for an agent.');

    const snapshot = await engine.retriever.current();
    const citedPassages: TicketTranscript['citedPassages'] = [];
    const transcript: TicketTranscript = {
      messages: messages.map((m) => {
        const citations = (m.citations ?? []) as Citation[];
        for (const c of citations) {
          if (!citedPassages.some((p) => p.passageId === c.passageId)) {
            citedPassages.push({
              n: citedPassages.length + 1,
              passageId: c.passageId,
              documentId: c.documentId,
              title: c.title,
              sourceUrl: c.sourceUrl,
              text: snapshot.passages.get(c.passageId)?.text ?? null,
            });
          }
        }
        return {
          role: m.role,
          text: m.text,
          createdAt: m.createdAt.toISOString(),
          decision: m.decision,
          citations: citations.map((c) => citedPassages.find((p) => p.passageId === c.passageId)!.n),
        };
      }),
      citedPassages,
    };
    const token = newAccessToken();
    // The ticket is about what the resident states or confirms; else about the last question the
    // assistant could not answer (else the last one asked), not the conversation's first question.
    const answers = messages.filter((m) => m.role === 'assistant');
    const unanswered = [...answers].reverse().find((m) => m.decision === 'abstained');
    const reasonAnswer = unanswered ?? answers[answers.length - 1];
    const reasonQuestion = reasonAnswer ? [...messages].reverse().find((m) => m.role === 'user' && m.id < reasonAnswer.id) : undefined;
    const lastQuestion = [...messages].reverse().find((m) => m.role === 'user');
    const subject = (input.subject?.trim() || (reasonQuestion ?? lastQuestion)?.text || input.message || '').replace(/\s+/g, ' ').slice(0, 140);

    const ticket = await ctx.db.transaction(async (tx) => {
      // The audit chain lock first, as an answer takes it before it touches the conversation row:
      // the same order everywhere, so a hand-off and an answer in one conversation cannot deadlock.
      await tx.execute(TAKE_AUDIT_CHAIN_LOCK);
      // Two hand-off requests for one conversation at once: the second waits here, then sees the first's ticket.
      await tx.select({ id: assistantConversations.id }).from(assistantConversations).where(eq(assistantConversations.id, conversationId)).for('update');
      const [existing] = await tx.select({ id: assistantTickets.id }).from(assistantTickets).where(eq(assistantTickets.conversationId, conversationId));
      if (existing) throw conflict('assistant.already_handed_off', 'This conversation has already been passed on to an agent.');
      let row: TicketRow | undefined;
      for (let attempt = 0; !row && attempt < TICKET_CODE_ATTEMPTS; attempt++) {
        [row] = await tx
          .insert(assistantTickets)
          .values({
            id: randomUUID(),
            publicCode: newTicketCode(),
            accessTokenHash: hashToken(token),
            conversationId,
            subject,
            transcript,
            contactEmail: input.contactEmail ?? null,
            language: conversation.language,
          })
          .onConflictDoNothing({ target: assistantTickets.publicCode })
          .returning();
      }
      if (!row) throw new Error('Could not allocate a ticket code');
      if (input.message) {
        await tx.insert(assistantTicketMessages).values({ ticketId: row.id, author: 'resident', text: input.message });
      }
      const [marker] = await tx
        .insert(assistantMessages)
        .values({ conversationId, role: 'system', text: 'handed_off', decision: 'handed_off' })
        .returning({ id: assistantMessages.id });
      // The statistics count as handed off the question that led to the hand-off, not every question of the conversation.
      if (reasonAnswer) {
        await tx.update(assistantQuestionLog).set({ handedOff: true }).where(eq(assistantQuestionLog.messageId, reasonAnswer.id));
      }
      await recordAudit(tx, actor, {
        action: 'assistant.handoff',
        subjectType: 'assistant_ticket',
        subjectId: row.id,
        // Ids only: the public code is the resident's own reference (in their link, their mails), and
        // the audit log outlives the ticket, even one erased at the resident's request.
        after: { decision: 'handed_off', conversationId, markerMessageId: marker!.id, citedPassageIds: citedPassages.map((p) => p.passageId) },
      }, { chainLockTaken: true });
      return row;
    });
    return { ticket, token };
  }

  function residentView(ticket: TicketRow, messages: Awaited<ReturnType<typeof ticketMessages>>) {
    return {
      code: ticket.publicCode,
      status: ticket.status,
      subject: ticket.subject,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      messages: messages.map((m) => ({ author: m.author, text: m.text, createdAt: m.createdAt.toISOString() })),
    };
  }

  async function readAsResident(code: string, token: string) {
    const ticket = await ticketForResident(code, token);
    return residentView(ticket, await ticketMessages(ticket.id));
  }

  async function replyAsResident(code: string, token: string, text: string, actor: Actor) {
    await ctx.db.transaction(async (tx) => {
      // Read under lock, so an agent closing the ticket at the same moment is not overwritten.
      const ticket = await ticketForResident(code, token, tx);
      if (ticket.status === 'closed') throw conflict('assistant.ticket_closed', 'This request is closed; start a new conversation.');
      await tx.insert(assistantTicketMessages).values({ ticketId: ticket.id, author: 'resident', text });
      // A resident's answer puts the ticket back in front of the agents.
      const status: TicketStatus = ticket.assigneeId ? 'assigned' : 'open';
      await tx.update(assistantTickets).set({ status, updatedAt: new Date() }).where(eq(assistantTickets.id, ticket.id));
      await recordAudit(tx, actor, {
        action: 'assistant.ticket.resident_reply',
        subjectType: 'assistant_ticket',
        subjectId: ticket.id,
        before: { status: ticket.status },
        after: { status },
      });
    });
    return readAsResident(code, token);
  }

  function summary(t: TicketRow) {
    return {
      id: t.id,
      code: t.publicCode,
      status: t.status,
      subject: t.subject,
      assigneeId: t.assigneeId,
      language: t.language,
      hasContactEmail: t.contactEmail !== null,
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  }

  async function list(status?: TicketStatus) {
    const where: SQL[] = [];
    if (status) where.push(eq(assistantTickets.status, status));
    const rows = await ctx.db
      .select()
      .from(assistantTickets)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(assistantTickets.updatedAt))
      .limit(500);
    return rows.map(summary);
  }

  async function detail(id: string) {
    const t = await ticketById(id);
    const messages = await ticketMessages(id);
    return {
      ...summary(t),
      contactEmail: t.contactEmail,
      transcript: t.transcript as TicketTranscript,
      messages: messages.map((m) => ({ id: m.id, author: m.author, authorId: m.authorId, text: m.text, createdAt: m.createdAt.toISOString() })),
    };
  }

  /**
   * Refuses an assignee who could not work the ticket: unknown, deactivated, or without the inbox.
   * Their account stays locked (shared) until the assignment commits, so a deactivation at the
   * same moment waits for it rather than slipping between the check and the write.
   */
  async function assertAssignable(tx: Tx, assigneeId: string) {
    const member = await ctx.services.accounts.lockStaffMember(tx, assigneeId);
    if (!member) throw assigneeProblem('assistant.unknown_assignee', 'No staff member has this id.');
    if (!member.active) throw assigneeProblem('assistant.assignee_deactivated', 'This staff member’s account is deactivated.');
    if (!roleHasPermission(ctx, member.role, INBOX_PERMISSION)) {
      throw assigneeProblem('assistant.assignee_without_inbox', 'This staff member may not handle the hand-off inbox.');
    }
  }

  async function change(id: string, actor: Actor, action: string, patch: Partial<Pick<TicketRow, 'status' | 'assigneeId'>>, reply?: string) {
    await ctx.db.transaction(async (tx) => {
      // Under lock, so two agents acting at once each see the other's change (and the audit's `before` is true).
      const [before] = await tx.select().from(assistantTickets).where(eq(assistantTickets.id, id)).for('update');
      if (!before) throw notFound('Ticket');
      if (before.status === 'closed' && action !== 'assistant.ticket.close') {
        throw conflict('assistant.ticket_closed', 'This ticket is closed.');
      }
      if (patch.assigneeId) await assertAssignable(tx, patch.assigneeId);
      if (reply !== undefined) await tx.insert(assistantTicketMessages).values({ ticketId: id, author: 'agent', authorId: actor.id, text: reply });
      await tx.update(assistantTickets).set({ ...patch, updatedAt: new Date() }).where(eq(assistantTickets.id, id));
      await recordAudit(tx, actor, {
        action,
        subjectType: 'assistant_ticket',
        subjectId: id,
        before: { status: before.status, assigneeId: before.assigneeId },
        after: { status: patch.status ?? before.status, assigneeId: patch.assigneeId === undefined ? before.assigneeId : patch.assigneeId, ...(reply !== undefined ? { replyLength: reply.length } : {}) },
      });
    });
    return detail(id);
  }

  async function draftFaq(id: string, input: { question: string; answer: string }, actor: Actor) {
    const ticket = await ticketById(id);
    const k = knowledge();
    if (!k) throw conflict('assistant.knowledge_unavailable', 'The knowledge base is not available.');
    return ctx.db.transaction(async (tx) => {
      const doc = await k.createDraftDocument(tx as unknown as Tx, actor, {
        title: input.question,
        body: input.answer,
        type: 'faq',
        service: null,
        language: ticket.language,
        sourceUrl: null,
      });
      await recordAudit(tx, actor, {
        action: 'assistant.ticket.draft_faq',
        subjectType: 'assistant_ticket',
        subjectId: id,
        after: { documentId: doc.id },
      });
      return { documentId: doc.id };
    });
  }

  return {
    handOff,
    readAsResident,
    replyAsResident,
    list,
    detail,
    assign: (id: string, assigneeId: string, actor: Actor) =>
      change(id, actor, 'assistant.ticket.assign', { assigneeId, status: 'assigned' }),
    reply: (id: string, text: string, actor: Actor) => change(id, actor, 'assistant.ticket.reply', { status: 'answered' }, text),
    close: (id: string, actor: Actor) => change(id, actor, 'assistant.ticket.close', { status: 'closed' }),
    draftFaq,
    /** Erases the ticket and the resident's data tied to it, at their request (see `erasure.ts`). */
    erase: (id: string, actor: Actor) => eraseTicket(ctx.db, id, actor),
  };
}

export type HandoffService = ReturnType<typeof createHandoffService>;
