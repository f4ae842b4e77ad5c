import type { TFunction } from 'i18next';
import i18n from '../i18n';
import { ApiError, fieldNameOf } from '../api/client';

/** The message to show for an error: the translation of its code when there is one, else the server's detail. */
export function problemMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `problems.${err.code}`;
    if (i18n.exists(key)) return t(key);
    if (err.status === 0) return t('problems.network_error');
    if (err.detail) return err.detail;
    return t('problems.generic', { status: err.status });
  }
  return t('problems.unexpected');
}

/** Field errors keyed by form field name, for React Aria's `Form validationErrors`. */
export function fieldErrorsOf(t: TFunction, err: unknown, prefixes: string[] = ['/body']): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of err.fieldErrors) {
    const name = prefixes.reduce((pointer, prefix) => (pointer.startsWith(prefix) ? pointer.slice(prefix.length) : pointer), f.pointer);
    const fieldName = fieldNameOf(name, '');
    const key = f.code ? `fieldErrors.${f.code}` : '';
    const message = key && i18n.exists(key) ? t(key) : f.message;
    out[fieldName] = out[fieldName] ? `${out[fieldName]} ${message}` : message;
  }
  return out;
}
