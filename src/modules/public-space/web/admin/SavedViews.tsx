import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { problemMessage } from '@web/components/problem';
import { adminApi, PRIORITY_LEVELS, type PriorityLevel, type SavedView, type SavedViewBody, type TriageFilter } from '../api';

/** The filters a view keeps (the page number is not one of them). */
export function viewFilters(f: TriageFilter): SavedViewBody['filters'] {
  return {
    sort: f.sort,
    ...(f.status ? { status: f.status } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.team ? { team: f.team } : {}),
    ...(f.priority ? { priority: f.priority } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.unassigned ? { unassigned: 'true' as const } : {}),
  };
}

/** A saved view's filters as the list's, ignoring what this page does not offer. */
export function filterOfView(v: SavedView): TriageFilter {
  const s = (k: string) => (typeof v.filters[k] === 'string' && v.filters[k] ? (v.filters[k] as string) : undefined);
  const sort = s('sort');
  const priority = s('priority');
  return {
    status: s('status'),
    category: s('category'),
    team: s('team'),
    priority: priority && (PRIORITY_LEVELS as readonly string[]).includes(priority) ? (priority as PriorityLevel) : undefined,
    from: s('from'),
    to: s('to'),
    unassigned: s('unassigned') === 'true' || undefined,
    sort: sort === 'oldest' || sort === 'newest' || sort === 'updated' ? sort : 'priority',
    page: 1,
  };
}

/**
 * Saved views of the triage list: an agent's own filters (kept on the server, per agent) and the
 * ones colleagues shared. Choosing one applies it; the current filters are saved under a name.
 */
export function SavedViews({ filter, onApply }: { filter: TriageFilter; onApply(f: TriageFilter): void }) {
  const { t } = useTranslation('public-space');
  const ids = { view: useId(), name: useId(), shared: useId() };
  const views = useResource(() => adminApi.views(), []);
  const [current, setCurrent] = useState('');
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [done, setDone] = useState('');
  const submission = useSubmission();
  const items = views.data?.items ?? [];
  const chosen = items.find((v) => v.id === current) ?? null;

  return (
    <section className="ps-views" aria-labelledby={`${ids.view}-title`} data-testid="saved-views">
      <h2 id={`${ids.view}-title`} className="ps-views-title">
        {t('views.title')}
      </h2>
      <div className="ps-filters">
        <div className="field">
          <label className="field-label" htmlFor={ids.view}>
            {t('views.choose')}
          </label>
          <select
            id={ids.view}
            className="field-input"
            value={current}
            onChange={(e) => {
              setCurrent(e.target.value);
              setDone('');
              const v = items.find((x) => x.id === e.target.value);
              if (v) onApply(filterOfView(v));
            }}
          >
            <option value="">{items.length ? t('views.none') : t('views.empty')}</option>
            {items.map((v) => (
              <option key={v.id} value={v.id}>
                {v.mine ? (v.shared ? t('views.mineShared', { name: v.name }) : v.name) : t('views.theirs', { name: v.name })}
              </option>
            ))}
          </select>
        </div>
        {chosen?.mine ? (
          <div className="form-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={submission.pending}
              onClick={() =>
                submission.submit(async () => {
                  await adminApi.deleteView(chosen.id);
                  setCurrent('');
                  setDone(t('views.deleted', { name: chosen.name }));
                  views.reload();
                })
              }
            >
              {t('views.delete', { name: chosen.name })}
            </button>
          </div>
        ) : null}
      </div>
      <form
        className="ps-filters"
        aria-label={t('views.saveLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          submission.submit(async () => {
            const v = await adminApi.saveView({ name: name.trim(), filters: viewFilters(filter), shared });
            setName('');
            setShared(false);
            setCurrent(v.id);
            setDone(t('views.saved', { name: v.name }));
            views.reload();
          });
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor={ids.name}>
            {t('views.name')}
          </label>
          <input id={ids.name} className="field-input" maxLength={80} required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="ps-check ps-filter-check">
          <input id={ids.shared} type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          <label htmlFor={ids.shared}>{t('views.shared')}</label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={submission.pending}>
            {t('views.save')}
          </button>
        </div>
      </form>
      <p role="status" className="ps-views-status">
        {done}
      </p>
      {submission.error || views.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, submission.error ?? views.error)}
        </p>
      ) : null}
    </section>
  );
}
