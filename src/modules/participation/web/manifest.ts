import type { ComponentType } from 'react';
import type { WebModule } from '@web/shell/web-module';

/**
 * Participation's pages in the portal and the back-office. Each page is a chunk of its own,
 * fetched when someone first opens it; portal paths match `portalPaths` in the server manifest,
 * permissions those it declares (`routes-admin.ts`).
 */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => () => load().then((m) => ({ default: m[name] }));

const MANAGE = 'participation.manage';
const MODERATE = 'participation.moderate';
const SYNTHESIS = 'participation.synthesis';
const ANALYTICS = 'participation.analytics';

export const participationWeb: WebModule = {
  name: 'participation',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [
      { path: '/participation', page: page(() => import('./portal/ConsultationsPage'), 'ConsultationsPage') },
      { path: '/participation/:consultationId', page: page(() => import('./portal/ConsultationPage'), 'ConsultationPage') },
      { path: '/participation/:consultationId/*', page: page(() => import('./portal/ConsultationPage'), 'ConsultationPage') },
      { path: '/participation/confirmer/:token', page: page(() => import('./portal/ConfirmEmailPage'), 'ConfirmEmailPage') },
    ],
    nav: [{ to: '/participation', label: 'portal.nav', order: 20 }],
    home: [{ to: '/participation', label: 'portal.homeTitle', text: 'portal.homeText', icon: '/icons/participate.svg', order: 20 }],
  },
  admin: {
    routes: [
      { path: '/admin/participation', permission: ANALYTICS, page: page(() => import('./admin/ConsultationsAdminPage'), 'ConsultationsAdminPage') },
      { path: '/admin/participation/nouvelle', permission: MANAGE, page: page(() => import('./admin/ConsultationEditPage'), 'ConsultationEditPage') },
      { path: '/admin/participation/:id', permission: ANALYTICS, page: page(() => import('./admin/ConsultationEditPage'), 'ConsultationEditPage') },
      { path: '/admin/participation/:id/moderation', permission: MODERATE, page: page(() => import('./admin/ModerationPage'), 'ModerationPage') },
      { path: '/admin/participation/:id/statistiques', permission: ANALYTICS, page: page(() => import('./admin/StatsPage'), 'StatsPage') },
      { path: '/admin/participation/:id/import', permission: MANAGE, page: page(() => import('./admin/ImportPage'), 'ImportPage') },
      { path: '/admin/participation/:id/synthese', permission: SYNTHESIS, page: page(() => import('./admin/SynthesisEditorPage'), 'SynthesisEditorPage') },
    ],
    nav: [{ to: '/admin/participation', label: 'admin.nav.consultations', permission: ANALYTICS, order: 200 }],
    dashboard: [{ to: '/admin/participation', label: 'admin.nav.consultations', text: 'admin.dashboardText', permission: ANALYTICS, order: 200 }],
  },
};
