/** A test application with accounts faked by header, the territory (demo seeded) and participation; a small HTTP client with a cookie jar. */
import type { FastifyRequest } from 'fastify';
import { createApp, type BeffroiApp } from '../../../platform/app';
import type { Authenticator, StaffUser } from '../../../platform/http/guards';
import type { ModuleManifest, Role } from '../../../platform/modules';
import { ROLES } from '../../../platform/modules';
import { openTestDatabase, testConfig } from '../../../platform/testing/db';
import { territoryModule } from '../../territory/manifest';
import { participationModule } from '../manifest';

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

/** The app on a fresh database, demo seeds run (the territory's districts, the demo consultation), listening on loopback. */
export async function startParticipationApp(env: Record<string, string> = {}): Promise<TestServer> {
  const beffroi = await createApp({
    config: testConfig({ BEFFROI_SEED_DEMO: 'true', ...env }),
    modules: [fakeAccounts, territoryModule, participationModule],
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

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) body = text ? JSON.parse(text) : null;
  return { status: res.status, body, headers: res.headers, text };
}

/** A staff member of the given role. */
export function staff(baseUrl: string, role: Role = 'agent') {
  const call = async (method: string, path: string, body?: unknown) =>
    answer(
      await fetch(`${baseUrl}${path}`, {
        method,
        headers: { 'x-test-role': role, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    upload: async (path: string, files: Record<string, { name: string; type: string; data: string | Uint8Array }>, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const [field, f] of Object.entries(files)) form.append(field, new Blob([typeof f.data === 'string' ? f.data : new Uint8Array(f.data)], { type: f.type }), f.name);
      return answer(await fetch(`${baseUrl}${path}`, { method: 'POST', body: form, headers: { 'x-test-role': role } }));
    },
  };
}

/** A resident's browser: keeps the participant cookie it is given. */
export function resident(baseUrl: string) {
  let cookie: string | null = null;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie: `beffroi_participant=${cookie}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    const m = set ? /beffroi_participant=([^;]*)/.exec(set) : null;
    if (m) cookie = m[1] || null;
    return answer(res);
  };
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string | null) {
      cookie = value;
    },
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
    join: (consultationId: string, body: unknown = {}) => call('POST', `/api/participation/consultations/${consultationId}/participants`, body),
    vote: (consultationId: string, statementId: string, vote: 'agree' | 'disagree' | 'pass') =>
      call('PUT', `/api/participation/consultations/${consultationId}/statements/${statementId}/vote`, { vote }),
  };
}
