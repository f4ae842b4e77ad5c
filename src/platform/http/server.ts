import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TLSSocket } from 'node:tls';
import { isResponseSerializationError, jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { safeParse, type $ZodType } from 'zod/v4/core';
import type { AppConfig } from '../config';
import type { App } from '../modules';
import { renderApiReference, type OpenApiDocument } from './api-reference';
import { API_REFERENCE_CSS } from './api-reference-style';
import { fieldErrorsFromIssues } from './field-errors';
import { liftStaffGuard } from './guards';
import { LANGUAGES, negotiateLanguage, type Language } from './language';
import { parseJsonBody } from './json-body';
import { HttpProblem } from './problem';
import { localizedProblemBody, PLATFORM_PROBLEM_SOURCES, ProblemCatalogue, type ProblemMessages } from './problem-messages';
import { compileRoutePattern, matchesAnyPattern, pathOf } from './route-pattern';

export interface ServerOptions {
  config: AppConfig;
  /** Directory of the built SPA; when absent the API still runs. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** Route patterns open to cross-origin browser calls without credentials (widget API), matched exactly. */
  crossOriginPaths?: string[];
  /** Route patterns of the SPA's pages: answered with the SPA; other page paths with the SPA and 404. */
  portalPaths?: readonly string[];
  /** The modules' problem messages, by module, added to the platform's. */
  problemMessages?: readonly { source: string; messages: ProblemMessages }[];
  /**
   * Origins pages may fetch from, and load images and fonts from, beyond their own: the configured
   * basemap's (setting `platform.map`). Read for each request, so a change applies at once.
   */
  contentSources?: () => Promise<readonly string[]>;
}

/** A route the server serves, as registered. */
export interface ServedRoute {
  method: string;
  /** The route's pattern, e.g. `/api/admin/users/:id`. */
  url: string;
  /** A staff route: its guard runs before the request is read (see `liftStaffGuard`). */
  staff: boolean;
  /** The permission a staff route requires; undefined for any signed-in staff member. */
  permission?: string;
}

const servedRoutesOf = new WeakMap<object, ServedRoute[]>();

/** Every route the server serves (available once the routes are registered). */
export function servedRoutes(app: object): readonly ServedRoute[] {
  return servedRoutesOf.get(app) ?? [];
}

/** Zod's issues for a request part, raised by the validator and answered as 400 field errors. */
class RequestValidationError extends Error {
  validationContext?: string;
  constructor(readonly issues: readonly object[]) {
    super('The request is invalid.');
    this.name = 'RequestValidationError';
  }
}

const ALLOW_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const HSTS = 'max-age=31536000; includeSubDomains';
const API_REFERENCE_PATH = '/api/docs';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

export async function createServer(opts: ServerOptions): Promise<App> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? {
      level: config.logLevel,
      serializers: {
        req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: urlForLogs(req.url), remoteAddress: req.ip }),
      },
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Shutdown waits for in-flight requests; a slow client must not hold it for ever.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  // Fastify parses text/plain by default; every Beffroi API body is JSON (or multipart where a
  // route registers it), so anything else must get 415 rather than reach the schema as a string.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseJsonBody(request.headers['content-type'], body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // zod parses each request part; the issues keep the type of the value received (not the value),
  // so that a missing field reads "required" rather than "wrong type".
  app.setValidatorCompiler(({ schema }) => (data) => {
    const result = safeParse(schema as $ZodType, data, { reportInput: true });
    return result.success ? { value: result.data } : { error: new RequestValidationError(result.error.issues) };
  });
  app.setSerializerCompiler(serializerCompiler);

  const catalogue = new ProblemCatalogue([...PLATFORM_PROBLEM_SOURCES, ...(opts.problemMessages ?? [])]);
  const routes: ServedRoute[] = [];
  servedRoutesOf.set(app, routes);
  app.addHook('onRoute', (route) => {
    const staff = liftStaffGuard(route);
    if (staff && route.schema && !route.schema.hide) {
      // The reference page and the OpenAPI document say which routes need a session.
      route.schema = { ...route.schema, security: [{ session: [] }], ...(staff.permission ? { 'x-permission': staff.permission } : {}) };
    }
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, staff: staff !== null, ...(staff?.permission ? { permission: staff.permission } : {}) });
    }
  });
  const allowedMethods = methodsByPath(routes);

  const crossOrigin = (opts.crossOriginPaths ?? []).map(compileRoutePattern);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (cameOverHttps(request, config)) reply.header('strict-transport-security', HSTS);
    const origin = request.headers.origin;
    if (!origin || !matchesAnyPattern(crossOrigin, request.url)) return;
    const allowed = config.widgetOrigins === '*' || config.widgetOrigins.includes(origin);
    if (!allowed) return;
    reply.header('access-control-allow-origin', config.widgetOrigins === '*' ? '*' : origin);
    reply.header('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '600');
      return reply.status(204).send();
    }
  });

  await app.register(cookie);
  // Before helmet's own hook, which reads them when it writes the policy.
  const extraSources = new WeakMap<object, readonly string[]>();
  if (opts.contentSources) {
    const sources = opts.contentSources;
    app.addHook('onRequest', async (request) => {
      extraSources.set(request.raw, await sources());
    });
  }
  const withExtraSources = (own: string[]) => [(req: object) => [...own, ...(extraSources.get(req) ?? [])].join(' ')];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: withExtraSources(["'self'", 'data:', 'blob:']),
        fontSrc: withExtraSources(["'self'"]),
        connectSrc: withExtraSources(["'self'"]),
        // MapLibre's tile workers (src/web/map) may start from a blob: URL.
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Sent by the onRequest hook above, and only over HTTPS: over plain HTTP it means nothing to a
    // browser, and a deployment that is not (yet) on HTTPS must not be told it is.
    strictTransportSecurity: false,
    // The widget script is loaded by other sites of the commune.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) =>
      new HttpProblem(429, 'rate_limited', `Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s.`, {
        statusCode: 429,
        params: { retryAfter: Math.ceil(ctx.ttl / 1000) },
      }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Beffroi API',
        version: '0.1.0',
        description: 'Public and back-office API of Beffroi. Errors are application/problem+json (RFC 9457).',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'beffroi_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // The reference page is written from the OpenAPI document, which is complete once every route is registered.
  const referencePages = new Map<Language, string>();
  app.get(
    API_REFERENCE_PATH,
    { schema: { hide: true, querystring: z.strictObject({ lang: z.enum(LANGUAGES).optional() }) } },
    async (request, reply) => {
      const language = request.query.lang ?? negotiateLanguage(request.headers['accept-language']);
      let page = referencePages.get(language);
      if (!page) {
        page = renderApiReference(app.swagger() as OpenApiDocument, language, {
          page: API_REFERENCE_PATH,
          stylesheet: `${API_REFERENCE_PATH}/reference.css`,
          openApiJson: '/api/openapi.json',
        });
        referencePages.set(language, page);
      }
      appendVary(reply, 'Accept-Language');
      return reply.header('content-language', language).type('text/html; charset=utf-8').send(page);
    },
  );
  app.get(`${API_REFERENCE_PATH}/reference.css`, { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(API_REFERENCE_CSS),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    for (const [k, v] of Object.entries(problem.extra.headers ?? {})) reply.header(k, v);
    const rateLimitHeaders = (error as unknown as { headers?: Record<string, string> }).headers;
    if (problem.status === 429 && rateLimitHeaders) {
      for (const [k, v] of Object.entries(rateLimitHeaders)) reply.header(k, v);
    }
    const language = negotiateLanguage(request.headers['accept-language']);
    appendVary(reply, 'Accept-Language');
    reply
      .status(problem.status)
      .header('content-language', language)
      .type(PROBLEM_JSON)
      .send(localizedProblemBody(problem, language, catalogue, request.url));
  });

  const portalPages = (opts.portalPaths ?? []).map(compileRoutePattern);
  const indexFile = opts.webRoot ? path.join(opts.webRoot, 'index.html') : null;
  app.setNotFoundHandler(async (request, reply) => {
    const requestPath = pathOf(request.url);
    const allow = allowedMethods(requestPath);
    if (allow.length) {
      if (request.method === 'OPTIONS') return reply.status(204).header('allow', allow.join(', ')).send();
      throw new HttpProblem(405, 'method_not_allowed', `${request.method} is not allowed here; allowed: ${allow.join(', ')}.`, {
        headers: { allow: allow.join(', ') },
        params: { method: request.method, allow: allow.join(', ') },
      });
    }
    const wantsHtml = (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');
    const page = wantsHtml && indexFile && !requestPath.startsWith('/api/') ? await fs.promises.readFile(indexFile).catch(() => null) : null;
    if (page) {
      // The SPA shows its own "not found" page; the status tells browsers, crawlers and monitors the same.
      const known = matchesAnyPattern(portalPages, requestPath);
      return reply.status(known ? 200 : 404).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
    }
    throw new HttpProblem(404, 'not_found', `No route for ${request.method} ${requestPath}.`);
  });

  if (indexFile && fs.existsSync(indexFile)) {
    await app.register(fastifyStatic, { root: opts.webRoot!, prefix: '/', wildcard: false, index: ['index.html'] });
  }

  return app as unknown as App;
}

/** Capability tokens travel in some query strings (a resident's private ticket link): never log them. */
export function urlForLogs(url: string): string {
  return url.replace(/([?&](?:token|access_token|hub\.verify_token)=)[^&#]*/gi, '$1[redacted]');
}

/** Maps framework and domain errors onto problem details with field-level errors. */
export function toProblem(error: FastifyError | Error): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof RequestValidationError) {
    const where = error.validationContext ?? 'body';
    return new HttpProblem(400, 'validation_failed', `The request ${where} is invalid.`, { errors: fieldErrorsFromIssues(error.issues, `/${where}`) });
  }
  const e = error as FastifyError;
  if (isResponseSerializationError(e)) return new HttpProblem(500, 'internal', 'Response did not match its schema.');
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'malformed_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new HttpProblem(413, 'body_too_large', 'The request body is larger than this endpoint accepts.');
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      // A count, not a size: the body has more files or fields than the endpoint takes.
      return new HttpProblem(400, 'too_many_parts', 'The request holds more files or fields than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? new HttpProblem(415, 'unsupported_media_type', 'This endpoint does not accept that content type.')
        : new HttpProblem(400, 'bad_content_length', 'Content-Length does not match the body.');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpProblem(415, 'unsupported_media_type', 'This endpoint expects multipart/form-data.');
  }
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status === 429) return new HttpProblem(429, 'rate_limited', e.message);
  if (status >= 500) return new HttpProblem(500, 'internal', 'An unexpected error occurred.');
  return new HttpProblem(status, 'http_error', e.message || 'The request could not be processed.');
}

/** The methods each served path allows, for a 405's `Allow` header; empty when no route serves the path. */
function methodsByPath(routes: readonly ServedRoute[]): (path: string) => string[] {
  const matchers = new Map<string, (path: string) => boolean>();
  return (requestPath) => {
    const methods = new Set<string>();
    for (const route of routes) {
      let match = matchers.get(route.url);
      if (!match) matchers.set(route.url, (match = matcherOrNever(route.url)));
      if (match(requestPath)) methods.add(route.method);
    }
    return [...methods].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  };
}

/** A route pattern this matcher cannot read (a wildcard mid-path) is left to Fastify's own 404. */
function matcherOrNever(pattern: string): (path: string) => boolean {
  try {
    return compileRoutePattern(pattern);
  } catch {
    return () => false;
  }
}

function rank(method: string): number {
  const i = ALLOW_ORDER.indexOf(method);
  return i === -1 ? ALLOW_ORDER.length : i;
}

/**
 * Whether the request reached us over HTTPS: on a TLS socket of our own, or through a trusted
 * proxy that says so for a deployment whose public URL is https. Without a trusted proxy, a client's
 * `X-Forwarded-Proto` means nothing.
 */
function cameOverHttps(request: FastifyRequest, config: AppConfig): boolean {
  if ((request.raw.socket as TLSSocket | undefined)?.encrypted) return true;
  return config.trustProxy && (config.publicUrl?.startsWith('https:') ?? false) && request.protocol === 'https';
}

function appendVary(reply: FastifyReply, header: string) {
  const current = reply.getHeader('vary');
  const values = String(current ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (!values.some((v) => v.toLowerCase() === header.toLowerCase())) reply.header('vary', [...values, header].join(', '));
}
