import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { alertsApi, applicationServerKey, paths, PUSH_TOKEN_KEY, storeTokenForWorker } from '../api';
import { EMPTY_SCOPE, ScopeFields, type Scope } from './ScopeFields';
import '../alerts.css';

const pushSupported = () => typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/**
 * `/alertes`: subscribe to the commune's alerts by e-mail (a confirmation link is mailed: nothing is
 * sent before it is opened) or in this browser (web push), choosing topics, neighbourhoods and frequency.
 */
export function SubscribePage() {
  const { t, i18n } = useTranslation('communication');
  const options = useResource(() => alertsApi.options(), []);
  const [email, setEmail] = useState('');
  const [scope, setScope] = useState<Scope>(EMPTY_SCOPE);
  const [sent, setSent] = useState(false);
  const [pushToken, setPushToken] = useState<string | null>(() => (typeof localStorage !== 'undefined' ? localStorage.getItem(PUSH_TOKEN_KEY) : null));
  const submission = useSubmission();
  const language = i18n.language === 'en' ? 'en' : 'fr';

  if (options.error && !options.data) {
    return (
      <Page title={t('alerts.subscribe.title')}>
        <p>{problemMessage(t, options.error)}</p>
      </Page>
    );
  }
  if (!options.data) return <Loading />;
  const opts = options.data;

  const subscribePush = () =>
    submission.submit(async () => {
      if (!opts.pushPublicKey) return;
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') throw new Error(t('alerts.push.denied'));
      const registration = await navigator.serviceWorker.register('/alerts-sw.js');
      await navigator.serviceWorker.ready;
      const subscription = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(opts.pushPublicKey) }));
      const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      const { manageToken } = await alertsApi.subscribePush({ subscription: { endpoint: json.endpoint, keys: json.keys }, ...scope, language });
      localStorage.setItem(PUSH_TOKEN_KEY, manageToken);
      await storeTokenForWorker(manageToken);
      setPushToken(manageToken);
    });

  return (
    <Page title={t('alerts.subscribe.title')} lead={<p>{t('alerts.subscribe.lead')}</p>} className="al-page">
      <ErrorSummary error={submission.error} />
      {sent ? (
        <StatusMessage tone="success">
          <span data-testid="subscribe-sent">{t('alerts.subscribe.sent')}</span>
        </StatusMessage>
      ) : null}
      <form
        className="form"
        noValidate={false}
        onSubmit={(e) => {
          e.preventDefault();
          submission.submit(async () => {
            await alertsApi.subscribe({ email: email.trim(), ...scope, language });
            setSent(true);
          });
        }}
      >
        <ScopeFields options={opts} scope={scope} onChange={setScope} idPrefix="al-sub" />
        {opts.email ? (
          <>
            <TextInput label={t('alerts.subscribe.email')} description={t('alerts.subscribe.emailHelp')} type="email" autoComplete="email" isRequired value={email} onChange={setEmail} name="email" />
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={submission.pending}>
                {t('alerts.subscribe.submit')}
              </button>
            </div>
          </>
        ) : (
          <p>{t('alerts.subscribe.noEmail')}</p>
        )}
      </form>
      {opts.pushPublicKey && pushSupported() ? (
        <section className="section" aria-labelledby="al-push-title">
          <h2 id="al-push-title">{t('alerts.push.title')}</h2>
          <p>{t('alerts.push.text')}</p>
          {pushToken ? (
            <p>
              <Link to={paths.manage(pushToken)}>{t('alerts.push.manage')}</Link>
            </p>
          ) : null}
          <button type="button" className="button" disabled={submission.pending} onClick={subscribePush}>
            {pushToken ? t('alerts.push.update') : t('alerts.push.subscribe')}
          </button>
        </section>
      ) : null}
      <p className="al-meta">{t('alerts.subscribe.privacy')}</p>
    </Page>
  );
}
