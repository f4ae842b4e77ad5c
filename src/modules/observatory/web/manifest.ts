import type { WebModule } from '@web/shell/web-module';

/**
 * The observatory's pages: the public dashboard in the portal, and the same dashboard with the
 * review of priority zones in the back-office. Paths match `portalPaths` in the server manifest.
 */
export const observatoryWeb: WebModule = {
  name: 'observatory',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [{ path: '/observatoire', page: () => import('./DashboardPage').then((m) => ({ default: m.PublicDashboardPage })) }],
    nav: [{ to: '/observatoire', label: 'portal.nav', order: 40 }],
    home: [{ to: '/observatoire', label: 'portal.homeTitle', text: 'portal.homeText', icon: '/icons/territory.svg', order: 40 }],
  },
  admin: {
    routes: [{ path: '/admin/observatoire', permission: 'observatory.review', page: () => import('./DashboardPage').then((m) => ({ default: m.StaffDashboardPage })) }],
    nav: [{ to: '/admin/observatoire', label: 'admin.nav', permission: 'observatory.review', order: 300 }],
  },
};
