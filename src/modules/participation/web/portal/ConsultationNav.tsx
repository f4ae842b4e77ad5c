import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { paths, type PublicConsultation } from '../api';

/** The pages of one consultation: taking part, the opinion map, the synthesis once published. */
export function ConsultationNav({ consultation: c }: { consultation: PublicConsultation }) {
  const { t } = useTranslation('participation');
  const items = [
    { to: paths.consultation(c.id), label: c.phase === 'open' ? t('nav.participate') : t('nav.consultation'), show: true },
    { to: paths.map(c.id), label: t('nav.map'), show: c.forms.statements },
    { to: paths.synthesis(c.id), label: t('nav.synthesis'), show: c.phase === 'synthesis_published' },
  ].filter((i) => i.show);
  if (items.length < 2) return null;
  return (
    <nav className="pa-subnav" aria-label={t('nav.label')}>
      <ul>
        {items.map((i) => (
          <li key={i.to}>
            <NavLink to={i.to} end>
              {i.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
