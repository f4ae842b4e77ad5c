/** The organisers' API: assemblies, quotas, the pool, feasibility, the distribution, publication, the draw, replacements and the panel's export. */
import multipart from '@fastify/multipart';
import { fieldErrorsFromIssues } from '../../platform/http/field-errors';
import { actorOf, requirePermission } from '../../platform/http/guards';
import { badRequest } from '../../platform/http/problem';
import { readFileUpload } from '../../platform/http/multipart';
import type { App, AppContext } from '../../platform/modules';
import {
  adminAssemblyListSchema,
  adminAssemblySchema,
  assemblyParams,
  computeBody,
  createAssemblyBody,
  drawBody,
  feasibilitySchema,
  importFields,
  importReportSchema,
  publishBody,
  replacementsBody,
  sharesBody,
  updateAssemblyBody,
  volunteerListSchema,
} from './api-schemas';
import { adminAssembly, createAssembly, listAssemblies, setQuotasFromShares, updateAssembly } from './assemblies';
import { computeSelection, drawAssembly, feasibilityOf, publishSelection, replaceDropouts } from './draw-service';
import { exportPanel, importPool, listVolunteers } from './pool';

export const PERMISSIONS = { organise: 'assemblies.organise' } as const;

const TAGS = ['assemblies (back-office)'];

export async function adminRoutes(app: App, ctx: AppContext): Promise<void> {
  const organise = requirePermission(ctx, PERMISSIONS.organise);
  const base = '/api/admin/assemblies';

  app.get(base, { preHandler: organise, schema: { tags: TAGS, summary: 'Every assembly', response: { 200: adminAssemblyListSchema } } }, async () => listAssemblies(ctx));

  app.post(
    base,
    { preHandler: organise, schema: { tags: TAGS, summary: 'Creates an assembly (panel size, quotas per value); quotas no panel can meet: 422', body: createAssemblyBody, response: { 201: adminAssemblySchema } } },
    async (request, reply) => reply.status(201).send(await createAssembly(ctx, actorOf(request), request.body)),
  );

  app.get(`${base}/:id`, { preHandler: organise, schema: { tags: TAGS, summary: 'An assembly, its distributions, draw and replacements', params: assemblyParams, response: { 200: adminAssemblySchema } } }, async (request) =>
    adminAssembly(ctx, request.params.id),
  );

  app.patch(
    `${base}/:id`,
    {
      preHandler: organise,
      schema: { tags: TAGS, summary: 'Edits an assembly; changed quotas discard computed distributions; 409 once published', params: assemblyParams, body: updateAssemblyBody, response: { 200: adminAssemblySchema } },
    },
    async (request) => updateAssembly(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/quotas/from-shares`,
    { preHandler: organise, schema: { tags: TAGS, summary: 'Sets the quotas from population shares with a tolerance', params: assemblyParams, body: sharesBody, response: { 200: adminAssemblySchema } } },
    async (request) => setQuotasFromShares(ctx, actorOf(request), request.params.id, request.body),
  );

  app.get(
    `${base}/:id/volunteers`,
    { preHandler: organise, schema: { tags: TAGS, summary: 'The pool with its personal data and each volunteer’s probabilities', params: assemblyParams, response: { 200: volunteerListSchema } } },
    async (request) => listVolunteers(ctx, request.params.id),
  );

  app.get(
    `${base}/:id/feasibility`,
    { preHandler: organise, schema: { tags: TAGS, summary: 'Whether the quotas can be met and, if not, the smallest relaxation, value by value', params: assemblyParams, response: { 200: feasibilitySchema } } },
    async (request) => feasibilityOf(ctx, request.params.id),
  );

  app.post(
    `${base}/:id/compute`,
    {
      preHandler: organise,
      schema: {
        tags: TAGS,
        summary: 'Computes the distribution (LEXIMIN by default) and, for comparison, the other objective and LEGACY; infeasible quotas: 409 with the relaxation',
        params: assemblyParams,
        body: computeBody,
        response: { 200: adminAssemblySchema },
      },
    },
    async (request) => computeSelection(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/publish`,
    { preHandler: organise, schema: { tags: TAGS, summary: 'Publishes the anonymised distribution and the commitment to a secret seed (and/or the public source)', params: assemblyParams, body: publishBody, response: { 200: adminAssemblySchema } } },
    async (request) => publishSelection(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/draw`,
    { preHandler: organise, schema: { tags: TAGS, summary: 'Reveals the seed and draws the panel', params: assemblyParams, body: drawBody, response: { 200: adminAssemblySchema } } },
    async (request) => drawAssembly(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/replacements`,
    { preHandler: organise, schema: { tags: TAGS, summary: 'Draws replacements for members who drop out, within the quotas', params: assemblyParams, body: replacementsBody, response: { 200: adminAssemblySchema } } },
    async (request) => replaceDropouts(ctx, actorOf(request), request.params.id, request.body.dropouts),
  );

  app.get(`${base}/:id/panel.csv`, { preHandler: organise, schema: { tags: TAGS, summary: 'The panel with contact details, as CSV (audited)', params: assemblyParams } }, async (request, reply) => {
    const file = await exportPanel(ctx, actorOf(request), request.params.id);
    reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    return reply.type('text/csv; charset=utf-8').send(file.body);
  });

  // The import takes a multipart body, in a scope of its own.
  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 10, fieldSize: 1000, parts: 12 } });
    scope.post(
      `${base}/:id/pool`,
      {
        preHandler: organise,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit * 2),
        schema: {
          tags: TAGS,
          summary:
            'Imports the pool (multipart file: CSV or XLSX, one row per volunteer: an id column, a column per quota feature, address columns, other columns kept as personal data). Any problem: 422 assemblies.import_rows_invalid with every problem and its line, nothing stored. Replaces the previous pool',
          consumes: ['multipart/form-data'],
          params: assemblyParams,
          response: { 200: importReportSchema, 201: importReportSchema },
        },
      },
      async (request, reply) => {
        const { file, fields } = await readFileUpload(request, { uploadLimit: ctx.config.uploadLimit, problemCode: 'assemblies.import_fields', defaultFilename: 'pool' });
        if (!file) throw badRequest('assemblies.import_file_missing', 'No file received (field "file").');
        const parsed = importFields.safeParse(fields, { reportInput: true });
        if (!parsed.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsed.error.issues, '/body'));
        const report = await importPool(ctx, actorOf(request), request.params.id, file, { dryRun: parsed.data.dryRun, sheet: parsed.data.sheet ?? null });
        return reply.status(report.imported ? 201 : 200).send(report);
      },
    );
  });
}
