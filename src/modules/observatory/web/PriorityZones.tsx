import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@web/api/client';
import { problemMessage } from '@web/components/problem';
import type { AnalysisResultView, ReviewView } from './api';

type Zone = AnalysisResultView['priority']['zones'][number];
const STEP = 20;

/** The proposed priority zones, each explained; in the back-office, each with its review (accept, set aside, note). */
export function PriorityZones({
  result,
  staff,
  reviews,
  onReviewed,
  onOpen,
}: {
  result: AnalysisResultView;
  staff: boolean;
  reviews: ReadonlyMap<string, ReviewView>;
  onReviewed: (review: ReviewView) => void;
  onOpen: (code: string) => void;
}) {
  const { t, i18n } = useTranslation('observatory');
  const language = i18n.language.startsWith('en') ? 'en' : 'fr';
  const [shown, setShown] = useState(STEP);
  const [status, setStatus] = useState<string | null>(null);
  const zones = result.priority.zones;
  return (
    <section className="card priority-zones" aria-labelledby="obs-priority">
      <h2 id="obs-priority">{t('priority.title')}</h2>
      <details>
        <summary>{t('priority.rule')}</summary>
        <ul>
          {result.priority.ruleText.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
      <p className="downloads">
        <a className="button" href={`/api/public/observatory/analyses/${result.key}/priority.csv?lang=${language}`} download>
          {t('priority.downloadCsv')}
        </a>{' '}
        <a className="button" href={`/api/public/observatory/analyses/${result.key}/priority.geojson`} download>
          {t('priority.downloadGeojson')}
        </a>
      </p>
      <div role="status" className="visually-hidden">
        {status}
      </div>
      {zones.length === 0 ? (
        <p>{t('priority.none')}</p>
      ) : (
        <>
          <ol className="zone-list">
            {zones.slice(0, shown).map((z) => (
              <ZoneItem key={z.code} zone={z} analysisKey={result.key} zoning={result.request.zoning} staff={staff} review={reviews.get(z.code) ?? null} onReviewed={(r) => {
                onReviewed(r);
                setStatus(t('priority.saved', { name: z.name, status: t(`priority.status.${r.status}`) }));
              }} onOpen={onOpen} />
            ))}
          </ol>
          <p>{t('priority.shown', { shown: Math.min(shown, zones.length), total: zones.length })}</p>
          {shown < zones.length ? (
            <button type="button" className="button" onClick={() => setShown(shown + STEP)}>
              {t('priority.more')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function ZoneItem({ zone, analysisKey, zoning, staff, review, onReviewed, onOpen }: { zone: Zone; analysisKey: string; zoning: string; staff: boolean; review: ReviewView | null; onReviewed: (r: ReviewView) => void; onOpen: (code: string) => void }) {
  const { t } = useTranslation('observatory');
  const [note, setNote] = useState(review?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const status = review?.status ?? 'proposed';
  const save = async (next: ReviewView['status']) => {
    setSaving(true);
    setError(null);
    try {
      onReviewed(await api.put<ReviewView>(`/api/admin/observatory/reviews/${zoning}/${zone.code}`, { status: next, note: note.trim() || null, analysisKey }));
    } catch (err) {
      setError(problemMessage(t, err));
    } finally {
      setSaving(false);
    }
  };
  const noteId = `note-${zone.code}`;
  return (
    <li className="zone-item" data-code={zone.code}>
      <h3>
        {zone.order}. {zone.name} <span className="zone-code">({zone.code})</span>
      </h3>
      <p>
        <strong>{t('priority.points', { points: zone.points, max: zone.maxPoints })}</strong>
        {staff ? <span className={`zone-status zone-status-${status}`}> — {t(`priority.status.${status}`)}</span> : null}
      </p>
      <ul className="criteria">
        {zone.criteria
          .filter((c) => c.points > 0)
          .map((c) => (
            <li key={c.criterion}>
              {c.reason} — {c.points}/{c.maxPoints}
            </li>
          ))}
      </ul>
      <details>
        <summary>{t('priority.details')}</summary>
        <p>{zone.explanation}</p>
      </details>
      <button type="button" className="link-button" onClick={() => onOpen(zone.code)} aria-label={t('table.open', { name: zone.name })}>
        {t('table.portrait')}
      </button>
      {staff ? (
        <div className="zone-review">
          <label htmlFor={noteId}>{t('priority.note', { name: zone.name })}</label>
          <textarea id={noteId} rows={2} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
          <div className="zone-actions">
            <button type="button" className="button button-primary" disabled={saving} onClick={() => save('accepted')}>
              {t('priority.accept', { name: zone.name })}
            </button>
            <button type="button" className="button" disabled={saving} onClick={() => save('set_aside')}>
              {t('priority.setAside', { name: zone.name })}
            </button>
            <button type="button" className="button" disabled={saving} onClick={() => save(status)}>
              {t('priority.saveNote')}
            </button>
          </div>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
