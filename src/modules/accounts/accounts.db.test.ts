import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { SYSTEM_ACTOR } from '../../platform/audit/service';
import { verifyAuditChain } from '../../platform/audit/service';
import { createApp, buildPermissions, type BeffroiApp } from '../../platform/app';
import { queryRows, type Database } from '../../platform/db/client';
import type { AppContext } from '../../platform/modules';
import { createTestApp } from '../../platform/testing/app';
import { openTestDatabase, testConfig } from '../../platform/testing/db';
import { MODULES } from '../index';
import { trustModule } from '../trust/manifest';
import { accountsModule } from './manifest';
import { HttpProblem } from '../../platform/http/problem';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { createAccountsService, SESSION_COOKIE, type AccountsOptions, type AccountsService } from './service';
import { sessionIdOf } from './tokens';

const ADMIN_EMAIL = 'admin@test.beffroi.fr';
const ADMIN_PASSWORD = 'test-admin-password-123';
const MODULES_UNDER_TEST = [accountsModule, trustModule];

interface Session {
  token: string;
  csrf: string;
}

let ipCounter = 0;
/** Each call comes from its own address, so the per-IP login limit only bites where a test means it to. */
function freshIp(): string {
  ipCounter++;
  return `10.1.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

function sessionCookie(res: InjectResponse) {
  return res.cookies.find((c) => c.name === SESSION_COOKIE);
}

describe('accounts', () => {
  let beffroi: BeffroiApp;
  let admin: Session;
  const passwordsUsed = [ADMIN_PASSWORD];

  const app = () => beffroi.app;
  const accounts = () => beffroi.ctx.services.accounts as AccountsService;

  function login(email: string, password: string, opts: { ip?: string; headers?: Record<string, string> } = {}) {
    return app().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      remoteAddress: opts.ip ?? freshIp(),
      headers: opts.headers,
    });
  }

  async function signIn(email: string, password: string): Promise<Session> {
    const res = await login(email, password);
    expect(res.statusCode, res.body).toBe(200);
    return { token: sessionCookie(res)!.value, csrf: res.json().csrfToken };
  }

  function call(
    session: Session | null,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: unknown,
    csrf: string | null | undefined = session?.csrf,
  ) {
    const headers: Record<string, string> = {};
    if (csrf) headers['x-csrf-token'] = csrf;
    return app().inject({
      method,
      url,
      payload: payload as never,
      headers,
      cookies: session ? { [SESSION_COOKIE]: session.token } : {},
      remoteAddress: freshIp(),
    });
  }

  /** An account as its owner leaves it: created with a temporary password, which the owner replaces by `password`. */
  async function createUser(role: string, email: string, password = `${role}-password-long-1`) {
    const temporary = `${password}-temporary`;
    passwordsUsed.push(temporary, password);
    const res = await call(admin, 'POST', '/api/admin/users', { email, displayName: `${role} ${email}`, role, password: temporary });
    expect(res.statusCode, res.body).toBe(201);
    const first = await signIn(email, temporary);
    const changed = await call(first, 'POST', '/api/auth/change-password', { currentPassword: temporary, newPassword: password });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await call(first, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    return { id: res.json().user.id as string, email, password };
  }

  async function userCount() {
    const [row] = await queryRows<{ n: number }>(beffroi.ctx.db, sql`SELECT count(*)::int AS n FROM users`);
    return row!.n;
  }

  beforeAll(async () => {
    beffroi = await createTestApp({ modules: MODULES_UNDER_TEST });
    admin = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await beffroi?.close();
  });

  it('is registered first among the modules, as the platform authenticator', () => {
    expect(MODULES[0]).toBe(accountsModule);
  });

  it('creates the configured administrator at start, with an argon2id hash', async () => {
    const rows = await queryRows<{ email: string; role: string; password_hash: string }>(
      beffroi.ctx.db,
      sql`SELECT email, role, password_hash FROM users`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: ADMIN_EMAIL, role: 'admin' });
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('logs in, returns the user and a CSRF token, and sets a hardened session cookie', async () => {
    const res = await login(ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: expect.any(String), email: ADMIN_EMAIL, displayName: 'Administration', role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.mustChangePassword).toBe(false);
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 12 * 3600 });
    expect(cookie.secure).toBeFalsy();
    // Only the token's digest is stored.
    const rows = await queryRows<{ id: string }>(beffroi.ctx.db, sql`SELECT id FROM sessions WHERE id = ${sessionIdOf(cookie.value)}`);
    expect(rows).toHaveLength(1);
    const clear = await queryRows(beffroi.ctx.db, sql`SELECT id FROM sessions WHERE id = ${cookie.value}`);
    expect(clear).toHaveLength(0);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const wrong = await login(ADMIN_EMAIL, 'not-the-password-at-all');
    const unknown = await login('nobody@test.beffroi.fr', 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(sessionCookie(wrong)).toBeUndefined();
    // The failures were counted; forget them for later tests.
    await beffroi.ctx.db.execute(sql`DELETE FROM login_throttles`);
  });

  it('rejects logins posted from another site', async () => {
    const evil = await login(ADMIN_EMAIL, ADMIN_PASSWORD, { headers: { origin: 'https://evil.example' } });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('auth.cross_site');
    const crossSite = await login(ADMIN_EMAIL, ADMIN_PASSWORD, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    const sameOrigin = await login(ADMIN_EMAIL, ADMIN_PASSWORD, {
      headers: { host: 'localhost:3000', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.statusCode).toBe(200);
  });

  it('rejects malformed login bodies with field errors', async () => {
    const res = await app().inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, remember: true },
      remoteAddress: freshIp(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ code: 'unrecognized_keys', message: expect.stringContaining('remember') });
  });

  it('tells the signed-in user who they are and what they may do; 401 otherwise', async () => {
    const me = await call(admin, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: ADMIN_EMAIL, role: 'admin' }, csrfToken: admin.csrf });
    expect(me.json().permissions).toEqual(expect.arrayContaining(['users.manage', 'audit.read', 'settings.manage']));
    expect(sessionCookie(me)?.maxAge).toBe(12 * 3600);
    expect((await call(null, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await call({ token: 'forged', csrf: 'x' }, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('logs out: the session is gone and the cookie cleared', async () => {
    const s = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const noCsrf = await call(s, 'POST', '/api/auth/logout', undefined, null);
    expect(noCsrf.statusCode).toBe(403);
    const out = await call(s, 'POST', '/api/auth/logout');
    expect(out.statusCode).toBe(204);
    const cleared = sessionCookie(out)!;
    expect(cleared.value).toBe('');
    expect((await call(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    // The admin's other session is untouched.
    expect((await call(admin, 'GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses cookie-authenticated writes without the right CSRF token, changing nothing', async () => {
    const before = await userCount();
    const payload = { email: 'csrf@test.beffroi.fr', displayName: 'CSRF', role: 'agent', password: 'csrf-password-123' };
    const missing = await call(admin, 'POST', '/api/admin/users', payload, null);
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('auth.csrf_invalid');
    const wrong = await call(admin, 'POST', '/api/admin/users', payload, 'x'.repeat(43));
    expect(wrong.statusCode).toBe(403);
    const other = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    const otherSessionsToken = await call(admin, 'POST', '/api/admin/users', payload, other.csrf);
    expect(otherSessionsToken.statusCode).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it('lets an admin create an agent, who can log in but not manage users', async () => {
    const agent = await createUser('agent', 'Agent.One@Test.Beffroi.fr');
    const s = await signIn('agent.one@test.beffroi.fr', agent.password);
    const me = await call(s, 'GET', '/api/auth/me');
    expect(me.json().user).toMatchObject({ email: 'agent.one@test.beffroi.fr', role: 'agent' });
    expect(me.json().permissions).not.toContain('users.manage');
    expect((await call(s, 'GET', '/api/admin/users')).statusCode).toBe(403);
    const create = await call(s, 'POST', '/api/admin/users', {
      email: 'sneaky@test.beffroi.fr',
      displayName: 'Sneaky',
      role: 'admin',
      password: 'sneaky-password-1',
    });
    expect(create.statusCode).toBe(403);
    const list = await call(admin, 'GET', '/api/admin/users');
    expect(list.statusCode).toBe(200);
    const listed = list.json().users as Record<string, unknown>[];
    expect(listed.map((u) => u.email)).toContain('agent.one@test.beffroi.fr');
    for (const u of listed) expect(Object.keys(u)).not.toContain('passwordHash');
  });

  it('gives a new account a temporary password: its first sign-in must change it before anything else', async () => {
    const email = 'newcomer@test.beffroi.fr';
    passwordsUsed.push('set-by-the-admin-1', 'chosen-by-the-newcomer-1');
    const created = await call(admin, 'POST', '/api/admin/users', { email, displayName: 'Newcomer', role: 'analyst', password: 'set-by-the-admin-1' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().user.mustChangePassword).toBe(true);

    const first = await login(email, 'set-by-the-admin-1');
    expect(first.statusCode).toBe(200);
    expect(first.json().mustChangePassword).toBe(true);
    const s: Session = { token: sessionCookie(first)!.value, csrf: first.json().csrfToken };
    const refused = await call(s, 'GET', '/api/admin/audit');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.password_change_required');

    const changed = await call(s, 'POST', '/api/auth/change-password', { currentPassword: 'set-by-the-admin-1', newPassword: 'chosen-by-the-newcomer-1' });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await call(s, 'GET', '/api/admin/audit')).statusCode).toBe(200);
    const again = await login(email, 'chosen-by-the-newcomer-1');
    expect(again.json().mustChangePassword).toBe(false);
  });

  it('refuses a second account with the same email in another case (409)', async () => {
    await createUser('moderator', 'dup@test.beffroi.fr');
    const before = await userCount();
    const res = await call(admin, 'POST', '/api/admin/users', {
      email: 'DUP@test.beffroi.fr',
      displayName: 'Dup',
      role: 'agent',
      password: 'another-password-1',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('accounts.email_taken');
    expect(await userCount()).toBe(before);
  });

  it('validates new accounts: short passwords, unknown roles and fields are 400', async () => {
    const base = { email: 'valid@test.beffroi.fr', displayName: 'Valid', role: 'agent', password: 'long-enough-pass' };
    const short = await call(admin, 'POST', '/api/admin/users', { ...base, password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].pointer).toBe('/body/password');
    expect((await call(admin, 'POST', '/api/admin/users', { ...base, role: 'mayor' })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/admin/users', { ...base, active: false })).statusCode).toBe(400);
    expect((await call(admin, 'POST', '/api/admin/users', { ...base, email: 'not-an-email' })).statusCode).toBe(400);
    expect((await call(admin, 'PATCH', '/api/admin/users/not-a-uuid', { displayName: 'x' })).statusCode).toBe(400);
    const missing = await call(admin, 'PATCH', '/api/admin/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' });
    expect(missing.statusCode).toBe(404);
  });

  it('renames and changes roles, with the change audited', async () => {
    const u = await createUser('analyst', 'analyst@test.beffroi.fr');
    const res = await call(admin, 'PATCH', `/api/admin/users/${u.id}`, { displayName: 'Anna Lyste', role: 'moderator' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ displayName: 'Anna Lyste', role: 'moderator' });
    const events = await queryRows<{ before: { role: string }; after: { role: string } }>(
      beffroi.ctx.db,
      sql`SELECT before, after FROM audit_events WHERE action = 'accounts.user_updated' AND subject_id = ${u.id}`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.before.role).toBe('analyst');
    expect(events[0]!.after.role).toBe('moderator');
  });

  it('never lets the last active admin go, nor an admin deactivate themselves', async () => {
    const me = (await call(admin, 'GET', '/api/auth/me')).json().user;
    const self = await call(admin, 'POST', `/api/admin/users/${me.id}/deactivate`);
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('accounts.cannot_deactivate_self');
    const demote = await call(admin, 'PATCH', `/api/admin/users/${me.id}`, { role: 'agent' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('accounts.last_admin');
    await expect(accounts().deactivateUser(SYSTEM_ACTOR, me.id)).rejects.toMatchObject({ status: 409, code: 'accounts.last_admin' });

    // With a second admin, either may be demoted or deactivated by the other.
    const second = await createUser('admin', 'second.admin@test.beffroi.fr');
    const off = await call(admin, 'POST', `/api/admin/users/${second.id}/deactivate`);
    expect(off.statusCode).toBe(200);
    expect(off.json().user.active).toBe(false);
    // Deactivated, the second admin no longer counts: the first is the last again.
    expect((await call(admin, 'PATCH', `/api/admin/users/${me.id}`, { role: 'agent' })).statusCode).toBe(409);
    expect((await call(admin, 'POST', `/api/admin/users/${second.id}/reactivate`)).statusCode).toBe(200);
    const demoteSecond = await call(admin, 'PATCH', `/api/admin/users/${second.id}`, { role: 'analyst' });
    expect(demoteSecond.statusCode).toBe(200);
  });

  it('cuts off a deactivated user at once and refuses their logins until reactivated', async () => {
    const u = await createUser('agent', 'leaving@test.beffroi.fr');
    const s = await signIn(u.email, u.password);
    const s2 = await signIn(u.email, u.password);

    // Even a session row that survived (deactivation by hand in SQL) stops working.
    await beffroi.ctx.db.execute(sql`UPDATE users SET active = false WHERE id = ${u.id}`);
    expect((await call(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    await beffroi.ctx.db.execute(sql`UPDATE users SET active = true WHERE id = ${u.id}`);
    expect((await call(s, 'GET', '/api/auth/me')).statusCode).toBe(200);

    const off = await call(admin, 'POST', `/api/admin/users/${u.id}/deactivate`);
    expect(off.statusCode).toBe(200);
    expect((await call(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await call(s2, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const sessions = await queryRows(beffroi.ctx.db, sql`SELECT id FROM sessions WHERE user_id = ${u.id}`);
    expect(sessions).toHaveLength(0);

    const refused = await login(u.email, u.password);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.deactivated');
    // Without the right password, a deactivated account looks like any other failure.
    expect((await login(u.email, 'wrong-password-here')).json().code).toBe('auth.invalid_credentials');

    expect((await call(admin, 'POST', `/api/admin/users/${u.id}/reactivate`)).statusCode).toBe(200);
    expect((await login(u.email, u.password)).statusCode).toBe(200);
  });

  /** A service of its own on the same database: its clock and password checker are the test's. */
  function serviceWith(opts: AccountsOptions) {
    return createAccountsService(beffroi.ctx, opts);
  }

  async function refusal(attempt: Promise<unknown>): Promise<HttpProblem> {
    const outcome = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(HttpProblem);
    return outcome as HttpProblem;
  }

  async function auditOf(userId: string, action: string) {
    return queryRows<{ after: Record<string, unknown> }>(
      beffroi.ctx.db,
      sql`SELECT after FROM audit_events WHERE action = ${action} AND subject_id = ${userId} ORDER BY id`,
    );
  }

  it('slows one address after 5 failures on an account, without keeping the owner out from elsewhere', async () => {
    const u = await createUser('agent', 'forgetful@test.beffroi.fr');
    const ip = freshIp();
    for (let i = 0; i < 4; i++) expect((await login(u.email, `wrong-password-${i}`, { ip })).statusCode).toBe(401);
    const fifth = await login(u.email, 'wrong-password-5', { ip });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.headers['content-type']).toContain('application/problem+json');
    expect(fifth.json()).toMatchObject({ code: 'auth.throttled', retryAfter: expect.any(Number) });
    const retryAfter = Number(fifth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const rightButThrottled = await login(u.email, u.password, { ip });
    expect(rightButThrottled.statusCode).toBe(429);
    expect(rightButThrottled.json().code).toBe('auth.throttled');
    expect(sessionCookie(rightButThrottled)).toBeUndefined();
    // Another address is not held back: a stranger cannot lock the owner out.
    expect((await login(u.email, u.password)).statusCode).toBe(200);

    const throttled = await auditOf(u.id, 'accounts.login_throttled');
    expect(throttled.map((e) => e.after.scope)).toEqual(['account_client']);
    expect((await auditOf(u.id, 'accounts.login_failed')).length).toBe(5);

    // A minute later (the delay moved into the past) the address may try again; its success clears its count.
    await beffroi.ctx.db.execute(sql`UPDATE login_throttles SET blocked_until = now() - interval '1 second' WHERE blocked_until > now()`);
    expect((await login(u.email, u.password, { ip })).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(u.email, `wrong-again-${i}`, { ip })).statusCode).toBe(401);
    expect((await login(u.email, u.password, { ip })).statusCode).toBe(200);
  });

  it('slows an account guessed from many addresses, but not from the addresses its owner uses, and lets an admin lift it', async () => {
    const u = await createUser('agent', 'targeted@test.beffroi.fr');
    const home = freshIp();
    expect((await login(u.email, u.password, { ip: home })).statusCode).toBe(200);
    for (let i = 0; i < 9; i++) expect((await login(u.email, `guess-${i}-from-afar`)).statusCode).toBe(401);
    const tenth = await login(u.email, 'guess-10-from-afar');
    expect(tenth.statusCode).toBe(429);
    expect(Number(tenth.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect((await auditOf(u.id, 'accounts.login_throttled')).map((e) => e.after.scope)).toEqual(['account']);

    // Strangers wait, even with the right password; the owner's usual address does not.
    expect((await login(u.email, u.password)).statusCode).toBe(429);
    expect((await login(u.email, u.password, { ip: home })).statusCode).toBe(200);
    expect((await login(u.email, u.password)).statusCode).toBe(429);

    const listed = (await call(admin, 'GET', '/api/admin/users')).json().users.find((x: { id: string }) => x.id === u.id);
    expect(Date.parse(listed.throttledUntil)).toBeGreaterThan(Date.now());

    expect((await call(null, 'POST', `/api/admin/users/${u.id}/unlock`)).statusCode).toBe(401);
    const lifted = await call(admin, 'POST', `/api/admin/users/${u.id}/unlock`);
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json().user.throttledUntil).toBeNull();
    expect((await auditOf(u.id, 'accounts.login_throttle_lifted'))[0]!.after.throttleCountersCleared).toBeGreaterThan(0);
    expect((await login(u.email, u.password)).statusCode).toBe(200);
  });

  it('doubles the account-wide delay while guesses go on, up to a cap, and never locks the account', async () => {
    const u = await createUser('agent', 'besieged@test.beffroi.fr');
    let clock = Date.now();
    const accounts = serviceWith({ now: () => new Date(clock) });
    const attempt = (password: string) => refusal(accounts.login({ email: u.email, password, ip: freshIp(), userAgent: null }));

    for (let i = 0; i < 9; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const refused = await attempt(`wrong-again-${i}`);
      expect(refused).toMatchObject({ status: 429, code: 'auth.throttled' });
      const seconds = refused.extra.retryAfter as number;
      delays.push(seconds);
      // Until the delay ends, even the right password is refused; then the next guess is checked.
      expect((await attempt(u.password)).status).toBe(429);
      clock += seconds * 1000;
    }
    expect(delays).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
    // Capped, never locked: once the delay has passed, the right password gets in from anywhere.
    await expect(accounts.login({ email: u.email, password: u.password, ip: freshIp(), userAgent: null })).resolves.toMatchObject({
      user: { id: u.id },
    });
  });

  it('refuses an address that fails on many accounts, and only that address', async () => {
    const accounts = serviceWith({});
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await refusal(accounts.login({ email: `sprayed-${i}@test.beffroi.fr`, password: 'Summer2025!', ip, userAgent: null }))).status);
    }
    expect(statuses.slice(0, 29).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(29)).toEqual([429, 429]);
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD, { ip })).statusCode).toBe(429);
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).statusCode).toBe(200);
    const throttled = await queryRows(beffroi.ctx.db, sql`SELECT id FROM audit_events WHERE action = 'accounts.login_throttled' AND subject_type = 'login_client'`);
    expect(throttled).toHaveLength(1);
  });

  it('throttles an unknown e-mail exactly as it throttles a real one', async () => {
    const u = await createUser('agent', 'real-one@test.beffroi.fr');
    const realIp = freshIp();
    const unknownIp = freshIp();
    for (let i = 0; i < 7; i++) {
      const real = await login(u.email, `wrong-password-${i}`, { ip: realIp });
      const unknown = await login('not-a-real-one@test.beffroi.fr', `wrong-password-${i}`, { ip: unknownIp });
      expect(unknown.statusCode, `attempt ${i}`).toBe(real.statusCode);
      const { detail: realDetail, retryAfter: realRetry, ...realRest } = real.json();
      const { detail: unknownDetail, retryAfter: unknownRetry, ...unknownRest } = unknown.json();
      expect(unknownRest).toEqual(realRest);
      expect(Math.abs((unknownRetry ?? 0) - (realRetry ?? 0))).toBeLessThanOrEqual(1);
      expect(typeof unknownDetail).toBe(typeof realDetail);
    }
  });

  it('checks a dummy hash whenever there is no real one to check, and refuses both ways alike', async () => {
    const checked: string[] = [];
    const dummy = await dummyPasswordHash();
    const accounts = serviceWith({
      passwords: {
        verify: vi.fn(async (hash: string, password: string) => {
          checked.push(hash);
          return verifyPassword(hash, password);
        }),
        dummyHash: dummyPasswordHash,
      },
    });
    const u = await createUser('agent', 'timing@test.beffroi.fr');
    const [row] = await queryRows<{ password_hash: string }>(beffroi.ctx.db, sql`SELECT password_hash FROM users WHERE id = ${u.id}`);
    const attempt = (email: string, password: string, ip: string) => refusal(accounts.login({ email, password, ip, userAgent: null }));

    const unknown = await attempt('nobody-at-all@test.beffroi.fr', 'some-wrong-password', freshIp());
    expect(checked).toEqual([dummy]);
    const ip = freshIp();
    const wrong = await attempt(u.email, 'some-wrong-password', ip);
    expect(checked).toEqual([dummy, row!.password_hash]);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.toBody()).toEqual(wrong.toBody());

    for (let i = 0; i < 4; i++) await attempt(u.email, `more-wrong-${i}`, ip);
    checked.length = 0;
    // Throttled: refused without checking the real hash, but after checking the dummy one.
    expect((await attempt(u.email, u.password, ip)).status).toBe(429);
    expect(checked).toEqual([dummy]);
  });

  it('forgets counters that hold nothing any more when someone logs in', async () => {
    await beffroi.ctx.db.execute(sql`INSERT INTO login_throttles (scope, account_key, client_key, failures, last_failure_at, last_success_at) VALUES
      ('client', '', 'stale-client', 3, now() - interval '2 days', NULL),
      ('account_client', 'familiar-account', 'familiar-client', 0, NULL, now() - interval '2 days'),
      ('client', '', 'recent-client', 3, now() - interval '1 hour', NULL)`);
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).statusCode).toBe(200);
    const left = await queryRows<{ client_key: string }>(
      beffroi.ctx.db,
      sql`SELECT client_key FROM login_throttles WHERE client_key IN ('stale-client', 'familiar-client', 'recent-client') ORDER BY client_key`,
    );
    expect(left.map((r) => r.client_key)).toEqual(['familiar-client', 'recent-client']);
  });

  it('checks at most 5 passwords of an account when guesses from one address arrive in parallel', async () => {
    const u = await createUser('agent', 'parallel@test.beffroi.fr');
    const ip = freshIp();
    const responses = await Promise.all(Array.from({ length: 15 }, (_, i) => login(u.email, `guess-${i}-wrong-password`, { ip })));
    const statuses = responses.map((r) => r.statusCode);
    // Each guess is counted before its password is checked: 4 plain refusals at most, then the delay.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(11);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect((await auditOf(u.id, 'accounts.login_failed')).length).toBeLessThanOrEqual(5);
    const right = await login(u.email, u.password, { ip });
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('auth.throttled');
  });

  it('checks at most 10 passwords of an account when guesses from many addresses arrive in parallel', async () => {
    const u = await createUser('agent', 'parallel-many@test.beffroi.fr');
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => login(u.email, `guess-${i}-wrong-password`)));
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(9);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(16);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect((await auditOf(u.id, 'accounts.login_failed')).length).toBeLessThanOrEqual(10);
    expect((await login(u.email, u.password)).statusCode).toBe(429);
  });

  it('limits login attempts per client address', async () => {
    const ip = '192.0.2.77';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(`nobody${i}@test.beffroi.fr`, 'whatever-password', { ip })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another address is not affected.
    expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).statusCode).toBe(200);
  });

  it('resets a password: sessions end, the temporary one must be changed', async () => {
    const u = await createUser('agent', 'reset@test.beffroi.fr');
    const s = await signIn(u.email, u.password);

    const reset = await call(admin, 'POST', `/api/admin/users/${u.id}/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    passwordsUsed.push(temporary);
    expect(temporary).toHaveLength(20);
    expect((await call(s, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await login(u.email, u.password)).statusCode).toBe(401);

    const temp = await login(u.email, temporary);
    expect(temp.statusCode).toBe(200);
    expect(temp.json().mustChangePassword).toBe(true);
    const ts: Session = { token: sessionCookie(temp)!.value, csrf: temp.json().csrfToken };

    const wrongCurrent = await call(ts, 'POST', '/api/auth/change-password', {
      currentPassword: 'not-the-temporary',
      newPassword: 'my-own-new-password',
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().code).toBe('accounts.wrong_current_password');
    const tooShort = await call(ts, 'POST', '/api/auth/change-password', { currentPassword: temporary, newPassword: 'short' });
    expect(tooShort.statusCode).toBe(400);
    const noCsrf = await call(
      ts,
      'POST',
      '/api/auth/change-password',
      { currentPassword: temporary, newPassword: 'my-own-new-password' },
      null,
    );
    expect(noCsrf.statusCode).toBe(403);

    const otherSession = await signIn(u.email, temporary);
    passwordsUsed.push('my-own-new-password');
    const changed = await call(ts, 'POST', '/api/auth/change-password', {
      currentPassword: temporary,
      newPassword: 'my-own-new-password',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    const me = await call(ts, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(false);
    expect((await call(otherSession, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await login(u.email, 'my-own-new-password')).statusCode).toBe(200);

    passwordsUsed.push('chosen-by-the-admin');
    const chosen = await call(admin, 'POST', `/api/admin/users/${u.id}/reset-password`, { password: 'chosen-by-the-admin' });
    expect(chosen.json()).toEqual({ temporaryPassword: 'chosen-by-the-admin' });
    expect((await login(u.email, 'chosen-by-the-admin')).statusCode).toBe(200);
  });

  it('lets a session whose password must change do nothing but read itself, change it and log out', async () => {
    const u = await createUser('admin', 'must-change@test.beffroi.fr');
    const reset = await call(admin, 'POST', `/api/admin/users/${u.id}/reset-password`);
    const temporary = reset.json().temporaryPassword as string;
    passwordsUsed.push(temporary);
    const restricted = await signIn(u.email, temporary);
    const usersBefore = await userCount();

    for (const [method, url, payload] of [
      ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/users', { email: 'sneaky@test.beffroi.fr', displayName: 'Sneaky', role: 'admin', password: 'sneaky-password-1' }],
      ['POST', `/api/admin/users/${u.id}/reset-password`, undefined],
      ['GET', '/api/admin/audit', undefined],
      ['PATCH', `/api/admin/users/${u.id}`, { displayName: 'Renamed' }],
    ] as const) {
      const res = await call(restricted, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code, `${method} ${url}`).toBe('auth.password_change_required');
    }
    expect(await userCount()).toBe(usersBefore);

    const me = await call(restricted, 'GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(true);
    // CSRF still applies to the one write it may make.
    expect((await call(restricted, 'POST', '/api/auth/change-password', { currentPassword: temporary, newPassword: 'long-enough-password' }, null)).statusCode).toBe(403);

    passwordsUsed.push('changed-by-its-owner-1');
    const changed = await call(restricted, 'POST', '/api/auth/change-password', {
      currentPassword: temporary,
      newPassword: 'changed-by-its-owner-1',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await call(restricted, 'GET', '/api/admin/users')).statusCode).toBe(200);

    // Logging out is allowed while restricted too.
    const again = await call(admin, 'POST', `/api/admin/users/${u.id}/reset-password`, { password: 'second-temporary-1' });
    expect(again.statusCode).toBe(200);
    passwordsUsed.push('second-temporary-1');
    const second = await signIn(u.email, 'second-temporary-1');
    expect((await call(second, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await call(second, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('audits every change in an intact chain, without any password or hash', async () => {
    const rows = await queryRows<{ action: string; before: unknown; after: unknown }>(
      beffroi.ctx.db,
      sql`SELECT action, before, after FROM audit_events WHERE action LIKE 'accounts.%' ORDER BY id`,
    );
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'accounts.admin_bootstrapped',
      'accounts.login',
      'accounts.login_failed',
      'accounts.login_throttled',
      'accounts.login_throttle_lifted',
      'accounts.logout',
      'accounts.user_created',
      'accounts.user_updated',
      'accounts.user_deactivated',
      'accounts.user_reactivated',
      'accounts.password_reset',
      'accounts.password_changed',
    ]) {
      expect(actions, a).toContain(a);
    }
    const dump = JSON.stringify(rows);
    for (const p of passwordsUsed) expect(dump).not.toContain(p);
    expect(dump).not.toContain('$argon2');
    expect(dump.toLowerCase()).not.toContain('passwordhash');
    expect((await verifyAuditChain(beffroi.ctx.db)).ok).toBe(true);
  });
});

describe('accounts bootstrap', () => {
  let database: Database;
  /** The same database across several app starts; each start's close leaves it open. */
  let shared: Database;

  beforeAll(async () => {
    database = await openTestDatabase();
    shared = { ...database, close: async () => {} };
  });
  afterAll(async () => {
    await database?.close();
  });

  async function start(env: Record<string, string>) {
    return createApp({
      config: testConfig(env),
      modules: [accountsModule],
      database: shared,
      webRoot: null,
      logger: false,
      startWorkers: false,
    });
  }

  it('creates one administrator with a random password printed once, and none on later starts', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    });
    try {
      // An empty variable counts as unset, so the password is generated.
      const env = { BEFFROI_ADMIN_PASSWORD: '', PUBLIC_URL: 'https://mairie.example' };
      const first = await start(env);
      const announcements = printed.filter((p) => p.includes('Administrator account created'));
      expect(announcements).toHaveLength(1);
      const match = /Administrator account created: (\S+) \/ (\S+) — change it after first login/.exec(announcements[0]!);
      expect(match?.[1]).toBe(ADMIN_EMAIL);
      const password = match![2]!;
      expect(password).toHaveLength(20);

      const res = await first.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: ADMIN_EMAIL, password },
        headers: { origin: 'https://mairie.example', 'sec-fetch-site': 'same-origin' },
      });
      expect(res.statusCode, res.body).toBe(200);
      // The printed password is temporary: the first sign-in must replace it.
      expect(res.json().mustChangePassword).toBe(true);
      const me = await first.app.inject({ method: 'GET', url: '/api/admin/users', cookies: { [SESSION_COOKIE]: sessionCookie(res)!.value } });
      expect(me.statusCode).toBe(403);
      expect(me.json().code).toBe('auth.password_change_required');
      // The public URL is https, so the cookie is Secure even behind a plain-http hop.
      expect(sessionCookie(res)?.secure).toBe(true);
      await first.close();

      const second = await start(env);
      await second.close();
      expect(printed.filter((p) => p.includes('Administrator account created'))).toHaveLength(1);

      const users = await queryRows<{ n: number }>(shared.db, sql`SELECT count(*)::int AS n FROM users`);
      expect(users[0]!.n).toBe(1);
      const events = await queryRows<{ after: unknown }>(
        shared.db,
        sql`SELECT after FROM audit_events WHERE action = 'accounts.admin_bootstrapped'`,
      );
      expect(events).toHaveLength(1);
      expect(JSON.stringify(events)).not.toContain(password);
    } finally {
      spy.mockRestore();
    }
  });

  it('creates a single administrator when two processes bootstrap at once', async () => {
    const fresh = await openTestDatabase();
    try {
      const announced: string[] = [];
      const ctx = {
        db: fresh.db,
        config: testConfig({ BEFFROI_ADMIN_PASSWORD: '' }),
        permissions: buildPermissions([accountsModule]),
        log: { info: () => {} } as unknown as FastifyBaseLogger,
      } as unknown as AppContext;
      const a = createAccountsService(ctx, { announce: (m) => announced.push(m) });
      const b = createAccountsService(ctx, { announce: (m) => announced.push(m) });
      await Promise.all([a.bootstrapAdmin(), b.bootstrapAdmin()]);
      const users = await queryRows<{ n: number }>(fresh.db, sql`SELECT count(*)::int AS n FROM users`);
      expect(users[0]!.n).toBe(1);
      expect(announced).toHaveLength(1);
      const events = await queryRows(fresh.db, sql`SELECT id FROM audit_events WHERE action = 'accounts.admin_bootstrapped'`);
      expect(events).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});
