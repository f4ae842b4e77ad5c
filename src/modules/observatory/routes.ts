/** The observatory's API: the public catalogue, values and analyses, and the staff's catalogue edits, imports and reviews. */
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fieldErrorsFromIssues } from '../../platform/http/field-errors';
import { actorOf, requirePermission } from '../../platform/http/guards';
import { negotiateLanguage, type Language } from '../../platform/http/language';
import { badRequest, HttpProblem } from '../../platform/http/problem';
import { readFileUpload } from '../../platform/http/multipart';
import type { App, AppContext } from '../../platform/modules';
import {
  analysisParams,
  analysisRequestSchema,
  analysisResultSchema,
  analysisTerritoryParams,
  catalogueSchema,
  importFields,
  importListSchema,
  importReportSchema,
  indicatorBody,
  indicatorParams,
  indicatorViewSchema,
  languageQuery,
  pendingAnalysisSchema,
  portraitSchema,
  reviewBody,
  reviewListSchema,
  reviewParams,
  reviewSchema,
  reviewsQuery,
  valuesQuery,
  valuesSchema,
} from './api-schemas';
import type { AnalysisService, StoredAnalysis } from './analysis/service';
import { analysisView, portraitView, priorityCsv, priorityGeoJson, tableCsv } from './analysis/views';
import { catalogue, saveIndicator, valuesOf } from './catalogue';
import { importValues, listImports, type AfterImport } from './import/service';
import { listReviews, reviewZone } from './reviews';
import { DASHBOARD_SETTING_KEY, type DashboardSetting } from './settings';

export const OBSERVATORY_PERMISSIONS = {
  manage: 'observatory.manage',
  review: 'observatory.review',
} as const;

const PUBLIC_TAGS = ['observatory'];
const ADMIN_TAGS = ['observatory (back-office)'];
/** How long a request waits for an analysis before answering 202 (the client then polls). */
const ANALYSIS_WAIT_MS = 4000;

function languageOf(request: FastifyRequest, query?: { lang?: Language }): Language {
  return query?.lang ?? negotiateLanguage(request.headers['accept-language']);
}

function storedOr404(analyses: AnalysisService, key: string): StoredAnalysis | 'pending' {
  const found = analyses.get(key);
  if (!found) throw new HttpProblem(404, 'observatory.analysis_unknown', 'This analysis is no longer in memory: run it again.');
  return found;
}

function done(analyses: AnalysisService, key: string): StoredAnalysis {
  const found = storedOr404(analyses, key);
  if (found === 'pending') throw new HttpProblem(409, 'observatory.busy', 'The analysis is still running.', { headers: { 'retry-after': '2' } });
  return found;
}

function download(reply: FastifyReply, filename: string, contentType: string, body: string) {
  return reply.header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').type(contentType).send(body);
}

export async function observatoryRoutes(app: App, ctx: AppContext, analyses: AnalysisService, afterImport: AfterImport): Promise<void> {
  const manage = requirePermission(ctx, OBSERVATORY_PERMISSIONS.manage);
  const review = requirePermission(ctx, OBSERVATORY_PERMISSIONS.review);
  const base = '/api/public/observatory';

  app.get(`${base}/catalogue`, { schema: { tags: PUBLIC_TAGS, summary: 'The indicator catalogue: definitions, sources and licences, years covered per zoning, references for France', response: { 200: catalogueSchema } } }, async () =>
    catalogue(ctx),
  );

  app.get(
    `${base}/values`,
    { schema: { tags: PUBLIC_TAGS, summary: 'An indicator over a zoning for one year (the latest by default), every zone listed; missing and secret values are null with their status', querystring: valuesQuery, response: { 200: valuesSchema } } },
    async (request) => valuesOf(ctx, request.query.zoning, request.query.indicator, request.query.year),
  );

  app.get(
    `${base}/dashboard`,
    {
      schema: {
        tags: PUBLIC_TAGS,
        summary: 'What the dashboard opens on (setting observatory.dashboard): the analysis request and the name of the area',
        response: { 200: z.object({ request: analysisRequestSchema, areaLabel: z.object({ fr: z.string(), en: z.string() }) }) },
      },
    },
    async () => {
      const dashboard = await ctx.settings.get<DashboardSetting>(DASHBOARD_SETTING_KEY);
      return { request: await analyses.dashboardRequest(), areaLabel: dashboard.areaLabel };
    },
  );

  app.post(
    `${base}/analyses`,
    {
      schema: {
        tags: PUBLIC_TAGS,
        summary:
          'Runs (or finds in the cache) an analysis: composite index with Monte Carlo rank intervals and explanations, LISA and Gi* with Benjamini–Hochberg, weak signals, priority zones. Computed on a thread of its own; 202 with the key when it takes longer than a few seconds (poll GET /analyses/:key)',
        querystring: languageQuery,
        body: analysisRequestSchema,
        response: { 200: analysisResultSchema, 202: pendingAnalysisSchema },
      },
    },
    async (request, reply) => {
      const outcome = await analyses.request(request.body, ANALYSIS_WAIT_MS);
      if (outcome.status === 'pending') return reply.status(202).header('retry-after', '2').send({ key: outcome.key, status: 'pending' as const });
      return analysisView(outcome.analysis, languageOf(request, request.query));
    },
  );

  app.get(
    `${base}/analyses/:key`,
    { schema: { tags: PUBLIC_TAGS, summary: 'An analysis by its key: 200 when computed, 202 while it runs, 404 when unknown here (run it again)', params: analysisParams, querystring: languageQuery, response: { 200: analysisResultSchema, 202: pendingAnalysisSchema } } },
    async (request, reply) => {
      const found = storedOr404(analyses, request.params.key);
      if (found === 'pending') return reply.status(202).header('retry-after', '2').send({ key: request.params.key, status: 'pending' as const });
      return analysisView(found, languageOf(request, request.query));
    },
  );

  app.get(
    `${base}/analyses/:key/territories/:code`,
    {
      schema: {
        tags: PUBLIC_TAGS,
        summary: 'A territory’s portrait: its score and explanation, what pulls it up or down, each indicator against its parent, its neighbours, the whole area and France',
        params: analysisTerritoryParams,
        querystring: languageQuery,
        response: { 200: portraitSchema },
      },
    },
    async (request) => {
      const portrait = portraitView(done(analyses, request.params.key), request.params.code, languageOf(request, request.query));
      if (!portrait) throw new HttpProblem(404, 'observatory.territory_not_analysed', `Territory ${request.params.code} is not part of this analysis.`, { params: { code: request.params.code } });
      return portrait;
    },
  );

  app.get(
    `${base}/analyses/:key/table.csv`,
    { schema: { tags: PUBLIC_TAGS, summary: 'The dashboard’s table as CSV (RFC 4180, UTF-8): every territory, its score, rank interval, clusters, priority points, values and explanation', params: analysisParams, querystring: languageQuery } },
    async (request, reply) => {
      const a = done(analyses, request.params.key);
      return download(reply, `observatoire-${a.request.zoning}-${a.key.slice(0, 8)}.csv`, 'text/csv; charset=utf-8', `\uFEFF${tableCsv(a, languageOf(request, request.query))}`);
    },
  );

  app.get(
    `${base}/analyses/:key/priority.csv`,
    { schema: { tags: PUBLIC_TAGS, summary: 'The priority zones as CSV: order, points per criterion, rank, score and explanation', params: analysisParams, querystring: languageQuery } },
    async (request, reply) => {
      const a = done(analyses, request.params.key);
      return download(reply, `zones-prioritaires-${a.key.slice(0, 8)}.csv`, 'text/csv; charset=utf-8', `\uFEFF${priorityCsv(a, languageOf(request, request.query))}`);
    },
  );

  app.get(
    `${base}/analyses/:key/priority.geojson`,
    { schema: { tags: PUBLIC_TAGS, summary: 'The priority zones as a GeoJSON FeatureCollection (RFC 7946), with their points and explanations in French and English', params: analysisParams } },
    async (request, reply) => {
      const a = done(analyses, request.params.key);
      const collection = priorityGeoJson(a, await analyses.geometries(a.request.zoning));
      return download(reply, `zones-prioritaires-${a.key.slice(0, 8)}.geojson`, 'application/geo+json; charset=utf-8', JSON.stringify(collection));
    },
  );

  // ---- Back-office ----------------------------------------------------------------------------

  app.put(
    '/api/admin/observatory/indicators/:code',
    {
      preHandler: manage,
      schema: { tags: ADMIN_TAGS, summary: 'Creates or edits an indicator of the catalogue (and its source); audited', params: indicatorParams, body: indicatorBody, response: { 200: indicatorViewSchema } },
    },
    async (request) => saveIndicator(ctx, actorOf(request), request.params.code, request.body),
  );

  app.get('/api/admin/observatory/imports', { preHandler: manage, schema: { tags: ADMIN_TAGS, summary: 'The imports of indicator values, latest first', response: { 200: importListSchema } } }, async () => listImports(ctx));

  app.get(
    '/api/admin/observatory/reviews',
    { preHandler: review, schema: { tags: ADMIN_TAGS, summary: 'Analysts’ reviews of proposed priority zones', querystring: reviewsQuery, response: { 200: reviewListSchema } } },
    async (request) => listReviews(ctx, request.query.zoning),
  );

  app.put(
    '/api/admin/observatory/reviews/:zoning/:code',
    {
      preHandler: review,
      schema: {
        tags: ADMIN_TAGS,
        summary: 'Accepts, sets aside or annotates a zone the analysis proposed (its key in the body); audited. 409 when the zone is not proposed and was never reviewed',
        params: reviewParams,
        body: reviewBody,
        response: { 200: reviewSchema },
      },
    },
    async (request) => {
      const found = analyses.get(request.body.analysisKey);
      const analysis = found === 'pending' ? null : found;
      return reviewZone(ctx, actorOf(request), request.params.zoning, request.params.code, request.body, analysis);
    },
  );

  // The import takes a multipart body, in a scope of its own.
  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 10, fieldSize: 1000, parts: 12 } });
    scope.post(
      '/api/admin/observatory/imports',
      {
        preHandler: manage,
        bodyLimit: Math.max(ctx.config.bodyLimit, ctx.config.uploadLimit + 65_536),
        schema: {
          tags: ADMIN_TAGS,
          summary:
            'Imports indicator values from a CSV (UTF-8 or Latin-1; “;”, “,” or tab) or XLSX file keyed by zone code (multipart: file; fields zoning, indicator for a file with one column per year, codeColumn, dryRun). Missing (blank, NA) and secret (s) values are kept as such. Any problem: 422 observatory.import_invalid with the report line by line, nothing imported; otherwise all series of the file replace the stored ones in one transaction',
          consumes: ['multipart/form-data'],
          response: { 200: importReportSchema, 201: importReportSchema },
        },
      },
      async (request, reply) => {
        const { file, fields } = await readFileUpload(request, { uploadLimit: ctx.config.uploadLimit, problemCode: 'observatory.import_fields', defaultFilename: 'values.csv' });
        if (!file) throw badRequest('observatory.import_fields', 'Send one file, in the "file" field.');
        const parsed = importFields.safeParse(fields, { reportInput: true });
        if (!parsed.success) throw badRequest('validation_failed', 'Some fields are invalid.', fieldErrorsFromIssues(parsed.error.issues, '/body'));
        const report = await importValues(ctx, actorOf(request), file, parsed.data, afterImport);
        return reply.status(report.imported ? 201 : 200).send(report);
      },
    );
  });
}

