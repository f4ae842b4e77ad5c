import type { TFunction } from 'i18next';
import i18n from '../i18n';
import { ApiError, fieldNameOf } from '../api/client';

/**
 * The message to show for an error. The server words every problem in the page's language (the
 * client sends `accept-language`), with its figures (`limit`, `retryAfter`…): its detail is shown,
 * except for the few codes the client words itself because it knows the page (`problems.<code>`:
 * where in the back-office to fix it), and for what the server could not say (no answer at all).
 */
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

const NO_FIELD_ERRORS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const fieldErrorsCache = new WeakMap<ApiError, Map<string, Record<string, string>>>();

/**
 * Field errors keyed by form field name, for React Aria's `Form validationErrors`. The same object
 * for the same error on every render: React Aria shows a new `validationErrors` object again even
 * on a field the user has since corrected, and the browser then refuses to submit the form.
 */
export function fieldErrorsOf(t: TFunction, err: unknown, prefixes: string[] = ['/body']): Record<string, string> {
  if (!(err instanceof ApiError)) return NO_FIELD_ERRORS;
  const key = `${i18n.language}\n${prefixes.join('\n')}`;
  let byKey = fieldErrorsCache.get(err);
  if (!byKey) fieldErrorsCache.set(err, (byKey = new Map()));
  let out = byKey.get(key);
  if (!out) byKey.set(key, (out = buildFieldErrors(t, err, prefixes)));
  return out;
}

function buildFieldErrors(t: TFunction, err: ApiError, prefixes: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of err.fieldErrors) {
    const name = prefixes.reduce((pointer, prefix) => (pointer.startsWith(prefix) ? pointer.slice(prefix.length) : pointer), f.pointer);
    const fieldName = fieldNameOf(name, '');
    // The server's message, in the page's language, says what is wrong with this value (its bounds,
    // its form); the client words only the codes whose server message is not localised (`fieldErrors.<code>`).
    const key = f.code ? `fieldErrors.${f.code}` : '';
    const message = key && i18n.exists(key) ? t(key) : f.message;
    out[fieldName] = out[fieldName] ? `${out[fieldName]} ${message}` : message;
  }
  return out;
}
