/**
 * Messaging channels on the same conversation engine: a generic JSON webhook (shared secret)
 * and the WhatsApp Cloud API webhook (signature of the raw body). Replies are returned in the
 * response body; sending them to Meta's Graph API is left to a relay (no outbound network here).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretsEqual } from '../../../platform/security/compare';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../../platform/audit/service';
import { HttpProblem, unauthorized } from '../../../platform/http/problem';
import type { App, AppContext } from '../../../platform/modules';
import { deriveKey, instanceSecret } from '../../../platform/secrets/service';
import { assistantMessageSchema, languageSchema, questionText, MAX_QUESTION_CHARS } from '../conversations/api-schemas';
import { findRecentByExternalRef, type Channel } from '../conversations/repository';
import { detectLanguage } from '../engine/language';
import { AI_NOTICE, asLanguage, type AssistantMessageView } from '../engine/service';
import { assistantServices } from '../engine/services';
import { CHANNELS_KEY, type ChannelsSetting } from '../engine/settings';
import { claimDelivery, completeDelivery, forgetOldDeliveries, releaseDelivery } from './deliveries';
import { renderPlainText } from './render';

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
  if (!body || body.length > MAX_QUESTION_CHARS) {
    return { conversationId: null, texts: [UNSUPPORTED_MESSAGE[body ? detectLanguage(body) : 'fr']] };
  }
  const { conversation, isNew, message } = await askOnChannel(ctx, 'whatsapp', m.from, body, undefined);
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
        body: z.strictObject({ conversationRef: z.string().min(1).max(200), text: questionText, language: languageSchema.optional() }),
        response: {
          200: z.object({ notice: z.string().nullable(), message: assistantMessageSchema, replyText: z.string() }),
        },
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
    '/api/assistant/whatsapp',
    {
      schema: {
        tags: ['assistant'],
        summary: 'WhatsApp Cloud API webhook verification (hub.challenge echo)',
        querystring: z.object({
          'hub.mode': z.string().optional(),
          'hub.verify_token': z.string().optional(),
          'hub.challenge': z.string().max(200).optional(),
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
          summary: 'WhatsApp Cloud API messages (X-Hub-Signature-256 verified); replies are returned as { replies: [{ to, text }] }',
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
        const now = new Date();
        await forgetOldDeliveries(ctx.db, now);
        for (const entry of parsed.data.entry) {
          for (const change of entry.changes) {
            for (const m of change.value.messages ?? []) {
              // Meta retries a delivery it thinks failed: the same message id gets the stored replies, not a second answer.
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
              } catch (err) {
                if (messageRef) await releaseDelivery(ctx.db, messageRef);
                throw err;
              }
              if (messageRef) await completeDelivery(ctx.db, messageRef, answered.conversationId, answered.texts);
              for (const text of answered.texts) replies.push({ to: m.from, text });
            }
          }
        }
        return { replies };
      },
    );
  });
}
