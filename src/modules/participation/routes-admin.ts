/** The back-office API: consultations, moderation, live statistics, imports, exports, opinion groups and the synthesis. */
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { actorOf, requirePermission, roleHasPermission } from '../../platform/http/guards';
import { fieldErrorsFromIssues } from '../../platform/http/field-errors';
import { badRequest, notFound } from '../../platform/http/problem';
import { readMultipart } from '../../platform/http/multipart';
import { jobs as jobsTable } from '../../platform/jobs/schema';
import type { App, AppContext } from '../../platform/modules';
import { stripControlCharacters } from '../../platform/validation/text';
import { eq } from 'drizzle-orm';
import {
  adminConsultationListSchema,
  adminConsultationSchema,
  adminStatementSchema,
  adminSynthesisSchema,
  consultationParams,
  createConsultationBody,
  exportParams,
  exportQuery,
  importListSchema,
  importOptionsFields,
  importReportSchema,
  interviewImportFields,
  jobAcceptedSchema,
  jobParams,
  jobViewSchema,
  mergeThemesBody,
  moderationBody,
  moderationItemSchema,
  moderationParams,
  moderationQuery,
  moderationQueueSchema,
  moveContributionsBody,
  pageQuery,
  phaseBody,
  renameThemeBody,
  representativenessSchema,
  splitThemeBody,
  staffStatementBody,
  statsQuery,
  statsSchema,
  surveyImportFields,
  themeContributionsSchema,
  themeParams,
  updateConsultationBody,
} from './api-schemas';
import { loadConsultation } from './common';
import { adminConsultation, changePhase, createConsultation, listAdminConsultations, updateConsultation } from './consultations';
import { exportFile } from './exports';
import { importInterview, importPolis, importSurvey, listImports } from './imports';
import { addStaffStatement, decide, listAdminStatements, moderationQueue } from './moderation';
import { OPINION_GROUPS_JOB } from './opinion-groups-service';
import { representativenessOf } from './representativeness-service';
import { sendFile } from './routes-public';
import { consultationStats } from './stats';
import { adminSynthesis, editSynthesis, requestSynthesis, SYNTHESIS_JOB, themeContributions } from './synthesis-service';

export const PERMISSIONS = {
  manage: 'participation.manage',
  moderate: 'participation.moderate',
  synthesis: 'participation.synthesis',
  analytics: 'participation.analytics',
} as const;

const TAGS = ['participation (back-office)'];
const JOB_KINDS = new Set<string>([OPINION_GROUPS_JOB, SYNTHESIS_JOB]);

function parseFields<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(fields, { reportInput: true });
  if (!parsed.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsed.error.issues, '/body'));
  return parsed.data;
}

function jsonList(value: string | undefined, field: string): string[] {
  if (value === undefined || value.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw badRequest('validation_failed', 'Some fields are invalid.', [{ pointer: `/body/${field}`, message: 'Must be a JSON array of strings' }]);
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string' && x.length <= 500) || parsed.length > 500) {
    throw badRequest('validation_failed', 'Some fields are invalid.', [{ pointer: `/body/${field}`, message: 'Must be a JSON array of strings' }]);
  }
  return parsed.map((x: string) => stripControlCharacters(x).trim());
}

export async function adminRoutes(app: App, ctx: AppContext): Promise<void> {
  const manage = requirePermission(ctx, PERMISSIONS.manage);
  const moderate = requirePermission(ctx, PERMISSIONS.moderate);
  const synthesis = requirePermission(ctx, PERMISSIONS.synthesis);
  const analytics = requirePermission(ctx, PERMISSIONS.analytics);
  const base = '/api/admin/participation/consultations';

  app.get(base, { preHandler: analytics, schema: { tags: TAGS, summary: 'Every consultation, drafts included, with moderation and computation status', response: { 200: adminConsultationListSchema } } }, async () =>
    listAdminConsultations(ctx),
  );

  app.post(
    base,
    { preHandler: manage, schema: { tags: TAGS, summary: 'Creates a consultation (a draft)', body: createConsultationBody, response: { 201: adminConsultationSchema } } },
    async (request, reply) => reply.status(201).send(await createConsultation(ctx, actorOf(request), request.body)),
  );

  app.get(`${base}/:id`, { preHandler: analytics, schema: { tags: TAGS, summary: 'A consultation', params: consultationParams, response: { 200: adminConsultationSchema } } }, async (request) =>
    adminConsultation(ctx, request.params.id),
  );

  app.patch(
    `${base}/:id`,
    { preHandler: manage, schema: { tags: TAGS, summary: 'Edits a consultation', params: consultationParams, body: updateConsultationBody, response: { 200: adminConsultationSchema } } },
    async (request) => updateConsultation(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/phase`,
    {
      preHandler: manage,
      schema: {
        tags: TAGS,
        summary: 'Moves the consultation to another phase: draft → open → closed ⇄ open; closed → synthesis_published (publishes the current synthesis) → closed. 409 otherwise',
        params: consultationParams,
        body: phaseBody,
        response: { 200: adminConsultationSchema },
      },
    },
    async (request) => changePhase(ctx, actorOf(request), request.params.id, request.body.phase),
  );

  app.get(
    `${base}/:id/statements`,
    { preHandler: analytics, schema: { tags: TAGS, summary: 'Every statement with its status and tally', params: consultationParams, response: { 200: z.object({ items: z.array(adminStatementSchema) }) } } },
    async (request) => listAdminStatements(ctx, request.params.id, roleHasPermission(ctx, request.staff!.role, PERMISSIONS.moderate)),
  );

  app.post(
    `${base}/:id/statements`,
    {
      preHandler: manage,
      schema: { tags: TAGS, summary: 'Adds a statement written by staff (published at once; 409 for a near-duplicate)', params: consultationParams, body: staffStatementBody, response: { 201: adminStatementSchema } },
    },
    async (request, reply) => reply.status(201).send(await addStaffStatement(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    `${base}/:id/moderation`,
    {
      preHandler: moderate,
      schema: {
        tags: TAGS,
        summary: 'The moderation queue: statements and contributions by status (pending by default) or flagged by participants, with the original text when masking changed it',
        params: consultationParams,
        querystring: moderationQuery,
        response: { 200: moderationQueueSchema },
      },
    },
    async (request) => moderationQueue(ctx, request.params.id, request.query),
  );

  app.post(
    '/api/admin/participation/moderation/:itemType/:itemId',
    {
      preHandler: moderate,
      schema: {
        tags: TAGS,
        summary: 'Accepts or rejects a statement or contribution (a reason is required to reject); resolves its flags; audited',
        params: moderationParams,
        body: moderationBody,
        response: { 200: moderationItemSchema },
      },
    },
    async (request) => decide(ctx, actorOf(request), request.params.itemType, request.params.itemId, request.body),
  );

  app.get(
    `${base}/:id/stats`,
    { preHandler: analytics, schema: { tags: TAGS, summary: 'Participation live: totals, per day (Paris time) and per district', params: consultationParams, querystring: statsQuery, response: { 200: statsSchema } } },
    async (request) => consultationStats(ctx, request.params.id, request.query),
  );

  app.get(
    `${base}/:id/representativeness`,
    { preHandler: analytics, schema: { tags: TAGS, summary: 'Declared districts and age bands against the population, under-represented groups flagged', params: consultationParams, response: { 200: representativenessSchema } } },
    async (request) => representativenessOf(ctx, await loadConsultation(ctx.db, request.params.id)),
  );

  app.get(
    `${base}/:id/exports/:file`,
    {
      preHandler: analytics,
      schema: {
        tags: TAGS,
        summary: 'Exports everything (every status; the texts as written, before masking, for those who moderate): CSV and JSON, and Pol.is’s format, which gives an imported conversation back byte for byte',
        params: exportParams,
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      // The texts as written, before masking, are for those who moderate.
      const withOriginals = roleHasPermission(ctx, request.staff!.role, PERMISSIONS.moderate);
      return sendFile(reply, await exportFile(ctx, request.params.id, request.params.file, 'staff', { groups: request.query.groups, withOriginals }));
    },
  );

  app.post(
    `${base}/:id/opinion-groups/recompute`,
    { preHandler: manage, schema: { tags: TAGS, summary: 'Recomputes the opinion groups now (a job)', params: consultationParams, response: { 202: jobAcceptedSchema } } },
    async (request, reply) => {
      await loadConsultation(ctx.db, request.params.id);
      const job = await ctx.jobs.enqueue(ctx.db, OPINION_GROUPS_JOB, { consultationId: request.params.id }, { maxAttempts: 3 });
      return reply.status(202).send({ jobId: job.id, status: job.status });
    },
  );

  app.get(
    `${base}/:id/synthesis`,
    { preHandler: synthesis, schema: { tags: TAGS, summary: 'The synthesis being worked on, its edits and what is published', params: consultationParams, response: { 200: adminSynthesisSchema } } },
    async (request) => adminSynthesis(ctx, request.params.id),
  );

  app.get(
    `${base}/:id/synthesis/themes/:themeId/contributions`,
    { preHandler: synthesis, schema: { tags: TAGS, summary: 'Every contribution of a theme of the synthesis being worked on', params: themeParams, querystring: pageQuery, response: { 200: themeContributionsSchema } } },
    async (request) => themeContributions(ctx, request.params.id, request.params.themeId, request.query.page, request.query.pageSize, 'staff'),
  );

  app.post(
    `${base}/:id/synthesis/runs`,
    {
      preHandler: manage,
      schema: {
        tags: TAGS,
        summary: 'Runs the synthesis of the published contributions (a job; with the generation provider when configured). Theme ids and names given by people carry over',
        params: consultationParams,
        response: { 202: jobAcceptedSchema },
      },
    },
    async (request, reply) => reply.status(202).send(await requestSynthesis(ctx, actorOf(request), request.params.id)),
  );

  app.post(
    `${base}/:id/synthesis/themes/:themeId/rename`,
    { preHandler: synthesis, schema: { tags: TAGS, summary: 'Renames a theme (the name is kept by later runs); audited', params: themeParams, body: renameThemeBody, response: { 200: adminSynthesisSchema } } },
    async (request) => editSynthesis(ctx, actorOf(request), request.params.id, { kind: 'rename', themeId: request.params.themeId, label: request.body.label }),
  );

  app.post(
    `${base}/:id/synthesis/merge`,
    { preHandler: synthesis, schema: { tags: TAGS, summary: 'Merges themes into the first one listed; audited', params: consultationParams, body: mergeThemesBody, response: { 200: adminSynthesisSchema } } },
    async (request) => editSynthesis(ctx, actorOf(request), request.params.id, { kind: 'merge', themeIds: request.body.themeIds, label: request.body.label }),
  );

  app.post(
    `${base}/:id/synthesis/themes/:themeId/split`,
    { preHandler: synthesis, schema: { tags: TAGS, summary: 'Splits parts off a theme into new themes; audited', params: themeParams, body: splitThemeBody, response: { 200: adminSynthesisSchema } } },
    async (request) => editSynthesis(ctx, actorOf(request), request.params.id, { kind: 'split', themeId: request.params.themeId, parts: request.body.parts }),
  );

  app.post(
    `${base}/:id/synthesis/move`,
    { preHandler: synthesis, schema: { tags: TAGS, summary: 'Moves contributions into a theme or to the standing-alone list; audited', params: consultationParams, body: moveContributionsBody, response: { 200: adminSynthesisSchema } } },
    async (request) => editSynthesis(ctx, actorOf(request), request.params.id, { kind: 'move', contributionIds: request.body.contributionIds, target: request.body.target }),
  );

  app.get(
    '/api/admin/participation/jobs/:jobId',
    { preHandler: analytics, schema: { tags: TAGS, summary: 'A participation job (opinion groups, synthesis): status, result, error', params: jobParams, response: { 200: jobViewSchema } } },
    async (request) => {
      const [job] = await ctx.db.select().from(jobsTable).where(eq(jobsTable.id, request.params.jobId));
      if (!job || !JOB_KINDS.has(job.kind)) throw notFound('Job');
      return {
        id: job.id,
        kind: job.kind,
        status: job.status,
        result: job.result ?? null,
        error: job.status === 'succeeded' ? null : (job.lastError ?? null),
        createdAt: job.createdAt.toISOString(),
        finishedAt: job.finishedAt?.toISOString() ?? null,
      };
    },
  );

  app.get(`${base}/:id/imports`, { preHandler: manage, schema: { tags: TAGS, summary: 'Imports into this consultation', params: consultationParams, response: { 200: importListSchema } } }, async (request) =>
    listImports(ctx, request.params.id),
  );

  // Imports take a multipart body, in a scope of their own.
  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 3, fields: 20, fieldSize: 25_000, parts: 25 } });
    const bodyLimit = Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit * 3);

    scope.post(
      `${base}/:id/imports/polis`,
      {
        preHandler: manage,
        bodyLimit,
        schema: {
          tags: TAGS,
          summary:
            'Imports a Pol.is open-data conversation (multipart files comments, votes, participantsVotes; fields dryRun, importValidRows) into a consultation with no statements yet, in one transaction. Malformed rows: 422 participation.import_rows_invalid with every problem and its line, nothing imported, unless importValidRows=true',
          consumes: ['multipart/form-data'],
          params: consultationParams,
          response: { 200: importReportSchema, 201: importReportSchema },
        },
      },
      async (request, reply) => {
        const { files, fields } = await readMultipart(request, { fileFields: ['comments', 'votes', 'participantsVotes'], uploadLimit: ctx.config.uploadLimit, problemCode: 'participation.import_fields' });
        const options = parseFields(importOptionsFields, fields);
        const comments = files.get('comments');
        if (!comments) throw badRequest('participation.import_file_missing', 'comments.csv is required (field « comments »).');
        const report = await importPolis(ctx, actorOf(request), request.params.id, { comments, votes: files.get('votes'), participantsVotes: files.get('participantsVotes') }, options);
        return reply.status(report.imported ? 201 : 200).send(report);
      },
    );

    scope.post(
      `${base}/:id/imports/survey`,
      {
        preHandler: manage,
        bodyLimit,
        schema: {
          tags: TAGS,
          summary:
            'Imports a survey export (multipart file: CSV or XLSX, one row per respondent): each non-empty cell of the open-question columns picked (field columns, a JSON array of header names) becomes a contribution keeping its line and column; optional districtColumn, ageBandColumn, sheet. Without columns, returns the header and first rows to pick from',
          consumes: ['multipart/form-data'],
          params: consultationParams,
          response: { 200: importReportSchema, 201: importReportSchema },
        },
      },
      async (request, reply) => {
        const { files, fields } = await readMultipart(request, { fileFields: ['file'], uploadLimit: ctx.config.uploadLimit, problemCode: 'participation.import_fields' });
        const file = files.get('file');
        if (!file) throw badRequest('participation.import_file_missing', 'No file received (field « file »).');
        const previewOnly = fields.columns === undefined || fields.columns.trim() === '';
        const options = parseFields(previewOnly ? importOptionsFields.extend({ sheet: surveyImportFields.shape.sheet }) : surveyImportFields, fields) as z.output<typeof surveyImportFields>;
        const columns = previewOnly ? [] : jsonList(options.columns, 'columns');
        if (!previewOnly && columns.length === 0) throw badRequest('validation_failed', 'Some fields are invalid.', [{ pointer: '/body/columns', message: 'Pick at least one column' }]);
        const report = await importSurvey(
          ctx,
          actorOf(request),
          request.params.id,
          file,
          { columns, districtColumn: options.districtColumn ?? null, ageBandColumn: options.ageBandColumn ?? null, sheet: options.sheet ?? null },
          { dryRun: options.dryRun, importValidRows: options.importValidRows, previewOnly },
        );
        return reply.status(report.imported ? 201 : 200).send(report);
      },
    );

    scope.post(
      `${base}/:id/imports/interview`,
      {
        preHandler: manage,
        bodyLimit,
        schema: {
          tags: TAGS,
          summary:
            'Imports an interview transcript (multipart file: text or DOCX): split into contributions by paragraph or speaker turn, each with its offsets in the transcript; skipSpeakers (JSON array) leaves the interviewer’s turns out',
          consumes: ['multipart/form-data'],
          params: consultationParams,
          response: { 200: importReportSchema, 201: importReportSchema },
        },
      },
      async (request, reply) => {
        const { files, fields } = await readMultipart(request, { fileFields: ['file'], uploadLimit: ctx.config.uploadLimit, problemCode: 'participation.import_fields' });
        const file = files.get('file');
        if (!file) throw badRequest('participation.import_file_missing', 'No file received (field « file »).');
        const options = parseFields(interviewImportFields, fields);
        const report = await importInterview(ctx, actorOf(request), request.params.id, file, { skipSpeakers: jsonList(options.skipSpeakers, 'skipSpeakers') }, options);
        return reply.status(report.imported ? 201 : 200).send(report);
      },
    );
  });
}
