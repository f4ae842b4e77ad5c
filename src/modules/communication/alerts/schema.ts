/**
 * Tables of the alerts part: residents' subscriptions (e-mail with double opt-in, or browser push),
 * the notices other parts record, the per-recipient outbox (one row per subscription × notice, so a
 * notice is never sent twice to one subscription and survives an SMTP server that is down), the news
 * agents write, the subscribe endpoint's rate counters and the installation's VAPID key pair.
 */
import { sql } from 'drizzle-orm';
import { bigserial, bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const communicationAlertSubscriptions = pgTable(
  'communication_alert_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel', { enum: ['email', 'push'] }).notNull(),
    status: text('status', { enum: ['pending', 'confirmed', 'unsubscribed'] }).notNull(),
    /** The address, sealed (AES-GCM under a key derived from the instance key); never shown. */
    emailSealed: text('email_sealed'),
    /** Keyed hash of the lower-cased address: one subscription per address. */
    emailKey: text('email_key'),
    /** The push subscription (endpoint and keys, JSON), sealed; its keyed hash keeps one row per endpoint. */
    pushSealed: text('push_sealed'),
    pushKey: text('push_key'),
    /** Keyed hash of the token of the management link (in every mail); the token itself sealed for the mails. */
    manageTokenHash: text('manage_token_hash').notNull(),
    manageTokenSealed: text('manage_token_sealed').notNull(),
    /** Keyed hash of the confirmation link's token; sealed until the link is mailed. */
    confirmTokenHash: text('confirm_token_hash'),
    confirmTokenSealed: text('confirm_token_sealed'),
    /** An unconfirmed subscription expires (and is deleted by the retention rule). */
    expiresAt: timestamptz('expires_at'),
    wholeCommune: boolean('whole_commune').notNull().default(false),
    /** `<zoning>:<zone code>` */
    zones: text('zones').array().notNull().default(sql`'{}'::text[]`),
    /** Topic ids; empty for every topic. */
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    frequency: text('frequency', { enum: ['immediate', 'daily', 'weekly'] }).notNull(),
    language: text('language', { enum: ['fr', 'en'] }).notNull().default('fr'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    confirmedAt: timestamptz('confirmed_at'),
    unsubscribedAt: timestamptz('unsubscribed_at'),
  },
  (t) => [
    uniqueIndex('communication_alert_subscriptions_email_key').on(t.emailKey),
    uniqueIndex('communication_alert_subscriptions_push_key').on(t.pushKey),
    uniqueIndex('communication_alert_subscriptions_manage').on(t.manageTokenHash),
    uniqueIndex('communication_alert_subscriptions_confirm').on(t.confirmTokenHash),
    check('communication_alert_subscriptions_channel_data', sql`(${t.channel} = 'email' AND ${t.emailKey} IS NOT NULL) OR (${t.channel} = 'push' AND ${t.pushKey} IS NOT NULL)`),
  ],
);

export const communicationAlertNotices = pgTable(
  'communication_alert_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    path: text('path').notNull(),
    topics: text('topics').array().notNull(),
    zones: text('zones').array().notNull(),
    occurredAt: timestamptz('occurred_at').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** Set once the notice was matched against the subscriptions (outbox rows written). */
    matchedAt: timestamptz('matched_at'),
    /** Set when its item was withdrawn (unpublished, deleted): its pending messages were deleted. */
    withdrawnAt: timestamptz('withdrawn_at'),
  },
  (t) => [uniqueIndex('communication_alert_notices_source').on(t.source, t.sourceId)],
);

export const communicationAlertOutbox = pgTable(
  'communication_alert_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => communicationAlertSubscriptions.id, { onDelete: 'cascade' }),
    noticeId: bigint('notice_id', { mode: 'number' })
      .notNull()
      .references(() => communicationAlertNotices.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    /** When it may go: now for immediate subscriptions, the next digest for the others, later after a failure. */
    dueAt: timestamptz('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The sending run holding the row (with `due_at` moved to the end of its claim); null otherwise. */
    claimToken: uuid('claim_token'),
    sentAt: timestamptz('sent_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('communication_alert_outbox_once').on(t.subscriptionId, t.noticeId),
    index('communication_alert_outbox_due').on(t.status, t.dueAt),
  ],
);

export const communicationNews = pgTable(
  'communication_news',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    zones: text('zones').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    publishedAt: timestamptz('published_at'),
    createdBy: text('created_by'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    demo: boolean('demo').notNull().default(false),
  },
  (t) => [index('communication_news_published').on(t.status, t.publishedAt)],
);

export const communicationAlertRateCounters = pgTable(
  'communication_alert_rate_counters',
  {
    key: text('key').notNull(),
    windowStart: timestamptz('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'communication_alert_rate_counters_pk', columns: [t.key, t.windowStart] })],
);

/** The installation's VAPID key pair for web push, generated once; the private key sealed. */
export const communicationAlertVapid = pgTable('communication_alert_vapid', {
  id: integer('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKeySealed: text('private_key_sealed').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});
