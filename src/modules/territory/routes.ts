import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, requirePermission } from '../../platform/http/guards';
import { negotiateLanguage } from '../../platform/http/language';
import { readFileUpload } from '../../platform/http/multipart';
import { HttpProblem } from '../../platform/http/problem';
import type { App, AppContext } from '../../platform/modules';
import { refuseFile } from '../../platform/files/index';
import {
  importQuery,
  importResultSchema,
  locateQuery,
  locateResultSchema,
  territoryViewSchema,
  zoneCodeParam,
  zoneDetailSchema,
  zoneFeatureCollectionSchema,
  zoneListSchema,
  zoneQuery,
  zonesQuery,
  zoningBody,
  zoningCodeParam,
  zoningSchema,
} from './api-schemas';
import { sha256Hex } from './admin';
import { territoryServiceFor } from './service';

export const TERRITORY_MANAGE = 'territory.manage';
const PUBLIC = ['territory'];
const ADMIN = ['territory (back-office)'];

const zoningNotFound = (zoning: string) => new HttpProblem(404, 'territory.zoning_not_found', `Unknown zoning "${zoning}".`, { params: { zoning } });
const zoneNotFound = (zoning: string, zone: string) =>
  new HttpProblem(404, 'territory.zone_not_found', `Unknown zone "${zone}" in zoning "${zoning}".`, { params: { zoning, zone } });

/** A weak ETag check: the zones of a version are the same bytes until the next change. */
function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('ETag', etag).header('Cache-Control', 'no-cache');
  const match = request.headers['if-none-match'];
  return typeof match === 'string' && match.split(',').some((t) => t.trim() === etag);
}

export async function territoryRoutes(app: App, ctx: AppContext): Promise<void> {
  const territory = territoryServiceFor(ctx);

  app.get(
    '/api/public/territory',
    {
      schema: {
        tags: PUBLIC,
        summary: 'The commune served by this installation and its neighbours, with the sources of every figure',
        querystring: z.strictObject({ boundaries: z.enum(['true', 'false']).default('false') }),
        response: { 200: territoryViewSchema },
      },
    },
    async (request) => territory.territoryView({ withBoundaries: request.query.boundaries === 'true' }),
  );

  app.get(
    '/api/public/territory/zonings',
    {
      schema: {
        tags: PUBLIC,
        summary: 'The zonings: communes, IRIS, the commune’s own districts…, each with its version',
        response: { 200: z.object({ zonings: z.array(zoningSchema) }) },
      },
    },
    async () => ({ zonings: await territory.listZonings() }),
  );

  app.get(
    '/api/public/territory/zonings/:code/zones',
    {
      schema: {
        tags: PUBLIC,
        summary:
          'The zones of a zoning: a list (geometry=none), or a GeoJSON FeatureCollection with outlines simplified for display, shared borders kept (geometry=simplified). ETag by version',
        params: z.strictObject({ code: zoningCodeParam }),
        querystring: zonesQuery,
        response: { 200: z.union([zoneListSchema, zoneFeatureCollectionSchema]), 304: z.null().describe('Not modified since the ETag given') },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      if (request.query.geometry === 'simplified') {
        const collection = await territory.zoneFeaturesJson(code, 'simplified');
        if (!collection) throw zoningNotFound(code);
        if (notModified(request, reply, collection.etag)) return reply.code(304).send(null);
        // Serialised once per version and sent as it is (a string skips the serialiser).
        return reply.type('application/json; charset=utf-8').send(collection.json as never);
      }
      const zoning = await territory.getZoning(code);
      const zones = zoning ? await territory.listZones(code) : null;
      if (!zoning || !zones) throw zoningNotFound(code);
      return { zoning, zones };
    },
  );

  app.get(
    '/api/public/territory/zonings/:code/locate',
    {
      schema: {
        tags: PUBLIC,
        summary: 'The zone of the zoning holding a point (longitude, latitude in WGS 84), or null',
        params: z.strictObject({ code: zoningCodeParam }),
        querystring: locateQuery,
        response: { 200: locateResultSchema },
      },
    },
    async (request) => {
      const { code } = request.params;
      const locator = await territory.locator(code);
      if (!locator) throw zoningNotFound(code);
      const zone = locator.zoneAt(request.query);
      return { zone: zone ? { zoning: zone.zoning, code: zone.code, name: zone.name } : null, version: locator.version };
    },
  );

  app.get(
    '/api/public/territory/zones/:zoning/:code',
    {
      schema: {
        tags: PUBLIC,
        summary: 'A zone with its ancestors (IRIS → commune → département), the zones nested in it, its population and figures with their sources',
        params: z.strictObject({ zoning: zoningCodeParam, code: zoneCodeParam }),
        querystring: zoneQuery,
        response: { 200: zoneDetailSchema },
      },
    },
    async (request) => {
      const { zoning, code } = request.params;
      const zone = await territory.getZone(zoning, code, { geometry: request.query.geometry });
      if (!zone) {
        if (!(await territory.getZoning(zoning))) throw zoningNotFound(zoning);
        throw zoneNotFound(zoning, code);
      }
      return zone;
    },
  );

  // Back-office --------------------------------------------------------------------------

  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    // A few text fields are read so that they can be refused by name (400), not as a broken body.
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 5, fieldSize: 1000, parts: 6 } });
    const manage = requirePermission(ctx, TERRITORY_MANAGE);

    scope.put(
      '/api/admin/territory/zonings/:code',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Create or change a zoning (labels, kind, the zoning it nests in); its zones are imported separately',
          params: z.strictObject({ code: zoningCodeParam }),
          body: zoningBody,
          response: { 200: zoningSchema, 201: zoningSchema },
        },
      },
      async (request, reply) => {
        const { zoning, created } = await territory.saveZoning(actorOf(request), request.params.code, request.body);
        reply.status(created ? 201 : 200);
        return zoning;
      },
    );

    scope.delete(
      '/api/admin/territory/zonings/:code',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary: 'Delete a zoning and its zones (refused while another zoning nests in it or the served territory names it)',
          params: z.strictObject({ code: zoningCodeParam }),
        },
      },
      async (request, reply) => {
        await territory.deleteZoning(actorOf(request), request.params.code);
        return reply.status(204).send();
      },
    );

    scope.post(
      '/api/admin/territory/zonings/:code/import',
      {
        preHandler: manage,
        schema: {
          tags: ADMIN,
          summary:
            'Import the zones of a zoning from a GeoJSON FeatureCollection in WGS 84 (multipart field `file`; the properties to read are in the query). ' +
            'dryRun=true returns the validation report and stores nothing; otherwise all or nothing, in one transaction: 422 territory.import_invalid with the report when the file has errors',
          consumes: ['multipart/form-data'],
          params: z.strictObject({ code: zoningCodeParam }),
          querystring: importQuery,
          response: { 200: importResultSchema },
        },
      },
      async (request) => {
        const file = await readUpload(request, ctx);
        // The platform's parser decodes the text on a parsing thread, within the upload's limits,
        // and refuses what is not text (a binary, a script, a disguised file).
        const parsed = await ctx.files.parse(file.bytes, { accept: ['text'], limits: { maxTextLength: ctx.config.uploadLimit } });
        if (parsed.kind !== 'document') throw refuseFile.unsupportedType(['text']);
        const q = request.query;
        return territory.importZones(
          actorOf(request),
          request.params.code,
          {
            text: parsed.text,
            sha256: sha256Hex(file.bytes),
            filename: file.filename,
            codeProperty: q.codeProperty,
            nameProperty: q.nameProperty ?? null,
            parentProperty: q.parentProperty ?? null,
            parentByLocation: q.parentByLocation === 'true',
            populationProperty: q.populationProperty ?? null,
            populationYear: q.populationYear ?? null,
            dryRun: q.dryRun === 'true',
          },
          negotiateLanguage(request.headers['accept-language']),
        );
      },
    );
  });
}

/** One file in the field `file`, and nothing else: what the import reads is in the query string. */
async function readUpload(request: FastifyRequest, ctx: AppContext): Promise<{ bytes: Buffer; filename: string }> {
  const { file, fields } = await readFileUpload(request, { uploadLimit: ctx.config.uploadLimit, problemCode: 'territory.upload_fields' });
  if (Object.keys(fields).length > 0) throw new HttpProblem(400, 'territory.upload_fields', 'Send one file, in the "file" field.');
  if (!file) throw new HttpProblem(400, 'territory.file_missing', 'No file received.');
  return { bytes: file.bytes, filename: file.filename };
}
