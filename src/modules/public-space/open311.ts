/**
 * Open311 GeoReport v2 over the module's categories and reports, with mySociety's FixMyStreet
 * extensions for request updates and media: what the routes in `routes-open311.ts` answer, as
 * plain objects written as XML or JSON by the caller.
 */
import { sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/service';
import type { AppContext } from '../../platform/modules';
import { HttpProblem } from '../../platform/http/problem';
import { text as textType } from '../../platform/validation/text';
import type { ReportStatus, SubmitReportBody } from './api-schemas';
import { fromOpen311 } from './attributes';
import { categoryCatalogue, noteReportsChanged, photoUrl, queryAll, reportsWriteCounter } from './common';
import { apiKeyOf } from './configuration';
import { document, isoWithOffset, Open311Error, requestRange, type Open311Format } from './open311-format';
import { uploadPhoto, type UploadedPhoto } from './photos';
import { foldAddress } from './places';
import { openServiceRequestIdOfToken, submitReport, type SubmissionContext } from './reports';
import { OPEN311_KEY, REPORTING_KEY, type Open311Setting, type ReportingSetting } from './settings';
import { open311Status } from './workflow';
import type { XmlValue } from './xml';

export const DEFAULT_MAX_REQUESTS = 1000;

export type Fields = Record<string, string | string[]>;

const one = (fields: Fields, name: string): string | undefined => {
  const v = fields[name];
  return Array.isArray(v) ? v[0] : v;
};

export async function checkJurisdiction(ctx: AppContext, given: string | undefined): Promise<void> {
  if (given === undefined || given === '') return;
  const setting = await ctx.settings.get<Open311Setting>(OPEN311_KEY);
  if (setting.jurisdictionId && given !== setting.jurisdictionId) throw new Open311Error(404, `jurisdiction_id "${given.slice(0, 100)}" is not served here`);
}

// ---- Services ----------------------------------------------------------------------------------

const serviceCache = new WeakMap<object, { version: number; docs: Map<string, string> }>();

/** The service list, serialised once per version of the categories (per process). */
export async function servicesDocument(ctx: AppContext, format: Open311Format): Promise<string> {
  const catalogue = await categoryCatalogue(ctx);
  let cached = serviceCache.get(ctx.db);
  if (!cached || cached.version !== catalogue.version) serviceCache.set(ctx.db, (cached = { version: catalogue.version, docs: new Map() }));
  let doc = cached.docs.get(format);
  if (!doc) {
    const services = catalogue.rows
      .filter((c) => c.active && !catalogue.parents.has(c.code))
      .map((c) => ({
        service_code: c.code,
        service_name: c.nameFr,
        description: c.description,
        metadata: c.attributes.length > 0,
        type: 'realtime',
        keywords: c.keywords.join(','),
        group: c.parentCode ? (catalogue.byCode.get(c.parentCode)?.nameFr ?? '') : '',
      }));
    doc = document(format, 'services', services);
    cached.docs.set(format, doc);
  }
  return doc;
}

export async function serviceDefinition(ctx: AppContext, code: string): Promise<XmlValue> {
  const catalogue = await categoryCatalogue(ctx);
  const c = catalogue.byCode.get(code);
  if (!c || !c.active || catalogue.parents.has(code)) throw new Open311Error(404, `service_code "${code.slice(0, 100)}" not found`);
  return {
    service_code: c.code,
    attributes: [...c.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription ?? '',
        order: a.order,
        description: a.description,
        values: a.values.map((v) => ({ key: v.key, name: v.name })),
      })),
  };
}

// ---- Requests ----------------------------------------------------------------------------------

interface RequestRow extends Record<string, unknown> {
  number: string;
  status: ReportStatus;
  category_code: string;
  description: string;
  address: string | null;
  lat: number;
  lng: number;
  requested_at: string | Date;
  updated_at: string | Date;
  expected_at: string | Date | null;
  agency: string | null;
  status_notes: string | null;
  photo_id: string | null;
  postcode: string | null;
}

const REQUEST_COLUMNS = sql`r.number::text AS number, r.status, r.category_code, r.description, r.address, r.lat, r.lng, r.requested_at, r.updated_at, r.expected_at,
  t.name AS agency, a.postcode,
  (SELECT e.text FROM public_space_report_events e WHERE e.report_id = r.id AND e.public AND e.text IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1) AS status_notes,
  CASE WHEN r.photos_count > 0 THEN (SELECT p.id FROM public_space_photos p WHERE p.report_id = r.id AND p.public ORDER BY p.created_at LIMIT 1) END AS photo_id`;
const REQUEST_FROM = sql`public_space_reports r LEFT JOIN public_space_teams t ON t.id = r.assigned_team_id LEFT JOIN public_space_addresses a ON a.id = r.address_id`;

function requestObject(r: RequestRow, names: Map<string, string>, baseUrl: string): Record<string, XmlValue> {
  const date = (v: string | Date | null) => isoWithOffset(v === null ? null : v instanceof Date ? v : new Date(v));
  return {
    service_request_id: r.number,
    status: open311Status(r.status),
    status_notes: r.status_notes ?? '',
    service_name: names.get(r.category_code) ?? r.category_code,
    service_code: r.category_code,
    description: r.description,
    agency_responsible: r.agency ?? '',
    service_notice: '',
    requested_datetime: date(r.requested_at),
    updated_datetime: date(r.updated_at),
    expected_datetime: date(r.expected_at) ?? '',
    address: r.address ?? '',
    address_id: '',
    zipcode: r.postcode ?? '',
    lat: Number(r.lat),
    long: Number(r.lng),
    media_url: r.photo_id ? `${baseUrl}${photoUrl(r.photo_id)}` : '',
  };
}

async function categoryNames(ctx: AppContext): Promise<Map<string, string>> {
  const catalogue = await categoryCatalogue(ctx);
  return new Map(catalogue.rows.map((c) => [c.code, c.nameFr]));
}

/** Per-process cache of GET requests answers: one second, and forgotten at once after a change made by this process. */
const requestsCache = new WeakMap<object, Map<string, { at: number; writes: number; body: string }>>();
export const REQUESTS_CACHE_MS = 1000;

export async function getRequestsDocument(ctx: AppContext, query: Fields, format: Open311Format, baseUrl: string): Promise<string> {
  const key = `${format}|${baseUrl}|${Object.entries(query)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&')}`;
  let cache = requestsCache.get(ctx.db);
  if (!cache) requestsCache.set(ctx.db, (cache = new Map()));
  const hit = cache.get(key);
  const writes = reportsWriteCounter();
  if (hit && hit.writes === writes && Date.now() - hit.at < REQUESTS_CACHE_MS) return hit.body;
  const body = document(format, 'service_requests', await getRequests(ctx, query, baseUrl));
  if (cache.size > 5000) cache.clear();
  cache.set(key, { at: Date.now(), writes, body });
  return body;
}

export async function getRequests(ctx: AppContext, query: Fields, baseUrl: string): Promise<XmlValue[]> {
  await checkJurisdiction(ctx, one(query, 'jurisdiction_id'));
  const names = await categoryNames(ctx);
  const ids = one(query, 'service_request_id');
  if (ids !== undefined) {
    // The standard: with service_request_id, every other filter is ignored.
    const list = ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length === 0 || list.length > DEFAULT_MAX_REQUESTS || !list.every((s) => /^\d{1,18}$/.test(s))) {
      throw new Open311Error(400, 'service_request_id must be a comma-separated list of request ids');
    }
    const rows = await queryAll<RequestRow>(ctx.db, sql`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.number IN (${sql.join(list.map((n) => sql`${Number(n)}`), sql`, `)}) ORDER BY r.number`);
    return rows.map((r) => requestObject(r, names, baseUrl));
  }
  const catalogue = await categoryCatalogue(ctx);
  const where = [];
  const codes = one(query, 'service_code');
  if (codes !== undefined) {
    const list = codes.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = list.filter((c) => !catalogue.byCode.has(c));
    if (list.length === 0 || unknown.length) throw new Open311Error(400, `service_code not found: ${unknown.join(', ').slice(0, 200) || '(empty)'}`);
    where.push(sql`r.category_code IN (${sql.join(list.map((c) => sql`${c}`), sql`, `)})`);
  }
  const status = one(query, 'status');
  if (status !== undefined) {
    const list = status.split(',').map((s) => s.trim().toLowerCase());
    if (!list.every((s) => s === 'open' || s === 'closed')) throw new Open311Error(400, 'status must be open, closed, or both separated by a comma');
    if (list.includes('open') && !list.includes('closed')) where.push(sql`r.status IN ('new', 'to_requalify', 'to_process', 'scheduled', 'transferred', 'under_watch')`);
    if (list.includes('closed') && !list.includes('open')) where.push(sql`r.status IN ('done', 'rejected', 'archived')`);
  }
  const range = requestRange(one(query, 'start_date'), one(query, 'end_date'), new Date());
  where.push(sql`r.requested_at >= ${range.start.toISOString()}::timestamptz AND r.requested_at <= ${range.end.toISOString()}::timestamptz`);
  // FixMyStreet's extension: fewer than the default 1,000.
  const max = one(query, 'max_requests');
  let limit = DEFAULT_MAX_REQUESTS;
  if (max !== undefined) {
    if (!/^\d{1,5}$/.test(max) || Number(max) < 1 || Number(max) > DEFAULT_MAX_REQUESTS) throw new Open311Error(400, `max_requests must be between 1 and ${DEFAULT_MAX_REQUESTS}`);
    limit = Number(max);
  }
  const rows = await queryAll<RequestRow>(
    ctx.db,
    sql`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE ${sql.join(where, sql` AND `)} ORDER BY r.requested_at DESC, r.number DESC LIMIT ${limit}`,
  );
  return rows.map((r) => requestObject(r, names, baseUrl));
}

export async function getRequest(ctx: AppContext, id: string, query: Fields, baseUrl: string): Promise<XmlValue[]> {
  await checkJurisdiction(ctx, one(query, 'jurisdiction_id'));
  if (!/^\d{1,18}$/.test(id)) throw new Open311Error(404, `service_request_id "${id.slice(0, 30)}" not found`);
  const rows = await queryAll<RequestRow>(ctx.db, sql`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.number = ${Number(id)}`);
  if (!rows.length) throw new Open311Error(404, `service_request_id "${id}" not found`);
  const names = await categoryNames(ctx);
  return rows.map((r) => requestObject(r, names, baseUrl));
}

export async function tokenLookup(ctx: AppContext, token: string, query: Fields): Promise<XmlValue[]> {
  await checkJurisdiction(ctx, one(query, 'jurisdiction_id'));
  try {
    return [{ service_request_id: await openServiceRequestIdOfToken(ctx, token), token }];
  } catch {
    throw new Open311Error(404, 'token not found');
  }
}

const descriptionType = textType({ max: 4000, multiline: true });
const nameType = textType({ max: 120 });

function textField(fields: Fields, name: string, type: typeof descriptionType): string | null {
  const v = one(fields, name);
  if (v === undefined || v === '') return null;
  const parsed = type.safeParse(v);
  if (!parsed.success) throw new Open311Error(400, `${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/**
 * POST requests: api_key (issued in the back-office), service_code, a location (lat and long, or an
 * address_string of the commune's address list, or address_id), attribute[code], the resident's
 * optional contact (staff only), description, and a photo as the multipart field `media`
 * (FixMyStreet's extension; media_url is not fetched). Idempotent with `Idempotency-Key`.
 */
export async function postRequest(
  ctx: AppContext,
  fields: Fields,
  media: UploadedPhoto | null,
  caller: { address: string | null; requestId: string | null; idempotencyKey: string | null },
): Promise<{ created: boolean; body: XmlValue[] }> {
  const apiKey = one(fields, 'api_key');
  if (!apiKey || !/^[A-Za-z0-9_-]{10,100}$/.test(apiKey)) throw new Open311Error(403, 'api_key missing or invalid');
  const key = await apiKeyOf(ctx, apiKey);
  if (!key) throw new Open311Error(403, 'api_key missing or invalid');
  await checkJurisdiction(ctx, one(fields, 'jurisdiction_id'));
  const code = one(fields, 'service_code');
  if (!code) throw new Open311Error(400, 'service_code is required');
  const catalogue = await categoryCatalogue(ctx);
  const category = catalogue.byCode.get(code);
  if (!category || !category.active || catalogue.parents.has(code)) throw new Open311Error(400, `service_code "${code.slice(0, 100)}" not found`);

  let position: { lng: number; lat: number } | null = null;
  let addressId: string | null = null;
  let positionSource: SubmitReportBody['positionSource'] = 'map';
  const lat = one(fields, 'lat');
  const long = one(fields, 'long');
  if (lat !== undefined || long !== undefined) {
    const la = Number(lat);
    const lo = Number(long);
    if (lat === undefined || long === undefined || !/^-?\d+(\.\d+)?$/.test(lat.trim()) || !/^-?\d+(\.\d+)?$/.test(long.trim()) || Math.abs(la) > 90 || Math.abs(lo) > 180) {
      throw new Open311Error(400, 'lat and long must both be decimal degrees (WGS 84)');
    }
    position = { lng: lo, lat: la };
  } else {
    const id = one(fields, 'address_id');
    const addressString = one(fields, 'address_string');
    if (id) {
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new Open311Error(400, 'address_id not found');
      const [a] = await queryAll<{ id: string; lng: number; lat: number }>(ctx.db, sql`SELECT id, lng, lat FROM public_space_addresses WHERE id = ${id}`);
      if (!a) throw new Open311Error(400, 'address_id not found');
      position = { lng: Number(a.lng), lat: Number(a.lat) };
      addressId = a.id;
    } else if (addressString) {
      const folded = foldAddress(textField(fields, 'address_string', nameType) ?? '');
      const words = folded.split(' ').filter(Boolean).slice(0, 8);
      const [a] = words.length
        ? await queryAll<{ id: string; lng: number; lat: number }>(
            ctx.db,
            sql`SELECT id, lng, lat FROM public_space_addresses WHERE ${sql.join(
              words.map((w) => sql`search LIKE ${'%' + w + '%'}`),
              sql` AND `,
            )} ORDER BY similarity(search, ${folded}) DESC LIMIT 1`,
          )
        : [];
      if (!a) throw new Open311Error(400, 'address_string could not be located in the commune’s address list: send lat and long');
      position = { lng: Number(a.lng), lat: Number(a.lat) };
      addressId = a.id;
    }
    positionSource = 'address';
  }
  if (!position) throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');

  const description = textField(fields, 'description', descriptionType) ?? '';
  const firstName = textField(fields, 'first_name', nameType);
  const lastName = textField(fields, 'last_name', nameType);
  const email = one(fields, 'email');
  if (email && (!/^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{1,60}$/.test(email) || email.length > 254)) throw new Open311Error(400, 'email is not an e-mail address');
  const phone = one(fields, 'phone');
  if (phone && !/^\+?[0-9 .()-]{6,30}$/.test(phone)) throw new Open311Error(400, 'phone is not a phone number');
  const name = [firstName, lastName].filter(Boolean).join(' ') || null;
  const contact = email || phone || name ? { name, email: email ?? null, phone: phone ?? null } : null;

  const photos: { id: string; token: string }[] = [];
  if (media) {
    try {
      const upload = await uploadPhoto(ctx, media);
      photos.push({ id: upload.id, token: upload.token });
    } catch (err) {
      if (err instanceof HttpProblem) throw new Open311Error(err.status === 413 ? 413 : 400, `media: ${err.message}`);
      throw err;
    }
  }
  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const body: SubmitReportBody = {
    categoryCode: code,
    description,
    position,
    positionSource,
    addressId,
    attributes: fromOpen311(fields),
    photos,
    contact,
    notify: false,
    clientId: null,
  };
  const sub: SubmissionContext = {
    caller: { address: caller.address, requestId: caller.requestId },
    source: 'open311',
    scope: `api-key:${key.id}`,
    apiKeyId: key.id,
    idempotencyKey: caller.idempotencyKey,
    rateKey: { key: `api-key:${key.id}`, limit: reporting.reportsPerApiKeyPerHour },
  };
  try {
    const result = await submitReport(ctx, body, sub);
    const notice = one(fields, 'media_url') ? 'media_url was not fetched: send the photo as the multipart field media' : '';
    return { created: result.created, body: [{ service_request_id: result.report.id, service_notice: notice, account_id: '' }] };
  } catch (err) {
    if (err instanceof HttpProblem) {
      const details = (err.extra.errors ?? []).map((e) => `${e.pointer.replace('/body/attributes/', 'attribute[') + (e.pointer.startsWith('/body/attributes/') ? ']' : '')}: ${e.message}`);
      const description = details.length ? `${err.message} ${details.join('; ')}` : err.message;
      throw new Open311Error(err.status === 422 ? 400 : err.status, description, { headers: err.extra.headers });
    }
    throw err;
  }
}

/**
 * FixMyStreet's extension: GET servicerequestupdates — the public updates (status changes and
 * messages) between two dates, 90 days at most.
 */
export async function getRequestUpdates(ctx: AppContext, query: Fields, baseUrl: string): Promise<XmlValue[]> {
  await checkJurisdiction(ctx, one(query, 'jurisdiction_id'));
  const range = requestRange(one(query, 'start_date'), one(query, 'end_date'), new Date());
  const rows = await queryAll<{ id: string; number: string; status_to: ReportStatus | null; status: ReportStatus; at: string | Date; text: string | null; photo_id: string | null }>(
    ctx.db,
    sql`SELECT e.id::text AS id, r.number::text AS number, e.status_to, r.status, e.at, e.text,
               CASE WHEN r.photos_count > 0 THEN (SELECT p.id FROM public_space_photos p WHERE p.report_id = r.id AND p.public ORDER BY p.created_at LIMIT 1) END AS photo_id
        FROM public_space_report_events e JOIN public_space_reports r ON r.id = e.report_id
        WHERE e.public AND e.kind IN ('status', 'public_update', 'reopen', 'merge') AND e.at >= ${range.start.toISOString()}::timestamptz AND e.at <= ${range.end.toISOString()}::timestamptz
        ORDER BY e.at, e.id LIMIT ${DEFAULT_MAX_REQUESTS}`,
  );
  return rows.map((r) => ({
    update_id: r.id,
    service_request_id: r.number,
    status: open311Status(r.status_to ?? r.status).toUpperCase(),
    updated_datetime: isoWithOffset(r.at instanceof Date ? r.at : new Date(r.at)),
    description: r.text ?? '',
    media_url: r.photo_id ? `${baseUrl}${photoUrl(r.photo_id)}` : '',
  }));
}

/**
 * FixMyStreet's extension: POST servicerequestupdates — a relay passes on what a resident said
 * about a request: a comment (kept for staff, not published unmoderated) and, with status OPEN on
 * a request closed as done within the reopening window, "not fixed", which reopens it.
 */
export async function postRequestUpdate(ctx: AppContext, fields: Fields, caller: { requestId: string | null }): Promise<XmlValue[]> {
  const apiKey = one(fields, 'api_key');
  const key = apiKey && /^[A-Za-z0-9_-]{10,100}$/.test(apiKey) ? await apiKeyOf(ctx, apiKey) : null;
  if (!key) throw new Open311Error(403, 'api_key missing or invalid');
  await checkJurisdiction(ctx, one(fields, 'jurisdiction_id'));
  const id = one(fields, 'service_request_id');
  if (!id || !/^\d{1,18}$/.test(id)) throw new Open311Error(400, 'service_request_id is required');
  const status = (one(fields, 'status') ?? '').toUpperCase();
  if (status && status !== 'OPEN' && status !== 'CLOSED') throw new Open311Error(400, 'status must be OPEN or CLOSED');
  const description = textField(fields, 'description', descriptionType);
  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const eventId = await ctx.db.transaction(async (tx) => {
    const [r] = await queryAll<{ id: string; status: ReportStatus; closed_at: string | Date | null; reopened_count: number }>(
      tx,
      sql`SELECT id, status, closed_at, reopened_count FROM public_space_reports WHERE number = ${Number(id)} FOR UPDATE`,
    );
    if (!r) throw new Open311Error(404, `service_request_id "${id}" not found`);
    const closedAt = r.closed_at ? new Date(r.closed_at) : null;
    const reopen = status === 'OPEN' && r.status === 'done' && closedAt && Date.now() - closedAt.getTime() <= reporting.reopenWindowDays * 86_400_000;
    if (status === 'OPEN' && r.status !== 'done' && open311Status(r.status) === 'closed') throw new Open311Error(400, 'this request cannot be reopened');
    if (reopen) {
      noteReportsChanged();
      await tx.execute(sql`UPDATE public_space_reports SET status = 'to_process', reopened_count = reopened_count + 1, closed_at = NULL, updated_at = now() WHERE id = ${r.id}`);
    }
    const [event] = await queryAll<{ id: string }>(
      tx,
      sql`INSERT INTO public_space_report_events (report_id, kind, public, status_from, status_to, text, data, actor_type, actor_id)
          VALUES (${r.id}, ${reopen ? 'reopen' : 'resident_comment'}, ${!!reopen}, ${reopen ? r.status : null}, ${reopen ? 'to_process' : null},
                  ${reopen ? null : description}, ${JSON.stringify({ via: 'open311', apiKeyId: key.id, comment: !!description })}::jsonb, 'resident', NULL)
          RETURNING id::text AS id`,
    );
    await recordAudit(tx, { type: 'resident', id: null, requestId: caller.requestId }, {
      action: reopen ? 'public-space.report_reopened' : 'public-space.resident_comment',
      subjectType: 'public_space_report',
      subjectId: r.id,
      after: { via: 'open311', apiKeyId: key.id, ...(reopen ? { status: 'to_process' } : {}) },
    });
    return event!.id;
  });
  return [{ update_id: eventId }];
}
