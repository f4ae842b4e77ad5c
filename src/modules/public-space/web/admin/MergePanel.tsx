import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '@web/components/Modal';
import { useResource } from '@web/components/useResource';
import { adminApi, portalApi, type StaffReport, type TriageItem } from '../api';
import { formatDate, formatMetres } from '../shared/format';

interface MergePanelProps {
  report: StaffReport;
  /** Runs the merge through the page's submission (one error summary, one action at a time). */
  run(work: () => Promise<void>): void;
  /** After the merge: the kept report, and whether it is the one on this page. */
  onMerged(kept: StaffReport, keptIsThis: boolean): void;
}

/**
 * Merging duplicates: the agent picks the other report (the open ones of the same category
 * nearby, or any by its number) and which of the two is kept. Followers and photos move to the
 * kept report; the other is rejected as a duplicate and points to it. Confirmed in a dialog.
 */
export function MergePanel({ report: r, run, onMerged }: MergePanelProps) {
  const { t, i18n } = useTranslation('public-space');
  const ids = { number: useId(), keep: useId() };
  const nearby = useResource(() => portalApi.nearby(r.categoryCode, r.position.lng, r.position.lat, 200), [r.id]);
  const candidates = (nearby.data?.items ?? []).filter((x) => x.id !== r.number);
  const [choice, setChoice] = useState('');
  const [number, setNumber] = useState('');
  const [keep, setKeep] = useState<'other' | 'this'>('other');
  const [other, setOther] = useState<TriageItem | null>(null);
  const [problem, setProblem] = useState('');
  const otherNumber = choice === 'number' ? number.trim() : choice;

  const prepare = () =>
    run(async () => {
      setProblem('');
      const n = Number.parseInt(otherNumber, 10);
      const found = Number.isSafeInteger(n) && n > 0 ? await adminApi.byNumber(n) : null;
      if (!found) setProblem(t('merge.notFound', { number: otherNumber }));
      else if (found.id === r.id) setProblem(t('merge.self'));
      else setOther(found);
    });

  const merge = (o: TriageItem) => {
    setOther(null);
    run(async () => {
      const kept = keep === 'this' ? await adminApi.merge(o.id, r.id) : await adminApi.merge(r.id, o.id);
      onMerged(kept, keep === 'this');
    });
  };

  const kept = keep === 'this' ? r.number : (other?.number ?? otherNumber);
  const dropped = keep === 'this' ? (other?.number ?? otherNumber) : r.number;

  return (
    <section aria-labelledby="ps-merge-title" className="card section" data-testid="merge">
      <h2 id="ps-merge-title">{t('merge.title')}</h2>
      <p>{t('merge.intro')}</p>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (otherNumber) prepare();
        }}
      >
        <fieldset className="ps-fieldset">
          <legend className="field-label">{t('merge.other')}</legend>
          {nearby.data && candidates.length === 0 ? <p className="field-description">{t('merge.noCandidates')}</p> : null}
          {candidates.map((c) => (
            <div className="ps-check" key={c.id}>
              <input id={`${ids.number}-${c.id}`} type="radio" name="merge-other" value={c.id} checked={choice === c.id} onChange={() => setChoice(c.id)} />
              <label htmlFor={`${ids.number}-${c.id}`}>
                {t('merge.candidate', { number: c.id, distance: formatMetres(i18n.language, c.distanceM), date: formatDate(i18n.language, c.requestedAt), followers: c.followers })}
              </label>
            </div>
          ))}
          <div className="ps-check">
            <input id={`${ids.number}-n`} type="radio" name="merge-other" value="number" checked={choice === 'number'} onChange={() => setChoice('number')} />
            <label htmlFor={`${ids.number}-n`}>{t('merge.byNumber')}</label>
          </div>
          {choice === 'number' ? (
            <div className="field">
              <label className="field-label" htmlFor={ids.number}>
                {t('merge.number')}
              </label>
              <input id={ids.number} className="field-input ps-short-input" inputMode="numeric" pattern="[0-9]+" required value={number} onChange={(e) => setNumber(e.target.value)} />
            </div>
          ) : null}
        </fieldset>
        <fieldset className="ps-fieldset">
          <legend className="field-label">{t('merge.keep')}</legend>
          <div className="ps-check">
            <input id={`${ids.keep}-other`} type="radio" name="merge-keep" checked={keep === 'other'} onChange={() => setKeep('other')} />
            <label htmlFor={`${ids.keep}-other`}>{t('merge.keepOther')}</label>
          </div>
          <div className="ps-check">
            <input id={`${ids.keep}-this`} type="radio" name="merge-keep" checked={keep === 'this'} onChange={() => setKeep('this')} />
            <label htmlFor={`${ids.keep}-this`}>{t('merge.keepThis', { number: r.number })}</label>
          </div>
        </fieldset>
        {problem ? (
          <p className="error-text" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={!otherNumber}>
            {t('merge.prepare')}
          </button>
        </div>
      </form>
      <ModalDialog isOpen={other !== null} onClose={() => setOther(null)} title={t('merge.confirmTitle')} role="alertdialog">
        <p>{t('merge.confirmText', { kept, dropped })}</p>
        <div className="form-actions">
          <Button className="button button-primary" onPress={() => other && merge(other)}>
            {t('merge.confirm', { kept, dropped })}
          </Button>
          <Button className="button button-subtle" onPress={() => setOther(null)}>
            {t('config.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </section>
  );
}
