/**
 * The assistant's back-office API as the pages read it (see /api/docs, tag `assistant-admin`): its
 * types come from the server's schemas, so a changed field breaks the build. The lists a page
 * offers are written here, typed by the server's own constants so that they cannot drift either.
 */
import type {
  DOCUMENT_STATUSES as SERVER_DOCUMENT_STATUSES,
  DOCUMENT_TYPES as SERVER_DOCUMENT_TYPES,
  VOCABULARY_KINDS as SERVER_VOCABULARY_KINDS,
} from '../../knowledge/api-schemas';
import type { CalibrationPoint, TICKET_STATUSES as SERVER_TICKET_STATUSES } from '../../conversations/api-schemas';
import type { RETENTION_MAX_DAYS as SERVER_RETENTION_MAX_DAYS, RetentionSetting } from '../../privacy/api-schemas';

export type {
  AdminDocument,
  AdminDocumentDetail,
  AdminDocumentUpdated,
  DocumentPage,
  DocumentStatus,
  DocumentType,
  DocumentVersion,
  ImportAccepted,
  Job,
  JobAccepted,
  JobList,
  UploadAccepted,
  VersionSummary,
  VocabularyEntry,
  VocabularyList,
} from '../../knowledge/api-schemas';
export type {
  Analytics,
  Calibration,
  CalibrationPoint,
  QuestionGroup,
  TicketDetail,
  TicketErasure,
  TicketList,
  TicketStatus,
  TicketSummary,
} from '../../conversations/api-schemas';
export type { AnsweringSetting } from '../../engine/api-schemas';
export type { ChannelStatus } from '../../channels/api-schemas';
export type { RetentionSetting };

export const DOCUMENT_TYPES: typeof SERVER_DOCUMENT_TYPES = ['procedure', 'regulation', 'council_decision', 'page', 'faq'];
export const DOCUMENT_STATUSES: typeof SERVER_DOCUMENT_STATUSES = ['draft', 'validated', 'archived'];
export const VOCABULARY_KINDS: typeof SERVER_VOCABULARY_KINDS = ['acronym', 'synonym'];
export const TICKET_STATUSES: typeof SERVER_TICKET_STATUSES = ['open', 'assigned', 'answered', 'closed'];

export const RETENTION_FIELDS = ['conversationsDays', 'ticketsDays', 'questionLogDays'] as const satisfies readonly (keyof RetentionSetting)[];
export const RETENTION_MAX_DAYS: typeof SERVER_RETENTION_MAX_DAYS = 3650;

/** The calibration point whose threshold is closest to `threshold`. */
export function nearestPoint(curve: CalibrationPoint[], threshold: number): CalibrationPoint | null {
  let best: CalibrationPoint | null = null;
  for (const p of curve) if (!best || Math.abs(p.threshold - threshold) < Math.abs(best.threshold - threshold)) best = p;
  return best;
}
