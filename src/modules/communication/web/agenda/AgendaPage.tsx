import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { agendaApi, icalUrl, type AgendaFilters, type Selection } from './api';
import { EventList } from './EventList';
import './agenda.css';

export const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

/** Zones grouped by their zoning, for a select. */
export function ZoneOptions({ filters }: { filters: AgendaFilters }) {
  const { i18n } = useTranslation('communication');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const groups = new Map<string, AgendaFilters['zones']>();
  for (const z of filters.zones) groups.set(z.zoning, [...(groups.get(z.zoning) ?? []), z]);
  return (
    <>
      {[...groups.values()].map((zones) => (
        <optgroup key={zones[0]!.zoning} label={zones[0]!.zoningLabel[lang]}>
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** Subscribe (iCal) and print, for the events shown. */
export function AgendaActions({ selection }: { selection: Selection }) {
  const { t } = useTranslation('communication');
  return (
    <div className="ag-actions ag-no-print">
      <a className="button" href={icalUrl(selection)} data-testid="agenda-ical">
        {t('agenda.portal.ical')}
      </a>
      <button type="button" className="button" onClick={() => window.print()}>
        {t('agenda.portal.print')}
      </button>
    </div>
  );
}

/**
 * `/agenda`: upcoming events, filtered by neighbourhood and topic (in the address, so a filtered
 * list can be shared), printable, with the iCalendar link of the same selection.
 */
export function AgendaPage() {
  const { t, i18n } = useTranslation('communication');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const ids = { zone: useId(), topic: useId() };
  const [params, setParams] = useSearchParams();
  const selection: Selection = { zones: list(params.get('zones')), topics: list(params.get('topics')) };
  const [zone, setZone] = useState(selection.zones[0] ?? '');
  const [topic, setTopic] = useState(selection.topics[0] ?? '');
  const filters = useResource(() => agendaApi.filters(), []);
  const events = useResource(() => agendaApi.events(selection), [params.get('zones'), params.get('topics')]);
  const highlight = params.get('evenement');
  useEffect(() => {
    if (highlight && events.data) document.getElementById(`evenement-${highlight}`)?.scrollIntoView();
  }, [highlight, events.data]);

  return (
    <Page title={t('agenda.portal.title')} lead={<p>{t('agenda.portal.intro')}</p>} className="ag-page">
      <p className="ag-no-print">
        <Link to="/agenda/mon-agenda">{t('agenda.portal.mine')}</Link>
      </p>
      <form
        className="ag-filters card ag-no-print"
        aria-label={t('agenda.portal.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          if (zone) next.set('zones', zone);
          if (topic) next.set('topics', topic);
          setParams(next);
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor={ids.zone}>
            {t('agenda.portal.zone')}
          </label>
          <select id={ids.zone} className="field-input" value={zone} onChange={(e) => setZone(e.target.value)}>
            <option value="">{t('agenda.portal.allZones')}</option>
            {filters.data ? <ZoneOptions filters={filters.data} /> : null}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={ids.topic}>
            {t('agenda.portal.topic')}
          </label>
          <select id={ids.topic} className="field-input" value={topic} onChange={(e) => setTopic(e.target.value)}>
            <option value="">{t('agenda.portal.allTopics')}</option>
            {(filters.data?.topics ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x[lang]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary">
          {t('agenda.portal.apply')}
        </button>
      </form>
      <AgendaActions selection={selection} />
      {events.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, events.error)}
        </p>
      ) : null}
      {events.data ? (
        <>
          <p role="status">{t('agenda.portal.count', { count: events.data.total })}</p>
          <EventList events={events.data.items} filters={filters.data} highlight={highlight} />
        </>
      ) : events.error ? null : (
        <Loading />
      )}
      <p className="small">{t('agenda.portal.attribution')}</p>
    </Page>
  );
}
