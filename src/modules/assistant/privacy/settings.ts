import type { SettingDefinition } from '../../../platform/settings/service';
import { RETENTION_KEY, RETENTION_SETTING_SPEC, retentionSchema, type RetentionSetting } from './api-schemas';

// The schema is part of the API (`api-schemas.ts`): the settings page reads its type.
export { RETENTION_KEY, retentionSchema, type RetentionSetting };

/**
 * Defaults for a town hall, after the CNIL's usual guidance on requests from the public (guide
 * « Les durées de conservation », CNIL with the Service interministériel des Archives de France,
 * 2020): keep a request's data in the working base for the time it takes to handle it, then only
 * what a legal duty requires, and keep statistics past that only once they are anonymised.
 * - Conversations, 30 days after the last message: long enough to come back to an answer; a
 *   question that needs a person has become a ticket by then.
 * - Tickets, 365 days after they were answered or closed: the resident can come back about the
 *   answer and the commune can handle a complaint about it. No archive duty attaches to an
 *   information request (a formal application goes through the commune's own procedures). Open
 *   tickets are kept until someone answers them: deleting them would hide an unanswered request.
 * - The questions' text in the statistics, 90 days: it serves the review of unanswered questions
 *   (the dashboard shows 30 days by default; a quarter allows a quarterly review). Redaction
 *   masks e-mails, phones, addresses…, not names or situations, so the text is not anonymous;
 *   the row stays as an anonymous count (date, decision, document, feedback).
 */
export const RETENTION_DEFAULTS: RetentionSetting = { conversationsDays: 30, ticketsDays: 365, questionLogDays: 90 };

export const RETENTION_SETTING: SettingDefinition<RetentionSetting> = {
  ...RETENTION_SETTING_SPEC,
  defaultValue: RETENTION_DEFAULTS,
};
