import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { useRegister } from '../api/register';
import type { RegisterEntry } from '../api/types';
import { providerText } from '../components/AiNotice';
import { ErrorSummary } from '../components/ErrorSummary';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { currentLanguage } from '../i18n';

export function TransparencePage() {
  const { t } = useTranslation();
  const { data, error } = useRegister(true);
  const location = useLocation();

  useEffect(() => {
    if (!data || !location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.scrollIntoView();
      target.focus();
    }
  }, [data, location.hash]);

  return (
    <Page title={t('register.title')} lead={<p>{t('register.intro')}</p>}>
      {error ? <ErrorSummary error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data && (
        <>
          <p className="register-meta">
            {t('register.generated', { organisation: data.organisation, date: formatDateTime(data.generatedAt) })}{' '}
            <a href="/api/register">{t('register.json')}</a>
          </p>
          {data.entries.length === 0 ? <p>{t('register.empty')}</p> : null}
          {data.entries.length > 1 && (
            <nav aria-label={t('register.tocLabel')} className="register-toc">
              <ul>
                {data.entries.map((e) => (
                  <li key={e.id}>
                    <a href={`#${e.id}`}>{e.name[currentLanguage()]}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {data.entries.map((entry) => (
            <RegisterEntryCard key={entry.id} entry={entry} />
          ))}
        </>
      )}
    </Page>
  );
}

function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(+d)) return iso;
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'long', timeStyle: 'short' }).format(d);
}

function RegisterEntryCard({ entry }: { entry: RegisterEntry }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const titleId = `${entry.id}-title`;
  return (
    <article id={entry.id} className="register-entry" aria-labelledby={titleId} tabIndex={-1}>
      <header className="register-entry-header">
        <h2 id={titleId}>{entry.name[lang]}</h2>
        <p className="register-tags">
          <span className={`tag tag-status-${entry.status}`}>{t(`register.status.${entry.status}`)}</span>
          <span className={`tag tag-risk-${entry.riskCategory}`}>{t(`register.risk.${entry.riskCategory}.label`)}</span>
        </p>
      </header>
      <dl className="register-fields">
        <Field label={t('register.fields.purpose')}>{entry.purpose[lang]}</Field>
        <Field label={t('register.fields.provider')}>
          <strong>{providerText(entry.provider, t)}</strong>
        </Field>
        <Field label={t('register.fields.method')}>{entry.method[lang]}</Field>
        <Field label={t('register.fields.dataUsed')}>{entry.dataUsed[lang]}</Field>
        <Field label={t('register.fields.dataSources')}>
          {entry.dataSources.length ? (
            <ul>
              {entry.dataSources.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </Field>
        <Field label={t('register.fields.legalBasis')}>{entry.legalBasis[lang]}</Field>
        <Field label={t('register.fields.humanOversight')}>{entry.humanOversight[lang]}</Field>
        <Field label={t('register.fields.howToContest')}>{entry.howToContest[lang]}</Field>
        <Field label={t('register.fields.risk')}>
          <strong>{t(`register.risk.${entry.riskCategory}.label`)}.</strong> {t(`register.risk.${entry.riskCategory}.explain`)}
        </Field>
        <Field label={t('register.fields.organisation')}>
          {entry.organisation.name}
          {entry.organisation.contact ? (
            <>
              {' — '}
              <ContactLink contact={entry.organisation.contact} />
            </>
          ) : null}
        </Field>
        <Field label={t('register.fields.lastChange')}>{formatDateTime(entry.lastChange)}</Field>
        <Field label={t('register.fields.id')}>
          <code>{entry.id}</code>
        </Field>
      </dl>
    </article>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="register-field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ContactLink({ contact }: { contact: string }) {
  if (/^https?:\/\//.test(contact)) return <a href={contact}>{contact}</a>;
  if (contact.includes('@')) return <a href={`mailto:${contact}`}>{contact}</a>;
  return <>{contact}</>;
}
