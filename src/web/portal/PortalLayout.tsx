import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SkipLink } from '../components/SkipLink';
import { useSite } from '../components/SiteContext';
import { WEB_MODULES } from '../modules';
import { collect } from '../shell/web-module';

/** The shell's messages and those of every module with an entry in the portal's navigation or home page. */
export const PORTAL_NAMESPACES = ['translation', ...WEB_MODULES.filter((m) => m.portal?.nav?.length || m.portal?.home?.length).map((m) => m.name)];

export function PortalLayout() {
  const { t } = useTranslation(PORTAL_NAMESPACES);
  const { siteName, organisation, territory } = useSite();
  const navItems = [
    { to: '/', label: t('nav.home'), end: true },
    ...collect(WEB_MODULES, (m) => m.portal?.nav).map((e) => ({ to: e.to, label: t(e.label, { ns: e.ns }), end: false })),
  ];
  return (
    <div className="shell portal">
      <SkipLink />
      <header className="site-header">
        <div className="container site-header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-text">
              <span className="brand-kicker">{t('portal.kicker')}</span>
              <span className="brand-name">{siteName || t('app.name')}</span>
            </span>
          </Link>
          <div className="site-header-tools">
            {territory?.demo ? <span className="demo-badge">{t('portal.demoBadge')}</span> : null}
            <LanguageSwitch />
          </div>
        </div>
        <nav className="site-nav" aria-label={t('nav.mainLabel')}>
          <ul className="container site-nav-list">
            {navItems.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="container site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container site-footer-inner">
          <div className="footer-identity">
            <p className="footer-name">{organisation?.name ?? siteName}</p>
            {organisation?.contactEmail && (
              <p>
                {t('footer.contact')} <a href={`mailto:${organisation.contactEmail}`}>{organisation.contactEmail}</a>
              </p>
            )}
            <p className="footer-powered">{t('footer.powered')}</p>
          </div>
          <nav aria-label={t('footer.navLabel')}>
            <ul className="footer-links">
              <li>
                <Link to="/transparence">{t('footer.transparency')}</Link>
              </li>
              <li>
                <Link to="/accessibilite">{t('footer.accessibility')}</Link>
              </li>
              <li>
                <Link to="/sources">{t('footer.sources')}</Link>
              </li>
              <li>
                <a href="/api/docs">{t('footer.apiDocs')}</a>
              </li>
              <li>
                <Link to="/admin">{t('footer.staff')}</Link>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </div>
  );
}
