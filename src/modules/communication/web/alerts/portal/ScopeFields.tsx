import { useTranslation } from 'react-i18next';
import type { AlertOptions, Frequency } from '../api';

export interface Scope {
  topics: string[];
  zones: string[];
  wholeCommune: boolean;
  frequency: Frequency;
}

export const EMPTY_SCOPE: Scope = { topics: [], zones: [], wholeCommune: true, frequency: 'immediate' };

const FREQUENCIES: Frequency[] = ['immediate', 'daily', 'weekly'];

const toggle = (list: string[], value: string, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));

/** Topics, neighbourhoods and frequency: native checkboxes and radios in fieldsets, each group with its legend. */
export function ScopeFields({ options, scope, onChange, idPrefix }: { options: AlertOptions; scope: Scope; onChange: (s: Scope) => void; idPrefix: string }) {
  const { t, i18n } = useTranslation('communication');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <>
      <fieldset className="al-fieldset">
        <legend>{t('alerts.form.topicsLegend')}</legend>
        <p className="field-description">{t('alerts.form.topicsHelp')}</p>
        <div className="al-choices">
          {options.topics.map((topic) => (
            <label key={topic.id} className="al-choice" htmlFor={`${idPrefix}-topic-${topic.id}`}>
              <input
                id={`${idPrefix}-topic-${topic.id}`}
                type="checkbox"
                checked={scope.topics.includes(topic.id)}
                onChange={(e) => onChange({ ...scope, topics: toggle(scope.topics, topic.id, e.target.checked) })}
              />
              {topic[lang]}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="al-fieldset">
        <legend>{t('alerts.form.placesLegend')}</legend>
        <label className="al-choice al-choice-strong" htmlFor={`${idPrefix}-whole`}>
          <input id={`${idPrefix}-whole`} type="checkbox" checked={scope.wholeCommune} onChange={(e) => onChange({ ...scope, wholeCommune: e.target.checked })} />
          {t('alerts.form.wholeCommune')}
        </label>
        {options.zones.length > 0 ? (
          <>
            <p className="field-description">{t('alerts.form.zonesHelp', { zoning: options.zoning ? options.zoning.label[lang] : '' })}</p>
            <div className="al-choices">
              {options.zones.map((zone) => (
                <label key={zone.ref} className="al-choice" htmlFor={`${idPrefix}-zone-${zone.ref}`}>
                  <input
                    id={`${idPrefix}-zone-${zone.ref}`}
                    type="checkbox"
                    checked={scope.zones.includes(zone.ref)}
                    onChange={(e) => onChange({ ...scope, zones: toggle(scope.zones, zone.ref, e.target.checked) })}
                  />
                  {zone.name}
                </label>
              ))}
            </div>
          </>
        ) : null}
      </fieldset>
      <fieldset className="al-fieldset">
        <legend>{t('alerts.form.frequencyLegend')}</legend>
        <div className="al-choices al-choices-column">
          {FREQUENCIES.map((f) => (
            <label key={f} className="al-choice" htmlFor={`${idPrefix}-freq-${f}`}>
              <input id={`${idPrefix}-freq-${f}`} type="radio" name={`${idPrefix}-frequency`} value={f} checked={scope.frequency === f} onChange={() => onChange({ ...scope, frequency: f })} />
              {t(`alerts.frequency.${f}`)}
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
