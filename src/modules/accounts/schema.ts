import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Staff accounts. Residents have none. Users are deactivated, never deleted, so the audit log keeps its subjects. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased, so the unique constraint is case-insensitive. */
    email: text('email').notNull().unique('users_email_unique'),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['admin', 'agent', 'moderator', 'analyst'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('users_email_lower_case', sql`${t.email} = lower(${t.email})`),
    check('users_role_known', sql`${t.role} in ('admin', 'agent', 'moderator', 'analyst')`),
  ],
);

/** Server-side sessions. `id` is the SHA-256 of the cookie's token, never the token itself. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Failed-login counters (see `throttle.ts`). Keys are keyed hashes: the e-mails typed (known or
 * not) and the client addresses are not stored. A counter is kept per scope: `account` (account
 * key, empty client key), `account_client` (both), `client` (empty account key).
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    scope: text('scope', { enum: ['account', 'account_client', 'client'] }).notNull(),
    accountKey: text('account_key').notNull().default(''),
    clientKey: text('client_key').notNull().default(''),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }),
    blockedUntil: timestamp('blocked_until', { withTimezone: true, mode: 'date' }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ name: 'login_throttles_pk', columns: [t.scope, t.accountKey, t.clientKey] }),
    index('login_throttles_account_idx').on(t.accountKey),
    check('login_throttles_scope_known', sql`${t.scope} in ('account', 'account_client', 'client')`),
  ],
);
