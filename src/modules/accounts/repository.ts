import { and, asc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { loginThrottles, sessions, users } from './schema';
import { EMPTY_COUNTER, THROTTLE_SCOPES, type ThrottleCounter, type ThrottleCounters, type ThrottleScope } from './throttle';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type SessionRow = typeof sessions.$inferSelect;
export type UserPatch = Partial<Omit<NewUserRow, 'id' | 'email' | 'createdAt'>>;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row ?? null;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** Reads a user and holds its row until the transaction ends, so concurrent changes queue. */
export async function findUserForUpdate(tx: DbOrTx, id: string): Promise<UserRow | null> {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update').limit(1);
  return row ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a user and keeps it from being changed until the transaction ends; null for an id that is not even a uuid. */
export async function findUserForShare(tx: DbOrTx, id: string): Promise<UserRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('share').limit(1);
  return row ?? null;
}

/**
 * Locks every active administrator, so two admins demoting or deactivating each other
 * at the same moment cannot both pass the "not the last admin" check.
 */
export async function lockActiveAdminIds(tx: DbOrTx): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((r) => r.id);
}

export async function listUsers(db: DbOrTx): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function anyUserExists(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(users).limit(1);
  return rows.length > 0;
}

/** Inserts unless the email is taken (by a concurrent request too); null when it was. */
export async function insertUser(tx: DbOrTx, values: NewUserRow): Promise<UserRow | null> {
  const [row] = await tx.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning();
  return row ?? null;
}

export async function updateUser(tx: DbOrTx, id: string, patch: UserPatch, now: Date): Promise<UserRow> {
  const [row] = await tx
    .update(users)
    .set({ ...patch, updatedAt: now })
    .where(eq(users.id, id))
    .returning();
  return row!;
}

/** Login bookkeeping; it does not count as an edit of the account, so `updated_at` stays. */
export async function recordLastLogin(tx: DbOrTx, id: string, at: Date): Promise<void> {
  await tx.update(users).set({ lastLoginAt: at }).where(eq(users.id, id));
}

export async function insertSession(tx: DbOrTx, values: typeof sessions.$inferInsert): Promise<void> {
  await tx.insert(sessions).values(values);
}

export interface SessionWithUser {
  session: SessionRow;
  user: UserRow;
}

/** A live session of an active user; expired sessions and deactivated users both read as none. */
export async function findLiveSession(db: DbOrTx, id: string, now: Date): Promise<SessionWithUser | null> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

export async function touchSession(db: DbOrTx, id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string): Promise<number> {
  const rows = await db.delete(sessions).where(eq(sessions.id, id)).returning({ id: sessions.id });
  return rows.length;
}

/** Ends every session of a user, except optionally the one making the request. */
export async function deleteSessionsOfUser(db: DbOrTx, userId: string, exceptSessionId?: string): Promise<number> {
  const where = exceptSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
    : eq(sessions.userId, userId);
  const rows = await db.delete(sessions).where(where).returning({ id: sessions.id });
  return rows.length;
}

export async function purgeExpiredSessions(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** The keys of one login attempt's counters. */
export interface ThrottleKeys {
  account: string;
  client: string;
}

function counterKey(scope: ThrottleScope, keys: ThrottleKeys) {
  return {
    scope,
    accountKey: scope === 'client' ? '' : keys.account,
    clientKey: scope === 'account' ? '' : keys.client,
  };
}

function counterOf(row: typeof loginThrottles.$inferSelect): ThrottleCounter {
  return { failures: row.failures, lastFailureAt: row.lastFailureAt, blockedUntil: row.blockedUntil, lastSuccessAt: row.lastSuccessAt };
}

/**
 * Reads an attempt's three counters and holds their rows until the transaction ends, creating
 * the missing ones: concurrent attempts on the same counters queue here. One statement; rows are
 * inserted, hence locked, in `THROTTLE_SCOPES` order, which every locking transaction follows.
 */
export async function lockThrottleCounters(tx: DbOrTx, keys: ThrottleKeys): Promise<ThrottleCounters> {
  const rows = await tx
    .insert(loginThrottles)
    .values(THROTTLE_SCOPES.map((scope) => counterKey(scope, keys)))
    .onConflictDoUpdate({
      target: [loginThrottles.scope, loginThrottles.accountKey, loginThrottles.clientKey],
      // A write that changes nothing, for its row lock and for RETURNING the existing row.
      set: { failures: sql`${loginThrottles}.failures` },
    })
    .returning();
  const counters = { account: EMPTY_COUNTER, account_client: EMPTY_COUNTER, client: EMPTY_COUNTER };
  for (const row of rows) counters[row.scope] = counterOf(row);
  return counters;
}

export async function writeThrottleCounters(tx: DbOrTx, keys: ThrottleKeys, counters: ThrottleCounters): Promise<void> {
  for (const scope of THROTTLE_SCOPES) {
    const key = counterKey(scope, keys);
    await tx
      .update(loginThrottles)
      .set(counters[scope])
      .where(and(eq(loginThrottles.scope, scope), eq(loginThrottles.accountKey, key.accountKey), eq(loginThrottles.clientKey, key.clientKey)));
  }
}

/** Forgets every counter of an account (account-wide and per address); returns how many there were. */
export async function deleteAccountThrottles(tx: DbOrTx, accountKey: string): Promise<number> {
  // Locked in the same order as attempts take them, so an attempt in flight cannot deadlock with this.
  const locked = await tx
    .select({ scope: loginThrottles.scope, clientKey: loginThrottles.clientKey })
    .from(loginThrottles)
    .where(eq(loginThrottles.accountKey, accountKey))
    .orderBy(asc(loginThrottles.scope), asc(loginThrottles.clientKey))
    .for('update');
  if (locked.length === 0) return 0;
  await tx.delete(loginThrottles).where(eq(loginThrottles.accountKey, accountKey));
  return locked.length;
}

/** Until when each account key's logins from unfamiliar addresses are delayed, for those that are now. */
export async function accountDelays(db: DbOrTx, accountKeys: string[], now: Date): Promise<Map<string, Date>> {
  if (accountKeys.length === 0) return new Map();
  const rows = await db
    .select({ accountKey: loginThrottles.accountKey, blockedUntil: loginThrottles.blockedUntil })
    .from(loginThrottles)
    .where(and(eq(loginThrottles.scope, 'account'), inArray(loginThrottles.accountKey, accountKeys), gt(loginThrottles.blockedUntil, now)));
  return new Map(rows.map((r) => [r.accountKey, r.blockedUntil!]));
}

/** A counter that no longer holds anything: no recent failure, no delay, no recent success. */
function staleThrottle(failuresBefore: Date, successesBefore: Date, now: Date) {
  return and(
    or(isNull(loginThrottles.lastFailureAt), lt(loginThrottles.lastFailureAt, failuresBefore)),
    or(isNull(loginThrottles.lastSuccessAt), lt(loginThrottles.lastSuccessAt, successesBefore)),
    or(isNull(loginThrottles.blockedUntil), lt(loginThrottles.blockedUntil, now)),
  );
}

/**
 * Drops counters that no longer hold anything: no recent failure, no delay, no recent success.
 * Rows an attempt holds are skipped rather than waited for, so this never deadlocks with one.
 */
export async function purgeStaleThrottles(db: DbOrTx, failuresBefore: Date, successesBefore: Date, now: Date): Promise<void> {
  const stale = db
    .select({ scope: loginThrottles.scope, accountKey: loginThrottles.accountKey, clientKey: loginThrottles.clientKey })
    .from(loginThrottles)
    .where(staleThrottle(failuresBefore, successesBefore, now))
    .for('update', { skipLocked: true });
  await db
    .delete(loginThrottles)
    .where(sql`(${loginThrottles.scope}, ${loginThrottles.accountKey}, ${loginThrottles.clientKey}) IN (${stale})`);
}

/** `purgeStaleThrottles` for the nightly retention run: at most `limit` counters; returns how many went. */
export async function purgeStaleThrottlesBatch(db: DbOrTx, failuresBefore: Date, successesBefore: Date, now: Date, limit: number): Promise<number> {
  const stale = db
    .select({ scope: loginThrottles.scope, accountKey: loginThrottles.accountKey, clientKey: loginThrottles.clientKey })
    .from(loginThrottles)
    .where(staleThrottle(failuresBefore, successesBefore, now))
    .limit(limit)
    .for('update', { skipLocked: true });
  const deleted = await db
    .delete(loginThrottles)
    .where(sql`(${loginThrottles.scope}, ${loginThrottles.accountKey}, ${loginThrottles.clientKey}) IN (${stale})`)
    .returning({ scope: loginThrottles.scope });
  return deleted.length;
}

/** Sessions that expired before `before`, at most `limit` of them; returns how many went. */
export async function purgeExpiredSessionsBatch(db: DbOrTx, before: Date, limit: number): Promise<number> {
  const expired = db.select({ id: sessions.id }).from(sessions).where(lt(sessions.expiresAt, before)).limit(limit).for('update', { skipLocked: true });
  const deleted = await db.delete(sessions).where(inArray(sessions.id, expired)).returning({ id: sessions.id });
  return deleted.length;
}
