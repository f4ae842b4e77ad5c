import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { auditEvents } from '../../../platform/audit/schema';
import { verifyAuditChain } from '../../../platform/audit/service';
import { MIGRATIONS_FOLDER } from '../../../platform/db/client';
import { jobs } from '../../../platform/jobs/schema';
import { DAY_MS, RETENTION_JOB } from '../../../platform/privacy/retention';
import { settings } from '../../../platform/settings/schema';
import { createTestApp } from '../../../platform/testing/app';
import { testBackend } from '../../../platform/testing/db';
import { loginThrottles, sessions } from '../../accounts/schema';
import { assistantWhatsappDeliveries } from '../channels/schema';
import { WHATSAPP_SEND_JOB } from '../channels/whatsapp-send';
import {
  assistantConversations,
  assistantFeedback,
  assistantMessages,
  assistantQuestionLog,
  assistantTicketMessages,
  assistantTickets,
} from '../conversations/schema';
import { staffHeaders } from '../engine/test-helpers';
import { RETENTION_DEFAULTS, RETENTION_KEY } from './settings';

let b: BeffroiApp;
let admin: Record<string, string>;
/** The moment the data is "created"; the clock then moves forward from it. */
const T0 = new Date();
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const CONFIGURED = { conversationsDays: 20, ticketsDays: 200, questionLogDays: 60 };
const PERSONAL = ['jeanne.martin@example.org', 'paul.durand@example.org', 'Jeanne Martin', 'dossier 4521', 'sealed-number'];

const ids = {
  convA: randomUUID(),
  convB: randomUUID(),
  tClosed: randomUUID(),
  tAnswered: randomUUID(),
  tOpen: randomUUID(),
};
let messageA = 0;
let messageB = 0;
let sendOld = 0;
let sendRecent = 0;

async function seed() {
  const db = b.ctx.db;
  await db.insert(assistantConversations).values([
    { id: ids.convA, channel: 'whatsapp', externalRef: 'sender-hash-a', createdAt: at(-1), lastMessageAt: at(-1), lastQuestion: 'Je suis Jeanne Martin' },
    { id: ids.convB, channel: 'widget', createdAt: at(0), lastMessageAt: at(0) },
  ]);
  const [, a] = await db
    .insert(assistantMessages)
    .values([
      { conversationId: ids.convA, role: 'user', text: 'Je suis Jeanne Martin, dossier 4521', createdAt: at(-1) },
      { conversationId: ids.convA, role: 'assistant', text: 'Réponse A', decision: 'abstained', createdAt: at(-1) },
    ])
    .returning({ id: assistantMessages.id });
  const [, bAnswer] = await db
    .insert(assistantMessages)
    .values([
      { conversationId: ids.convB, role: 'user', text: 'Question B', createdAt: at(0) },
      { conversationId: ids.convB, role: 'assistant', text: 'Réponse B', decision: 'answered', createdAt: at(0) },
    ])
    .returning({ id: assistantMessages.id });
  messageA = a!.id;
  messageB = bAnswer!.id;
  await db.insert(assistantFeedback).values({ messageId: messageA, helpful: false, comment: 'Jeanne Martin pas contente' });
  await db.insert(assistantQuestionLog).values([
    { askedAt: at(-1), channel: 'whatsapp', language: 'fr', questionRedacted: 'Je suis Jeanne Martin, dossier 4521', decision: 'abstained', messageId: messageA },
    { askedAt: at(0), channel: 'widget', language: 'fr', questionRedacted: 'Question B', decision: 'answered', messageId: messageB },
  ]);
  const ticket = (id: string, status: 'open' | 'answered' | 'closed', updatedAt: Date, extra: Partial<typeof assistantTickets.$inferInsert> = {}) => ({
    id,
    publicCode: { open: 'OPN-222', answered: 'ANS-333', closed: 'CLS-444' }[status],
    accessTokenHash: 'x'.repeat(64),
    status,
    subject: 'Je suis Jeanne Martin',
    transcript: { messages: [{ role: 'user', text: 'Je suis Jeanne Martin' }], citedPassages: [] },
    createdAt: at(-2),
    updatedAt,
    ...extra,
  });
  await db.insert(assistantTickets).values([
    ticket(ids.tClosed, 'closed', at(-1), { conversationId: ids.convA, contactEmail: 'jeanne.martin@example.org' }),
    ticket(ids.tAnswered, 'answered', at(0), { contactEmail: 'paul.durand@example.org' }),
    ticket(ids.tOpen, 'open', at(-1), { contactEmail: 'paul.durand@example.org' }),
  ]);
  await db.insert(assistantTicketMessages).values([
    { ticketId: ids.tClosed, author: 'resident', text: 'Mon dossier 4521', createdAt: at(-1) },
    { ticketId: ids.tAnswered, author: 'resident', text: 'Merci', createdAt: at(0) },
    { ticketId: ids.tOpen, author: 'resident', text: 'Toujours rien ?', createdAt: at(-1) },
  ]);
  await db.insert(assistantWhatsappDeliveries).values([
    { messageRef: 'ref-a', conversationId: ids.convA, replies: ['Réponse A'], claimedAt: at(-1) },
    { messageRef: 'ref-unanswered', conversationId: null, replies: null, claimedAt: at(-1) },
    { messageRef: 'ref-b', conversationId: ids.convB, replies: ['Réponse B'], claimedAt: at(0) },
  ]);
  // A send given up by a worker lost on its last attempt keeps its payload until someone cleans it.
  const [old] = await db
    .insert(jobs)
    .values({ kind: WHATSAPP_SEND_JOB, status: 'failed', payload: { phoneNumberId: '123', recipient: 'sealed-number', texts: ['Réponse A'] }, finishedAt: at(-2), lastError: 'worker lost' })
    .returning({ id: jobs.id });
  const [recent] = await db
    .insert(jobs)
    .values({ kind: WHATSAPP_SEND_JOB, status: 'failed', payload: {}, finishedAt: at(0), lastError: 'HTTP 400' })
    .returning({ id: jobs.id });
  sendOld = old!.id;
  sendRecent = recent!.id;
}

/** Moves the clock to T0 + `days`, lets the nightly job run (as if it were its time) and puts the clock back. */
async function nightlyJobAt(days: number) {
  const [job] = await b.ctx.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, RETENTION_JOB), eq(jobs.status, 'queued')))
    .orderBy(desc(jobs.id))
    .limit(1);
  expect(job, 'a retention job is always scheduled').toBeDefined();
  // The queue compares run_at with the database's clock, which does not move.
  await b.ctx.db.update(jobs).set({ runAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, job!.id));
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(at(days));
  try {
    await b.ctx.jobs.drain();
  } finally {
    vi.useRealTimers();
  }
  const done = await b.ctx.jobs.get(job!.id);
  expect(done, JSON.stringify(done?.lastError)).toMatchObject({ status: 'succeeded' });
  return done!.result as { rules: { id: string; removed: number }[] };
}

const existing = async <T>(rows: PromiseLike<{ id: T }[]>): Promise<T[]> => (await rows).map((r) => r.id);
const conversations = () => existing(b.ctx.db.select({ id: assistantConversations.id }).from(assistantConversations).orderBy(asc(assistantConversations.createdAt)));
const tickets = () =>
  existing(b.ctx.db.select({ id: assistantTickets.id }).from(assistantTickets).where(inArray(assistantTickets.id, Object.values(ids))).orderBy(asc(assistantTickets.id)));
const deliveries = async () => (await b.ctx.db.select({ ref: assistantWhatsappDeliveries.messageRef }).from(assistantWhatsappDeliveries).orderBy(asc(assistantWhatsappDeliveries.messageRef))).map((r) => r.ref);
const questionTexts = async () =>
  (await b.ctx.db.select({ text: assistantQuestionLog.questionRedacted, messageId: assistantQuestionLog.messageId }).from(assistantQuestionLog).orderBy(asc(assistantQuestionLog.id)));
const sends = async () => b.ctx.db.select({ id: jobs.id, payload: jobs.payload }).from(jobs).where(eq(jobs.kind, WHATSAPP_SEND_JOB)).orderBy(asc(jobs.id));
const sorted = (xs: string[]) => [...xs].sort();

beforeAll(async () => {
  b = await createTestApp();
  // A failed login leaves throttle counters; the administrator's login a session and a "familiar address" counter.
  await b.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@test.beffroi.fr', password: 'wrong-password-123' } });
  admin = await staffHeaders(b);
  await b.ctx.jobs.drain();
}, 180_000);
afterAll(() => b?.close());
afterEach(() => vi.useRealTimers());

describe(`retention of residents' data (${testBackend()})`, () => {
  it('has defaults, validated and audited changes, and states the configured periods in the register', async () => {
    const all = await b.app.inject({ method: 'GET', url: '/api/admin/settings', headers: admin });
    expect(all.json()[RETENTION_KEY]).toEqual(RETENTION_DEFAULTS);

    const put = (value: unknown) => b.app.inject({ method: 'PUT', url: `/api/admin/settings/${RETENTION_KEY}`, headers: admin, payload: { value } });
    const updates = () => b.ctx.db.$count(auditEvents, and(eq(auditEvents.action, 'settings.update'), eq(auditEvents.subjectId, RETENTION_KEY)));
    for (const [value, pointer] of [
      [{ ...CONFIGURED, conversationsDays: 0 }, '/body/value/conversationsDays'],
      [{ ...CONFIGURED, ticketsDays: 12.5 }, '/body/value/ticketsDays'],
      [{ ...CONFIGURED, questionLogDays: '60' }, '/body/value/questionLogDays'],
      [{ ...CONFIGURED, forever: true }, '/body/value/forever'],
      [{ conversationsDays: 20 }, '/body/value/ticketsDays'],
    ] as const) {
      const res = await put(value);
      expect(res.statusCode, JSON.stringify(value)).toBe(400);
      expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    // Refused: nothing stored, nothing audited.
    expect(await updates()).toBe(0);
    expect(await b.ctx.db.$count(settings, eq(settings.key, RETENTION_KEY))).toBe(0);

    const ok = await put(CONFIGURED);
    expect(ok.statusCode).toBe(200);
    const [event] = await b.ctx.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'settings.update'), eq(auditEvents.subjectId, RETENTION_KEY)));
    expect(event).toMatchObject({ actorType: 'user', before: RETENTION_DEFAULTS, after: CONFIGURED });

    const register = (await b.app.inject({ method: 'GET', url: '/api/register' })).json();
    const answers = register.entries.find((e: { id: string }) => e.id === 'assistant.answers');
    const retrieval = register.entries.find((e: { id: string }) => e.id === 'assistant.retrieval');
    const days = (entry: { retention: { data: { en: string }; days: number }[] }) => Object.fromEntries(entry.retention.map((r) => [r.data.en.split(' (')[0], r.days]));
    expect(days(answers)).toEqual({
      'Conversations with the assistant': 20,
      'Requests passed on to a member of staff': 200,
      'Masked text of the questions in the statistics': 60,
      'Keyed hashes of the WhatsApp messages received and the replies given': 8,
      'The WhatsApp number a reply goes to, encrypted, in the sending queue': 0,
    });
    expect(days(retrieval)).toEqual({ 'Conversations with the assistant': 20, 'Masked text of the questions in the statistics': 60 });
    expect(answers.dataUsed.fr).toContain('20 jours après le dernier message, puis suppression');
    expect(answers.dataUsed.fr).toContain('200 jours après la réponse ou la clôture');
    expect(answers.dataUsed.en).toContain('60 days after the question (the counts stay, without the text), then anonymisation');
    // Staff data is not an algorithm's: it is not in the public register.
    expect(JSON.stringify(register)).not.toContain('Staff sessions');
    // Changing a period dates the entries.
    expect(Date.parse(answers.lastChange)).toBeGreaterThanOrEqual(event!.occurredAt.getTime() - 1000);
  });

  it('removes, as the clock moves past each period, exactly the expired rows of each kind and leaves the others', async () => {
    await seed();
    const auditBefore = (await b.ctx.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]!.id;
    expect(await b.ctx.db.$count(sessions)).toBe(1);

    // Day 5: the expired staff session, the stale login counters, the number left in a finished send.
    await nightlyJobAt(5);
    expect(await b.ctx.db.$count(sessions)).toBe(0);
    const counters = await b.ctx.db.select().from(loginThrottles);
    expect(counters).toHaveLength(1);
    expect(counters[0]).toMatchObject({ scope: 'account_client', lastSuccessAt: expect.any(Date) });
    expect(await sends()).toEqual([
      { id: sendOld, payload: {} },
      { id: sendRecent, payload: {} },
    ]);
    expect(await deliveries()).toEqual(['ref-a', 'ref-b', 'ref-unanswered']);
    expect(sorted(await conversations())).toEqual(sorted([ids.convA, ids.convB]));
    expect(await tickets()).toEqual(sorted([ids.tClosed, ids.tAnswered, ids.tOpen]));

    // Day 7.5: WhatsApp delivery records older than 8 days.
    await nightlyJobAt(7.5);
    expect(await deliveries()).toEqual(['ref-b']);
    expect(sorted(await conversations())).toEqual(sorted([ids.convA, ids.convB]));

    // Day 19.5: conversation A (idle 20.5 days) with its messages and feedback; B (19.5 days) stays.
    await nightlyJobAt(19.5);
    expect(await conversations()).toEqual([ids.convB]);
    expect(await b.ctx.db.$count(assistantMessages, eq(assistantMessages.conversationId, ids.convA))).toBe(0);
    expect(await b.ctx.db.$count(assistantMessages, eq(assistantMessages.conversationId, ids.convB))).toBe(2);
    expect(await b.ctx.db.$count(assistantFeedback)).toBe(0);
    expect(await deliveries()).toEqual([]);
    expect(await questionTexts()).toEqual([
      { text: 'Je suis Jeanne Martin, dossier 4521', messageId: null },
      { text: 'Question B', messageId: messageB },
    ]);
    const [closed] = await b.ctx.db.select().from(assistantTickets).where(eq(assistantTickets.id, ids.tClosed));
    expect(closed!.conversationId).toBeNull();

    // Day 28.5: conversation B (idle 28.5 days); the record of a failed send older than 30 days; the
    // other send (28.5 days) and the familiar address stay.
    await nightlyJobAt(28.5);
    expect(await conversations()).toEqual([]);
    expect((await sends()).map((s) => s.id)).toEqual([sendRecent]);
    expect(await b.ctx.db.$count(loginThrottles)).toBe(1);

    // Day 59.5: the text of question A (60.5 days) goes, its count stays; B's (59.5 days) stays.
    await nightlyJobAt(59.5);
    expect(await questionTexts()).toEqual([
      { text: null, messageId: null },
      { text: 'Question B', messageId: null },
    ]);
    expect(await b.ctx.db.$count(assistantQuestionLog)).toBe(2);
    expect(await sends()).toEqual([]);
    expect(await b.ctx.db.$count(loginThrottles)).toBe(0);
    expect(await tickets()).toEqual(sorted([ids.tClosed, ids.tAnswered, ids.tOpen]));

    // Day 199.5: the closed ticket (200.5 days after closing) with its messages; the answered one (199.5 days) stays.
    const result = await nightlyJobAt(199.5);
    expect(result.rules.find((r) => r.id === 'assistant.tickets')).toMatchObject({ removed: 1 });
    expect(await tickets()).toEqual(sorted([ids.tAnswered, ids.tOpen]));
    expect(await b.ctx.db.$count(assistantTicketMessages, eq(assistantTicketMessages.ticketId, ids.tClosed))).toBe(0);
    expect((await questionTexts()).map((q) => q.text)).toEqual([null, null]);

    // Day 400: the answered ticket goes; the one still waiting for an agent is kept, however old.
    await nightlyJobAt(400);
    expect(await tickets()).toEqual([ids.tOpen]);
    expect(await b.ctx.db.$count(assistantTicketMessages, eq(assistantTicketMessages.ticketId, ids.tOpen))).toBe(1);

    // Every run left its record; none of the events carries the data it removed.
    const events = await b.ctx.db.select().from(auditEvents).where(gt(auditEvents.id, auditBefore)).orderBy(asc(auditEvents.id));
    expect(events.filter((e) => e.action === 'platform.retention_run')).toHaveLength(7);
    const batches = events.filter((e) => e.action === 'platform.retention_batch');
    expect(new Set(batches.map((e) => e.subjectId))).toEqual(
      new Set([
        'accounts.sessions',
        'accounts.login_throttles',
        'assistant.whatsapp_outbox',
        'assistant.whatsapp_deliveries',
        'assistant.conversations',
        'assistant.question_log',
        'assistant.tickets',
      ]),
    );
    const text = JSON.stringify(events);
    for (const p of PERSONAL) expect(text).not.toContain(p);
    expect((await verifyAuditChain(b.ctx.db)).ok).toBe(true);
    // The analytics still count the anonymised questions.
    const analytics = await b.app.inject({
      method: 'GET',
      url: `/api/admin/assistant/analytics?from=${at(-3).toISOString().slice(0, 10)}&to=${at(1).toISOString().slice(0, 10)}`,
      headers: await staffHeaders(b),
    });
    expect(analytics.json().totals.questions).toBe(2);
    expect(analytics.json().unanswered).toEqual([]);
  });
});

describe('migration 0010', () => {
  it('moves the conversations period an administrator set from `assistant.answering` to `assistant.retention`', async () => {
    const statements = fs
      .readFileSync(path.join(MIGRATIONS_FOLDER, '0010_retention.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
      .filter((s) => /^(INSERT INTO "settings"|UPDATE "settings")/.test(s));
    expect(statements).toHaveLength(2);
    await b.ctx.db.delete(settings).where(inArray(settings.key, [RETENTION_KEY, 'assistant.answering']));
    await b.ctx.db.insert(settings).values({ key: 'assistant.answering', value: { abstentionThreshold: 0.4, retentionDays: 45, handoffEnabled: false } });
    for (const s of statements) await b.ctx.db.execute(sql.raw(s));
    b.ctx.settings.invalidate();
    expect(await b.ctx.settings.get('assistant.answering')).toEqual({ abstentionThreshold: 0.4, handoffEnabled: false });
    // The periods the migration fills in are the setting's defaults.
    expect(await b.ctx.settings.get(RETENTION_KEY)).toEqual({ ...RETENTION_DEFAULTS, conversationsDays: 45 });
  });
});
