import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { createTestApp } from '../../../platform/testing/app';

let b: BeffroiApp;
beforeAll(async () => {
  b = await createTestApp();
}, 120_000);
afterAll(() => b?.close());

it('documents the assistant API in OpenAPI', async () => {
  const res = await b.app.inject({ method: 'GET', url: '/api/docs/json' });
  expect(res.statusCode).toBe(200);
  const paths = res.json().paths as Record<string, Record<string, { tags?: string[] }>>;
  for (const p of [
    '/api/assistant/conversations',
    '/api/assistant/conversations/{id}/messages',
    '/api/assistant/conversations/{id}/handoff',
    '/api/assistant/tickets/{code}',
    '/api/assistant/messages/{id}/feedback',
    '/api/assistant/webhook',
    '/api/assistant/whatsapp',
    '/api/admin/assistant/tickets/{id}/draft-faq',
    '/api/admin/assistant/analytics',
    '/api/admin/assistant/calibration',
  ]) {
    expect(paths[p], p).toBeDefined();
  }
  expect(paths['/api/assistant/conversations/{id}/messages']!.post!.tags).toEqual(['assistant']);
  expect(paths['/api/admin/assistant/analytics']!.get!.tags).toEqual(['assistant-admin']);
});
