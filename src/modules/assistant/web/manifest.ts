import type { WebModule } from '@web/shell/web-module';

/**
 * The assistant's pages in the portal and the back-office. Each page is a chunk of its own,
 * fetched when someone first opens it; paths match `portalPaths` in the server manifest.
 */
export const assistantWeb: WebModule = {
  name: 'assistant',
  messages: (language) => (language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json')),
  portal: {
    routes: [
      { path: '/assistant', page: () => import('./portal/AssistantPage').then((m) => ({ default: m.AssistantPage })) },
      { path: '/assistant/sources/:documentId', page: () => import('./portal/SourceViewerPage').then((m) => ({ default: m.SourceViewerPage })) },
      { path: '/assistant/suivi/:code', page: () => import('./portal/TicketPage').then((m) => ({ default: m.TicketPage })) },
      { path: '/assistant/tickets/:code', page: () => import('./portal/TicketPage').then((m) => ({ default: m.TicketPage })) },
    ],
    nav: [{ to: '/assistant', label: 'portal.nav', order: 10 }],
    home: [{ to: '/assistant', label: 'portal.homeTitle', text: 'portal.homeText', icon: '/icons/ask.svg', order: 10 }],
  },
  admin: {
    routes: [
      { path: '/admin/assistant/documents', permission: 'assistant.documents.manage', page: () => import('./admin/DocumentsPage').then((m) => ({ default: m.DocumentsPage })) },
      { path: '/admin/assistant/documents/:id', permission: 'assistant.documents.manage', page: () => import('./admin/DocumentEditPage').then((m) => ({ default: m.DocumentEditPage })) },
      { path: '/admin/assistant/import', permission: 'assistant.documents.manage', page: () => import('./admin/ImportPage').then((m) => ({ default: m.ImportPage })) },
      { path: '/admin/assistant/vocabulaire', permission: 'assistant.vocabulary.manage', page: () => import('./admin/VocabularyPage').then((m) => ({ default: m.VocabularyPage })) },
      { path: '/admin/assistant/demandes', permission: 'assistant.inbox', page: () => import('./admin/InboxPage').then((m) => ({ default: m.InboxPage })) },
      { path: '/admin/assistant/demandes/:id', permission: 'assistant.inbox', page: () => import('./admin/AdminTicketPage').then((m) => ({ default: m.AdminTicketPage })) },
      { path: '/admin/assistant/statistiques', permission: 'assistant.analytics', page: () => import('./admin/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })) },
      { path: '/admin/assistant/reglages', permission: 'settings.manage', page: () => import('./admin/AssistantSettingsPage').then((m) => ({ default: m.AssistantSettingsPage })) },
    ],
    nav: [
      { to: '/admin/assistant/demandes', label: 'admin.nav.inbox', permission: 'assistant.inbox', order: 100 },
      { to: '/admin/assistant/documents', label: 'admin.nav.documents', permission: 'assistant.documents.manage', order: 110 },
      { to: '/admin/assistant/vocabulaire', label: 'admin.nav.vocabulary', permission: 'assistant.vocabulary.manage', order: 120 },
      { to: '/admin/assistant/statistiques', label: 'admin.nav.analytics', permission: 'assistant.analytics', order: 130 },
      { to: '/admin/assistant/reglages', label: 'admin.nav.settings', permission: 'settings.manage', order: 140 },
    ],
  },
};
