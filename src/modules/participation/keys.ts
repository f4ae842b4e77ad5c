/**
 * The keys of the participation module, derived from the instance key (one per purpose), and what
 * is computed with them: the keyed hash of a participant's cookie token (per consultation, so that
 * one browser's rows in two consultations cannot be linked without the token), of a client
 * address (rate limits, near-duplicates), of an e-mail address (one confirmed participant per
 * address), and the sealing of e-mails.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/client';
import { openSealedText, sealText } from '../../platform/secrets/seal';
import { deriveKey, instanceSecret } from '../../platform/secrets/service';

export const PARTICIPANT_COOKIE = 'beffroi_participant';
/** A participant comes back to change a vote or see the map for as long as the consultation runs; half a year is enough. */
export const PARTICIPANT_COOKIE_MAX_AGE_S = 183 * 24 * 60 * 60;
export const EMAIL_CONFIRMATION_TTL_MS = 7 * 24 * 60 * 60_000;

export interface ParticipationKeys {
  tokenHash(consultationId: string, token: string): string;
  addressKey(address: string): string;
  emailKey(consultationId: string, email: string): string;
  confirmationHash(token: string): string;
  counterKey(subject: string): string;
  sealEmail(participantId: string, email: string): string;
  openEmail(participantId: string, sealed: string): string;
  sealConfirmation(participantId: string, token: string): string;
  openConfirmation(participantId: string, sealed: string): string;
}

const keysCache = new WeakMap<Db, ParticipationKeys>();

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url');

export async function participationKeys(db: Db): Promise<ParticipationKeys> {
  const hit = keysCache.get(db);
  if (hit) return hit;
  const secret = await instanceSecret(db);
  const token = deriveKey(secret, 'participation.participant-token');
  const address = deriveKey(secret, 'participation.address');
  const emailHash = deriveKey(secret, 'participation.email-key');
  const confirmation = deriveKey(secret, 'participation.email-confirmation');
  const counters = deriveKey(secret, 'participation.rate-counters');
  const seal = deriveKey(secret, 'participation.email-seal');
  const keys: ParticipationKeys = {
    tokenHash: (consultationId, t) => hmac(token, `${consultationId}:${t}`),
    addressKey: (a) => hmac(address, a),
    emailKey: (consultationId, e) => hmac(emailHash, `${consultationId}:${e.trim().toLowerCase()}`),
    confirmationHash: (t) => hmac(confirmation, t),
    counterKey: (subject) => hmac(counters, subject),
    sealEmail: (participantId, e) => sealText(seal, e, `participation.email:${participantId}`),
    openEmail: (participantId, sealed) => openSealedText(seal, sealed, `participation.email:${participantId}`),
    sealConfirmation: (participantId, t) => sealText(seal, t, `participation.email-confirmation:${participantId}`),
    openConfirmation: (participantId, sealed) => openSealedText(seal, sealed, `participation.email-confirmation:${participantId}`),
  };
  keysCache.set(db, keys);
  return keys;
}

/** A random token for a cookie or a confirmation link (32 bytes, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only well-formed tokens are hashed; anything else is no participant. */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
