/**
 * Alerts through the HTTP API and the jobs, on both backends, with a real SMTP server on loopback:
 * double opt-in, an immediate alert, a daily digest, an SMTP server down then up (delivered once),
 * a permanent refusal, one-click unsubscribe, deleting one's data, expiry, web push to a fake push
 * service (and a 410 removing the subscription), rate limits without enumeration.
 */
import { createECDH, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import { queryRows } from '../../../platform/db/client';
import { createMailer } from '../../../platform/mail/mailer';
import { applyRetention } from '../../../platform/privacy/retention';
import { startModuleServer, testClient, type TestServer } from '../../../platform/testing/module-server';
import { mailParts, startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../../platform/testing/smtp';
import { assistantModule } from '../../assistant/manifest';
import { participationModule } from '../../participation/manifest';
import { publicSpaceModule } from '../../public-space/manifest';
import { territoryModule } from '../../territory/manifest';
import { communicationModule } from '../manifest';
import { dueAt } from './core';
import { deliverDue, matchNotice } from './delivery';
import { recordNotice, type Notice } from './notices';
import { pullConsultations, pullReports } from './sources';

let server: TestServer;
let smtp: TestSmtpServer;
let resident: ReturnType<typeof testClient>;
let agent: ReturnType<typeof testClient>;
let zones: { ref: string; name: string }[];
const ctx = () => server.beffroi.ctx;
const FROM = 'Mairie <mairie@test.beffroi.fr>';

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startModuleServer([territoryModule, assistantModule, participationModule, publicSpaceModule, communicationModule], { SMTP_URL: smtp.url, MAIL_FROM: FROM, PUBLIC_URL: 'http://beffroi.test' });
  resident = testClient(server.baseUrl);
  agent = testClient(server.baseUrl, 'agent');
  const options = await resident.get('/api/communication/alerts/options');
  expect(options.status, options.text).toBe(200);
  zones = options.body.zones;
}, 120_000);
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const drain = () => ctx().jobs.drain();
const bodyOf = (mail: ReceivedMail) => mailParts(mail.raw)[0]!.body;
/** The subject, its MIME encoded words (RFC 2047) decoded. */
const subjectOf = (mail: ReceivedMail) =>
  (mailParts(mail.raw)[0]!.headers.subject ?? '').replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
const linkIn = (mail: ReceivedMail, path: string) => new RegExp(`http://beffroi\\.test${path}/([A-Za-z0-9_-]{43})`).exec(bodyOf(mail))?.[1];

async function subscribe(email: string, scope: Record<string, unknown>): Promise<string> {
  const before = mailsTo(email).length;
  const res = await resident.post('/api/communication/alerts/subscriptions', { email, topics: [], zones: [], wholeCommune: true, frequency: 'immediate', ...scope });
  expect(res.status, res.text).toBe(202);
  expect(res.body).toEqual({ status: 'pending' });
  await drain();
  const mail = mailsTo(email)[before];
  expect(mail, `confirmation mail to ${email}`).toBeDefined();
  const token = linkIn(mail!, '/alertes/confirmer');
  expect(token).toBeDefined();
  const confirmed = await resident.post('/api/communication/alerts/confirmations', { token });
  expect(confirmed.status, confirmed.text).toBe(200);
  return confirmed.body.manageToken as string;
}

async function notice(n: Partial<Notice> & { sourceId: string }): Promise<number> {
  await ctx().db.transaction((tx) =>
    recordNotice(ctx(), tx, { kind: 'event', source: 'test', title: `Événement ${n.sourceId}`, summary: 'Résumé.', path: `/agenda/${n.sourceId}`, topics: [], zones: [], occurredAt: new Date(), ...n }),
  );
  const [row] = await queryRows<{ id: number }>(ctx().db, sql`SELECT id FROM communication_alert_notices WHERE source = ${n.source ?? 'test'} AND source_id = ${n.sourceId}`);
  return Number(row!.id);
}

async function outbox(email: string | null = null) {
  void email;
  return queryRows<{ status: string; attempts: number; last_error: string | null; sent_at: Date | null; subscription_id: string; notice_id: number }>(
    ctx().db,
    sql`SELECT status, attempts, last_error, sent_at, subscription_id, notice_id FROM communication_alert_outbox ORDER BY id`,
  );
}

describe('subscribing by e-mail (double opt-in)', () => {
  it('offers the topics and the demo neighbourhoods', async () => {
    const options = await resident.get('/api/communication/alerts/options');
    expect(options.body.topics.length).toBeGreaterThan(5);
    expect(zones.length).toBeGreaterThan(1);
    expect(options.body.email).toBe(true);
    expect(options.body.pushPublicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  });

  it('seals the address, sends nothing but the link before confirmation, then an immediate alert with its unsubscribe headers, once', async () => {
    const email = 'alice@example.org';
    const res = await resident.post('/api/communication/alerts/subscriptions', { email, topics: ['travaux-voirie'], zones: [zones[0]!.ref], wholeCommune: false, frequency: 'immediate' });
    expect(res.status).toBe(202);
    const [row] = await queryRows<{ email_sealed: string; status: string }>(ctx().db, sql`SELECT email_sealed, status FROM communication_alert_subscriptions`);
    expect(row!.status).toBe('pending');
    expect(row!.email_sealed).not.toContain('example');
    // A notice before confirmation reaches no one.
    await notice({ sourceId: 'before', topics: ['travaux-voirie'] });
    await drain();
    expect(mailsTo(email)).toHaveLength(1);
    expect(subjectOf(mailsTo(email)[0]!)).toMatch(/Confirmez/);
    const token = linkIn(mailsTo(email)[0]!, '/alertes/confirmer')!;
    const confirmed = await resident.post('/api/communication/alerts/confirmations', { token });
    expect(confirmed.status).toBe(200);
    const manageToken = confirmed.body.manageToken as string;
    expect((await resident.post('/api/communication/alerts/confirmations', { token })).status).toBe(404);

    // An agent publishes a news item on that topic in that neighbourhood.
    const created = await agent.post('/api/admin/communication/news', { title: 'Travaux rue de Fontenay', body: 'La rue est fermée lundi.', topics: ['travaux-voirie'], zones: [zones[0]!.ref] });
    expect(created.status, created.text).toBe(201);
    const published = await agent.post(`/api/admin/communication/news/${created.body.id}/publish`);
    expect(published.status, published.text).toBe(200);
    // Elsewhere, or on another topic: not for Alice.
    const other = await agent.post('/api/admin/communication/news', { title: 'Concert au parc', body: 'Samedi.', topics: ['culture'], zones: [] });
    await agent.post(`/api/admin/communication/news/${other.body.id}/publish`);
    const elsewhere = await agent.post('/api/admin/communication/news', { title: 'Travaux ailleurs', body: 'Mardi.', topics: ['travaux-voirie'], zones: [zones[1]!.ref] });
    await agent.post(`/api/admin/communication/news/${elsewhere.body.id}/publish`);
    await drain();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    const alert = mailParts(mails[1]!.raw)[0]!;
    expect(subjectOf(mails[1]!)).toBe('Travaux rue de Fontenay');
    expect(alert.headers['list-unsubscribe']).toBe(`<http://beffroi.test/api/communication/alerts/unsubscribe/${manageToken}>`);
    expect(alert.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(alert.body).toContain(`http://beffroi.test/actualites/${created.body.id}`);
    expect(alert.body).toContain(`http://beffroi.test/alertes/gerer/${manageToken}`);
    // Publishing again is refused; running the jobs again sends nothing more.
    expect((await agent.post(`/api/admin/communication/news/${created.body.id}/publish`)).status).toBe(409);
    await drain();
    await deliverDue(ctx(), { now: new Date(Date.now() + 8 * 24 * 3600_000) });
    expect(mailsTo(email)).toHaveLength(2);

    // The public news list and the management page.
    const list = await resident.get('/api/communication/news');
    expect(list.body.items.map((n: { title: string }) => n.title)).toContain('Travaux rue de Fontenay');
    const manage = await resident.get(`/api/communication/alerts/manage/${manageToken}`);
    expect(manage.body).toMatchObject({ channel: 'email', status: 'confirmed', topics: ['travaux-voirie'], zones: [zones[0]!.ref], frequency: 'immediate' });
    expect(manage.text).not.toContain('alice');
    // The back-office sees counts only.
    const stats = await agent.get('/api/admin/communication/alerts/stats');
    expect(stats.status).toBe(200);
    expect(stats.text).not.toContain('alice');
    expect(stats.body.outbox.sent).toBeGreaterThanOrEqual(1);
    // The agenda's service: the resident's scope by their token.
    const scope = await ctx().services.communication.alerts.scopeByManageToken(manageToken);
    expect(scope).toEqual({ topics: ['travaux-voirie'], zones: [zones[0]!.ref], wholeCommune: false });
  });

  it('answers the same for a known address, mailing it its management link instead of a new confirmation', async () => {
    const email = 'alice@example.org';
    const before = mailsTo(email).length;
    const res = await resident.post('/api/communication/alerts/subscriptions', { email: 'Alice@Example.org', topics: [], zones: [], wholeCommune: true, frequency: 'daily' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'pending' });
    await drain();
    const mail = mailsTo(email)[before]!;
    expect(linkIn(mail, '/alertes/gerer')).toBeDefined();
    expect(linkIn(mail, '/alertes/confirmer')).toBeUndefined();
    // The subscription did not change.
    const [row] = await queryRows<{ frequency: string }>(ctx().db, sql`SELECT frequency FROM communication_alert_subscriptions WHERE status = 'confirmed' AND channel = 'email'`);
    expect(row!.frequency).toBe('immediate');
  });

  it('refuses unknown topics and zones, and a subscription to no place', async () => {
    const base = { email: 'x@example.org', frequency: 'immediate' };
    expect((await resident.post('/api/communication/alerts/subscriptions', { ...base, topics: ['nope'], zones: [], wholeCommune: true })).body.code).toBe('communication.alerts_unknown_topic');
    expect((await resident.post('/api/communication/alerts/subscriptions', { ...base, topics: [], zones: ['nozoning:1'], wholeCommune: false })).body.code).toBe('communication.alerts_unknown_zone');
    expect((await resident.post('/api/communication/alerts/subscriptions', { ...base, topics: [], zones: [], wholeCommune: false })).body.code).toBe('communication.alerts_no_place');
  });
});

describe('digests and delivery failures', () => {
  it('sends a daily digest listing two notices, at its hour', async () => {
    const email = 'bob@example.org';
    await subscribe(email, { frequency: 'daily', topics: ['culture'] });
    await notice({ sourceId: 'digest-1', title: 'Fête de la musique', topics: ['culture'] });
    await notice({ sourceId: 'digest-2', title: 'Nuit des musées', topics: ['culture'], zones: [zones[1]!.ref] });
    await notice({ sourceId: 'digest-3', title: 'Match de football', topics: ['sport'] });
    await drain();
    expect(mailsTo(email)).toHaveLength(1); // the confirmation only
    await deliverDue(ctx(), { now: new Date(Date.now() + 25 * 3600_000) });
    const digests = mailsTo(email).slice(1);
    expect(digests).toHaveLength(1);
    const digest = mailParts(digests[0]!.raw)[0]!;
    expect(subjectOf(digests[0]!)).toBe('Vos alertes du jour : 2 nouveautés');
    expect(digest.body).toContain('Fête de la musique');
    expect(digest.body).toContain('Nuit des musées');
    expect(digest.body).not.toContain('Match de football');
    expect(digest.body).toContain('http://beffroi.test/agenda/digest-1');
    await deliverDue(ctx(), { now: new Date(Date.now() + 50 * 3600_000) });
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('sends an immediate subscriber one mail for notices recorded together (a session of acts published at once)', async () => {
    const email = 'chloe@example.org';
    await subscribe(email, { frequency: 'immediate', topics: ['institutions'] });
    const acts = ['Délégations au maire', 'Indemnités des élus', 'Commissions municipales'];
    await ctx().db.transaction(async (tx) => {
      for (const [i, title] of acts.entries()) {
        await recordNotice(ctx(), tx, { kind: 'deliberation', source: 'test', sourceId: `session-${i}`, title, summary: 'Résumé automatique : …', path: `/deliberations/actes/${i}`, topics: ['institutions'], zones: [], occurredAt: new Date() });
      }
    });
    await drain();
    const alerts = mailsTo(email).slice(1);
    expect(alerts).toHaveLength(1);
    expect(subjectOf(alerts[0]!)).toBe('3 nouveautés de la commune');
    for (const title of acts) expect(bodyOf(alerts[0]!)).toContain(title);
  });

  it('keeps messages while the SMTP server is down for days, counting no attempt, and sends them once when it is back', async () => {
    const email = 'carol@example.org';
    await subscribe(email, { topics: ['sport'] });
    const closed = await startTestSmtpServer();
    const deadUrl = closed.url;
    await closed.close();
    const down = createMailer({ smtpUrl: deadUrl, from: FROM });
    const id = await notice({ sourceId: 'smtp-down', title: 'Piscine fermée', topics: ['sport'] });
    await matchNotice(ctx(), id);
    // A week of runs (every 6 h here) against a server that does not answer: the first connection
    // error stops each run; nothing counts as an attempt, nothing fails.
    for (let run = 0; run < 30; run++) {
      const report = await deliverDue(ctx(), { mailer: down, now: new Date(Date.now() + run * 6 * 3600_000) });
      expect(report).toMatchObject({ messages: 1, sent: 0, retried: 0, failed: 0 });
      expect(report.postponed).toBeGreaterThanOrEqual(1);
    }
    const carol = (await outbox()).filter((r) => Number(r.notice_id) === id);
    expect(carol).toHaveLength(1);
    expect(carol[0]).toMatchObject({ status: 'pending', attempts: 0 });
    expect(carol[0]!.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect((await outbox()).some((r) => r.status === 'failed')).toBe(false);
    const deferred = await queryRows<{ after: { failure?: string } }>(ctx().db, sql`SELECT after FROM audit_events WHERE action = 'communication.alert_message_deferred'`);
    expect(deferred.length).toBeGreaterThanOrEqual(30);
    expect(deferred[0]!.after.failure).toMatch(/^E[A-Z]+$/);
    // The server is back: delivered once, at the next run.
    await deliverDue(ctx(), { now: new Date(Date.now() + 8 * 24 * 3600_000) });
    await drain();
    await deliverDue(ctx(), { now: new Date(Date.now() + 9 * 24 * 3600_000) });
    const mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    expect(subjectOf(mails[1]!)).toBe('Piscine fermée');
    const after = (await outbox()).find((r) => Number(r.notice_id) === id)!;
    expect(after).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('claims with a lease counted from the time of the claim, and writes nothing once another run took the rows over', async () => {
    const email = 'kim@example.org';
    await subscribe(email, { topics: ['education'] });
    const id = await notice({ sourceId: 'lease-1', title: 'Centre aéré', topics: ['education'] });
    await matchNotice(ctx(), id);
    const seen: { due_at: Date; claim_token: string | null }[] = [];
    const takingOver = {
      async send() {
        const [row] = await queryRows<{ due_at: Date; claim_token: string | null }>(ctx().db, sql`SELECT due_at, claim_token FROM communication_alert_outbox WHERE notice_id = ${id}`);
        seen.push(row!);
        // Meanwhile another run takes the rows over (its own claim token).
        await ctx().db.execute(sql`UPDATE communication_alert_outbox SET claim_token = gen_random_uuid() WHERE notice_id = ${id}`);
        return { messageId: 'x', accepted: [], rejected: [] };
      },
    };
    const report = await deliverDue(ctx(), { mailer: takingOver, now: new Date(Date.now() + 60_000) });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.claim_token).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(seen[0]!.due_at).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(report).toMatchObject({ messages: 1, sent: 0, lost: 1 });
    const [row] = await queryRows<{ status: string; attempts: number }>(ctx().db, sql`SELECT status, attempts FROM communication_alert_outbox WHERE notice_id = ${id}`);
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    // The other run's claim lapses: delivered by the next run, once.
    await ctx().db.execute(sql`UPDATE communication_alert_outbox SET due_at = now() - interval '1 minute' WHERE notice_id = ${id}`);
    await deliverDue(ctx());
    expect(mailsTo(email)).toHaveLength(2);
    await deliverDue(ctx(), { now: new Date(Date.now() + 3600_000) });
    expect(mailsTo(email)).toHaveLength(2);
  });

  it('stops between two messages once its job is aborted', async () => {
    const id = await notice({ sourceId: 'abort-1', title: 'Atelier', topics: ['education'] });
    await matchNotice(ctx(), id);
    const report = await deliverDue(ctx(), { signal: AbortSignal.abort() });
    expect(report.messages).toBe(0);
    await deliverDue(ctx());
    expect(mailsTo('kim@example.org')).toHaveLength(3);
  });

  it('marks a message refused for good (550) failed, and does not try it again', async () => {
    const refusing = await startTestSmtpServer({ reject: 550 });
    try {
      const id = await notice({ sourceId: 'smtp-550', title: 'Tournoi', topics: ['sport'] });
      await matchNotice(ctx(), id);
      const report = await deliverDue(ctx(), { mailer: createMailer({ smtpUrl: refusing.url, from: FROM }) });
      expect(report.failed).toBeGreaterThanOrEqual(1);
      const rows = (await outbox()).filter((r) => Number(r.notice_id) === id);
      expect(rows.every((r) => r.status === 'failed' && r.attempts === 1)).toBe(true);
      await deliverDue(ctx(), { now: new Date(Date.now() + 3 * 24 * 3600_000) });
      const again = (await outbox()).filter((r) => Number(r.notice_id) === id);
      expect(again.every((r) => r.status === 'failed' && r.attempts === 1)).toBe(true);
      expect(mailsTo('carol@example.org').some((m) => bodyOf(m).includes('Tournoi'))).toBe(false);
      const stats = await agent.get('/api/admin/communication/alerts/stats');
      expect(stats.body.outbox.failed).toBeGreaterThanOrEqual(1);
      const audited = await queryRows<{ after: Record<string, unknown> }>(ctx().db, sql`SELECT after FROM audit_events WHERE action = 'communication.alert_message_failed'`);
      expect(audited.length).toBeGreaterThanOrEqual(1);
      expect(audited.every((a) => a.after.failure === 'EMESSAGE, SMTP 550' || String(a.after.failure).includes('SMTP 550'))).toBe(true);
      expect(JSON.stringify(audited)).not.toContain('@');
    } finally {
      await refusing.close();
    }
  });
});

describe('concurrent requests and changed choices', () => {
  it('answers two first requests for one address at once with one subscription, and reschedules waiting messages when the frequency changes', async () => {
    const email = 'nora@example.org';
    const body = { email, topics: ['securite'], zones: [], wholeCommune: true, frequency: 'daily' };
    const answers = await Promise.all([resident.post('/api/communication/alerts/subscriptions', body), resident.post('/api/communication/alerts/subscriptions', body)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    const rows = await queryRows<{ id: string }>(ctx().db, sql`SELECT id FROM communication_alert_subscriptions WHERE topics = ARRAY['securite']::text[]`);
    expect(rows).toHaveLength(1);
    await drain();
    const token = linkIn(mailsTo(email).at(-1)!, '/alertes/confirmer')!;
    const confirmed = await resident.post('/api/communication/alerts/confirmations', { token });
    expect(confirmed.status, confirmed.text).toBe(200);
    const manageToken = confirmed.body.manageToken as string;
    const id = await notice({ sourceId: 'freq-1', topics: ['securite'] });
    await matchNotice(ctx(), id);
    const due = async () => new Date((await queryRows<{ due_at: Date }>(ctx().db, sql`SELECT due_at FROM communication_alert_outbox WHERE notice_id = ${id}`))[0]!.due_at).getTime();
    const daily = await due();
    const changed = await resident.put(`/api/communication/alerts/manage/${manageToken}`, { topics: ['securite'], zones: [], wholeCommune: true, frequency: 'weekly', language: 'fr' });
    expect(changed.status, changed.text).toBe(200);
    const weekly = await due();
    expect(Math.abs(weekly - dueAt('weekly', new Date()).getTime())).toBeLessThan(60_000);
    const toImmediate = await resident.put(`/api/communication/alerts/manage/${manageToken}`, { topics: ['securite'], zones: [], wholeCommune: true, frequency: 'immediate', language: 'fr' });
    expect(toImmediate.status).toBe(200);
    expect(await due()).toBeLessThanOrEqual(Date.now());
    expect(daily).toBeGreaterThan(Date.now());
    await deliverDue(ctx());
    expect(mailsTo(email).some((m) => bodyOf(m).includes('/agenda/freq-1'))).toBe(true);
  });
});

describe('withdrawn and corrected items', () => {
  it('does not mail an item withdrawn before its digest, mails it again once republished, and carries a news item’s corrected title', async () => {
    const email = 'lea@example.org';
    await subscribe(email, { topics: ['associations'], frequency: 'daily' });
    // An agenda event published then unpublished before the digest.
    const event = await agent.post('/api/admin/agenda/events', { title: 'Forum des associations', startsAt: new Date(Date.now() + 5 * 24 * 3600_000).toISOString(), topics: ['associations'], publish: true });
    expect(event.status, event.text).toBe(201);
    await drain();
    const pendingFor = async () =>
      queryRows<{ id: number }>(ctx().db, sql`SELECT o.id FROM communication_alert_outbox o JOIN communication_alert_notices n ON n.id = o.notice_id WHERE n.source_id = ${event.body.id} AND o.status = 'pending'`);
    expect(await pendingFor()).toHaveLength(1);
    const unpublished = await agent.post(`/api/admin/agenda/events/${event.body.id}/publish`, { published: false });
    expect(unpublished.status, unpublished.text).toBe(200);
    expect(await pendingFor()).toHaveLength(0);
    const withdrawn = await queryRows<{ after: { dropped: number } }>(ctx().db, sql`SELECT after FROM audit_events WHERE action = 'communication.notice_withdrawn'`);
    expect(withdrawn.map((w) => w.after.dropped)).toEqual([1]);
    // A news item, published then corrected before the digest.
    const news = await agent.post('/api/admin/communication/news', { title: 'Assemblée génrale du club', body: 'Jeudi.', topics: ['associations'], zones: [] });
    await agent.post(`/api/admin/communication/news/${news.body.id}/publish`);
    await drain();
    const corrected = await agent.patch(`/api/admin/communication/news/${news.body.id}`, { title: 'Assemblée générale du club', body: 'Jeudi à 18 h.' });
    expect(corrected.status, corrected.text).toBe(200);
    await deliverDue(ctx(), { now: new Date(Date.now() + 25 * 3600_000) });
    let digests = mailsTo(email).slice(1);
    expect(digests).toHaveLength(1);
    expect(bodyOf(digests[0]!)).toContain('Assemblée générale du club');
    expect(bodyOf(digests[0]!)).toContain('Jeudi à 18 h.');
    expect(bodyOf(digests[0]!)).not.toContain('génrale');
    expect(bodyOf(digests[0]!)).not.toContain('Forum des associations');
    // Published again: alerted again, once.
    expect((await agent.post(`/api/admin/agenda/events/${event.body.id}/publish`, { published: true })).status).toBe(200);
    await drain();
    await deliverDue(ctx(), { now: new Date(Date.now() + 49 * 3600_000) });
    digests = mailsTo(email).slice(1);
    expect(digests).toHaveLength(2);
    expect(bodyOf(digests[1]!)).toContain('Forum des associations');
    await deliverDue(ctx(), { now: new Date(Date.now() + 73 * 3600_000) });
    expect(mailsTo(email)).toHaveLength(3);
  });
});

describe('unsubscribing and deleting one’s data', () => {
  it('unsubscribes in one click (RFC 8058): the address is erased and nothing more is sent', async () => {
    const email = 'dan@example.org';
    const manageToken = await subscribe(email, { topics: ['mobilite'] });
    // Opened with GET (a browser, a link scanner): the management page, nothing unsubscribed.
    const opened = await fetch(`${server.baseUrl}/api/communication/alerts/unsubscribe/${manageToken}`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(`http://beffroi.test/alertes/gerer/${manageToken}`);
    expect((await resident.get(`/api/communication/alerts/manage/${manageToken}`)).body.status).toBe('confirmed');
    expect((await fetch(`${server.baseUrl}/api/communication/alerts/unsubscribe/not%20a%20token`, { redirect: 'manual' })).status).toBe(400);
    const res = await fetch(`${server.baseUrl}/api/communication/alerts/unsubscribe/${manageToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const [row] = await queryRows<{ status: string; email_sealed: string | null }>(
      ctx().db,
      sql`SELECT s.status, s.email_sealed FROM communication_alert_subscriptions s WHERE s.status = 'unsubscribed'`,
    );
    expect(row).toEqual({ status: 'unsubscribed', email_sealed: null });
    await notice({ sourceId: 'after-unsub', title: 'Nouvelle ligne de bus', topics: ['mobilite'] });
    await drain();
    expect(mailsTo(email)).toHaveLength(1);
    expect((await resident.get(`/api/communication/alerts/manage/${manageToken}`)).body.status).toBe('unsubscribed');
    // The retention rule removes the cancelled subscription after 30 days.
    await applyRetention(ctx(), { now: new Date(Date.now() + 31 * 24 * 3600_000) });
    expect((await resident.get(`/api/communication/alerts/manage/${manageToken}`)).status).toBe(404);
  });

  it('deletes the subscription and its messages on request; changes choices by the management link', async () => {
    const email = 'erin@example.org';
    const manageToken = await subscribe(email, { topics: ['solidarite'] });
    const changed = await resident.put(`/api/communication/alerts/manage/${manageToken}`, { topics: ['solidarite', 'sport'], zones: [zones[0]!.ref], wholeCommune: false, frequency: 'weekly', language: 'en' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body).toMatchObject({ frequency: 'weekly', language: 'en', topics: ['solidarite', 'sport'] });
    await notice({ sourceId: 'erin-1', topics: ['sport'] });
    await drain();
    const [{ n }] = (await queryRows<{ n: number }>(ctx().db, sql`SELECT count(*)::int AS n FROM communication_alert_outbox o JOIN communication_alert_subscriptions s ON s.id = o.subscription_id WHERE s.frequency = 'weekly'`)) as [{ n: number }];
    expect(Number(n)).toBe(1);
    const deleted = await resident.delete(`/api/communication/alerts/manage/${manageToken}`);
    expect(deleted.status).toBe(204);
    expect((await resident.get(`/api/communication/alerts/manage/${manageToken}`)).status).toBe(404);
    const [{ m }] = (await queryRows<{ m: number }>(ctx().db, sql`SELECT count(*)::int AS m FROM communication_alert_outbox o JOIN communication_alert_subscriptions s ON s.id = o.subscription_id WHERE s.frequency = 'weekly'`)) as [{ m: number }];
    expect(Number(m)).toBe(0);
    const audit = await queryRows<{ action: string }>(ctx().db, sql`SELECT action FROM audit_events WHERE action = 'communication.alert_subscription_deleted'`);
    expect(audit).toHaveLength(1);
  });

  it('lets an unconfirmed request expire: its link no longer works and retention deletes it', async () => {
    const email = 'frank@example.org';
    await resident.post('/api/communication/alerts/subscriptions', { email, topics: [], zones: [], wholeCommune: true, frequency: 'immediate' });
    await drain();
    const token = linkIn(mailsTo(email)[0]!, '/alertes/confirmer')!;
    await ctx().db.execute(sql`UPDATE communication_alert_subscriptions SET expires_at = now() - interval '1 minute' WHERE status = 'pending'`);
    expect((await resident.post('/api/communication/alerts/confirmations', { token })).status).toBe(404);
    await applyRetention(ctx(), { now: new Date() });
    const rows = await queryRows(ctx().db, sql`SELECT id FROM communication_alert_subscriptions WHERE status = 'pending'`);
    expect(rows).toHaveLength(0);
  });
});

describe('the scheduled sending job', () => {
  it('sends what is due, schedules its next run, and drops its own finished runs after a day', async () => {
    await ctx().db.execute(
      sql`INSERT INTO jobs (kind, payload, status, run_at, finished_at) VALUES ('communication.alerts_deliver', '{}'::jsonb, 'succeeded', now() - interval '2 days', now() - interval '2 days')`,
    );
    await ctx().db.execute(sql`UPDATE jobs SET run_at = now() WHERE kind = 'communication.alerts_deliver' AND status = 'queued'`);
    await drain();
    const rows = await queryRows<{ status: string; n: number }>(
      ctx().db,
      sql`SELECT status, count(*)::int AS n FROM jobs WHERE kind = 'communication.alerts_deliver' GROUP BY status ORDER BY status`,
    );
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([
      ['queued', 1],
      ['succeeded', 1],
    ]);
  });
});

describe('other modules as sources', () => {
  it('tells of a consultation opening, not of those already open when alerts started', async () => {
    const email = 'ines@example.org';
    await subscribe(email, { topics: ['participation'] });
    // The demo consultation is open already: known (by this pull, or the scheduled job's), not alerted.
    await pullConsultations(ctx());
    const known = await queryRows<{ matched_at: Date | null }>(ctx().db, sql`SELECT matched_at FROM communication_alert_notices WHERE source = 'participation.consultation'`);
    expect(known.length).toBeGreaterThan(0);
    expect(known.every((k) => k.matched_at !== null)).toBe(true);
    await drain();
    expect(mailsTo(email)).toHaveLength(1);
    const created = await agent.post('/api/admin/participation/consultations', { title: 'Le marché du dimanche', question: 'Faut-il l’agrandir ?' });
    expect(created.status, created.text).toBe(201);
    await agent.post(`/api/admin/participation/consultations/${created.body.id}/statements`, { text: 'Un marché plus grand le dimanche matin.' });
    const opened = await agent.post(`/api/admin/participation/consultations/${created.body.id}/phase`, { phase: 'open' });
    expect(opened.status, opened.text).toBe(200);
    expect((await pullConsultations(ctx())).recorded).toBe(1);
    expect((await pullConsultations(ctx())).recorded).toBe(0);
    await drain();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    expect(subjectOf(mails[1]!)).toBe('Le marché du dimanche');
    expect(bodyOf(mails[1]!)).toContain(`http://beffroi.test/participation/${created.body.id}`);
  });
});

describe('public space reports as a source', () => {
  const report = async (position: { lng: number; lat: number }, n: number) => {
    const r = await resident.post('/api/public-space/reports', { categoryCode: 'proprete-dejections-canines', description: `Devant chez Mme Martin (${n}), 06 12 34 56 78`, position, positionSource: 'map' });
    expect(r.status, r.text).toBe(201);
    return r.body.report as { id: string; district: { zoning: string; code: string } | null };
  };

  it('takes the reports there were as known, then tells a resident of a new report in their neighbourhood only', async () => {
    // Reports filed before the first pull: known, not alerted.
    const before = await report({ lng: 2.4395, lat: 48.8474 }, 1);
    expect(before.district).not.toBeNull();
    const first = await pullReports(ctx());
    expect(first.baseline).toBe(true);
    const known = await queryRows<{ source_id: string; matched_at: Date | null }>(ctx().db, sql`SELECT source_id, matched_at FROM communication_alert_notices WHERE source = 'public-space.report'`);
    expect(known.map((k) => k.source_id)).toContain(`${before.id}:new`);
    expect(known.every((k) => k.matched_at !== null)).toBe(true);

    const here = `${before.district!.zoning}:${before.district!.code}`;
    const email = 'noe@example.org';
    await subscribe(email, { topics: [], zones: [here], wholeCommune: false });
    await drain();
    expect(mailsTo(email)).toHaveLength(1);

    const near = await report({ lng: 2.4396, lat: 48.8473 }, 2);
    const far = await report({ lng: 2.4402, lat: 48.8481 }, 3);
    expect(`${near.district!.zoning}:${near.district!.code}`).toBe(here);
    expect(`${far.district!.zoning}:${far.district!.code}`).not.toBe(here);
    const second = await pullReports(ctx());
    expect(second).toEqual({ recorded: 2, baseline: false });
    expect((await pullReports(ctx())).recorded).toBe(0);
    await drain();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    expect(subjectOf(mails[1]!)).toMatch(/^Nouveau signalement : /);
    const body = bodyOf(mails[1]!);
    expect(body).toContain(`http://beffroi.test/signalements/${near.id}`);
    expect(body).not.toContain(`/signalements/${far.id}`);
    // Never the description (it may name someone).
    expect(body).not.toContain('Martin');
    expect(body).not.toContain('06 12');
    const [stored] = await queryRows<{ topics: string[]; zones: string[]; kind: string }>(ctx().db, sql`SELECT topics, zones, kind FROM communication_alert_notices WHERE source = 'public-space.report' AND source_id = ${`${near.id}:new`}`);
    expect(stored).toMatchObject({ topics: ['environnement'], zones: [here], kind: 'report' });

    // Resolved: told once more.
    const listed = await agent.get(`/api/admin/public-space/reports?q=${near.id}`);
    const to = (body: Record<string, unknown>) => agent.post(`/api/admin/public-space/reports/${listed.body.items[0].id}/transition`, body);
    expect((await to({ to: 'to_process' })).status).toBe(200);
    expect((await to({ to: 'done', publicMessage: 'Nettoyé ce matin.' })).body.status).toBe('done');
    expect(await pullReports(ctx())).toEqual({ recorded: 1, baseline: false });
    await drain();
    expect(mailsTo(email)).toHaveLength(3);
    expect(subjectOf(mailsTo(email)[2]!)).toMatch(/^Résolu : /);
  });
});

describe('web push', () => {
  it('sends the notice to the push service on loopback, and a 410 removes the subscription', async () => {
    const hits: { headers: http.IncomingHttpHeaders; body: Buffer; url: string }[] = [];
    let answer = 201;
    const push = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push({ headers: req.headers, body: Buffer.concat(chunks), url: req.url ?? '' });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => push.listen(0, '127.0.0.1', () => r()));
    try {
      const endpoint = `http://127.0.0.1:${(push.address() as AddressInfo).port}/push/abc`;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const subscription = { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
      const body = { subscription, topics: ['environnement'], zones: [], wholeCommune: true, frequency: 'immediate' };
      // Loopback is refused until an administrator opens it.
      // Plain http to a public address is refused: push endpoints are https.
      for (const insecure of ['http://8.8.8.8/x', 'http://[2606:4700:4700::1111]/x']) {
        const res = await resident.post('/api/communication/alerts/push-subscriptions', { ...body, subscription: { ...subscription, endpoint: insecure } });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('outbound.scheme_refused');
      }
      const refused = await resident.post('/api/communication/alerts/push-subscriptions', body);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('outbound.address_refused');
      await ctx().db.transaction((tx) => ctx().settings.set(tx, SYSTEM_ACTOR, 'platform.outbound', { allowedHosts: [], allowedPrivateNetworks: ['127.0.0.1/32'] }));
      ctx().settings.invalidate();
      const ok = await resident.post('/api/communication/alerts/push-subscriptions', body);
      expect(ok.status, ok.text).toBe(200);
      const first = ok.body.manageToken as string;
      // The same browser (same keys) again: the same subscription, its choices changed.
      const again = await resident.post('/api/communication/alerts/push-subscriptions', { ...body, topics: ['environnement', 'sport'] });
      expect(again.body.manageToken).toBe(first);
      // Someone who knows the endpoint but not the keys gets a new subscription, never the old one's token.
      const other = createECDH('prime256v1');
      other.generateKeys();
      const stranger = await resident.post('/api/communication/alerts/push-subscriptions', {
        ...body,
        topics: ['culture'],
        subscription: { endpoint, keys: { p256dh: other.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } },
      });
      expect(stranger.status, stranger.text).toBe(200);
      expect(stranger.body.manageToken).not.toBe(first);
      expect((await resident.get(`/api/communication/alerts/manage/${first}`)).status).toBe(404);
      expect((await resident.get(`/api/communication/alerts/manage/${stranger.body.manageToken}`)).body.topics).toEqual(['culture']);
      const back = await resident.post('/api/communication/alerts/push-subscriptions', body);
      const manageToken = back.body.manageToken as string;
      expect(manageToken).not.toBe(stranger.body.manageToken);
      await notice({ sourceId: 'push-1', title: 'Collecte des encombrants', topics: ['environnement'] });
      await drain();
      expect(hits).toHaveLength(1);
      expect(hits[0]!.url).toBe('/push/abc');
      expect(hits[0]!.headers['content-encoding']).toBe('aes128gcm');
      expect(hits[0]!.headers.authorization).toMatch(/^vapid t=.+, k=.+/);
      expect(hits[0]!.body.length).toBeGreaterThan(50);
      expect(hits[0]!.body.toString('latin1')).not.toContain('Collecte');
      // The administrator closes the network again: the endpoint is refused by the policy at the
      // next send, a permanent failure (not tried again twenty times).
      const policy = (open: boolean) =>
        ctx().db.transaction((tx) => ctx().settings.set(tx, SYSTEM_ACTOR, 'platform.outbound', { allowedHosts: [], allowedPrivateNetworks: open ? ['127.0.0.1/32'] : [] }));
      await policy(false);
      ctx().settings.invalidate();
      const closedId = await notice({ sourceId: 'push-closed', title: 'Marché', topics: ['environnement'] });
      await drain();
      expect(hits).toHaveLength(1);
      const [closedRow] = (await outbox()).filter((r) => Number(r.notice_id) === closedId);
      expect(closedRow).toMatchObject({ status: 'failed', attempts: 1 });
      await policy(true);
      ctx().settings.invalidate();
      // The browser dropped it: 410, the subscription goes.
      answer = 410;
      await notice({ sourceId: 'push-2', title: 'Tri sélectif', topics: ['environnement'] });
      await drain();
      expect(hits).toHaveLength(2);
      expect((await resident.get(`/api/communication/alerts/manage/${manageToken}`)).status).toBe(404);
      const removed = await queryRows(ctx().db, sql`SELECT id FROM audit_events WHERE action = 'communication.alert_push_subscription_removed'`);
      expect(removed).toHaveLength(1);
    } finally {
      await new Promise<void>((r) => push.close(() => r()));
    }
  });
});

describe('limits without enumeration', () => {
  it('sends at most three mails an hour to one address, with the same answer', async () => {
    const email = 'grace@example.org';
    for (let i = 0; i < 5; i++) {
      const res = await resident.post('/api/communication/alerts/subscriptions', { email, topics: [], zones: [], wholeCommune: true, frequency: 'immediate' });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ status: 'pending' });
      await drain();
    }
    expect(mailsTo(email)).toHaveLength(3);
  });

  it('refuses a client address past its hourly limit (429 with Retry-After)', async () => {
    let last = null as Awaited<ReturnType<typeof resident.post>> | null;
    for (let i = 0; i < 25; i++) {
      last = await resident.post('/api/communication/alerts/subscriptions', { email: `h${i}@example.org`, topics: [], zones: [], wholeCommune: true, frequency: 'immediate' });
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(last!.body.code).toBe('communication.alerts_rate_limited');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
