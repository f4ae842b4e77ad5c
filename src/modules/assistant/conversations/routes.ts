import { z } from 'zod';
import { actorOf, requirePermission } from '../../../platform/http/guards';
import { badRequest, notFound } from '../../../platform/http/problem';
import type { App, AppContext } from '../../../platform/modules';
import { computeAnalytics } from '../engine/analytics';
import calibration from '../engine/calibration.json' with { type: 'json' };
import { ANSWERING_KEY, type AnsweringSetting } from '../engine/settings';
import { AI_NOTICE, ANSWERS_REGISTER_ID, asLanguage, messageView } from '../engine/service';
import { assistantServices } from '../engine/services';
import {
  agentReplyBody,
  analyticsQuery,
  analyticsSchema,
  askBody,
  assignBody,
  assistantMessageSchema,
  calibrationSchema,
  conversationParams,
  conversationStartedSchema,
  draftFaqBody,
  draftFaqResultSchema,
  feedbackBody,
  feedbackParams,
  handoffBody,
  handoffResultSchema,
  residentReplyBody,
  residentTicketSchema,
  startConversationBody,
  ticketCodeParams,
  ticketDetailSchema,
  ticketErasureSchema,
  ticketListSchema,
  ticketParams,
  ticketsQuery,
  ticketTokenQuery,
  transcriptSchema,
} from './api-schemas';
import { giveFeedback } from './feedback';
import { findConversation, listMessages } from './repository';

const DAY_MS = 24 * 60 * 60_000;

export function publicUrl(ctx: AppContext, path: string): string {
  return ctx.config.publicUrl ? new URL(path, ctx.config.publicUrl).toString() : path;
}

export function conversationRoutes(app: App, ctx: AppContext) {
  const services = () => assistantServices(ctx);
  const answering = () => ctx.settings.get<AnsweringSetting>(ANSWERING_KEY);

  app.post(
    '/api/assistant/conversations',
    {
      schema: {
        tags: ['assistant'],
        summary: 'Starts a conversation; show the returned AI notice before the first message',
        body: startConversationBody,
        response: { 201: conversationStartedSchema },
      },
    },
    async (request, reply) => {
      const conversation = await services().engine.startConversation({ channel: 'widget', language: request.body?.language });
      const language = asLanguage(conversation.language);
      return reply.code(201).send({
        id: conversation.id,
        language,
        notice: { registerEntryId: ANSWERS_REGISTER_ID, text: AI_NOTICE[language] },
      });
    },
  );

  app.post(
    '/api/assistant/conversations/:id/messages',
    {
      schema: {
        tags: ['assistant'],
        summary: 'Asks a question; returns a cited answer or an abstention (personal data is redacted before storage)',
        params: conversationParams,
        body: askBody,
        response: { 200: assistantMessageSchema },
      },
    },
    async (request) =>
      services().engine.ask({ conversationId: request.params.id, text: request.body.text, language: request.body.language, actor: actorOf(request) }),
  );

  app.get(
    '/api/assistant/conversations/:id',
    {
      schema: {
        tags: ['assistant'],
        summary: 'Transcript of a conversation (its id is the capability to read it)',
        params: conversationParams,
        response: { 200: transcriptSchema },
      },
    },
    async (request) => {
      const conversation = await findConversation(ctx.db, request.params.id);
      if (!conversation) throw notFound('Conversation');
      const { handoffEnabled } = await answering();
      const rows = await listMessages(ctx.db, conversation.id);
      const handedOff = rows.some((m) => m.decision === 'handed_off');
      const language = asLanguage(conversation.language);
      return {
        id: conversation.id,
        language,
        createdAt: conversation.createdAt.toISOString(),
        handedOff,
        notice: { registerEntryId: ANSWERS_REGISTER_ID, text: AI_NOTICE[language] },
        messages: rows.map((m) =>
          m.role === 'assistant'
            ? { role: 'assistant' as const, ...messageView(m, handoffEnabled && !handedOff) }
            : { role: m.role === 'user' ? ('user' as const) : ('system' as const), id: m.id, text: m.text, createdAt: m.createdAt.toISOString() },
        ),
      };
    },
  );

  app.post(
    '/api/assistant/conversations/:id/messages/:messageId/feedback',
    {
      schema: {
        tags: ['assistant'],
        summary:
          'Thumbs up/down with tags and an optional comment on one answer of the conversation (a second call replaces the first; 404 for a message that is not an answer of this conversation)',
        params: feedbackParams,
        body: feedbackBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await giveFeedback(ctx.db, actorOf(request), request.params.id, request.params.messageId, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/assistant/conversations/:id/handoff',
    {
      schema: {
        tags: ['assistant'],
        summary: 'Passes the conversation on to an agent; the token is shown once and is needed to read the reply',
        params: conversationParams,
        body: handoffBody.optional(),
        response: { 201: handoffResultSchema },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const { ticket, token } = await services().handoff.handOff(request.params.id, body, actorOf(request));
      return reply.code(201).send({
        ticketCode: ticket.publicCode,
        accessToken: token,
        readUrl: publicUrl(ctx, `/assistant/tickets/${ticket.publicCode}?token=${encodeURIComponent(token)}`),
      });
    },
  );

  app.get(
    '/api/assistant/tickets/:code',
    {
      schema: {
        tags: ['assistant'],
        summary: "A resident reads their request and the agents' replies (wrong code or token: 404)",
        params: ticketCodeParams,
        querystring: ticketTokenQuery,
        response: { 200: residentTicketSchema },
      },
    },
    async (request) => services().handoff.readAsResident(request.params.code, request.query.token),
  );

  app.post(
    '/api/assistant/tickets/:code/messages',
    {
      schema: {
        tags: ['assistant'],
        summary: 'A resident answers back on their request',
        params: ticketCodeParams,
        querystring: ticketTokenQuery,
        body: residentReplyBody,
        response: { 200: residentTicketSchema },
      },
    },
    async (request) => services().handoff.replyAsResident(request.params.code, request.query.token, request.body.text, actorOf(request)),
  );

  // ---- Back-office -------------------------------------------------------------------------

  const inbox = requirePermission(ctx, 'assistant.inbox');

  app.get(
    '/api/admin/assistant/tickets',
    {
      preHandler: inbox,
      schema: {
        tags: ['assistant-admin'],
        summary: 'The hand-off inbox, most recently updated first',
        querystring: ticketsQuery,
        response: { 200: ticketListSchema },
      },
    },
    async (request) => ({ tickets: await services().handoff.list(request.query.status) }),
  );

  app.get(
    '/api/admin/assistant/tickets/:id',
    {
      preHandler: inbox,
      schema: {
        tags: ['assistant-admin'],
        summary: 'One ticket: transcript, cited passages, messages',
        params: ticketParams,
        response: { 200: ticketDetailSchema },
      },
    },
    async (request) => services().handoff.detail(request.params.id),
  );

  app.post(
    '/api/admin/assistant/tickets/:id/assign',
    {
      preHandler: inbox,
      schema: {
        tags: ['assistant-admin'],
        summary: "Assigns the ticket to a staff member ('me' for oneself); 422 unless they exist, are active and may handle the inbox",
        params: ticketParams,
        body: assignBody,
        response: { 200: ticketDetailSchema },
      },
    },
    async (request) => {
      const assigneeId = request.body.assigneeId === 'me' ? request.staff!.id : request.body.assigneeId;
      return services().handoff.assign(request.params.id, assigneeId, actorOf(request));
    },
  );

  app.post(
    '/api/admin/assistant/tickets/:id/reply',
    {
      preHandler: inbox,
      schema: {
        tags: ['assistant-admin'],
        summary: 'Replies to the resident (they read it with their code and token)',
        params: ticketParams,
        body: agentReplyBody,
        response: { 200: ticketDetailSchema },
      },
    },
    async (request) => services().handoff.reply(request.params.id, request.body.text, actorOf(request)),
  );

  app.post(
    '/api/admin/assistant/tickets/:id/close',
    {
      preHandler: inbox,
      schema: { tags: ['assistant-admin'], summary: 'Closes the ticket', params: ticketParams, response: { 200: ticketDetailSchema } },
    },
    async (request) => services().handoff.close(request.params.id, actorOf(request)),
  );

  app.post(
    '/api/admin/assistant/tickets/:id/erase',
    {
      preHandler: inbox,
      schema: {
        tags: ['assistant-admin'],
        summary:
          "Erases the ticket at the resident's request: its messages, contact e-mail and transcript, the conversation it came from and, on a messaging channel, the same sender's other conversations; the audit event keeps ids and counts only",
        params: ticketParams,
        response: { 200: ticketErasureSchema },
      },
    },
    async (request) => services().handoff.erase(request.params.id, actorOf(request)),
  );

  app.post(
    '/api/admin/assistant/tickets/:id/draft-faq',
    {
      preHandler: inbox,
      schema: {
        tags: ['assistant-admin'],
        summary: 'Drafts a FAQ document from a reply; it is used for answers once an editor validates it',
        params: ticketParams,
        body: draftFaqBody,
        response: { 201: draftFaqResultSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await services().handoff.draftFaq(request.params.id, request.body, actorOf(request))),
  );

  app.get(
    '/api/admin/assistant/analytics',
    {
      preHandler: requirePermission(ctx, 'assistant.analytics'),
      schema: {
        tags: ['assistant-admin'],
        summary: 'Dashboard: questions per day, answered/abstained/handed-off shares, fallbacks, feedback, top documents, unanswered questions grouped',
        querystring: analyticsQuery,
        response: { 200: analyticsSchema },
      },
    },
    async (request) => {
      const to = request.query.to ? new Date(Date.parse(request.query.to) + DAY_MS) : new Date();
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * DAY_MS);
      if (from >= to) throw badRequest('assistant.bad_range', '`from` must be before `to`.');
      if (to.getTime() - from.getTime() > 400 * DAY_MS) throw badRequest('assistant.bad_range', 'The range is limited to 400 days.');
      const snapshot = await services().engine.retriever.current();
      return computeAnalytics(ctx.db, from, to, (id) => snapshot.documents.get(id)?.title ?? null);
    },
  );

  app.get(
    '/api/admin/assistant/calibration',
    {
      preHandler: requirePermission(ctx, 'assistant.analytics'),
      schema: {
        tags: ['assistant-admin'],
        summary: 'Precision/coverage trade-off of the abstention threshold, measured on the development set',
        response: { 200: calibrationSchema },
      },
    },
    async () => ({ ...calibration, currentThreshold: (await answering()).abstentionThreshold }),
  );
}
