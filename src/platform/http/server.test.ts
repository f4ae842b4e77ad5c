import { describe, expect, it } from 'vitest';
import { urlForLogs } from './server';

describe('request URLs in logs', () => {
  it('hides capability tokens and keeps the rest', () => {
    expect(urlForLogs('/api/assistant/tickets/K7P-4QX?token=abc123&x=1')).toBe('/api/assistant/tickets/K7P-4QX?token=[redacted]&x=1');
    expect(urlForLogs('/api/assistant/whatsapp?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=42')).toBe(
      '/api/assistant/whatsapp?hub.mode=subscribe&hub.verify_token=[redacted]&hub.challenge=42',
    );
    expect(urlForLogs('/api/register')).toBe('/api/register');
  });
});
