import type { ComponentType } from 'react';
import type { WebModule } from '@web/shell/web-module';

/**
 * Assemblies' pages: in the participation part of the portal (`/participation/assemblees`, the
 * server manifest's `portalPaths`) and in the back-office, for those holding `assemblies.organise`.
 */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => () => load().then((m) => ({ default: m[name] }));

const ORGANISE = 'assemblies.organise';

export const assembliesWeb: WebModule = {
  name: 'assemblies',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [
      { path: '/participation/assemblees', page: page(() => import('./portal/AssembliesPage'), 'AssembliesPage') },
      { path: '/participation/assemblees/:id', page: page(() => import('./portal/AssemblyPage'), 'AssemblyPage') },
    ],
  },
  admin: {
    routes: [
      { path: '/admin/assemblees', permission: ORGANISE, page: page(() => import('./admin/AssembliesAdminPage'), 'AssembliesAdminPage') },
      { path: '/admin/assemblees/:id', permission: ORGANISE, page: page(() => import('./admin/AssemblyAdminPage'), 'AssemblyAdminPage') },
    ],
    nav: [{ to: '/admin/assemblees', label: 'admin.nav', permission: ORGANISE, order: 210 }],
    dashboard: [{ to: '/admin/assemblees', label: 'admin.nav', text: 'admin.dashboardText', permission: ORGANISE, order: 210 }],
  },
};
