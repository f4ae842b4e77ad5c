import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { paths } from '../../api';

/** The cleanliness pages (indicators and import, an agent's survey), one link each; the current one marked (aria-current). */
export function CleanlinessNav() {
  const { t } = useTranslation('public-space');
  const links = [
    { to: paths.admin.cleanliness, label: t('cleanliness.nav.indicators') },
    { to: paths.admin.survey, label: t('cleanliness.nav.survey') },
  ];
  return (
    <nav className="ps-config-nav" aria-label={t('cleanliness.nav.label')}>
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
