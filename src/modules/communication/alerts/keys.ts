/**
 * The alerts part's keys, derived from the instance key (one per purpose): keyed hashes of an e-mail
 * address (one subscription per address, without keeping it readable), of a push endpoint, of the
 * links' tokens and of the rate counters' subjects, and the sealing of addresses, push subscriptions
 * and tokens waiting to be mailed (bound to their subscription: a sealed value copied to another row
 * does not open).
 */
import { createHmac } from 'node:crypto';
import type { Db } from '../../../platform/db/client';
import { openSealedText, sealText } from '../../../platform/secrets/seal';
import { deriveKey, instanceSecret } from '../../../platform/secrets/service';

export type SealPurpose = 'email' | 'push' | 'manage-token' | 'confirm-token' | 'vapid';

export interface AlertKeys {
  emailKey(email: string): string;
  pushKey(endpoint: string): string;
  tokenHash(token: string): string;
  counterKey(subject: string): string;
  seal(subjectId: string, purpose: SealPurpose, text: string): string;
  open(subjectId: string, purpose: SealPurpose, sealed: string): string;
}

const cache = new WeakMap<Db, AlertKeys>();
const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url');

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function alertKeys(db: Db): Promise<AlertKeys> {
  const hit = cache.get(db);
  if (hit) return hit;
  const secret = await instanceSecret(db);
  const email = deriveKey(secret, 'communication.alerts.email-key');
  const push = deriveKey(secret, 'communication.alerts.push-key');
  const token = deriveKey(secret, 'communication.alerts.token');
  const counters = deriveKey(secret, 'communication.alerts.rate-counters');
  const seal = deriveKey(secret, 'communication.alerts.seal');
  const keys: AlertKeys = {
    emailKey: (e) => hmac(email, normaliseEmail(e)),
    pushKey: (endpoint) => hmac(push, endpoint),
    tokenHash: (t) => hmac(token, t),
    counterKey: (s) => hmac(counters, s),
    seal: (id, purpose, text) => sealText(seal, text, `communication.alerts.${purpose}:${id}`),
    open: (id, purpose, sealed) => openSealedText(seal, sealed, `communication.alerts.${purpose}:${id}`),
  };
  cache.set(db, keys);
  return keys;
}
