import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { auditEvents } from '../../../platform/audit/schema';
import { jobs } from '../../../platform/jobs/schema';
import { RETENTION_JOB } from '../../../platform/privacy/retention';
import type { AccountsService } from '../../accounts/service';
import { assistantConversations, assistantFeedback, assistantMessages, assistantQuestionLog, assistantTickets } from '../conversations/schema';
import { ask, createAssistantTestApp, createStaffMember, staffHeaders, startConversation } from '../engine/test-helpers';

let b: BeffroiApp;
let admin: Record<string, string>;
let agent: Record<string, string>;
let analyst: Record<string, string>;
let agentId: string;

beforeAll(async () => {
  b = await createAssistantTestApp();
  admin = await staffHeaders(b);
  const a = await createStaffMember(b, { email: 'agent@test.beffroi.fr', displayName: 'Agent', role: 'agent', password: 'agent-password-123456' });
  agentId = a.id;
  await createStaffMember(b, { email: 'analyst@test.beffroi.fr', displayName: 'Analyst', role: 'analyst', password: 'analyst-password-123456' });
  agent = await staffHeaders(b, { email: 'agent@test.beffroi.fr', password: 'agent-password-123456' });
  analyst = await staffHeaders(b, { email: 'analyst@test.beffroi.fr', password: 'analyst-password-123456' });
}, 180_000);
afterAll(() => b?.close());

describe('hand-off to an agent', () => {
  it('turns a conversation into a ticket an agent answers and the resident reads with the token', async () => {
    const id = await startConversation(b);
    await ask(b, id, 'Quels sont les horaires de la déchèterie ?');
    const abstained = await ask(b, id, 'Puis-je garer mon camping-car devant la mairie toute la semaine ?');
    expect(abstained.handoffAvailable).toBe(true);

    const h = await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${id}/handoff`, payload: { contactEmail: 'resident@example.org', message: 'Merci de me répondre.' } });
    expect(h.statusCode).toBe(201);
    const { ticketCode, accessToken, readUrl } = h.json();
    expect(ticketCode).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    expect(readUrl).toContain(ticketCode);
    const again = await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${id}/handoff`, payload: {} });
    expect(again.statusCode).toBe(409);

    const read = (token: string, code = ticketCode) => b.app.inject({ method: 'GET', url: `/api/assistant/tickets/${code}?token=${encodeURIComponent(token)}` });
    expect((await read(accessToken)).statusCode).toBe(200);
    expect((await read(`${accessToken.slice(0, -2)}xx`)).statusCode).toBe(404);
    expect((await read(accessToken, 'AAA-AAA')).statusCode).toBe(404);

    // The inbox is for staff with the permission.
    expect((await b.app.inject({ method: 'GET', url: '/api/admin/assistant/tickets' })).statusCode).toBe(401);
    expect((await b.app.inject({ method: 'GET', url: '/api/admin/assistant/tickets', headers: analyst })).statusCode).toBe(403);
    const list = await b.app.inject({ method: 'GET', url: '/api/admin/assistant/tickets?status=open', headers: agent });
    expect(list.statusCode).toBe(200);
    const ticket = list.json().tickets.find((t: { code: string }) => t.code === ticketCode);
    expect(ticket).toMatchObject({ status: 'open', hasContactEmail: true });

    const detail = await b.app.inject({ method: 'GET', url: `/api/admin/assistant/tickets/${ticket.id}`, headers: agent });
    const d = detail.json();
    expect(d.transcript.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(d.transcript.citedPassages.length).toBeGreaterThan(0);
    expect(d.transcript.citedPassages[0].text).toBeTruthy();
    expect(d.messages[0]).toMatchObject({ author: 'resident', text: 'Merci de me répondre.' });

    const assign = await b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${ticket.id}/assign`, headers: agent, payload: { assigneeId: 'me' } });
    expect(assign.json()).toMatchObject({ status: 'assigned', assigneeId: agentId });
    const bad = await b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${ticket.id}/assign`, headers: agent, payload: { assigneeId: 'nobody' } });
    expect(bad.statusCode).toBe(400);
    const replyText = 'Le stationnement des camping-cars est limité à 7 jours sur la voie publique.';
    const reply = await b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${ticket.id}/reply`, headers: agent, payload: { text: replyText } });
    expect(reply.json().status).toBe('answered');

    const resident = (await read(accessToken)).json();
    expect(resident.status).toBe('answered');
    expect(resident.messages.at(-1)).toMatchObject({ author: 'agent', text: replyText });
    const back = await b.app.inject({
      method: 'POST',
      url: `/api/assistant/tickets/${ticketCode}/messages?token=${encodeURIComponent(accessToken)}`,
      payload: { text: 'Merci !' },
    });
    expect(back.statusCode).toBe(200);
    expect(back.json().status).toBe('assigned');
    const forged = await b.app.inject({ method: 'POST', url: `/api/assistant/tickets/${ticketCode}/messages?token=wrong-token-123`, payload: { text: 'x' } });
    expect(forged.statusCode).toBe(404);

    const faq = await b.app.inject({
      method: 'POST',
      url: `/api/admin/assistant/tickets/${ticket.id}/draft-faq`,
      headers: agent,
      payload: { question: 'Combien de temps un camping-car peut-il stationner ?', answer: replyText },
    });
    expect(faq.statusCode).toBe(201);
    const doc = await b.app.inject({ method: 'GET', url: `/api/admin/assistant/documents/${faq.json().documentId}`, headers: admin });
    expect(doc.json()).toMatchObject({ status: 'draft', type: 'faq' });

    const close = await b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${ticket.id}/close`, headers: agent });
    expect(close.json().status).toBe('closed');
    const afterClose = await b.app.inject({
      method: 'POST',
      url: `/api/assistant/tickets/${ticketCode}/messages?token=${encodeURIComponent(accessToken)}`,
      payload: { text: 'Encore une question' },
    });
    expect(afterClose.statusCode).toBe(409);

    const actions = (await b.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticket.id))).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'assistant.handoff',
        'assistant.ticket.assign',
        'assistant.ticket.reply',
        'assistant.ticket.resident_reply',
        'assistant.ticket.draft_faq',
        'assistant.ticket.close',
      ]),
    );
    const transcript = await b.app.inject({ method: 'GET', url: `/api/assistant/conversations/${id}` });
    expect(transcript.json().handedOff).toBe(true);
  });

  it('names the ticket after the question the assistant could not answer, or the reason the resident gives, and counts only that question handed off', async () => {
    const handOff = async (questions: string[], payload: Record<string, string> = {}) => {
      const id = await startConversation(b);
      const replies = [];
      for (const q of questions) replies.push(await ask(b, id, q));
      const h = await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${id}/handoff`, payload });
      expect(h.statusCode).toBe(201);
      const [ticket] = await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.conversationId, id));
      const ids = (replies as { id: number }[]).map((r) => r.id);
      const logs = await b.ctx.db.select().from(assistantQuestionLog).where(inArray(assistantQuestionLog.messageId, ids));
      return { ticket: ticket!, replies: replies as { id: number; decision: string }[], logs };
    };
    const first = 'Quels sont les horaires de la médiathèque ?';
    const unanswerable = 'Quel est le résultat du match de foot d hier ?';
    const after = 'Quel est le prix de la piscine ?';
    const { ticket, replies, logs } = await handOff([first, unanswerable, after], { message: 'Merci de me répondre.' });
    expect(replies.map((r) => r.decision)).toEqual(['answered', 'abstained', 'answered']);
    expect(ticket.subject).toBe(unanswerable);
    expect(logs.filter((l) => l.handedOff).map((l) => l.messageId)).toEqual([replies[1]!.id]);

    // Nothing unanswered: the last question; a reason the resident states or confirms comes first.
    expect((await handOff([first, after])).ticket.subject).toBe(after);
    expect((await handOff([first], { subject: 'Inscrire mon fils à la médiathèque', message: 'Il a 12 ans.' })).ticket.subject).toBe('Inscrire mon fils à la médiathèque');
    // The inbox shows that subject (the back-office drafts a FAQ from it).
    const list = await b.app.inject({ method: 'GET', url: '/api/admin/assistant/tickets', headers: agent });
    expect(list.json().tickets.find((t: { id: string }) => t.id === ticket.id)?.subject).toBe(unanswerable);
  });

  it('answers a mistyped or cut tracking link with 404, not with a form to correct', async () => {
    for (const url of ['/api/assistant/tickets/ABC?token=short', '/api/assistant/tickets/ABC-DEF', '/api/assistant/tickets/%C3%A9t%C3%A9-123?token=abc', '/api/assistant/tickets/AAA-AAA?token=']) {
      const res = await b.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    const reply = await b.app.inject({ method: 'POST', url: '/api/assistant/tickets/ABC/messages?token=x', payload: { text: 'Bonjour' } });
    expect(reply.statusCode).toBe(404);
  });
});

describe('ticket assignment', () => {
  it('refuses an assignee who is unknown, deactivated or without the inbox, and changes nothing', async () => {
    const id = await startConversation(b);
    await ask(b, id, 'Puis-je garer mon camping-car devant la mairie toute la semaine ?');
    const h = await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${id}/handoff`, payload: {} });
    expect(h.statusCode).toBe(201);
    const [ticket] = await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.conversationId, id));
    const accounts = b.ctx.services.accounts as AccountsService;
    const system = { type: 'system' as const, id: null };
    const leaving = await accounts.createUser(system, { email: 'leaving.agent@test.beffroi.fr', displayName: 'Leaving', role: 'agent', password: 'leaving-password-123456' });
    await accounts.deactivateUser(system, leaving.id);
    const viewer = await accounts.createUser(system, { email: 'viewer@test.beffroi.fr', displayName: 'Viewer', role: 'analyst', password: 'viewer-password-123456' });
    const assign = (assigneeId: string) =>
      b.app.inject({ method: 'POST', url: `/api/admin/assistant/tickets/${ticket!.id}/assign`, headers: agent, payload: { assigneeId } });

    for (const [assigneeId, code] of [
      [leaving.id, 'assistant.assignee_deactivated'],
      ['00000000-0000-4000-8000-000000000000', 'assistant.unknown_assignee'],
      [viewer.id, 'assistant.assignee_without_inbox'],
    ] as const) {
      const res = await assign(assigneeId);
      expect(res.statusCode, code).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code, errors: [{ pointer: '/body/assigneeId', code }] });
    }
    expect((await assign('nobody')).statusCode).toBe(400);

    const [after] = await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.id, ticket!.id));
    expect(after).toEqual(ticket);
    const assignments = await b.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, ticket!.id), eq(auditEvents.action, 'assistant.ticket.assign')));
    expect(assignments).toHaveLength(0);

    // An active agent, and an administrator (who holds every permission), may be given the ticket.
    expect((await assign(agentId)).json()).toMatchObject({ status: 'assigned', assigneeId: agentId });
    const adminId = (await b.app.inject({ method: 'GET', url: '/api/auth/me', headers: admin })).json().user.id as string;
    expect((await assign(adminId)).json()).toMatchObject({ status: 'assigned', assigneeId: adminId });
  });
});

describe('concurrent hand-offs', () => {
  it('gives one conversation one ticket when two requests race', async () => {
    const id = await startConversation(b);
    await ask(b, id, 'Puis-je garer mon camping-car devant la mairie toute la semaine ?');
    const results = await Promise.all(
      [0, 1, 2].map(() => b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${id}/handoff`, payload: {} })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.conversationId, id))).toHaveLength(1);
  });
});

describe('feedback and analytics', () => {
  it('records feedback with tags and groups unanswered questions', async () => {
    const id = await startConversation(b);
    const answered = await ask(b, id, 'Quels sont les horaires de la déchèterie ?');
    const fb = (messageId: number, payload: unknown, conversationId = id) =>
      b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${conversationId}/messages/${messageId}/feedback`, payload: payload as object });
    expect((await fb(answered.id, { helpful: false, tags: ['wrong', 'out_of_date'], comment: 'Écrivez-moi à a.b@example.org' })).statusCode).toBe(204);
    expect((await fb(answered.id, { helpful: true, tags: ['clear', 'reliable_sources'] })).statusCode).toBe(204);
    expect((await fb(answered.id, { helpful: true, tags: ['nice'] })).statusCode).toBe(400);
    expect((await fb(answered.id, { helpful: true, extra: 1 })).statusCode).toBe(400);
    expect((await fb(answered.id, { helpful: true }, 'not-a-uuid')).statusCode).toBe(400);
    // The resident's own question, an answer that does not exist: not an answer of this conversation.
    expect((await fb(answered.id - 1, { helpful: true })).statusCode).toBe(404);
    expect((await fb(99_999_999, { helpful: true })).statusCode).toBe(404);
    // Message ids are sequential: someone else's conversation id does not open this answer to feedback.
    const otherConversation = await startConversation(b);
    const otherAnswer = await ask(b, otherConversation, 'Comment inscrire mon enfant à la cantine ?');
    const feedbackRows = async () => (await b.ctx.db.select().from(assistantFeedback)).length;
    const rowsBefore = await feedbackRows();
    expect((await fb(otherAnswer.id, { helpful: false, tags: ['wrong'] })).statusCode).toBe(404);
    expect((await fb(answered.id, { helpful: false }, otherConversation)).statusCode).toBe(404);
    expect((await fb(answered.id, { helpful: false }, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect(await feedbackRows()).toBe(rowsBefore);
    expect((await fb(otherAnswer.id, { helpful: true }, otherConversation)).statusCode).toBe(204);
    const [log] = await b.ctx.db.select().from(assistantQuestionLog).where(eq(assistantQuestionLog.messageId, answered.id));
    expect(log).toMatchObject({ helpful: true, feedbackTags: ['clear', 'reliable_sources'] });

    for (const q of ['Où garer mon camping-car pour la nuit ?', 'où garer un camping-car en ville', 'Où garer mon camping-car pour la nuit ?', 'Peut-on faire un barbecue au parc municipal ?']) {
      await ask(b, await startConversation(b), q);
    }
    const res = await b.app.inject({ method: 'GET', url: '/api/admin/assistant/analytics', headers: analyst });
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.totals.questions).toBeGreaterThanOrEqual(5);
    expect(a.totals.answered + a.totals.abstained).toBe(a.totals.questions);
    expect(a.perDay.reduce((s: number, d: { questions: number }) => s + d.questions, 0)).toBe(a.totals.questions);
    expect(a.feedback.byTag.clear).toBeGreaterThanOrEqual(1);
    expect(a.topDocuments[0].title).toBeTruthy();
    const camping = a.unanswered.find((g: { representative: string }) => /camping-car/.test(g.representative));
    expect(camping.count).toBeGreaterThanOrEqual(3);
    expect(a.totals.handedOff).toBeGreaterThanOrEqual(1);

    const cal = await b.app.inject({ method: 'GET', url: '/api/admin/assistant/calibration', headers: analyst });
    expect(cal.json()).toMatchObject({ recommendedThreshold: expect.any(Number), currentThreshold: expect.any(Number) });
    expect(cal.json().curve.length).toBeGreaterThan(1);
  });
});

describe('retention', () => {
  it('is scheduled at start as the platform’s nightly job and purges old conversations, keeping tickets and the question log', async () => {
    const scheduled = await b.ctx.db.select().from(jobs).where(eq(jobs.kind, RETENTION_JOB));
    expect(scheduled.length).toBe(1);

    const oldId = await startConversation(b);
    const old = await ask(b, oldId, 'Quels sont les horaires de la piscine ?');
    await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${oldId}/handoff`, payload: {} });
    const recentId = await startConversation(b);
    await ask(b, recentId, 'Quels sont les horaires de la piscine ?');
    await b.ctx.db
      .update(assistantConversations)
      .set({ lastMessageAt: new Date(Date.now() - 31 * 86_400_000) })
      .where(eq(assistantConversations.id, oldId));

    const [job] = scheduled;
    await b.ctx.db.update(jobs).set({ runAt: new Date(Date.now() - 1000) }).where(eq(jobs.id, job!.id));
    await b.ctx.jobs.drain(5);

    expect(await b.ctx.db.$count(assistantConversations, eq(assistantConversations.id, oldId))).toBe(0);
    expect(await b.ctx.db.$count(assistantMessages, eq(assistantMessages.conversationId, oldId))).toBe(0);
    expect(await b.ctx.db.$count(assistantConversations, eq(assistantConversations.id, recentId))).toBe(1);
    const [ticket] = await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.subject, 'Quels sont les horaires de la piscine ?'));
    expect(ticket!.conversationId).toBeNull();
    expect((ticket!.transcript as { messages: unknown[] }).messages.length).toBe(2);
    const logs = await b.ctx.db.select().from(assistantQuestionLog).where(and(eq(assistantQuestionLog.questionRedacted, 'Quels sont les horaires de la piscine ?')));
    expect(logs.length).toBe(2);
    expect(logs.some((l) => l.messageId === null && l.handedOff)).toBe(true);
    expect(old.id).toBeGreaterThan(0);
    // The job re-enqueued itself for the next night.
    const next = await b.ctx.db.select().from(jobs).where(and(eq(jobs.kind, RETENTION_JOB), eq(jobs.status, 'queued')));
    expect(next.length).toBe(1);
    expect(next[0]!.runAt.getTime()).toBeGreaterThan(Date.now());
  });
});
