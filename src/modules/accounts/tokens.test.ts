import { describe, expect, it } from 'vitest';
import { constantTimeEqual, newSecretToken, sessionIdOf } from './tokens';

describe('session tokens', () => {
  it('are 256-bit URL-safe strings, never repeated', () => {
    const a = newSecretToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecretToken()).not.toBe(a);
  });

  it('are stored under their SHA-256, never in clear', () => {
    const token = newSecretToken();
    expect(sessionIdOf(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionIdOf(token)).not.toContain(token);
    expect(sessionIdOf(token)).toBe(sessionIdOf(token));
  });

  it('compare equal only when identical, whatever the lengths', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});
