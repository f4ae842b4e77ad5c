import { api, ApiError, type ProblemDetails } from '../../api/client';
import type { MeResponse } from '../../api/types';

/**
 * Requests the JSON client does not make (multipart upload, DELETE). The CSRF token is the
 * session's, read back from `/api/auth/me` so these stay independent of the client's internals.
 */
export async function rawRequest<T>(method: 'POST' | 'DELETE', path: string, body?: BodyInit): Promise<T | null> {
  const me = await api.get<MeResponse>('/api/auth/me');
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      body,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': me.csrfToken, accept: 'application/json, application/problem+json' },
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
  if (!res.ok) throw new ApiError({ ...((payload ?? {}) as Partial<ProblemDetails>), status: res.status });
  return payload as T | null;
}
