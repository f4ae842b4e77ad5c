/** The back-office API: triage and workflow, photos, saved views, configuration (categories, teams, Open311 keys, sensitive places, addresses), imports, surveys. */
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { actorOf, requirePermission } from '../../platform/http/guards';
import type { App, AppContext } from '../../platform/modules';
import {
  adminCategoryListSchema,
  adminCategorySchema,
  apiKeyBody,
  apiKeyCreatedSchema,
  apiKeyListSchema,
  apiKeySchema,
  assignBody,
  blackoutBody,
  categoryParams,
  cleanlinessViewSchema,
  contactSchema,
  createCategoryBody,
  editReportBody,
  idParams,
  importResultSchema,
  layerFields,
  layerImportResultSchema,
  layerListSchema,
  mergeBody,
  noteBody,
  photoParams,
  photoVisibilityBody,
  REPORT_STATUSES,
  reportIdParams,
  savedViewBody,
  savedViewListSchema,
  savedViewSchema,
  staffReportSchema,
  surveyBody,
  surveyListSchema,
  surveyQuery,
  surveySchema,
  teamBody,
  teamListSchema,
  teamSchema,
  transitionBody,
  triageListSchema,
  triageQuery,
  updateCategoryBody,
  updateTeamBody,
} from './api-schemas';
import { adminCategories, createApiKey, createCategory, createTeam, listApiKeys, listTeams, revokeApiKey, updateCategory, updateTeam } from './configuration';
import { importDansMaRue } from './imports';
import { blackoutPhoto, photoBytes, setPhotoVisibility } from './photos';
import { deleteLayer, importAddresses, importLayer, listLayers } from './places';
import { readOneFile, sendImage } from './routes-public';
import { cleanlinessView, createSurvey, importSurveys, listSurveys } from './surveys';
import { addMessage, assign, contactsOf, deleteView, editReport, listSavedViews, mergeReports, saveView, staffReport, transition, triageList } from './triage';

export const PERMISSIONS = {
  triage: 'public-space.triage',
  contacts: 'public-space.contacts',
  configure: 'public-space.configure',
  surveys: 'public-space.surveys',
} as const;

const TAGS = ['public space (back-office)'];
const BASE = '/api/admin/public-space';
const codeParams = z.strictObject({ code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/) });

export async function adminRoutes(app: App, ctx: AppContext): Promise<void> {
  const triage = requirePermission(ctx, PERMISSIONS.triage);
  const contacts = requirePermission(ctx, PERMISSIONS.contacts);
  const configure = requirePermission(ctx, PERMISSIONS.configure);
  const surveys = requirePermission(ctx, PERMISSIONS.surveys);

  // ---- Triage and workflow ----
  app.get(
    `${BASE}/reports`,
    { preHandler: triage, schema: { tags: TAGS, summary: 'The triage list: open reports by priority by default; filters by status, category, team, priority, district, dates, number', querystring: triageQuery, response: { 200: triageListSchema } } },
    async (request) => triageList(ctx, request.query),
  );
  app.get(
    `${BASE}/reports/:id`,
    { preHandler: triage, schema: { tags: TAGS, summary: 'A report with its internal history (notes, assignments, edits), priority factors and the statuses it may move to', params: reportIdParams, response: { 200: staffReportSchema } } },
    async (request) => staffReport(ctx, request.params.id),
  );
  app.post(
    `${BASE}/reports/:id/transition`,
    {
      preHandler: triage,
      schema: {
        tags: TAGS,
        summary: `Moves a report to another status through the state machine (${REPORT_STATUSES.join(', ')}); a rejection needs a reason; the public message (or a category's response template) is shown and e-mailed to followers. 409 for a move not allowed`,
        params: reportIdParams,
        body: transitionBody,
        response: { 200: staffReportSchema },
      },
    },
    async (request) => transition(ctx, actorOf(request), request.params.id, request.body),
  );
  app.post(
    `${BASE}/reports/:id/assign`,
    { preHandler: triage, schema: { tags: TAGS, summary: 'Assigns a report to a service, team or contractor (and an agent)', params: reportIdParams, body: assignBody, response: { 200: staffReportSchema } } },
    async (request) => assign(ctx, actorOf(request), request.params.id, request.body),
  );
  app.post(
    `${BASE}/reports/:id/notes`,
    { preHandler: triage, schema: { tags: TAGS, summary: 'Adds an internal note (never shown to the public)', params: reportIdParams, body: noteBody, response: { 200: staffReportSchema } } },
    async (request) => addMessage(ctx, actorOf(request), request.params.id, request.body.text, 'note'),
  );
  app.post(
    `${BASE}/reports/:id/updates`,
    { preHandler: triage, schema: { tags: TAGS, summary: 'Posts a public update (shown with the report, e-mailed to followers who asked)', params: reportIdParams, body: noteBody, response: { 200: staffReportSchema } } },
    async (request) => addMessage(ctx, actorOf(request), request.params.id, request.body.text, 'public_update'),
  );
  app.patch(
    `${BASE}/reports/:id`,
    { preHandler: triage, schema: { tags: TAGS, summary: 'Edits the category, position (inside the commune), priority override or published description; the priority is recomputed', params: reportIdParams, body: editReportBody, response: { 200: staffReportSchema } } },
    async (request) => editReport(ctx, actorOf(request), request.params.id, request.body),
  );
  app.post(
    `${BASE}/reports/:id/merge`,
    {
      preHandler: triage,
      schema: { tags: TAGS, summary: 'Merges this report (a duplicate) into another: followers and photos move to the kept report, this one is rejected as a duplicate', params: reportIdParams, body: mergeBody, response: { 200: staffReportSchema } },
    },
    async (request) => mergeReports(ctx, actorOf(request), request.params.id, request.body.intoId),
  );
  app.get(
    `${BASE}/reports/:id/contacts`,
    { preHandler: contacts, schema: { tags: TAGS, summary: 'The contact details residents left on this report (sealed at rest); each reading is audited', params: reportIdParams, response: { 200: contactSchema } } },
    async (request) => contactsOf(ctx, actorOf(request), request.params.id),
  );

  // ---- Photos ----
  app.get(`${BASE}/photos/:photoId`, { preHandler: triage, schema: { tags: TAGS, summary: 'A photo of a report, hidden ones included', params: photoParams } }, async (request, reply) =>
    sendImage(reply, request, await photoBytes(ctx, request.params.photoId, { staff: true })),
  );
  app.post(
    `${BASE}/photos/:photoId/blackout`,
    {
      preHandler: triage,
      schema: {
        tags: TAGS,
        summary: 'Blacks out a rectangle of a photo (a face, a number plate): the image is re-encoded and its previous bytes are destroyed',
        params: photoParams,
        body: blackoutBody,
        response: { 200: z.object({ id: z.string(), width: z.number(), height: z.number(), blackedOut: z.number() }) },
      },
    },
    async (request) => blackoutPhoto(ctx, actorOf(request), request.params.photoId, request.body),
  );
  app.put(
    `${BASE}/photos/:photoId/visibility`,
    { preHandler: triage, schema: { tags: TAGS, summary: 'Publishes or hides a photo', params: photoParams, body: photoVisibilityBody, response: { 204: z.null() } } },
    async (request, reply) => {
      await setPhotoVisibility(ctx, actorOf(request), request.params.photoId, request.body.public);
      return reply.status(204).send(null);
    },
  );

  // ---- Saved views ----
  app.get(`${BASE}/views`, { preHandler: triage, schema: { tags: TAGS, summary: 'Saved triage views: mine and the shared ones', response: { 200: savedViewListSchema } } }, async (request) =>
    listSavedViews(ctx, request.staff!.id),
  );
  app.post(`${BASE}/views`, { preHandler: triage, schema: { tags: TAGS, summary: 'Saves a triage view (filters), shared or not', body: savedViewBody, response: { 201: savedViewSchema } } }, async (request, reply) =>
    reply.status(201).send(await saveView(ctx, actorOf(request), request.body)),
  );
  app.delete(`${BASE}/views/:id`, { preHandler: triage, schema: { tags: TAGS, summary: 'Deletes one of my saved views', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
    await deleteView(ctx, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  // ---- Configuration ----
  app.get(`${BASE}/categories`, { preHandler: triage, schema: { tags: TAGS, summary: 'Every category with its configuration and open reports', response: { 200: adminCategoryListSchema } } }, async () => adminCategories(ctx));
  app.post(`${BASE}/categories`, { preHandler: configure, schema: { tags: TAGS, summary: 'Creates a category (an Open311 service)', body: createCategoryBody, response: { 201: adminCategorySchema } } }, async (request, reply) =>
    reply.status(201).send(await createCategory(ctx, actorOf(request), request.body)),
  );
  app.patch(
    `${BASE}/categories/:code`,
    { preHandler: configure, schema: { tags: TAGS, summary: 'Changes a category', params: categoryParams, body: updateCategoryBody, response: { 200: adminCategorySchema } } },
    async (request) => updateCategory(ctx, actorOf(request), request.params.code, request.body),
  );
  app.get(`${BASE}/teams`, { preHandler: triage, schema: { tags: TAGS, summary: 'Services, teams and contractors', response: { 200: teamListSchema } } }, async () => listTeams(ctx));
  app.post(`${BASE}/teams`, { preHandler: configure, schema: { tags: TAGS, summary: 'Creates a service, team or contractor', body: teamBody, response: { 201: teamSchema } } }, async (request, reply) =>
    reply.status(201).send(await createTeam(ctx, actorOf(request), request.body)),
  );
  app.patch(`${BASE}/teams/:id`, { preHandler: configure, schema: { tags: TAGS, summary: 'Changes a team', params: idParams, body: updateTeamBody, response: { 200: teamSchema } } }, async (request) =>
    updateTeam(ctx, actorOf(request), request.params.id, request.body),
  );
  app.get(`${BASE}/api-keys`, { preHandler: configure, schema: { tags: TAGS, summary: 'Open311 API keys (their prefix only)', response: { 200: apiKeyListSchema } } }, async () => listApiKeys(ctx));
  app.post(`${BASE}/api-keys`, { preHandler: configure, schema: { tags: TAGS, summary: 'Issues an Open311 API key, shown once (only its hash is stored)', body: apiKeyBody, response: { 201: apiKeyCreatedSchema } } }, async (request, reply) =>
    reply.status(201).send(await createApiKey(ctx, actorOf(request), request.body.name)),
  );
  app.post(`${BASE}/api-keys/:id/revoke`, { preHandler: configure, schema: { tags: TAGS, summary: 'Revokes an Open311 API key', params: idParams, response: { 200: apiKeySchema } } }, async (request) =>
    revokeApiKey(ctx, actorOf(request), request.params.id),
  );
  app.get(`${BASE}/layers`, { preHandler: triage, schema: { tags: TAGS, summary: 'Sensitive-place layers', response: { 200: layerListSchema } } }, async () => listLayers(ctx));
  app.delete(`${BASE}/layers/:code`, { preHandler: configure, schema: { tags: TAGS, summary: 'Deletes a sensitive-place layer', params: codeParams, response: { 204: z.null() } } }, async (request, reply) => {
    await deleteLayer(ctx, actorOf(request), request.params.code);
    return reply.status(204).send(null);
  });

  // ---- Surveys ----
  app.get(`${BASE}/surveys`, { preHandler: surveys, schema: { tags: TAGS, summary: 'Cleanliness surveys (filters: sector, dates)', querystring: surveyQuery, response: { 200: surveyListSchema } } }, async (request) =>
    listSurveys(ctx, request.query),
  );
  app.post(
    `${BASE}/surveys`,
    { preHandler: surveys, schema: { tags: TAGS, summary: 'Records an agent’s cleanliness survey of a sector (counts per AVPU category over the surveyed area)', body: surveyBody, response: { 201: surveySchema } } },
    async (request, reply) => reply.status(201).send(await createSurvey(ctx, actorOf(request), request.body)),
  );
  app.get(`${BASE}/cleanliness`, { preHandler: surveys, schema: { tags: TAGS, summary: 'Cleanliness indicators per sector', querystring: surveyQuery.omit({ zone: true }), response: { 200: cleanlinessViewSchema } } }, async (request) =>
    cleanlinessView(ctx, request.query),
  );

  // ---- Uploads, in a scope of their own ----
  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    await scope.register(multipart, { limits: { fileSize: ctx.config.uploadLimit, files: 1, fields: 0, parts: 2 } });
    const bodyLimit = ctx.config.uploadLimit + 64 * 1024;
    scope.post(
      `${BASE}/layers/import`,
      {
        preHandler: configure,
        bodyLimit,
        schema: {
          tags: TAGS,
          summary: 'Imports a sensitive-place layer (multipart field `file`: GeoJSON FeatureCollection in WGS 84; the layer’s fields in the query); replaces the layer of the same code',
          consumes: ['multipart/form-data'],
          querystring: layerFields,
          response: { 200: layerImportResultSchema },
        },
      },
      async (request) => importLayer(ctx, actorOf(request), request.query, await readOneFile(ctx, request, 'file')),
    );
    scope.post(
      `${BASE}/addresses/import`,
      {
        preHandler: configure,
        bodyLimit,
        schema: {
          tags: TAGS,
          summary: 'Imports the commune’s addresses from a Base Adresse Nationale CSV (multipart field `file`; `;`-separated, columns id, numero, rep, nom_voie, code_postal, code_insee, nom_commune, lon, lat)',
          consumes: ['multipart/form-data'],
          querystring: z.strictObject({ replace: z.enum(['true', 'false']).default('false') }),
          response: { 200: importResultSchema },
        },
      },
      async (request) => importAddresses(ctx, actorOf(request), await readOneFile(ctx, request, 'file'), request.query.replace === 'true'),
    );
    scope.post(
      `${BASE}/imports/dansmarue`,
      {
        preHandler: configure,
        bodyLimit,
        schema: {
          tags: TAGS,
          summary: 'Imports reports from a DansMaRue open-data CSV (historical: archived by default); rows outside the commune are skipped and reported',
          consumes: ['multipart/form-data'],
          querystring: z.strictObject({ status: z.enum(['archived', 'new', 'done']).default('archived') }),
          response: { 200: importResultSchema },
        },
      },
      async (request) => importDansMaRue(ctx, actorOf(request), await readOneFile(ctx, request, 'file'), { status: request.query.status, skipOutside: true }),
    );
    scope.post(
      `${BASE}/surveys/import`,
      {
        preHandler: surveys,
        bodyLimit,
        schema: {
          tags: TAGS,
          summary: 'Imports counts from automated detection (multipart field `file`: CSV with zone, date, area_m2 and one column per category); a file with any invalid row imports nothing (422 with the lines)',
          consumes: ['multipart/form-data'],
          response: { 200: importResultSchema },
        },
      },
      async (request) => importSurveys(ctx, actorOf(request), await readOneFile(ctx, request, 'file')),
    );
  });
}
