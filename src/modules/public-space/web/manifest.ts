import type { ComponentType } from 'react';
import type { WebModule } from '@web/shell/web-module';

/**
 * Public space's pages: residents report and follow problems in the portal (no account), agents
 * triage them in the back-office and measure cleanliness (surveys, indicators). Each page is a
 * chunk of its own; portal paths match `portalPaths` in the server manifest, the permission is the
 * one `routes-admin.ts` declares.
 */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => () => load().then((m) => ({ default: m[name] }));

const TRIAGE = 'public-space.triage';
const CONFIGURE = 'public-space.configure';
const SURVEYS = 'public-space.surveys';

export const publicSpaceWeb: WebModule = {
  name: 'public-space',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [
      { path: '/signalements', page: page(() => import('./portal/ReportsPage'), 'ReportsPage') },
      { path: '/signalements/nouveau', page: page(() => import('./portal/NewReportPage'), 'NewReportPage') },
      { path: '/signalements/tableau-de-bord', page: page(() => import('./portal/DashboardPage'), 'DashboardPage') },
      { path: '/signalements/suivi/:token', page: page(() => import('./portal/TrackingPage'), 'TrackingPage') },
      { path: '/signalements/:number', page: page(() => import('./portal/ReportPage'), 'ReportPage') },
    ],
    nav: [{ to: '/signalements', label: 'portal.nav', order: 30 }],
    home: [{ to: '/signalements/nouveau', label: 'portal.homeTitle', text: 'portal.homeText', icon: '/icons/report.svg', order: 30 }],
  },
  admin: {
    routes: [
      { path: '/admin/signalements', permission: TRIAGE, page: page(() => import('./admin/TriagePage'), 'TriagePage') },
      { path: '/admin/signalements/categories', permission: CONFIGURE, page: page(() => import('./admin/config/CategoriesPage'), 'CategoriesPage') },
      { path: '/admin/signalements/categories/nouvelle', permission: CONFIGURE, page: page(() => import('./admin/config/CategoryEditPage'), 'CategoryEditPage') },
      { path: '/admin/signalements/categories/:code', permission: CONFIGURE, page: page(() => import('./admin/config/CategoryEditPage'), 'CategoryEditPage') },
      { path: '/admin/signalements/equipes', permission: CONFIGURE, page: page(() => import('./admin/config/TeamsPage'), 'TeamsPage') },
      { path: '/admin/signalements/cles-open311', permission: CONFIGURE, page: page(() => import('./admin/config/ApiKeysPage'), 'ApiKeysPage') },
      { path: '/admin/signalements/lieux-et-adresses', permission: CONFIGURE, page: page(() => import('./admin/config/PlacesPage'), 'PlacesPage') },
      { path: '/admin/signalements/import', permission: CONFIGURE, page: page(() => import('./admin/config/ImportReportsPage'), 'ImportReportsPage') },
      { path: '/admin/proprete', permission: SURVEYS, page: page(() => import('./admin/cleanliness/CleanlinessPage'), 'CleanlinessPage') },
      { path: '/admin/proprete/releve', permission: SURVEYS, page: page(() => import('./admin/cleanliness/SurveyPage'), 'SurveyPage') },
      { path: '/admin/signalements/:id', permission: TRIAGE, page: page(() => import('./admin/StaffReportPage'), 'StaffReportPage') },
    ],
    nav: [
      { to: '/admin/signalements', label: 'admin.nav', permission: TRIAGE, order: 250 },
      { to: '/admin/signalements/categories', label: 'admin.navConfig', permission: CONFIGURE, order: 251 },
      { to: '/admin/proprete', label: 'admin.navCleanliness', permission: SURVEYS, order: 252 },
    ],
    dashboard: [
      { to: '/admin/signalements', label: 'admin.nav', text: 'admin.dashboardText', permission: TRIAGE, order: 250 },
      { to: '/admin/proprete/releve', label: 'admin.surveyCard', text: 'admin.surveyCardText', permission: SURVEYS, order: 252 },
    ],
  },
};
