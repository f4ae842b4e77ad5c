import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, CLEANLINESS_CATEGORIES, paths, type CleanlinessCategory, type Survey } from '../../api';
import { CleanlinessNav } from './CleanlinessNav';
import '../../public-space.css';

type Counts = Record<CleanlinessCategory, number>;
const ZERO = Object.fromEntries(CLEANLINESS_CATEGORIES.map((c) => [c, 0])) as Counts;
const MAX_COUNT = 100_000;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * `/admin/proprete/releve`: an agent's cleanliness survey (AVPU), made for a phone held in one
 * hand: the sector, the surveyed area, then one large − / + stepper per standard category (the
 * figure is also a number field: typed, or moved with the arrow keys). The server checks
 * everything (the form sends as is) and its problems are shown above the form and by the fields.
 */
export function SurveyPage() {
  const { t, i18n } = useTranslation('public-space');
  const lang = i18n.language;
  const ids = { sector: useId(), area: useId(), segment: useId(), date: useId() };
  const view = useResource(() => adminApi.cleanliness({}), []);
  const [zoneCode, setZoneCode] = useState('');
  const [segment, setSegment] = useState('');
  const [area, setArea] = useState('');
  const [date, setDate] = useState(today);
  const [counts, setCounts] = useState<Counts>(ZERO);
  const [saved, setSaved] = useState<Survey | null>(null);
  const submission = useSubmission();
  const num = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }), [lang]);
  const fieldErrors = fieldErrorsOf(t, submission.error);
  const fieldLabels: Record<string, string> = {
    zoneCode: t('surveys.sector'),
    surveyedAreaM2: t('surveys.area'),
    segment: t('surveys.segment'),
    surveyedAt: t('surveys.date'),
    ...Object.fromEntries(CLEANLINESS_CATEGORIES.map((c) => [`counts.${c}`, t(`cleanliness.categories.${c}`)])),
  };
  const sectors = view.data?.sectors ?? [];
  const sectorName = (code: string) => sectors.find((s) => s.zoneCode === code)?.zoneName ?? code;
  const total = CLEANLINESS_CATEGORIES.reduce((s, c) => s + counts[c], 0);

  const change = (category: CleanlinessCategory, value: number) =>
    setCounts((c) => ({ ...c, [category]: Math.max(0, Math.min(MAX_COUNT, Number.isFinite(value) ? Math.round(value) : 0)) }));

  const fieldError = (name: string, id: string) =>
    fieldErrors[name] ? (
      <p className="field-error" id={`${id}-error`}>
        {fieldErrors[name]}
      </p>
    ) : null;
  const describedBy = (name: string, id: string, help?: string) => [help, fieldErrors[name] ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <Page title={t('surveys.title')} lead={<p>{t('surveys.intro')}</p>} className="ps-page ps-admin ps-survey">
      <CleanlinessNav />
      {saved ? (
        <StatusMessage tone="success">
          <span data-testid="survey-saved">
            {t('surveys.saved', { sector: sectorName(saved.zoneCode), index: num.format(saved.index), grade: saved.grade })}
          </span>{' '}
          <Link to={paths.admin.cleanliness}>{t('surveys.seeIndicators')}</Link>
        </StatusMessage>
      ) : null}
      <ErrorSummary error={submission.error} fieldErrors={fieldErrors} fieldLabels={fieldLabels} />
      {view.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, view.error)}
        </p>
      ) : null}
      {!view.data && !view.error ? <Loading /> : null}
      {view.data ? (
        <form
          className="form card ps-survey-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submission.submit(async () => {
              setSaved(null);
              const areaValue = Number(area.replace(',', '.'));
              const result = await adminApi.createSurvey({
                zoneCode,
                segment: segment.trim() || null,
                surveyedAreaM2: area.trim() === '' || Number.isNaN(areaValue) ? 0 : areaValue,
                surveyedAt: new Date(`${date || today()}T12:00:00`).toISOString(),
                counts: Object.fromEntries(CLEANLINESS_CATEGORIES.filter((c) => counts[c] > 0).map((c) => [c, counts[c]])),
              });
              setSaved(result);
              setCounts(ZERO);
              setSegment('');
            });
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={ids.sector}>
              {t('surveys.sector')}
            </label>
            <select
              id={ids.sector}
              name="zoneCode"
              className="field-input"
              value={zoneCode}
              onChange={(e) => setZoneCode(e.target.value)}
              aria-invalid={fieldErrors.zoneCode ? true : undefined}
              aria-describedby={describedBy('zoneCode', ids.sector)}
            >
              <option value="">{t('surveys.chooseSector')}</option>
              {sectors.map((s) => (
                <option key={s.zoneCode} value={s.zoneCode}>
                  {s.zoneName ?? s.zoneCode}
                </option>
              ))}
            </select>
            {fieldError('zoneCode', ids.sector)}
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.segment}>
              {t('surveys.segment')}
            </label>
            <input id={ids.segment} name="segment" className="field-input" value={segment} maxLength={200} onChange={(e) => setSegment(e.target.value)} aria-describedby={describedBy('segment', ids.segment)} />
            {fieldError('segment', ids.segment)}
          </div>
          <div className="ps-survey-row">
            <div className="field">
              <label className="field-label" htmlFor={ids.area}>
                {t('surveys.area')}
              </label>
              <input
                id={ids.area}
                name="surveyedAreaM2"
                className="field-input ps-short-input"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={area}
                onChange={(e) => setArea(e.target.value)}
                aria-invalid={fieldErrors.surveyedAreaM2 ? true : undefined}
                aria-describedby={describedBy('surveyedAreaM2', ids.area, `${ids.area}-help`)}
              />
              <p className="field-description" id={`${ids.area}-help`}>
                {t('surveys.areaHelp')}
              </p>
              {fieldError('surveyedAreaM2', ids.area)}
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.date}>
                {t('surveys.date')}
              </label>
              <input id={ids.date} name="surveyedAt" className="field-input ps-short-input" type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} aria-describedby={describedBy('surveyedAt', ids.date)} />
              {fieldError('surveyedAt', ids.date)}
            </div>
          </div>
          <fieldset className="ps-counts">
            <legend>{t('surveys.counts')}</legend>
            <p className="field-description">{t('surveys.countsHelp')}</p>
            <ul className="ps-steppers">
              {CLEANLINESS_CATEGORIES.map((c) => (
                <Stepper key={c} category={c} label={t(`cleanliness.categories.${c}`)} value={counts[c]} onChange={(v) => change(c, v)} error={fieldErrors[`counts.${c}`]} />
              ))}
            </ul>
            <p aria-live="polite" className="ps-survey-total">
              {t('surveys.total', { count: total, value: num.format(total) })}
            </p>
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button button-primary ps-survey-submit" disabled={submission.pending}>
              {t('surveys.submit')}
            </button>
          </div>
        </form>
      ) : null}
    </Page>
  );
}

/** One category's count: large − and + buttons either side of a number field (typed, or the arrow keys). */
function Stepper({ category, label, value, onChange, error }: { category: CleanlinessCategory; label: string; value: number; onChange(value: number): void; error?: string }) {
  const { t } = useTranslation('public-space');
  const id = useId();
  return (
    <li className="ps-stepper" data-category={category}>
      <label className="ps-stepper-label" htmlFor={id}>
        {label}
      </label>
      <div className="ps-stepper-controls">
        <button type="button" className="button ps-stepper-button" aria-label={t('surveys.minus', { label })} onClick={() => onChange(value - 1)}>
          <span aria-hidden="true">−</span>
        </button>
        <input
          id={id}
          className="field-input ps-stepper-input"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_COUNT}
          step={1}
          value={value}
          onFocus={(e) => e.target.select()}
          onChange={(e) => onChange(e.target.value === '' ? 0 : Number(e.target.value))}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="button" className="button ps-stepper-button" aria-label={t('surveys.plus', { label })} onClick={() => onChange(value + 1)}>
          <span aria-hidden="true">+</span>
        </button>
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </li>
  );
}
