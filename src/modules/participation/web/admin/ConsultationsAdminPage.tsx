import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '@web/admin/AuthContext';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { adminApi, paths, PERMISSIONS } from '../api';
import { formatDate } from '../shared/format';
import { useResource } from '@web/components/useResource';
import { PhaseTag } from '../portal/PhaseTag';
import '../participation.css';
import { TableWrap } from '@web/components/TableWrap';

/** `/admin/participation`: every consultation, drafts included, with what awaits a moderator. */
export function ConsultationsAdminPage() {
  const { t, i18n } = useTranslation('participation');
  const { can } = useAuth();
  const { data, error } = useResource(() => adminApi.consultations(), []);
  return (
    <Page title={t('admin.list.title')} lead={<p>{t('admin.list.intro')}</p>} className="pa-page pa-admin">
      {can(PERMISSIONS.manage) ? (
        <p>
          <Link to={paths.admin.create} className="button button-primary">
            {t('admin.list.create')}
          </Link>
        </p>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      {!data && !error ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t('admin.list.none')}</p> : null}
      {data && data.items.length > 0 ? (
        <TableWrap label={t('admin.list.title')}>
          <table className="table table-stack" data-testid="admin-consultations">
            <caption className="visually-hidden">{t('admin.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.list.consultation')}</th>
                <th scope="col">{t('admin.list.phase')}</th>
                <th scope="col">{t('admin.list.dates')}</th>
                <th scope="col">{t('admin.list.participation')}</th>
                <th scope="col">{t('admin.list.moderation')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={paths.admin.consultation(c.id)}>{c.title}</Link>
                    {c.demo ? <span className="small"> ({t('common.demo')})</span> : null}
                  </th>
                  <td data-label={t('admin.list.phase')}>
                    <PhaseTag phase={c.phase} />
                  </td>
                  <td data-label={t('admin.list.dates')}>
                    {c.opensAt || c.closesAt
                      ? t('admin.list.datesValue', { from: formatDate(i18n.language, c.opensAt) || '…', to: formatDate(i18n.language, c.closesAt) || '…' })
                      : '—'}
                  </td>
                  <td data-label={t('admin.list.participation')}>
                    {t('admin.list.participationValue', { participants: c.counts.participants, votes: c.counts.votes, contributions: c.counts.contributions })}
                  </td>
                  <td data-label={t('admin.list.moderation')}>
                    {can(PERMISSIONS.moderate) && (c.moderation.pending > 0 || c.moderation.flagged > 0) ? (
                      <Link to={paths.admin.moderation(c.id)}>{t('admin.list.moderationValue', { pending: c.moderation.pending, flagged: c.moderation.flagged })}</Link>
                    ) : (
                      t('admin.list.moderationValue', { pending: c.moderation.pending, flagged: c.moderation.flagged })
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}
