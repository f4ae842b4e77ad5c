import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { paths, portalApi, type ConsultationSummary } from '../api';
import { formatDate } from '../shared/format';
import { useResource } from '@web/components/useResource';
import { PhaseTag } from './PhaseTag';
import '../participation.css';

/** `/participation`: the consultations residents can take part in (open first), then those that ended. */
export function ConsultationsPage() {
  const { t } = useTranslation('participation');
  const { data, error } = useResource(() => portalApi.consultations(), []);
  const open = data?.items.filter((c) => c.phase === 'open') ?? [];
  const ended = data?.items.filter((c) => c.phase !== 'open') ?? [];
  return (
    <Page title={t('portal.listTitle')} lead={<p>{t('portal.listIntro')}</p>} className="pa-page">
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <section aria-labelledby="pa-open-title" className="section">
            <h2 id="pa-open-title">{t('portal.openTitle')}</h2>
            {open.length === 0 ? <p>{t('portal.noneOpen')}</p> : <ConsultationList items={open} />}
          </section>
          {ended.length > 0 ? (
            <section aria-labelledby="pa-ended-title" className="section">
              <h2 id="pa-ended-title">{t('portal.endedTitle')}</h2>
              <ConsultationList items={ended} />
            </section>
          ) : null}
        </>
      ) : null}
      <section aria-labelledby="pa-assemblies-title" className="section">
        <h2 id="pa-assemblies-title">{t('portal.assembliesTitle')}</h2>
        <p>
          {t('portal.assembliesText')} <Link to="/participation/assemblees">{t('portal.assembliesLink')}</Link>
        </p>
      </section>
    </Page>
  );
}

function ConsultationList({ items }: { items: ConsultationSummary[] }) {
  const { t, i18n } = useTranslation('participation');
  return (
    <ul className="pa-card-list" data-testid="consultation-list">
      {items.map((c) => (
        <li key={c.id} className="card pa-consultation-card">
          <h3 className="pa-card-title">
            <Link to={paths.consultation(c.id)}>{c.title}</Link>
          </h3>
          <p className="pa-card-question">{c.question}</p>
          <p className="pa-card-meta">
            <PhaseTag phase={c.phase} />
            {c.demo ? <span className="tag tag-warning">{t('common.demo')}</span> : null}
            {c.phase === 'open' && c.closesAt ? <span>{t('portal.closesOn', { date: formatDate(i18n.language, c.closesAt) })}</span> : null}
            {c.phase !== 'open' && c.closedAt ? <span>{t('portal.closedOn', { date: formatDate(i18n.language, c.closedAt) })}</span> : null}
          </p>
          <p className="pa-card-counts">
            {t('portal.counts', { participants: c.counts.participants, contributions: c.counts.contributions, statements: c.counts.statements })}
          </p>
        </li>
      ))}
    </ul>
  );
}
