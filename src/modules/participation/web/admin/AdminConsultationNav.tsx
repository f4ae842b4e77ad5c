import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router-dom';
import { useAuth } from '@web/admin/AuthContext';
import { paths, PERMISSIONS, type AdminConsultation } from '../api';

/** The back-office pages of one consultation, those the staff member may open. */
export function AdminConsultationNav({ consultation: c }: { consultation: Pick<AdminConsultation, 'id' | 'title' | 'moderation'> }) {
  const { t } = useTranslation('participation');
  const { can } = useAuth();
  const items = [
    { to: paths.admin.consultation(c.id), label: t('admin.tabs.consultation'), show: can(PERMISSIONS.analytics) },
    {
      to: paths.admin.moderation(c.id),
      label: c.moderation.pending ? t('admin.tabs.moderationCount', { count: c.moderation.pending }) : t('admin.tabs.moderation'),
      show: can(PERMISSIONS.moderate),
    },
    { to: paths.admin.stats(c.id), label: t('admin.tabs.stats'), show: can(PERMISSIONS.analytics) },
    { to: paths.admin.imports(c.id), label: t('admin.tabs.import'), show: can(PERMISSIONS.manage) },
    { to: paths.admin.synthesis(c.id), label: t('admin.tabs.synthesis'), show: can(PERMISSIONS.synthesis) },
  ].filter((i) => i.show);
  return (
    <>
      <p className="pa-breadcrumb">
        <Link to={paths.admin.list}>{t('admin.backToList')}</Link>
      </p>
      <nav className="pa-subnav" aria-label={t('admin.tabs.label', { title: c.title })}>
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
    </>
  );
}
