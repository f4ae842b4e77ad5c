import { useEffect, useMemo, useState } from 'react';
import { Button, Form, Switch } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, api } from '@web/api/client';
import { loadRegister } from '@web/api/register';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import type { SettingsRead, SettingUpdate } from '../../../../platform/settings/api-schemas';
import type { ANSWERING_SETTING_SPEC } from '../../engine/api-schemas';
import type { RETENTION_SETTING_SPEC } from '../../privacy/api-schemas';
import { nearestPoint, RETENTION_FIELDS, RETENTION_MAX_DAYS, type AnsweringSetting, type Calibration, type RetentionSetting } from './api';

/** The settings this page edits, as `GET /api/admin/settings` returns them (it returns every setting). */
type AssistantSettings = SettingsRead<[typeof ANSWERING_SETTING_SPEC, typeof RETENTION_SETTING_SPEC]>;
import './assistant-admin.css';

const SETTING_ERROR_PREFIXES = ['/body/value', '/body', '/value'];

/** Abstention threshold (with the measured trade-off beside it), hand-off, and how long residents' data is kept. */
export function AssistantSettingsPage() {
  const { t, i18n } = useTranslation('assistant');
  const [setting, setSetting] = useState<AnsweringSetting | null>(null);
  const [calibration, setCalibration] = useState<Calibration | null>(null);
  const [calibrationError, setCalibrationError] = useState<unknown>(null);
  const [draft, setDraft] = useState({ threshold: '', handoffEnabled: true });
  const [retention, setRetention] = useState<RetentionSetting | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmission();
  const fieldErrors = fieldErrorsOf(t, error, SETTING_ERROR_PREFIXES);
  // One object per error: React Aria would show a new one again on a field since corrected.
  const thresholdErrors = useMemo((): Record<string, string> => {
    const message = fieldErrors.abstentionThreshold;
    return message ? { threshold: message } : {};
  }, [fieldErrors]);

  useEffect(() => {
    api.get<AssistantSettings>('/api/admin/settings').then((all) => {
      const s = all['assistant.answering'];
      setSetting(s);
      setDraft({ threshold: String(s.abstentionThreshold), handoffEnabled: s.handoffEnabled });
      setRetention(all['assistant.retention']);
    }, setLoadError);
    api.get<Calibration>('/api/admin/assistant/calibration').then(setCalibration, setCalibrationError);
  }, []);

  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const threshold = Number(draft.threshold.replace(',', '.'));
  const point = calibration && Number.isFinite(threshold) ? nearestPoint(calibration.curve, threshold) : null;
  const curve = calibration ? [...calibration.curve].sort((a, b) => a.threshold - b.threshold) : [];
  // A readable subset of the curve: about ten rows, always including the point nearest to the draft.
  const step = Math.max(1, Math.ceil(curve.length / 10));
  const rows = curve.filter((p, i) => i % step === 0 || p === point);

  return (
    <Page title={t('admin.settings.title')} lead={<p>{t('admin.settings.intro')}</p>}>
      {loadError ? <p className="error-text">{problemMessage(t, loadError)}</p> : null}
      {!setting && !loadError ? <Loading /> : null}
      {setting ? (
        <>
          {saved ? <StatusMessage tone="success">{t('admin.settings.saved')}</StatusMessage> : null}
          <ErrorSummary
            error={error}
            fieldErrors={fieldErrors}
            fieldLabels={{ abstentionThreshold: t('admin.settings.threshold') }}
          />
          <div className="settings-columns">
            <Form
              className="form card"
              validationErrors={thresholdErrors}
              onSubmit={(e) => {
                e.preventDefault();
                submit(() => {
                  setSaved(false);
                  return api
                    .put<AnsweringSetting, SettingUpdate<typeof ANSWERING_SETTING_SPEC>>('/api/admin/settings/assistant.answering', {
                      value: { abstentionThreshold: threshold, handoffEnabled: draft.handoffEnabled },
                    })
                    .then(() => setSaved(true));
                });
              }}
            >
              <TextInput
                label={t('admin.settings.threshold')}
                name="threshold"
                type="number"
                inputMode="decimal"
                isRequired
                value={draft.threshold}
                onChange={(v) => {
                  setSaved(false);
                  setDraft({ ...draft, threshold: v });
                }}
                description={t('admin.settings.thresholdHelp')}
              />
              <div className="tradeoff" aria-live="polite" data-testid="tradeoff">
                {point ? (
                  <p>
                    {t('admin.settings.tradeoff', {
                      coverage: pct.format(point.coverage),
                      precision: pct.format(point.precision),
                    })}
                  </p>
                ) : calibrationError ? (
                  <p className="small">{problemMessage(t, calibrationError)}</p>
                ) : null}
              </div>
              <Switch
                className="switch"
                isSelected={draft.handoffEnabled}
                onChange={(v) => {
                  setSaved(false);
                  setDraft({ ...draft, handoffEnabled: v });
                }}
              >
                <span className="switch-track" aria-hidden="true">
                  <span className="switch-thumb" />
                </span>
                {t('admin.settings.handoff')}
              </Switch>
              <div className="form-actions">
                <Button type="submit" className="button button-primary" isPending={pending}>
                  {t('admin.settings.save')}
                </Button>
              </div>
            </Form>
            {calibration ? (
              <section className="card calibration" aria-labelledby="calibration-title">
                <h2 id="calibration-title">{t('admin.settings.calibrationTitle')}</h2>
                <p>
                  {t('admin.settings.calibrationIntro', {
                    questions: calibration.dataset.questions,
                    answerable: calibration.dataset.answerable,
                    unanswerable: calibration.dataset.unanswerable,
                  })}
                </p>
                <p>
                  {t('admin.settings.recommended', { threshold: calibration.recommendedThreshold.toFixed(2) })}{' '}
                  <Button
                    className="button button-small"
                    onPress={() => setDraft({ ...draft, threshold: calibration.recommendedThreshold.toFixed(4) })}
                  >
                    {t('admin.settings.useRecommended')}
                  </Button>
                </p>
                <div className="table-wrap">
                  <table className="table" data-testid="calibration-table">
                    <caption className="visually-hidden">{t('admin.settings.calibrationTitle')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.settings.thresholdShort')}</th>
                        <th scope="col">{t('admin.settings.coverage')}</th>
                        <th scope="col">{t('admin.settings.precision')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((p) => (
                        <tr key={p.threshold} className={p === point ? 'row-current' : undefined} aria-current={p === point ? 'true' : undefined}>
                          <th scope="row">{p.threshold.toFixed(2)}</th>
                          <td>{pct.format(p.coverage)}</td>
                          <td>{pct.format(p.precision)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <p className="small">{t('admin.settings.calibrationHelp')}</p>
              </section>
            ) : null}
          </div>
          {retention ? <RetentionSection initial={retention} /> : null}
        </>
      ) : null}
    </Page>
  );
}

type RetentionField = (typeof RETENTION_FIELDS)[number];
type RetentionDraft = Record<RetentionField, string>;
const toRetentionDraft = (r: RetentionSetting): RetentionDraft => ({
  conversationsDays: String(r.conversationsDays),
  ticketsDays: String(r.ticketsDays),
  questionLogDays: String(r.questionLogDays),
});

/**
 * Every refusal of a period (missing, not a whole number, out of bounds) says the same thing: the
 * bounds. The generic messages speak of a text "too short" or "too long".
 */
function retentionFieldErrors(t: TFunction, error: unknown, language: string): Partial<Record<RetentionField, string>> {
  if (!(error instanceof ApiError)) return {};
  const out: Partial<Record<RetentionField, string>> = {};
  for (const f of error.fieldErrors) {
    const field = f.pointer.replace(/^\/body\/value\//, '') as RetentionField;
    if (RETENTION_FIELDS.includes(field)) out[field] = t('admin.retention.bounds', { max: new Intl.NumberFormat(language).format(RETENTION_MAX_DAYS) });
  }
  return out;
}

/** How long the assistant keeps residents' data: one period per kind, applied every night. */
function RetentionSection({ initial }: { initial: RetentionSetting }) {
  const { t, i18n } = useTranslation('assistant');
  const [draft, setDraft] = useState<RetentionDraft>(toRetentionDraft(initial));
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmission();
  const fieldErrors = useMemo(() => retentionFieldErrors(t, error, i18n.language), [t, error, i18n.language]);
  const labels = Object.fromEntries(RETENTION_FIELDS.map((f) => [f, t(`admin.retention.${f}`)])) as Record<RetentionField, string>;

  return (
    <section className="section" aria-labelledby="retention-title">
      <h2 id="retention-title">{t('admin.retention.title')}</h2>
      <p>{t('admin.retention.intro')}</p>
      {saved ? <StatusMessage tone="success">{t('admin.retention.saved')}</StatusMessage> : null}
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <Form
        className="form card"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          submit(() => {
            setSaved(false);
            // An empty or unreadable field goes as it is, for the server to name it.
            const value = Object.fromEntries(RETENTION_FIELDS.map((f) => [f, draft[f].trim() === '' ? null : Number(draft[f])]));
            return api.put<RetentionSetting>('/api/admin/settings/assistant.retention', { value }).then((res) => {
              setDraft(toRetentionDraft(res));
              setSaved(true);
              // The register states these periods.
              void loadRegister(true);
            });
          });
        }}
      >
        {RETENTION_FIELDS.map((f) => (
          <TextInput
            key={f}
            label={labels[f]}
            name={f}
            type="number"
            inputMode="numeric"
            isRequired
            value={draft[f]}
            onChange={(v) => {
              setSaved(false);
              setDraft((d) => ({ ...d, [f]: v }));
            }}
            description={t(`admin.retention.${f}Help`)}
          />
        ))}
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            {t('admin.retention.save')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
