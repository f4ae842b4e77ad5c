/**
 * A module's test server: the application on a fresh database with accounts faked by a header,
 * the modules under test (demo seeds run), listening on loopback; and a small HTTP client for it.
 * Modules' own `testing/app.ts` add what is theirs (a resident's cookie jar, a polling helper).
 */
import type { FastifyRequest } from 'fastify';
import { createApp, type BeffroiApp } from '../app';
import type { Authenticator, StaffUser } from '../http/guards';
import { ROLES, type ModuleManifest, type Role } from '../modules';
import { openTestDatabase, testConfig } from './db';

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

/** The given modules (after the fake accounts) on a fresh database, demo seeds run, listening on loopback. */
export async function startModuleServer(modules: readonly ModuleManifest[], env: Record<string, string> = {}): Promise<TestServer> {
  const beffroi = await createApp({
    config: testConfig({ BEFFROI_SEED_DEMO: 'true', ...env }),
    modules: [fakeAccounts, ...modules],
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

/** The response read once: its text, and its JSON when it says it is JSON. */
export async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) body = text ? JSON.parse(text) : null;
  return { status: res.status, body, headers: res.headers, text };
}

export interface UploadFile {
  name: string;
  type: string;
  data: string | Uint8Array;
}

/** A caller: a resident (no role) or a staff member of the given role. */
export function testClient(baseUrl: string, role: Role | null = null) {
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
    delete: (path: string) => call('DELETE', path),
    /** A multipart POST: each file under its field name, then the text fields. */
    upload: async (path: string, files: Record<string, UploadFile>, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const [field, f] of Object.entries(files)) form.append(field, new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)], { type: f.type }), f.name);
      return answer(await fetch(`${baseUrl}${path}`, { method: 'POST', body: form, headers: auth }));
    },
  };
}
