import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MODULES } from '../../modules/index';
import type { BeffroiApp } from '../app';
import { queryRows, sql } from '../db/client';
import type { ModuleManifest } from '../modules';
import { createTestApp } from '../testing/app';
import { testBackend } from '../testing/db';
import { recordAudit } from '../audit/service';
import { actorOf } from './guards';

/** A public write route with a strict body, so the checks run without any session too. */
const probeModule: ModuleManifest = {
  name: 'bad-input-probe',
  routes(app, ctx) {
    app.post(
      '/api/test/items',
      {
        schema: {
          body: z.strictObject({
            name: z.string().min(1).max(50),
            quantity: z.number().int().min(0),
            tags: z.array(z.string()).max(5).default([]),
            address: z.strictObject({ city: z.string(), postcode: z.string().regex(/^\d{5}$/) }).optional(),
          }),
        },
      },
      async (request, reply) => {
        await ctx.db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO test_items (name, quantity) VALUES (${request.body.name}, ${request.body.quantity})`);
          await recordAudit(tx, actorOf(request), { action: 'test.item.create', subjectType: 'test_item', after: request.body });
        });
        return reply.status(201).send({ ok: true });
      },
    );
  },
};

const BODY_LIMIT = 4096;
const ADMIN = { email: 'admin@test.beffroi.fr', password: 'test-admin-password-123' };
const ORGANISATION = { name: 'Commune de Test', contactEmail: 'mairie@test.fr', contactUrl: null, dpoEmail: null };

describe(`bad input gets problem+json and changes nothing (${testBackend()})`, () => {
  let beffroi: BeffroiApp;
  let auth: { cookie: string; csrf: string };

  beforeAll(async () => {
    beffroi = await createTestApp({ modules: [...MODULES, probeModule], env: { BEFFROI_BODY_LIMIT: String(BODY_LIMIT) } });
    await beffroi.ctx.db.execute(sql`CREATE TABLE test_items (id serial PRIMARY KEY, name text NOT NULL, quantity integer NOT NULL)`);
    const login = await beffroi.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((c) => c.name === 'beffroi_session');
    expect(session).toBeDefined();
    auth = { cookie: `beffroi_session=${session!.value}`, csrf: login.json().csrfToken };
  });
  afterAll(async () => {
    await beffroi?.close();
  });

  /** Everything a bad request could have touched. */
  async function state() {
    const db = beffroi.ctx.db;
    const [items] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM test_items`);
    const [audit] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM audit_events`);
    const settings = await queryRows<{ key: string; value: unknown }>(db, sql`SELECT key, value FROM settings ORDER BY key`);
    return { items: items!.n, audit: audit!.n, settings };
  }

  type Target = 'items' | 'settings';
  function send(target: Target, payload: string | Buffer, contentType = 'application/json', withAuth = true) {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (target === 'settings' && withAuth) Object.assign(headers, { cookie: auth.cookie, 'x-csrf-token': auth.csrf });
    return beffroi.app.inject({
      method: target === 'items' ? 'POST' : 'PUT',
      url: target === 'items' ? '/api/test/items' : '/api/admin/settings/organisation',
      headers,
      payload,
    });
  }

  async function expectProblem(
    response: Awaited<ReturnType<typeof send>>,
    status: number,
    code: string,
  ): Promise<{ errors?: { pointer: string; message: string; code?: string }[] }> {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json();
    expect(body).toMatchObject({ status, code, title: expect.any(String), type: expect.stringContaining('https://') });
    return body;
  }

  it('accepts the good requests the bad ones are variations of', async () => {
    const before = await state();
    expect((await send('items', JSON.stringify({ name: 'banc', quantity: 2 }))).statusCode).toBe(201);
    const put = await send('settings', JSON.stringify({ value: ORGANISATION }));
    expect(put.statusCode, put.body).toBe(200);
    const after = await state();
    expect(after.items).toBe(before.items + 1);
    expect(after.audit).toBe(before.audit + 2);
  });

  it('keeps the accents of a UTF-8 body, declared or not', async () => {
    for (const contentType of ['application/json', 'application/json; charset=UTF-8', 'application/json;charset="utf-8"']) {
      const res = await send('items', Buffer.from(JSON.stringify({ name: 'Hôtel de ville ✓', quantity: 1 }), 'utf8'), contentType);
      expect(res.statusCode, res.body).toBe(201);
    }
    const names = await queryRows<{ name: string }>(beffroi.ctx.db, sql`SELECT name FROM test_items WHERE name LIKE 'H%'`);
    expect(names.map((r) => r.name)).toEqual(['Hôtel de ville ✓', 'Hôtel de ville ✓', 'Hôtel de ville ✓']);
  });

  describe.each<Target>(['items', 'settings'])('%s', (target) => {
    const valid = target === 'items' ? { name: 'banc', quantity: 2 } : { value: ORGANISATION };
    let before: Awaited<ReturnType<typeof state>>;

    beforeAll(async () => {
      before = await state();
    });
    afterAll(async () => {
      expect(await state()).toEqual(before);
    });

    it.each([
      ['a truncated object', '{"name": "banc", "quantity": 2'],
      ['a trailing comma', '{"name": "banc",}'],
      ['plain words', 'hello'],
      ['an empty body', ''],
    ])('malformed JSON (%s) → 400 malformed_json', async (_label, payload) => {
      await expectProblem(await send(target, payload), 400, 'malformed_json');
      expect(await state()).toEqual(before);
    });

    it('wrong types → 400 naming each field', async () => {
      const payload =
        target === 'items'
          ? { name: 42, quantity: 'two', tags: 'a', address: { city: 'Paris', postcode: 75001 } }
          : { value: { ...ORGANISATION, name: 42, contactEmail: 'not-an-email' } };
      const body = await expectProblem(await send(target, JSON.stringify(payload)), 400, target === 'items' ? 'validation_failed' : 'settings.invalid');
      const pointers = body.errors!.map((e) => e.pointer).sort();
      expect(pointers).toEqual(
        target === 'items'
          ? ['/body/address/postcode', '/body/name', '/body/quantity', '/body/tags']
          : ['/body/value/contactEmail', '/body/value/name'],
      );
      for (const e of body.errors!) expect(e.message.length).toBeGreaterThan(0);
      expect(await state()).toEqual(before);
    });

    it('a body of the wrong JSON type (array, string, null) → 400', async () => {
      for (const payload of ['[1, 2]', '"text"', 'null', '42']) {
        const response = await send(target, payload);
        expect(response.statusCode, `${payload}: ${response.body}`).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await state()).toEqual(before);
    });

    it('unknown fields → 400 naming the field', async () => {
      const body = await expectProblem(await send(target, JSON.stringify({ ...valid, isAdmin: true })), 400, 'validation_failed');
      expect(body.errors!.map((e) => e.pointer)).toEqual(['/body/isAdmin']);
      if (target === 'settings') {
        const nested = await expectProblem(
          await send(target, JSON.stringify({ value: { ...ORGANISATION, colour: 'red' } })),
          400,
          'settings.invalid',
        );
        expect(nested.errors!.map((e) => e.pointer)).toEqual(['/body/value/colour']);
      } else {
        const nested = await expectProblem(
          await send(target, JSON.stringify({ ...valid, address: { city: 'Paris', postcode: '75001', floor: 3 } })),
          400,
          'validation_failed',
        );
        expect(nested.errors!.map((e) => e.pointer)).toEqual(['/body/address/floor']);
      }
      expect(await state()).toEqual(before);
    });

    it('a __proto__ key is an unknown field like any other, and pollutes nothing', async () => {
      // Written by hand: an object literal's `__proto__` would set its prototype, not a key.
      const valid = target === 'items' ? '"name": "banc", "quantity": 2' : `"value": ${JSON.stringify(ORGANISATION)}`;
      const top = await expectProblem(await send(target, `{${valid}, "__proto__": {"isAdmin": true}}`), 400, 'validation_failed');
      expect(top.errors!.map((e) => e.pointer)).toEqual(['/body/__proto__']);
      const nestedBody =
        target === 'items'
          ? `{${valid}, "address": {"city": "Paris", "postcode": "75001", "__proto__": {"isAdmin": true}}}`
          : `{"value": ${JSON.stringify(ORGANISATION).slice(0, -1)}, "__proto__": {"isAdmin": true}}}`;
      const nested = await expectProblem(await send(target, nestedBody), 400, target === 'items' ? 'validation_failed' : 'settings.invalid');
      expect(nested.errors!.map((e) => e.pointer)).toEqual([target === 'items' ? '/body/address/__proto__' : '/body/value/__proto__']);
      const constructorKey = await expectProblem(await send(target, `{${valid}, "constructor": {"prototype": {"isAdmin": true}}}`), 400, 'validation_failed');
      expect(constructorKey.errors!.map((e) => e.pointer)).toEqual(['/body/constructor']);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(await state()).toEqual(before);
    });

    it('a charset other than UTF-8 → 415, whatever the bytes', async () => {
      const body = JSON.stringify(target === 'items' ? { name: 'Hôtel de ville', quantity: 1 } : { value: { ...ORGANISATION, name: 'Mairie de Saint-Étienne' } });
      for (const charset of ['iso-8859-1', 'windows-1252', 'utf-16']) {
        await expectProblem(await send(target, Buffer.from(body, 'latin1'), `application/json; charset=${charset}`), 415, 'unsupported_charset');
      }
      expect(await state()).toEqual(before);
    });

    it('bytes that are not UTF-8 → 400, never stored with U+FFFD', async () => {
      const body = JSON.stringify(target === 'items' ? { name: 'Hôtel de ville', quantity: 1 } : { value: { ...ORGANISATION, name: 'Mairie de Saint-Étienne' } });
      for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
        await expectProblem(await send(target, Buffer.from(body, 'latin1'), contentType), 400, 'invalid_utf8');
      }
      expect(await state()).toEqual(before);
    });

    it('an oversized body → 413', async () => {
      const big = JSON.stringify({ ...valid, padding: 'x'.repeat(BODY_LIMIT * 2) });
      await expectProblem(await send(target, big), 413, 'body_too_large');
      expect(await state()).toEqual(before);
    });

    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'content type %s → 415',
      async (contentType) => {
        await expectProblem(await send(target, JSON.stringify(valid), contentType), 415, 'unsupported_media_type');
        expect(await state()).toEqual(before);
      },
    );

    if (target === 'settings') {
      it('no session → 401', async () => {
        await expectProblem(await send(target, JSON.stringify(valid), 'application/json', false), 401, 'auth.required');
        expect(await state()).toEqual(before);
      });

      it('a session without its CSRF token → 403', async () => {
        const response = await beffroi.app.inject({
          method: 'PUT',
          url: '/api/admin/settings/organisation',
          headers: { 'content-type': 'application/json', cookie: auth.cookie },
          payload: JSON.stringify(valid),
        });
        expect(response.statusCode).toBe(403);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(await state()).toEqual(before);
      });
    }
  });
});
