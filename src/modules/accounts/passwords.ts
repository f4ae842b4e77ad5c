import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

// The bounds are part of the API (`api-schemas.ts`).
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './api-schemas';

// `Algorithm` is an ambient const enum, which isolatedModules forbids reading; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * The same password typed on two keyboards (composed or decomposed accents, full-width
 * characters) must hash the same, as NIST SP 800-63B asks.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalizePassword(password));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a password nobody knows, verified when the email is unknown so that a
 * failed login takes as long whether or not the account exists.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}

// No 0/O, 1/l/I: temporary passwords are read aloud or copied from a screen.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password over a 57-symbol alphabet: 20 characters carry about 116 bits. */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
