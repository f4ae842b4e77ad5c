import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the OS generator, URL-safe so it fits a cookie or a header unescaped. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sessions are stored under the digest of their token, so a leaked copy of the
 * sessions table (backup, replica) cannot be replayed as cookies.
 */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two secrets in time independent of where they differ. Both sides are
 * digested first because `timingSafeEqual` needs equal lengths and would otherwise
 * reveal the expected length.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
