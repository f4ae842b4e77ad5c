import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSealedText, sealText } from './seal';

describe('sealed text', () => {
  const key = randomBytes(32);

  it('opens with the same key and context, and never shows the plaintext', () => {
    const sealed = sealText(key, '33612345678', 'test.recipient');
    expect(sealed).not.toContain('33612345678');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(openSealedText(key, sealed, 'test.recipient')).toBe('33612345678');
  });

  it('differs each time (random IV)', () => {
    expect(sealText(key, 'same', 'c')).not.toBe(sealText(key, 'same', 'c'));
  });

  it('refuses another key, another context, a changed byte or a malformed value', () => {
    const sealed = sealText(key, '33612345678', 'test.recipient');
    expect(() => openSealedText(randomBytes(32), sealed, 'test.recipient')).toThrow();
    expect(() => openSealedText(key, sealed, 'other.context')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(() => openSealedText(key, [...parts.slice(0, 3), body.toString('base64url')].join('.'), 'test.recipient')).toThrow();
    expect(() => openSealedText(key, 'v1.only-two', 'test.recipient')).toThrow('Not a sealed value');
    expect(() => sealText(Buffer.alloc(16), 'x', 'c')).toThrow();
  });
});
