import { Route, Routes } from 'react-router-dom';
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
import { AdminTicketPage } from './assistant/AdminTicketPage';
import { AnalyticsPage } from './assistant/AnalyticsPage';
import { AssistantSettingsPage } from './assistant/AssistantSettingsPage';
import { DocumentEditPage } from './assistant/DocumentEditPage';
import { DocumentsPage } from './assistant/DocumentsPage';
import { ImportPage } from './assistant/ImportPage';
import { InboxPage } from './assistant/InboxPage';
import { VocabularyPage } from './assistant/VocabularyPage';

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
                <RequirePermission permission="assistant.documents.manage">
                  <DocumentsPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/documents/:id"
              element={
                <RequirePermission permission="assistant.documents.manage">
                  <DocumentEditPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/import"
              element={
                <RequirePermission permission="assistant.documents.manage">
                  <ImportPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/vocabulaire"
              element={
                <RequirePermission permission="assistant.vocabulary.manage">
                  <VocabularyPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/demandes"
              element={
                <RequirePermission permission="assistant.inbox">
                  <InboxPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/demandes/:id"
              element={
                <RequirePermission permission="assistant.inbox">
                  <AdminTicketPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/statistiques"
              element={
                <RequirePermission permission="assistant.analytics">
                  <AnalyticsPage />
                </RequirePermission>
              }
            />
            <Route
              path="assistant/reglages"
              element={
                <RequirePermission permission="settings.manage">
                  <AssistantSettingsPage />
                </RequirePermission>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </AuthProvider>
  );
}
