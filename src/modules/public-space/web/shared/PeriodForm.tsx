import { useId, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeriodFilter } from '../api';

/** The "from / to" dates that filter a dashboard (the public one and the cleanliness indicators). */
export function PeriodForm({ period, setPeriod }: { period: PeriodFilter; setPeriod: Dispatch<SetStateAction<PeriodFilter>> }) {
  const { t } = useTranslation('public-space');
  const ids = { from: useId(), to: useId() };
  return (
    <form className="ps-filters" aria-label={t('dashboard.periodLabel')} onSubmit={(ev) => ev.preventDefault()}>
      <div className="field">
        <label className="field-label" htmlFor={ids.from}>
          {t('dashboard.from')}
        </label>
        <input id={ids.from} type="date" className="field-input" value={period.from ?? ''} max={period.to} onChange={(ev) => setPeriod((p) => ({ ...p, from: ev.target.value || undefined }))} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={ids.to}>
          {t('dashboard.to')}
        </label>
        <input id={ids.to} type="date" className="field-input" value={period.to ?? ''} min={period.from} onChange={(ev) => setPeriod((p) => ({ ...p, to: ev.target.value || undefined }))} />
      </div>
    </form>
  );
}
