/** The agenda part's API: residents read published events (JSON, iCalendar); agents write, import and publish them. */
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { fieldErrorsFromIssues } from '../../../platform/http/field-errors';
import { actorOf, requirePermission } from '../../../platform/http/guards';
import { badRequest } from '../../../platform/http/problem';
import { readFileUpload } from '../../../platform/http/multipart';
import type { App, AppContext } from '../../../platform/modules';
import { eventBody, eventListSchema, eventParams, eventQuery, eventSchema, filtersSchema, importFields, importReportSchema, publishBody } from './api-schemas';
import { adminEvent, adminList, agendaFilters, createEvent, deleteEvent, icalOf, importOpenAgenda, publicEvent, publicEvents, setPublished, updateEvent } from './service';

export const AGENDA_PERMISSION = 'communication.agenda';
const PUBLIC_TAGS = ['agenda'];
const ADMIN_TAGS = ['agenda (back-office)'];

export async function agendaRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/agenda/filters', { schema: { tags: PUBLIC_TAGS, summary: 'Topics and neighbourhoods events can be filtered by', response: { 200: filtersSchema } } }, async () => agendaFilters(ctx));
  app.get('/api/agenda/events', { schema: { tags: PUBLIC_TAGS, summary: 'Published events from a day (today by default), filtered by zones and topics', querystring: eventQuery, response: { 200: eventListSchema } } }, async (request) =>
    publicEvents(ctx, request.query),
  );
  app.get(
    '/api/agenda/events.ics',
    { schema: { tags: PUBLIC_TAGS, summary: 'The same events as an iCalendar file (RFC 5545), to subscribe to in a calendar application', querystring: eventQuery } },
    async (request, reply) => {
      const body = await icalOf(ctx, request.query, request.headers.host ?? null);
      reply.header('content-disposition', 'inline; filename="agenda.ics"');
      // Without a configured public URL the event links are built from the Host header: a cache
      // must neither share one host's file with another nor keep it.
      if (!ctx.config.publicUrl) reply.header('vary', 'Host').header('cache-control', 'no-cache');
      return reply.type('text/calendar; charset=utf-8').send(body);
    },
  );
  app.get('/api/agenda/events/:id', { schema: { tags: PUBLIC_TAGS, summary: 'A published event', params: eventParams, response: { 200: eventSchema } } }, async (request) => publicEvent(ctx, request.params.id));

  const manage = requirePermission(ctx, AGENDA_PERMISSION);
  const base = '/api/admin/agenda/events';
  app.get(base, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Every event, draft or published', response: { 200: eventListSchema } } }, async () => adminList(ctx));
  app.get(`${base}/:id`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'An event', params: eventParams, response: { 200: eventSchema } } }, async (request) => adminEvent(ctx, request.params.id));
  app.post(base, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Creates an event (draft, or published with its notice)', body: eventBody, response: { 201: eventSchema } } }, async (request, reply) =>
    reply.status(201).send(await createEvent(ctx, actorOf(request), request.body)),
  );
  app.put(`${base}/:id`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Replaces an event’s fields', params: eventParams, body: eventBody, response: { 200: eventSchema } } }, async (request) =>
    updateEvent(ctx, actorOf(request), request.params.id, request.body),
  );
  app.post(`${base}/:id/publish`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Publishes (with its notice) or unpublishes an event', params: eventParams, body: publishBody, response: { 200: eventSchema } } }, async (request) =>
    setPublished(ctx, actorOf(request), request.params.id, request.body.published),
  );
  app.delete(`${base}/:id`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Deletes an event', params: eventParams, response: { 204: z.null() } } }, async (request, reply) => {
    await deleteEvent(ctx, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 10, fieldSize: 1000, parts: 12 } });
    scope.post(
      '/api/admin/agenda/import',
      {
        preHandler: manage,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit * 2),
        schema: {
          tags: ADMIN_TAGS,
          summary: 'Imports an OpenAgenda JSON export (multipart file): one event per timing, re-imports update by OpenAgenda uid; unreadable items reported and skipped',
          consumes: ['multipart/form-data'],
          response: { 200: importReportSchema },
        },
      },
      async (request) => {
        const { file, fields } = await readFileUpload(request, { uploadLimit: ctx.config.uploadLimit, problemCode: 'communication.agenda_import_fields', defaultFilename: 'events.json' });
        if (!file) throw badRequest('communication.agenda_file_missing', 'No file received (field "file").');
        const parsed = importFields.safeParse(fields, { reportInput: true });
        if (!parsed.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsed.error.issues, '/body'));
        return importOpenAgenda(ctx, actorOf(request), file, parsed.data);
      },
    );
  });
}
