import { and, asc, eq, gt, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client';
import { sessions, users } from './schema';

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
/**
 * Counts a login attempt before its password is checked, so that guesses sent in parallel
 * cannot all be checked before the lock: at most `maxFailures` attempts are in play between
 * two resets. Returns false when the account is locked or its attempts are used up.
 */
export async function claimLoginAttempt(tx: DbOrTx, id: string, now: Date, maxFailures: number): Promise<boolean> {
  const rows = await tx
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(and(eq(users.id, id), lt(users.failedLogins, maxFailures), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function recordLoginState(
  tx: DbOrTx,
  id: string,
  state: Pick<NewUserRow, 'failedLogins' | 'lockedUntil'> & { lastLoginAt?: Date },
): Promise<void> {
  await tx.update(users).set(state).where(eq(users.id, id));
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
