import { randomUUID } from 'node:crypto';
import { asc, eq, gt, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { auditEvents } from '../../../platform/audit/schema';
import { verifyAuditChain } from '../../../platform/audit/service';
import { createTestApp } from '../../../platform/testing/app';
import { testBackend } from '../../../platform/testing/db';
import { assistantWhatsappDeliveries } from '../channels/schema';
import {
  assistantConversations,
  assistantFeedback,
  assistantMessages,
  assistantQuestionLog,
  assistantTicketMessages,
  assistantTickets,
} from '../conversations/schema';
import { ask, createStaffMember, staffHeaders, startConversation } from '../engine/test-helpers';

let b: BeffroiApp;
let agent: Record<string, string>;
let analyst: Record<string, string>;
const EMAIL = 'jeanne.martin@example.org';
const QUESTION = 'Je suis Jeanne Martin, puis-je inscrire ma fille Léa à la cantine ?';
const HANDOFF_MESSAGE = 'Mon dossier famille porte le numéro 88123, merci de me rappeler.';
const RESIDENT_REPLY = 'Léa est née le 3 mars 2019.';
const AGENT_REPLY = 'Madame Martin, le dossier 88123 est complet.';

beforeAll(async () => {
  b = await createTestApp();
  await createStaffMember(b, { email: 'agent@test.beffroi.fr', displayName: 'Agent', role: 'agent', password: 'agent-password-123456' });
  await createStaffMember(b, { email: 'analyst@test.beffroi.fr', displayName: 'Analyst', role: 'analyst', password: 'analyst-password-123456' });
  agent = await staffHeaders(b, { email: 'agent@test.beffroi.fr', password: 'agent-password-123456' });
  analyst = await staffHeaders(b, { email: 'analyst@test.beffroi.fr', password: 'analyst-password-123456' });
}, 180_000);
afterAll(() => b?.close());

/** A resident's whole journey: question, hand-off with e-mail and message, agent's reply, resident's answer, feedback. */
async function residentWithTicket(conversationId: string) {
  const answer = await ask(b, conversationId, QUESTION);
  const fb = await b.app.inject({
    method: 'POST',
    url: `/api/assistant/conversations/${conversationId}/messages/${answer.id}/feedback`,
    payload: { helpful: false, tags: ['wrong'], comment: 'Jeanne Martin attend toujours' },
  });
  expect(fb.statusCode).toBe(204);
  const h = await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${conversationId}/handoff`, payload: { contactEmail: EMAIL, message: HANDOFF_MESSAGE } });
  expect(h.statusCode).toBe(201);
  const { ticketCode, accessToken } = h.json() as { ticketCode: string; accessToken: string };
  const [ticket] = await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.conversationId, conversationId));
  const id = ticket!.id;
  expect((await b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${id}/assign`, headers: agent, payload: { assigneeId: 'me' } })).statusCode).toBe(200);
  expect((await b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${id}/reply`, headers: agent, payload: { text: AGENT_REPLY } })).statusCode).toBe(200);
  const back = await b.app.inject({
    method: 'POST',
    url: `/api/assistant/tickets/${ticketCode}/messages?token=${encodeURIComponent(accessToken)}`,
    payload: { text: RESIDENT_REPLY },
  });
  expect(back.statusCode).toBe(200);
  return { id, ticketCode, accessToken, answerId: answer.id as number };
}

const erase = (id: string, headers: Record<string, string> = agent) => b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${id}/erase`, headers });

describe(`erasure of a ticket at the resident's request (${testBackend()})`, () => {
  it('refuses whoever may not handle the inbox, an unknown ticket, a forged request, and then changes nothing', async () => {
    const conversationId = await startConversation(b);
    const { id } = await residentWithTicket(conversationId);
    const snapshot = async () => ({
      ticket: await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.id, id)),
      messages: await b.ctx.db.select().from(assistantTicketMessages).where(eq(assistantTicketMessages.ticketId, id)),
      conversation: await b.ctx.db.select().from(assistantConversations).where(eq(assistantConversations.id, conversationId)),
      log: await b.ctx.db.select().from(assistantQuestionLog).orderBy(asc(assistantQuestionLog.id)),
      erasures: await b.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'assistant.ticket.erase')),
    });
    const before = await snapshot();

    expect((await erase(id, {})).statusCode).toBe(401);
    expect((await erase(id, analyst)).statusCode).toBe(403);
    expect((await erase(id, { cookie: agent.cookie! })).statusCode).toBe(403); // no CSRF token
    expect((await erase(randomUUID())).statusCode).toBe(404);
    expect((await erase('not-a-uuid')).statusCode).toBe(400);

    expect(await snapshot()).toEqual(before);
  });

  it('removes the e-mail, the messages and the conversation, and no audit event, old or new, keeps any of it', async () => {
    const conversationId = await startConversation(b);
    const auditBefore = (await b.ctx.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id))).at(-1)?.id ?? 0;
    const { id, ticketCode, accessToken, answerId } = await residentWithTicket(conversationId);
    // Someone else's conversation, untouched by this erasure.
    const other = await startConversation(b);
    await ask(b, other, 'Quels sont les horaires de la mairie ?');

    const res = await erase(id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ticketId: id,
      erased: { ticketMessages: 3, contactEmail: true, conversations: 1, conversationMessages: 3, questionLogTexts: 1 },
    });

    expect(await b.ctx.db.$count(assistantTickets, eq(assistantTickets.id, id))).toBe(0);
    expect(await b.ctx.db.$count(assistantTicketMessages, eq(assistantTicketMessages.ticketId, id))).toBe(0);
    expect(await b.ctx.db.$count(assistantConversations, eq(assistantConversations.id, conversationId))).toBe(0);
    expect(await b.ctx.db.$count(assistantMessages, eq(assistantMessages.conversationId, conversationId))).toBe(0);
    expect(await b.ctx.db.$count(assistantFeedback, eq(assistantFeedback.messageId, answerId))).toBe(0);
    expect(await b.ctx.db.$count(assistantConversations, eq(assistantConversations.id, other))).toBe(1);
    // The statistics keep the question as a count, without its text or its link.
    const logs = await b.ctx.db.select().from(assistantQuestionLog).orderBy(asc(assistantQuestionLog.id));
    expect(logs.filter((l) => l.questionRedacted === null)).toEqual(
      expect.arrayContaining([expect.objectContaining({ messageId: null, handedOff: true, helpful: false })]),
    );
    expect(logs.some((l) => l.questionRedacted === 'Quels sont les horaires de la mairie ?')).toBe(true);
    // The resident's link opens nothing any more; the inbox no longer lists it.
    const read = await b.app.inject({ method: 'GET', url: `/api/assistant/tickets/${ticketCode}?token=${encodeURIComponent(accessToken)}` });
    expect(read.statusCode).toBe(404);
    expect((await b.app.inject({ method: 'GET', url: `/api/admin/assistant/tickets/${id}`, headers: agent })).statusCode).toBe(404);
    expect((await erase(id)).statusCode).toBe(404);

    const events = await b.ctx.db.select().from(auditEvents).where(gt(auditEvents.id, auditBefore)).orderBy(asc(auditEvents.id));
    const erasure = events.find((e) => e.action === 'assistant.ticket.erase');
    expect(erasure).toMatchObject({
      actorType: 'user',
      subjectType: 'assistant_ticket',
      subjectId: id,
      after: { reason: 'resident_request', ticketMessages: 3, contactEmail: true, conversations: 1, conversationMessages: 3, questionLogTexts: 1 },
    });
    // Every event of the journey (hand-off, assignment, replies, feedback, answers) and the erasure's own.
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['assistant.answer', 'assistant.feedback', 'assistant.handoff', 'assistant.ticket.assign', 'assistant.ticket.reply', 'assistant.ticket.resident_reply']),
    );
    const text = JSON.stringify(events);
    for (const personal of [EMAIL, 'Jeanne', 'Martin', 'Léa', '88123', ticketCode, accessToken, 'attend toujours']) {
      expect(text, personal).not.toContain(personal);
    }
    expect((await verifyAuditChain(b.ctx.db)).ok).toBe(true);
  });

  it("also erases a messaging sender's other conversations, found by the hash of their number, and nobody else's", async () => {
    const handoff = b.ctx.services.assistant.handoff;
    const engine = b.ctx.services.assistant.engine;
    const conversation = (externalRef: string, lastMessageAt: Date) => ({ id: randomUUID(), channel: 'whatsapp' as const, externalRef, lastMessageAt });
    const current = conversation('hash-of-jeanne', new Date());
    const earlier = conversation('hash-of-jeanne', new Date(Date.now() - 3 * 86_400_000));
    const neighbour = conversation('hash-of-paul', new Date());
    await b.ctx.db.insert(assistantConversations).values([current, earlier, neighbour]);
    for (const c of [current, earlier, neighbour]) await engine.ask({ conversationId: c.id, text: QUESTION, actor: { type: 'resident', id: null } });
    await b.ctx.db.insert(assistantWhatsappDeliveries).values([
      { messageRef: 'delivery-jeanne', conversationId: earlier.id, replies: ['…'] },
      { messageRef: 'delivery-paul', conversationId: neighbour.id, replies: ['…'] },
    ]);
    const { ticket } = await handoff.handOff(current.id, { contactEmail: EMAIL }, { type: 'resident', id: null });

    const res = await erase(ticket.id);
    expect(res.json().erased).toMatchObject({ conversations: 2, conversationMessages: 5, questionLogTexts: 2, ticketMessages: 0 });
    const left = await b.ctx.db.select({ id: assistantConversations.id }).from(assistantConversations).where(inArray(assistantConversations.id, [current.id, earlier.id, neighbour.id]));
    expect(left.map((c) => c.id)).toEqual([neighbour.id]);
    const deliveries = await b.ctx.db.select({ ref: assistantWhatsappDeliveries.messageRef }).from(assistantWhatsappDeliveries);
    expect(deliveries.map((d) => d.ref)).toEqual(['delivery-paul']);
    const [neighbourLog] = await b.ctx.db
      .select()
      .from(assistantQuestionLog)
      .where(inArray(assistantQuestionLog.messageId, b.ctx.db.select({ id: assistantMessages.id }).from(assistantMessages).where(eq(assistantMessages.conversationId, neighbour.id))));
    expect(neighbourLog!.questionRedacted).toBe(QUESTION);
  });
});
