import { HttpProblem } from './problem';

/**
 * Reads a JSON request body from its bytes.
 *
 * - The charset: JSON is UTF-8 (RFC 8259 §8.1). A body declared in another charset would be read
 *   as UTF-8 all the same and its accents stored as U+FFFD, so it is refused (415) rather than
 *   silently damaged; `charset=utf-8` (or `utf8`, or none) is accepted.
 * - The bytes: invalid UTF-8 is refused (400) rather than replaced by U+FFFD.
 * - The keys: `__proto__` and `constructor` are ordinary keys. `JSON.parse` makes them own data
 *   properties, which never change a prototype; a strict body schema then refuses them as unknown
 *   fields, with their pointer, like any other.
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The `charset` parameter of a Content-Type header, lower-cased, or null when there is none. */
export function charsetOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq === -1) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return null;
}

export function parseJsonBody(contentType: string | undefined, bytes: Buffer): unknown {
  const charset = charsetOf(contentType);
  if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpProblem(415, 'unsupported_charset', `The body must be UTF-8, not ${charset}.`);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new HttpProblem(400, 'invalid_utf8', 'The request body is not valid UTF-8.');
  }
  if (text.trim() === '') throw new HttpProblem(400, 'malformed_json', 'The request body is empty.');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'malformed_json', 'The request body is not valid JSON.');
  }
}
