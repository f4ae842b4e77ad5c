/**
 * The trust module's API shapes: the algorithm register, the settings, the audit log and its signed
 * checkpoints. Most are the platform's (each in the `api-schemas.ts` of its part), gathered here
 * with the module's own request schemas. Pure: zod and other pure schema files only.
 */
import { z } from 'zod';

export { registerDocumentSchema, type RegisterDocument, type RegisterEntry, type RegisterRetention, type Localized } from '../../platform/register/api-schemas';
export {
  organisationViewSchema,
  settingKeyParams,
  settingUpdateBody,
  type Organisation,
  type SettingRead,
  type SettingsRead,
} from '../../platform/settings/api-schemas';
export {
  auditPageSchema,
  auditQuery,
  checkpointMadeSchema,
  checkpointsDocumentSchema,
  verifyResultSchema,
  type AuditEvent,
  type AuditPage,
  type CheckpointMade,
  type CheckpointsDocument,
  type FindingKind,
  type FindingSummary,
  type PublishedCheckpoint,
  type VerifyResult,
  type WitnessStatus,
} from '../../platform/audit/api-schemas';

export const checkpointsQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
