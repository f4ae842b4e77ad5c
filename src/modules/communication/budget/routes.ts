/** The budget part's API: residents read published documents; agents import, check and publish them. */
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { fieldErrorsFromIssues } from '../../../platform/http/field-errors';
import { actorOf, requirePermission } from '../../../platform/http/guards';
import { badRequest } from '../../../platform/http/problem';
import { readFileUpload } from '../../../platform/http/multipart';
import type { App, AppContext } from '../../../platform/modules';
import { adminDocumentListSchema, adminDocumentSchema, documentParams, importFields, importReportSchema, publicDocumentSchema, publicListSchema, publishBody, updateDocumentBody } from './api-schemas';
import { adminDocument, deleteDocument, importBudget, listAdminDocuments, publicDocument, publicList, setPublished, updateDocument } from './service';

export const BUDGET_PERMISSION = 'communication.budget';
const PUBLIC_TAGS = ['budget'];
const ADMIN_TAGS = ['budget (back-office)'];

export async function budgetRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get('/api/budget', { schema: { tags: PUBLIC_TAGS, summary: 'Published budget documents (budgets voted and accounts), newest year first', response: { 200: publicListSchema } } }, async () => publicList(ctx));
  app.get(
    '/api/budget/documents/:id',
    { schema: { tags: PUBLIC_TAGS, summary: 'A published budget document as residents read it: by section, chapter and function, per inhabitant, voted against realised, over the years', params: documentParams, response: { 200: publicDocumentSchema } } },
    async (request) => publicDocument(ctx, request.params.id),
  );

  const manage = requirePermission(ctx, BUDGET_PERMISSION);
  const base = '/api/admin/budget/documents';
  app.get(base, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Every imported budget document, published or not', response: { 200: adminDocumentListSchema } } }, async () => listAdminDocuments(ctx));
  app.get(`${base}/:id`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'A document with its totals and deviations', params: documentParams, response: { 200: adminDocumentSchema } } }, async (request) =>
    adminDocument(ctx, request.params.id),
  );
  app.post(`${base}/:id/publish`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Publishes or unpublishes a document (audited)', params: documentParams, body: publishBody, response: { 200: adminDocumentSchema } } }, async (request) =>
    setPublished(ctx, actorOf(request), request.params.id, request.body.published),
  );
  app.patch(`${base}/:id`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Sets the population used for per-inhabitant figures (audited)', params: documentParams, body: updateDocumentBody, response: { 200: adminDocumentSchema } } }, async (request) =>
    updateDocument(ctx, actorOf(request), request.params.id, request.body),
  );
  app.delete(`${base}/:id`, { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'Deletes a document and its lines (audited)', params: documentParams, response: { 204: z.null() } } }, async (request, reply) => {
    await deleteDocument(ctx, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 10, fieldSize: 1000, parts: 12 } });
    scope.post(
      '/api/admin/budget/import',
      {
        preHandler: manage,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit * 2),
        schema: {
          tags: ADMIN_TAGS,
          summary:
            'Imports a budget document (multipart file: TOTEM XML, or the SCDL budget table as CSV or XLSX). Refused lines: 422 communication.budget_import_refused with the validation report, nothing stored. Deviations (totals that do not balance, sections deduced…) are reported and the document imported, unpublished',
          consumes: ['multipart/form-data'],
          response: { 200: importReportSchema, 201: importReportSchema },
        },
      },
      async (request, reply) => {
        const { file, fields } = await readFileUpload(request, { uploadLimit: ctx.config.uploadLimit, problemCode: 'communication.budget_import_fields', defaultFilename: 'budget' });
        if (!file) throw badRequest('communication.budget_file_missing', 'No file received (field "file").');
        const parsed = importFields.safeParse(fields, { reportInput: true });
        if (!parsed.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsed.error.issues, '/body'));
        const report = await importBudget(ctx, actorOf(request), file, parsed.data);
        return reply.status(report.imported ? 201 : 200).send(report);
      },
    );
  });
}
