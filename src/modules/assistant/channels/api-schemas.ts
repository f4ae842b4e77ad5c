/**
 * The messaging channels' API in zod: the generic webhook and the channels' status on the
 * dashboard. Pure: zod, the shared text type and the conversation schemas only.
 */
import { z } from 'zod';
import { line } from '../../../platform/validation/text';
import { assistantMessageSchema, languageSchema, questionText } from '../conversations/api-schemas';

export const webhookBody = z.strictObject({ conversationRef: line(200), text: questionText, language: languageSchema.optional() });
export const webhookAnswerSchema = z.object({ notice: z.string().nullable(), message: assistantMessageSchema, replyText: z.string() });

export const channelStatusSchema = z.object({
  whatsapp: z.object({
    receiving: z.boolean(),
    sending: z.enum(['graph_api', 'response_only']),
    graphUrl: z.string().nullable(),
    graphVersion: z.string().nullable(),
    pending: z.number().int(),
    failed: z.number().int(),
    failedSinceDays: z.number().int(),
    lastFailureAt: z.string().nullable(),
    lastFailureReason: z.string().nullable(),
  }),
});

export type ChannelStatus = z.infer<typeof channelStatusSchema>;
export type WebhookAnswer = z.infer<typeof webhookAnswerSchema>;
