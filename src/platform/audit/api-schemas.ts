/**
 * The audit log's API shapes, in zod: the event list, the verification with its checkpoint
 * findings, the published checkpoints, the checkpoint made on request and the `trust.checkpoints`
 * setting. The routes (`src/modules/trust`) declare them; the web reads their types. Pure: zod,
 * the shared text type and the published checkpoint document only.
 */
import { z } from 'zod';
import { settingSpec } from '../settings/api-schemas';
import { email, httpUrl, line } from '../validation/text';
import { chainAnchorSchema, publishedCheckpointSchema } from './checkpoint-document';

export {
  chainAnchorSchema,
  checkpointsDocumentSchema,
  publishedCheckpointSchema,
  witnessStatusSchema,
  type CheckpointsDocument,
  type PublishedCheckpoint,
  type WitnessStatus,
} from './checkpoint-document';

export const auditQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // Empty means no filter, as before.
  action: line(100, { min: 0 }).optional(),
  subjectType: line(100, { min: 0 }).optional(),
});

export const auditEventSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string().describe('ISO 8601, UTC'),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditPageSchema = z.object({
  /** Newest first. */
  events: z.array(auditEventSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});

/** What a comparison of the chain with the signed checkpoints can find (`checkpoint-compare.ts`). */
export const FINDING_KINDS = ['bad_signature', 'fork', 'rollback', 'truncation', 'rewrite', 'unconfirmed_anchor'] as const;

export const findingSummarySchema = z.object({
  kind: z.enum(FINDING_KINDS),
  checkpointId: z.number().int().nullable(),
  eventId: z.number().int().nullable(),
  /** In English, for logs and the command line; a client words each kind itself. */
  message: z.string(),
});

export const verifyResultSchema = z.object({
  /** The chain's own verdict: every hash fits. A truncated or recomputed chain verifies by itself: see `checkpoints`. */
  ok: z.boolean(),
  /** Events verified before the first broken one (all of them when the chain is intact). */
  checked: z.number().int(),
  firstBroken: z.object({ id: z.number().int(), reason: z.enum(['hash_mismatch', 'prev_hash_mismatch']) }).nullable(),
  /** Where the retained chain starts when old events were pruned, else null. */
  anchor: chainAnchorSchema.nullable(),
  checkpoints: z.object({
    /** Signed checkpoints found valid and compared with the chain. */
    checked: z.number().int(),
    findings: z.array(findingSummarySchema),
  }),
});

export const checkpointMadeSchema = z.object({ checkpoint: publishedCheckpointSchema });

/** The 409 of `POST /api/admin/audit/checkpoints`: the chain no longer holds what was signed, so nothing is. */
export const CHECKPOINT_REFUSAL_CODES = ['audit.chain_truncated', 'audit.chain_rewritten', 'audit.chain_broken', 'audit.chain_changed'] as const;

export const CHECKPOINTS_SETTING_KEY = 'trust.checkpoints';
export const MAX_COMMITTEE_EMAILS = 20;

export const checkpointsSettingSchema = z.strictObject({
  /** Minutes between scheduled checkpoints, aligned on the clock (60: every hour, on the hour). */
  intervalMinutes: z.number().int().min(5).max(1440),
  /** Receives each checkpoint as a JSON POST; null for none. Shown to administrators and audited: no credentials in it. */
  webhookUrl: httpUrl(2000).nullable(),
  /** The oversight committee: each checkpoint is e-mailed to these addresses (when SMTP is configured). */
  committeeEmails: z.array(email()).max(MAX_COMMITTEE_EMAILS),
});

export const CHECKPOINTS_SETTING_SPEC = settingSpec(CHECKPOINTS_SETTING_KEY, checkpointsSettingSchema);

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
export type FindingSummary = z.infer<typeof findingSummarySchema>;
export type FindingKind = (typeof FINDING_KINDS)[number];
export type VerifyResult = z.infer<typeof verifyResultSchema>;
export type CheckpointMade = z.infer<typeof checkpointMadeSchema>;
export type CheckpointsSetting = z.infer<typeof checkpointsSettingSchema>;
