/**
 * Open311 GeoReport v2 conformance, against the started server, in XML and JSON: each resource's
 * fields, types and formats from the specification's tables (services, service definitions, POST
 * and GET requests, a request, tokens, discovery), the standard's error documents and statuses,
 * the 90-day window and the 1,000 default, jurisdiction_id, API keys issued and revoked in the
 * back-office, and FixMyStreet's extensions (request updates, media). Refused requests change nothing.
 */
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../../platform/db/client';
import { testBackend } from '../../platform/testing/db';
import { client, INSIDE, OUTSIDE, startPublicSpaceApp, type TestServer } from './testing/app';

type Xml = { name: string; children: Xml[]; text: string };

/** A strict reader for Open311's element-only XML: throws on anything unbalanced or unexpected. */
function parseXml(doc: string): Xml {
  expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const body = doc.slice(doc.indexOf('?>') + 2);
  const root: Xml = { name: '#document', children: [], text: '' };
  const stack: Xml[] = [root];
  const token = /<(\/?)([A-Za-z_][A-Za-z0-9_.-]*)(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(body))) {
    consumed = token.lastIndex;
    const top = stack.at(-1)!;
    if (m[4] !== undefined) {
      expect(m[4]).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
      top.text += m[4].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    } else if (m[1]) {
      expect(m[2]).toBe(top.name);
      stack.pop();
    } else {
      const el: Xml = { name: m[2]!, children: [], text: '' };
      top.children.push(el);
      if (!m[3]) stack.push(el);
    }
  }
  expect(consumed).toBe(body.length);
  expect(stack).toHaveLength(1);
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

/** An element as the JSON form would have it: leaves as strings, lists as arrays. */
function toPlain(el: Xml, lists: Set<string>): unknown {
  if (lists.has(el.name)) return el.children.map((c) => toPlain(c, lists));
  if (el.children.length === 0) return el.text;
  return Object.fromEntries(el.children.map((c) => [c.name, toPlain(c, lists)]));
}
const LISTS = new Set(['services', 'service_requests', 'attributes', 'values', 'endpoints', 'formats', 'errors', 'service_request_updates']);

const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'];
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];

let server: TestServer;
let apiKey: string;
let apiKeyId: string;

beforeAll(async () => {
  server = await startPublicSpaceApp();
  const created = await client(server.baseUrl, 'admin').post('/api/admin/public-space/api-keys', { name: 'FixMyStreet relay' });
  expect(created.status, created.text).toBe(201);
  apiKey = created.body.key;
  apiKeyId = created.body.id;
  const { settings, db } = server.beffroi.ctx;
  await settings.set(db, { type: 'system', id: null }, 'public-space.open311', { ...(await settings.get<object>('public-space.open311')), jurisdictionId: 'vincennes.example' });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

async function get(path: string) {
  const res = await fetch(`${server.baseUrl}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}

async function post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
  const res = await fetch(`${server.baseUrl}${path}`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The same resource in both formats, as plain values: checks the content types and that both say the same. */
async function both(path: string, method: 'GET' | 'POST' = 'GET', fields: Record<string, string | string[]> = {}) {
  const fetchOne = (format: 'xml' | 'json') => (method === 'GET' ? get(path.replace('{f}', format)) : post(path.replace('{f}', format), fields));
  const xml = await fetchOne('xml');
  const json = await fetchOne('json');
  expect(xml.type).toBe('text/xml; charset=utf-8');
  expect(json.type).toBe('application/json; charset=utf-8');
  const fromXml = toPlain(parseXml(xml.text), LISTS);
  const fromJson = JSON.parse(json.text) as unknown;
  return { status: [xml.status, json.status], xml: fromXml, json: fromJson };
}

/** The error document of both formats: `<errors><error><code/><description/></error></errors>` and `[{code, description}]`. */
async function expectErrors(path: string, status: number, method: 'GET' | 'POST' = 'GET', fields: Record<string, string | string[]> = {}, match?: RegExp) {
  for (const format of ['xml', 'json'] as const) {
    const r = method === 'GET' ? await get(path.replace('{f}', format)) : await post(path.replace('{f}', format), fields);
    expect(r.status, `${format} ${path}: ${r.text}`).toBe(status);
    const errors = format === 'xml' ? (toPlain(parseXml(r.text), LISTS) as { code: string; description: string }[]) : (JSON.parse(r.text) as { code: number; description: string }[]);
    expect(Array.isArray(errors) && errors.length > 0).toBe(true);
    for (const e of errors) {
      expect(Object.keys(e).sort()).toEqual(['code', 'description']);
      expect(Number(e.code)).toBe(status);
      expect(typeof e.description).toBe('string');
      expect(e.description.length).toBeGreaterThan(3);
      if (match) expect(e.description).toMatch(match);
    }
  }
}

const countReports = async () => Number((await queryRows<{ n: number }>(server.beffroi.ctx.db, sql`SELECT count(*)::int AS n FROM public_space_reports`))[0]!.n);

describe(`Open311 GeoReport v2 conformance (${testBackend()})`, () => {
  it('discovery: changeset, contact, key_service and the v2 endpoint with both formats', async () => {
    const r = await both('/open311/discovery.{f}');
    expect(r.status).toEqual([200, 200]);
    const d = r.json as { changeset: string; contact: string; key_service: string; endpoints: { specification: string; url: string; changeset: string; type: string; formats: string[] }[] };
    expect(d.changeset).toMatch(ISO_OFFSET);
    expect(d.contact.length).toBeGreaterThan(0);
    expect(d.key_service.length).toBeGreaterThan(0);
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${server.baseUrl}/open311/v2`, type: 'production' });
    expect(r.xml).toEqual(d);
    expect([...d.endpoints[0]!.formats].sort()).toEqual(['application/json', 'text/xml']);
  });

  it('GET services: every field of the table, the same in both formats', async () => {
    const r = await both('/open311/v2/services.{f}');
    expect(r.status).toEqual([200, 200]);
    const services = r.json as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(50);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(typeof s.service_code).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    }
    // XML carries the same values as text.
    expect((r.xml as Record<string, string>[]).map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
    expect((r.xml as Record<string, string>[]).map((s) => s.metadata)).toEqual(services.map((s) => String(s.metadata)));
  });

  it('GET service definition: attributes with variable, code, datatype, required, datatype_description, order, description, values', async () => {
    const r = await both('/open311/v2/services/objets-abandonnes-autres-objets-encombrants-abandonnes.{f}');
    expect(r.status).toEqual([200, 200]);
    const def = r.json as { service_code: string; attributes: Record<string, unknown>[] };
    expect(def.service_code).toBe('objets-abandonnes-autres-objets-encombrants-abandonnes');
    for (const a of def.attributes) {
      expect(Object.keys(a).sort()).toEqual(['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
      expect(DATATYPES).toContain(a.datatype);
      expect(typeof a.required).toBe('boolean');
      expect(Number.isInteger(a.order)).toBe(true);
    }
    const nature = def.attributes.find((a) => a.code === 'nature')!;
    expect(nature).toMatchObject({ datatype: 'multivaluelist', required: true, variable: true });
    expect(nature.values).toContainEqual({ key: 'meuble', name: 'Meuble' });
    expect((r.xml as { attributes: { values: unknown[] }[] }).attributes[1]!.values).toEqual(nature.values);
    await expectErrors('/open311/v2/services/no-such-service.{f}', 404, 'GET', {}, /service_code/);
  });

  it('POST requests: refuses a missing or revoked api_key (403), an unknown service_code, no location, a place outside the commune and bad attributes (400); nothing is stored', async () => {
    const before = await countReports();
    const base = { service_code: 'proprete-dejections-canines', lat: String(INSIDE.lat), long: String(INSIDE.lng) };
    await expectErrors('/open311/v2/requests.{f}', 403, 'POST', base, /api_key/);
    await expectErrors('/open311/v2/requests.{f}', 403, 'POST', { ...base, api_key: 'o311_not-a-real-key-1234' }, /api_key/);
    await expectErrors('/open311/v2/requests.{f}', 400, 'POST', { ...base, api_key: apiKey, service_code: 'nope' }, /service_code/);
    await expectErrors('/open311/v2/requests.{f}', 400, 'POST', { api_key: apiKey, service_code: base.service_code }, /location/);
    await expectErrors('/open311/v2/requests.{f}', 400, 'POST', { ...base, api_key: apiKey, lat: String(OUTSIDE.lat), long: String(OUTSIDE.lng) }, /outside the commune/);
    await expectErrors('/open311/v2/requests.{f}', 400, 'POST', { ...base, api_key: apiKey, lat: 'north' }, /lat and long/);
    await expectErrors(
      '/open311/v2/requests.{f}',
      400,
      'POST',
      { api_key: apiKey, service_code: 'objets-abandonnes-autres-objets-encombrants-abandonnes', lat: base.lat, long: base.long, 'attribute[nombre]': 'lots', 'attribute[nature][]': ['fusee'] },
      /attribute\[nombre\].*attribute\[nature\]|attribute\[nature\].*attribute\[nombre\]/,
    );
    await expectErrors('/open311/v2/requests.{f}', 400, 'POST', { ...base, api_key: apiKey, description: 'a\u0000b' }, /control characters/);
    await expectErrors('/open311/v2/requests.{f}', 404, 'POST', { ...base, api_key: apiKey, jurisdiction_id: 'elsewhere.example' }, /jurisdiction_id/);
    expect(await countReports()).toBe(before);
  });

  let created: string;

  it('POST requests: creates a request (201) with service_request_id, idempotent with Idempotency-Key; attributes as attribute[code]', async () => {
    const fields = {
      api_key: apiKey,
      service_code: 'objets-abandonnes-autres-objets-encombrants-abandonnes',
      lat: String(INSIDE.lat),
      long: String(INSIDE.lng),
      description: 'Un frigo & deux chaises <sur le trottoir>',
      email: 'relay-user@example.fr',
      first_name: 'Ana',
      last_name: 'Lopez',
      'attribute[nature][]': ['meuble', 'electromenager'],
      'attribute[nombre]': '3',
    };
    const before = await countReports();
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
    const send = () =>
      fetch(`${server.baseUrl}/open311/v2/requests.xml`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'relay-0001-abc' } });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const a = toPlain(parseXml(await first.text()), LISTS) as Record<string, string>[];
    const b = toPlain(parseXml(await again.text()), LISTS) as Record<string, string>[];
    expect(Object.keys(a[0]!).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    expect(a[0]!.service_request_id).toMatch(/^\d+$/);
    expect(b[0]!.service_request_id).toBe(a[0]!.service_request_id);
    expect(await countReports()).toBe(before + 1);
    created = a[0]!.service_request_id!;
    const json = await post('/open311/v2/requests.json', { ...fields, description: 'Another one' });
    expect(json.status).toBe(201);
    expect(JSON.parse(json.text)).toEqual([{ service_request_id: expect.stringMatching(/^\d+$/), service_notice: '', account_id: '' }]);
  });

  it('GET requests/{id}: every field of the table, typed and formatted, the same in both formats; no contact detail', async () => {
    const r = await both(`/open311/v2/requests/${created}.{f}`);
    expect(r.status).toEqual([200, 200]);
    const [req] = r.json as Record<string, unknown>[];
    expect(Object.keys(req!)).toEqual(REQUEST_FIELDS);
    expect(req).toMatchObject({ service_request_id: created, status: 'open', service_code: 'objets-abandonnes-autres-objets-encombrants-abandonnes', description: 'Un frigo & deux chaises <sur le trottoir>' });
    expect(req!.requested_datetime).toMatch(ISO_OFFSET);
    expect(req!.updated_datetime).toMatch(ISO_OFFSET);
    expect(req!.expected_datetime === '' || ISO_OFFSET.test(String(req!.expected_datetime))).toBe(true);
    expect(typeof req!.lat).toBe('number');
    expect(typeof req!.long).toBe('number');
    expect(req!.lat).toBeCloseTo(INSIDE.lat, 6);
    const [fromXml] = r.xml as Record<string, string>[];
    expect(Object.keys(fromXml!)).toEqual(REQUEST_FIELDS);
    expect(fromXml!.description).toBe('Un frigo & deux chaises <sur le trottoir>');
    expect(Number(fromXml!.long)).toBe(req!.long);
    const raw = await get(`/open311/v2/requests/${created}.json`);
    expect(raw.text).not.toContain('relay-user@example.fr');
    expect(raw.text).not.toContain('Lopez');
    await expectErrors('/open311/v2/requests/999999999.{f}', 404);
    await expectErrors('/open311/v2/requests/abc.{f}', 404);
  });

  it('GET requests: the last 90 days by default, newest first, at most 1,000; filters by id list, service_code, status and dates', async () => {
    const all = await both('/open311/v2/requests.{f}');
    expect(all.status).toEqual([200, 200]);
    const list = all.json as Record<string, string>[];
    expect(list.length).toBeGreaterThan(5);
    expect(list.length).toBeLessThanOrEqual(1000);
    const limit = Date.now() - 90 * 86_400_000 - 60_000;
    for (const r of list) expect(Date.parse(r.requested_datetime!)).toBeGreaterThanOrEqual(limit);
    const times = list.map((r) => Date.parse(r.requested_datetime!));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((all.xml as unknown[]).length).toBe(list.length);

    expect(((await both('/open311/v2/requests.{f}?jurisdiction_id=vincennes.example&max_requests=2')).json as unknown[]).length).toBe(2);
    await expectErrors('/open311/v2/requests.{f}?jurisdiction_id=paris.example', 404, 'GET', {}, /jurisdiction_id/);
    const ids = (await both(`/open311/v2/requests.{f}?service_request_id=${created},${list[0]!.service_request_id}&status=closed`)).json as Record<string, string>[];
    expect(ids.map((r) => r.service_request_id).sort()).toEqual([created, list[0]!.service_request_id].sort());

    const byCode = (await both('/open311/v2/requests.{f}?service_code=objets-abandonnes-autres-objets-encombrants-abandonnes')).json as Record<string, string>[];
    expect(byCode.length).toBeGreaterThan(0);
    expect(new Set(byCode.map((r) => r.service_code))).toEqual(new Set(['objets-abandonnes-autres-objets-encombrants-abandonnes']));

    const closed = (await both('/open311/v2/requests.{f}?status=closed')).json as Record<string, string>[];
    expect(closed.length).toBeGreaterThan(0);
    expect(new Set(closed.map((r) => r.status))).toEqual(new Set(['closed']));

    const start = new Date(Date.now() - 2 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const recent = (await both(`/open311/v2/requests.{f}?start_date=${start}`)).json as Record<string, string>[];
    for (const r of recent) expect(Date.parse(r.requested_datetime!)).toBeGreaterThanOrEqual(Date.parse(start));
    expect(((await both('/open311/v2/requests.{f}?max_requests=3')).json as unknown[]).length).toBe(3);
  });

  it('GET requests: refuses a range over 90 days, bad dates, unknown service codes and statuses in the standard’s format', async () => {
    await expectErrors('/open311/v2/requests.{f}?start_date=2026-01-01T00:00:00Z&end_date=2026-04-15T00:00:00Z', 400, 'GET', {}, /90 days/);
    await expectErrors('/open311/v2/requests.{f}?start_date=last-week', 400, 'GET', {}, /start_date/);
    await expectErrors('/open311/v2/requests.{f}?service_code=nope', 400, 'GET', {}, /service_code/);
    await expectErrors('/open311/v2/requests.{f}?status=pending', 400, 'GET', {}, /status/);
    await expectErrors('/open311/v2/requests.{f}?service_request_id=1,x', 400);
    await expectErrors('/open311/v2/requests.{f}?max_requests=5000', 400);
    await expectErrors('/open311/v2/nothing-here.{f}', 404);
  });

  it('tokens/{token}: the service_request_id of a tracking token', async () => {
    const sub = await client(server.baseUrl).post('/api/public-space/reports', { categoryCode: 'proprete-dejections-canines', description: '', position: INSIDE, positionSource: 'map' });
    const r = await both(`/open311/v2/tokens/${sub.body.tracking.token}.{f}`);
    expect(r.status).toEqual([200, 200]);
    expect(r.json).toEqual([{ service_request_id: sub.body.report.id, token: sub.body.tracking.token }]);
    await expectErrors('/open311/v2/tokens/00000000-0000-0000-0000-000000000000.nope.{f}', 404);
  });

  it('media (FixMyStreet): a multipart photo is stored without metadata and given back as media_url', async () => {
    const photo = await sharp({ create: { width: 200, height: 150, channels: 3, background: '#396' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'RelayCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 50/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 26/1 0/1' } })
      .toBuffer();
    const form = new FormData();
    for (const [k, v] of Object.entries({ api_key: apiKey, service_code: 'proprete-dejections-canines', lat: String(INSIDE.lat), long: String(INSIDE.lng) })) form.append(k, v);
    form.append('media', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
    const res = await fetch(`${server.baseUrl}/open311/v2/requests.json`, { method: 'POST', body: form });
    expect(res.status, await res.clone().text()).toBe(201);
    const [{ service_request_id }] = (await res.json()) as [{ service_request_id: string }];
    const [req] = JSON.parse((await get(`/open311/v2/requests/${service_request_id}.json`)).text) as { media_url: string }[];
    expect(req!.media_url).toMatch(new RegExp(`^${server.baseUrl}/api/public-space/photos/[0-9a-f-]{36}$`));
    const image = Buffer.from(await (await fetch(req!.media_url)).arrayBuffer());
    expect(await exifr.gps(image)).toBeUndefined();
    expect(image.includes(Buffer.from('RelayCam'))).toBe(false);
    // A disguised file as media is refused in the standard's format.
    const bad = new FormData();
    for (const [k, v] of Object.entries({ api_key: apiKey, service_code: 'proprete-dejections-canines', lat: String(INSIDE.lat), long: String(INSIDE.lng) })) bad.append(k, v);
    bad.append('media', new Blob(['<?php echo 1; ?>'], { type: 'image/jpeg' }), 'x.jpg');
    const refused = await fetch(`${server.baseUrl}/open311/v2/requests.xml`, { method: 'POST', body: bad });
    expect(refused.status).toBe(400);
    expect(toPlain(parseXml(await refused.text()), LISTS)).toEqual([{ code: '400', description: expect.stringMatching(/^media: /) }]);
  });

  it('request updates (FixMyStreet): GET lists public updates; POST with status OPEN reopens a request closed as done', async () => {
    const agent = client(server.baseUrl, 'agent');
    const id = (await agent.get(`/api/admin/public-space/reports?q=${created}`)).body.items[0].id;
    await agent.post(`/api/admin/public-space/reports/${id}/transition`, { to: 'done', publicMessage: 'Enlevé.' });
    const updates = await both(`/open311/v2/servicerequestupdates.{f}?start_date=${new Date(Date.now() - 3_600_000).toISOString()}`);
    expect(updates.status).toEqual([200, 200]);
    const mine = (updates.json as Record<string, string>[]).filter((u) => u.service_request_id === created);
    expect(mine.at(-1)).toMatchObject({ status: 'CLOSED', description: 'Enlevé.' });
    expect(Object.keys(mine[0]!)).toEqual(['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
    const reopen = await post('/open311/v2/servicerequestupdates.json', { api_key: apiKey, service_request_id: created, status: 'OPEN', description: 'Toujours là' });
    expect(reopen.status, reopen.text).toBe(201);
    const [after] = JSON.parse((await get(`/open311/v2/requests/${created}.json`)).text) as { status: string }[];
    expect(after!.status).toBe('open');
  });

  it('refuses a revoked API key', async () => {
    await client(server.baseUrl, 'admin').post(`/api/admin/public-space/api-keys/${apiKeyId}/revoke`, {});
    await expectErrors('/open311/v2/requests.{f}', 403, 'POST', { api_key: apiKey, service_code: 'proprete-dejections-canines', lat: String(INSIDE.lat), long: String(INSIDE.lng) });
    const stored = await queryRows<{ key_hash: string }>(server.beffroi.ctx.db, sql`SELECT key_hash FROM public_space_api_keys`);
    expect(stored.every((k) => k.key_hash !== apiKey && /^[0-9a-f]{64}$/.test(k.key_hash))).toBe(true);
  });
});
