import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPhoneNumberId, postWhatsAppText, splitForWhatsApp, WHATSAPP_TEXT_LIMIT } from './whatsapp-send';

const graphAt = (graphUrl: string) => ({ appSecret: undefined, verifyToken: undefined, accessToken: 'token', graphUrl, graphVersion: 'v21.0' });

describe('splitForWhatsApp', () => {
  it('keeps a short reply whole', () => {
    expect(splitForWhatsApp('Bonjour')).toEqual(['Bonjour']);
    expect(splitForWhatsApp('')).toEqual(['']);
  });

  it('cuts a long reply at a line break into bodies Graph accepts, losing nothing but the break', () => {
    const line = 'a'.repeat(999);
    const text = Array.from({ length: 9 }, () => line).join('\n');
    const parts = splitForWhatsApp(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(WHATSAPP_TEXT_LIMIT);
    expect(parts.join('\n')).toBe(text);
  });

  it('cuts a reply without line breaks at the limit', () => {
    const parts = splitForWhatsApp('b'.repeat(10_000));
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 1808]);
  });
});

describe('postWhatsAppText', () => {
  it('calls a network failure retryable, naming no number', async () => {
    // A port that was just free: nothing listens there.
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const outcome = await postWhatsAppText(graphAt(`http://127.0.0.1:${port}`), '1', '33612345678', 'Bonjour');
    expect(outcome).toEqual({ ok: false, permanent: false, reason: expect.stringMatching(/^network error/) });
    expect(JSON.stringify(outcome)).not.toContain('33612345678');
  });

  it('does not follow a redirect (it would carry the token elsewhere)', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await postWhatsAppText(graphAt(`http://127.0.0.1:${port}`), '1', '33612345678', 'Bonjour');
      expect(outcome.ok).toBe(false);
      expect(hits).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('isPhoneNumberId', () => {
  it('accepts digits only, so nothing else reaches the request path', () => {
    expect(isPhoneNumberId('106540352242922')).toBe(true);
    for (const bad of [undefined, '', '../me', '1/messages?x', 'abc']) expect(isPhoneNumberId(bad)).toBe(false);
  });
});
