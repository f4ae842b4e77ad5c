import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useSubmission } from '@web/components/useSubmission';
import { paths, portalApi } from '../api';
import { ReportDetails } from '../shared/ReportDetails';
import { ReportsMap } from '../shared/ReportsMap';
import { useResource } from '@web/components/useResource';
import '../public-space.css';

/** `/signalements/:number`: a report as the public sees it, with "follow" while it is open. */
export function ReportPage() {
  const { t } = useTranslation('public-space');
  const number = useParams().number ?? '';
  const report = useResource(() => portalApi.report(number), [number]);
  const submission = useSubmission();
  const emailId = useId();
  const [email, setEmail] = useState('');
  const [followed, setFollowed] = useState<string | null>(null);

  if (report.error && !report.data) {
    return (
      <Page title={t('report.notFoundTitle')} className="ps-page">
        <p>{problemMessage(t, report.error)}</p>
        <p>
          <Link to={paths.list}>{t('common.backToList')}</Link>
        </p>
      </Page>
    );
  }
  const r = report.data;
  if (!r) return <Loading />;
  return (
    <Page title={t('report.title', { number: r.id, category: r.category.name })} className="ps-page">
      <ReportDetails report={r}>
        <ReportsMap
          points={[]}
          picked={r.position}
          label={t('report.mapLabel', { number: r.id })}
          description={t('report.mapDescription', { place: r.address ?? `${r.position.lat.toFixed(5)}, ${r.position.lng.toFixed(5)}` })}
          unavailableText={t('report.mapUnavailable')}
        />
      </ReportDetails>
      {r.open ? (
        <section aria-labelledby="ps-follow-title" className="card section">
          <h2 id="ps-follow-title">{t('report.followTitle')}</h2>
          {followed ? (
            <div role="status">
              <p>{t('report.followed')}</p>
              <p className="ps-tracking-link">
                <Link to={followed}>{`${window.location.origin}${followed}`}</Link>
              </p>
            </div>
          ) : (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                submission.submit(async () => {
                  const address = email.trim();
                  const res = await portalApi.follow(r.id, { contact: address ? { name: null, email: address, phone: null } : null, notify: !!address });
                  setFollowed(res.tracking.path);
                  report.set(res.report);
                });
              }}
            >
              <p>{t('report.followText')}</p>
              <ErrorSummary error={submission.error} />
              <div className="field">
                <label className="field-label" htmlFor={emailId}>
                  {t('report.followEmail')}
                </label>
                <input id={emailId} className="field-input" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
              </div>
              <div className="form-actions">
                <button type="submit" className="button button-primary" disabled={submission.pending}>
                  {t('report.follow')}
                </button>
              </div>
            </form>
          )}
        </section>
      ) : null}
      <p>
        <Link to={paths.list}>{t('common.backToList')}</Link>
      </p>
    </Page>
  );
}
