/** The alerts part's API: subscribing (e-mail, push), the management link, news (public and back-office), counts. */
import { z } from 'zod';
import { actorOf, requirePermission } from '../../../platform/http/guards';
import type { App, AppContext } from '../../../platform/modules';
import { TOPICS_KEY, type Topic } from '../topics';
import {
  acceptedSchema,
  alertStatsSchema,
  confirmBody,
  manageTokenSchema,
  newsBody,
  newsListSchema,
  newsParams,
  newsPatchBody,
  newsSchema,
  optionsSchema,
  pushSubscribeBody,
  subscribeBody,
  subscriptionSchema,
  tokenParams,
  updateSubscriptionBody,
} from './api-schemas';
import { outboxCounts, vapidKeys } from './delivery';
import { createNews, getNews, listNews, publishNews, updateNews } from './news';
import {
  baseUrl,
  confirmSubscription,
  deleteSubscriptionData,
  subscribeByEmail,
  subscribeByPush,
  subscriptionByToken,
  subscriptionCounts,
  unsubscribe,
  updateSubscription,
} from './subscriptions';

export const ALERTS_PERMISSIONS = { news: 'communication.news' } as const;

const TAGS = ['communication (alerts)'];
const ADMIN_TAGS = ['communication (alerts, back-office)'];
const BASE = '/api/communication/alerts';

export async function alertsRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(BASE + '/options', { schema: { tags: TAGS, summary: 'Topics and neighbourhoods one may follow, and how (e-mail, push key)', response: { 200: optionsSchema } } }, async () => {
    const topics = await ctx.settings.get<Topic[]>(TOPICS_KEY);
    const { districtZoning } = await ctx.services.territory.servedTerritory();
    const zones = districtZoning ? ((await ctx.services.territory.listZones(districtZoning.code)) ?? []) : [];
    return {
      topics,
      zoning: districtZoning ? { code: districtZoning.code, label: districtZoning.label } : null,
      zones: zones.map((z) => ({ ref: `${z.zoning}:${z.code}`, name: z.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
      email: !!(ctx.config.mail && ctx.config.publicUrl),
      pushPublicKey: (await vapidKeys(ctx)).publicKey,
    };
  });

  app.post(
    BASE + '/subscriptions',
    {
      schema: {
        tags: TAGS,
        summary: 'Subscribes an e-mail address: a confirmation link is mailed (double opt-in). The same 202 whether the address is known or not; 429 past the per-address limit',
        body: subscribeBody,
        response: { 202: acceptedSchema },
      },
    },
    async (request, reply) => {
      await subscribeByEmail(ctx, request.body, { address: request.ip, requestId: request.id });
      return reply.status(202).send({ status: 'pending' as const });
    },
  );

  app.post(
    BASE + '/confirmations',
    { schema: { tags: TAGS, summary: 'Confirms a subscription with the token of its link (404 when unknown or expired); returns the management token', body: confirmBody, response: { 200: manageTokenSchema } } },
    async (request) => confirmSubscription(ctx, request.body.token, request.id),
  );

  app.post(
    BASE + '/push-subscriptions',
    {
      schema: {
        tags: TAGS,
        summary: 'Subscribes a browser to web push (its PushSubscription); returns the management token. 422 when the endpoint is refused by the outbound policy',
        body: pushSubscribeBody,
        response: { 200: manageTokenSchema },
      },
    },
    async (request) => subscribeByPush(ctx, request.body, { address: request.ip, requestId: request.id }),
  );

  app.get(BASE + '/manage/:token', { schema: { tags: TAGS, summary: 'A subscription’s choices (never its address)', params: tokenParams, response: { 200: subscriptionSchema } } }, async (request) =>
    subscriptionByToken(ctx, request.params.token),
  );

  app.put(
    BASE + '/manage/:token',
    { schema: { tags: TAGS, summary: 'Changes a subscription’s topics, neighbourhoods, frequency or language', params: tokenParams, body: updateSubscriptionBody, response: { 200: subscriptionSchema } } },
    async (request) => updateSubscription(ctx, request.params.token, request.body, request.id),
  );

  app.post(
    BASE + '/manage/:token/unsubscribe',
    { schema: { tags: TAGS, summary: 'Unsubscribes (no more messages; idempotent)', params: tokenParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await unsubscribe(ctx, request.params.token, request.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(BASE + '/manage/:token', { schema: { tags: TAGS, summary: 'Deletes the subscription and everything kept about it', params: tokenParams, response: { 204: z.null() } } }, async (request, reply) => {
    await deleteSubscriptionData(ctx, request.params.token, request.id);
    return reply.status(204).send(null);
  });

  // The List-Unsubscribe URL opened in a browser (or by a mail client following RFC 2369 with GET):
  // the portal's management page, where the resident unsubscribes with a click. A GET changes nothing
  // (a link scanner must not unsubscribe anyone).
  app.get(
    BASE + '/unsubscribe/:token',
    { schema: { tags: TAGS, summary: 'The List-Unsubscribe URL opened with GET: 303 to the management page (unsubscribes nothing)', params: tokenParams, response: { 303: z.null() } } },
    async (request, reply) => reply.header('cache-control', 'no-store').redirect(`${baseUrl(ctx)}/alertes/gerer/${encodeURIComponent(request.params.token)}`, 303),
  );

  // RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` as a form.
  await app.register(async (scopeRaw) => {
    const scope = scopeRaw as App;
    const ignoreBody = (_request: unknown, _body: unknown, done: (err: Error | null, body?: unknown) => void) => done(null, {});
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, ignoreBody);
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, ignoreBody);
    scope.post(
      BASE + '/unsubscribe/:token',
      { schema: { tags: TAGS, summary: 'One-click unsubscribe (RFC 8058), the URL of the List-Unsubscribe header', params: tokenParams, response: { 200: z.object({ unsubscribed: z.literal(true) }) } } },
      async (request) => {
        await unsubscribe(ctx, request.params.token, request.id);
        return { unsubscribed: true as const };
      },
    );
  });

  app.get('/api/communication/news', { schema: { tags: TAGS, summary: 'Published news, newest first', response: { 200: newsListSchema } } }, async () => ({
    items: await listNews(ctx, { publishedOnly: true }),
  }));
  app.get('/api/communication/news/:id', { schema: { tags: TAGS, summary: 'A published news item', params: newsParams, response: { 200: newsSchema } } }, async (request) =>
    getNews(ctx, request.params.id, { publishedOnly: true }),
  );

  const news = requirePermission(ctx, ALERTS_PERMISSIONS.news);
  const ADMIN = '/api/admin/communication/news';
  app.get(ADMIN, { preHandler: news, schema: { tags: ADMIN_TAGS, summary: 'Every news item, drafts included', response: { 200: newsListSchema } } }, async () => ({
    items: await listNews(ctx, { publishedOnly: false }),
  }));
  app.post(ADMIN, { preHandler: news, schema: { tags: ADMIN_TAGS, summary: 'Writes a draft', body: newsBody, response: { 201: newsSchema } } }, async (request, reply) =>
    reply.status(201).send(await createNews(ctx, actorOf(request), request.body)),
  );
  app.get(`${ADMIN}/:id`, { preHandler: news, schema: { tags: ADMIN_TAGS, summary: 'A news item', params: newsParams, response: { 200: newsSchema } } }, async (request) =>
    getNews(ctx, request.params.id, { publishedOnly: false }),
  );
  app.patch(
    `${ADMIN}/:id`,
    { preHandler: news, schema: { tags: ADMIN_TAGS, summary: 'Edits a news item (a published one keeps its topics and neighbourhoods)', params: newsParams, body: newsPatchBody, response: { 200: newsSchema } } },
    async (request) => updateNews(ctx, actorOf(request), request.params.id, request.body),
  );
  app.post(
    `${ADMIN}/:id/publish`,
    { preHandler: news, schema: { tags: ADMIN_TAGS, summary: 'Publishes a draft: it is on the portal and its alerts go to the matching subscriptions', params: newsParams, response: { 200: newsSchema } } },
    async (request) => publishNews(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/admin/communication/alerts/stats',
    { preHandler: news, schema: { tags: ADMIN_TAGS, summary: 'Subscriptions (counts only) and the outbox’s state', response: { 200: alertStatsSchema } } },
    async () => ({ subscriptions: await subscriptionCounts(ctx), outbox: await outboxCounts(ctx) }),
  );
}
