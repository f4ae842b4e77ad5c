import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setCsrfToken } from './client';

// The shell's i18n starts with the page (it needs a document): the client only asks for the language.
vi.mock('../i18n', () => ({ currentLanguage: () => 'fr' }));

function stubFetch(status: number, body: string) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : body, { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('api.upload and api.delete', () => {
  it('sends a form as it is (fetch sets the multipart boundary), with the CSRF token and the language', async () => {
    const calls = stubFetch(200, '{"imported":2}');
    setCsrfToken('token-1');
    const form = new FormData();
    form.append('file', new Blob(['a;b']), 'values.csv');
    expect(await api.upload<{ imported: number }>('/api/admin/x/import', form)).toEqual({ imported: 2 });
    const [call] = calls;
    expect(call?.init.method).toBe('POST');
    expect(call?.init.body).toBe(form);
    const headers = call?.init.headers as Record<string, string>;
    expect(headers['content-type']).toBeUndefined();
    expect(headers['x-csrf-token']).toBe('token-1');
    expect(headers['accept-language']).toBe('fr');
  });

  it('turns a refusal into an ApiError with its code, and a 204 into nothing', async () => {
    stubFetch(400, '{"status":400,"code":"territory.upload_fields","title":"Bad request"}');
    const refused = await api.upload('/api/admin/x/import', new FormData()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('territory.upload_fields');
    const calls = stubFetch(204, '');
    expect(await api.delete('/api/admin/x/1')).toBeUndefined();
    expect(calls[0]?.init.method).toBe('DELETE');
  });
});
