import { useEffect, useState } from 'react';
import { Button, Form, Switch } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { loadRegister } from '../api/register';
import type { AiProvidersRead, Organisation, ProviderSettingRead } from '../api/types';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextInput } from '../components/fields';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useSubmission } from '../components/useSubmission';
import { fieldErrorsOf } from '../components/problem';
import { useSite } from '../components/SiteContext';
import { StatusMessage } from '../components/StatusMessage';

type Settings = { 'ai.providers'?: AiProvidersRead; organisation?: Organisation } & Record<string, unknown>;
const SETTING_ERROR_PREFIXES = ['/body', '/value'];

export function SettingsPage() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.get<Settings>('/api/admin/settings').then(setSettings, setError);
  }, []);

  return (
    <Page title={t('settings.title')} lead={<p>{t('settings.intro')}</p>}>
      {error ? <ErrorSummary error={error} /> : null}
      {!settings && !error ? <Loading /> : null}
      {settings?.['ai.providers'] && <ProvidersForm initial={settings['ai.providers']} />}
      {settings?.organisation && <OrganisationForm initial={settings.organisation} />}
    </Page>
  );
}

interface ProviderDraft {
  enabled: boolean;
  baseUrl: string;
  model: string;
  /** Empty keeps the stored key. */
  newApiKey: string;
  keySet: boolean;
}

function toDraft(p: ProviderSettingRead): ProviderDraft {
  const keySet = typeof p.apiKey === 'string' ? p.apiKey.length > 0 : Boolean(p.apiKey?.set);
  return { enabled: p.enabled, baseUrl: p.baseUrl ?? '', model: p.model ?? '', newApiKey: '', keySet };
}

const KINDS = ['generation', 'embeddings', 'reranking'] as const;
type Kind = (typeof KINDS)[number];

function ProvidersForm({ initial }: { initial: AiProvidersRead }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Record<Kind, ProviderDraft>>({
    generation: toDraft(initial.generation),
    embeddings: toDraft(initial.embeddings),
    reranking: toDraft(initial.reranking),
  });
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmission();
  const fieldErrors = fieldErrorsOf(t, error, SETTING_ERROR_PREFIXES);
  const update = (kind: Kind, patch: Partial<ProviderDraft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [kind]: { ...d[kind], ...patch } }));
  };

  const labels: Record<string, string> = {};
  for (const kind of KINDS) {
    labels[`${kind}.enabled`] = `${t(`settings.providers.${kind}.title`)} — ${t('settings.providers.enabled')}`;
    labels[`${kind}.baseUrl`] = `${t(`settings.providers.${kind}.title`)} — ${t('settings.providers.baseUrl')}`;
    labels[`${kind}.model`] = `${t(`settings.providers.${kind}.title`)} — ${t('settings.providers.model')}`;
    labels[`${kind}.apiKey`] = `${t(`settings.providers.${kind}.title`)} — ${t('settings.providers.apiKey')}`;
  }

  return (
    <section aria-labelledby="settings-providers-title" className="section">
      <h2 id="settings-providers-title">{t('settings.providers.title')}</h2>
      <p>{t('settings.providers.intro')}</p>
      {saved ? <StatusMessage tone="success">{t('settings.providers.saved')}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <Form
        className="form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          if (pending) return;
          setSaved(false);
          const value: Record<string, unknown> = {};
          for (const kind of KINDS) {
            const d = draft[kind];
            value[kind] = {
              enabled: d.enabled,
              baseUrl: d.baseUrl.trim() || null,
              model: d.model.trim() || null,
              // The server keeps the stored key when it receives the masked marker back.
              apiKey: d.newApiKey ? d.newApiKey : { set: d.keySet },
            };
          }
          submit(() =>
            api
              .put<AiProvidersRead>('/api/admin/settings/ai.providers', { value })
              .then((res) => {
                setDraft({ generation: toDraft(res.generation), embeddings: toDraft(res.embeddings), reranking: toDraft(res.reranking) });
                setSaved(true);
                void loadRegister(true);
              })
          );
        }}
      >
        <div className="provider-grid">
          {KINDS.map((kind) => {
            const d = draft[kind];
            return (
              <fieldset key={kind} className="card provider-card">
                <legend className="provider-legend">{t(`settings.providers.${kind}.title`)}</legend>
                <div className="provider-fields">
                <p className="field-description">{t(`settings.providers.${kind}.help`)}</p>
                <Switch className="switch" isSelected={d.enabled} onChange={(v) => update(kind, { enabled: v })} name={`${kind}.enabled`}>
                  <span className="switch-track" aria-hidden="true">
                    <span className="switch-thumb" />
                  </span>
                  {t('settings.providers.enabled')}
                </Switch>
                <TextInput
                  label={t('settings.providers.baseUrl')}
                  name={`${kind}.baseUrl`}
                  type="url"
                  value={d.baseUrl}
                  onChange={(v) => update(kind, { baseUrl: v })}
                  isRequired={d.enabled}
                  description={t('settings.providers.baseUrlHelp')}
                  placeholder="https://albert.api.etalab.gouv.fr/v1"
                  autoComplete="off"
                />
                <TextInput
                  label={t('settings.providers.model')}
                  name={`${kind}.model`}
                  value={d.model}
                  onChange={(v) => update(kind, { model: v })}
                  isRequired={d.enabled}
                  autoComplete="off"
                />
                <TextInput
                  label={t('settings.providers.apiKey')}
                  name={`${kind}.apiKey`}
                  type="password"
                  value={d.newApiKey}
                  onChange={(v) => update(kind, { newApiKey: v })}
                  autoComplete="new-password"
                  description={d.keySet ? t('settings.providers.keySet') : t('settings.providers.keyUnset')}
                />
                </div>
              </fieldset>
            );
          })}
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            {t('settings.providers.save')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function OrganisationForm({ initial }: { initial: Organisation }) {
  const { t } = useTranslation();
  const { refreshOrganisation } = useSite();
  const [values, setValues] = useState({
    name: initial.name,
    contactEmail: initial.contactEmail,
    contactUrl: initial.contactUrl ?? '',
    dpoEmail: initial.dpoEmail ?? '',
  });
  const [saved, setSaved] = useState(false);
  const { error, submit } = useSubmission();
  const fieldErrors = fieldErrorsOf(t, error, SETTING_ERROR_PREFIXES);
  const set = (k: keyof typeof values) => (v: string) => {
    setSaved(false);
    setValues((prev) => ({ ...prev, [k]: v }));
  };
  const labels = {
    name: t('settings.organisation.name'),
    contactEmail: t('settings.organisation.contactEmail'),
    contactUrl: t('settings.organisation.contactUrl'),
    dpoEmail: t('settings.organisation.dpoEmail'),
  };

  return (
    <section aria-labelledby="settings-org-title" className="section">
      <h2 id="settings-org-title">{t('settings.organisation.title')}</h2>
      <p>{t('settings.organisation.intro')}</p>
      {saved ? <StatusMessage tone="success">{t('settings.organisation.saved')}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          submit(() =>
            api
              .put('/api/admin/settings/organisation', {
                value: {
                  name: values.name.trim(),
                  contactEmail: values.contactEmail.trim(),
                  contactUrl: values.contactUrl.trim() || null,
                  dpoEmail: values.dpoEmail.trim() || null,
                },
              })
              .then(() => {
                setSaved(true);
                refreshOrganisation();
                void loadRegister(true);
              })
          );
        }}
      >
        <div className="form-grid">
          <TextInput label={labels.name} name="name" isRequired value={values.name} onChange={set('name')} />
          <TextInput label={labels.contactEmail} name="contactEmail" type="email" isRequired value={values.contactEmail} onChange={set('contactEmail')} />
          <TextInput label={labels.contactUrl} name="contactUrl" type="url" value={values.contactUrl} onChange={set('contactUrl')} />
          <TextInput label={labels.dpoEmail} name="dpoEmail" type="email" value={values.dpoEmail} onChange={set('dpoEmail')} />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary">
            {t('settings.organisation.save')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
