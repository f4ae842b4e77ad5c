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

/** The platform knows the accounts module only as an `Authenticator`; a module with staff routes declares `dependsOn: ['accounts']`. */
function authenticatorOf(ctx: AppContext): Authenticator | undefined {
  return (ctx.services as unknown as Record<string, Authenticator | undefined>)[AUTHENTICATOR_SERVICE];
}

function authenticator(ctx: AppContext): Authenticator {
  const a = authenticatorOf(ctx);
  if (!a) throw new Error('No accounts module registered: staff routes cannot authenticate.');
  return a;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const STAFF_GUARD = Symbol('beffroi.staffGuard');

export type StaffGuard = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  readonly [STAFF_GUARD]: { permission: string | undefined };
};

/**
 * The guard of a staff route: authenticates, checks CSRF on writes, refuses restricted
 * sessions (password to change), and checks the permission (admins hold all).
 *
 * A route declares it as a hook (`onRequest`, or `preHandler` as most do); the server moves it to
 * the start of the route's `onRequest` hooks wherever it is declared (`liftStaffGuard`), so that it
 * runs before the body is read and before params, query and body are validated: a request without
 * a session gets 401, without its CSRF token or permission 403, whatever else is wrong with it.
 */
export function requirePermission(ctx: AppContext, permission?: string, options: GuardOptions = {}): StaffGuard {
  const guard = async (request: FastifyRequest, _reply: FastifyReply) => {
    const auth = authenticator(ctx);
    const staff = await auth.authenticate(request);
    if (!staff) throw unauthorized();
    if (!SAFE_METHODS.has(request.method)) await auth.assertCsrf(request);
    if (!options.allowRestricted) await auth.assertUnrestricted(request);
    if (permission && !roleHasPermission(ctx, staff.role, permission)) throw forbidden();
    request.staff = staff;
  };
  return Object.assign(guard, { [STAFF_GUARD]: { permission } });
}

type Hook = unknown;
/** The hook options of a route, as Fastify's `onRoute` hook sees them. */
export interface RouteHooks {
  onRequest?: Hook | Hook[];
  preParsing?: Hook | Hook[];
  preValidation?: Hook | Hook[];
  preHandler?: Hook | Hook[];
}

function isStaffGuard(hook: unknown): hook is StaffGuard {
  return typeof hook === 'function' && STAFF_GUARD in hook;
}

/**
 * Moves the route's staff guards, wherever the route declared them, to the start of its `onRequest`
 * hooks. Returns what the route requires (`{ permission }`, undefined for any signed-in staff
 * member) when it is a staff route, null otherwise.
 */
export function liftStaffGuard(route: RouteHooks): { permission: string | undefined } | null {
  const guards: StaffGuard[] = [];
  for (const stage of ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const) {
    const declared = route[stage];
    if (declared === undefined) continue;
    const hooks = Array.isArray(declared) ? declared : [declared];
    guards.push(...hooks.filter(isStaffGuard));
    const others = hooks.filter((h) => !isStaffGuard(h));
    if (others.length) route[stage] = others;
    else delete route[stage];
  }
  if (!guards.length) return null;
  route.onRequest = [...guards, ...((route.onRequest as Hook[] | undefined) ?? [])];
  return guards[0]![STAFF_GUARD];
}

/** Whether a role holds a permission; administrators hold them all. */
export function roleHasPermission(ctx: AppContext, role: Role, permission: string): boolean {
  return role === 'admin' || (ctx.permissions.get(role)?.has(permission) ?? false);
}

/** Resolves the staff user if there is one, without requiring it (public routes that agents also use). */
export async function optionalStaff(ctx: AppContext, request: FastifyRequest): Promise<StaffUser | null> {
  const a = authenticatorOf(ctx);
  return a ? a.authenticate(request) : null;
}

export function actorOf(request: FastifyRequest): Actor {
  return request.staff
    ? { type: 'user', id: request.staff.id, requestId: request.id }
    : { type: 'resident', id: null, requestId: request.id };
}
