import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Form, Switch } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, api } from '../api/client';
import { loadRegister } from '../api/register';
import type {
  CHECKPOINTS_SETTING_SPEC,
  CheckpointsDocument,
  CheckpointsSetting,
  MAX_COMMITTEE_EMAILS,
  WitnessStatus,
} from '../../platform/audit/api-schemas';
import type {
  AI_PROVIDERS_SETTING,
  AiProvidersRead,
  ORGANISATION_SETTING,
  OrganisationSetting as Organisation,
  OUTBOUND_SETTING,
  OutboundSetting,
  ProviderSettingRead,
  SettingsRead,
  SettingUpdate,
} from '../../platform/settings/api-schemas';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextAreaInput, TextInput } from '../components/fields';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useSubmission } from '../components/useSubmission';
import { fieldErrorsOf, problemMessage } from '../components/problem';
import { useSite } from '../components/SiteContext';
import i18n from '../i18n';
import { StatusMessage } from '../components/StatusMessage';

/** The settings this page edits, typed from their modules' schemas with secrets masked (`GET /api/admin/settings` returns them all). */
type Settings = SettingsRead<[typeof AI_PROVIDERS_SETTING, typeof ORGANISATION_SETTING, typeof OUTBOUND_SETTING, typeof CHECKPOINTS_SETTING_SPEC]>;
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
      {settings?.['platform.outbound'] && <OutboundForm initial={settings['platform.outbound']} />}
      {settings?.['trust.checkpoints'] && <CheckpointsForm initial={settings['trust.checkpoints']} />}
    </Page>
  );
}

interface ProviderDraft {
  enabled: boolean;
  baseUrl: string;
  model: string;
  /** Empty keeps the stored key, unless the base URL changed. */
  newApiKey: string;
  keySet: boolean;
  /** The base URL the stored key belongs to. */
  savedBaseUrl: string;
}

function toDraft(p: ProviderSettingRead): ProviderDraft {
  return { enabled: p.enabled, baseUrl: p.baseUrl ?? '', model: p.model ?? '', newApiKey: '', keySet: p.apiKey.set, savedBaseUrl: p.baseUrl ?? '' };
}

/** The server keeps a stored key only for the address it was given for (`settings.secret_required`). */
const baseUrlChanged = (d: ProviderDraft) => d.baseUrl.trim() !== d.savedBaseUrl;

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
          const provider = (d: ProviderDraft) => ({
            enabled: d.enabled,
            baseUrl: d.baseUrl.trim() || null,
            model: d.model.trim() || null,
            // The server keeps the stored key when it receives the masked marker back, but not for
            // a new address: there, an empty field means no key.
            apiKey: d.newApiKey ? d.newApiKey : baseUrlChanged(d) ? '' : { set: d.keySet },
          });
          const value = { generation: provider(draft.generation), embeddings: provider(draft.embeddings), reranking: provider(draft.reranking) };
          submit(() =>
            api
              .put<AiProvidersRead, SettingUpdate<typeof AI_PROVIDERS_SETTING>>('/api/admin/settings/ai.providers', { value })
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
                  description={
                    d.keySet && baseUrlChanged(d)
                      ? t('settings.providers.keyAgain')
                      : d.keySet
                        ? t('settings.providers.keySet')
                        : t('settings.providers.keyUnset')
                  }
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
              .put<Organisation, SettingUpdate<typeof ORGANISATION_SETTING>>('/api/admin/settings/organisation', {
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

type OutboundList = keyof OutboundSetting;

/** The entries of a one-per-line field, each with its line number, to place the server's errors (`/body/value/allowedHosts/2`). */
function linesOf(value: string): { entry: string; line: number }[] {
  return value
    .split('\n')
    .map((raw, i) => ({ entry: raw.trim(), line: i + 1 }))
    .filter((l) => l.entry !== '');
}

/** A sentence read after "Line 3:", in lower case unless it starts with an acronym ("URL…"). */
function continuing(message: string): string {
  return /^\p{Lu}\p{Ll}/u.test(message) ? message.charAt(0).toLocaleLowerCase(i18n.language) + message.slice(1) : message;
}

const NOTHING_EDITED: ReadonlySet<string> = new Set();

/**
 * The server's field errors still to show under the fields: a field's go as soon as it is edited.
 * React Aria would keep them until the field loses focus, and their lines vanishing then move the
 * save button from under the pointer between its press and its release: the click is lost. The
 * object stays the same until a field is edited (React Aria shows a new one again in full).
 */
function useErrorsUntilEdited(all: Record<string, string>, error: unknown) {
  const [edited, setEdited] = useState<{ error: unknown; fields: ReadonlySet<string> }>({ error: null, fields: NOTHING_EDITED });
  const fields = edited.error === error ? edited.fields : NOTHING_EDITED;
  const shown = useMemo(() => (fields.size ? Object.fromEntries(Object.entries(all).filter(([k]) => !fields.has(k))) : all), [all, fields]);
  const markEdited = useCallback(
    (field: string) =>
      setEdited((prev) => {
        const before = prev.error === error ? prev.fields : NOTHING_EDITED;
        return before.has(field) || !(field in all) ? prev : { error, fields: new Set([...before, field]) };
      }),
    [all, error],
  );
  return { shown, markEdited };
}

/**
 * The server's field errors on one-per-line lists (in the page's language), each on its field and
 * naming the line at fault; errors on other fields keyed by their name, as `fieldErrorsOf` does.
 */
function listFieldErrors<L extends string>(
  t: TFunction,
  error: unknown,
  lines: Record<L, { entry: string; line: number }[]>,
): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string[]> = {};
  for (const f of error.fieldErrors) {
    const [field = '', index] = f.pointer.replace(/^\/body\/value\/?/, '').split('/');
    const list = field in lines ? lines[field as L] : null;
    const at = list && index !== undefined ? list[Number(index)] : undefined;
    (out[field] ??= []).push(at ? t('settings.lineError', { line: at.line, message: continuing(f.message) }) : f.message);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join(' ')]));
}

function OutboundForm({ initial }: { initial: OutboundSetting }) {
  const { t } = useTranslation();
  const toText = (v: OutboundSetting) => ({ allowedHosts: v.allowedHosts.join('\n'), allowedPrivateNetworks: v.allowedPrivateNetworks.join('\n') });
  const [values, setValues] = useState(toText(initial));
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmission();
  const lines = { allowedHosts: linesOf(values.allowedHosts), allowedPrivateNetworks: linesOf(values.allowedPrivateNetworks) };
  // The errors name the lines as they were sent; one object per error, as React Aria would show a
  // new one again on a field since corrected.
  const sentLines = useRef(lines);
  const fieldErrors = useMemo(() => listFieldErrors(t, error, sentLines.current), [t, error]);
  const { shown: shownErrors, markEdited } = useErrorsUntilEdited(fieldErrors, error);
  const labels = {
    allowedHosts: t('settings.outbound.allowedHosts'),
    allowedPrivateNetworks: t('settings.outbound.allowedPrivateNetworks'),
  };
  const set = (k: OutboundList) => (v: string) => {
    setSaved(false);
    markEdited(k);
    setValues((prev) => ({ ...prev, [k]: v }));
  };

  return (
    <section aria-labelledby="settings-outbound-title" className="section">
      <h2 id="settings-outbound-title">{t('settings.outbound.title')}</h2>
      <p>{t('settings.outbound.intro')}</p>
      <p>{t('settings.outbound.metadata')}</p>
      {saved ? <StatusMessage tone="success">{t('settings.outbound.saved')}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <Form
        className="form card"
        validationErrors={shownErrors}
        onSubmit={(e) => {
          e.preventDefault();
          sentLines.current = lines;
          submit(() =>
            api
              .put<OutboundSetting, SettingUpdate<typeof OUTBOUND_SETTING>>('/api/admin/settings/platform.outbound', {
                value: {
                  allowedHosts: lines.allowedHosts.map((l) => l.entry),
                  allowedPrivateNetworks: lines.allowedPrivateNetworks.map((l) => l.entry),
                },
              })
              .then((res) => {
                setValues(toText(res));
                setSaved(true);
              }),
          );
        }}
      >
        <div className="form-grid">
          <TextAreaInput
            label={labels.allowedHosts}
            name="allowedHosts"
            value={values.allowedHosts}
            onChange={set('allowedHosts')}
            description={t('settings.outbound.allowedHostsHelp')}
            rows={5}
            spellCheck="false"
            autoComplete="off"
          />
          <TextAreaInput
            label={labels.allowedPrivateNetworks}
            name="allowedPrivateNetworks"
            value={values.allowedPrivateNetworks}
            onChange={set('allowedPrivateNetworks')}
            description={t('settings.outbound.allowedPrivateNetworksHelp')}
            rows={5}
            spellCheck="false"
            autoComplete="off"
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('settings.outbound.save')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** The most addresses the committee may have (the setting's schema says the same). */
const MAX_EMAILS: typeof MAX_COMMITTEE_EMAILS = 20;

/** Whether each witness receives the checkpoints, as `GET /api/audit/checkpoints` publishes it. */
function useWitnessStatus(): { status: WitnessStatus | null; error: unknown; refresh(): void } {
  const [state, setState] = useState<{ status: WitnessStatus | null; error: unknown }>({ status: null, error: null });
  const refresh = useCallback(() => {
    api.get<CheckpointsDocument>('/api/audit/checkpoints', { query: { limit: 1 } }).then(
      (doc) => setState({ status: doc.witnesses ?? null, error: null }),
      (error: unknown) => setState({ status: null, error }),
    );
  }, []);
  useEffect(refresh, [refresh]);
  return { ...state, refresh };
}

function WitnessStatusList({ status }: { status: WitnessStatus }) {
  const { t } = useTranslation();
  const email = status.email;
  return (
    <ul className="witness-status" data-testid="witness-status">
      <li>
        <strong>{t('settings.checkpoints.webhookStatus')}</strong> {status.webhook.enabled ? t('settings.checkpoints.webhookOn') : t('settings.checkpoints.webhookOff')}
      </li>
      <li>
        <strong>{t('settings.checkpoints.emailStatus')}</strong>{' '}
        {email.enabled
          ? t('settings.checkpoints.emailOn', { count: email.recipients })
          : t(`settings.checkpoints.emailOff.${email.offReason ?? 'no_recipients'}`)}
      </li>
    </ul>
  );
}

/** `trust.checkpoints`: how often the audit log is signed, and who receives each checkpoint. */
function CheckpointsForm({ initial }: { initial: CheckpointsSetting }) {
  const { t } = useTranslation();
  const toText = (v: CheckpointsSetting) => ({
    intervalMinutes: String(v.intervalMinutes),
    webhookUrl: v.webhookUrl ?? '',
    committeeEmails: v.committeeEmails.join('\n'),
  });
  const [values, setValues] = useState(toText(initial));
  const [saved, setSaved] = useState(false);
  const witnesses = useWitnessStatus();
  const { pending, error, submit } = useSubmission();
  const lines = { committeeEmails: linesOf(values.committeeEmails) };
  const sentLines = useRef(lines);
  const fieldErrors = useMemo(() => listFieldErrors(t, error, sentLines.current), [t, error]);
  const { shown: shownErrors, markEdited } = useErrorsUntilEdited(fieldErrors, error);
  const labels = {
    intervalMinutes: t('settings.checkpoints.intervalMinutes'),
    webhookUrl: t('settings.checkpoints.webhookUrl'),
    committeeEmails: t('settings.checkpoints.committeeEmails'),
  };
  const set = (k: keyof typeof values) => (v: string) => {
    setSaved(false);
    markEdited(k);
    setValues((prev) => ({ ...prev, [k]: v }));
  };

  return (
    <section aria-labelledby="settings-checkpoints-title" className="section">
      <h2 id="settings-checkpoints-title">{t('settings.checkpoints.title')}</h2>
      <p>{t('settings.checkpoints.intro')}</p>
      <div className="card witness-card">
        <h3>{t('settings.checkpoints.witnessesTitle')}</h3>
        {witnesses.status ? <WitnessStatusList status={witnesses.status} /> : null}
        {witnesses.error ? <p className="error-text">{problemMessage(t, witnesses.error)}</p> : null}
      </div>
      {saved ? <StatusMessage tone="success">{t('settings.checkpoints.saved')}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <Form
        className="form card"
        validationErrors={shownErrors}
        onSubmit={(e) => {
          e.preventDefault();
          sentLines.current = lines;
          submit(() =>
            api
              .put<CheckpointsSetting, SettingUpdate<typeof CHECKPOINTS_SETTING_SPEC>>('/api/admin/settings/trust.checkpoints', {
                value: {
                  // Not a number: sent as null (JSON has no NaN), for the server to say what it expects.
                  intervalMinutes: Number(values.intervalMinutes.trim() || Number.NaN),
                  webhookUrl: values.webhookUrl.trim() || null,
                  committeeEmails: lines.committeeEmails.map((l) => l.entry),
                },
              })
              .then((res) => {
                setValues(toText(res));
                setSaved(true);
                witnesses.refresh();
              }),
          );
        }}
      >
        <div className="form-grid">
          <TextInput
            label={labels.intervalMinutes}
            name="intervalMinutes"
            type="number"
            inputMode="numeric"
            isRequired
            value={values.intervalMinutes}
            onChange={set('intervalMinutes')}
            description={t('settings.checkpoints.intervalHelp')}
          />
          <TextInput
            label={labels.webhookUrl}
            name="webhookUrl"
            type="url"
            value={values.webhookUrl}
            onChange={set('webhookUrl')}
            description={t('settings.checkpoints.webhookHelp')}
            autoComplete="off"
          />
          <TextAreaInput
            label={labels.committeeEmails}
            name="committeeEmails"
            value={values.committeeEmails}
            onChange={set('committeeEmails')}
            description={t('settings.checkpoints.committeeHelp', { max: MAX_EMAILS })}
            rows={5}
            spellCheck="false"
            autoComplete="off"
          />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('settings.checkpoints.save')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
