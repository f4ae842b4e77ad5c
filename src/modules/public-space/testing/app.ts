/** A test application: accounts faked by header, the territory (demo seeded: Vincennes and its demo sectors) and public space, listening on loopback. */
import type { FastifyRequest } from 'fastify';
import { createApp, type BeffroiApp } from '../../../platform/app';
import type { Authenticator, StaffUser } from '../../../platform/http/guards';
import type { ModuleManifest, Role } from '../../../platform/modules';
import { ROLES } from '../../../platform/modules';
import { openTestDatabase, testConfig } from '../../../platform/testing/db';
import { territoryModule } from '../../territory/manifest';
import { publicSpaceModule } from '../manifest';

/** `x-test-role: admin|agent|moderator|analyst` authenticates the request as that role. */
export const fakeAccounts: ModuleManifest = {
  name: 'accounts',
  services: (): Authenticator => ({
    async authenticate(request: FastifyRequest): Promise<StaffUser | null> {
      const role = request.headers['x-test-role'];
      if (typeof role !== 'string' || !ROLES.includes(role as Role)) return null;
      return { id: `user-${role}`, email: `${role}@test.beffroi.fr`, displayName: role, role: role as Role };
    },
    async assertCsrf() {},
    async assertUnrestricted() {},
  }),
};

export interface TestServer {
  beffroi: BeffroiApp;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startPublicSpaceApp(env: Record<string, string> = {}): Promise<TestServer> {
  const beffroi = await createApp({
    config: testConfig({ BEFFROI_SEED_DEMO: 'true', BEFFROI_RATE_LIMIT_PER_MINUTE: '100000', ...env }),
    modules: [fakeAccounts, territoryModule, publicSpaceModule],
    database: await openTestDatabase(),
    webRoot: null,
    logger: false,
    startWorkers: false,
  });
  const baseUrl = await beffroi.app.listen({ host: '127.0.0.1', port: 0 });
  return { beffroi, baseUrl, close: () => beffroi.close() };
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) body = text ? JSON.parse(text) : null;
  return { status: res.status, body, headers: res.headers, text };
}

/** A caller: a resident (no role) or a staff member of the given role. */
export function client(baseUrl: string, role: Role | null = null) {
  const auth: Record<string, string> = role ? { 'x-test-role': role } : {};
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    answer(
      await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body ?? {}, headers),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    upload: async (path: string, field: string, file: { name: string; type: string; data: Uint8Array | string }) => {
      const form = new FormData();
      form.append(field, new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], { type: file.type }), file.name);
      return answer(await fetch(`${baseUrl}${path}`, { method: 'POST', body: form, headers: auth }));
    },
  };
}

/** A point inside the demo commune (Vincennes, near its town hall) and one outside (Paris, Notre-Dame). */
export const INSIDE = { lng: 2.4395, lat: 48.8474 };
export const OUTSIDE = { lng: 2.3499, lat: 48.853 };
