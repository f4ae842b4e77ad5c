import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { alertsApi, paths, PUSH_TOKEN_KEY } from '../api';
import { ScopeFields, type Scope } from './ScopeFields';
import '../alerts.css';

/** When the subscription is this browser's push subscription: the browser unsubscribes too, and forgets its token. */
async function forgetBrowserPush(token: string): Promise<void> {
  if (localStorage.getItem(PUSH_TOKEN_KEY) !== token) return;
  localStorage.removeItem(PUSH_TOKEN_KEY);
  try {
    const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration('/alerts-sw.js') : undefined;
    await (await registration?.pushManager.getSubscription())?.unsubscribe();
  } catch {
    /* the server no longer sends anything anyway */
  }
}

/** `/alertes/gerer/:token`: the link in every alert. Change one's choices, unsubscribe, or delete one's data. */
export function ManagePage() {
  const { t } = useTranslation('communication');
  const token = useParams().token ?? '';
  const subscription = useResource(() => alertsApi.get(token), [token]);
  const options = useResource(() => alertsApi.options(), []);
  const submission = useSubmission();
  const [scope, setScope] = useState<Scope | null>(null);
  const [done, setDone] = useState<'saved' | 'unsubscribed' | 'deleted' | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    const s = subscription.data;
    if (s) setScope({ topics: s.topics, zones: s.zones, wholeCommune: s.wholeCommune, frequency: s.frequency });
  }, [subscription.data]);

  if (done === 'deleted') {
    return (
      <Page title={t('alerts.manage.deletedTitle')} className="al-page">
        <StatusMessage tone="success">
          <span data-testid="deleted">{t('alerts.manage.deleted')}</span>
        </StatusMessage>
        <p>
          <Link to={paths.subscribe}>{t('alerts.manage.subscribeAgain')}</Link>
        </p>
      </Page>
    );
  }
  if (subscription.error && !subscription.data) {
    return (
      <Page title={t('alerts.manage.title')} className="al-page">
        <p>{problemMessage(t, subscription.error)}</p>
        <p>
          <Link to={paths.subscribe}>{t('alerts.manage.subscribeAgain')}</Link>
        </p>
      </Page>
    );
  }
  const sub = subscription.data;
  if (!sub || !options.data || !scope) return <Loading />;
  // The subscription's own language (its messages'), not the page's: sent back unchanged.
  const language = sub.language;

  return (
    <Page title={t('alerts.manage.title')} lead={<p>{t(`alerts.manage.lead.${sub.channel}`)}</p>} className="al-page">
      <ErrorSummary error={submission.error} />
      {done === 'saved' ? <StatusMessage tone="success">{t('alerts.manage.saved')}</StatusMessage> : null}
      {sub.status === 'unsubscribed' ? (
        <StatusMessage tone="info">
          <span data-testid="unsubscribed">{t('alerts.manage.unsubscribed')}</span>
        </StatusMessage>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            submission.submit(async () => {
              subscription.set(await alertsApi.update(token, { ...scope, language }));
              setDone('saved');
            });
          }}
        >
          <ScopeFields options={options.data} scope={scope} onChange={setScope} idPrefix="al-manage" />
          <div className="al-actions">
            <button type="submit" className="button button-primary" disabled={submission.pending}>
              {t('alerts.manage.save')}
            </button>
            <button
              type="button"
              className="button"
              disabled={submission.pending}
              onClick={() =>
                submission.submit(async () => {
                  await alertsApi.unsubscribe(token);
                  await forgetBrowserPush(token);
                  setDone('unsubscribed');
                  subscription.reload();
                })
              }
            >
              {t('alerts.manage.unsubscribe')}
            </button>
          </div>
        </form>
      )}
      <section className="section" aria-labelledby="al-delete-title">
        <h2 id="al-delete-title">{t('alerts.manage.deleteTitle')}</h2>
        <p>{t('alerts.manage.deleteText')}</p>
        {confirmDelete ? (
          <div className="al-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={submission.pending}
              onClick={() =>
                submission.submit(async () => {
                  await alertsApi.remove(token);
                  await forgetBrowserPush(token);
                  setDone('deleted');
                })
              }
            >
              {t('alerts.manage.deleteConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              {t('alerts.manage.deleteCancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="button" onClick={() => setConfirmDelete(true)}>
            {t('alerts.manage.delete')}
          </button>
        )}
      </section>
    </Page>
  );
}
