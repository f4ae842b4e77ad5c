import { createTestApp } from '../../../platform/testing/app';
import type { BeffroiApp } from '../../../platform/app';
import type { AccountsService } from '../../accounts/service';
import { requestEmbeddings } from '../knowledge/index';

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

/**
 * A staff account as its owner leaves it: an administrator creates it with a temporary password,
 * which its owner replaces by `password` at the first sign-in.
 */
export async function createStaffMember(
  b: BeffroiApp,
  input: { email: string; displayName: string; role: 'admin' | 'agent' | 'moderator' | 'analyst'; password: string },
): Promise<{ id: string }> {
  const accounts = b.ctx.services.accounts as AccountsService;
  const temporary = `${input.password}-temporary`;
  const user = await accounts.createUser({ type: 'system', id: null }, { ...input, password: temporary });
  const headers = await staffHeaders(b, { email: input.email, password: temporary });
  const res = await b.app.inject({
    method: 'POST',
    url: '/api/auth/change-password',
    headers,
    payload: { currentPassword: temporary, newPassword: input.password },
  });
  if (res.statusCode !== 204) throw new Error(`password change: ${res.statusCode} ${res.body}`);
  return user;
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

export async function createValidatedDocument(
  b: BeffroiApp,
  headers: Record<string, string>,
  doc: { title: string; body: string; validFrom?: string | null; validUntil?: string | null; sourceUrl?: string | null; type?: string },
): Promise<string> {
  const res = await b.app.inject({
    method: 'POST',
    url: '/api/admin/assistant/documents',
    headers,
    payload: { type: 'page', status: 'validated', ...doc },
  });
  if (res.statusCode !== 201) throw new Error(`document: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** Points the `ai.providers` setting at a fake OpenAI-compatible server. */
export async function configureProviders(
  b: BeffroiApp,
  baseUrl: string | null,
  kinds: { generation?: boolean; embeddings?: boolean; reranking?: boolean },
) {
  const p = (on: boolean | undefined, model: string) =>
    on && baseUrl ? { enabled: true, baseUrl, model, apiKey: 'test-key' } : { enabled: false, baseUrl: null, model: null, apiKey: '' };
  await b.ctx.db.transaction((tx) =>
    b.ctx.settings.set(tx, { type: 'system', id: null }, 'ai.providers', {
      generation: p(kinds.generation, 'fake-chat'),
      embeddings: p(kinds.embeddings, 'fake-embed'),
      reranking: p(kinds.reranking, 'fake-rerank'),
    }),
  );
  if (kinds.embeddings && baseUrl) {
    // Passage vectors are computed by the knowledge base's job; the retriever sees them at its next version check.
    await requestEmbeddings(b.ctx);
    await b.ctx.jobs.drain();
    await new Promise((r) => setTimeout(r, 600));
  }
}

export function isoDay(offsetDays: number): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
