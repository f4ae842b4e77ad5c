import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { paths, portalApi, type PublicActPage } from '../api';
import { formatDate, formatSize, VoteLine } from '../shared';
import '../acts.css';
import { TableWrap } from '@web/components/TableWrap';

const intParam = (v: string | null) => (v !== null && /^\d+$/.test(v) ? Number(v) : null);

/**
 * `/deliberations/actes/:id?start=&end=`: an act's plain-language summary with its readability and
 * notice, the original file (SHA-256, date online), and the act's text with the passage a summary
 * sentence comes from highlighted.
 */
export function ActPage() {
  const { t } = useTranslation('communication');
  const { id = '' } = useParams();
  const { data, error } = useResource(() => portalApi.act(id), [id]);
  if (error) {
    return (
      <Page title={t('acts.act.notFound')} className="acts-page">
        <p>{problemMessage(t, error)}</p>
        <p>
          <Link to={paths.list}>{t('acts.act.back')}</Link>
        </p>
      </Page>
    );
  }
  if (!data) return <Loading />;
  return <ActView page={data} />;
}

function ActView({ page }: { page: PublicActPage }) {
  const { t, i18n } = useTranslation('communication');
  const { act, session, text } = page;
  const [params] = useSearchParams();
  const start = intParam(params.get('start'));
  const end = intParam(params.get('end'));
  const highlight = start !== null && end !== null && start < end && end <= text.length ? { start, end } : null;
  const mark = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!highlight || !mark.current) return;
    mark.current.scrollIntoView({ block: 'center' });
    mark.current.focus({ preventScroll: true });
  }, [highlight?.start, highlight?.end]);
  const summary = act.summary;
  const passageLink = (s: { sourceStart: number; sourceEnd: number }) => `${paths.act(act.id)}?start=${s.sourceStart}&end=${s.sourceEnd}#texte`;
  const fmt = useMemo(() => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 }), [i18n.language]);
  const topics = useResource(() => portalApi.topics(), []);
  const topicLabels = act.topics.map((id) => {
    const topic = topics.data?.items.find((x) => x.id === id);
    return topic ? (i18n.language === 'en' ? topic.en : topic.fr) : id;
  });

  return (
    <Page title={act.title} className="acts-page">
      <dl className="acts-facts">
        <dt>{t('acts.act.session')}</dt>
        <dd>
          {t('acts.portal.session', { body: session.body, date: formatDate(session.date, i18n.language) })}
          {session.place ? `, ${session.place}` : ''}
        </dd>
        {act.number ? (
          <>
            <dt>{t('acts.act.number')}</dt>
            <dd>{act.number}</dd>
          </>
        ) : null}
        <dt>{t('acts.act.kind')}</dt>
        <dd>{t(`acts.kind.${act.kind}`)}</dd>
        <dt>{t('acts.act.vote')}</dt>
        <dd>
          <VoteLine act={act} t={t} />
        </dd>
        {act.topics.length && topics.data ? (
          <>
            <dt>{t('acts.act.topics')}</dt>
            <dd>{topicLabels.join(', ')}</dd>
          </>
        ) : null}
        {act.publishedAt ? (
          <>
            <dt>{t('acts.act.online')}</dt>
            <dd>
              <time dateTime={act.publishedAt}>{formatDate(act.publishedAt, i18n.language)}</time>
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <Link to={paths.list}>{t('acts.act.back')}</Link>
      </p>

      <section className="section" aria-labelledby="acts-summary-title">
        <h2 id="acts-summary-title">
          {t('acts.act.summaryTitle')} <span className="tag tag-warning">{t('common.automatic')}</span>
        </h2>
        {summary ? (
          <div className="card" data-testid="act-summary">
            <p className="notice-card-title" data-testid="act-notice">
              {t('acts.act.notice')}
            </p>
            {summary.method === 'rewritten' ? <p>{summary.text}</p> : null}
            <p>{t(summary.method === 'rewritten' ? 'acts.act.passagesRewritten' : 'acts.act.passages')}</p>
            <ol className="acts-passages">
              {summary.sentences.map((s, i) => (
                <li key={i}>
                  <q>{s.text}</q>{' '}
                  <Link to={passageLink(s)}>
                    {t('acts.act.seePassage')}
                    <span className="visually-hidden"> {t('acts.act.passageNumber', { n: i + 1 })}</span>
                  </Link>
                </li>
              ))}
            </ol>
            <p>
              <a href="#texte">{t('acts.act.readAct')}</a>
            </p>
          </div>
        ) : (
          <p>{act.textStatus === 'needs_ocr' ? t('acts.portal.needsOcr') : t('acts.act.noSummary')}</p>
        )}
      </section>

      {summary ? (
        <section className="section" aria-labelledby="acts-readability-title">
          <h2 id="acts-readability-title">{t('acts.act.readabilityTitle')}</h2>
          <p>{t('acts.act.readabilityIntro')}</p>
          <TableWrap label={t('acts.act.readabilityTitle')}>
            <table className="table" data-testid="act-readability">
              <caption className="visually-hidden">{t('acts.act.readabilityTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('acts.act.index')}</th>
                  <th scope="col">{t('acts.act.ofSummary')}</th>
                  <th scope="col">{t('acts.act.ofAct')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">{t('acts.act.kandelMoles')}</th>
                  <td>{summary.readability.summary ? fmt.format(summary.readability.summary.kandelMoles) : '—'}</td>
                  <td>{summary.readability.act ? fmt.format(summary.readability.act.kandelMoles) : '—'}</td>
                </tr>
                <tr>
                  <th scope="row">{t('acts.act.lix')}</th>
                  <td>{summary.readability.summary ? fmt.format(summary.readability.summary.lix) : '—'}</td>
                  <td>{summary.readability.act ? fmt.format(summary.readability.act.lix) : '—'}</td>
                </tr>
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      <section className="section" aria-labelledby="acts-file-title">
        <h2 id="acts-file-title">{t('acts.act.fileTitle')}</h2>
        {act.file ? (
          <>
            <p>
              <a href={paths.file(act.id)} download data-testid="act-download">
                {t('acts.act.download', { filename: act.file.filename, size: formatSize(act.file.size, i18n.language) })}
              </a>
            </p>
            <p>
              {t('acts.act.sha256')} <code className="acts-hash" data-testid="act-sha256">{act.file.sha256}</code>
            </p>
            <p className="acts-meta">{t('acts.act.fileNote')}</p>
          </>
        ) : (
          <p>{t('acts.act.noFile')}</p>
        )}
      </section>

      {text ? (
        <section className="section" aria-labelledby="texte-title" id="texte">
          <h2 id="texte-title">{t('acts.act.textTitle')}</h2>
          <p className="acts-meta">{t(highlight ? 'acts.act.textHighlighted' : 'acts.act.textNote')}</p>
          <div className="card acts-text" data-testid="act-text" tabIndex={0} role="region" aria-labelledby="texte-title">
            {highlight ? (
              <>
                {text.slice(0, highlight.start)}
                <mark ref={(el) => void (mark.current = el)} tabIndex={-1} data-testid="act-passage">
                  <span className="visually-hidden">{t('acts.act.markStart')} </span>
                  {text.slice(highlight.start, highlight.end)}
                  <span className="visually-hidden"> {t('acts.act.markEnd')}</span>
                </mark>
                {text.slice(highlight.end)}
              </>
            ) : (
              text
            )}
          </div>
        </section>
      ) : null}
    </Page>
  );
}
