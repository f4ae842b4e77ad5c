import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained record of every state change and every automated output.
 * `hash` covers the event's own fields and `prev_hash`, so editing or deleting any row
 * breaks the chain from that row on. Triggers refuse UPDATE, DELETE and TRUNCATE
 * (drizzle/0009_audit_append_only.sql); signed checkpoints show truncation and rewriting.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    requestId: text('request_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [index('audit_events_subject_idx').on(t.subjectType, t.subjectId), index('audit_events_action_idx').on(t.action)],
);

/**
 * Signed heads of the chain (src/platform/audit/checkpoints.ts): `size` events from the genesis
 * (pruned ones included) ending with event `last_event_id`, whose hash is `last_hash`, signed with
 * Ed25519 by the key `key_id` (SHA-256 of its SubjectPublicKeyInfo; `public_key` is that SPKI,
 * base64). Append-only, like the events.
 */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    size: bigint('size', { mode: 'number' }).notNull(),
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
    lastHash: text('last_hash').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' }).notNull(),
    keyId: text('key_id').notNull(),
    publicKey: text('public_key').notNull(),
    signature: text('signature').notNull(),
    /** What made it: `start`, `schedule` or `request` (an administrator). */
    reason: text('reason').notNull(),
  },
  (t) => [
    index('audit_checkpoints_last_event_idx').on(t.lastEventId),
    check('audit_checkpoints_size_nonnegative', sql`${t.size} >= 0`),
    check('audit_checkpoints_reason_known', sql`${t.reason} in ('start', 'schedule', 'request')`),
  ],
);

/**
 * Retention anchors, written only by the SQL function `audit_prune_before(cutoff)`: every event
 * through `through_event_id` (the head of checkpoint `checkpoint_id`) was deleted, and the retained
 * chain is verified from `through_hash`, its positions counted from `through_size`.
 */
export const auditPrunes = pgTable('audit_prunes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  checkpointId: bigint('checkpoint_id', { mode: 'number' })
    .notNull()
    .references(() => auditCheckpoints.id),
  throughEventId: bigint('through_event_id', { mode: 'number' }).notNull(),
  throughHash: text('through_hash').notNull(),
  throughSize: bigint('through_size', { mode: 'number' }).notNull(),
  eventsDeleted: bigint('events_deleted', { mode: 'number' }).notNull(),
  prunedAt: timestamp('pruned_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  prunedBy: text('pruned_by').notNull().default(sql`session_user`),
});
