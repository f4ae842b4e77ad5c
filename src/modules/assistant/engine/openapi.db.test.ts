import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { createTestApp } from '../../../platform/testing/app';

let b: BeffroiApp;
beforeAll(async () => {
  b = await createTestApp();
}, 120_000);
afterAll(() => b?.close());

it('documents the assistant API in OpenAPI', async () => {
  const res = await b.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  const paths = res.json().paths as Record<string, Record<string, { tags?: string[] }>>;
  for (const p of [
    '/api/assistant/conversations',
    '/api/assistant/conversations/{id}/messages',
    '/api/assistant/conversations/{id}/handoff',
    '/api/assistant/tickets/{code}',
    '/api/assistant/conversations/{id}/messages/{messageId}/feedback',
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
  // Feedback needs the conversation id: a sequential message id alone would let anyone rate any answer.
  expect(paths['/api/assistant/messages/{id}/feedback']).toBeUndefined();
});

it('lets the widget on another site call the public assistant API, without credentials, and nothing else', async () => {
  const preflight = await b.app.inject({
    method: 'OPTIONS',
    url: '/api/assistant/conversations',
    headers: { origin: 'https://www.ville.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  expect(preflight.statusCode).toBe(204);
  expect(preflight.headers['access-control-allow-origin']).toBe('*');
  expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
  expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

  const created = await b.app.inject({
    method: 'POST',
    url: '/api/assistant/conversations',
    headers: { origin: 'https://www.ville.example' },
    payload: {},
  });
  expect(created.statusCode).toBe(201);
  expect(created.headers['access-control-allow-origin']).toBe('*');

  const admin = await b.app.inject({
    method: 'GET',
    url: '/api/admin/assistant/tickets',
    headers: { origin: 'https://www.ville.example' },
  });
  expect(admin.headers['access-control-allow-origin']).toBeUndefined();
});
