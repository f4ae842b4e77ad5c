import { createHash, randomBytes } from 'node:crypto';
import { secretsEqual } from '../../platform/security/compare';

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

/** Constant-time comparison of two secrets (CSRF tokens). */
export const constantTimeEqual = secretsEqual;
