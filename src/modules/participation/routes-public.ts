/** The residents' API: no account, a pseudonymous participant per consultation behind an HttpOnly cookie. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpProblem } from '../../platform/http/problem';
import type { App, AppContext } from '../../platform/modules';
import {
  confirmEmailBody,
  consultationListSchema,
  consultationParams,
  contributionBody,
  contributionPageSchema,
  declarationsBody,
  emailBody,
  emailConfirmationResultSchema,
  exportParams,
  exportQuery,
  flagBody,
  nextStatementSchema,
  opinionGroupsSchema,
  pageQuery,
  participantViewSchema,
  publicConsultationSchema,
  publicSynthesisSchema,
  representativenessSchema,
  statementBody,
  statementListSchema,
  statementParams,
  submissionResultSchema,
  themeContributionsSchema,
  themeParams,
  voteBody,
  voteResultSchema,
} from './api-schemas';
import { loadPublicConsultation } from './common';
import { listPublicConsultations, publicConsultation } from './consultations';
import { confirmEmail, requestEmailConfirmation } from './email';
import { exportFile } from './exports';
import { PARTICIPANT_COOKIE, PARTICIPANT_COOKIE_MAX_AGE_S } from './keys';
import { opinionGroupsView } from './opinion-groups-service';
import { representativenessOf } from './representativeness-service';
import {
  declare,
  flag,
  forget,
  join,
  listContributions,
  listStatements,
  me,
  nextStatement,
  submitContribution,
  submitStatement,
  vote,
  type Caller,
} from './residents';
import { publicSynthesis, themeContributions } from './synthesis-service';

const TAGS = ['participation'];
const COOKIE_PATH = '/api/participation';

export function publicRoutes(app: App, ctx: AppContext): void {
  const caller = (request: FastifyRequest): Caller => ({ token: request.cookies?.[PARTICIPANT_COOKIE] ?? null, address: request.ip ?? null, requestId: request.id });
  const cookieOptions = (request: FastifyRequest) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    path: COOKIE_PATH,
    secure: request.protocol === 'https' || (ctx.config.publicUrl?.startsWith('https:') ?? false),
  });
  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(PARTICIPANT_COOKIE, token, { ...cookieOptions(request), maxAge: PARTICIPANT_COOKIE_MAX_AGE_S });

  app.get(
    '/api/participation/consultations',
    { schema: { tags: TAGS, summary: 'Consultations open, closed or with a published synthesis (open ones first)', response: { 200: consultationListSchema } } },
    async () => listPublicConsultations(ctx),
  );

  app.get(
    '/api/participation/consultations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'A consultation: question, description (Markdown), phase, forms, districts and age bands one may declare, and the caller as a participant',
        params: consultationParams,
        response: { 200: publicConsultationSchema },
      },
    },
    async (request) => publicConsultation(ctx, request.params.id, await me(ctx, request.params.id, caller(request))),
  );

  app.post(
    '/api/participation/consultations/:id/participants',
    {
      schema: {
        tags: TAGS,
        summary:
          'Takes part without an account: creates the pseudonymous participant and sets its HttpOnly cookie (201), or returns the existing one (200). District and age band are optional. 409 when the consultation is not open, 429 past the new participants allowed per address',
        params: consultationParams,
        body: declarationsBody,
        response: { 200: participantViewSchema, 201: participantViewSchema },
      },
    },
    async (request, reply) => {
      const result = await join(ctx, request.params.id, caller(request), request.body);
      setCookie(request, reply, result.token);
      return reply.status(result.created ? 201 : 200).send(result.participant);
    },
  );

  app.get(
    '/api/participation/consultations/:id/me',
    {
      schema: { tags: TAGS, summary: 'The caller as a participant of this consultation (403 participation.not_a_participant otherwise)', params: consultationParams, response: { 200: participantViewSchema } },
    },
    async (request) => {
      const view = await me(ctx, request.params.id, caller(request));
      if (!view) {
        await loadPublicConsultation(ctx.db, request.params.id);
        throw new HttpProblem(403, 'participation.not_a_participant', 'Join this consultation first (POST …/participants).');
      }
      return view;
    },
  );

  app.patch(
    '/api/participation/consultations/:id/me',
    {
      schema: { tags: TAGS, summary: 'Changes the declared district or age band (null to withdraw one)', params: consultationParams, body: declarationsBody, response: { 200: participantViewSchema } },
    },
    async (request) => declare(ctx, request.params.id, caller(request), request.body),
  );

  app.delete(
    '/api/participation/consultations/:id/me',
    {
      schema: {
        tags: TAGS,
        summary: 'Forget me: erases the participant’s token, e-mail and declarations in this consultation (votes and contributions stay, no longer linked to anyone); the cookie, shared with other consultations, stays',
        params: consultationParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await forget(ctx, request.params.id, caller(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/participation/consultations/:id/me/email',
    {
      schema: {
        tags: TAGS,
        summary: 'Optional: confirms an e-mail address by a link sent by mail (202). The address is sealed, never shown. 503 when the installation sends no mail',
        params: consultationParams,
        body: emailBody,
        response: { 202: z.object({ status: z.literal('sent') }) },
      },
    },
    async (request, reply) => {
      await requestEmailConfirmation(ctx, request.params.id, caller(request), request.body.email);
      return reply.status(202).send({ status: 'sent' as const });
    },
  );

  app.post(
    '/api/participation/email-confirmations',
    {
      schema: { tags: TAGS, summary: 'Confirms an e-mail address with the token of the link (404 when unknown or expired, 409 when already confirmed by another participant)', body: confirmEmailBody, response: { 200: emailConfirmationResultSchema } },
    },
    async (request) => confirmEmail(ctx, request.body.token, caller(request)),
  );

  app.get(
    '/api/participation/consultations/:id/statements',
    { schema: { tags: TAGS, summary: 'Published statements with their tallies and the caller’s vote', params: consultationParams, response: { 200: statementListSchema } } },
    async (request) => listStatements(ctx, request.params.id, caller(request)),
  );

  app.get(
    '/api/participation/consultations/:id/statements/next',
    {
      schema: {
        tags: TAGS,
        summary: 'The next statement for the participant, chosen as Pol.is does (priorities of the last opinion-group computation); null when all are voted on',
        params: consultationParams,
        response: { 200: nextStatementSchema },
      },
    },
    async (request) => nextStatement(ctx, request.params.id, caller(request)),
  );

  app.post(
    '/api/participation/consultations/:id/statements',
    {
      schema: {
        tags: TAGS,
        summary:
          'Proposes a statement (moderated; personal data masked before publication). 409 participation.near_duplicate for a near-duplicate of a statement of the consultation, 429 past the limits',
        params: consultationParams,
        body: statementBody,
        response: { 201: submissionResultSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await submitStatement(ctx, request.params.id, caller(request), request.body.text)),
  );

  app.put(
    '/api/participation/consultations/:id/statements/:statementId/vote',
    {
      schema: {
        tags: TAGS,
        summary:
          'Votes agree, disagree or pass; a new vote replaces the previous one. 403 for a caller who is not a participant of this consultation, 404 for a statement not in it, 409 when the consultation is not open or the statement not published',
        params: statementParams,
        body: voteBody,
        response: { 200: voteResultSchema },
      },
    },
    async (request) => vote(ctx, request.params.id, request.params.statementId, caller(request), request.body.vote),
  );

  app.get(
    '/api/participation/consultations/:id/contributions',
    { schema: { tags: TAGS, summary: 'Published free contributions, newest first', params: consultationParams, querystring: pageQuery, response: { 200: contributionPageSchema } } },
    async (request) => listContributions(ctx, request.params.id, request.query.page, request.query.pageSize),
  );

  app.post(
    '/api/participation/consultations/:id/contributions',
    {
      schema: {
        tags: TAGS,
        summary: 'Writes a free contribution (up to 2,000 characters; personal data masked before publication). 409 for a near-duplicate of one’s own, 429 past the limits',
        params: consultationParams,
        body: contributionBody,
        response: { 201: submissionResultSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await submitContribution(ctx, request.params.id, caller(request), request.body.text)),
  );

  app.post(
    '/api/participation/consultations/:id/flags',
    {
      schema: { tags: TAGS, summary: 'Reports a published statement or contribution to the moderators (abuse, spam, personal data); once per participant and item', params: consultationParams, body: flagBody, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await flag(ctx, request.params.id, caller(request), request.body.itemType, request.body.itemId, request.body.reason);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/participation/consultations/:id/opinion-groups',
    {
      schema: {
        tags: TAGS,
        summary: 'The opinion map: participants as points (the caller marked), groups with their representative statements and statistics, consensus and divisive statements',
        params: consultationParams,
        response: { 200: opinionGroupsSchema },
      },
    },
    async (request) => opinionGroupsView(ctx, request.params.id, caller(request)),
  );

  app.get(
    '/api/participation/consultations/:id/synthesis',
    {
      schema: {
        tags: TAGS,
        summary: 'The published synthesis: themes with residents’ own words (quotes checked), what the machine did and what people changed, representativeness (404 until published)',
        params: consultationParams,
        response: { 200: publicSynthesisSchema },
      },
    },
    async (request) => publicSynthesis(ctx, request.params.id),
  );

  app.get(
    '/api/participation/consultations/:id/synthesis/themes/:themeId/contributions',
    { schema: { tags: TAGS, summary: 'Every published contribution of a theme of the published synthesis', params: themeParams, querystring: pageQuery, response: { 200: themeContributionsSchema } } },
    async (request) => themeContributions(ctx, request.params.id, request.params.themeId, request.query.page, request.query.pageSize, 'public'),
  );

  app.get(
    '/api/participation/consultations/:id/representativeness',
    { schema: { tags: TAGS, summary: 'Declared districts and age bands of the participants against the population', params: consultationParams, response: { 200: representativenessSchema } } },
    async (request) => representativenessOf(ctx, await loadPublicConsultation(ctx.db, request.params.id)),
  );

  app.get(
    '/api/participation/consultations/:id/open-data/:file',
    {
      schema: {
        tags: TAGS,
        summary:
          'Open data of the consultation (published items only): contributions, statements, votes, groups and synthesis as CSV or JSON, and Pol.is’s format (polis-comments.csv, polis-votes.csv, polis-participants-votes.csv). Imported Pol.is data: its CC BY 4.0 attribution in the X-Data-Attribution header and in the JSON',
        params: exportParams,
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const file = await exportFile(ctx, request.params.id, request.params.file, 'public', { groups: request.query.groups });
      return sendFile(reply, file);
    },
  );
}

export function sendFile(reply: FastifyReply, file: { filename: string; contentType: string; body: string; attribution: string | null }) {
  reply.header('content-disposition', `attachment; filename="${file.filename}"`);
  if (file.attribution) reply.header('x-data-attribution', file.attribution);
  return reply.type(file.contentType).send(file.body);
}
