import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { paths } from '../../api';

/** The configuration pages of public space, one link each; the current one is marked for screen readers (aria-current). */
export function ConfigNav() {
  const { t } = useTranslation('public-space');
  const links = [
    { to: paths.admin.categories, label: t('config.nav.categories') },
    { to: paths.admin.teams, label: t('config.nav.teams') },
    { to: paths.admin.apiKeys, label: t('config.nav.apiKeys') },
    { to: paths.admin.places, label: t('config.nav.places') },
    { to: paths.admin.imports, label: t('config.nav.imports') },
  ];
  return (
    <nav className="ps-config-nav" aria-label={t('config.nav.label')}>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.to !== paths.admin.categories}>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
