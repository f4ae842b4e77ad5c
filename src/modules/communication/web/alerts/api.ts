/**
 * The alerts API as the pages read it (see /api/docs, tags `communication (alerts)`). Types come from
 * the server's schemas, so a changed field breaks the build.
 */
import { api } from '@web/api/client';
import type {
  AlertOptions,
  AlertStats,
  NewsInputBody,
  NewsItem,
  PushSubscribeInput,
  SubscribeInput,
  SubscriptionView,
  UpdateSubscriptionInput,
} from '../../alerts/api-schemas';

export type { AlertOptions, AlertStats, NewsItem, SubscriptionView };
export type Frequency = SubscriptionView['frequency'];

const enc = encodeURIComponent;
const BASE = '/api/communication/alerts';

export const alertsApi = {
  options: () => api.get<AlertOptions>(`${BASE}/options`),
  subscribe: (body: SubscribeInput) => api.post<{ status: 'pending' }, SubscribeInput>(`${BASE}/subscriptions`, body),
  subscribePush: (body: PushSubscribeInput) => api.post<{ manageToken: string }, PushSubscribeInput>(`${BASE}/push-subscriptions`, body),
  confirm: (token: string) => api.post<{ manageToken: string }>(`${BASE}/confirmations`, { token }),
  get: (token: string) => api.get<SubscriptionView>(`${BASE}/manage/${enc(token)}`),
  update: (token: string, body: UpdateSubscriptionInput) => api.put<SubscriptionView, UpdateSubscriptionInput>(`${BASE}/manage/${enc(token)}`, body),
  unsubscribe: (token: string) => api.post<null>(`${BASE}/manage/${enc(token)}/unsubscribe`, {}),
  remove: (token: string) => api.delete(`${BASE}/manage/${enc(token)}`),
};

export const newsApi = {
  list: () => api.get<{ items: NewsItem[] }>('/api/communication/news'),
  get: (id: string) => api.get<NewsItem>(`/api/communication/news/${enc(id)}`),
};

const ADMIN = '/api/admin/communication/news';
export const newsAdminApi = {
  list: () => api.get<{ items: NewsItem[] }>(ADMIN),
  create: (body: NewsInputBody) => api.post<NewsItem, NewsInputBody>(ADMIN, body),
  publish: (id: string) => api.post<NewsItem>(`${ADMIN}/${enc(id)}/publish`, {}),
  stats: () => api.get<AlertStats>('/api/admin/communication/alerts/stats'),
};

export const paths = {
  subscribe: '/alertes',
  manage: (token: string) => `/alertes/gerer/${enc(token)}`,
  news: '/actualites',
  newsItem: (id: string) => `/actualites/${enc(id)}`,
  admin: '/admin/actualites',
};

/** The browser's own storage of its push subscription's management token (it has no mail to find it in). */
export const PUSH_TOKEN_KEY = 'beffroi.alerts.pushManageToken';

/**
 * The same token for the service worker (`alerts-sw.js`), which cannot read localStorage: it
 * subscribes again with the same choices when the browser renews the push subscription.
 */
export async function storeTokenForWorker(manageToken: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open('beffroi-alerts');
  await cache.put('/alerts-sw/manage-token', new Response(manageToken));
}

/** VAPID's key, base64url, as the bytes `pushManager.subscribe` expects. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(padded);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}
