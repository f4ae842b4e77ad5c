/**
 * The SPA's only way to the server: same-origin fetch with the session cookie, the CSRF
 * token on writes, and problem+json errors turned into `ApiError`s.
 */
import type { FieldProblem, ProblemDetails } from '../../platform/http/api-schemas';
import { currentLanguage } from '../i18n';

export type { FieldProblem, ProblemDetails };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's message (or title), in the language the request asked for (`accept-language`); empty when it sent none. */
  readonly detail: string;
  readonly fieldErrors: FieldProblem[];
  /** The whole problem, with its extensions (`limit`, `line`, `eventId`…). */
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? (problem.status === 0 ? 'network_error' : `http_${problem.status}`);
    this.detail = problem.detail ?? problem.title ?? '';
    this.fieldErrors = problem.errors ?? [];
    this.problem = problem;
  }
}

/** The headers every request to the API sends: the answer's language, problems included, is the page's. */
export function apiHeaders(): Record<string, string> {
  return { accept: 'application/json, application/problem+json', 'accept-language': currentLanguage() };
}

/** A problem+json body (or anything else the server sent) as an `ApiError`. */
export function apiErrorOf(status: number, payload: unknown): ApiError {
  const problem = (payload && typeof payload === 'object' ? payload : {}) as Partial<ProblemDetails>;
  return new ApiError({ ...problem, status });
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a staff request comes back 401 (session expired), so the UI can send the user to the login page. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Do not notify 401 listeners (login and session probes expect 401). */
  quietUnauthorized?: boolean;
  /** Headers of this request only (an `Idempotency-Key`…). */
  headers?: Record<string, string>;
}

async function request<T>(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  let url = path;
  if (opts.query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  // Problem details come back in the language the page shows, whatever the browser prefers.
  const headers = { ...apiHeaders(), ...opts.headers };
  // A multipart body carries its own content type (with its boundary), set by fetch.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'network_error', detail: (err as Error).message });
  }

  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !opts.quietUnauthorized) for (const l of unauthorizedListeners) l();
    throw apiErrorOf(response.status, payload);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  // `T` is the answer's type and `B` the body's, both from the server's schemas (`api-schemas.ts`).
  post: <T, B = unknown>(path: string, body?: B, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T, B = unknown>(path: string, body: B, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  patch: <T, B = unknown>(path: string, body: B, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  /** A DELETE (204: nothing comes back). */
  delete: (path: string, opts?: RequestOptions) => request<void>('DELETE', path, undefined, opts),
  /** A file import: the form as multipart, with the session's CSRF token and the page's language, refusals as `ApiError`. */
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) => request<T>('POST', path, form, opts),
};

/** `/body/email` → `email`; `/body/value/generation/baseUrl` → `generation.baseUrl` (after dropping `prefix`). */
export function fieldNameOf(pointer: string, prefix = '/body'): string {
  const rest = pointer.startsWith(prefix) ? pointer.slice(prefix.length) : pointer;
  return rest
    .split('/')
    .filter(Boolean)
    .join('.');
}
