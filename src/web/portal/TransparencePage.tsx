import { useEffect, useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { api } from '../api/client';
import { useRegister } from '../api/register';
import type { CheckpointsDocument } from '../../platform/audit/api-schemas';
import type { RegisterEntry, RegisterRetention } from '../../platform/register/api-schemas';
import { providerText } from '../components/AiNotice';
import { ErrorSummary } from '../components/ErrorSummary';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { problemMessage } from '../components/problem';
import { currentLanguage } from '../i18n';
import { verifyCheckpointSignatures, type SignatureStatus } from './checkpoint-signature';

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
      <CheckpointsSection />
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
        {entry.retention?.length ? (
          <Field label={t('register.fields.retention')}>
            <ul className="register-retention" data-testid="register-retention">
              {entry.retention.map((r, i) => (
                <li key={i}>{t('register.retention.item', { data: r.data[lang], rule: retentionSentence(t, r) })}</li>
              ))}
            </ul>
          </Field>
        ) : null}
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

/** "Deleted 30 days after the last message.": what happens, after how long, from when, in one sentence. */
function retentionSentence(t: TFunction, retention: RegisterRetention): string {
  const lang = currentLanguage();
  const startsAt = retention.startsAt[lang];
  if (retention.days === 0) return t(`register.retention.${retention.outcome}AtOnce`, { startsAt });
  const days = new Intl.NumberFormat(lang).format(retention.days);
  return t(`register.retention.${retention.outcome}`, { count: retention.days, days, startsAt });
}

const CHECKPOINTS_URL = '/api/audit/checkpoints';
const CHECKPOINTS_SHOWN = 5;

/**
 * The signed checkpoints of the audit log: the key, the latest ones with their signatures checked
 * here, and how to check the log against a copy.
 */
function CheckpointsSection() {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<CheckpointsDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [statuses, setStatuses] = useState<Map<number, SignatureStatus> | null>(null);
  const [copied, setCopied] = useState<{ id: number; ok: boolean } | null>(null);

  useEffect(() => {
    let live = true;
    api.get<CheckpointsDocument>(CHECKPOINTS_URL, { query: { limit: CHECKPOINTS_SHOWN } }).then(
      (d) => {
        if (!live) return;
        setDoc(d);
        void verifyCheckpointSignatures(d).then((s) => live && setStatuses(s));
      },
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, []);

  const absoluteUrl = `${window.location.origin}${CHECKPOINTS_URL}`;
  const copy = (id: number, hash: string) => {
    const done = (ok: boolean) => setCopied({ id, ok });
    if (!navigator.clipboard) return done(false);
    navigator.clipboard.writeText(hash).then(
      () => done(true),
      () => done(false),
    );
  };

  return (
    <section className="section register-checkpoints" aria-labelledby="checkpoints-title" data-testid="audit-checkpoints">
      <h2 id="checkpoints-title">{t('register.checkpoints.title')}</h2>
      <p>{t('register.checkpoints.proves')}</p>
      <p>{t('register.checkpoints.howToCheck')}</p>
      <pre className="code-block">
        <code>{`npm run audit:verify -- --checkpoints ${absoluteUrl}`}</code>
      </pre>
      <p>
        <a href={CHECKPOINTS_URL}>{t('register.checkpoints.json')}</a>
      </p>
      {error ? <p className="error-text">{t('register.checkpoints.loadFailed')} {problemMessage(t, error)}</p> : null}
      {!doc && !error ? <Loading /> : null}
      {doc ? (
        <>
          <h3>{t('register.checkpoints.keyTitle')}</h3>
          <p>
            {t('register.checkpoints.keyText', { algorithm: doc.algorithm })}{' '}
            <code className="mono hash" data-testid="checkpoint-key-id">
              {doc.keyId}
            </code>
          </p>
          <details className="event-details">
            <summary>{t('register.checkpoints.fullKey')}</summary>
            <p>
              <code className="mono hash">{doc.publicKey}</code>
            </p>
          </details>
          <h3>{t('register.checkpoints.latest')}</h3>
          {doc.checkpoints.length === 0 ? (
            <p>{t('register.checkpoints.none')}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table table-stack" data-testid="checkpoints-table">
                  <caption className="visually-hidden">{t('register.checkpoints.latest')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('register.checkpoints.number')}</th>
                      <th scope="col">{t('register.checkpoints.signedAt')}</th>
                      <th scope="col">{t('register.checkpoints.events')}</th>
                      <th scope="col">{t('register.checkpoints.lastHash')}</th>
                      <th scope="col">{t('register.checkpoints.signature')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {doc.checkpoints.map((c) => {
                      const status = statuses?.get(c.id) ?? 'pending';
                      return (
                        <tr key={c.id}>
                          <th scope="row">{c.id}</th>
                          <td data-label={t('register.checkpoints.signedAt')}>
                            <time dateTime={c.signedAt}>{formatDateTime(c.signedAt)}</time>
                          </td>
                          <td data-label={t('register.checkpoints.events')}>{new Intl.NumberFormat(currentLanguage()).format(c.size)}</td>
                          <td data-label={t('register.checkpoints.lastHash')}>
                            <code className="mono">{c.lastHash.slice(0, 16)}…</code>{' '}
                            <Button className="button button-small" aria-label={t('register.checkpoints.copyLabel', { id: c.id })} onPress={() => copy(c.id, c.lastHash)}>
                              {t('register.checkpoints.copy')}
                            </Button>
                          </td>
                          <td>
                            <span className={`tag ${SIGNATURE_TAGS[status]}`} data-testid="checkpoint-signature">
                              {t(`register.checkpoints.status.${status}`)}
                            </span>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <p className="small">{t('register.checkpoints.verifiedHere')}</p>
              <p role="status" className="small">
                {copied ? (copied.ok ? t('register.checkpoints.copied', { id: copied.id }) : t('register.checkpoints.copyFailed')) : ''}
              </p>
            </>
          )}
        </>
      ) : null}
    </section>
  );
}

const SIGNATURE_TAGS: Record<SignatureStatus | 'pending', string> = {
  pending: 'tag-muted',
  valid: 'tag-ok',
  invalid: 'tag-danger',
  unknown_key: 'tag-warning',
  unverifiable: 'tag-muted',
};
