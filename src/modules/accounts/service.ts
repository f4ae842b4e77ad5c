import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../platform/db/client';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/service';
import { HttpProblem, badRequest, conflict, notFound } from '../../platform/http/problem';
import type { Authenticator, StaffUser } from '../../platform/http/guards';
import type { AppContext, Role } from '../../platform/modules';
import { deriveKey, instanceSecret } from '../../platform/secrets/service';
import { isCrossSiteRequest } from './origin';
import { dummyPasswordHash, generatePassword, hashPassword, verifyPassword } from './passwords';
import * as repo from './repository';
import type { ThrottleKeys, UserRow } from './repository';
import {
  afterSuccessfulLogin,
  clientAddressKey,
  decideAttempt,
  FAILURE_MEMORY_MS,
  FAMILIAR_CLIENT_MS,
  type ThrottleScope,
} from './throttle';
import { constantTimeEqual, newSecretToken, sessionIdOf } from './tokens';

export const SESSION_COOKIE = 'beffroi_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** A session's expiry slides at most this often, so reads do not each write a row. */
const SESSION_TOUCH_INTERVAL_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** An account as the administration screens see it. */
export interface UserSummary extends StaffUser {
  active: boolean;
  mustChangePassword: boolean;
  /** Until when logins to this account from unfamiliar addresses are delayed; null when they are not. */
  throttledUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CurrentSession {
  sessionId: string;
  user: StaffUser;
  csrfToken: string;
  mustChangePassword: boolean;
  expiresAt: Date;
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** Token of a session the browser already holds; it is ended so a login always starts a fresh one. */
  previousToken?: string | null;
  requestId?: string;
}

export interface LoginResult {
  user: StaffUser;
  sessionToken: string;
  csrfToken: string;
  mustChangePassword: boolean;
  expiresAt: Date;
}

export interface CreateUserInput {
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

export interface AccountsService extends Authenticator {
  /** The session behind the request's cookie, looked up once per request. */
  currentSession(request: FastifyRequest): Promise<CurrentSession | null>;
  /** Throws 403 `auth.cross_site` when a login comes from another site. */
  assertSameOriginLogin(request: FastifyRequest): void;
  login(input: LoginInput): Promise<LoginResult>;
  logout(request: FastifyRequest): Promise<void>;
  permissionsOf(role: Role): string[];
  listUsers(): Promise<UserSummary[]>;
  /** Creates an account whose password is temporary: its owner must change it at the first sign-in. */
  createUser(actor: Actor, input: CreateUserInput): Promise<UserSummary>;
  updateUser(actor: Actor, id: string, patch: { displayName?: string; role?: Role }): Promise<UserSummary>;
  deactivateUser(actor: Actor, id: string): Promise<UserSummary>;
  /** Reactivates an account and lifts its login delays. */
  reactivateUser(actor: Actor, id: string): Promise<UserSummary>;
  /** Lifts every login delay on an account, from every address. */
  liftLoginThrottle(actor: Actor, id: string): Promise<UserSummary>;
  /**
   * A staff member read under a shared lock until the transaction ends, so a concurrent
   * deactivation or role change waits for it (or it waits for them). Null when there is none.
   */
  lockStaffMember(tx: DbOrTx, id: string): Promise<(StaffUser & { active: boolean }) | null>;
  /** Sets a temporary password (generated when none is given) and ends the user's sessions. */
  resetPassword(actor: Actor, id: string, password?: string): Promise<{ temporaryPassword: string }>;
  /** Changes the caller's own password; their other sessions end, this one stays. */
  changePassword(actor: Actor, session: CurrentSession, currentPassword: string, newPassword: string): Promise<void>;
  /**
   * Creates the first administrator when there is no account at all. Idempotent, safe across
   * processes. A generated (printed) password is temporary; one from BEFFROI_ADMIN_PASSWORD is not.
   */
  bootstrapAdmin(): Promise<void>;
}

/** Password checking, injectable so tests can see which hash each login is checked against. */
export interface PasswordChecker {
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** A hash no password matches in practice; checked instead when there is no real hash to check. */
  dummyHash(): Promise<string>;
}

const ARGON2_CHECKER: PasswordChecker = { verify: verifyPassword, dummyHash: dummyPasswordHash };

export interface AccountsOptions {
  now?: () => Date;
  passwords?: PasswordChecker;
  /** Where the one-time administrator password goes; the console, never the structured log. */
  announce?: (message: string) => void;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toStaffUser(u: UserRow): StaffUser {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role };
}

function toSummary(u: UserRow, throttledUntil: Date | null = null): UserSummary {
  return {
    ...toStaffUser(u),
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    throttledUntil: throttledUntil?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an account: never the password or its hash. */
function auditView(u: UserRow) {
  return { email: u.email, displayName: u.displayName, role: u.role, active: u.active, mustChangePassword: u.mustChangePassword };
}

const invalidCredentials = () => new HttpProblem(401, 'auth.invalid_credentials', 'Invalid email or password.');

/** The same answer whichever counter refused: it tells neither which one nor whether the account exists. */
function throttledProblem(remainingMs: number) {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return new HttpProblem(429, 'auth.throttled', `Too many failed logins; try again in ${seconds} s.`, {
    retryAfter: seconds,
    headers: { 'retry-after': String(seconds) },
  });
}

type AuditSubject = { subjectType: string; subjectId: string };

function announceAdmin(email: string, password: string): string {
  const line = `Administrator account created: ${email} / ${password} — change it after first login`;
  const rule = '='.repeat(line.length + 4);
  return `\n${rule}\n| ${line} |\n${rule}\n`;
}

export function createAccountsService(ctx: AppContext, opts: AccountsOptions = {}): AccountsService {
  const { db, config } = ctx;
  const now = opts.now ?? (() => new Date());
  const announce = opts.announce ?? ((message: string) => console.log(message));
  const passwords = opts.passwords ?? ARGON2_CHECKER;
  const sessionsByRequest = new WeakMap<FastifyRequest, Promise<CurrentSession | null>>();

  function cookieToken(request: FastifyRequest): string | null {
    const token = request.cookies?.[SESSION_COOKIE];
    // A real token is 43 characters; anything far longer is not worth hashing.
    return token && token.length <= 256 ? token : null;
  }

  async function loadSession(token: string): Promise<CurrentSession | null> {
    const at = now();
    const id = sessionIdOf(token);
    const found = await repo.findLiveSession(db, id, at);
    if (!found) return null;
    let expiresAt = found.session.expiresAt;
    if (at.getTime() - found.session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
      expiresAt = new Date(at.getTime() + SESSION_TTL_MS);
      await repo.touchSession(db, id, at, expiresAt);
    }
    return {
      sessionId: id,
      user: toStaffUser(found.user),
      csrfToken: found.session.csrfToken,
      mustChangePassword: found.user.mustChangePassword,
      expiresAt,
    };
  }

  function currentSession(request: FastifyRequest): Promise<CurrentSession | null> {
    const token = cookieToken(request);
    if (!token) return Promise.resolve(null);
    let pending = sessionsByRequest.get(request);
    if (!pending) {
      pending = loadSession(token);
      sessionsByRequest.set(request, pending);
    }
    return pending;
  }

  function allowedOrigins(request: FastifyRequest): string[] {
    const origins = [`${request.protocol}://${request.host}`];
    if (config.publicUrl) origins.push(new URL(config.publicUrl).origin);
    return origins;
  }

  function header(request: FastifyRequest, name: string): string | undefined {
    const v = request.headers[name];
    return Array.isArray(v) ? v[0] : v;
  }

  /** Holds the row lock on every active admin and refuses when `userId` is the last of them. */
  async function assertNotLastAdmin(tx: DbOrTx, userId: string) {
    const admins = await repo.lockActiveAdminIds(tx);
    if (admins.length <= 1 && admins.includes(userId)) {
      throw conflict('accounts.last_admin', 'This is the last active administrator; appoint another one first.');
    }
  }

  /** The key that hashes e-mails and client addresses in the throttle counters; derived, so it reveals no other key. */
  async function throttleKey(): Promise<Buffer> {
    return deriveKey(config.secret ? Buffer.from(config.secret) : await instanceSecret(db), 'accounts.login-throttle');
  }

  function accountKeyOf(key: Buffer, email: string): string {
    return createHmac('sha256', key).update(`account:${email}`).digest('base64url');
  }

  async function throttleKeysOf(email: string, ip: string | null): Promise<ThrottleKeys> {
    const key = await throttleKey();
    return { account: accountKeyOf(key, email), client: createHmac('sha256', key).update(`client:${clientAddressKey(ip)}`).digest('base64url') };
  }

  /** Summaries with their current login delay; `key` is read before any transaction opens. */
  async function summaries(tx: DbOrTx, key: Buffer, rows: UserRow[]): Promise<UserSummary[]> {
    const keys = new Map(rows.map((u) => [u.id, accountKeyOf(key, u.email)]));
    const delays = await repo.accountDelays(tx, [...keys.values()], now());
    return rows.map((u) => toSummary(u, delays.get(keys.get(u.id)!) ?? null));
  }

  async function summaryOf(tx: DbOrTx, key: Buffer, user: UserRow): Promise<UserSummary> {
    return (await summaries(tx, key, [user]))[0]!;
  }

  function throttleSubject(scope: ThrottleScope, keys: ThrottleKeys, user: UserRow | null): AuditSubject {
    if (scope === 'client') return { subjectType: 'login_client', subjectId: keys.client };
    return user ? { subjectType: 'user', subjectId: user.id } : { subjectType: 'login_email', subjectId: keys.account };
  }

  type Claim = { allowed: false; retryAfterMs: number } | { allowed: true; nextAttemptRefusedUntil: Date | null; accountFailures: number };

  /**
   * Counts a login attempt as a failure before its password is checked (see `decideAttempt`),
   * or refuses it. Each delay the count starts is audited with it.
   */
  async function claimAttempt(keys: ThrottleKeys, user: UserRow | null, requestId: string | undefined): Promise<Claim> {
    return db.transaction(async (tx) => {
      const at = now();
      const decision = decideAttempt(await repo.lockThrottleCounters(tx, keys), at);
      if (!decision.allowed) return decision;
      await repo.writeThrottleCounters(tx, keys, decision.next);
      const actor: Actor = { type: 'system', id: null, requestId: requestId ?? null };
      for (const scope of decision.delayed) {
        const counter = decision.next[scope];
        await recordAudit(tx, actor, {
          action: 'accounts.login_throttled',
          ...throttleSubject(scope, keys, user),
          after: {
            scope,
            failures: counter.failures,
            until: counter.blockedUntil!.toISOString(),
            ...(scope === 'account' ? {} : { client: keys.client }),
          },
        });
      }
      return { allowed: true, nextAttemptRefusedUntil: decision.nextAttemptRefusedUntil, accountFailures: decision.next.account.failures };
    });
  }

  /**
   * Audited whether or not the e-mail has an account: password spraying shows in the log, and
   * both refusals do the same work, so their timing does not tell them apart.
   */
  async function auditFailedLogin(keys: ThrottleKeys, user: UserRow | null, accountFailures: number, requestId: string | undefined) {
    await db.transaction(async (tx) => {
      await recordAudit(tx, { type: 'system', id: null, requestId: requestId ?? null }, {
        action: 'accounts.login_failed',
        ...throttleSubject('account', keys, user),
        after: { failures: accountFailures },
      });
    });
  }

  async function requireUser(tx: DbOrTx, id: string): Promise<UserRow> {
    const user = await repo.findUserForUpdate(tx, id);
    if (!user) throw notFound('User');
    return user;
  }

  return {
    async authenticate(request) {
      return (await currentSession(request))?.user ?? null;
    },

    async assertCsrf(request) {
      if (SAFE_METHODS.has(request.method)) return;
      // Requests without the cookie are not authenticated by it, so a forged one gains nothing.
      if (!cookieToken(request)) return;
      const session = await currentSession(request);
      const sent = header(request, CSRF_HEADER);
      if (!session || !sent || !constantTimeEqual(sent, session.csrfToken)) {
        throw new HttpProblem(403, 'auth.csrf_invalid', `Missing or invalid ${CSRF_HEADER} header.`);
      }
    },

    async assertUnrestricted(request) {
      const session = await currentSession(request);
      if (session?.mustChangePassword) {
        throw new HttpProblem(403, 'auth.password_change_required', 'Change your password before using the back-office.');
      }
    },

    currentSession,

    assertSameOriginLogin(request) {
      const crossSite = isCrossSiteRequest(
        { origin: header(request, 'origin'), secFetchSite: header(request, 'sec-fetch-site') },
        allowedOrigins(request),
      );
      if (crossSite) throw new HttpProblem(403, 'auth.cross_site', 'Logging in from another site is not allowed.');
    },

    async login(input) {
      const email = normalizeEmail(input.email);
      const keys = await throttleKeysOf(email, input.ip);
      const user = await repo.findUserByEmail(db, email);
      const claim = await claimAttempt(keys, user, input.requestId);
      if (!claim.allowed) {
        // Refused unchecked, yet as slow as a check, so the refusal's timing tells nothing either.
        await passwords.verify(await passwords.dummyHash(), input.password);
        throw throttledProblem(claim.retryAfterMs);
      }
      // An unknown e-mail is checked against a dummy hash: it takes as long as a wrong password.
      const passwordHash = user?.passwordHash ?? (await passwords.dummyHash());
      if (!(await passwords.verify(passwordHash, input.password)) || !user) {
        await auditFailedLogin(keys, user, claim.accountFailures, input.requestId);
        const refusedForMs = claim.nextAttemptRefusedUntil ? claim.nextAttemptRefusedUntil.getTime() - now().getTime() : 0;
        if (refusedForMs > 0) throw throttledProblem(refusedForMs);
        throw invalidCredentials();
      }
      // Checked against the real hash, which costs the same: only who knows the password learns this.
      if (!user.active) {
        throw new HttpProblem(403, 'auth.deactivated', 'This account is deactivated; ask an administrator.');
      }

      const sessionToken = newSecretToken();
      const csrfToken = newSecretToken();
      const result = await db.transaction(async (tx) => {
        const at = now();
        const fresh = await repo.findUserForUpdate(tx, user.id);
        if (!fresh || !fresh.active) throw invalidCredentials();
        await repo.recordLastLogin(tx, user.id, at);
        await repo.writeThrottleCounters(tx, keys, afterSuccessfulLogin(await repo.lockThrottleCounters(tx, keys), at));
        await repo.purgeExpiredSessions(tx, at);
        if (input.previousToken) await repo.deleteSession(tx, sessionIdOf(input.previousToken));
        const expiresAt = new Date(at.getTime() + SESSION_TTL_MS);
        await repo.insertSession(tx, {
          id: sessionIdOf(sessionToken),
          userId: user.id,
          csrfToken,
          createdAt: at,
          lastSeenAt: at,
          expiresAt,
          ip: input.ip,
          userAgent: input.userAgent?.slice(0, 512) ?? null,
        });
        await recordAudit(tx, { type: 'user', id: user.id, requestId: input.requestId ?? null }, {
          action: 'accounts.login',
          subjectType: 'user',
          subjectId: user.id,
        });
        return { user: toStaffUser(fresh), sessionToken, csrfToken, mustChangePassword: fresh.mustChangePassword, expiresAt };
      });
      const at = now();
      await repo.purgeStaleThrottles(db, new Date(at.getTime() - FAILURE_MEMORY_MS), new Date(at.getTime() - FAMILIAR_CLIENT_MS), at);
      return result;
    },

    async logout(request) {
      const session = await currentSession(request);
      if (!session) return;
      await db.transaction(async (tx) => {
        const deleted = await repo.deleteSession(tx, session.sessionId);
        if (!deleted) return;
        await recordAudit(tx, { type: 'user', id: session.user.id, requestId: request.id }, {
          action: 'accounts.logout',
          subjectType: 'user',
          subjectId: session.user.id,
        });
      });
    },

    permissionsOf(role) {
      return [...(ctx.permissions.get(role) ?? [])].sort();
    },

    async listUsers() {
      return summaries(db, await throttleKey(), await repo.listUsers(db));
    },

    async createUser(actor, input) {
      const passwordHash = await hashPassword(input.password);
      const key = await throttleKey();
      return db.transaction(async (tx) => {
        const at = now();
        const user = await repo.insertUser(tx, {
          email: normalizeEmail(input.email),
          displayName: input.displayName,
          role: input.role,
          passwordHash,
          // Whoever set it has seen it: the owner chooses their own at the first sign-in.
          mustChangePassword: true,
          createdAt: at,
          updatedAt: at,
        });
        if (!user) throw conflict('accounts.email_taken', 'An account with this email already exists.');
        await recordAudit(tx, actor, { action: 'accounts.user_created', subjectType: 'user', subjectId: user.id, after: auditView(user) });
        return summaryOf(tx, key, user);
      });
    },

    async updateUser(actor, id, patch) {
      const key = await throttleKey();
      return db.transaction(async (tx) => {
        const before = await requireUser(tx, id);
        const changes: repo.UserPatch = {};
        if (patch.displayName !== undefined && patch.displayName !== before.displayName) changes.displayName = patch.displayName;
        if (patch.role !== undefined && patch.role !== before.role) {
          if (before.role === 'admin' && before.active) await assertNotLastAdmin(tx, id);
          changes.role = patch.role;
        }
        if (Object.keys(changes).length === 0) return summaryOf(tx, key, before);
        const after = await repo.updateUser(tx, id, changes, now());
        await recordAudit(tx, actor, {
          action: 'accounts.user_updated',
          subjectType: 'user',
          subjectId: id,
          before: auditView(before),
          after: auditView(after),
        });
        return summaryOf(tx, key, after);
      });
    },

    async deactivateUser(actor, id) {
      if (actor.type === 'user' && actor.id === id) {
        throw conflict('accounts.cannot_deactivate_self', 'You cannot deactivate your own account.');
      }
      const key = await throttleKey();
      return db.transaction(async (tx) => {
        const before = await requireUser(tx, id);
        if (!before.active) return summaryOf(tx, key, before);
        if (before.role === 'admin') await assertNotLastAdmin(tx, id);
        const after = await repo.updateUser(tx, id, { active: false }, now());
        const sessionsEnded = await repo.deleteSessionsOfUser(tx, id);
        await recordAudit(tx, actor, {
          action: 'accounts.user_deactivated',
          subjectType: 'user',
          subjectId: id,
          before: auditView(before),
          after: { ...auditView(after), sessionsEnded },
        });
        return summaryOf(tx, key, after);
      });
    },

    async reactivateUser(actor, id) {
      const key = await throttleKey();
      return db.transaction(async (tx) => {
        const before = await requireUser(tx, id);
        if (before.active) return summaryOf(tx, key, before);
        const after = await repo.updateUser(tx, id, { active: true }, now());
        const throttleCountersCleared = await repo.deleteAccountThrottles(tx, accountKeyOf(key, after.email));
        await recordAudit(tx, actor, {
          action: 'accounts.user_reactivated',
          subjectType: 'user',
          subjectId: id,
          before: auditView(before),
          after: { ...auditView(after), throttleCountersCleared },
        });
        return toSummary(after);
      });
    },

    async liftLoginThrottle(actor, id) {
      const key = await throttleKey();
      return db.transaction(async (tx) => {
        const user = await requireUser(tx, id);
        const throttleCountersCleared = await repo.deleteAccountThrottles(tx, accountKeyOf(key, user.email));
        await recordAudit(tx, actor, {
          action: 'accounts.login_throttle_lifted',
          subjectType: 'user',
          subjectId: id,
          after: { throttleCountersCleared },
        });
        return toSummary(user);
      });
    },

    async lockStaffMember(tx, id) {
      const user = await repo.findUserForShare(tx, id);
      return user ? { ...toStaffUser(user), active: user.active } : null;
    },

    async resetPassword(actor, id, password) {
      const temporaryPassword = password ?? generatePassword(20);
      const passwordHash = await hashPassword(temporaryPassword);
      const key = await throttleKey();
      await db.transaction(async (tx) => {
        const before = await requireUser(tx, id);
        const after = await repo.updateUser(tx, id, { passwordHash, mustChangePassword: true }, now());
        const sessionsEnded = await repo.deleteSessionsOfUser(tx, id);
        const throttleCountersCleared = await repo.deleteAccountThrottles(tx, accountKeyOf(key, after.email));
        await recordAudit(tx, actor, {
          action: 'accounts.password_reset',
          subjectType: 'user',
          subjectId: id,
          before: auditView(before),
          after: { ...auditView(after), passwordGenerated: password === undefined, sessionsEnded, throttleCountersCleared },
        });
      });
      return { temporaryPassword };
    },

    async changePassword(actor, session, currentPassword, newPassword) {
      const user = await repo.findUserById(db, session.user.id);
      if (!user || !(await passwords.verify(user.passwordHash, currentPassword))) {
        throw badRequest('accounts.wrong_current_password', 'The current password is not correct.', [
          { pointer: '/body/currentPassword', message: 'The current password is not correct.', code: 'wrong_current_password' },
        ]);
      }
      if (currentPassword.normalize('NFKC') === newPassword.normalize('NFKC')) {
        throw badRequest('accounts.password_unchanged', 'The new password must differ from the current one.', [
          { pointer: '/body/newPassword', message: 'The new password must differ from the current one.', code: 'password_unchanged' },
        ]);
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await requireUser(tx, user.id);
        await repo.updateUser(tx, user.id, { passwordHash, mustChangePassword: false }, now());
        const sessionsEnded = await repo.deleteSessionsOfUser(tx, user.id, session.sessionId);
        await recordAudit(tx, actor, {
          action: 'accounts.password_changed',
          subjectType: 'user',
          subjectId: user.id,
          after: { sessionsEnded },
        });
      });
    },

    async bootstrapAdmin() {
      if (await repo.anyUserExists(db)) return;
      const generated = config.admin.password === undefined;
      const password = config.admin.password ?? generatePassword(20);
      const email = normalizeEmail(config.admin.email);
      const passwordHash = await hashPassword(password);
      const created = await db.transaction(async (tx) => {
        // Another process starting at the same time may win the insert; then it announces, not us.
        // A generated password is printed in the console (and often the logs that keep it): temporary.
        const user = await repo.insertUser(tx, { email, displayName: 'Administration', role: 'admin', passwordHash, mustChangePassword: generated });
        if (!user) return null;
        await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'accounts.admin_bootstrapped',
          subjectType: 'user',
          subjectId: user.id,
          after: { ...auditView(user), passwordGenerated: generated },
        });
        return user;
      });
      if (!created) return;
      if (generated) announce(announceAdmin(email, password));
      else ctx.log.info({ email }, 'Administrator account created with the password from BEFFROI_ADMIN_PASSWORD');
    },
  };
}
