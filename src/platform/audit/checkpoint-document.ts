import { z } from 'zod';

/**
 * The published form of checkpoints: the body of `GET /api/audit/checkpoints`, of each witness
 * webhook call and of the JSON attached to each witness e-mail. `npm run audit:verify --
 * --checkpoints` reads any of them, so a copy kept anywhere can be checked later.
 */
export const CHECKPOINTS_FORMAT = 'beffroi-audit-checkpoints/v1';
/** The first line of every signed statement (`signed-checkpoint.ts`). Here, so that this file stays pure (zod only): the web reads its types. */
export const CHECKPOINT_STATEMENT_VERSION = 'beffroi-audit-checkpoint/v1';
export const CHECKPOINT_ALGORITHM = 'Ed25519';

const hexHash = z.string().regex(/^[0-9a-f]{64}$/);
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200);

export const publishedCheckpointSchema = z.object({
  id: z.number().int().positive(),
  size: z.number().int().nonnegative(),
  lastEventId: z.number().int().nonnegative(),
  lastHash: hexHash,
  signedAt: z.string().max(40),
  keyId: hexHash,
  signature: base64,
  reason: z.enum(['start', 'schedule', 'request']),
});
export type PublishedCheckpoint = z.infer<typeof publishedCheckpointSchema>;

export const publishedKeySchema = z.object({ keyId: hexHash, publicKey: base64 });

export const chainAnchorSchema = z.object({
  size: z.number().int().nonnegative(),
  eventId: z.number().int().nonnegative(),
  hash: hexHash,
  checkpointId: z.number().int().positive(),
  prunedAt: z.string().max(40),
});

export const witnessStatusSchema = z.object({
  webhook: z.object({ enabled: z.boolean() }),
  email: z.object({
    enabled: z.boolean(),
    recipients: z.number().int().nonnegative(),
    /** Why e-mail witnessing is off: no SMTP server configured (`SMTP_URL`), or no address set. */
    offReason: z.enum(['smtp_not_configured', 'no_recipients']).nullable(),
  }),
});
export type WitnessStatus = z.infer<typeof witnessStatusSchema>;

export const checkpointsDocumentSchema = z.object({
  format: z.literal(CHECKPOINTS_FORMAT),
  /** The first line of every signed statement (`checkpointStatement`). */
  statement: z.literal(CHECKPOINT_STATEMENT_VERSION),
  algorithm: z.literal(CHECKPOINT_ALGORITHM),
  /** The key signing new checkpoints now. */
  keyId: hexHash,
  publicKey: base64,
  /** Every key that signed a checkpoint of this document (the current one included). */
  keys: z.array(publishedKeySchema),
  /** Where the retained chain starts when old events were pruned, else null. */
  anchor: chainAnchorSchema.nullable(),
  witnesses: witnessStatusSchema.optional(),
  /** Newest first. */
  checkpoints: z.array(publishedCheckpointSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().positive().nullable(),
});
export type CheckpointsDocument = z.infer<typeof checkpointsDocumentSchema>;
