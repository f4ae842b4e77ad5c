/**
 * Route patterns as Fastify and the SPA's router write them — `/api/assistant/tickets/:code`,
 * `/admin/*` — matched against a request path. The server needs this where Fastify's own router
 * cannot answer: the methods another route allows on a path (405), the portal pages the SPA
 * serves (a 404 page otherwise), and the exact routes open to cross-origin calls.
 *
 * - a static segment matches itself, case-sensitively (as Fastify does);
 * - `:name` matches one non-empty segment;
 * - a final `*` matches the rest of the path, empty included, so `/admin/*` matches `/admin`,
 *   `/admin/` and `/admin/users/1` (as React Router does for its splat routes).
 *
 * Paths are compared without their query string; a trailing slash is not significant.
 */

export type PathMatcher = (path: string) => boolean;

export function compileRoutePattern(pattern: string): PathMatcher {
  if (!pattern.startsWith('/')) throw new Error(`A route pattern starts with "/": ${pattern}`);
  const segments = segmentsOf(pattern);
  const splat = segments.at(-1) === '*';
  const fixed = splat ? segments.slice(0, -1) : segments;
  for (const s of fixed) {
    if (s.includes('*')) throw new Error(`Only a final "*" is supported in a route pattern: ${pattern}`);
  }
  return (path) => {
    const parts = segmentsOf(pathOf(path));
    if (splat ? parts.length < fixed.length : parts.length !== fixed.length) return false;
    return fixed.every((s, i) => (s.startsWith(':') ? parts[i]!.length > 0 : s === parts[i]));
  };
}

/** Whether any of the patterns matches the path. */
export function matchesAnyPattern(patterns: readonly PathMatcher[], path: string): boolean {
  return patterns.some((match) => match(path));
}

/** The path part of a request URL (no query string, no fragment). */
export function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** The segments of a path, without a trailing slash; none for the root. */
function segmentsOf(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed === '/' ? [] : trimmed.split('/').slice(1);
}
