import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useAuth } from './AuthContext';

export const LOGIN_PATH = '/admin/connexion';
export const CHANGE_PASSWORD_PATH = '/admin/mot-de-passe';

/** Only back-office paths are accepted as a return path, so the login page cannot be used to redirect elsewhere. */
export function safeReturnPath(value: string | null): string {
  if (!value || !value.startsWith('/admin') || value.startsWith('//') || value.startsWith(LOGIN_PATH)) return '/admin';
  return value;
}

export function RequireAuth() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') {
    const back = `${location.pathname}${location.search}`;
    const params = new URLSearchParams({ retour: back });
    if (state.expired) params.set('expire', '1');
    return <Navigate to={`${LOGIN_PATH}?${params.toString()}`} replace />;
  }
  // A temporary password set by an admin must be replaced before anything else.
  if (state.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return <Outlet />;
}

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (!can(permission)) {
    return (
      <Page title={t('admin.forbidden.title')}>
        <p>{t('admin.forbidden.text')}</p>
        <p>
          <Link to="/admin">{t('admin.forbidden.back')}</Link>
        </p>
      </Page>
    );
  }
  return <>{children}</>;
}
