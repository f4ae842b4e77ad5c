/**
 * The languages the server answers in (problem details, the API reference page). French is the
 * commune's language, so it is the answer to a request that asks for none or for one we lack.
 */
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The best of our languages for an `Accept-Language` header (RFC 9110 §12.5.4): the highest
 * weight wins, the header's order breaks ties, a region is ignored (`en-GB` is English), `q=0`
 * refuses, `*` and anything unknown or malformed leave the default. Pure.
 */
export function negotiateLanguage(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return DEFAULT_LANGUAGE;
  let best: { language: Language; weight: number } | null = null;
  // Bounded: a header is a handful of entries; a huge one is not worth reading to the end.
  for (const entry of header.split(',').slice(0, 32)) {
    const [rawTag = '', ...params] = entry.split(';');
    const primary = rawTag.trim().toLowerCase().split('-')[0]!;
    if (!isLanguage(primary)) continue;
    const weight = weightOf(params);
    if (weight > 0 && (!best || weight > best.weight)) best = { language: primary, weight };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

function weightOf(params: string[]): number {
  for (const p of params) {
    const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
    if (m) return Math.min(1, Number(m[1]));
  }
  return params.some((p) => /^\s*q\s*=/i.test(p)) ? 0 : 1;
}
