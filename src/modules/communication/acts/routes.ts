/** The acts part's API: the public publication (sessions, acts, files, SCDL table, Atom feed) and the agents' back-office. */
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fieldErrorsFromIssues } from '../../../platform/http/field-errors';
import { actorOf, requirePermission } from '../../../platform/http/guards';
import { readMultipartFiles } from '../../../platform/http/multipart';
import { badRequest } from '../../../platform/http/problem';
import type { App, AppContext } from '../../../platform/modules';
import { TOPICS_KEY, type Topic } from '../topics';
import {
  adminActSchema,
  adminSessionListSchema,
  adminSessionSchema,
  createSessionBody,
  idParams,
  importFields,
  importFilesReportSchema,
  scdlFields,
  publicActPageSchema,
  publicSessionListSchema,
  scdlReportSchema,
  topicListSchema,
  updateActBody,
} from './api-schemas';
import {
  actFile,
  actsFeed,
  adminAct,
  adminSession,
  createSession,
  deleteAct,
  importActFiles,
  importScdl,
  listAdminSessions,
  listPublicSessions,
  publicActPage,
  publishAct,
  publishSession,
  replaceOriginal,
  scdlExport,
  updateAct,
  type UploadedFile,
} from './service';

export const ACTS_PERMISSIONS = { publish: 'communication.acts.publish' } as const;
const PUBLIC_TAGS = ['communication: acts'];
const ADMIN_TAGS = ['communication: acts (back-office)'];
const MAX_FILES = 50;

/** How many times the per-file limit one request may bring in all (the files are held in memory until parsed). */
const TOTAL_UPLOAD_FACTOR = 4;

async function readUploads(
  ctx: AppContext,
  request: FastifyRequest,
  opts: { maxFiles: number; fileFields: readonly string[] },
): Promise<{ files: UploadedFile[]; fields: Record<string, string> }> {
  const { files, fields } = await readMultipartFiles(request, {
    ...opts,
    uploadLimit: ctx.config.uploadLimit,
    total: { maxBytes: ctx.config.uploadLimit * TOTAL_UPLOAD_FACTOR, problemCode: 'communication.acts.upload_too_large' },
    problemCode: 'communication.acts.import_fields',
    defaultFilename: 'acte',
  });
  return { files: files.map(({ field: _field, ...file }) => file), fields };
}

/** A strong validator of a public answer (its SHA-1): a client that has it gets a 304. */
function sendCached(request: FastifyRequest, reply: FastifyReply, body: string, opts: { cacheControl: string; vary?: string }) {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  reply.header('etag', etag);
  reply.header('cache-control', opts.cacheControl);
  if (opts.vary) reply.header('vary', opts.vary);
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.send(body);
}

/** Headers of a served original: a download, never rendered in the platform's origin. */
function fileHeaders(reply: FastifyReply, f: { filename: string }): void {
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('content-security-policy', 'sandbox');
}

export async function actsRoutes(app: App, ctx: AppContext): Promise<void> {
  // Public ---------------------------------------------------------------------------------------
  app.get('/api/communication/acts/sessions', { schema: { tags: PUBLIC_TAGS, summary: 'Sessions with their published acts (date, subject, outcome, votes, summary)', response: { 200: publicSessionListSchema } } }, async () =>
    listPublicSessions(ctx),
  );
  app.get(
    '/api/communication/acts/:id',
    { schema: { tags: PUBLIC_TAGS, summary: 'A published act: its summary (sentences with their offsets in the text), readability, the text as extracted, its file’s SHA-256', params: idParams, response: { 200: publicActPageSchema } } },
    async (request) => publicActPage(ctx, request.params.id),
  );
  app.get('/api/communication/acts/:id/file', { schema: { tags: PUBLIC_TAGS, summary: 'The original file of a published act, as received (header Digest: its SHA-256)', params: idParams } }, async (request, reply) => {
    const f = await actFile(ctx, request.params.id);
    fileHeaders(reply, f);
    reply.header('repr-digest', `sha-256=:${Buffer.from(f.sha256, 'hex').toString('base64')}:`);
    reply.header('cache-control', 'public, max-age=86400, immutable');
    return reply.type(f.mimetype).send(f.bytes);
  });
  app.get('/api/communication/acts/deliberations.csv', { schema: { tags: PUBLIC_TAGS, summary: 'Published deliberations as the SCDL deliberations table (CSV, UTF-8, comma)' } }, async (request, reply) => {
    reply.header('content-disposition', 'attachment; filename="deliberations.csv"');
    reply.type('text/csv; charset=utf-8');
    // Its links are absolute only with a configured public URL: the same for every client.
    return sendCached(request, reply, await scdlExport(ctx), { cacheControl: 'public, max-age=300' });
  });
  app.get('/api/communication/acts/feed.atom', { schema: { tags: PUBLIC_TAGS, summary: 'Atom feed of the latest published acts' } }, async (request, reply) => {
    const origin = `${request.protocol}://${request.host}`;
    reply.type('application/atom+xml; charset=utf-8');
    // Without a configured public URL, the links are made from the request's Host: a cache must not give one host's feed to another.
    const configured = !!ctx.config.publicUrl;
    return sendCached(request, reply, await actsFeed(ctx, origin), configured ? { cacheControl: 'public, max-age=300' } : { cacheControl: 'no-cache', vary: 'Host' });
  });
  app.get('/api/communication/acts/topics', { schema: { tags: PUBLIC_TAGS, summary: 'Topics acts are filed under', response: { 200: topicListSchema } } }, async () => ({
    items: await ctx.settings.get<Topic[]>(TOPICS_KEY),
  }));

  // Back-office ----------------------------------------------------------------------------------
  const publish = requirePermission(ctx, ACTS_PERMISSIONS.publish);
  const base = '/api/admin/communication/acts';
  app.get(`${base}/sessions`, { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'Every session, with its counts of acts', response: { 200: adminSessionListSchema } } }, async () => listAdminSessions(ctx));
  app.post(
    `${base}/sessions`,
    { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'Creates a council session (date, body, place)', body: createSessionBody, response: { 201: adminSessionSchema } } },
    async (request, reply) => reply.status(201).send(await createSession(ctx, actorOf(request), request.body)),
  );
  app.get(`${base}/sessions/:id`, { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'A session and its acts', params: idParams, response: { 200: adminSessionSchema } } }, async (request) =>
    adminSession(ctx, request.params.id),
  );
  app.post(
    `${base}/sessions/:id/publish`,
    { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'Publishes every draft act of the session (one transaction)', params: idParams, response: { 200: adminSessionSchema } } },
    async (request) => publishSession(ctx, actorOf(request), request.params.id),
  );
  app.get(
    `${base}/:id`,
    { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'An act, with its text as extracted', params: idParams, response: { 200: adminActSchema.extend({ text: z.string() }) } } },
    async (request) => adminAct(ctx, request.params.id),
  );
  app.patch(
    `${base}/:id`,
    {
      preHandler: publish,
      schema: { tags: ADMIN_TAGS, summary: 'Edits an act’s metadata; once published only topics and zones change (409)', params: idParams, body: updateActBody, response: { 200: adminActSchema } },
    },
    async (request) => updateAct(ctx, actorOf(request), request.params.id, request.body),
  );
  app.post(`${base}/:id/publish`, { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'Publishes the act', params: idParams, response: { 200: adminActSchema } } }, async (request) =>
    publishAct(ctx, actorOf(request), request.params.id),
  );
  app.delete(`${base}/:id`, { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'Deletes a draft act; a published act: 409', params: idParams } }, async (request, reply) => {
    await deleteAct(ctx, actorOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.get(`${base}/:id/file`, { preHandler: publish, schema: { tags: ADMIN_TAGS, summary: 'The original file of an act (draft or published)', params: idParams } }, async (request, reply) => {
    const f = await actFile(ctx, request.params.id, { staff: true });
    fileHeaders(reply, f);
    reply.header('cache-control', 'private, no-store');
    return reply.type(f.mimetype).send(f.bytes);
  });

  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: MAX_FILES, fields: 5, fieldSize: 1000, parts: MAX_FILES + 5 } });
    scope.post(
      `${base}/sessions/:id/files`,
      {
        preHandler: publish,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit * 4),
        schema: {
          tags: ADMIN_TAGS,
          summary:
            'Imports acts into a session (multipart, field "files", several PDF, DOCX, Markdown or text files): each file summarised, flagged as needing OCR (no text layer) or refused with its reason; the readable ones stored in one transaction',
          consumes: ['multipart/form-data'],
          params: idParams,
          response: { 200: importFilesReportSchema },
        },
      },
      async (request) => {
        const { files, fields } = await readUploads(ctx, request, { maxFiles: MAX_FILES, fileFields: ['file', 'files'] });
        if (!files.length) throw badRequest('communication.acts.import_file_missing', 'No file received (field "files").');
        const parsed = importFields.safeParse(fields, { reportInput: true });
        if (!parsed.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsed.error.issues, '/body'));
        return importActFiles(ctx, actorOf(request), request.params.id, files, parsed.data.kind ?? 'deliberation');
      },
    );
    scope.post(
      `${base}/:id/original`,
      {
        preHandler: publish,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit * 2),
        schema: {
          tags: ADMIN_TAGS,
          summary:
            'Attaches the act’s PDF as its published original (multipart, field "file"; a draft only), replacing a DOCX, Markdown or text file: the text and summary come from the PDF’s text layer, else the act keeps its text',
          consumes: ['multipart/form-data'],
          params: idParams,
          response: { 200: adminActSchema },
        },
      },
      async (request) => {
        const { files } = await readUploads(ctx, request, { maxFiles: 1, fileFields: ['file'] });
        if (files.length !== 1) throw badRequest('communication.acts.import_file_missing', 'Send one file (field "file").');
        return replaceOriginal(ctx, actorOf(request), request.params.id, files[0]!);
      },
    );
    scope.post(
      `${base}/scdl`,
      {
        preHandler: publish,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit * 2),
        schema: {
          tags: ADMIN_TAGS,
          summary:
            'Imports an SCDL deliberations table (multipart CSV, field "file"; field "body", default "Conseil municipal"): one session per date; deviations reported; any bad row: 422 communication.acts.scdl_rows_invalid with every problem and its line, nothing stored',
          consumes: ['multipart/form-data'],
          response: { 201: scdlReportSchema },
        },
      },
      async (request, reply) => {
        const { files, fields } = await readUploads(ctx, request, { maxFiles: 1, fileFields: ['file', 'files'] });
        if (files.length !== 1) throw badRequest('communication.acts.import_file_missing', 'Send one file (field "file").');
        const parsedBody = scdlFields.safeParse(fields, { reportInput: true });
        if (!parsedBody.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsedBody.error.issues, '/body'));
        const body = parsedBody.data.body ?? 'Conseil municipal';
        return reply.status(201).send(await importScdl(ctx, actorOf(request), files[0]!, { body }));
      },
    );
  });
}
