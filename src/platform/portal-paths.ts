/**
 * The portal pages of the shell itself, as route patterns: the SPA answers them, as it answers the
 * `portalPaths` each module declares in its manifest. Any other page path gets the SPA's "not
 * found" page with a 404 status. The back-office (`/admin/*`) routes its own pages and shows its
 * own "not found".
 */
export const PLATFORM_PORTAL_PATHS: readonly string[] = [
  '/',
  '/transparence',
  '/accessibilite',
  '/sources',
  '/admin/*',
];
