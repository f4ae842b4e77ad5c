/**
 * Residents' subscriptions, without an account. E-mail: double opt-in (a confirmation link mailed by
 * a job; nothing else is sent before it is opened; an unconfirmed request expires), the same answer
 * whether the address is known or not (a known address gets a mail with its management link instead),
 * rate limits per client address and per e-mail address. Browser push: the browser's permission is
 * the opt-in. Every subscription has a management link (change, unsubscribe, delete its data).
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../../platform/audit/service';
import { queryRows, type DbOrTx, type Tx } from '../../../platform/db/client';
import { HttpProblem } from '../../../platform/http/problem';
import { PermanentJobError } from '../../../platform/jobs/queue';
import { createMailer } from '../../../platform/mail/mailer';
import type { AppContext } from '../../../platform/modules';
import { checkOutboundTarget, loadOutboundPolicy } from '../../../platform/net/outbound';
import { TOPICS_KEY, type Topic } from '../topics';
import { CONFIRMATION_TTL_MS, confirmationMail, confirmUrl, dueAt, isWellFormedToken, manageUrl, newToken, type AlertLanguage, type Frequency, type SubscriptionScope } from './core';
import { checkPushEndpoint } from './delivery';
import { alertKeys } from './keys';
import { communicationAlertOutbox, communicationAlertSubscriptions } from './schema';

export const CONFIRMATION_JOB = 'communication.alerts_confirmation';
/** Subscribe requests per client address and hour, and confirmation mails per e-mail address and hour. */
export const ADDRESS_LIMIT_PER_HOUR = 20;
export const EMAIL_LIMIT_PER_HOUR = 3;
/** The queue's backoff doubles from 2 s: 16 attempts ride out an SMTP server down for about a day and a half. */
const CONFIRMATION_ATTEMPTS = 16;

export interface ScopeInput extends SubscriptionScope {
  frequency: Frequency;
  language: AlertLanguage;
}

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface SubscriptionView {
  channel: 'email' | 'push';
  status: 'pending' | 'confirmed' | 'unsubscribed';
  topics: string[];
  zones: string[];
  wholeCommune: boolean;
  frequency: Frequency;
  language: AlertLanguage;
  confirmedAt: string | null;
}

type SubscriptionRow = typeof communicationAlertSubscriptions.$inferSelect;

export function baseUrl(ctx: AppContext): string {
  return (ctx.config.publicUrl ?? '').replace(/\/$/, '');
}

/** Topics and zones must exist: topics in the setting, zones in their zoning. */
export async function checkScope(ctx: AppContext, scope: SubscriptionScope, opts: { requirePlace: boolean }): Promise<{ topics: string[]; zones: string[]; wholeCommune: boolean }> {
  const topics = [...new Set(scope.topics)];
  const zones = [...new Set(scope.zones)];
  const known = new Set((await ctx.settings.get<Topic[]>(TOPICS_KEY)).map((t) => t.id));
  const unknownTopic = topics.find((t) => !known.has(t));
  if (unknownTopic) throw new HttpProblem(422, 'communication.alerts_unknown_topic', `Unknown topic "${unknownTopic}".`, { params: { topic: unknownTopic } });
  const byZoning = new Map<string, string[]>();
  for (const z of zones) {
    const at = z.indexOf(':');
    const zoning = at > 0 ? z.slice(0, at) : '';
    byZoning.set(zoning, [...(byZoning.get(zoning) ?? []), z.slice(at + 1)]);
  }
  for (const [zoning, codes] of byZoning) {
    const list = zoning ? await ctx.services.territory.listZones(zoning) : null;
    const have = new Set((list ?? []).map((z) => z.code));
    const missing = codes.find((c) => !have.has(c));
    if (!list || missing !== undefined) {
      const zone = `${zoning}:${missing ?? codes[0]}`;
      throw new HttpProblem(422, 'communication.alerts_unknown_zone', `Unknown zone "${zone}".`, { params: { zone } });
    }
  }
  if (opts.requirePlace && !scope.wholeCommune && zones.length === 0) {
    throw new HttpProblem(422, 'communication.alerts_no_place', 'Choose the whole commune or at least one neighbourhood.');
  }
  return { topics, zones, wholeCommune: scope.wholeCommune };
}

/** Reserves one unit of an hourly counter; returns false past `limit` (the unit is counted anyway). */
async function countUnder(tx: DbOrTx, key: string, limit: number): Promise<{ ok: boolean; retryAfter: number }> {
  const [row] = await queryRows<{ count: number; retry: number }>(
    tx,
    sql`INSERT INTO communication_alert_rate_counters (key, window_start, count) VALUES (${key}, date_trunc('hour', now()), 1)
        ON CONFLICT (key, window_start) DO UPDATE SET count = communication_alert_rate_counters.count + 1
        RETURNING count, ceil(extract(epoch FROM (date_trunc('hour', now()) + interval '1 hour' - now())))::int AS retry`,
  );
  return { ok: Number(row?.count ?? 0) <= limit, retryAfter: Math.max(1, Number(row?.retry ?? 60)) };
}

/** 429 past the hourly limit of one client address; counted in the request's transaction, so a refused request (this one or for another reason) rolls its unit back. */
async function refuseOverAddressLimit(tx: Tx, key: string): Promise<void> {
  const perAddress = await countUnder(tx, key, ADDRESS_LIMIT_PER_HOUR);
  if (!perAddress.ok) {
    throw new HttpProblem(429, 'communication.alerts_rate_limited', `Too many requests; retry in ${perAddress.retryAfter} s.`, {
      headers: { 'retry-after': String(perAddress.retryAfter) },
      params: { retryAfter: perAddress.retryAfter },
    });
  }
}

const residentActor = (requestId: string | null | undefined): Actor => ({ type: 'resident', id: null, requestId: requestId ?? null });

/**
 * Subscribes an address (double opt-in). The same answer whatever the address: a new or pending one
 * gets a confirmation link, a confirmed one its management link, and one asked for too often nothing
 * more this hour.
 */
export async function subscribeByEmail(ctx: AppContext, input: ScopeInput & { email: string }, caller: { address: string; requestId?: string }): Promise<void> {
  const scope = await checkScope(ctx, input, { requirePlace: true });
  if (!ctx.config.mail || !ctx.config.publicUrl) {
    throw new HttpProblem(503, 'communication.alerts_mail_unavailable', 'This installation sends no e-mail: subscribing by e-mail is not available.');
  }
  const keys = await alertKeys(ctx.db);
  const emailKey = keys.emailKey(input.email);
  // The address limit refuses (429) and rolls its unit back; the e-mail limit answers as usual and sends nothing.
  await ctx.db.transaction(async (tx) => {
    await refuseOverAddressLimit(tx, keys.counterKey(`address:${caller.address}`));
    const perEmail = await countUnder(tx, keys.counterKey(`email:${emailKey}`), EMAIL_LIMIT_PER_HOUR);
    if (!perEmail.ok) return;
    const select = () => tx.select().from(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.emailKey, emailKey)).for('update');
    const confirmToken = newToken();
    const fieldsFor = (id: string) => ({
      status: 'pending' as const,
      emailSealed: keys.seal(id, 'email', input.email.trim()),
      confirmTokenHash: keys.tokenHash(confirmToken),
      confirmTokenSealed: keys.seal(id, 'confirm-token', confirmToken),
      expiresAt: new Date(Date.now() + CONFIRMATION_TTL_MS),
      topics: scope.topics,
      zones: scope.zones,
      wholeCommune: scope.wholeCommune,
      frequency: input.frequency,
      language: input.language,
      unsubscribedAt: null,
    });
    let [existing] = await select();
    let id = existing?.id ?? randomUUID();
    if (!existing) {
      const manageToken = newToken();
      const inserted = await tx
        .insert(communicationAlertSubscriptions)
        .values({ id, channel: 'email', emailKey, manageTokenHash: keys.tokenHash(manageToken), manageTokenSealed: keys.seal(id, 'manage-token', manageToken), ...fieldsFor(id) })
        // Two first requests for one address at once: the second waits for the first's row, then uses it.
        .onConflictDoNothing()
        .returning({ id: communicationAlertSubscriptions.id });
      if (inserted.length === 0) {
        [existing] = await select();
        if (!existing) throw new Error('The concurrent subscription of this address vanished');
        id = existing.id;
      }
    }
    if (existing?.status === 'confirmed') {
      await ctx.jobs.enqueue(tx, CONFIRMATION_JOB, { subscriptionId: existing.id, already: true }, { maxAttempts: CONFIRMATION_ATTEMPTS });
      await recordAudit(tx, residentActor(caller.requestId), { action: 'communication.alert_subscription_repeated', subjectType: 'communication_alert_subscription', subjectId: existing.id });
      return;
    }
    if (existing) await tx.update(communicationAlertSubscriptions).set(fieldsFor(id)).where(eq(communicationAlertSubscriptions.id, id));
    await ctx.jobs.enqueue(tx, CONFIRMATION_JOB, { subscriptionId: id, already: false }, { maxAttempts: CONFIRMATION_ATTEMPTS });
    await recordAudit(tx, residentActor(caller.requestId), {
      action: 'communication.alert_subscription_requested',
      subjectType: 'communication_alert_subscription',
      subjectId: id,
      after: { topics: scope.topics, zones: scope.zones, wholeCommune: scope.wholeCommune, frequency: input.frequency },
    });
  });
}

/** Mails the confirmation link (or, for a confirmed address, its management link); the sealed token is then dropped. */
export function confirmationJobHandler(getCtx: () => AppContext) {
  return async (payload: { subscriptionId: string; already: boolean }) => {
    const ctx = getCtx();
    const mailer = ctx.config.mail ? createMailer(ctx.config.mail) : null;
    if (!mailer || !ctx.config.publicUrl) throw new PermanentJobError('No mailer or PUBLIC_URL configured');
    const [row] = await ctx.db.select().from(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.id, payload.subscriptionId));
    if (!row?.emailSealed) return { sent: false };
    if (!payload.already && (row.status !== 'pending' || !row.confirmTokenSealed)) return { sent: false };
    if (payload.already && row.status !== 'confirmed') return { sent: false };
    const keys = await alertKeys(ctx.db);
    const email = keys.open(row.id, 'email', row.emailSealed);
    const manageToken = keys.open(row.id, 'manage-token', row.manageTokenSealed);
    const confirmToken = row.confirmTokenSealed ? keys.open(row.id, 'confirm-token', row.confirmTokenSealed) : '';
    const mail = confirmationMail({
      language: row.language,
      alreadyConfirmed: payload.already,
      confirmLink: confirmUrl(baseUrl(ctx), confirmToken),
      manageLink: manageUrl({ base: baseUrl(ctx), manageToken }),
    });
    await mailer.send({ to: [email], subject: mail.subject, text: mail.text });
    await ctx.db.transaction(async (tx) => {
      // Only the token just mailed: a newer request may have put another one in its place meanwhile.
      if (!payload.already) {
        await tx
          .update(communicationAlertSubscriptions)
          .set({ confirmTokenSealed: null })
          .where(and(eq(communicationAlertSubscriptions.id, row.id), eq(communicationAlertSubscriptions.confirmTokenHash, keys.tokenHash(confirmToken))));
      }
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: payload.already ? 'communication.alert_management_link_sent' : 'communication.alert_confirmation_sent',
        subjectType: 'communication_alert_subscription',
        subjectId: row.id,
      });
    });
    return { sent: true };
  };
}

const notFound = () => new HttpProblem(404, 'communication.alerts_link_invalid', 'This link is unknown or has expired.');

/** Confirms a subscription by the token of its link; returns the management token (the page links to it). */
export async function confirmSubscription(ctx: AppContext, token: string, requestId?: string): Promise<{ manageToken: string }> {
  if (!isWellFormedToken(token)) throw notFound();
  const keys = await alertKeys(ctx.db);
  const [row] = await ctx.db
    .select()
    .from(communicationAlertSubscriptions)
    .where(
      and(
        eq(communicationAlertSubscriptions.confirmTokenHash, keys.tokenHash(token)),
        eq(communicationAlertSubscriptions.status, 'pending'),
        gt(communicationAlertSubscriptions.expiresAt, sql`now()`),
      ),
    );
  if (!row) throw notFound();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(communicationAlertSubscriptions)
      .set({ status: 'confirmed', confirmedAt: new Date(), confirmTokenHash: null, confirmTokenSealed: null, expiresAt: null })
      .where(eq(communicationAlertSubscriptions.id, row.id));
    await recordAudit(tx, residentActor(requestId), { action: 'communication.alert_subscription_confirmed', subjectType: 'communication_alert_subscription', subjectId: row.id });
  });
  return { manageToken: keys.open(row.id, 'manage-token', row.manageTokenSealed) };
}

async function byManageToken(ctx: AppContext, token: string): Promise<SubscriptionRow | null> {
  if (!isWellFormedToken(token)) return null;
  const keys = await alertKeys(ctx.db);
  const [row] = await ctx.db.select().from(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.manageTokenHash, keys.tokenHash(token)));
  return row ?? null;
}

function view(row: SubscriptionRow): SubscriptionView {
  return {
    channel: row.channel,
    status: row.status,
    topics: row.topics,
    zones: row.zones,
    wholeCommune: row.wholeCommune,
    frequency: row.frequency,
    language: row.language,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
  };
}

/** What the management page shows: the choices, never the address. */
export async function subscriptionByToken(ctx: AppContext, token: string): Promise<SubscriptionView> {
  const row = await byManageToken(ctx, token);
  if (!row) throw notFound();
  return view(row);
}

/** For other parts (the agenda's personal page): the scope of a subscription, or null. */
export async function scopeByManageToken(ctx: AppContext, token: string): Promise<SubscriptionScope | null> {
  const row = await byManageToken(ctx, token);
  if (!row || row.status === 'unsubscribed') return null;
  return { topics: row.topics, zones: row.zones, wholeCommune: row.wholeCommune };
}

export async function updateSubscription(ctx: AppContext, token: string, input: ScopeInput, requestId?: string): Promise<SubscriptionView> {
  const row = await byManageToken(ctx, token);
  if (!row) throw notFound();
  if (row.status === 'unsubscribed') throw new HttpProblem(409, 'communication.alerts_unsubscribed', 'This subscription was cancelled: subscribe again.');
  const scope = await checkScope(ctx, input, { requirePlace: true });
  const after = { ...scope, frequency: input.frequency, language: input.language };
  await ctx.db.transaction(async (tx) => {
    await tx.update(communicationAlertSubscriptions).set(after).where(eq(communicationAlertSubscriptions.id, row.id));
    // Another frequency: the messages waiting (not being sent, not waiting for a retry) go at its time.
    if (input.frequency !== row.frequency) {
      await tx
        .update(communicationAlertOutbox)
        .set({ dueAt: dueAt(input.frequency, new Date()) })
        .where(and(eq(communicationAlertOutbox.subscriptionId, row.id), eq(communicationAlertOutbox.status, 'pending'), isNull(communicationAlertOutbox.claimToken), eq(communicationAlertOutbox.attempts, 0)));
    }
    await recordAudit(tx, residentActor(requestId), {
      action: 'communication.alert_subscription_changed',
      subjectType: 'communication_alert_subscription',
      subjectId: row.id,
      before: { topics: row.topics, zones: row.zones, wholeCommune: row.wholeCommune, frequency: row.frequency, language: row.language },
      after,
    });
  });
  return view({ ...row, ...after });
}

/** Stops every message (the address or push endpoint is erased at once; the rest goes with the retention rule). Idempotent. */
export async function unsubscribe(ctx: AppContext, token: string, requestId?: string): Promise<void> {
  const row = await byManageToken(ctx, token);
  if (!row) throw notFound();
  if (row.status === 'unsubscribed') return;
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(communicationAlertSubscriptions)
      .set({ status: 'unsubscribed', unsubscribedAt: new Date(), emailSealed: null, pushSealed: null, confirmTokenHash: null, confirmTokenSealed: null })
      .where(eq(communicationAlertSubscriptions.id, row.id));
    await tx.delete(communicationAlertOutbox).where(and(eq(communicationAlertOutbox.subscriptionId, row.id), inArray(communicationAlertOutbox.status, ['pending', 'failed'])));
    await recordAudit(tx, residentActor(requestId), { action: 'communication.alert_unsubscribed', subjectType: 'communication_alert_subscription', subjectId: row.id });
  });
}

/** Deletes the subscription and everything about it (its messages' records included). */
export async function deleteSubscriptionData(ctx: AppContext, token: string, requestId?: string): Promise<void> {
  const row = await byManageToken(ctx, token);
  if (!row) throw notFound();
  await ctx.db.transaction(async (tx) => {
    await tx.delete(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.id, row.id));
    await recordAudit(tx, residentActor(requestId), { action: 'communication.alert_subscription_deleted', subjectType: 'communication_alert_subscription', subjectId: row.id });
  });
}

/**
 * Subscribes a browser (web push): confirmed at once, the browser's permission being the resident's
 * consent. The endpoint is checked against the outbound policy (no private address); one subscription
 * per endpoint (a second call changes its choices). Returns the management token.
 */
export async function subscribeByPush(
  ctx: AppContext,
  input: ScopeInput & { subscription: PushSubscriptionInput },
  caller: { address: string; requestId?: string },
): Promise<{ manageToken: string }> {
  const requestId = caller.requestId;
  const scope = await checkScope(ctx, input, { requirePlace: true });
  const policy = await loadOutboundPolicy(ctx.settings);
  await checkOutboundTarget(input.subscription.endpoint, { policy });
  checkPushEndpoint(input.subscription.endpoint, policy);
  const keys = await alertKeys(ctx.db);
  const pushKey = keys.pushKey(input.subscription.endpoint);
  return ctx.db.transaction(async (tx) => {
    await refuseOverAddressLimit(tx, keys.counterKey(`address:${caller.address}`));
    const [known] = await tx.select().from(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.pushKey, pushKey)).for('update');
    // The endpoint alone proves nothing (it travels to the push service, it may leak): only the same
    // browser, with the same keys, gets the existing subscription's token and may change it. Other
    // keys make a new subscription in its place: the old one's token and choices are not revealed.
    let existing = known;
    if (known && !sameKeys(known.pushSealed ? keys.open(known.id, 'push', known.pushSealed) : '', input.subscription)) {
      await tx.delete(communicationAlertSubscriptions).where(eq(communicationAlertSubscriptions.id, known.id));
      await recordAudit(tx, residentActor(requestId), { action: 'communication.alert_push_subscription_replaced', subjectType: 'communication_alert_subscription', subjectId: known.id });
      existing = undefined;
    }
    const id = existing?.id ?? randomUUID();
    const manageToken = existing ? keys.open(existing.id, 'manage-token', existing.manageTokenSealed) : newToken();
    const fields = {
      status: 'confirmed' as const,
      confirmedAt: existing?.confirmedAt ?? new Date(),
      unsubscribedAt: null,
      pushSealed: keys.seal(id, 'push', JSON.stringify(input.subscription)),
      topics: scope.topics,
      zones: scope.zones,
      wholeCommune: scope.wholeCommune,
      frequency: input.frequency,
      language: input.language,
    };
    if (existing) await tx.update(communicationAlertSubscriptions).set(fields).where(eq(communicationAlertSubscriptions.id, id));
    else {
      await tx
        .insert(communicationAlertSubscriptions)
        .values({ id, channel: 'push', pushKey, manageTokenHash: keys.tokenHash(manageToken), manageTokenSealed: keys.seal(id, 'manage-token', manageToken), ...fields });
    }
    await recordAudit(tx, residentActor(requestId), {
      action: existing ? 'communication.alert_subscription_changed' : 'communication.alert_push_subscribed',
      subjectType: 'communication_alert_subscription',
      subjectId: id,
      after: { topics: scope.topics, zones: scope.zones, wholeCommune: scope.wholeCommune, frequency: input.frequency },
    });
    return { manageToken };
  });
}

/** The push subscription's keys are those given (compared in constant time). */
function sameKeys(sealedJson: string, given: PushSubscriptionInput): boolean {
  let stored: PushSubscriptionInput;
  try {
    stored = JSON.parse(sealedJson) as PushSubscriptionInput;
  } catch {
    return false;
  }
  const digest = (k: PushSubscriptionInput) => createHash('sha256').update(`${k.keys?.p256dh ?? ''}\n${k.keys?.auth ?? ''}`).digest();
  return timingSafeEqual(digest(stored), digest(given));
}

/** Aggregate counts for the back-office: never one subscription. */
export async function subscriptionCounts(ctx: AppContext): Promise<{ channel: string; status: string; frequency: string; count: number }[]> {
  const rows = await queryRows<{ channel: string; status: string; frequency: string; n: number }>(
    ctx.db,
    sql`SELECT channel, status, frequency, count(*)::int AS n FROM communication_alert_subscriptions GROUP BY channel, status, frequency ORDER BY channel, status, frequency`,
  );
  return rows.map((r) => ({ channel: r.channel, status: r.status, frequency: r.frequency, count: Number(r.n) }));
}
