import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { adminApi, paths, portalApi, PRIORITY_LEVELS, REPORT_STATUSES, type PriorityLevel, type PublicCategory, type TriageFilter } from '../api';
import { groupCategories } from '../shared/categories';
import { formatDate } from '../shared/format';
import { StatusTag } from '../shared/StatusTag';
import { TableWrap } from '@web/components/TableWrap';
import { useResource } from '@web/components/useResource';
import { SavedViews } from './SavedViews';
import '../public-space.css';

/**
 * `/admin/signalements`: the triage list (open reports by priority by default), filtered by status,
 * category, team, priority and period, with the agent's saved views. Native controls and links
 * only: everything works with the keyboard.
 */
export function TriagePage() {
  const { t, i18n } = useTranslation('public-space');
  const ids = { number: useId(), status: useId(), category: useId(), team: useId(), priority: useId(), from: useId(), to: useId(), sort: useId(), unassigned: useId() };
  const [filter, setFilter] = useState<TriageFilter>({ sort: 'priority', page: 1 });
  const list = useResource(() => adminApi.reports(filter), [filter.q, filter.status, filter.category, filter.team, filter.priority, filter.from, filter.to, filter.unassigned, filter.sort, filter.page]);
  const categories = useResource(() => portalApi.categories(), []);
  const teams = useResource(() => adminApi.teams(), []);
  const groups = useMemo(() => groupCategories(categories.data?.items ?? []), [categories.data]);
  const byCode = useMemo(() => new Map<string, PublicCategory>((categories.data?.items ?? []).map((c) => [c.code, c])), [categories.data]);
  const change = (patch: Partial<TriageFilter>) => setFilter((f) => ({ ...f, ...patch, page: 1 }));
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <Page title={t('triage.title')} lead={<p>{t('triage.intro')}</p>} className="ps-page ps-admin">
      <SavedViews filter={filter} onApply={setFilter} />
      <form className="ps-filters" aria-label={t('triage.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label className="field-label" htmlFor={ids.number}>
            {t('triage.byNumber')}
          </label>
          <p className="field-description" id={`${ids.number}-help`}>
            {t('triage.byNumberHelp')}
          </p>
          <input
            id={ids.number}
            className="field-input"
            inputMode="numeric"
            pattern="[0-9]*"
            value={filter.q ?? ''}
            onChange={(e) => {
              const n = Number.parseInt(e.target.value.replace(/\D/g, ''), 10);
              change({ q: Number.isSafeInteger(n) && n > 0 ? n : undefined });
            }}
            aria-describedby={`${ids.number}-help`}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.status}>
            {t('triage.status')}
          </label>
          <select id={ids.status} className="field-input" value={filter.status ?? ''} onChange={(e) => change({ status: e.target.value || undefined })}>
            <option value="">{t('triage.openStatuses')}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.category}>
            {t('triage.category')}
          </label>
          <select id={ids.category} className="field-input" value={filter.category ?? ''} onChange={(e) => change({ category: e.target.value || undefined })}>
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
          <label className="field-label" htmlFor={ids.team}>
            {t('triage.team')}
          </label>
          <select id={ids.team} className="field-input" value={filter.team ?? ''} onChange={(e) => change({ team: e.target.value || undefined })}>
            <option value="">{t('triage.allTeams')}</option>
            {(teams.data?.items ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.priority}>
            {t('triage.priority')}
          </label>
          <select id={ids.priority} className="field-input" value={filter.priority ?? ''} onChange={(e) => change({ priority: (e.target.value || undefined) as PriorityLevel | undefined })}>
            <option value="">{t('triage.allPriorities')}</option>
            {PRIORITY_LEVELS.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.from}>
            {t('triage.from')}
          </label>
          <input id={ids.from} type="date" className="field-input" value={filter.from ?? ''} max={filter.to} onChange={(e) => change({ from: e.target.value || undefined })} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.to}>
            {t('triage.to')}
          </label>
          <input id={ids.to} type="date" className="field-input" value={filter.to ?? ''} min={filter.from} onChange={(e) => change({ to: e.target.value || undefined })} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.sort}>
            {t('triage.sort')}
          </label>
          <select id={ids.sort} className="field-input" value={filter.sort} onChange={(e) => change({ sort: e.target.value as TriageFilter['sort'] })}>
            {(['priority', 'oldest', 'newest', 'updated'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`triage.sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="ps-check ps-filter-check">
          <input id={ids.unassigned} type="checkbox" checked={!!filter.unassigned} onChange={(e) => change({ unassigned: e.target.checked || undefined })} />
          <label htmlFor={ids.unassigned}>{t('triage.unassigned')}</label>
        </div>
      </form>
      {list.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, list.error)}
        </p>
      ) : null}
      {!data && !list.error ? <Loading /> : null}
      {data ? (
        <>
          <p role="status">{t('triage.count', { count: data.total })}</p>
          {data.items.length > 0 ? (
            <TableWrap label={t('triage.caption')}>
              <table className="table table-stack" data-testid="triage-table">
                <caption className="visually-hidden">{t('triage.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('triage.number')}</th>
                    <th scope="col">{t('triage.category')}</th>
                    <th scope="col">{t('triage.status')}</th>
                    <th scope="col">{t('triage.priority')}</th>
                    <th scope="col">{t('triage.place')}</th>
                    <th scope="col">{t('triage.team')}</th>
                    <th scope="col">{t('triage.requestedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={paths.admin.report(r.id)}>{t('triage.open', { number: r.number })}</Link>
                        {r.demo ? <span className="small"> ({t('common.demo')})</span> : null}
                      </th>
                      <td data-label={t('triage.category')}>{byCode.get(r.categoryCode)?.name ?? r.categoryName}</td>
                      <td data-label={t('triage.status')}>
                        <StatusTag status={r.status} />
                      </td>
                      <td data-label={t('triage.priority')}>{t('triage.priorityValue', { level: t(`priority.${r.priority}`), score: Math.round(r.priorityScore) })}</td>
                      <td data-label={t('triage.place')}>{[r.address, r.district].filter(Boolean).join(', ') || '—'}</td>
                      <td data-label={t('triage.team')}>{r.team?.name ?? t('triage.noTeam')}</td>
                      <td data-label={t('triage.requestedAt')}>{formatDate(i18n.language, r.requestedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <p>{t('triage.none')}</p>
          )}
          {pages > 1 ? (
            <nav className="pager" aria-label={t('triage.pages')}>
              <button type="button" className="button" disabled={filter.page <= 1} onClick={() => setFilter((f) => ({ ...f, page: f.page - 1 }))}>
                {t('triage.previous')}
              </button>
              <span>{t('triage.page', { page: filter.page, pages })}</span>
              <button type="button" className="button" disabled={filter.page >= pages} onClick={() => setFilter((f) => ({ ...f, page: f.page + 1 }))}>
                {t('triage.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
