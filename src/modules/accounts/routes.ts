import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { unauthorized } from '../../platform/http/problem';
import { actorOf, requirePermission } from '../../platform/http/guards';
import type { App, AppContext } from '../../platform/modules';
import {
  changePasswordBody,
  createUserBody,
  loginBody,
  meSchema,
  resetPasswordBody,
  sessionSchema,
  temporaryPasswordSchema,
  updateUserBody,
  userListSchema,
  userParams,
  userResponseSchema,
} from './api-schemas';
import { SESSION_COOKIE, SESSION_TTL_MS } from './service';

const userResponse = { 200: userResponseSchema };

/** Per client address and process, on top of the login throttle's counters: a cheap first brake on floods. */
const LOGIN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' };

export function accountsRoutes(app: App, ctx: AppContext) {
  const accounts = ctx.services.accounts;
  const manageUsers = requirePermission(ctx, 'users.manage');
  // The one staff route a session that must change its password may use (with /me and logout, which need no guard).
  const signedInEvenRestricted = requirePermission(ctx, undefined, { allowRestricted: true });

  function cookieOptions(request: FastifyRequest) {
    const secure = request.protocol === 'https' || (ctx.config.publicUrl?.startsWith('https:') ?? false);
    return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure };
  }

  function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: SESSION_TTL_MS / 1000 });
  }

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Staff login; sets the session cookie and returns the CSRF token for later writes',
        body: loginBody,
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      accounts.assertSameOriginLogin(request);
      const result = await accounts.login({
        email: request.body.email,
        password: request.body.password,
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        previousToken: request.cookies?.[SESSION_COOKIE] ?? null,
        requestId: request.id,
      });
      setSessionCookie(request, reply, result.sessionToken);
      return { user: result.user, csrfToken: result.csrfToken, mustChangePassword: result.mustChangePassword };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags: ['auth'], summary: 'Ends the current session and clears its cookie', response: { 204: z.null() } },
    },
    async (request, reply) => {
      // A stale cookie has nothing to protect; only a live session needs the CSRF token to end.
      if (await accounts.currentSession(request)) {
        await accounts.assertCsrf(request);
        await accounts.logout(request);
      }
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in staff user, their permissions and CSRF token; renews the session cookie',
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const session = await accounts.currentSession(request);
      if (!session) throw unauthorized();
      // The server-side expiry slides with use; the cookie's Max-Age follows it here.
      setSessionCookie(request, reply, request.cookies[SESSION_COOKIE]!);
      return {
        user: session.user,
        csrfToken: session.csrfToken,
        mustChangePassword: session.mustChangePassword,
        permissions: accounts.permissionsOf(session.user.role),
      };
    },
  );

  app.post(
    '/api/auth/change-password',
    {
      preHandler: signedInEvenRestricted,
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Changes the signed-in user’s password; their other sessions end',
        body: changePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const session = await accounts.currentSession(request);
      if (!session) throw unauthorized();
      await accounts.changePassword(actorOf(request), session, request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/users',
    {
      preHandler: manageUsers,
      schema: { tags: ['users'], summary: 'Every staff account', response: { 200: userListSchema } },
    },
    async () => ({ users: await accounts.listUsers() }),
  );

  app.post(
    '/api/admin/users',
    {
      preHandler: manageUsers,
      schema: {
        tags: ['users'],
        summary: 'Creates a staff account with a temporary password, to be changed at its first login (409 when the email is taken)',
        body: createUserBody,
        response: { 201: userResponseSchema },
      },
    },
    async (request, reply) => {
      const user = await accounts.createUser(actorOf(request), request.body);
      return reply.status(201).send({ user });
    },
  );

  app.patch(
    '/api/admin/users/:id',
    {
      preHandler: manageUsers,
      schema: {
        tags: ['users'],
        summary: 'Changes a staff account’s name or role (409 when it would remove the last active admin)',
        params: userParams,
        body: updateUserBody,
        response: userResponse,
      },
    },
    async (request) => ({ user: await accounts.updateUser(actorOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/api/admin/users/:id/deactivate',
    {
      preHandler: manageUsers,
      schema: {
        tags: ['users'],
        summary: 'Deactivates an account and ends its sessions (409 for oneself or the last active admin)',
        params: userParams,
        response: userResponse,
      },
    },
    async (request) => ({ user: await accounts.deactivateUser(actorOf(request), request.params.id) }),
  );

  app.post(
    '/api/admin/users/:id/reactivate',
    {
      preHandler: manageUsers,
      schema: { tags: ['users'], summary: 'Reactivates an account and lifts its login delays', params: userParams, response: userResponse },
    },
    async (request) => ({ user: await accounts.reactivateUser(actorOf(request), request.params.id) }),
  );

  app.post(
    '/api/admin/users/:id/unlock',
    {
      preHandler: manageUsers,
      schema: {
        tags: ['users'],
        summary: 'Lifts every login delay on an account, from every address (failed logins slow an account, never lock it)',
        params: userParams,
        response: userResponse,
      },
    },
    async (request) => ({ user: await accounts.liftLoginThrottle(actorOf(request), request.params.id) }),
  );

  app.post(
    '/api/admin/users/:id/reset-password',
    {
      preHandler: manageUsers,
      schema: {
        tags: ['users'],
        summary: 'Sets a temporary password (generated unless given), to be changed at next login; ends the user’s sessions',
        params: userParams,
        body: resetPasswordBody,
        response: { 200: temporaryPasswordSchema },
      },
    },
    async (request) => accounts.resetPassword(actorOf(request), request.params.id, request.body?.password),
  );
}
