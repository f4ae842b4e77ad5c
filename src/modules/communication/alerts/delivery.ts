/**
 * Delivery of notices. A recorded notice is matched by a job against the confirmed subscriptions:
 * one outbox row per subscription × notice (unique: never twice), due now for immediate
 * subscriptions and at the next digest for the others. The sending job takes the due rows (claimed
 * for a while, so that two workers never send the same), sends one message per subscription (one per
 * notice when immediate, one digest otherwise) by e-mail through the platform mailer or by web push,
 * and marks them sent; a failure leaves them pending with their attempts and a later due time (backoff),
 * a permanent refusal (SMTP 5xx) or too many attempts marks them failed. A push service answering
 * 404 or 410 (the browser dropped the subscription) removes the subscription.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import webpush from 'web-push';
import { recordAudit, SYSTEM_ACTOR } from '../../../platform/audit/service';
import { queryRows, type Tx } from '../../../platform/db/client';
import { createMailer, scrubAddresses, type Mailer } from '../../../platform/mail/mailer';
import type { AppContext } from '../../../platform/modules';
import { isIP } from 'node:net';
import { checkAddress, PUBLIC_ADDRESSES_ONLY } from '../../../platform/net/address-policy';
import { fetchOutbound, loadOutboundPolicy, OutboundError, type OutboundPolicy } from '../../../platform/net/outbound';
import { composeMail, dueAt, MAX_ATTEMPTS, matchesSubscription, pushPayload, retryDelayMs, type MailNotice } from './core';
import { alertKeys } from './keys';
import type { Notice } from './notices';
import { communicationAlertNotices, communicationAlertOutbox, communicationAlertSubscriptions, communicationAlertVapid } from './schema';
import { baseUrl, type PushSubscriptionInput } from './subscriptions';

export const MATCH_JOB = 'communication.alerts_match';
export const DELIVER_JOB = 'communication.alerts_deliver';
/** The sending job runs every few minutes (digests at their hour, retries at their time). */
const DELIVER_EVERY_MS = 5 * 60_000;
/** How long a claimed row is kept from other workers while its message goes. */
const CLAIM_MS = 10 * 60_000;
const BATCH = 200;

/** Stores the notice (once per source item) and schedules its matching, in the caller's transaction. */
export async function storeNotice(ctx: AppContext, tx: Tx, notice: Notice, opts: { deliver?: boolean } = {}): Promise<number | null> {
  // Nobody to tell yet (a fresh installation, the demo's seed): stored as matched, no job to run.
  const anyone = async () =>
    (await tx.select({ id: communicationAlertSubscriptions.id }).from(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.status, 'confirmed')).limit(1)).length > 0;
  const deliver = (opts.deliver ?? true) && (await anyone());
  const [row] = await tx
    .insert(communicationAlertNotices)
    .values({
      kind: notice.kind,
      source: notice.source,
      sourceId: notice.sourceId,
      title: notice.title,
      summary: notice.summary,
      path: notice.path,
      topics: [...notice.topics],
      zones: [...notice.zones],
      occurredAt: notice.occurredAt,
      // A notice recorded only as known (not to deliver) counts as matched already.
      matchedAt: deliver ? null : new Date(),
    })
    // Once per item; an item withdrawn then published again is matched again (the outbox's
    // uniqueness keeps those who had it already from getting it twice).
    .onConflictDoUpdate({
      target: [communicationAlertNotices.source, communicationAlertNotices.sourceId],
      set: {
        title: notice.title,
        summary: notice.summary,
        path: notice.path,
        topics: [...notice.topics],
        zones: [...notice.zones],
        occurredAt: notice.occurredAt,
        matchedAt: deliver ? null : new Date(),
        withdrawnAt: null,
      },
      setWhere: sql`${communicationAlertNotices.withdrawnAt} IS NOT NULL`,
    })
    .returning({ id: communicationAlertNotices.id, inserted: sql<boolean>`(xmax = 0)` });
  if (!row) return null;
  // A notice published again is matched again: a key of its own (the first match's job is done).
  const key = row.inserted ? `${MATCH_JOB}:${row.id}` : `${MATCH_JOB}:${row.id}:${Date.now()}`;
  if (deliver) await ctx.jobs.enqueue(tx, MATCH_JOB, { noticeId: row.id }, { idempotencyKey: key, maxAttempts: 5 });
  // Audited when someone is to be told. A notice recorded only as known (a source's first look) or
  // with nobody subscribed changes nothing anyone sees, and the item itself (an act, a news item) is
  // audited by its own part: no event, and no background write into the log at random times.
  if (deliver) await recordAudit(tx, SYSTEM_ACTOR, { action: 'communication.notice_recorded', subjectType: 'communication_alert_notice', subjectId: row.id, after: { kind: notice.kind, source: notice.source, sourceId: notice.sourceId, deliver, ...(row.inserted ? {} : { republished: true }) } });
  return row.id;
}

/** Writes the outbox rows of a notice for the subscriptions it is for. Idempotent. */
export async function matchNotice(ctx: AppContext, noticeId: number, now = new Date()): Promise<{ matched: number }> {
  return ctx.db.transaction(async (tx) => {
    const [notice] = await tx.select().from(communicationAlertNotices).where(eq(communicationAlertNotices.id, noticeId)).for('update');
    if (!notice || notice.matchedAt || notice.withdrawnAt) return { matched: 0 };
    const subs = await tx
      .select({
        id: communicationAlertSubscriptions.id,
        topics: communicationAlertSubscriptions.topics,
        zones: communicationAlertSubscriptions.zones,
        wholeCommune: communicationAlertSubscriptions.wholeCommune,
        frequency: communicationAlertSubscriptions.frequency,
      })
      .from(communicationAlertSubscriptions)
      .where(eq(communicationAlertSubscriptions.status, 'confirmed'));
    const rows = subs.filter((s) => matchesSubscription(s, notice)).map((s) => ({ subscriptionId: s.id, noticeId, dueAt: dueAt(s.frequency, now) }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(communicationAlertOutbox).values(rows.slice(i, i + 500)).onConflictDoNothing();
    await tx.update(communicationAlertNotices).set({ matchedAt: now }).where(eq(communicationAlertNotices.id, noticeId));
    await recordAudit(tx, SYSTEM_ACTOR, { action: 'communication.notice_matched', subjectType: 'communication_alert_notice', subjectId: noticeId, after: { subscriptions: rows.length } });
    return { matched: rows.length };
  });
}

interface ClaimedRow {
  id: number;
  subscription_id: string;
  attempts: number;
  channel: 'email' | 'push';
  frequency: 'immediate' | 'daily' | 'weekly';
  language: 'fr' | 'en';
  email_sealed: string | null;
  push_sealed: string | null;
  manage_token_sealed: string;
  kind: string;
  title: string;
  summary: string;
  path: string;
  occurred_at: string | Date;
}

export interface DeliveryReport {
  messages: number;
  sent: number;
  retried: number;
  failed: number;
  removed: number;
  /** Rows kept pending, not counted as attempts, because the SMTP server could not be reached (the run stopped mailing). */
  postponed: number;
  /** Messages whose rows another run took over before this one wrote its outcome (nothing written). */
  lost: number;
}

export interface DeliveryOptions {
  /** The clock of the run (tests move it forward); it advances with real time from there. */
  now?: Date;
  mailer?: Mailer | null;
  /** The job's heartbeat, called between messages (at most every 30 s). */
  heartbeat?: () => Promise<void>;
  /** The job's signal: the run stops between two messages once aborted. */
  signal?: AbortSignal;
}

/**
 * Sends every due message, one subscription at a time. Each claim takes one subscription's due rows
 * with a claim token of this run and moves their due time to the end of a lease counted from the
 * current time; the outcome is written only if this run still holds them (`status = 'pending' AND
 * claim_token = mine`). Errors are recorded on the rows, never thrown: one bad address does not stop
 * the others; an SMTP server that cannot be reached stops the mailing (rows kept pending, no attempt counted).
 */
export async function deliverDue(ctx: AppContext, opts: DeliveryOptions = {}): Promise<DeliveryReport> {
  const startedAt = Date.now();
  const clock = () => (opts.now ? new Date(opts.now.getTime() + (Date.now() - startedAt)) : new Date());
  const ownMailer = opts.mailer === undefined && ctx.config.mail ? createMailer(ctx.config.mail, { pool: true }) : null;
  const mailer = opts.mailer !== undefined ? opts.mailer : ownMailer;
  const report: DeliveryReport = { messages: 0, sent: 0, retried: 0, failed: 0, removed: 0, postponed: 0, lost: 0 };
  const channels = new Set<'email' | 'push'>(mailer ? ['email', 'push'] : ['push']);
  const keys = await alertKeys(ctx.db);
  const claimToken = randomUUID();
  let lastBeat = Date.now();
  try {
    while (channels.size > 0 && !opts.signal?.aborted) {
      if (opts.heartbeat && Date.now() - lastBeat > 30_000) {
        await opts.heartbeat();
        lastBeat = Date.now();
      }
      const now = clock();
      // Claims the due rows of one subscription (the first one not held by another run).
      const rows = await queryRows<Record<string, unknown>>(
        ctx.db,
        sql`WITH candidates AS (
              SELECT o.id, o.subscription_id FROM communication_alert_outbox o JOIN communication_alert_subscriptions s ON s.id = o.subscription_id
              WHERE o.status = 'pending' AND o.due_at <= ${now.toISOString()}::timestamptz AND s.status = 'confirmed'
                AND s.channel IN ${sql.raw(`(${[...channels].map((c) => `'${c}'`).join(', ')})`)}
              ORDER BY o.subscription_id, o.id LIMIT ${BATCH} FOR UPDATE OF o SKIP LOCKED),
            first AS (SELECT subscription_id FROM candidates ORDER BY subscription_id LIMIT 1)
            UPDATE communication_alert_outbox o SET due_at = ${new Date(now.getTime() + CLAIM_MS).toISOString()}::timestamptz, claim_token = ${claimToken}::uuid
            FROM candidates WHERE o.id = candidates.id AND candidates.subscription_id = (SELECT subscription_id FROM first) RETURNING o.id`,
      );
      if (rows.length === 0) break;
      const ids = rows.map((r) => Number(r.id));
      const claimed = await queryRows<ClaimedRow & Record<string, unknown>>(
        ctx.db,
        sql`SELECT o.id, o.subscription_id, o.attempts, s.channel, s.frequency, s.language, s.email_sealed, s.push_sealed, s.manage_token_sealed,
                   n.kind, n.title, n.summary, n.path, n.occurred_at
            FROM communication_alert_outbox o
            JOIN communication_alert_subscriptions s ON s.id = o.subscription_id
            JOIN communication_alert_notices n ON n.id = o.notice_id
            WHERE o.id IN ${ids} AND o.claim_token = ${claimToken}::uuid ORDER BY o.subscription_id, n.occurred_at, o.id`,
      );
      if (claimed.length === 0) continue;
      // One message per subscription: a digest at its hour, or, for immediate subscriptions, what came
      // at once (a council session publishes tens of acts together: one mail listing them, not tens).
      report.messages++;
      const outcome = await sendOne(ctx, claimed, { clock, mailer, keys, report, claimToken });
      if (outcome === 'unreachable') channels.delete('email');
    }
  } finally {
    ownMailer?.close?.();
  }
  return report;
}

type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry' | 'failed' | 'gone'; error: string; failure: string }
  /** The SMTP server could not be reached: nothing was said about this message. */
  | { kind: 'unreachable'; error: string; failure: string };

async function sendOne(
  ctx: AppContext,
  group: ClaimedRow[],
  env: { clock: () => Date; mailer: Mailer | null; keys: Awaited<ReturnType<typeof alertKeys>>; report: DeliveryReport; claimToken: string },
): Promise<Outcome['kind']> {
  const first = group[0]!;
  const ids = group.map((r) => r.id);
  const notices: MailNotice[] = group.map((r) => ({ kind: r.kind, title: r.title, summary: r.summary, path: r.path, occurredAt: new Date(r.occurred_at) }));
  const base = baseUrl(ctx);
  let outcome: Outcome;
  try {
    const manageToken = env.keys.open(first.subscription_id, 'manage-token', first.manage_token_sealed);
    if (first.channel === 'email') {
      if (!first.email_sealed || !env.mailer) throw Object.assign(new Error('No address or no mailer'), { permanent: true, failure: 'no-address' });
      const mail = composeMail({ language: first.language, frequency: first.frequency, notices, links: { base, manageToken } });
      await env.mailer.send({ to: [env.keys.open(first.subscription_id, 'email', first.email_sealed)], subject: mail.subject, text: mail.text, headers: mail.headers });
      outcome = { kind: 'sent' };
    } else {
      if (!first.push_sealed) throw Object.assign(new Error('No push subscription'), { permanent: true, failure: 'no-subscription' });
      const subscription = JSON.parse(env.keys.open(first.subscription_id, 'push', first.push_sealed)) as PushSubscriptionInput;
      const status = await sendPush(ctx, subscription, pushPayload(first.language, notices, base));
      const failure = `push ${status}`;
      if (status === 404 || status === 410) outcome = { kind: 'gone', error: `push service answered ${status}`, failure };
      else if (status >= 200 && status < 300) outcome = { kind: 'sent' };
      else if (status === 429 || status >= 500) outcome = { kind: 'retry', error: `push service answered ${status}`, failure };
      else outcome = { kind: 'failed', error: `push service answered ${status}`, failure };
    }
  } catch (err) {
    // The mailer's texts have their addresses scrubbed; scrubbed again here, whatever threw.
    const error = scrubAddresses(err instanceof Error ? err.message : String(err)).slice(0, 500);
    // A push endpoint the outbound policy refuses will not be accepted by trying again.
    const refused = err instanceof OutboundError && err.refusedByPolicy;
    const e = err as { permanent?: boolean; connection?: boolean; failure?: unknown; code?: unknown; name?: unknown };
    const failure = typeof e.failure === 'string' ? e.failure : typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'Error';
    outcome = { kind: e.permanent || refused ? 'failed' : e.connection && first.channel === 'email' ? 'unreachable' : 'retry', error, failure };
  }
  const attempts = outcome.kind === 'unreachable' ? first.attempts : first.attempts + 1;
  if (outcome.kind === 'retry' && attempts >= MAX_ATTEMPTS) outcome = { ...outcome, kind: 'failed', error: `${outcome.error} (after ${attempts} attempts)` };
  const o = outcome;
  const now = env.clock();
  await ctx.db.transaction(async (tx) => {
    // Only while this run still holds the rows: a run whose claim lapsed writes nothing.
    const where = and(inArray(communicationAlertOutbox.id, ids), eq(communicationAlertOutbox.status, 'pending'), eq(communicationAlertOutbox.claimToken, env.claimToken));
    const attempt = { attempts: sql`${communicationAlertOutbox.attempts} + 1`, claimToken: null };
    let changed: { id: number }[];
    const returning = { id: communicationAlertOutbox.id };
    if (o.kind === 'sent') {
      changed = await tx.update(communicationAlertOutbox).set({ ...attempt, status: 'sent', sentAt: now, lastError: null }).where(where).returning(returning);
      env.report.sent += changed.length;
    } else if (o.kind === 'retry') {
      changed = await tx.update(communicationAlertOutbox).set({ ...attempt, lastError: o.error, dueAt: new Date(now.getTime() + retryDelayMs(attempts)) }).where(where).returning(returning);
      env.report.retried += changed.length;
    } else if (o.kind === 'unreachable') {
      // Not an attempt: due again at once, for the next run.
      changed = await tx.update(communicationAlertOutbox).set({ claimToken: null, lastError: o.error, dueAt: now }).where(where).returning(returning);
      env.report.postponed += changed.length;
    } else if (o.kind === 'failed') {
      changed = await tx.update(communicationAlertOutbox).set({ ...attempt, status: 'failed', lastError: o.error }).where(where).returning(returning);
      env.report.failed += changed.length;
    } else {
      changed = await tx.select(returning).from(communicationAlertOutbox).where(where);
      if (changed.length) {
        await tx.delete(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.id, first.subscription_id));
        env.report.removed++;
      }
    }
    if (changed.length === 0) {
      env.report.lost++;
      ctx.log.warn({ subscriptionId: first.subscription_id, outcome: o.kind }, 'communication alerts: the claim lapsed before the outcome was written');
      return;
    }
    await recordAudit(tx, SYSTEM_ACTOR, {
      action:
        o.kind === 'gone'
          ? 'communication.alert_push_subscription_removed'
          : `communication.alert_message_${o.kind === 'sent' ? 'sent' : o.kind === 'retry' || o.kind === 'unreachable' ? 'deferred' : 'failed'}`,
      subjectType: 'communication_alert_subscription',
      subjectId: first.subscription_id,
      // The class of failure only (`SMTP 550`, `ECONNECTION`, `push 500`): a server's reply may name the recipient.
      after: { channel: first.channel, notices: changed.length, attempts, ...(o.kind === 'sent' ? {} : { failure: o.failure }) },
    });
  });
  return o.kind;
}

// ---- Web push ----------------------------------------------------------------------------------

/** The installation's VAPID keys, generated at the first need and kept (the private one sealed). */
export async function vapidKeys(ctx: AppContext): Promise<{ publicKey: string; privateKey: string }> {
  const keys = await alertKeys(ctx.db);
  const read = async () => (await ctx.db.select().from(communicationAlertVapid).where(eq(communicationAlertVapid.id, 1)))[0];
  let row = await read();
  if (!row) {
    const fresh = webpush.generateVAPIDKeys();
    await ctx.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(communicationAlertVapid)
        .values({ id: 1, publicKey: fresh.publicKey, privateKeySealed: keys.seal('1', 'vapid', fresh.privateKey) })
        .onConflictDoNothing()
        .returning({ id: communicationAlertVapid.id });
      if (inserted.length) await recordAudit(tx, SYSTEM_ACTOR, { action: 'communication.vapid_keys_generated', subjectType: 'communication_alert_vapid', subjectId: 1, after: { publicKey: fresh.publicKey } });
    });
    row = await read();
  }
  return { publicKey: row!.publicKey, privateKey: keys.open('1', 'vapid', row!.privateKeySealed) };
}

function vapidSubject(ctx: AppContext): string {
  const from = ctx.config.mail?.from;
  const address = from ? (/<([^>]+)>/.exec(from)?.[1] ?? from).trim() : null;
  if (address && address.includes('@')) return `mailto:${address}`;
  if (ctx.config.publicUrl?.startsWith('https://')) return ctx.config.publicUrl;
  return 'mailto:alertes@beffroi.invalid';
}

/**
 * A push endpoint must be `https:`. Plain `http:` only to a literal address of a network an
 * administrator opened in the outbound policy (a push service on the local network, the tests'
 * loopback one): never to a public address or a host name, whose traffic could be read or redirected.
 */
export function checkPushEndpoint(endpoint: string, policy: OutboundPolicy): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new OutboundError('outbound.invalid_url', 'This is not a valid URL.');
  }
  if (url.protocol === 'https:') return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const opened = url.protocol === 'http:' && isIP(host) !== 0 && !checkAddress(host, PUBLIC_ADDRESSES_ONLY).allowed && checkAddress(host, policy).allowed;
  if (!opened) throw new OutboundError('outbound.scheme_refused', 'A push endpoint must be an https URL.');
}

/**
 * Sends one encrypted push message (RFC 8291, VAPID RFC 8292) and returns the push service's status.
 * The endpoint came from a browser: it goes through the platform's outbound path (policy checked,
 * socket pinned to the checked addresses: no DNS rebinding), no redirect followed. Throws
 * `OutboundError` when the policy refuses it (permanent) or the service cannot be reached.
 */
export async function sendPush(ctx: AppContext, subscription: PushSubscriptionInput, payload: string): Promise<number> {
  const policy = await loadOutboundPolicy(ctx.settings);
  checkPushEndpoint(subscription.endpoint, policy);
  const vapid = await vapidKeys(ctx);
  const details = webpush.generateRequestDetails(subscription, payload, {
    vapidDetails: { subject: vapidSubject(ctx), publicKey: vapid.publicKey, privateKey: vapid.privateKey },
    TTL: 24 * 60 * 60,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(details.headers as Record<string, string | number>)) headers[k] = String(v);
  const res = await fetchOutbound(details.endpoint, {
    policy,
    method: 'POST',
    headers,
    body: details.body ? new Uint8Array(details.body) : new Uint8Array(0),
    maxBytes: 64 * 1024,
    timeoutMs: 15_000,
  });
  return res.status;
}

// ---- Scheduling and state ----------------------------------------------------------------------

/** The next sending run (every five minutes); the start-up enqueue and the self re-enqueue converge on the key. */
export async function scheduleDelivery(ctx: AppContext, after: Date): Promise<{ jobId: number; runAt: Date }> {
  const runAt = new Date(Math.floor(after.getTime() / DELIVER_EVERY_MS) * DELIVER_EVERY_MS + DELIVER_EVERY_MS);
  const job = await ctx.jobs.enqueue(ctx.db, DELIVER_JOB, {}, { idempotencyKey: `${DELIVER_JOB}:${runAt.toISOString()}`, runAt, maxAttempts: 2 });
  return { jobId: job.id, runAt };
}

export function matchJobHandler(getCtx: () => AppContext) {
  return async (payload: { noticeId: number }, run?: { heartbeat?: () => Promise<void>; signal?: AbortSignal }) => {
    const ctx = getCtx();
    const matched = await matchNotice(ctx, payload.noticeId);
    // Notices recorded together (a council session's acts, published in one transaction) are matched
    // together before sending, so an immediate subscriber gets one mail listing them, not one each.
    // Their own jobs then find them matched already.
    const others = await ctx.db
      .select({ id: communicationAlertNotices.id })
      .from(communicationAlertNotices)
      .where(and(isNull(communicationAlertNotices.matchedAt), isNull(communicationAlertNotices.withdrawnAt), ne(communicationAlertNotices.id, payload.noticeId)))
      .orderBy(communicationAlertNotices.id)
      .limit(BATCH);
    for (const o of others) matched.matched += (await matchNotice(ctx, o.id)).matched;
    // Immediate messages go now rather than at the next run.
    const delivered = await deliverDue(ctx, { heartbeat: run?.heartbeat, signal: run?.signal });
    return { ...matched, ...delivered };
  };
}

/** This part's own jobs, once done, are not kept: the runs every few minutes would pile up. */
const OWN_JOB_KINDS = [MATCH_JOB, DELIVER_JOB, 'communication.alerts_sources', 'communication.alerts_confirmation'];

export function deliverJobHandler(getCtx: () => AppContext) {
  return async (_payload: unknown, run: { job: { id: number; runAt: Date }; heartbeat?: () => Promise<void>; signal?: AbortSignal }) => {
    const ctx = getCtx();
    try {
      const report = await deliverDue(ctx, { heartbeat: run.heartbeat, signal: run.signal });
      await ctx.db.execute(
        sql`DELETE FROM jobs WHERE kind IN ${OWN_JOB_KINDS} AND status = 'succeeded' AND finished_at < now() - interval '1 day'`,
      );
      return report;
    } finally {
      // The slot found may be this run's own (a run brought forward, clocks apart): then the one after.
      const next = await scheduleDelivery(ctx, new Date(Math.max(Date.now(), run.job.runAt.getTime())));
      if (next.jobId === run.job.id) await scheduleDelivery(ctx, next.runAt);
    }
  };
}

/** The outbox's state for the back-office: counts only. */
export async function outboxCounts(ctx: AppContext): Promise<{ pending: number; sent: number; failed: number; retrying: number }> {
  const [row] = await queryRows<{ pending: number; sent: number; failed: number; retrying: number }>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'sent')::int AS sent,
               count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'pending' AND attempts > 0)::int AS retrying
        FROM communication_alert_outbox`,
  );
  return { pending: Number(row?.pending ?? 0), sent: Number(row?.sent ?? 0), failed: Number(row?.failed ?? 0), retrying: Number(row?.retrying ?? 0) };
}

