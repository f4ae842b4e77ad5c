import type { ComponentType } from 'react';
import type { PartWeb } from '../part-web';

/**
 * Pages of the acts part: the publication of the council's acts in the portal (`/deliberations`, the
 * server part's `portalPaths`) and, for those holding `communication.acts.publish`, the back-office.
 */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => () => load().then((m) => ({ default: m[name] }));
const PUBLISH = 'communication.acts.publish';

export const actsWeb: PartWeb = {
  name: 'acts',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [
      { path: '/deliberations', page: page(() => import('./portal/DeliberationsPage'), 'DeliberationsPage') },
      { path: '/deliberations/actes/:id', page: page(() => import('./portal/ActPage'), 'ActPage') },
    ],
    nav: [{ to: '/deliberations', label: 'acts.portal.nav', order: 35 }],
    home: [{ to: '/deliberations', label: 'acts.portal.homeTitle', text: 'acts.portal.homeText', icon: '/icons/deliberations.svg', order: 35 }],
  },
  admin: {
    routes: [
      { path: '/admin/deliberations', permission: PUBLISH, page: page(() => import('./admin/SessionsAdminPage'), 'SessionsAdminPage') },
      { path: '/admin/deliberations/seances/:id', permission: PUBLISH, page: page(() => import('./admin/SessionAdminPage'), 'SessionAdminPage') },
      { path: '/admin/deliberations/actes/:id', permission: PUBLISH, page: page(() => import('./admin/ActAdminPage'), 'ActAdminPage') },
    ],
    nav: [{ to: '/admin/deliberations', label: 'acts.admin.nav', permission: PUBLISH, order: 220 }],
    dashboard: [{ to: '/admin/deliberations', label: 'acts.admin.nav', text: 'acts.admin.dashboardText', permission: PUBLISH, order: 220 }],
  },
};
