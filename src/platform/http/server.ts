import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppConfig } from '../config';
import type { App } from '../modules';
import { HttpProblem, titleFor, type FieldError } from './problem';

export interface ServerOptions {
  config: AppConfig;
  /** Directory of the built SPA; when absent the API still runs. */
  webRoot?: string;
  logger?: FastifyServerOptions['logger'];
  /** Path prefixes open to cross-origin browser calls without credentials (widget API). */
  crossOriginPaths?: string[];
}

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
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const crossOriginPaths = opts.crossOriginPaths ?? [];
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const origin = request.headers.origin;
    if (!origin || !crossOriginPaths.some((p) => request.url.startsWith(p))) return;
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
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
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
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: (h) => h });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    for (const [k, v] of Object.entries(problem.extra.headers ?? {})) reply.header(k, v);
    const rateLimitHeaders = (error as unknown as { headers?: Record<string, string> }).headers;
    if (problem.status === 429 && rateLimitHeaders) {
      for (const [k, v] of Object.entries(rateLimitHeaders)) reply.header(k, v);
    }
    reply.status(problem.status).type(PROBLEM_JSON).send(problem.toBody(request.url));
  });

  app.setNotFoundHandler((request, reply) => {
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (wantsHtml && opts.webRoot && !request.url.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html', opts.webRoot);
    }
    reply
      .status(404)
      .type(PROBLEM_JSON)
      .send(new HttpProblem(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`).toBody(request.url));
  });

  if (opts.webRoot && fs.existsSync(path.join(opts.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: opts.webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  }

  return app as unknown as App;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Capability tokens travel in some query strings (a resident's private ticket link): never log them. */
export function urlForLogs(url: string): string {
  return url.replace(/([?&](?:token|access_token|hub\.verify_token)=)[^&#]*/gi, '$1[redacted]');
}

/** Maps framework and domain errors onto problem details with field-level errors. */
export function toProblem(error: FastifyError | Error): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const e = error as FastifyError & { validation?: unknown; validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = e.validationContext ?? 'body';
    const errors: FieldError[] = e.validation.flatMap((v) => {
      // fastify-type-provider-zod puts the zod issue's own fields (minus path/code/message) in `params`
      // and the issue path in `instancePath` ("/" for the root).
      const params = (v.params ?? {}) as { keys?: unknown };
      const base = `/${where}${v.instancePath === '/' ? '' : v.instancePath}`;
      const code = v.keyword;
      // One error per unknown field, each pointing at the field itself rather than its parent.
      if (Array.isArray(params.keys) && params.keys.length) {
        return params.keys.map((k) => ({
          pointer: `${base}/${escapePointerToken(String(k))}`,
          message: `Unrecognized key: "${String(k)}"`,
          code,
        }));
      }
      return [{ pointer: base, message: v.message ?? 'Invalid value', code }];
    });
    return new HttpProblem(400, 'validation_failed', `The request ${where} is invalid.`, { errors });
  }
  if (isResponseSerializationError(e)) return new HttpProblem(500, 'internal', 'Response did not match its schema.');
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'malformed_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return new HttpProblem(413, 'body_too_large', 'The request body is larger than this endpoint accepts.');
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
  return new HttpProblem(status, 'http_error', e.message || titleFor(status));
}
