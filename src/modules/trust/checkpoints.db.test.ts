import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BeffroiApp } from '../../platform/app';
import { checkSignatures } from '../../platform/audit/checkpoint-compare';
import { checkpointsDocumentSchema, type CheckpointsDocument } from '../../platform/audit/checkpoint-document';
import { CHECKPOINT_EMAIL_JOB, CHECKPOINT_JOB, CHECKPOINT_WEBHOOK_JOB } from '../../platform/audit/checkpoints';
import { auditCheckpoints, auditEvents } from '../../platform/audit/schema';
import { recordAudit, SYSTEM_ACTOR } from '../../platform/audit/service';
import { CHECKPOINT_KEY_FILE } from '../../platform/audit/signing-key';
import { checkpointStatement, keyIdOf } from '../../platform/audit/signed-checkpoint';
import { publishedKeys } from '../../platform/audit/verify-checkpoints';
import { queryRows } from '../../platform/db/client';
import { jobs } from '../../platform/jobs/schema';
import { createTestApp } from '../../platform/testing/app';
import { tamperWithAuditLog } from '../../platform/testing/audit';
import { mailParts, startTestSmtpServer, type TestSmtpServer } from '../../platform/testing/smtp';

async function adminSession(b: BeffroiApp) {
  const res = await b.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'admin@test.beffroi.fr', password: 'test-admin-password-123' },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'beffroi_session')!;
  return { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
}

/** Every checkpoint of the document is validly signed by a key it publishes under its SHA-256. */
function expectValidlySigned(document: CheckpointsDocument) {
  expect(keyIdOf(document.publicKey)).toBe(document.keyId);
  const found = document.checkpoints.map((c) => ({ ...c, source: 'test' }));
  const { valid, findings } = checkSignatures(found, publishedKeys([document]));
  expect(findings).toEqual([]);
  expect(valid).toHaveLength(document.checkpoints.length);
}

/** A witness's webhook on loopback: keeps each body, answers with the next status of `statuses` (then 204). */
async function startWebhook(statuses: number[]) {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      bodies.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(body) });
      res.writeHead(statuses.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/witness`, bodies, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('audit checkpoints: at start, on schedule, on request, with witnesses', () => {
  let b: BeffroiApp;
  let keysDir: string;
  let smtp: TestSmtpServer;
  let webhook: Awaited<ReturnType<typeof startWebhook>>;

  beforeAll(async () => {
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-checkpoint-keys-'));
    smtp = await startTestSmtpServer();
    webhook = await startWebhook([503]);
    b = await createTestApp({
      env: { BEFFROI_KEYS_DIR: keysDir, SMTP_URL: smtp.url, MAIL_FROM: 'Beffroi <beffroi@mairie.test>', PUBLIC_URL: 'https://mairie.test' },
    });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await b?.close();
    await smtp?.close();
    await webhook?.close();
    fs.rmSync(keysDir, { recursive: true, force: true });
  });

  const publishedDocument = async () => {
    const res = await b.app.inject({ method: 'GET', url: '/api/audit/checkpoints' });
    expect(res.statusCode, res.body).toBe(200);
    return checkpointsDocumentSchema.parse(res.json());
  };
  const chainHead = async () =>
    (await queryRows<{ n: number; last: string }>(b.ctx.db, sql`SELECT count(*)::int AS n, max(id)::text AS last FROM audit_events`))[0]!;

  it('signs the head at start and publishes it, with the public key, to anyone', async () => {
    const document = await publishedDocument();
    expect(document.checkpoints).toHaveLength(1);
    const [start] = document.checkpoints;
    const head = await chainHead();
    expect(start).toMatchObject({ reason: 'start', size: head.n, lastEventId: Number(head.last), keyId: document.keyId });
    expectValidlySigned(document);
    // The checkpoint's own event is the head it signs.
    const [event] = await b.ctx.db.select().from(auditEvents).where(eq(auditEvents.id, start!.lastEventId));
    expect(event).toMatchObject({ action: 'audit.checkpoint', subjectId: String(start!.id), hash: start!.lastHash });
    // The key is a file of the keys folder, readable by the server's user only; never in the database.
    const keyFile = path.join(keysDir, CHECKPOINT_KEY_FILE);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const dump = JSON.stringify(await queryRows(b.ctx.db, sql`SELECT * FROM audit_checkpoints`));
    expect(dump).not.toContain(fs.readFileSync(keyFile, 'utf8').split('\n')[1]!);
    expect(document.witnesses).toEqual({ webhook: { enabled: false }, email: { enabled: false, recipients: 0, offReason: 'no_recipients' } });
  });

  it('does not sign the same head again at the next start, but signs on request, for administrators only', async () => {
    const { created } = await b.ctx.services.trust.checkpoints.make('start');
    expect(created).toBe(false);
    expect((await b.app.inject({ method: 'POST', url: '/api/admin/audit/checkpoints' })).statusCode).toBe(401);
    const res = await b.app.inject({ method: 'POST', url: '/api/admin/audit/checkpoints', headers: await adminSession(b) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().checkpoint).toMatchObject({ reason: 'request', id: 2 });
    const document = await publishedDocument();
    expect(document.checkpoints.map((c) => c.id)).toEqual([2, 1]);
    expectValidlySigned(document);
    const [event] = await b.ctx.db.select().from(auditEvents).where(eq(auditEvents.id, document.checkpoints[0]!.lastEventId));
    expect(event).toMatchObject({ action: 'audit.checkpoint', actorType: 'user' });
  });

  it('signs on schedule when the clock reaches the slot, and both witnesses receive the checkpoint', async () => {
    const session = await adminSession(b);
    const put = await b.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/trust.checkpoints',
      headers: session,
      payload: { value: { intervalMinutes: 60, webhookUrl: webhook.url, committeeEmails: ['comite@mairie.test', 'elue@mairie.test'] } },
    });
    expect(put.statusCode, put.body).toBe(200);

    const [scheduled] = await b.ctx.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, CHECKPOINT_JOB), eq(jobs.status, 'queued')));
    const slot = scheduled!.runAt;
    expect(slot.getTime()).toBeGreaterThan(Date.now());
    expect(slot.getTime()).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    expect(slot.getTime() % (60 * 60_000)).toBe(0);

    await b.ctx.db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'test.after_request', subjectType: 'thing' }));
    // An hour passes: the application's clock and the database's reach the slot.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(slot.getTime() + 5_000));
    await b.ctx.db.update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, scheduled!.id));
    await b.ctx.jobs.drain();
    vi.useRealTimers();

    const [made] = await b.ctx.db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    expect(made).toMatchObject({ id: 3, reason: 'schedule' });
    expect((await b.ctx.jobs.get(scheduled!.id))?.status).toBe('succeeded');
    const next = await b.ctx.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, CHECKPOINT_JOB), eq(jobs.status, 'queued')));
    expect(next.map((j) => j.runAt.getTime())).toEqual([slot.getTime() + 60 * 60_000]);

    // The witnesses' jobs were queued for the moment of the checkpoint, an hour ahead of the database's clock.
    const witnessJobs = inArray(jobs.kind, [CHECKPOINT_WEBHOOK_JOB, CHECKPOINT_EMAIL_JOB]);
    await b.ctx.db.update(jobs).set({ runAt: sql`now()` }).where(and(witnessJobs, eq(jobs.status, 'queued')));
    await b.ctx.jobs.drain();
    // The webhook answered 503 once: its job waits for another attempt, then delivers.
    const [webhookJob] = await b.ctx.db.select().from(jobs).where(eq(jobs.kind, CHECKPOINT_WEBHOOK_JOB));
    expect(webhookJob).toMatchObject({ status: 'queued', attempts: 1, lastError: 'webhook answered HTTP 503' });
    await b.ctx.db.update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, webhookJob!.id));
    await b.ctx.jobs.drain();
    expect((await b.ctx.jobs.get(webhookJob!.id))?.status).toBe('succeeded');

    expect(webhook.bodies).toHaveLength(2);
    const delivered = webhook.bodies[1] as { method: string; contentType: string; body: CheckpointsDocument & { type: string } };
    expect(delivered).toMatchObject({ method: 'POST', contentType: 'application/json' });
    expect(delivered.body.type).toBe('beffroi.audit_checkpoint');
    const sent = checkpointsDocumentSchema.parse(delivered.body);
    expect(sent.checkpoints.map((c) => c.id)).toEqual([3]);
    expect(sent.checkpoints[0]).toMatchObject({ lastHash: made!.lastHash, size: made!.size });
    expectValidlySigned(sent);

    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['comite@mairie.test', 'elue@mairie.test']);
    expect(mail!.from).toBe('beffroi@mairie.test');
    const parts = mailParts(mail!.raw);
    const text = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'))!.body;
    expect(text).toContain(checkpointStatement({ ...sent.checkpoints[0]! }));
    expect(text).toContain('npm run audit:verify -- --checkpoints beffroi-checkpoint-3.json');
    expect(text).toContain('https://mairie.test/api/audit/checkpoints');
    const attachment = parts.find((p) => p.headers['content-disposition']?.includes('beffroi-checkpoint-3.json'))!;
    const attached = checkpointsDocumentSchema.parse(JSON.parse(attachment.body));
    expect(attached.checkpoints).toEqual(sent.checkpoints);
    expectValidlySigned(attached);
    const [emailJob] = await b.ctx.db.select().from(jobs).where(eq(jobs.kind, CHECKPOINT_EMAIL_JOB));
    expect(emailJob!.status).toBe('succeeded');
  });

  it('refuses to sign a chain cut after its last checkpoint, naming the event', async () => {
    // The last events the third checkpoint covers, and any written after it (background jobs may write some).
    const [covered] = await b.ctx.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.id, 3));
    const tail = await queryRows<{ id: string }>(b.ctx.db, sql`SELECT id::text FROM audit_events WHERE id >= ${covered!.lastEventId - 2} ORDER BY id DESC`);
    await tamperWithAuditLog(b.ctx.db, sql`DELETE FROM audit_events WHERE id IN (${sql.join(tail.map((t) => sql`${t.id}::bigint`), sql`, `)})`);
    const res = await b.app.inject({ method: 'POST', url: '/api/admin/audit/checkpoints', headers: await adminSession(b) });
    expect(res.statusCode, res.body).toBe(409);
    const [third] = await b.ctx.db.select().from(auditCheckpoints).where(eq(auditCheckpoints.id, 3));
    expect(res.json()).toMatchObject({ code: 'audit.chain_truncated', checkpointId: 3, eventId: third!.lastEventId });
    expect(tail.map((t) => Number(t.id))).toContain(third!.lastEventId);
    expect(res.json().detail).toBe(
      `Le journal d’audit a été tronqué : l’événement n° ${res.json().eventId}, couvert par le point de contrôle n° 3, n’y est plus. Aucun point de contrôle n’est signé.`,
    );
    expect((await publishedDocument()).checkpoints.map((c) => c.id)).toEqual([3, 2, 1]);

    // The back-office's check: the chain verifies by itself, the stored checkpoints show the cut.
    const verify = await b.app.inject({ method: 'POST', url: '/api/admin/audit/verify', headers: await adminSession(b), payload: {} });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json()).toMatchObject({ ok: true, firstBroken: null, checkpoints: { checked: 3 } });
    expect(verify.json().checkpoints.findings).toMatchObject([{ kind: 'truncation', checkpointId: 3, eventId: third!.lastEventId }]);
    expect(verify.json().checkpoints.findings[0].message).toMatch(/^TRUNCATED: /);
  });
});

describe('audit checkpoints without an SMTP server', () => {
  let b: BeffroiApp;
  beforeAll(async () => {
    b = await createTestApp();
  });
  afterAll(async () => b?.close());

  it('says that e-mail witnessing is off, and sends no e-mail', async () => {
    await b.ctx.db.transaction((tx) =>
      b.ctx.settings.set(tx, SYSTEM_ACTOR, 'trust.checkpoints', { intervalMinutes: 30, webhookUrl: null, committeeEmails: ['comite@mairie.test'] }),
    );
    const res = await b.app.inject({ method: 'GET', url: '/api/audit/checkpoints' });
    expect(res.json().witnesses).toEqual({ webhook: { enabled: false }, email: { enabled: false, recipients: 1, offReason: 'smtp_not_configured' } });
    await b.ctx.services.trust.checkpoints.make('request');
    expect(await b.ctx.db.select().from(jobs).where(eq(jobs.kind, CHECKPOINT_EMAIL_JOB))).toEqual([]);
  });

  it('refuses a webhook that is not an http(s) URL and addresses that are not addresses', async () => {
    const refused = await b.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/trust.checkpoints',
      headers: await adminSession(b),
      payload: { value: { intervalMinutes: 60, webhookUrl: 'file:///etc/passwd', committeeEmails: ['not an address'] } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/body/value/committeeEmails/0', '/body/value/webhookUrl']);
  });
});
