import type { SettingDefinition } from '../../../platform/settings/service';
import { RETENTION_SETTING } from '../privacy/settings';
import {
  ANSWERING_KEY,
  ANSWERING_SETTING_SPEC,
  answeringSchema,
  CHANNELS_KEY,
  CHANNELS_SETTING_SPEC,
  channelsSchema,
  type AnsweringSetting,
  type ChannelsSetting,
} from './api-schemas';
import calibration from './calibration.json' with { type: 'json' };

// The schemas are part of the API (`api-schemas.ts`): the settings pages read their types.
export { ANSWERING_KEY, answeringSchema, CHANNELS_KEY, channelsSchema, type AnsweringSetting, type ChannelsSetting };

export const ASSISTANT_SETTINGS: SettingDefinition[] = [
  {
    ...ANSWERING_SETTING_SPEC,
    defaultValue: {
      abstentionThreshold: calibration.recommendedThreshold,
      handoffEnabled: true,
    } satisfies AnsweringSetting,
  },
  {
    ...CHANNELS_SETTING_SPEC,
    defaultValue: { webhookSecret: '' } satisfies ChannelsSetting,
  },
  // How long conversations, tickets and the questions' text are kept (moved here from `assistant.answering` by migration 0010).
  RETENTION_SETTING as SettingDefinition,
];
