import { createTestApp } from '../../../platform/testing/app';
import type { BeffroiApp } from '../../../platform/app';

export const ADMIN = { email: 'admin@test.beffroi.fr', password: 'test-admin-password-123' };

/** The whole app with the demo knowledge seeded. */
export function createAssistantTestApp(env: Record<string, string> = {}): Promise<BeffroiApp> {
  return createTestApp({ env: { BEFFROI_SEED_DEMO: 'true', ...env } });
}

/** Staff session headers (cookie + CSRF) for `app.inject`. */
export async function staffHeaders(b: BeffroiApp, creds = ADMIN): Promise<Record<string, string>> {
  const res = await b.app.inject({ method: 'POST', url: '/api/auth/login', payload: creds });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { cookie, 'x-csrf-token': res.json().csrfToken };
}

export async function startConversation(b: BeffroiApp, language?: 'fr' | 'en'): Promise<string> {
  const res = await b.app.inject({ method: 'POST', url: '/api/assistant/conversations', payload: language ? { language } : {} });
  if (res.statusCode !== 201) throw new Error(`conversation: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function ask(b: BeffroiApp, conversationId: string, text: string, language?: 'fr' | 'en') {
  const res = await b.app.inject({
    method: 'POST',
    url: `/api/assistant/conversations/${conversationId}/messages`,
    payload: language ? { text, language } : { text },
  });
  if (res.statusCode !== 200) throw new Error(`ask: ${res.statusCode} ${res.body}`);
  return res.json();
}
