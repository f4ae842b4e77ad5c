import { useEffect, useState } from 'react';
import { Button, Form, Switch } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextInput } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { fieldErrorsOf, problemMessage } from '../../components/problem';
import { StatusMessage } from '../../components/StatusMessage';
import { useSubmission } from '../../components/useSubmission';
import { nearestPoint, type AnsweringSetting, type Calibration } from './api';
import './assistant-admin.css';

const SETTING_ERROR_PREFIXES = ['/body/value', '/body', '/value'];

/** Abstention threshold (with the measured trade-off beside it), retention, hand-off. */
export function AssistantSettingsPage() {
  const { t, i18n } = useTranslation();
  const [setting, setSetting] = useState<AnsweringSetting | null>(null);
  const [calibration, setCalibration] = useState<Calibration | null>(null);
  const [calibrationError, setCalibrationError] = useState<unknown>(null);
  const [draft, setDraft] = useState({ threshold: '', retentionDays: '', handoffEnabled: true });
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const { pending, error, submit } = useSubmission();
  const fieldErrors = fieldErrorsOf(t, error, SETTING_ERROR_PREFIXES);

  useEffect(() => {
    api.get<Record<string, unknown>>('/api/admin/settings').then((all) => {
      const s = all['assistant.answering'] as AnsweringSetting | undefined;
      if (!s) return setLoadError(new Error('missing setting'));
      setSetting(s);
      setDraft({ threshold: String(s.abstentionThreshold), retentionDays: String(s.retentionDays), handoffEnabled: s.handoffEnabled });
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
    <Page title={t('assistant.admin.settings.title')} lead={<p>{t('assistant.admin.settings.intro')}</p>}>
      {loadError ? <p className="error-text">{problemMessage(t, loadError)}</p> : null}
      {!setting && !loadError ? <Loading /> : null}
      {setting ? (
        <>
          {saved ? <StatusMessage tone="success">{t('assistant.admin.settings.saved')}</StatusMessage> : null}
          <ErrorSummary
            error={error}
            fieldErrors={fieldErrors}
            fieldLabels={{
              abstentionThreshold: t('assistant.admin.settings.threshold'),
              retentionDays: t('assistant.admin.settings.retention'),
            }}
          />
          <div className="settings-columns">
            <Form
              className="form card"
              validationErrors={{
                ...(fieldErrors.abstentionThreshold ? { threshold: fieldErrors.abstentionThreshold } : {}),
                ...(fieldErrors.retentionDays ? { retentionDays: fieldErrors.retentionDays } : {}),
              }}
              onSubmit={(e) => {
                e.preventDefault();
                submit(() => {
                  setSaved(false);
                  return api
                    .put<AnsweringSetting>('/api/admin/settings/assistant.answering', {
                      value: {
                        abstentionThreshold: threshold,
                        retentionDays: Number(draft.retentionDays),
                        handoffEnabled: draft.handoffEnabled,
                      },
                    })
                    .then(() => setSaved(true));
                });
              }}
            >
              <TextInput
                label={t('assistant.admin.settings.threshold')}
                name="threshold"
                type="number"
                inputMode="decimal"
                isRequired
                value={draft.threshold}
                onChange={(v) => {
                  setSaved(false);
                  setDraft({ ...draft, threshold: v });
                }}
                description={t('assistant.admin.settings.thresholdHelp')}
              />
              <div className="tradeoff" aria-live="polite" data-testid="tradeoff">
                {point ? (
                  <p>
                    {t('assistant.admin.settings.tradeoff', {
                      coverage: pct.format(point.coverage),
                      precision: pct.format(point.precision),
                    })}
                  </p>
                ) : calibrationError ? (
                  <p className="small">{problemMessage(t, calibrationError)}</p>
                ) : null}
              </div>
              <TextInput
                label={t('assistant.admin.settings.retention')}
                name="retentionDays"
                type="number"
                inputMode="numeric"
                isRequired
                value={draft.retentionDays}
                onChange={(v) => {
                  setSaved(false);
                  setDraft({ ...draft, retentionDays: v });
                }}
                description={t('assistant.admin.settings.retentionHelp')}
              />
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
                {t('assistant.admin.settings.handoff')}
              </Switch>
              <div className="form-actions">
                <Button type="submit" className="button button-primary" isPending={pending}>
                  {t('assistant.admin.settings.save')}
                </Button>
              </div>
            </Form>
            {calibration ? (
              <section className="card calibration" aria-labelledby="calibration-title">
                <h2 id="calibration-title">{t('assistant.admin.settings.calibrationTitle')}</h2>
                <p>
                  {t('assistant.admin.settings.calibrationIntro', {
                    questions: calibration.dataset?.questions ?? '—',
                    answerable: calibration.dataset?.answerable ?? '—',
                    unanswerable: calibration.dataset?.unanswerable ?? '—',
                  })}
                </p>
                <p>
                  {t('assistant.admin.settings.recommended', { threshold: calibration.recommendedThreshold.toFixed(2) })}{' '}
                  <Button
                    className="button button-small"
                    onPress={() => setDraft({ ...draft, threshold: calibration.recommendedThreshold.toFixed(4) })}
                  >
                    {t('assistant.admin.settings.useRecommended')}
                  </Button>
                </p>
                <div className="table-wrap">
                  <table className="table" data-testid="calibration-table">
                    <caption className="visually-hidden">{t('assistant.admin.settings.calibrationTitle')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('assistant.admin.settings.thresholdShort')}</th>
                        <th scope="col">{t('assistant.admin.settings.coverage')}</th>
                        <th scope="col">{t('assistant.admin.settings.precision')}</th>
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
                <p className="small">{t('assistant.admin.settings.calibrationHelp')}</p>
              </section>
            ) : null}
          </div>
        </>
      ) : null}
    </Page>
  );
}
