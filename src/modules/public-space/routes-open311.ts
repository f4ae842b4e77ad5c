/**
 * Open311 GeoReport v2 at `/open311/v2/` and its discovery at `/open311/discovery.{xml,json}`, in
 * XML (the standard's required format) and JSON. Errors in the standard's own documents and HTTP
 * statuses, not problem details: `<errors><error><code>…</code><description>…</description></error></errors>`
 * or `[{"code", "description"}]`. Bodies are form-encoded or multipart (a photo in `media`).
 * These routes are described by the standard and the discovery document, not the app's OpenAPI.
 */
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MULTIPART_COUNT_LIMITS } from '../../platform/http/multipart';
import { HttpProblem } from '../../platform/http/problem';
import type { App, AppContext } from '../../platform/modules';
import { stripControlCharacters } from '../../platform/validation/text';
import {
  checkJurisdiction,
  getRequest,
  getRequestsDocument,
  getRequestUpdates,
  postRequest,
  postRequestUpdate,
  serviceDefinition,
  servicesDocument,
  tokenLookup,
  type Fields,
} from './open311';
import { CONTENT_TYPES, document, errorDocument, isoWithOffset, Open311Error, type Open311Format } from './open311-format';
import type { UploadedPhoto } from './photos';
import { OPEN311_KEY, type Open311Setting } from './settings';

export const OPEN311_PREFIX = '/open311';
const FORMATS: Open311Format[] = ['xml', 'json'];
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/** The read-only Open311 routes other sites may call from a browser. */
export const OPEN311_CROSS_ORIGIN_PATHS = FORMATS.flatMap((f) => [
  `${OPEN311_PREFIX}/discovery.${f}`,
  `${OPEN311_PREFIX}/v2/services.${f}`,
  `${OPEN311_PREFIX}/v2/requests.${f}`,
  `${OPEN311_PREFIX}/v2/servicerequestupdates.${f}`,
]).concat([`${OPEN311_PREFIX}/v2/services/:file`, `${OPEN311_PREFIX}/v2/requests/:file`, `${OPEN311_PREFIX}/v2/tokens/:file`]);

function formatOf(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.json') ? 'json' : 'xml';
}

/** `<id>.<format>` of a resource path. */
function splitFile(file: string): { id: string; format: Open311Format } {
  const m = /^(.+)\.(xml|json)$/.exec(file);
  if (!m) throw new Open311Error(404, 'Resource not found: add .xml or .json');
  return { id: m[1]!, format: m[2] as Open311Format };
}

function queryFields(request: FastifyRequest): Fields {
  const out: Fields = {};
  const query = request.query as Record<string, unknown>;
  for (const [k, v] of Object.entries(query ?? {})) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(String);
  }
  return out;
}

/** Every field value is checked as text: a NUL or a lone surrogate is refused before it reaches anything. */
function checkFieldText(fields: Fields): void {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (bad.test(v) || bad.test(name)) throw new Open311Error(400, `${name.replace(bad, '?').slice(0, 60)}: must not contain control characters`);
      if (v.length > 10_000) throw new Open311Error(400, `${name.slice(0, 60)}: too long`);
    }
  }
}

function parseForm(body: string): Fields {
  const out: Fields = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

async function bodyFields(ctx: AppContext, request: FastifyRequest): Promise<{ fields: Fields; media: UploadedPhoto | null }> {
  if (request.isMultipart()) {
    const fields: Fields = {};
    let media: UploadedPhoto | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.fieldname !== 'media' || media) throw new Open311Error(400, 'only one file is accepted, in the field media');
          media = { filename: stripControlCharacters(part.filename ?? '').slice(0, 255) || 'media', mimetype: stripControlCharacters(part.mimetype ?? ''), bytes };
        } else {
          const v = String(part.value);
          const prev = fields[part.fieldname];
          fields[part.fieldname] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
        }
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new Open311Error(413, `media is larger than ${ctx.config.uploadLimit} bytes`);
      if (code !== undefined && MULTIPART_COUNT_LIMITS.has(code)) throw new Open311Error(400, 'the request holds more files or fields than accepted (one file, in the field media)');
      throw err;
    }
    return { fields, media };
  }
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const fields: Fields = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') fields[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) fields[k] = v as string[];
      else throw new Open311Error(400, `${k.slice(0, 60)}: must be a string`);
    }
    return { fields, media: null };
  }
  return { fields: {}, media: null };
}

function baseUrlOf(ctx: AppContext, request: FastifyRequest): string {
  return (ctx.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
}

function send(reply: FastifyReply, format: Open311Format, body: string, status = 200) {
  return reply.status(status).type(CONTENT_TYPES[format]).send(body);
}

export async function open311Routes(app: App, ctx: AppContext): Promise<void> {
  await app.register(
    async (scopeRaw) => {
      const scope = scopeRaw as App;
      await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 60, fieldSize: 20_000, parts: 62 } });
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: ctx.config.bodyLimit }, (_request, body, done) => {
        try {
          done(null, parseForm(String(body)));
        } catch (err) {
          done(err as Error, undefined);
        }
      });

      const paths: string[] = [];
      scope.addHook('onRoute', (route) => {
        paths.push(route.url.replace(OPEN311_PREFIX, ''));
      });

      scope.setErrorHandler((error: FastifyError | Error, request, reply) => {
        const format = formatOf(request.url);
        let status = 500;
        let description = 'An unexpected error occurred.';
        if (error instanceof Open311Error) {
          status = error.status;
          description = error.description;
          for (const [k, v] of Object.entries(error.extra.headers ?? {})) reply.header(k, v);
        } else if (error instanceof HttpProblem) {
          status = error.status;
          description = error.message;
          for (const [k, v] of Object.entries(error.extra.headers ?? {})) reply.header(k, v);
        } else {
          const e = error as FastifyError;
          if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') [status, description] = [413, 'The request body is too large.'];
          else if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') [status, description] = [415, 'Send application/x-www-form-urlencoded or multipart/form-data.'];
          else if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') [status, description] = [400, 'The request body is not valid JSON.'];
          else if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) [status, description] = [e.statusCode, e.message || 'Bad request.'];
          const rateHeaders = (error as unknown as { headers?: Record<string, string> }).headers;
          if (status === 429 && rateHeaders) for (const [k, v] of Object.entries(rateHeaders)) reply.header(k, v);
        }
        if (status >= 500) request.log.error({ err: error }, 'open311 request failed');
        return send(reply, format, errorDocument(format, [{ code: status, description }]), status);
      });

      scope.setNotFoundHandler(async (request, reply) => {
        const format = formatOf(request.url);
        const path = (request.url.split('?')[0] ?? '').replace(OPEN311_PREFIX, '');
        const known = paths.some((p) => p === path || (p.includes(':file') && path.startsWith(p.slice(0, p.indexOf(':file')))));
        if (known) {
          reply.header('allow', 'GET, POST');
          return send(reply, format, errorDocument(format, [{ code: 405, description: `${request.method} is not allowed here.` }]), 405);
        }
        return send(reply, format, errorDocument(format, [{ code: 404, description: 'Resource not found.' }]), 404);
      });

      for (const format of FORMATS) {
        scope.get(`/discovery.${format}`, { schema: { hide: true } }, async (_request, reply) => {
          const setting = await ctx.settings.get<Open311Setting>(OPEN311_KEY);
          const changeset = isoWithOffset((await ctx.settings.lastChange(OPEN311_KEY)) ?? new Date('2024-01-01T00:00:00Z'));
          const base = baseUrlOf(ctx, _request);
          const discovery = {
            changeset,
            contact: setting.contact,
            key_service: setting.keyService,
            endpoints: [
              {
                specification: 'http://wiki.open311.org/GeoReport_v2',
                url: `${base}${OPEN311_PREFIX}/v2`,
                changeset,
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
          };
          return send(reply, format, document(format, 'discovery', discovery));
        });

        scope.get(`/v2/services.${format}`, { schema: { hide: true } }, async (request, reply) => {
          const q = queryFields(request);
          checkFieldText(q);
          await checkJurisdiction(ctx, typeof q.jurisdiction_id === 'string' ? q.jurisdiction_id : undefined);
          return send(reply, format, await servicesDocument(ctx, format));
        });

        scope.get(`/v2/requests.${format}`, { schema: { hide: true } }, async (request, reply) => {
          const q = queryFields(request);
          checkFieldText(q);
          return send(reply, format, await getRequestsDocument(ctx, q, format, baseUrlOf(ctx, request)));
        });

        scope.post(`/v2/requests.${format}`, { schema: { hide: true }, bodyLimit: ctx.config.uploadLimit + 256 * 1024 }, async (request, reply) => {
          const { fields, media } = await bodyFields(ctx, request);
          checkFieldText(fields);
          const header = request.headers['idempotency-key'];
          const key = typeof header === 'string' ? header.trim() : null;
          if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new Open311Error(400, 'Idempotency-Key must be 8 to 100 letters, digits, or . _ : -');
          const result = await postRequest(ctx, fields, media, { address: request.ip ?? null, requestId: request.id, idempotencyKey: key });
          return send(reply, format, document(format, 'service_requests', result.body), result.created ? 201 : 200);
        });

        scope.get(`/v2/servicerequestupdates.${format}`, { schema: { hide: true } }, async (request, reply) => {
          const q = queryFields(request);
          checkFieldText(q);
          return send(reply, format, document(format, 'service_request_updates', await getRequestUpdates(ctx, q, baseUrlOf(ctx, request))));
        });

        scope.post(`/v2/servicerequestupdates.${format}`, { schema: { hide: true } }, async (request, reply) => {
          const { fields } = await bodyFields(ctx, request);
          checkFieldText(fields);
          return send(reply, format, document(format, 'service_request_updates', await postRequestUpdate(ctx, fields, { requestId: request.id })), 201);
        });
      }

      scope.get('/v2/services/:file', { schema: { hide: true } }, async (request, reply) => {
        const { id, format } = splitFile((request.params as { file: string }).file);
        const q = queryFields(request);
        checkFieldText(q);
        await checkJurisdiction(ctx, typeof q.jurisdiction_id === 'string' ? q.jurisdiction_id : undefined);
        return send(reply, format, document(format, 'service_definition', await serviceDefinition(ctx, id)));
      });

      scope.get('/v2/requests/:file', { schema: { hide: true } }, async (request, reply) => {
        const { id, format } = splitFile((request.params as { file: string }).file);
        const q = queryFields(request);
        checkFieldText(q);
        return send(reply, format, document(format, 'service_requests', await getRequest(ctx, id, q, baseUrlOf(ctx, request))));
      });

      scope.get('/v2/tokens/:file', { schema: { hide: true } }, async (request, reply) => {
        const { id, format } = splitFile((request.params as { file: string }).file);
        const q = queryFields(request);
        checkFieldText(q);
        return send(reply, format, document(format, 'service_requests', await tokenLookup(ctx, id, q)));
      });
    },
    { prefix: OPEN311_PREFIX },
  );
}
