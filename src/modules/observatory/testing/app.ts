/** A test application with accounts faked by header, the territory and the observatory (demo seeded); a small HTTP client. */
import type { FastifyRequest } from 'fastify';
import { createApp, type BeffroiApp } from '../../../platform/app';
import type { Authenticator, StaffUser } from '../../../platform/http/guards';
import type { ModuleManifest, Role } from '../../../platform/modules';
import { ROLES } from '../../../platform/modules';
import { openTestDatabase, testConfig } from '../../../platform/testing/db';
import { territoryModule } from '../../territory/manifest';
import { observatoryModule } from '../manifest';

/** `x-test-role: admin|agent|moderator|analyst` authenticates the request as that role. */
const fakeAccounts: ModuleManifest = {
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

export async function startObservatoryApp(env: Record<string, string> = {}): Promise<TestServer> {
  const beffroi = await createApp({
    config: testConfig({ BEFFROI_SEED_DEMO: 'true', ...env }),
    modules: [fakeAccounts, territoryModule, observatoryModule],
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

/** A caller: a staff member of the given role, or a resident (no role). */
export function client(baseUrl: string, role: Role | null = null) {
  const auth: Record<string, string> = role ? { 'x-test-role': role } : {};
  const call = async (method: string, path: string, body?: unknown) =>
    answer(
      await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    put: (path: string, body: unknown) => call('PUT', path, body),
    upload: async (path: string, file: { name: string; type: string; data: string | Uint8Array }, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], { type: file.type }), file.name);
      return answer(await fetch(`${baseUrl}${path}`, { method: 'POST', body: form, headers: auth }));
    },
  };
}

/** Runs an analysis to its end (polling while it answers 202). */
export async function analyse(baseUrl: string, body: unknown, lang = 'fr'): Promise<Answer> {
  const c = client(baseUrl);
  let res = await c.post(`/api/public/observatory/analyses?lang=${lang}`, body);
  for (let i = 0; i < 120 && res.status === 202; i++) {
    await new Promise((r) => setTimeout(r, 500));
    res = await c.get(`/api/public/observatory/analyses/${res.body.key}?lang=${lang}`);
  }
  return res;
}
