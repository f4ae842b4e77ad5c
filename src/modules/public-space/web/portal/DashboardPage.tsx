import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { exportUrl, paths, portalApi, type PeriodFilter } from '../api';
import { ChartTable } from '@web/components/ChartTable';
import { CleanlinessSectors, GradeBadge, GradeScale, SurveyVsReports } from '../shared/CleanlinessSectors';
import { formatDate } from '../shared/format';
import { PeriodForm } from '../shared/PeriodForm';
import '../public-space.css';

/**
 * `/signalements/tableau-de-bord`: the public figures of reports over a period (by month, status
 * and category), equity across districts, and the open data (CSV, GeoJSON) filtered the same way.
 * Every chart has its data table beside it.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation('public-space');
  const lang = i18n.language;
  const ids = { state: useId(), category: useId() };
  const [period, setPeriod] = useState<PeriodFilter>({});
  const [state, setState] = useState<'open' | 'closed' | 'all'>('all');
  const [category, setCategory] = useState('');
  const dashboard = useResource(() => portalApi.dashboard(period), [period.from, period.to]);
  const equity = useResource(() => portalApi.equity(period), [period.from, period.to]);
  const categories = useResource(() => portalApi.categories(), []);
  const cleanliness = useResource(() => portalApi.cleanliness(period), [period.from, period.to]);
  const num = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }), [lang]);
  const pct = useMemo(() => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }), [lang]);
  const money = useMemo(() => new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }), [lang]);
  const month = (m: string) => new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));
  const days = (d: number | null) => (d === null ? '—' : t('dashboard.days', { count: d, value: num.format(d) }));
  const d = dashboard.data;
  const e = equity.data;
  const c = cleanliness.data;
  const exportFilter = { ...period, state, category: category || undefined };

  return (
    <Page title={t('dashboard.title')} lead={<p>{t('dashboard.intro')}</p>} className="ps-page ps-wide">
      <p>
        <Link to={paths.list}>{t('common.backToList')}</Link>
      </p>
      <PeriodForm period={period} setPeriod={setPeriod} />
      {dashboard.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, dashboard.error)}
        </p>
      ) : null}
      {!d && !dashboard.error ? <Loading /> : null}
      {d ? (
        <>
          <p role="status">
            {t('dashboard.period', { from: formatDate(lang, d.period.from), to: formatDate(lang, d.period.to) })}
            {d.demo ? ` ${t('dashboard.demo')}` : ''}
          </p>
          <dl className="ps-facts ps-totals" data-testid="dashboard-totals">
            <div>
              <dt>{t('dashboard.totals.reports')}</dt>
              <dd>{num.format(d.totals.reports)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.totals.open')}</dt>
              <dd>{num.format(d.totals.open)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.totals.resolved')}</dt>
              <dd>{num.format(d.totals.resolved)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.totals.rejected')}</dt>
              <dd>{num.format(d.totals.rejected)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.totals.median')}</dt>
              <dd>{days(d.totals.medianDaysToResolve)}</dd>
            </div>
            <div>
              <dt>{t('dashboard.totals.reopened')}</dt>
              <dd>{d.totals.reopenedShare === null ? '—' : pct.format(d.totals.reopenedShare)}</dd>
            </div>
          </dl>

          <section className="section" aria-labelledby="ps-dash-month">
            <h2 id="ps-dash-month">{t('dashboard.byMonth')}</h2>
            <ChartTable
              testId="by-month"
              caption={t('dashboard.byMonthCaption')}
              columns={[t('dashboard.month'), t('dashboard.reports'), t('dashboard.resolved')]}
              rows={d.byMonth.map((m) => ({ key: m.month, label: month(m.month), cells: [num.format(m.reports), num.format(m.resolved)], value: m.reports, valueText: num.format(m.reports) }))}
            />
          </section>

          <section className="section" aria-labelledby="ps-dash-status">
            <h2 id="ps-dash-status">{t('dashboard.byStatus')}</h2>
            <ChartTable
              testId="by-status"
              caption={t('dashboard.byStatusCaption')}
              columns={[t('report.status'), t('dashboard.reports')]}
              rows={d.byStatus.map((s) => ({ key: s.status, label: t(`status.${s.status}`), cells: [num.format(s.reports)], value: s.reports, valueText: num.format(s.reports) }))}
            />
          </section>

          <section className="section" aria-labelledby="ps-dash-category">
            <h2 id="ps-dash-category">{t('dashboard.byCategory')}</h2>
            <ChartTable
              testId="by-category"
              caption={t('dashboard.byCategoryCaption')}
              columns={[t('report.category'), t('dashboard.reports'), t('dashboard.open'), t('dashboard.median')]}
              rows={d.byCategory.map((c) => ({
                key: c.code,
                label: c.name,
                cells: [num.format(c.reports), num.format(c.open), days(c.medianDaysToResolve)],
                value: c.reports,
                valueText: num.format(c.reports),
              }))}
            />
          </section>
        </>
      ) : null}

      <section className="section" aria-labelledby="ps-dash-equity">
        <h2 id="ps-dash-equity">{t('dashboard.equity')}</h2>
        {equity.error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, equity.error)}
          </p>
        ) : null}
        {e && e.districts.length === 0 ? <p>{t('dashboard.noDistricts')}</p> : null}
        {e && e.districts.length > 0 ? (
          <>
            <p>{lang === 'en' ? e.rule.en : e.rule.fr}</p>
            <ChartTable
              testId="equity"
              caption={t('dashboard.equityCaption')}
              columns={[t('dashboard.district'), t('dashboard.reports'), t('dashboard.per1000'), t('dashboard.median'), t('dashboard.reopened'), t('dashboard.income'), t('dashboard.slower')]}
              rows={e.districts.map((x) => ({
                key: x.code,
                label: x.name ?? x.code,
                cells: [
                  num.format(x.reports),
                  x.reportsPer1000 === null ? '—' : num.format(x.reportsPer1000),
                  days(x.medianDaysToResolve),
                  x.reopenedShare === null ? '—' : pct.format(x.reopenedShare),
                  x.medianIncome === null ? '—' : money.format(x.medianIncome),
                  x.slower ? t('dashboard.slowerYes') : t('dashboard.slowerNo'),
                ],
                value: x.medianDaysToResolve ?? 0,
                valueText: `${days(x.medianDaysToResolve)}${x.slower ? ` — ${t('dashboard.slowerYes')}` : ''}`,
              }))}
            />
            {e.incomeVsResolution.spearman !== null ? <p>{t('dashboard.incomeCorrelation', { rho: num.format(e.incomeVsResolution.spearman), count: e.incomeVsResolution.districts })}</p> : null}
          </>
        ) : null}
      </section>

      {c && c.overall.surveys > 0 ? (
        <section className="section" aria-labelledby="ps-dash-cleanliness" data-testid="public-cleanliness">
          <h2 id="ps-dash-cleanliness">{t('dashboard.cleanliness')}</h2>
          <p>{t('dashboard.cleanlinessIntro')}</p>
          <p>
            {t('cleanliness.overallLine', { index: c.overall.index === null ? '—' : num.format(c.overall.index) })} <GradeBadge grade={c.overall.grade} />
            {c.demo ? ` ${t('cleanliness.demo')}` : ''}
          </p>
          <GradeScale thresholds={c.thresholds} />
          <CleanlinessSectors view={c} testId="public-cleanliness-sectors" />
          <SurveyVsReports view={c} />
        </section>
      ) : null}

      <section className="section card" aria-labelledby="ps-dash-export" data-testid="exports">
        <h2 id="ps-dash-export">{t('dashboard.export')}</h2>
        <p>{t('dashboard.exportIntro')}</p>
        <div className="ps-filters">
          <div className="field">
            <label className="field-label" htmlFor={ids.state}>
              {t('list.state')}
            </label>
            <select id={ids.state} className="field-input" value={state} onChange={(ev) => setState(ev.target.value as 'open' | 'closed' | 'all')}>
              <option value="all">{t('list.stateAll')}</option>
              <option value="open">{t('list.stateOpen')}</option>
              <option value="closed">{t('list.stateClosed')}</option>
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.category}>
              {t('list.category')}
            </label>
            <select id={ids.category} className="field-input" value={category} onChange={(ev) => setCategory(ev.target.value)}>
              <option value="">{t('list.allCategories')}</option>
              {(categories.data?.items ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.parentCode ? `— ${c.name}` : c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ul className="ps-downloads">
          <li>
            <a href={exportUrl('reports.csv', exportFilter)} download>
              {t('dashboard.csv')}
            </a>
          </li>
          <li>
            <a href={exportUrl('reports.geojson', exportFilter)} download>
              {t('dashboard.geojson')}
            </a>
          </li>
        </ul>
      </section>
    </Page>
  );
}
