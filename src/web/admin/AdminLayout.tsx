import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router-dom';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SkipLink } from '../components/SkipLink';
import { useSite } from '../components/SiteContext';
import { WEB_MODULES } from '../modules';
import { collect } from '../shell/web-module';
import { useAuth } from './AuthContext';

/** Frame of the back-office; also used, without navigation, around the login page. */
export function AdminFrame({ children, withNav = false }: { children: ReactNode; withNav?: boolean }) {
  // The modules' labels are in their own namespaces, fetched with the back-office.
  const { t } = useTranslation(['translation', ...WEB_MODULES.filter((m) => m.admin?.nav?.length).map((m) => m.name)]);
  const { siteName } = useSite();
  const auth = useAuth();
  const navigate = useNavigate();
  const user = auth.state.status === 'authenticated' ? auth.state.user : null;

  const shellItems = [
    { to: '/admin', label: t('admin.nav.dashboard'), end: true, show: true },
    { to: '/admin/utilisateurs', label: t('admin.nav.users'), show: auth.can('users.manage') },
    { to: '/admin/audit', label: t('admin.nav.audit'), show: auth.can('audit.read') },
    { to: '/admin/parametres', label: t('admin.nav.settings'), show: auth.can('settings.manage') },
  ];
  const moduleItems = collect(WEB_MODULES, (m) => m.admin?.nav).map((e) => ({
    to: e.to,
    label: t(e.label, { ns: e.ns }),
    end: false,
    show: !e.permission || auth.can(e.permission),
  }));
  const items = [...shellItems, ...moduleItems].filter((i) => i.show);

  return (
    <div className="shell admin">
      <SkipLink />
      <header className="admin-header">
        <div className="admin-header-inner">
          <Link to="/admin" className="brand brand-admin">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-text">
              <span className="brand-kicker">{t('admin.kicker')}</span>
              <span className="brand-name">{siteName || t('app.name')}</span>
            </span>
          </Link>
          <div className="admin-header-tools">
            {user && (
              <p className="admin-user">
                <span className="admin-user-name">{user.displayName}</span>{' '}
                <span className="admin-user-role">({t(`roles.${user.role}`)})</span>
              </p>
            )}
            <LanguageSwitch />
            {user && (
              <Button
                className="button button-quiet"
                onPress={() => {
                  void auth.logout().finally(() => navigate('/admin/connexion', { replace: true }));
                }}
              >
                {t('admin.logout')}
              </Button>
            )}
          </div>
        </div>
      </header>
      <div className={withNav ? 'admin-body' : 'admin-body admin-body-single'}>
        {withNav && (
          <nav className="admin-nav" aria-label={t('admin.nav.label')}>
            <ul>
              {items.map((i) => (
                <li key={i.to}>
                  <NavLink to={i.to} end={i.end}>
                    {i.label}
                  </NavLink>
                </li>
              ))}
              <li className="admin-nav-sep">
                <NavLink to="/admin/mot-de-passe">{t('admin.changePassword')}</NavLink>
              </li>
              <li>
                <Link to="/" className="admin-nav-external">{t('admin.nav.portal')}</Link>
              </li>
            </ul>
          </nav>
        )}
        <main id="main" tabIndex={-1} className="admin-main">
          {children}
        </main>
      </div>
    </div>
  );
}

export function AdminLayout() {
  return (
    <AdminFrame withNav>
      <Outlet />
    </AdminFrame>
  );
}
