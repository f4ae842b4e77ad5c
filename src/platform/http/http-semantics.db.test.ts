import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MODULES } from '../../modules/index';
import { createApp, type BeffroiApp } from '../app';
import type { ModuleManifest } from '../modules';
import { openTestDatabase, testBackend, testConfig } from '../testing/db';
import { servedRoutes } from './server';

const ADMIN = { email: 'admin@test.beffroi.fr', password: 'test-admin-password-123' };
const SPA_MARKER = '<div id="root" data-test="spa"></div>';

/** A public route under a cross-origin prefix that no manifest declares as cross-origin. */
const probeModule: ModuleManifest = {
  name: 'http-semantics-probe',
  routes(app) {
    app.get('/api/assistant/tickets/:code/probe', { schema: { hide: true, params: z.strictObject({ code: z.string().max(20) }) } }, async () => ({ ok: true }));
  },
};

async function startApp(env: Record<string, string> = {}, webRoot: string | null = null): Promise<BeffroiApp> {
  return createApp({
    config: testConfig(env),
    modules: [...MODULES, probeModule],
    database: await openTestDatabase(),
    webRoot,
    logger: false,
    startWorkers: false,
  });
}


describe(`HTTP semantics (${testBackend()})`, () => {
  let beffroi: BeffroiApp;
  let webRoot: string;
  const inject = (opts: InjectOptions) => beffroi.app.inject(opts);

  async function session(email: string, password: string) {
    const login = await inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'beffroi_session')!;
    return { cookie: `beffroi_session=${cookie.value}`, csrf: login.json().csrfToken as string, mustChangePassword: login.json().mustChangePassword as boolean };
  }

  beforeAll(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'beffroi-web-'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), `<!doctype html><html lang="fr"><head><title>Beffroi</title></head><body>${SPA_MARKER}</body></html>`);
    beffroi = await startApp({}, webRoot);
  });
  afterAll(async () => {
    await beffroi?.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  describe('a method the path does not support', () => {
    it('answers 405 with the methods it supports in Allow, as problem details', async () => {
      for (const [method, url, allow] of [
        ['POST', '/api/register', 'GET, HEAD'],
        ['DELETE', '/api/admin/users/00000000-0000-4000-8000-000000000000', 'PATCH'],
        ['GET', '/api/auth/login', 'POST'],
        ['PUT', '/api/admin/users', 'GET, HEAD, POST'],
      ] as const) {
        const res = await inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(405);
        expect(res.headers.allow, `${method} ${url}`).toBe(allow);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ status: 405, code: 'method_not_allowed' });
      }
    });

    it('answers OPTIONS with the methods the path supports', async () => {
      const res = await inject({ method: 'OPTIONS', url: '/api/register' });
      expect(res.statusCode).toBe(204);
      expect(res.headers.allow).toBe('GET, HEAD');
    });

    it('keeps 404 for a path no route serves', async () => {
      const res = await inject({ method: 'POST', url: '/api/nowhere' });
      expect(res.statusCode).toBe(404);
      expect(res.headers.allow).toBeUndefined();
      expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
    });
  });

  describe('staff routes', () => {
    const staffRoutes = () => servedRoutes(beffroi.app).filter((r) => r.staff && r.method !== 'HEAD');
    const urlOf = (pattern: string) => pattern.replace(/:\w+/g, 'x');
    const unsafe = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

    it('include every /api/admin/ route', () => {
      const admin = servedRoutes(beffroi.app).filter((r) => r.url.startsWith('/api/admin/'));
      expect(admin.length).toBeGreaterThan(20);
      expect(admin.filter((r) => !r.staff).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    });

    it('refuse an unauthenticated request with 401 before reading its params or body', async () => {
      const routes = staffRoutes();
      expect(routes.length).toBeGreaterThan(20);
      for (const route of routes) {
        const res = await inject({
          method: route.method as 'GET',
          url: `${urlOf(route.url)}?surely-unknown=1`,
          ...(unsafe(route.method) ? { headers: { 'content-type': 'application/json' }, payload: '{"unknown": ' } : {}),
        });
        expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(401);
        expect(res.json().code).toBe('auth.required');
      }
    });

    it('refuse a write without its CSRF token with 403 before reading its body', async () => {
      const admin = await session(ADMIN.email, ADMIN.password);
      for (const route of staffRoutes().filter((r) => unsafe(r.method))) {
        const res = await inject({
          method: route.method as 'POST',
          url: urlOf(route.url),
          headers: { cookie: admin.cookie, 'content-type': 'application/json' },
          payload: '{"unknown": ',
        });
        expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(403);
        expect(res.json().code).toBe('auth.csrf_invalid');
      }
    });

    it('refuse a session without the permission with 403 before reading the request', async () => {
      const admin = await session(ADMIN.email, ADMIN.password);
      const email = 'moderator@test.beffroi.fr';
      const created = await inject({
        method: 'POST',
        url: '/api/admin/users',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { email, displayName: 'Modératrice', role: 'moderator', password: 'temporary-password-1' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const temporary = await session(email, 'temporary-password-1');
      const changed = await inject({
        method: 'POST',
        url: '/api/auth/change-password',
        headers: { cookie: temporary.cookie, 'x-csrf-token': temporary.csrf },
        payload: { currentPassword: 'temporary-password-1', newPassword: 'moderator-password-1' },
      });
      expect(changed.statusCode, changed.body).toBe(204);
      const moderator = await session(email, 'moderator-password-1');
      const withoutPermission = staffRoutes().filter((r) => r.permission && !beffroi.ctx.permissions.get('moderator')?.has(r.permission));
      expect(withoutPermission.length).toBeGreaterThan(10);
      for (const route of withoutPermission) {
        const res = await inject({
          method: route.method as 'POST',
          url: `${urlOf(route.url)}?surely-unknown=1`,
          headers: { cookie: moderator.cookie, 'x-csrf-token': moderator.csrf, 'content-type': 'application/json' },
          ...(unsafe(route.method) ? { payload: '{"unknown": ' } : {}),
        });
        expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(403);
        expect(res.json().code).toBe('auth.forbidden');
      }
    });

    it('answer 401, not 400, to an unauthenticated settings change with an invalid body', async () => {
      const res = await inject({
        method: 'PUT',
        url: '/api/admin/settings/organisation',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ value: 42, isAdmin: true }),
      });
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('auth.required');
    });
  });

  describe('problem details in the request’s language', () => {
    it('are French by default and English when asked, title and detail', async () => {
      const fr = await inject({ method: 'GET', url: '/api/nowhere' });
      expect(fr.json()).toMatchObject({ status: 404, code: 'not_found', title: 'Introuvable', detail: 'L’élément demandé n’existe pas ou plus.' });
      expect(fr.headers['content-language']).toBe('fr');
      expect(String(fr.headers.vary)).toMatch(/accept-language/i);
      const en = await inject({ method: 'GET', url: '/api/nowhere', headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' } });
      expect(en.json()).toMatchObject({ title: 'Not Found', detail: 'The requested item does not exist or no longer exists.' });
      expect(en.headers['content-language']).toBe('en');
      const german = await inject({ method: 'GET', url: '/api/nowhere', headers: { 'accept-language': 'de' } });
      expect(german.json().title).toBe('Introuvable');
    });

    it('word module problems from the module’s own catalogue', async () => {
      const wrong = { email: ADMIN.email, password: 'not-the-password-at-all' };
      const fr = await inject({ method: 'POST', url: '/api/auth/login', payload: wrong, remoteAddress: '10.9.0.1' });
      expect(fr.json()).toMatchObject({ code: 'auth.invalid_credentials', title: 'Authentification requise', detail: 'Adresse électronique ou mot de passe incorrect.' });
      const en = await inject({ method: 'POST', url: '/api/auth/login', payload: wrong, remoteAddress: '10.9.0.2', headers: { 'accept-language': 'en' } });
      expect(en.json()).toMatchObject({ code: 'auth.invalid_credentials', title: 'Unauthorized', detail: 'Invalid email or password.' });
    });

    it('word validation errors in the language too, field by field', async () => {
      const payload = { email: 42, remember: true };
      const fr = await inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(fr.statusCode).toBe(400);
      const byPointer = (body: { errors: { pointer: string; message: string }[] }) => Object.fromEntries(body.errors.map((e) => [e.pointer, e.message]));
      expect(byPointer(fr.json())).toEqual({
        '/body/email': 'Texte attendu.',
        '/body/password': 'Obligatoire.',
        '/body/remember': 'Champ inconnu : « remember ».',
      });
      expect(fr.json().detail).toMatch(/^Certaines informations/);
      const en = await inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'accept-language': 'en' } });
      expect(byPointer(en.json())).toEqual({
        '/body/email': 'Expected text.',
        '/body/password': 'Required.',
        '/body/remember': 'Unknown field: "remember".',
      });
    });
  });

  describe('portal pages', () => {
    const page = (url: string) => inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

    it('serve the SPA with 200 for the shell’s pages and the modules’ declared ones', async () => {
      for (const url of ['/transparence', '/accessibilite', '/sources', '/assistant', '/assistant/sources/abc', '/assistant/suivi/K7P-4QX', '/admin', '/admin/utilisateurs', '/transparence/']) {
        const res = await page(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toContain(SPA_MARKER);
      }
    });

    it('serve the SPA (its "not found" page) with 404 for any other page path', async () => {
      for (const url of ['/nimporte-quoi', '/assistant/sources', '/assistant/sources/a/b', '/transparences', '/Admin']) {
        const res = await page(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type'], url).toMatch(/^text\/html/);
        expect(res.body, url).toContain(SPA_MARKER);
      }
    });

    it('answer unknown API paths with a problem, even to a browser', async () => {
      const res = await page('/api/nowhere');
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('Strict-Transport-Security', () => {
    it('is not sent over plain HTTP, whatever an untrusted client claims', async () => {
      expect((await inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security']).toBeUndefined();
      const spoofed = await inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    });

    it('is sent behind a trusted proxy that says the request came over HTTPS to an https public URL', async () => {
      const proxied = await startApp({ BEFFROI_TRUST_PROXY: 'true', PUBLIC_URL: 'https://mairie.example' });
      try {
        const https = await proxied.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
        expect(https.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
        const problem = await proxied.app.inject({ method: 'GET', url: '/api/nowhere', headers: { 'x-forwarded-proto': 'https' } });
        expect(problem.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
        const http = await proxied.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'http' } });
        expect(http.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await proxied.close();
      }
    });
  });

  describe('cross-origin calls', () => {
    const preflight = (url: string) =>
      inject({ method: 'OPTIONS', url, headers: { origin: 'https://www.mairie.example', 'access-control-request-method': 'POST' } });

    it('are allowed on the exact routes the manifests declare', async () => {
      for (const url of ['/api/assistant/conversations', '/api/assistant/conversations/abc/messages', '/api/assistant/tickets/K7P-4QX']) {
        const res = await preflight(url);
        expect(res.statusCode, url).toBe(204);
        expect(res.headers['access-control-allow-origin'], url).toBe('*');
      }
    });

    it('are not allowed on a route that merely starts like one', async () => {
      for (const url of ['/api/assistant/tickets/K7P-4QX/probe', '/api/assistant/conversations-export', '/api/assistant/documents/abc/versions']) {
        const res = await preflight(url);
        expect(res.headers['access-control-allow-origin'], url).toBeUndefined();
      }
      const get = await inject({ method: 'GET', url: '/api/assistant/tickets/K7P-4QX/probe', headers: { origin: 'https://www.mairie.example' } });
      expect(get.statusCode).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('are declared only for routes the server serves', () => {
      const served = new Set(servedRoutes(beffroi.app).map((r) => r.url));
      for (const m of MODULES) {
        for (const p of m.crossOriginPaths ?? []) expect(served.has(p), `${m.name}: ${p}`).toBe(true);
      }
    });
  });
});
