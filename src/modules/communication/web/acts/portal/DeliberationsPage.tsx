import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { paths, portalApi } from '../api';
import { formatDate, VoteLine } from '../shared';
import '../acts.css';

/** `/deliberations`: the council's published acts, session by session, each with its plain-language summary. */
export function DeliberationsPage() {
  const { t, i18n } = useTranslation('communication');
  const { data, error } = useResource(() => portalApi.sessions(), []);
  return (
    <Page title={t('acts.portal.title')} lead={<p>{t('acts.portal.intro')}</p>} className="acts-page">
      <p className="acts-links">
        <a href={paths.scdl} download>
          {t('acts.portal.scdl')}
        </a>
        <a href={paths.feed}>{t('acts.portal.feed')}</a>
      </p>
      {error ? <p role="alert">{problemMessage(t, error)}</p> : null}
      {!data && !error ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t('acts.portal.none')}</p> : null}
      {data?.items.map((s) => (
        <section key={s.id} className="section" aria-labelledby={`session-${s.id}`} data-testid="acts-session">
          <h2 id={`session-${s.id}`}>{t('acts.portal.session', { body: s.body, date: formatDate(s.date, i18n.language) })}</h2>
          {s.place ? <p className="acts-meta">{s.place}</p> : null}
          <ul className="acts-list">
            {s.acts.map((a) => (
              <li key={a.id} className="card acts-item" data-testid="acts-item">
                <h3>
                  <Link to={paths.act(a.id)}>{a.number ? t('acts.portal.numbered', { number: a.number, title: a.title }) : a.title}</Link>
                </h3>
                <p>
                  <VoteLine act={a} t={t} />
                </p>
                {a.summaryText ? (
                  <p data-testid="acts-summary">
                    <span className="acts-summary-label">{t('acts.portal.summary')}</span> {a.summaryText}
                  </p>
                ) : a.textStatus === 'needs_ocr' ? (
                  <p className="acts-meta">{t('acts.portal.needsOcr')}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}
