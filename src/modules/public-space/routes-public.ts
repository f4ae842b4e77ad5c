/** The residents' API: no account. Reports, duplicates nearby, photos, following and tracking links, addresses, the public map and figures. */
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readMultipart } from '../../platform/http/multipart';
import { badRequest } from '../../platform/http/problem';
import { negotiateLanguage } from '../../platform/http/language';
import type { App, AppContext } from '../../platform/modules';
import {
  addressListSchema,
  addressQuery,
  cleanlinessViewSchema,
  dashboardSchema,
  equitySchema,
  exportParams,
  exportQuery,
  followBody,
  followResultSchema,
  mapQuery,
  mapSchema,
  nearbyListSchema,
  nearbyQuery,
  notifyBody,
  periodQuery,
  photoParams,
  photoUploadSchema,
  publicCategoryListSchema,
  publicReportSchema,
  reopenBody,
  reportNumberParams,
  submitReportBody,
  submitResultSchema,
  surveyQuery,
  trackingParams,
  trackingViewSchema,
} from './api-schemas';
import { categoryCatalogue, countOrRefuse, publicCategory, type Caller } from './common';
import { publicSpaceKeys } from './keys';
import { photoBytes, uploadPhoto, type UploadedPhoto } from './photos';
import { searchAddresses } from './places';
import { followReport, nearbyReports, publicReport, reopenReport, setNotify, submitReport, trackingView } from './reports';
import { dashboard, equityView, exportReports, mapData } from './stats';
import { PHOTOS_KEY, REPORTING_KEY, type PhotosSetting, type ReportingSetting } from './settings';
import { cleanlinessView } from './surveys';

const TAGS = ['public space'];
export const PUBLIC_BASE = '/api/public-space';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

export const callerOf = (request: FastifyRequest): Caller => ({ address: request.ip ?? null, requestId: request.id });

/** Reads the one file of a multipart body (field `field`); another file, or none, is refused. */
export async function readOneFile(ctx: AppContext, request: FastifyRequest, field: string): Promise<UploadedPhoto> {
  const { files } = await readMultipart(request, { fileFields: [field], uploadLimit: ctx.config.uploadLimit, problemCode: 'public_space.upload_fields', defaultFilename: field });
  const file = files.get(field);
  if (!file) throw badRequest('public_space.upload_fields', `Send one file, in the field "${field}".`);
  return file;
}

/** Uploads per address and hour: as many photos as the reports an address may file can carry. Counted before the work, refusals included. */
async function countPhotoUpload(ctx: AppContext, caller: Caller): Promise<void> {
  if (!caller.address) return;
  const reporting = await ctx.settings.get<ReportingSetting>(REPORTING_KEY);
  const photos = await ctx.settings.get<PhotosSetting>(PHOTOS_KEY);
  const keys = await publicSpaceKeys(ctx.db);
  await ctx.db.transaction((tx) => countOrRefuse(tx, keys.addressKey(`photo:${caller.address}`), reporting.reportsPerAddressPerHour * Math.max(1, photos.maxPerReport)));
}

export function sendImage(reply: FastifyReply, request: FastifyRequest, photo: { bytes: Buffer; format: string; sha256: string }) {
  const etag = `"${photo.sha256.slice(0, 32)}"`;
  reply.header('etag', etag).header('cache-control', 'no-cache').header('content-security-policy', "default-src 'none'");
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.type(`image/${photo.format}`).send(photo.bytes);
}

export async function publicRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    `${PUBLIC_BASE}/categories`,
    { schema: { tags: TAGS, summary: 'The categories a report is filed under (leaves are selectable; parents group them), with their questions and flags', response: { 200: publicCategoryListSchema } } },
    async (request) => {
      const catalogue = await categoryCatalogue(ctx);
      const language = negotiateLanguage(request.headers['accept-language']);
      const items = catalogue.rows.filter((c) => c.active).map((c) => publicCategory(c, catalogue, language));
      return { items, demo: catalogue.rows.some((c) => c.demo) };
    },
  );

  app.get(
    `${PUBLIC_BASE}/reports/nearby`,
    {
      schema: {
        tags: TAGS,
        summary: 'Open reports of the same category near a point (possible duplicates), nearest first: shown before submitting, so that a resident can follow one instead',
        querystring: nearbyQuery,
        response: { 200: nearbyListSchema },
      },
    },
    async (request) => nearbyReports(ctx, request.query),
  );

  app.post(
    `${PUBLIC_BASE}/reports`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Submits a report without an account (201; 200 for a retry with the same Idempotency-Key header or clientId). 422 outside the commune, for an unknown category, a missing required photo; 400 for invalid answers; 429 past the hourly limit per address',
        body: submitReportBody,
        response: { 200: submitResultSchema, 201: submitResultSchema },
      },
    },
    async (request, reply) => {
      const header = request.headers['idempotency-key'];
      const key = typeof header === 'string' ? header.trim() : null;
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
        throw badRequest('public_space.idempotency_key_invalid', 'Idempotency-Key must be 8 to 100 letters, digits, or . _ : -', [{ pointer: '/headers/idempotency-key', message: 'Invalid key' }]);
      }
      const result = await submitReport(ctx, request.body, { caller: callerOf(request), source: 'web', scope: 'public', idempotencyKey: key });
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    `${PUBLIC_BASE}/reports/:number`,
    { schema: { tags: TAGS, summary: 'A report as the public sees it: status history and public updates, never staff notes or contact details', params: reportNumberParams, response: { 200: publicReportSchema } } },
    async (request) => publicReport(ctx, request.params.number),
  );

  app.post(
    `${PUBLIC_BASE}/reports/:number/followers`,
    {
      schema: {
        tags: TAGS,
        summary: 'Follows an open report instead of filing a duplicate: returns a private tracking link; with an e-mail and notify, status changes are e-mailed',
        params: reportNumberParams,
        body: followBody,
        response: { 201: followResultSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await followReport(ctx, request.params.number, request.body, callerOf(request))),
  );

  app.get(
    `${PUBLIC_BASE}/tracking/:token`,
    { schema: { tags: TAGS, summary: 'The private tracking link of a report’s author or follower', params: trackingParams, response: { 200: trackingViewSchema } } },
    async (request) => trackingView(ctx, request.params.token),
  );

  app.post(
    `${PUBLIC_BASE}/tracking/:token/reopen`,
    {
      schema: {
        tags: TAGS,
        summary: '"Not fixed": reopens a report closed as done, within the reopening window (409 otherwise)',
        params: trackingParams,
        body: reopenBody,
        response: { 200: publicReportSchema },
      },
    },
    async (request) => reopenReport(ctx, request.params.token, request.body.comment, callerOf(request)),
  );

  app.put(
    `${PUBLIC_BASE}/tracking/:token/notify`,
    { schema: { tags: TAGS, summary: 'Turns e-mail notifications of this link on or off', params: trackingParams, body: notifyBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await setNotify(ctx, request.params.token, request.body.notify, callerOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    `${PUBLIC_BASE}/photos/:photoId`,
    { schema: { tags: TAGS, summary: 'A published photo of a report (JPEG, metadata removed)', params: photoParams } },
    async (request, reply) => sendImage(reply, request, await photoBytes(ctx, request.params.photoId, { staff: false })),
  );

  app.get(
    `${PUBLIC_BASE}/addresses`,
    { schema: { tags: TAGS, summary: 'Addresses of the commune matching the words typed (the imported address list, then the geocoder when configured)', querystring: addressQuery, response: { 200: addressListSchema } } },
    async (request) => searchAddresses(ctx, request.query.q, request.query.limit),
  );

  app.get(
    `${PUBLIC_BASE}/map`,
    {
      schema: {
        tags: TAGS,
        summary: 'Reports for the map: grouped in squares below zoom 17, one by one from it; filters by bbox, category, state and period',
        querystring: mapQuery,
        response: { 200: mapSchema },
      },
    },
    async (request) => mapData(ctx, request.query),
  );

  app.get(
    `${PUBLIC_BASE}/dashboard`,
    { schema: { tags: TAGS, summary: 'Public figures over a period (default: the last 365 days): totals, by category, month and status', querystring: periodQuery, response: { 200: dashboardSchema } } },
    async (request) => dashboard(ctx, request.query),
  );

  app.get(
    `${PUBLIC_BASE}/equity`,
    {
      schema: {
        tags: TAGS,
        summary: 'Per district: reports per 1,000 inhabitants, median time to resolution, share reopened, median income where known, and districts resolved markedly slower (the rule is in the answer)',
        querystring: periodQuery,
        response: { 200: equitySchema },
      },
    },
    async (request) => equityView(ctx, request.query),
  );

  app.get(
    `${PUBLIC_BASE}/cleanliness`,
    { schema: { tags: TAGS, summary: 'Objective cleanliness indicators per sector (AVPU method): index per 100 m², grades, trends, against report density', querystring: surveyQuery.omit({ zone: true }), response: { 200: cleanlinessViewSchema } } },
    async (request) => cleanlinessView(ctx, request.query),
  );

  app.get(
    `${PUBLIC_BASE}/open-data/:file`,
    { schema: { tags: TAGS, summary: 'Open data: every report’s public fields as CSV or GeoJSON (at most 200,000 rows), filtered like the map', params: exportParams, querystring: exportQuery } },
    async (request, reply) => {
      const out = await exportReports(ctx, request.params.file, request.query);
      return reply.type(out.contentType).header('content-disposition', `attachment; filename="${request.params.file}"`).send(out.body);
    },
  );

  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 0, parts: 2 } });
    scope.post(
      `${PUBLIC_BASE}/photos`,
      {
        bodyLimit: ctx.config.uploadLimit + 64 * 1024,
        schema: {
          tags: TAGS,
          summary:
            'Uploads a photo (multipart field `photo`: JPEG, PNG, WebP; HEIC where the image library reads it). Type from the content, decompression bombs refused, resized, every metadata block removed before storage: returns the id and token to attach it to a report within 24 hours',
          consumes: ['multipart/form-data'],
          response: { 201: photoUploadSchema },
        },
      },
      async (request, reply) => {
        await countPhotoUpload(ctx, callerOf(request));
        return reply.status(201).send(await uploadPhoto(ctx, await readOneFile(ctx, request, 'photo')));
      },
    );
  });
}
