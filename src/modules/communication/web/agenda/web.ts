import type { ComponentType } from 'react';
import type { PartWeb } from '../part-web';

const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => () => load().then((m) => ({ default: m[name] }));
/** The permission `agenda/routes.ts` declares. */
const AGENDA = 'communication.agenda';

/** Pages of the agenda part: `/agenda` and `/agenda/mon-agenda` for residents, `/admin/agenda` for agents. */
export const agendaWeb: PartWeb = {
  name: 'agenda',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [
      { path: '/agenda', page: page(() => import('./AgendaPage'), 'AgendaPage') },
      { path: '/agenda/mon-agenda', page: page(() => import('./MyAgendaPage'), 'MyAgendaPage') },
    ],
    nav: [{ to: '/agenda', label: 'agenda.nav', order: 51 }],
  },
  admin: {
    routes: [{ path: '/admin/agenda', permission: AGENDA, page: page(() => import('./AgendaAdminPage'), 'AgendaAdminPage') }],
    nav: [{ to: '/admin/agenda', label: 'agenda.admin.nav', permission: AGENDA, order: 301 }],
    dashboard: [{ to: '/admin/agenda', label: 'agenda.admin.nav', text: 'agenda.admin.dashboardText', permission: AGENDA, order: 301 }],
  },
};
