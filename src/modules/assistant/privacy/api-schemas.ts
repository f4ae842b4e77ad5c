/**
 * `assistant.retention` as the API reads and writes it: how long the assistant keeps each kind of
 * residents' data. Pure: zod and the settings' spec helper only.
 */
import { z } from 'zod';
import { settingSpec } from '../../../platform/settings/api-schemas';

export const RETENTION_KEY = 'assistant.retention';
export const RETENTION_MAX_DAYS = 3650;

const days = z.number().int().min(1).max(RETENTION_MAX_DAYS);

/** How long the assistant keeps each kind of residents' data, in days (`privacy/retention.ts` applies it every night). */
export const retentionSchema = z.strictObject({
  /** Conversations (with their messages and feedback) are deleted this many days after their last message. */
  conversationsDays: days,
  /** Requests passed on to an agent are deleted this many days after they were answered or closed. */
  ticketsDays: days,
  /** The text of questions in the statistics is erased this many days after they were asked; the counts stay. */
  questionLogDays: days,
});
export type RetentionSetting = z.infer<typeof retentionSchema>;

export const RETENTION_SETTING_SPEC = settingSpec(RETENTION_KEY, retentionSchema);
