import { Route, Routes } from 'react-router-dom';
import { WEB_MODULES } from '../modules';
import { NotFoundPage } from '../portal/NotFoundPage';
import { ModulePage } from '../shell/ModulePage';
import { AdminLayout } from './AdminLayout';
import { AuditPage } from './AuditPage';
import { AuthProvider } from './AuthContext';
import { ChangePasswordPage } from './ChangePasswordPage';
import { DashboardPage } from './DashboardPage';
import { RequireAuth, RequirePermission } from './guards';
import { LoginPage } from './LoginPage';
import { SettingsPage } from './SettingsPage';
import { UsersPage } from './UsersPage';

/** Every module's back-office pages; each loads on demand, the frame and navigation stay while it does. */
const moduleRoutes = WEB_MODULES.flatMap((m) => (m.admin?.routes ?? []).map((r) => ({ ...r, ns: m.name })));

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
            {moduleRoutes.map((r) => (
              <Route
                key={r.path}
                path={r.path.replace(/^\/admin\//, '')}
                element={
                  r.permission ? (
                    <RequirePermission permission={r.permission}>
                      <ModulePage page={r.page} ns={r.ns} />
                    </RequirePermission>
                  ) : (
                    <ModulePage page={r.page} ns={r.ns} />
                  )
                }
              />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </AuthProvider>
  );
}
