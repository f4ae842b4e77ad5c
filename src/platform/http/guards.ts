import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../audit/service';
import type { AppContext, Role } from '../modules';
import { forbidden, unauthorized } from './problem';

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffUser | null;
  }
}

/**
 * What the accounts module offers the platform: resolving the staff user behind a
 * request (session cookie) and checking CSRF on cookie-authenticated writes.
 */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<StaffUser | null>;
  /** Throws a 403 problem when an unsafe request carries a session cookie but no valid CSRF token. */
  assertCsrf(request: FastifyRequest): Promise<void>;
  /**
   * Throws a 403 problem when the session may only take the steps that lift a restriction
   * on it (a password it must change first), not use the back-office.
   */
  assertUnrestricted(request: FastifyRequest): Promise<void>;
}

export interface GuardOptions {
  /** The route is one of the steps that lift a session's restriction (changing one's password). */
  allowRestricted?: boolean;
}

export const AUTHENTICATOR_SERVICE = 'accounts';

function authenticator(ctx: AppContext): Authenticator {
  const a = ctx.services[AUTHENTICATOR_SERVICE] as Authenticator | undefined;
  if (!a) throw new Error('No accounts module registered: staff routes cannot authenticate.');
  return a;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * preHandler for staff routes: authenticates, checks CSRF on writes, refuses restricted
 * sessions (password to change), and checks the permission (admins hold all).
 */
export function requirePermission(ctx: AppContext, permission?: string, options: GuardOptions = {}) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = authenticator(ctx);
    const staff = await auth.authenticate(request);
    if (!staff) throw unauthorized();
    if (!SAFE_METHODS.has(request.method)) await auth.assertCsrf(request);
    if (!options.allowRestricted) await auth.assertUnrestricted(request);
    if (permission && !roleHasPermission(ctx, staff.role, permission)) throw forbidden();
    request.staff = staff;
  };
}

/** Whether a role holds a permission; administrators hold them all. */
export function roleHasPermission(ctx: AppContext, role: Role, permission: string): boolean {
  return role === 'admin' || (ctx.permissions.get(role)?.has(permission) ?? false);
}

/** Resolves the staff user if there is one, without requiring it (public routes that agents also use). */
export async function optionalStaff(ctx: AppContext, request: FastifyRequest): Promise<StaffUser | null> {
  const a = ctx.services[AUTHENTICATOR_SERVICE] as Authenticator | undefined;
  return a ? a.authenticate(request) : null;
}

export function actorOf(request: FastifyRequest): Actor {
  return request.staff
    ? { type: 'user', id: request.staff.id, requestId: request.id }
    : { type: 'resident', id: null, requestId: request.id };
}
