/**
 * The assistant's answering and channel settings as the API reads and writes them. Pure: zod, the
 * shared text type and the settings' spec helper only.
 */
import { z } from 'zod';
import { settingSpec } from '../../../platform/settings/api-schemas';
import { text } from '../../../platform/validation/text';

export const ANSWERING_KEY = 'assistant.answering';
export const CHANNELS_KEY = 'assistant.channels';

export const answeringSchema = z.strictObject({
  /** Confidence under which the assistant says it does not know. See calibration.json for the trade-off. */
  abstentionThreshold: z.number().min(0).max(1),
  handoffEnabled: z.boolean(),
});
export type AnsweringSetting = z.infer<typeof answeringSchema>;

export const channelsSchema = z.strictObject({
  /** Shared secret of the generic messaging webhook (header `X-Beffroi-Webhook-Secret`); empty disables the webhook. */
  webhookSecret: text({ max: 500, min: 0, trim: false }),
});
export type ChannelsSetting = z.infer<typeof channelsSchema>;

export const ANSWERING_SETTING_SPEC = settingSpec(ANSWERING_KEY, answeringSchema);
export const CHANNELS_SETTING_SPEC = settingSpec(CHANNELS_KEY, channelsSchema, [['webhookSecret']]);
