import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { isOpen, paths, portalApi, type PublicCategory } from '../api';
import { groupCategories } from '../shared/categories';
import { ReportsMap } from '../shared/ReportsMap';
import { StatusTag } from '../shared/StatusTag';
import { useResource } from '@web/components/useResource';
import '../public-space.css';

const PAGE = 20;

/**
 * `/signalements`: the reports on a map (clustered points or a heatmap) and in a list, filtered by
 * category, state and period; the way to report a problem, and to the dashboard.
 */
export function ReportsPage() {
  const { t } = useTranslation('public-space');
  const navigate = useNavigate();
  const categoryId = useId();
  const stateId = useId();
  const fromId = useId();
  const toId = useId();
  const displayId = useId();
  const [category, setCategory] = useState('');
  const [state, setState] = useState<'open' | 'closed' | 'all'>('open');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [display, setDisplay] = useState<'points' | 'heatmap'>('points');
  const [shown, setShown] = useState(PAGE);
  const categories = useResource(() => portalApi.categories(), []);
  const reports = useResource(() => portalApi.map({ state, category: category || undefined, from: from || undefined, to: to || undefined }), [state, category, from, to]);
  const byCode = useMemo(() => new Map<string, PublicCategory>((categories.data?.items ?? []).map((c) => [c.code, c])), [categories.data]);
  const groups = useMemo(() => groupCategories(categories.data?.items ?? []), [categories.data]);
  const items = (reports.data?.items ?? []).filter((i) => i.kind === 'report' && i.id);
  const points = useMemo(() => items.map((i) => ({ id: i.id!, lng: i.lng, lat: i.lat, open: i.status ? isOpen(i.status) : true })), [reports.data]);
  const categoryName = category ? (byCode.get(category)?.name ?? category) : t('list.allCategories');

  return (
    <Page title={t('list.title')} lead={<p>{t('list.intro')}</p>} className="ps-page">
      <p className="ps-inline">
        <Link to={paths.create} className="button button-primary">
          {t('list.report')}
        </Link>
        <Link to={paths.dashboard} className="button">
          {t('list.dashboard')}
        </Link>
      </p>
      <form className="ps-filters" aria-label={t('list.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label className="field-label" htmlFor={categoryId}>
            {t('list.category')}
          </label>
          <select
            id={categoryId}
            className="field-input"
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
              setShown(PAGE);
            }}
          >
            <option value="">{t('list.allCategories')}</option>
            {groups.map((g) =>
              g.parent ? (
                <optgroup key={g.parent.code} label={g.parent.name}>
                  <option value={g.parent.code}>{t('list.wholeGroup', { name: g.parent.name })}</option>
                  {g.leaves.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ) : (
                g.leaves.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))
              ),
            )}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={stateId}>
            {t('list.state')}
          </label>
          <select
            id={stateId}
            className="field-input"
            value={state}
            onChange={(e) => {
              setState(e.target.value as 'open' | 'closed' | 'all');
              setShown(PAGE);
            }}
          >
            <option value="open">{t('list.stateOpen')}</option>
            <option value="closed">{t('list.stateClosed')}</option>
            <option value="all">{t('list.stateAll')}</option>
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={fromId}>
            {t('list.from')}
          </label>
          <input
            id={fromId}
            type="date"
            className="field-input"
            value={from}
            max={to || undefined}
            onChange={(e) => {
              setFrom(e.target.value);
              setShown(PAGE);
            }}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={toId}>
            {t('list.to')}
          </label>
          <input
            id={toId}
            type="date"
            className="field-input"
            value={to}
            min={from || undefined}
            onChange={(e) => {
              setTo(e.target.value);
              setShown(PAGE);
            }}
          />
        </div>
        <fieldset className="ps-fieldset">
          <legend className="field-label">{t('list.display')}</legend>
          <div className="ps-inline">
            {(['points', 'heatmap'] as const).map((d) => (
              <div className="ps-check" key={d}>
                <input id={`${displayId}-${d}`} type="radio" name="display" value={d} checked={display === d} onChange={() => setDisplay(d)} />
                <label htmlFor={`${displayId}-${d}`}>{d === 'points' ? t('list.displayPoints') : t('list.displayHeatmap')}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </form>
      {reports.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, reports.error)}
        </p>
      ) : null}
      <ReportsMap
        points={points}
        display={display}
        label={t('list.mapLabel')}
        description={t(display === 'heatmap' ? 'list.mapDescriptionHeat' : 'list.mapDescription', { count: items.length, category: categoryName, state: t(`list.state_${state}`) })}
        unavailableText={t('map.unavailable')}
        onSelect={(id) => navigate(paths.report(id))}
      />
      <section aria-labelledby="ps-list-title" className="section">
        <h2 id="ps-list-title">{t('list.listTitle')}</h2>
        {!reports.data && !reports.error ? <Loading /> : null}
        {reports.data ? (
          <p role="status" className="ps-count">
            {t('list.count', { count: items.length })}
          </p>
        ) : null}
        <ul className="ps-report-list" data-testid="report-list">
          {items.slice(0, shown).map((r) => (
            <li key={r.id} className="ps-report-item">
              <Link to={paths.report(r.id!)}>{t('list.itemTitle', { number: r.id, category: (r.categoryCode && byCode.get(r.categoryCode)?.name) || r.categoryCode })}</Link>
              {r.status ? <StatusTag status={r.status} /> : null}
            </li>
          ))}
        </ul>
        {items.length > shown ? (
          <button type="button" className="button" onClick={() => setShown((n) => n + PAGE)}>
            {t('list.more')}
          </button>
        ) : null}
      </section>
    </Page>
  );
}
