import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '@web/api/client';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, paths, type ImportResult, type PeriodFilter } from '../../api';
import { ChartTable } from '@web/components/ChartTable';
import { CleanlinessSectors, GradeBadge, GradeScale, SurveyVsReports } from '../../shared/CleanlinessSectors';
import { formatDate } from '../../shared/format';
import { PeriodForm } from '../../shared/PeriodForm';
import { SectorsMap } from '../../shared/SectorsMap';
import { CleanlinessNav } from './CleanlinessNav';
import '../../public-space.css';

/** The lines a refused import listed (the problem's `problems` extension). */
function problemLines(err: unknown): { line: number; message: string }[] {
  if (!(err instanceof ApiError)) return [];
  const list = (err.problem as { problems?: unknown }).problems;
  return Array.isArray(list) ? (list as { line: number; message: string }[]).filter((p) => typeof p?.line === 'number') : [];
}

/**
 * `/admin/proprete`: the objective cleanliness indicators (AVPU) over a period — per sector the
 * index per 100 m² and its grade on the configured thresholds, against the density of cleanliness
 * reports; for one sector, each category and the monthly trend. Every chart has its table beside
 * it. Below, the CSV import of counts from automated detection, and the lines it refused.
 */
export function CleanlinessPage() {
  const { t, i18n } = useTranslation('public-space');
  const lang = i18n.language;
  const ids = { sector: useId(), file: useId() };
  const [period, setPeriod] = useState<PeriodFilter>({});
  const view = useResource(() => adminApi.cleanliness(period), [period.from, period.to]);
  const [chosen, setChosen] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const submission = useSubmission();
  const num = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }), [lang]);
  const month = (m: string) => new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));
  const v = view.data;
  const surveyed = v?.sectors.filter((s) => s.surveys > 0) ?? [];
  const sector = v?.sectors.find((s) => s.zoneCode === chosen) ?? surveyed[0] ?? null;
  const lines = problemLines(submission.error);

  return (
    <Page title={t('cleanliness.title')} lead={<p>{t('cleanliness.intro')}</p>} className="ps-page ps-admin ps-wide">
      <CleanlinessNav />
      <p>
        <Link to={paths.admin.survey} className="button button-primary">
          {t('cleanliness.newSurvey')}
        </Link>
      </p>
      <PeriodForm period={period} setPeriod={setPeriod} />
      {view.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, view.error)}
        </p>
      ) : null}
      {!v && !view.error ? <Loading /> : null}
      {v ? (
        <>
          <p role="status">
            {v.from && v.to ? t('dashboard.period', { from: formatDate(lang, v.from), to: formatDate(lang, v.to) }) : t('cleanliness.noSurveys')}
            {v.demo ? ` ${t('cleanliness.demo')}` : ''}
          </p>
          <dl className="ps-facts ps-totals" data-testid="cleanliness-overall">
            <div>
              <dt>{t('cleanliness.overallIndex')}</dt>
              <dd>{v.overall.index === null ? '—' : num.format(v.overall.index)}</dd>
            </div>
            <div>
              <dt>{t('cleanliness.grade')}</dt>
              <dd>
                <GradeBadge grade={v.overall.grade} />
              </dd>
            </div>
            <div>
              <dt>{t('cleanliness.surveys')}</dt>
              <dd>{num.format(v.overall.surveys)}</dd>
            </div>
          </dl>
          <GradeScale thresholds={v.thresholds} />

          <section className="section" aria-labelledby="ps-clean-sectors">
            <h2 id="ps-clean-sectors">{t('cleanliness.bySector')}</h2>
            <p>{t('cleanliness.bySectorIntro')}</p>
            <SectorsMap view={v} />
            <CleanlinessSectors view={v} testId="cleanliness-sectors" />
            <SurveyVsReports view={v} />
          </section>

          <section className="section" aria-labelledby="ps-clean-sector">
            <h2 id="ps-clean-sector">{t('cleanliness.sectorDetail')}</h2>
            {surveyed.length === 0 ? (
              <p>{t('cleanliness.noSurveys')}</p>
            ) : (
              <>
                <div className="field">
                  <label className="field-label" htmlFor={ids.sector}>
                    {t('cleanliness.sector')}
                  </label>
                  <select id={ids.sector} className="field-input" value={sector?.zoneCode ?? ''} onChange={(e) => setChosen(e.target.value)}>
                    {surveyed.map((s) => (
                      <option key={s.zoneCode} value={s.zoneCode}>
                        {s.zoneName ?? s.zoneCode}
                      </option>
                    ))}
                  </select>
                </div>
                {sector ? (
                  <>
                    <h3>{t('cleanliness.byCategory', { sector: sector.zoneName ?? sector.zoneCode })}</h3>
                    <ChartTable
                      testId="cleanliness-categories"
                      caption={t('cleanliness.byCategoryCaption', { sector: sector.zoneName ?? sector.zoneCode })}
                      columns={[t('cleanliness.category'), t('cleanliness.count'), t('cleanliness.per100m2'), t('cleanliness.grade')]}
                      rows={sector.categories.map((c) => ({
                        key: c.category,
                        label: t(`cleanliness.categories.${c.category}`),
                        cells: [num.format(c.count), num.format(c.per100m2), <GradeBadge key="g" grade={c.grade} />],
                        value: c.per100m2,
                        valueText: `${num.format(c.per100m2)} (${c.grade})`,
                      }))}
                    />
                    <h3>{t('cleanliness.trend', { sector: sector.zoneName ?? sector.zoneCode })}</h3>
                    <ChartTable
                      testId="cleanliness-trend"
                      caption={t('cleanliness.trendCaption', { sector: sector.zoneName ?? sector.zoneCode })}
                      columns={[t('dashboard.month'), t('cleanliness.index'), t('cleanliness.grade'), t('cleanliness.surveys')]}
                      rows={sector.trend.map((m) => ({
                        key: m.month,
                        label: month(m.month),
                        cells: [num.format(m.index), <GradeBadge key="g" grade={m.grade} />, num.format(m.surveys)],
                        value: m.index,
                        valueText: `${num.format(m.index)} (${m.grade})`,
                      }))}
                    />
                  </>
                ) : null}
              </>
            )}
          </section>
        </>
      ) : null}

      <section className="section card" aria-labelledby="ps-clean-import" data-testid="survey-import">
        <h2 id="ps-clean-import">{t('cleanliness.import.title')}</h2>
        <p>{t('cleanliness.import.intro')}</p>
        {result ? <StatusMessage tone="success">{t('cleanliness.import.done', { count: result.imported })}</StatusMessage> : null}
        <ErrorSummary error={submission.error} />
        {lines.length ? (
          <ul className="ps-problems" data-testid="survey-import-problems" aria-label={t('cleanliness.import.problems')}>
            {lines.map((p) => (
              <li key={p.line}>{t('places.problemLine', { line: p.line, message: p.message })}</li>
            ))}
          </ul>
        ) : null}
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            submission.submit(async () => {
              setResult(null);
              const chosenFile = file.current?.files?.[0];
              if (!chosenFile) return;
              setResult(await adminApi.importSurveys(chosenFile));
              if (file.current) file.current.value = '';
              view.reload();
            });
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={ids.file}>
              {t('cleanliness.import.file')}
            </label>
            <p className="field-description" id={`${ids.file}-help`}>
              {t('cleanliness.import.fileHelp')}
            </p>
            <input id={ids.file} ref={file} className="field-input" type="file" name="file" required accept=".csv,text/csv" aria-describedby={`${ids.file}-help`} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={submission.pending}>
              {t('cleanliness.import.submit')}
            </button>
          </div>
        </form>
      </section>
    </Page>
  );
}
