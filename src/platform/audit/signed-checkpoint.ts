import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { CHECKPOINT_ALGORITHM, CHECKPOINT_STATEMENT_VERSION } from './checkpoint-document';

/**
 * A checkpoint is the head of the audit chain signed with Ed25519, as transparency logs sign their
 * tree heads (Certificate Transparency's STH, Sigstore Rekor's checkpoints): whoever keeps a copy
 * can later show that the chain was cut short or recomputed, even by someone who can write to the
 * database, as long as the signing key was not in the database.
 *
 * The signed bytes are a short text, so that a checkpoint can be checked by hand too:
 *
 *     beffroi-audit-checkpoint/v1
 *     size 1234
 *     last-event-id 1240
 *     last-hash 3f…(64 hex)
 *     signed-at 2026-03-01T10:00:00.000Z
 *
 * (lines end with \n, the last one too). `size` counts the events from the genesis, pruned ones
 * included, through `last-event-id`; the empty chain has size 0, last-event-id 0 and the genesis hash.
 */
export { CHECKPOINT_ALGORITHM, CHECKPOINT_STATEMENT_VERSION };

export interface CheckpointHead {
  size: number;
  lastEventId: number;
  lastHash: string;
  /** ISO 8601 with milliseconds, in UTC (`Date.prototype.toISOString`). */
  signedAt: string;
}

export interface SignedCheckpoint extends CheckpointHead {
  /** SHA-256 (hex) of the signing key's SubjectPublicKeyInfo. */
  keyId: string;
  /** Ed25519 signature of `checkpointStatement`, base64. */
  signature: string;
}

const HEX_HASH = /^[0-9a-f]{64}$/;
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function checkpointStatement(head: CheckpointHead): string {
  if (!Number.isSafeInteger(head.size) || head.size < 0) throw new Error(`Not a checkpoint size: ${head.size}`);
  if (!Number.isSafeInteger(head.lastEventId) || head.lastEventId < 0) throw new Error(`Not an event id: ${head.lastEventId}`);
  if (!HEX_HASH.test(head.lastHash)) throw new Error('Not a chain hash');
  if (!ISO_UTC_MS.test(head.signedAt)) throw new Error(`Not an ISO time in UTC with milliseconds: ${head.signedAt}`);
  return [
    CHECKPOINT_STATEMENT_VERSION,
    `size ${head.size}`,
    `last-event-id ${head.lastEventId}`,
    `last-hash ${head.lastHash}`,
    `signed-at ${head.signedAt}`,
    '',
  ].join('\n');
}

/** The published form of a public key: its SubjectPublicKeyInfo (DER), base64. */
export function publicKeyText(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** SHA-256 (hex) of the SubjectPublicKeyInfo, as Certificate Transparency names its logs' keys. */
export function keyIdOf(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/** Reads a published Ed25519 public key; throws when it is not one. */
export function importPublicKey(publicKeyBase64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`Not an Ed25519 key (${key.asymmetricKeyType})`);
  return key;
}

export function signCheckpoint(privateKey: KeyObject, keyId: string, head: CheckpointHead): SignedCheckpoint {
  const signature = sign(null, Buffer.from(checkpointStatement(head), 'utf8'), privateKey).toString('base64');
  return { ...head, keyId, signature };
}

/** Whether `checkpoint` was signed by `publicKey`. A malformed checkpoint or key is simply not valid. */
export function checkpointSignatureValid(publicKey: KeyObject, checkpoint: SignedCheckpoint): boolean {
  try {
    return verify(null, Buffer.from(checkpointStatement(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
