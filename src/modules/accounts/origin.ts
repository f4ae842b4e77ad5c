export interface LoginOriginHeaders {
  origin?: string | undefined;
  secFetchSite?: string | undefined;
}

/**
 * Whether a login request comes from another site. Login has no session and so no CSRF
 * token; a forged cross-site login would sign the victim into the attacker's account.
 * Browsers send `Sec-Fetch-Site` and `Origin` on such requests; clients that send
 * neither (curl, tests) are not browsers and cannot be forged into sending anything.
 */
export function isCrossSiteRequest(headers: LoginOriginHeaders, allowedOrigins: readonly string[]): boolean {
  const site = headers.secFetchSite?.toLowerCase();
  // `none` is a navigation the user started; `same-site` still lets a sibling subdomain in.
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  if (headers.origin !== undefined) {
    const origin = normalizeOrigin(headers.origin);
    if (origin === null) return true;
    return !allowedOrigins.some((allowed) => normalizeOrigin(allowed) === origin);
  }
  return false;
}

function normalizeOrigin(value: string): string | null {
  if (value === 'null') return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}
