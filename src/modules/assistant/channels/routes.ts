/**
 * Messaging channels on the same conversation engine: a generic JSON webhook (shared secret)
 * and the WhatsApp Cloud API webhook (signature of the raw body). The generic webhook's caller
 * relays the reply from the response body. WhatsApp replies are sent to the resident through the
 * Graph API by a background job (`whatsapp-send.ts`) when WHATSAPP_ACCESS_TOKEN is set; without
 * it they are only in the response body, for a relay to send.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretsEqual } from '../../../platform/security/compare';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import { requirePermission } from '../../../platform/http/guards';
import { HttpProblem, unauthorized } from '../../../platform/http/problem';
import type { App, AppContext } from '../../../platform/modules';
import { text, token } from '../../../platform/validation/text';
import { deriveKey, instanceSecret } from '../../../platform/secrets/service';
import { questionText } from '../conversations/api-schemas';
import { channelStatusSchema, webhookAnswerSchema, webhookBody } from './api-schemas';
import { findRecentByExternalRef, type Channel } from '../conversations/repository';
import { detectLanguage } from '../engine/language';
import { AI_NOTICE, asLanguage, type AssistantMessageView } from '../engine/service';
import { assistantServices } from '../engine/services';
import { CHANNELS_KEY, type ChannelsSetting } from '../engine/settings';
import { claimDelivery, completeDelivery, forgetOldDeliveries, releaseDelivery } from './deliveries';
import { renderPlainText } from './render';
import {
  enqueueWhatsAppSend,
  isPhoneNumberId,
  sealedSendPayload,
  whatsappChannelStatus,
  whatsappSendingEnabled,
  type WhatsAppSendPayload,
} from './whatsapp-send';

export const WEBHOOK_SECRET_HEADER = 'x-beffroi-webhook-secret';
/** A sender's messages within this window continue the same conversation. */
const CONVERSATION_WINDOW_MS = 24 * 60 * 60_000;


/**
 * The key for hashing channel identifiers: BEFFROI_SECRET when set (as before), otherwise one
 * derived from the secret the installation generated at first start. A fixed built-in key would
 * let anyone with the database turn a phone number into its hash and find that person's messages.
 */
export async function channelRefKey(ctx: AppContext): Promise<Buffer | string> {
  return ctx.config.secret ?? deriveKey(await instanceSecret(ctx.db), 'assistant.channel-ref');
}

/** A sender id (phone number…) is never stored: only a keyed hash of it, to find the conversation again. */
export async function hashSenderRef(ctx: AppContext, channel: Channel, ref: string): Promise<string> {
  return createHmac('sha256', await channelRefKey(ctx)).update(`${channel}:${ref}`).digest('hex');
}

/** WhatsApp message ids embed the sender's number: they are kept only as this keyed hash. */
export async function hashWhatsAppMessageId(ctx: AppContext, id: string): Promise<string> {
  return createHmac('sha256', await channelRefKey(ctx)).update(`whatsapp-message:${id}`).digest('hex');
}

export function verifyWhatsAppSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest('hex');
  const given = header.slice('sha256='.length).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

async function askOnChannel(ctx: AppContext, channel: Channel, senderRef: string, text: string, language: string | undefined) {
  const { engine } = assistantServices(ctx);
  const externalRef = await hashSenderRef(ctx, channel, senderRef);
  let conversation = await findRecentByExternalRef(ctx.db, channel, externalRef, new Date(Date.now() - CONVERSATION_WINDOW_MS));
  const isNew = !conversation;
  conversation ??= await engine.startConversation({ channel, language: language ?? detectLanguage(text), externalRef });
  const message = await engine.ask({ conversationId: conversation.id, text, language, actor: { ...SYSTEM_ACTOR, type: 'resident' } });
  return { conversation, isNew, message };
}

const whatsappPayload = z.object({
  object: z.string().optional(),
  entry: z
    .array(
      z.object({
        changes: z
          .array(
            z.object({
              value: z
                .object({
                  metadata: z.object({ phone_number_id: z.string().max(64).optional() }).passthrough().optional(),
                  messages: z
                    .array(
                      z.object({
                        from: z.string().min(1).max(64),
                        id: z.string().max(200).optional(),
                        type: z.string(),
                        text: z.object({ body: z.string() }).optional(),
                      }),
                    )
                    .optional(),
                })
                .passthrough(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

const UNSUPPORTED_MESSAGE = {
  fr: 'Je ne peux lire que des messages texte, de 2 000 caractères au plus.',
  en: 'I can only read text messages of at most 2,000 characters.',
} as const;

type WhatsAppMessage = NonNullable<z.infer<typeof whatsappPayload>['entry'][number]['changes'][number]['value']['messages']>[number];

async function answerWhatsAppMessage(ctx: AppContext, m: WhatsAppMessage): Promise<{ conversationId: string | null; texts: string[] }> {
  const body = m.type === 'text' ? m.text?.body.trim() : undefined;
  // Meta's notification has no route schema: its text passes the checks a question typed in the
  // widget passes (length in characters, no control character nor lone surrogate, which would
  // otherwise reach the database), and gets the same answer as a message that is not text.
  const question = body ? questionText.safeParse(body) : undefined;
  if (!body || !question?.success) {
    return { conversationId: null, texts: [UNSUPPORTED_MESSAGE[body ? detectLanguage(body) : 'fr']] };
  }
  const { conversation, isNew, message } = await askOnChannel(ctx, 'whatsapp', m.from, question.data, undefined);
  const language = asLanguage(message.language);
  const texts = isNew ? [AI_NOTICE[language]] : [];
  texts.push(renderPlainText(message as AssistantMessageView, language));
  return { conversationId: conversation.id, texts };
}

export function channelRoutes(app: App, ctx: AppContext) {
  app.post(
    '/api/assistant/webhook',
    {
      schema: {
        tags: ['assistant'],
        summary: `Generic messaging webhook (header ${WEBHOOK_SECRET_HEADER}); conversationRef is the sender id, hashed before storage`,
        body: webhookBody,
        response: { 200: webhookAnswerSchema },
      },
      // Authenticate before the body is validated, so a caller without the secret learns nothing.
      onRequest: async (request: FastifyRequest) => {
        const { webhookSecret } = await ctx.settings.get<ChannelsSetting>(CHANNELS_KEY);
        const given = request.headers[WEBHOOK_SECRET_HEADER];
        if (!webhookSecret || typeof given !== 'string' || !secretsEqual(given, webhookSecret)) {
          throw unauthorized('A valid webhook secret is required.');
        }
      },
    },
    async (request) => {
      const { conversationRef, text, language } = request.body;
      const { isNew, message } = await askOnChannel(ctx, 'webhook', conversationRef, text, language);
      return { notice: isNew ? AI_NOTICE[message.language] : null, message, replyText: renderPlainText(message, message.language) };
    },
  );

  app.get(
    '/api/admin/assistant/channels',
    {
      preHandler: requirePermission(ctx, 'assistant.analytics'),
      schema: {
        tags: ['assistant-admin'],
        summary: 'Messaging channels: whether WhatsApp replies are sent by Beffroi or only returned in the response, replies waiting, replies not delivered',
        response: { 200: channelStatusSchema },
      },
    },
    async () => ({ whatsapp: await whatsappChannelStatus(ctx) }),
  );

  app.get(
    '/api/assistant/whatsapp',
    {
      schema: {
        tags: ['assistant'],
        summary: 'WhatsApp Cloud API webhook verification (hub.challenge echo)',
        // Not strict: Meta may add parameters. The token and the challenge are kept exactly as sent.
        querystring: z.object({
          'hub.mode': token(50).optional(),
          'hub.verify_token': text({ max: 500, trim: false }).optional(),
          'hub.challenge': text({ max: 200, trim: false }).optional(),
        }),
      },
    },
    async (request, reply) => {
      const expected = ctx.config.whatsapp.verifyToken;
      const q = request.query;
      if (!expected || q['hub.mode'] !== 'subscribe' || !q['hub.verify_token'] || !secretsEqual(q['hub.verify_token'], expected)) {
        throw new HttpProblem(403, 'assistant.whatsapp_verification_failed', 'Verification token mismatch.');
      }
      return reply.type('text/plain').send(q['hub.challenge'] ?? '');
    },
  );

  // The signature covers the exact bytes Meta sent: this scope keeps the raw body.
  return app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.post(
      '/api/assistant/whatsapp',
      {
        schema: {
          tags: ['assistant'],
          summary:
            'WhatsApp Cloud API messages (X-Hub-Signature-256 verified); replies are sent through the Graph API by a background job when WHATSAPP_ACCESS_TOKEN is set (delivery: graph_api), and returned as { replies: [{ to, text }] } in any case',
        },
      },
      async (request) => {
        const appSecret = ctx.config.whatsapp.appSecret;
        const raw = request.body as Buffer;
        const signature = request.headers['x-hub-signature-256'];
        if (!appSecret || !Buffer.isBuffer(raw) || !verifyWhatsAppSignature(raw, typeof signature === 'string' ? signature : undefined, appSecret)) {
          throw unauthorized('Invalid or missing X-Hub-Signature-256.');
        }
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new HttpProblem(400, 'assistant.whatsapp_bad_payload', 'The body is not JSON.');
        }
        const parsed = whatsappPayload.safeParse(json);
        if (!parsed.success) throw new HttpProblem(400, 'assistant.whatsapp_bad_payload', 'Unexpected WhatsApp payload.');
        const replies: { to: string; text: string }[] = [];
        const sending = whatsappSendingEnabled(ctx.config);
        const now = new Date();
        await forgetOldDeliveries(ctx.db, now);
        for (const entry of parsed.data.entry) {
          for (const change of entry.changes) {
            const phoneNumberId = change.value.metadata?.phone_number_id;
            for (const m of change.value.messages ?? []) {
              // Meta retries a delivery it thinks failed: the same message id gets the stored replies, not a second answer (nor a second send).
              const messageRef = m.id ? await hashWhatsAppMessageId(ctx, m.id) : null;
              if (messageRef) {
                const claim = await claimDelivery(ctx.db, messageRef, now);
                if (claim.kind === 'answered') {
                  for (const text of claim.replies) replies.push({ to: m.from, text });
                  continue;
                }
                if (claim.kind === 'in_progress') continue;
              }
              let answered: { conversationId: string | null; texts: string[] };
              try {
                answered = await answerWhatsAppMessage(ctx, m);
                let send: WhatsAppSendPayload | null = null;
                if (sending && isPhoneNumberId(phoneNumberId)) send = await sealedSendPayload(ctx, phoneNumberId, m.from, answered.texts);
                else if (sending) request.log.warn('WhatsApp message without a valid metadata.phone_number_id: its reply is only in the response');
                // The engine stored the answer and its audit event in a transaction of its own (it
                // is shared by every channel). The delivery record and the send job commit together
                // in the next one: a message marked answered always has its send queued, so Meta's
                // retry of it never queues a second one. A crash between the two leaves the claim
                // unanswered; it goes stale and Meta's retry answers it again, as before sending existed.
                if (messageRef || send) {
                  await ctx.db.transaction(async (tx) => {
                    if (messageRef) await completeDelivery(tx, messageRef, answered.conversationId, answered.texts);
                    if (send) await enqueueWhatsAppSend(ctx, tx, send, messageRef);
                  });
                }
              } catch (err) {
                if (messageRef) await releaseDelivery(ctx.db, messageRef);
                throw err;
              }
              for (const text of answered.texts) replies.push({ to: m.from, text });
            }
          }
        }
        // Meta ignores this body; it serves a relay when Beffroi does not send (no access token).
        return { delivery: sending ? ('graph_api' as const) : ('response_only' as const), replies };
      },
    );
  });
}
