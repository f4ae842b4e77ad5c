/**
 * The alerts part's API shapes, in zod: the routes validate requests and responses with them and the
 * web imports their inferred types. Pure zod, no Node import.
 */
import { z } from 'zod';
import { email, httpUrl, line, paragraph, token } from '../../../platform/validation/text';

export const FREQUENCY_VALUES = ['immediate', 'daily', 'weekly'] as const;
const topicId = z.string().regex(/^[a-z0-9-]{2,40}$/);
const zoneRef = token(200).describe('`<zoning>:<zone code>` (an unknown one: 422)');

const scopeFields = {
  topics: z.array(topicId).max(60).describe('Topic ids; empty for every topic'),
  zones: z.array(zoneRef).max(200),
  wholeCommune: z.boolean().describe('Follow what concerns any neighbourhood'),
  frequency: z.enum(FREQUENCY_VALUES),
  language: z.enum(['fr', 'en']).default('fr'),
};

export const subscribeBody = z.strictObject({ email: email(), ...scopeFields });
export type SubscribeInput = z.input<typeof subscribeBody>;

export const pushSubscribeBody = z.strictObject({
  subscription: z.object({
    endpoint: httpUrl(2000),
    keys: z.object({ p256dh: token(200, /^[A-Za-z0-9_-]+=*$/), auth: token(100, /^[A-Za-z0-9_-]+=*$/) }),
  }),
  ...scopeFields,
});
export type PushSubscribeInput = z.input<typeof pushSubscribeBody>;

export const updateSubscriptionBody = z.strictObject(scopeFields);
export type UpdateSubscriptionInput = z.input<typeof updateSubscriptionBody>;

const linkToken = token(100, /^[A-Za-z0-9_-]+$/).describe('The token of a link (43 base64url characters)');
export const tokenParams = z.object({ token: linkToken });
export const confirmBody = z.strictObject({ token: linkToken });

export const acceptedSchema = z.object({ status: z.literal('pending').describe('Always the same answer: a mail is on its way if the address may receive one') });
export const manageTokenSchema = z.object({ manageToken: z.string() });

export const subscriptionSchema = z.object({
  channel: z.enum(['email', 'push']),
  status: z.enum(['pending', 'confirmed', 'unsubscribed']),
  topics: z.array(z.string()),
  zones: z.array(z.string()),
  wholeCommune: z.boolean(),
  frequency: z.enum(FREQUENCY_VALUES),
  language: z.enum(['fr', 'en']),
  confirmedAt: z.string().nullable(),
});
export type SubscriptionView = z.infer<typeof subscriptionSchema>;

const bilingualLabel = z.object({ fr: z.string(), en: z.string() });
export const optionsSchema = z.object({
  topics: z.array(z.object({ id: z.string(), fr: z.string(), en: z.string() })),
  zoning: z.object({ code: z.string(), label: bilingualLabel }).nullable().describe('The zoning residents choose their neighbourhood from'),
  zones: z.array(z.object({ ref: z.string(), name: z.string() })),
  email: z.boolean().describe('Whether this installation sends e-mail'),
  pushPublicKey: z.string().nullable().describe('VAPID public key (applicationServerKey) for web push'),
});
export type AlertOptions = z.infer<typeof optionsSchema>;

export const newsBody = z.strictObject({
  title: line(200),
  body: paragraph(20_000),
  topics: z.array(topicId).max(20).default([]),
  zones: z.array(zoneRef).max(200).default([]).describe('Empty for the whole commune'),
});
export type NewsInputBody = z.input<typeof newsBody>;
export const newsPatchBody = z.strictObject({
  title: line(200).optional(),
  body: paragraph(20_000).optional(),
  topics: z.array(topicId).max(20).optional(),
  zones: z.array(zoneRef).max(200).optional(),
});

export const newsSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  topics: z.array(z.string()),
  zones: z.array(z.string()),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NewsItem = z.infer<typeof newsSchema>;
export const newsListSchema = z.object({ items: z.array(newsSchema) });
export const newsParams = z.object({ id: z.uuid() });

export const alertStatsSchema = z.object({
  subscriptions: z.array(z.object({ channel: z.string(), status: z.string(), frequency: z.string(), count: z.number().int() })),
  outbox: z.object({ pending: z.number().int(), sent: z.number().int(), failed: z.number().int(), retrying: z.number().int() }),
});
export type AlertStats = z.infer<typeof alertStatsSchema>;
