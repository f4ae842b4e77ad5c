import { z } from 'zod';
import type { SettingDefinition } from '../../../platform/settings/service';
import calibration from './calibration.json' with { type: 'json' };

export const ANSWERING_KEY = 'assistant.answering';
export const CHANNELS_KEY = 'assistant.channels';

export const answeringSchema = z.strictObject({
  /** Confidence under which the assistant says it does not know. See calibration.json for the trade-off. */
  abstentionThreshold: z.number().min(0).max(1),
  /** Conversations are deleted this many days after their last message. */
  retentionDays: z.number().int().min(1).max(3650),
  handoffEnabled: z.boolean(),
});
export type AnsweringSetting = z.infer<typeof answeringSchema>;

export const channelsSchema = z.strictObject({
  /** Shared secret of the generic messaging webhook (header `X-Beffroi-Webhook-Secret`); empty disables the webhook. */
  webhookSecret: z.string().max(500),
});
export type ChannelsSetting = z.infer<typeof channelsSchema>;

export const ASSISTANT_SETTINGS: SettingDefinition[] = [
  {
    key: ANSWERING_KEY,
    schema: answeringSchema,
    defaultValue: {
      abstentionThreshold: calibration.recommendedThreshold,
      retentionDays: 30,
      handoffEnabled: true,
    } satisfies AnsweringSetting,
  },
  {
    key: CHANNELS_KEY,
    schema: channelsSchema,
    defaultValue: { webhookSecret: '' } satisfies ChannelsSetting,
    secretPaths: [['webhookSecret']],
  },
];
