import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import { paths, portalApi } from '../api';
import { formatDate } from '../shared/format';
import { ReportDetails } from '../shared/ReportDetails';
import { useResource } from '@web/components/useResource';
import '../public-space.css';

/**
 * `/signalements/suivi/:token`: the private tracking link of a report's author or follower (the
 * e-mails link here). The report, its history, "not fixed" while the report may be reopened, and
 * e-mail notifications on or off.
 */
export function TrackingPage() {
  const { t, i18n } = useTranslation('public-space');
  const token = useParams().token ?? '';
  const tracking = useResource(() => portalApi.tracking(token), [token]);
  const submission = useSubmission();
  const commentId = useId();
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<'reopened' | 'notifyOn' | 'notifyOff' | null>(null);

  if (tracking.error && !tracking.data) {
    return (
      <Page title={t('tracking.notFoundTitle')} className="ps-page">
        <p>{problemMessage(t, tracking.error)}</p>
        <p>
          <Link to={paths.list}>{t('common.backToList')}</Link>
        </p>
      </Page>
    );
  }
  const view = tracking.data;
  if (!view) return <Loading />;
  const report = view.report;

  return (
    <Page title={t('tracking.title', { number: report.id })} lead={<p>{view.role === 'author' ? t('tracking.leadAuthor') : t('tracking.leadFollower')}</p>} className="ps-page">
      {done === 'reopened' ? <StatusMessage tone="success">{t('tracking.reopened')}</StatusMessage> : null}
      {done === 'notifyOn' ? <StatusMessage tone="success">{t('tracking.notifyOnDone')}</StatusMessage> : null}
      {done === 'notifyOff' ? <StatusMessage tone="success">{t('tracking.notifyOffDone')}</StatusMessage> : null}
      <ErrorSummary error={submission.error} />
      <ReportDetails report={report} />
      {view.reopenableUntil ? (
        <section aria-labelledby="ps-reopen-title" className="card section" data-testid="reopen">
          <h2 id="ps-reopen-title">{t('tracking.reopenTitle')}</h2>
          <p>{t('tracking.reopenText', { date: formatDate(i18n.language, view.reopenableUntil) })}</p>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              submission.submit(async () => {
                await portalApi.reopen(token, comment.trim() || null);
                setComment('');
                setDone('reopened');
                tracking.reload();
              });
            }}
          >
            <div className="field">
              <label className="field-label" htmlFor={commentId}>
                {t('tracking.comment')}
              </label>
              <textarea id={commentId} className="field-input" rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={submission.pending}>
                {t('tracking.notFixed')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="ps-notify-title" className="section">
        <h2 id="ps-notify-title">{t('tracking.notifyTitle')}</h2>
        <p>{view.notify ? t('tracking.notifyOn') : t('tracking.notifyOff')}</p>
        <button
          type="button"
          className="button"
          disabled={submission.pending}
          onClick={() =>
            submission.submit(async () => {
              await portalApi.setNotify(token, !view.notify);
              setDone(view.notify ? 'notifyOff' : 'notifyOn');
              tracking.reload();
            })
          }
        >
          {view.notify ? t('tracking.stopNotify') : t('tracking.startNotify')}
        </button>
      </section>
      <p>
        <Link to={paths.report(report.id)}>{t('tracking.publicPage')}</Link>
      </p>
    </Page>
  );
}
