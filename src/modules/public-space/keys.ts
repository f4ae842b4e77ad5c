/**
 * The public space module's keys, derived from the instance key (one per purpose), and what is
 * computed with them: tracking tokens (capabilities: a follower's id and its MAC, nothing stored),
 * photo upload tokens, submission keys (idempotency), client address keys (rate limits), and the
 * sealing of residents' contact details. Open311 API keys are random and stored as SHA-256.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/client';
import { openSealedText, sealText } from '../../platform/secrets/seal';
import { deriveKey, instanceSecret } from '../../platform/secrets/service';
import type { ContactBody } from './api-schemas';

export interface PublicSpaceKeys {
  /** `<follower id>.<MAC>`: the private link of one follower (the author is one). */
  trackingToken(followerId: string): string;
  /** The follower id a token carries, when its MAC is right. */
  followerOfToken(token: string): string | null;
  uploadTokenHash(token: string): string;
  /** Scoped by the caller (an API key, or the public API) so that two clients' keys never meet. */
  submissionKey(scope: string, key: string): string;
  addressKey(address: string): string;
  sealContact(followerId: string, contact: ContactBody): string;
  openContact(followerId: string, sealed: string): ContactBody;
}

const cache = new WeakMap<Db, PublicSpaceKeys>();
const mac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function publicSpaceKeys(db: Db): Promise<PublicSpaceKeys> {
  const hit = cache.get(db);
  if (hit) return hit;
  const secret = await instanceSecret(db);
  const tracking = deriveKey(secret, 'public-space.tracking');
  const upload = deriveKey(secret, 'public-space.photo-upload');
  const submission = deriveKey(secret, 'public-space.submission');
  const address = deriveKey(secret, 'public-space.address');
  const seal = deriveKey(secret, 'public-space.contact-seal');
  const keys: PublicSpaceKeys = {
    trackingToken: (followerId) => `${followerId}.${mac(tracking, `follower:${followerId}`)}`,
    followerOfToken(token) {
      const [id, given, ...rest] = token.split('.');
      if (!id || !given || rest.length || !UUID.test(id)) return null;
      const expected = Buffer.from(mac(tracking, `follower:${id}`));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? id : null;
    },
    uploadTokenHash: (token) => mac(upload, token),
    submissionKey: (scope, key) => mac(submission, `${scope}:${key}`),
    addressKey: (a) => mac(address, a),
    sealContact: (followerId, contact) => sealText(seal, JSON.stringify(contact), `public-space.contact:${followerId}`),
    openContact: (followerId, sealed) => JSON.parse(openSealedText(seal, sealed, `public-space.contact:${followerId}`)) as ContactBody,
  };
  cache.set(db, keys);
  return keys;
}

export function newSecretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}
