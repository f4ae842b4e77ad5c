import type { ComponentType } from 'react';
import type { PartWeb } from '../part-web';

const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => () => load().then((m) => ({ default: m[name] }));

const NEWS = 'communication.news';

/**
 * Pages of the alerts part: subscribing, confirming and managing one's alerts, the news (portal; the
 * server's `portalPaths`), and writing news with the alerts' counts (back-office).
 */
export const alertsWeb: PartWeb = {
  name: 'alerts',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [
      { path: '/alertes', page: page(() => import('./portal/SubscribePage'), 'SubscribePage') },
      { path: '/alertes/confirmer/:token', page: page(() => import('./portal/ConfirmPage'), 'ConfirmPage') },
      { path: '/alertes/gerer/:token', page: page(() => import('./portal/ManagePage'), 'ManagePage') },
      { path: '/actualites', page: page(() => import('./portal/NewsListPage'), 'NewsListPage') },
      { path: '/actualites/:id', page: page(() => import('./portal/NewsPage'), 'NewsPage') },
    ],
    nav: [{ to: '/actualites', label: 'alerts.nav', order: 50 }],
    home: [{ to: '/alertes', label: 'alerts.homeTitle', text: 'alerts.homeText', icon: '/icons/alerts.svg', order: 50 }],
  },
  admin: {
    routes: [{ path: '/admin/actualites', permission: NEWS, page: page(() => import('./admin/NewsAdminPage'), 'NewsAdminPage') }],
    nav: [{ to: '/admin/actualites', label: 'alerts.admin.nav', permission: NEWS, order: 320 }],
    dashboard: [{ to: '/admin/actualites', label: 'alerts.admin.nav', text: 'alerts.admin.dashboardText', permission: NEWS, order: 320 }],
  },
};
