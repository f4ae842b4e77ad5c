import { lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { LazyBoundary } from '../components/LazyBoundary';
import { AdminLayout } from './AdminLayout';
import { AuditPage } from './AuditPage';
import { AuthProvider } from './AuthContext';
import { ChangePasswordPage } from './ChangePasswordPage';
import { DashboardPage } from './DashboardPage';
import { RequireAuth, RequirePermission } from './guards';
import { LoginPage } from './LoginPage';
import { SettingsPage } from './SettingsPage';
import { UsersPage } from './UsersPage';
import { NotFoundPage } from '../portal/NotFoundPage';

// Each assistant page is a chunk of its own, fetched when an agent first opens it: signing in and
// the dashboard do not wait for the knowledge-base and inbox screens.
const AdminTicketPage = lazy(() => import('./assistant/AdminTicketPage').then((m) => ({ default: m.AdminTicketPage })));
const AnalyticsPage = lazy(() => import('./assistant/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })));
const AssistantSettingsPage = lazy(() => import('./assistant/AssistantSettingsPage').then((m) => ({ default: m.AssistantSettingsPage })));
const DocumentEditPage = lazy(() => import('./assistant/DocumentEditPage').then((m) => ({ default: m.DocumentEditPage })));
const DocumentsPage = lazy(() => import('./assistant/DocumentsPage').then((m) => ({ default: m.DocumentsPage })));
const ImportPage = lazy(() => import('./assistant/ImportPage').then((m) => ({ default: m.ImportPage })));
const InboxPage = lazy(() => import('./assistant/InboxPage').then((m) => ({ default: m.InboxPage })));
const VocabularyPage = lazy(() => import('./assistant/VocabularyPage').then((m) => ({ default: m.VocabularyPage })));

/** A permission check around a page that loads on demand; the frame and navigation stay while it does. */
function LazyPage({ permission, children }: { permission: string; children: ReactNode }) {
  return (
    <RequirePermission permission={permission}>
      <LazyBoundary>{children}</LazyBoundary>
    </RequirePermission>
  );
}

/** The whole back-office, loaded on demand so residents never download it. */
export default function AdminRoutes() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="connexion" element={<LoginPage />} />
        <Route element={<RequireAuth />}>
          <Route element={<AdminLayout />}>
            <Route index element={<DashboardPage />} />
            <Route path="mot-de-passe" element={<ChangePasswordPage />} />
            <Route
              path="utilisateurs"
              element={
                <RequirePermission permission="users.manage">
                  <UsersPage />
                </RequirePermission>
              }
            />
            <Route
              path="audit"
              element={
                <RequirePermission permission="audit.read">
                  <AuditPage />
                </RequirePermission>
              }
            />
            <Route
              path="parametres"
              element={
                <RequirePermission permission="settings.manage">
                  <SettingsPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/documents"
              element={
                <LazyPage permission="assistant.documents.manage">
                  <DocumentsPage />
                </LazyPage>
              }
            />
            <Route
              path="assistant/documents/:id"
              element={
                <LazyPage permission="assistant.documents.manage">
                  <DocumentEditPage />
                </LazyPage>
              }
            />
            <Route
              path="assistant/import"
              element={
                <LazyPage permission="assistant.documents.manage">
                  <ImportPage />
                </LazyPage>
              }
            />
            <Route
              path="assistant/vocabulaire"
              element={
                <LazyPage permission="assistant.vocabulary.manage">
                  <VocabularyPage />
                </LazyPage>
              }
            />
            <Route
              path="assistant/demandes"
              element={
                <LazyPage permission="assistant.inbox">
                  <InboxPage />
                </LazyPage>
              }
            />
            <Route
              path="assistant/demandes/:id"
              element={
                <LazyPage permission="assistant.inbox">
                  <AdminTicketPage />
                </LazyPage>
              }
            />
            <Route
              path="assistant/statistiques"
              element={
                <LazyPage permission="assistant.analytics">
                  <AnalyticsPage />
                </LazyPage>
              }
            />
            <Route
              path="assistant/reglages"
              element={
                <LazyPage permission="settings.manage">
                  <AssistantSettingsPage />
                </LazyPage>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </AuthProvider>
  );
}
