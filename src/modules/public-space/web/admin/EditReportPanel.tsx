import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITY_LEVELS, adminApi, portalApi, type EditReportBody, type PriorityLevel, type StaffReport } from '../api';
import { groupCategories } from '../shared/categories';
import { ReportsMap } from '../shared/ReportsMap';
import { useResource } from '@web/components/useResource';

interface EditReportPanelProps {
  report: StaffReport;
  run(work: () => Promise<void>): void;
  onSaved(report: StaffReport): void;
}

const COORD = /^-?\d{1,3}(\.\d+)?$/;

/**
 * What staff correct on a report: its category, its place (a tap on the map or the coordinates
 * typed, the keyboard's way), a priority forced over the computed one, and the published
 * description (to mask what the automatic masking missed; the original stays for staff). Only
 * what changed is sent; the server recomputes the priority.
 */
export function EditReportPanel({ report: r, run, onSaved }: EditReportPanelProps) {
  const { t } = useTranslation('public-space');
  const ids = { category: useId(), priority: useId(), lat: useId(), lng: useId(), description: useId() };
  const categories = useResource(() => portalApi.categories(), []);
  const groups = useMemo(() => groupCategories(categories.data?.items ?? []), [categories.data]);
  const [category, setCategory] = useState(r.categoryCode);
  const [priority, setPriority] = useState<PriorityLevel | ''>(r.priorityOverride ?? '');
  const [lat, setLat] = useState(r.position.lat.toFixed(6));
  const [lng, setLng] = useState(r.position.lng.toFixed(6));
  const [description, setDescription] = useState(r.description);
  const picked = COORD.test(lat) && COORD.test(lng) ? { lat: Number(lat), lng: Number(lng) } : null;

  const changes = (): EditReportBody => {
    const body: EditReportBody = {};
    if (category !== r.categoryCode) body.categoryCode = category;
    if ((priority || null) !== r.priorityOverride) body.priorityOverride = priority || null;
    // Compared as shown (six decimals, about 10 cm): an untouched place is not sent back rounded.
    if (picked && (lat !== r.position.lat.toFixed(6) || lng !== r.position.lng.toFixed(6))) body.position = picked;
    if (description.trim() !== r.description) body.description = description.trim();
    return body;
  };

  return (
    <section aria-labelledby="ps-edit-title" className="card section" data-testid="edit-report">
      <h2 id="ps-edit-title">{t('edit.title')}</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const body = changes();
          if (Object.keys(body).length === 0) return;
          run(async () => onSaved(await adminApi.edit(r.id, body)));
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label className="field-label" htmlFor={ids.category}>
              {t('report.category')}
            </label>
            <select id={ids.category} className="field-input" value={category} onChange={(e) => setCategory(e.target.value)}>
              {groups.map((g) =>
                g.parent ? (
                  <optgroup key={g.parent.code} label={g.parent.name}>
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
              {categories.data && !categories.data.items.some((c) => c.code === r.categoryCode) ? <option value={r.categoryCode}>{r.categoryName}</option> : null}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.priority}>
              {t('edit.priority')}
            </label>
            <select id={ids.priority} className="field-input" value={priority} onChange={(e) => setPriority(e.target.value as PriorityLevel | '')}>
              <option value="">{t('edit.computed')}</option>
              {PRIORITY_LEVELS.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="ps-fieldset">
          <legend className="field-label">{t('edit.place')}</legend>
          <p className="field-description">{t('edit.placeHelp')}</p>
          <ReportsMap
            className="ps-pick-map"
            points={[]}
            picked={picked}
            label={t('edit.mapLabel', { number: r.number })}
            description={t('edit.mapDescription')}
            unavailableText={t('edit.mapUnavailable')}
            onPick={(x, y) => {
              setLng(x.toFixed(6));
              setLat(y.toFixed(6));
            }}
          />
          <div className="form-grid">
            <div className="field">
              <label className="field-label" htmlFor={ids.lat}>
                {t('edit.lat')}
              </label>
              <input id={ids.lat} className="field-input" inputMode="decimal" pattern="-?[0-9]{1,3}(\.[0-9]+)?" required value={lat} onChange={(e) => setLat(e.target.value.trim())} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.lng}>
                {t('edit.lng')}
              </label>
              <input id={ids.lng} className="field-input" inputMode="decimal" pattern="-?[0-9]{1,3}(\.[0-9]+)?" required value={lng} onChange={(e) => setLng(e.target.value.trim())} />
            </div>
          </div>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor={ids.description}>
            {t('edit.description')}
          </label>
          <p className="field-description" id={`${ids.description}-help`}>
            {t('edit.descriptionHelp')}
          </p>
          <textarea id={ids.description} className="field-input" rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} aria-describedby={`${ids.description}-help`} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t('edit.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
