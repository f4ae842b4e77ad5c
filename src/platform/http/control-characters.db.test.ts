/**
 * A NUL in a question once reached PostgreSQL and came back as a 500 on a public endpoint. This
 * walks the OpenAPI document of the whole application and, for every route and every string
 * field of its path, query and body (nested objects and arrays included), sends an otherwise
 * valid request with a NUL in that one field — and, in JSON bodies, separately a lone surrogate —
 * and expects a 400 whose field errors all point at that field; never a 500. Free-text fields
 * must answer with the shared text type's messages. Inputs the document cannot describe (each
 * setting's value, the upload's multipart fields) are walked from their zod schemas the same way.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postSignedWhatsApp, whatsappWebhookBody } from '../../modules/assistant/channels/test-helpers';
import { uploadFields } from '../../modules/assistant/knowledge/routes';
import type { BeffroiApp } from '../app';
import { queryRows, sql } from '../db/client';
import { createTestApp } from '../testing/app';
import { testBackend } from '../testing/db';

const ADMIN = { email: 'admin@test.beffroi.fr', password: 'test-admin-password-123' };
const WEBHOOK_SECRET = 'webhook-secret-for-tests';
const VERIFY_TOKEN = 'verify-token-for-tests';
const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';
/** The text type's refusals, in either language the problem details may be written in. */
const TEXT_MESSAGES: Record<string, RegExp> = { [NUL]: /control characters|caractères de contrôle/i, [LONE_SURROGATE]: /valid Unicode|Unicode valide/i };
const ORGANISATION = { name: 'Commune de Test', contactEmail: 'mairie@test.fr', contactUrl: null, dpoEmail: null };

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
}

type Path = (string | number)[];
/** A string field: where it is, and whether it is free text (which must carry the text type's messages). */
interface Slot {
  path: Path;
  freeText: boolean;
}
interface Variant {
  value: unknown;
  slots: Slot[];
}

class Unexercisable extends Error {}

const pointerOf = (path: Path) => `/${path.map((t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** The first of a few plausible values that fits the pattern and the bounds. */
function sampleString(s: JsonSchema, at: Path): string {
  switch (s.format) {
    case 'uuid':
      return randomUUID();
    case 'email':
      return 'habitant@example.fr';
    case 'uri':
      return 'https://example.fr/page';
    case 'date':
      return '2026-01-15';
    case 'date-time':
      return '2026-01-15T10:00:00Z';
    case undefined:
      break;
    default:
      throw new Unexercisable(`${pointerOf(at)}: no sample for format ${s.format}`);
  }
  const length = Math.min(Math.max(s.minLength ?? 0, 3), s.maxLength ?? Infinity);
  const candidates = ['a'.repeat(length), 'fr', 'abc-def', 'abc', 'a', 'abcdefghijklmnopqrstuvwxyz', 'ABC', '0123456789abcdef0123456789abcdef', 'https://example.fr'];
  const fits = (c: string) => (!s.pattern || new RegExp(s.pattern, 'u').test(c)) && c.length >= (s.minLength ?? 0) && c.length <= (s.maxLength ?? Infinity);
  const found = candidates.find(fits);
  if (found === undefined) throw new Unexercisable(`${pointerOf(at)}: no sample for pattern ${s.pattern}`);
  return found;
}

/**
 * Minimal valid values for a JSON schema: the first variant takes the first branch of every
 * union; each further variant swaps in another branch somewhere, so that every string field of
 * every branch is reached by one variant. Optional properties are included: they are fields too.
 */
function variants(s: JsonSchema, at: Path): Variant[] {
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const real = branches.filter((b) => b.type !== 'null');
    return real.length ? real.flatMap((b) => variants(b, at)) : [{ value: null, slots: [] }];
  }
  if (s.enum) return [{ value: s.enum[0], slots: typeof s.enum[0] === 'string' ? [{ path: at, freeText: false }] : [] }];
  if ('const' in s) return [{ value: s.const, slots: typeof s.const === 'string' ? [{ path: at, freeText: false }] : [] }];
  switch (s.type) {
    case 'string':
      return [{ value: sampleString(s, at), slots: [{ path: at, freeText: !s.pattern && (s.format === undefined || s.format === 'email' || s.format === 'uri') }] }];
    case 'integer':
    case 'number':
      return [{ value: s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1), slots: [] }];
    case 'boolean':
      // false rather than true: a generated setting must not switch a provider on.
      return [{ value: false, slots: [] }];
    case 'null':
      return [{ value: null, slots: [] }];
    case 'array': {
      if (s.prefixItems) {
        // A tuple: one value per position, each position's variants in turn.
        const perPosition = s.prefixItems.map((p, i) => variants(p, [...at, i]));
        const base = perPosition.map((vs) => vs[0]!.value);
        const out: Variant[] = [{ value: base, slots: perPosition.flatMap((vs) => vs[0]!.slots) }];
        perPosition.forEach((vs, i) => {
          for (const v of vs.slice(1)) out.push({ value: base.map((b, j) => (j === i ? v.value : b)), slots: v.slots });
        });
        return out;
      }
      if (!s.items) throw new Unexercisable(`${pointerOf(at)}: array without items`);
      const n = Math.max(1, s.minItems ?? 0);
      const inner = variants(s.items, [...at, 0]);
      return inner.map((v) => ({ value: [v.value, ...Array.from({ length: n - 1 }, () => inner[0]!.value)], slots: v.slots }));
    }
    case 'object': {
      const perProperty = Object.entries(s.properties ?? {}).map(([k, p]) => [k, variants(p, [...at, k])] as const);
      const base = Object.fromEntries(perProperty.map(([k, vs]) => [k, vs[0]!.value]));
      const out: Variant[] = [{ value: base, slots: perProperty.flatMap(([, vs]) => vs[0]!.slots) }];
      for (const [k, vs] of perProperty) for (const v of vs.slice(1)) out.push({ value: { ...base, [k]: v.value }, slots: v.slots });
      return out;
    }
    default:
      throw new Unexercisable(`${pointerOf(at)}: schema without a type (${JSON.stringify(s)})`);
  }
}

function withValueAt(input: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
  return copy;
}

function valueAt(input: unknown, path: Path): unknown {
  return path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], input);
}

/** The same value with one character replaced (or added) by `bad`: the length bounds still hold. */
function spoil(value: string, bad: string): string {
  return value.length >= 2 ? value[0] + bad + value.slice(2) : value + bad;
}

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

/**
 * Inputs the OpenAPI document does not describe, per route: the body sent as is (its fields are
 * walked by a test of their own below), or why the route is exercised elsewhere.
 */
const OUTSIDE_THE_DOCUMENT: Record<string, { body?: unknown; elsewhere?: string }> = {
  'PUT /api/admin/settings/{key}': { body: { value: ORGANISATION } },
  'POST /api/admin/assistant/documents/upload': { elsewhere: 'multipart fields, walked from uploadFields below' },
  'POST /api/admin/territory/zonings/{code}/import': { elsewhere: 'a multipart file; its query fields are walked in src/modules/territory/zonings.db.test.ts' },
  'POST /api/assistant/whatsapp': { elsewhere: "Meta's signed notifications: channels.db.test.ts and the WhatsApp test below" },
};

/** Values a route needs to get past its own checks (not its schema). */
const FIXED_VALUES: Record<string, Record<string, string>> = {
  'PUT /api/admin/settings/{key}': { '/params/key': 'organisation' },
  'GET /api/assistant/whatsapp': { '/querystring/hub.mode': 'subscribe', '/querystring/hub.verify_token': VERIFY_TOKEN },
};

/** Values a setting needs beyond its JSON schema (a refinement's), by key and pointer into the value. */
const SETTING_VALUES: Record<string, Record<string, unknown>> = {
  'platform.outbound': { '/allowedHosts/0': 'mairie.example.fr', '/allowedPrivateNetworks/0': '10.20.0.0/16' },
};

describe(`no NUL or lone surrogate in any field reaches the database (${testBackend()})`, () => {
  let beffroi: BeffroiApp;
  let auth: { cookie: string; csrf: string };
  let doc: { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    beffroi = await createTestApp({ env: { WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN, WHATSAPP_APP_SECRET: 'whatsapp-app-secret' } });
    const login = await beffroi.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(login.statusCode, login.body).toBe(200);
    auth = { cookie: `beffroi_session=${login.cookies.find((c) => c.name === 'beffroi_session')!.value}`, csrf: login.json().csrfToken };
    const secret = await beffroi.app.inject({
      method: 'PUT',
      url: '/api/admin/settings/assistant.channels',
      headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf },
      payload: { value: { webhookSecret: WEBHOOK_SECRET } },
    });
    expect(secret.statusCode, secret.body).toBe(200);
    const openapi = await beffroi.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openapi.statusCode).toBe(200);
    doc = openapi.json();
  }, 120_000);
  afterAll(async () => {
    await beffroi?.close();
  });

  const staffHeaders = () => ({ cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'x-beffroi-webhook-secret': WEBHOOK_SECRET });

  type Input = { params: Record<string, string>; querystring: Record<string, string>; body?: unknown };

  function send(method: string, path: string, input: Input) {
    const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(input.params[name]!));
    const query = new URLSearchParams(input.querystring).toString();
    const hasBody = 'body' in input;
    return beffroi.app.inject({
      method: method.toUpperCase() as 'GET',
      url: query ? `${url}?${query}` : url,
      headers: { ...staffHeaders(), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      ...(hasBody ? { payload: JSON.stringify(input.body) } : {}),
    });
  }

  /** The request's parts as one JSON schema, so that one walk yields every field of every part. */
  function inputSchema(route: string, op: Operation): JsonSchema {
    const part = (where: string): JsonSchema => ({
      type: 'object',
      properties: Object.fromEntries((op.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, p.schema])),
    });
    const properties: Record<string, JsonSchema> = { params: part('path'), querystring: part('query') };
    const outside = OUTSIDE_THE_DOCUMENT[route];
    const content = op.requestBody?.content;
    if (outside?.body === undefined && content) {
      const json = content['application/json'];
      if (!json) throw new Unexercisable(`body of media types ${Object.keys(content).join(', ')}`);
      properties.body = json.schema;
    }
    return { type: 'object', properties };
  }

  function expectRefusedAt(response: Awaited<ReturnType<typeof send>>, label: string, pointer: string, freeText: boolean, bad: string, code = 'validation_failed') {
    expect(response.statusCode, `${label}: ${response.body}`).toBe(400);
    const problem = response.json() as { code: string; errors?: { pointer: string; message: string }[] };
    expect(problem.code, label).toBe(code);
    expect(problem.errors?.length, `${label}: ${response.body}`).toBeGreaterThan(0);
    expect(new Set(problem.errors!.map((e) => e.pointer)), `${label}: ${response.body}`).toEqual(new Set([pointer]));
    if (freeText) expect(problem.errors!.map((e) => e.message).some((m) => TEXT_MESSAGES[bad]!.test(m)), `${label}: ${response.body}`).toBe(true);
  }

  it('refuses a NUL (and, in JSON, a lone surrogate) in every string field of every documented route with a 400 at that field', async () => {
    const covered: string[] = [];
    const unexercised: string[] = [];
    const failures: string[] = [];
    let fieldCount = 0;
    let routeCount = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (OUTSIDE_THE_DOCUMENT[route]?.elsewhere) continue;
        let all: Variant[];
        try {
          all = variants(inputSchema(route, op), []);
        } catch (err) {
          if (!(err instanceof Unexercisable)) throw err;
          unexercised.push(`${route}: ${err.message}`);
          continue;
        }
        const fixed = FIXED_VALUES[route] ?? {};
        const outsideBody = OUTSIDE_THE_DOCUMENT[route]?.body;
        const pointers = new Set<string>();
        const baselineStatuses = new Set<number>();
        for (const variant of all) {
          let input = variant.value as Input;
          for (const [pointer, value] of Object.entries(fixed)) input = withValueAt(input, pointer.slice(1).split('/'), value) as Input;
          if (outsideBody !== undefined) input = { ...input, body: outsideBody };
          if (!variant.slots.length) continue;
          // The request without the bad character passes validation: a 404 (no such resource)
          // or a refusal by the service is fine, a validation error or a crash is not.
          const baseline = await send(method, path, input);
          const baselineCode = baseline.statusCode === 400 ? (baseline.json() as { code?: string }).code : undefined;
          if (baseline.statusCode >= 500 || baselineCode === 'validation_failed') {
            failures.push(`${route} baseline ${JSON.stringify(input)} → ${baseline.statusCode} ${baseline.body}`);
            continue;
          }
          baselineStatuses.add(baseline.statusCode);
          for (const slot of variant.slots) {
            const pointer = pointerOf(slot.path);
            if (pointer in fixed && slot.path[0] !== 'params' && slot.path[0] !== 'querystring') continue;
            pointers.add(pointer);
            const original = valueAt(input, slot.path) as string;
            for (const bad of slot.path[0] === 'body' ? [NUL, LONE_SURROGATE] : [NUL]) {
              const label = `${route} ${pointer} ${bad === NUL ? 'NUL' : 'lone surrogate'}`;
              const response = await send(method, path, withValueAt(input, slot.path, spoil(original, bad)) as Input);
              try {
                expectRefusedAt(response, label, pointer, slot.freeText, bad);
              } catch (err) {
                failures.push((err as Error).message.split('\n')[0]!);
              }
            }
          }
        }
        if (pointers.size) {
          routeCount++;
          fieldCount += pointers.size;
          covered.push(`${route} (valid request: ${[...baselineStatuses].join('/')}): ${[...pointers].join(', ')}`);
        }
      }
    }
    console.log(`Control characters refused on ${routeCount} routes, ${fieldCount} fields:\n  ${covered.join('\n  ')}`);
    expect(unexercised, 'routes with string fields this test could not exercise').toEqual([]);
    expect(failures).toEqual([]);
    // Every route the document holds outside this walk is still there (a renamed one would escape it).
    for (const route of Object.keys(OUTSIDE_THE_DOCUMENT)) {
      const [method, path] = route.split(' ') as [string, string];
      expect(doc.paths[path]?.[method.toLowerCase()], route).toBeDefined();
    }
    expect(routeCount).toBeGreaterThan(30);
  }, 300_000);

  it("refuses them in every string field of every setting's value with a 400 at that field", async () => {
    const covered: string[] = [];
    const failures: string[] = [];
    for (const definition of beffroi.ctx.settings.definitions()) {
      const schema = z.toJSONSchema(definition.schema, { io: 'input' }) as JsonSchema;
      const put = (value: unknown) =>
        beffroi.app.inject({ method: 'PUT', url: `/api/admin/settings/${definition.key}`, headers: staffHeaders(), payload: { value } });
      for (const variant of variants(schema, [])) {
        if (!variant.slots.length) continue;
        for (const [pointer, value] of Object.entries(SETTING_VALUES[definition.key] ?? {})) {
          const path = pointer.slice(1).split('/').map((t) => (/^\d+$/.test(t) ? Number(t) : t));
          if (valueAt(variant.value, path.slice(0, -1)) !== undefined) variant.value = withValueAt(variant.value, path, value);
        }
        const baseline = await put(variant.value);
        expect(baseline.statusCode, `${definition.key} ${JSON.stringify(variant.value)}: ${baseline.body}`).toBe(200);
        for (const slot of variant.slots) {
          const pointer = pointerOf(['body', 'value', ...slot.path]);
          covered.push(`${definition.key} ${pointer}`);
          for (const bad of [NUL, LONE_SURROGATE]) {
            const response = await put(withValueAt(variant.value, slot.path, spoil(valueAt(variant.value, slot.path) as string, bad)));
            try {
              expectRefusedAt(response, `${definition.key} ${pointer}`, pointer, slot.freeText, bad, 'settings.invalid');
            } catch (err) {
              failures.push((err as Error).message.split('\n')[0]!);
            }
          }
        }
      }
    }
    // The webhook secret the other tests use, whatever the walk left in it.
    await put_('assistant.channels', { webhookSecret: WEBHOOK_SECRET });
    console.log(`Control characters refused in settings, ${covered.length} fields:\n  ${covered.join('\n  ')}`);
    expect(failures).toEqual([]);
    expect(covered.length).toBeGreaterThan(5);
  });

  async function put_(key: string, value: unknown) {
    const r = await beffroi.app.inject({ method: 'PUT', url: `/api/admin/settings/${key}`, headers: staffHeaders(), payload: { value } });
    expect(r.statusCode, r.body).toBe(200);
  }

  function multipart(fields: Record<string, string>, filename = 'filename="note.md"', type = 'text/markdown') {
    const boundary = '----beffroi-control-characters';
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${filename}\r\nContent-Type: ${type}\r\n\r\n`));
    parts.push(Buffer.from('# Horaires\n\nLa mairie ouvre à 8 h 30.\n'), Buffer.from(`\r\n--${boundary}--\r\n`));
    return { payload: Buffer.concat(parts), headers: { ...staffHeaders(), 'content-type': `multipart/form-data; boundary=${boundary}` } };
  }

  it('refuses a NUL in every multipart field of an upload with a 400 at that field', async () => {
    const covered: string[] = [];
    const failures: string[] = [];
    const schema = z.toJSONSchema(uploadFields, { io: 'input' }) as JsonSchema;
    for (const variant of variants(schema, [])) {
      const fields = variant.value as Record<string, string>;
      // A new document rather than a version of one that does not exist.
      delete fields.documentId;
      const upload = (f: Record<string, string>) =>
        beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/documents/upload', ...multipart(f, 'filename="note.md"') });
      const baseline = await upload(fields);
      expect(baseline.statusCode, baseline.body).toBe(202);
      for (const slot of variant.slots) {
        const pointer = pointerOf(['body', ...slot.path]);
        covered.push(pointer);
        const original = slot.path[0] === 'documentId' ? randomUUID() : (valueAt(fields, slot.path) as string);
        const response = await upload({ ...fields, [slot.path[0]!]: spoil(original, NUL) });
        try {
          expectRefusedAt(response, `upload ${pointer}`, pointer, slot.freeText, NUL);
        } catch (err) {
          failures.push((err as Error).message.split('\n')[0]!);
        }
      }
    }
    console.log(`Control characters refused in upload fields: ${covered.join(', ')}`);
    expect(failures).toEqual([]);
    expect(covered).toContain('/body/title');
  });

  it("takes an upload whose file name or type carries a NUL without storing it (they are the client's description, not fields)", async () => {
    const stored = async () =>
      (
        await queryRows<{ n: number }>(
          beffroi.ctx.db,
          sql`SELECT count(*)::int AS n FROM assistant_uploads WHERE filename = 'note.md' AND media_type = 'text/markdown'`,
        )
      )[0]!.n;
    const before = await stored();
    for (const [disposition, type] of [
      ['filename="no\u0000te.md"', 'text/markdown'],
      ["filename*=UTF-8''no%00te.md", 'text/markdown'],
      ['filename="note.md"', 'text/mark\u0000down'],
    ] as const) {
      const response = await beffroi.app.inject({ method: 'POST', url: '/api/admin/assistant/documents/upload', ...multipart({}, disposition, type) });
      expect(response.statusCode, response.body).toBe(202);
    }
    // Each stored with the control character dropped.
    expect(await stored()).toBe(before + 3);
  });

  it("answers a WhatsApp notification with a NUL or a lone surrogate in any of Meta's fields, and stores neither", async () => {
    const text = 'Quels sont les horaires de la mairie ?';
    const cases: [string, string][] = [
      ['text', whatsappWebhookBody('33612345678', spoil(text, NUL), `wamid.${randomUUID()}`)],
      ['text', whatsappWebhookBody('33612345678', spoil(text, LONE_SURROGATE), `wamid.${randomUUID()}`)],
      ['from', whatsappWebhookBody(`3361${NUL}2345678`, text, `wamid.${randomUUID()}`)],
      ['id', whatsappWebhookBody('33612345678', text, `wamid.${NUL}${randomUUID()}`)],
      ['phone_number_id', whatsappWebhookBody('33612345678', text, `wamid.${randomUUID()}`, `1${NUL}`)],
    ];
    for (const [field, body] of cases) {
      const response = await postSignedWhatsApp(beffroi, body, 'whatsapp-app-secret');
      expect(response.statusCode, `${field}: ${response.body}`).toBeLessThan(500);
    }
    const [stored] = await queryRows<{ n: number }>(
      beffroi.ctx.db,
      sql`SELECT count(*)::int AS n FROM assistant_messages WHERE strpos(text, chr(65533)) > 0`,
    );
    expect(stored!.n).toBe(0);
  });
});
