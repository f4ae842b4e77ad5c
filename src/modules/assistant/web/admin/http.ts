import type { Me } from '../../../accounts/api-schemas';
import { api, ApiError, apiErrorOf, apiHeaders } from '@web/api/client';

/**
 * Requests the JSON client does not make (multipart upload, DELETE). The CSRF token is the
 * session's, read back from `/api/auth/me` so these stay independent of the client's internals;
 * the language of the answer (problems included) is the page's, as for the JSON client.
 */
export async function rawRequest<T>(method: 'POST' | 'DELETE', path: string, body?: BodyInit): Promise<T | null> {
  const me = await api.get<Me>('/api/auth/me');
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      body,
      credentials: 'same-origin',
      headers: { ...apiHeaders(), 'x-csrf-token': me.csrfToken },
    });
  } catch (err) {
    throw new ApiError({ status: 0, code: 'network_error', detail: (err as Error).message });
  }
  const text = await res.text();
  let payload: unknown = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = null;
  }
  if (!res.ok) throw apiErrorOf(res.status, payload);
  return payload as T | null;
}
