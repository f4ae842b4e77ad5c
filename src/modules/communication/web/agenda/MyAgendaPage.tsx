import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { agendaApi, type Selection } from './api';
import { AgendaActions, list } from './AgendaPage';
import { EventList } from './EventList';
import './agenda.css';

const STORAGE_KEY = 'beffroi.agenda.mine';

function stored(): Selection {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Selection | null;
    if (v && Array.isArray(v.zones) && Array.isArray(v.topics)) return { zones: v.zones.filter((x) => typeof x === 'string'), topics: v.topics.filter((x) => typeof x === 'string') };
  } catch {
    /* nothing kept, or unreadable */
  }
  return { zones: [], topics: [] };
}

/**
 * `/agenda/mon-agenda`: the events of the resident's neighbourhoods and interests. The choice comes
 * from the address (`?zones=…&topics=…`, to share or bookmark) or else from this browser
 * (localStorage, kept only here); nothing is sent to the server but the filter of the list.
 */
export function MyAgendaPage() {
  const { t, i18n } = useTranslation('communication');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const [params, setParams] = useSearchParams();
  const fromUrl = params.has('zones') || params.has('topics');
  const selection: Selection = fromUrl ? { zones: list(params.get('zones')), topics: list(params.get('topics')) } : stored();
  const [draft, setDraft] = useState<Selection>(selection);
  const [saved, setSaved] = useState(false);
  const filters = useResource(() => agendaApi.filters(), []);
  const chosen = selection.zones.length + selection.topics.length > 0;
  const events = useResource(() => (chosen ? agendaApi.events(selection) : Promise.resolve(null)), [selection.zones.join(','), selection.topics.join(',')]);
  const toggle = (key: keyof Selection, id: string) => setDraft((d) => ({ ...d, [key]: d[key].includes(id) ? d[key].filter((x) => x !== id) : [...d[key], id] }));

  return (
    <Page title={t('agenda.mine.title')} lead={<p>{t('agenda.mine.intro')}</p>} className="ag-page">
      <p className="ag-no-print">
        <Link to="/agenda">{t('agenda.mine.all')}</Link>
      </p>
      <form
        className="card ag-no-print"
        aria-label={t('agenda.mine.choice')}
        onSubmit={(e) => {
          e.preventDefault();
          localStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
          const next = new URLSearchParams();
          if (draft.zones.length) next.set('zones', draft.zones.join(','));
          if (draft.topics.length) next.set('topics', draft.topics.join(','));
          setParams(next);
          setSaved(true);
        }}
      >
        {filters.data ? (
          <>
            {filters.data.zones.length ? (
              <fieldset className="ag-choices">
                <legend>{t('agenda.mine.zones')}</legend>
                {filters.data.zones.map((z) => (
                  <label key={z.id}>
                    <input type="checkbox" checked={draft.zones.includes(z.id)} onChange={() => toggle('zones', z.id)} />
                    {z.name}
                  </label>
                ))}
              </fieldset>
            ) : null}
            <fieldset className="ag-choices">
              <legend>{t('agenda.mine.topics')}</legend>
              {filters.data.topics.map((x) => (
                <label key={x.id}>
                  <input type="checkbox" checked={draft.topics.includes(x.id)} onChange={() => toggle('topics', x.id)} />
                  {x[lang]}
                </label>
              ))}
            </fieldset>
          </>
        ) : (
          <Loading />
        )}
        <p className="small">{t('agenda.mine.privacy')}</p>
        <button type="submit" className="button button-primary">
          {t('agenda.mine.save')}
        </button>
        {saved ? (
          <p role="status" className="small">
            {t('agenda.mine.saved')}
          </p>
        ) : null}
      </form>
      {chosen ? (
        <>
          <AgendaActions selection={selection} />
          {events.error ? (
            <p className="error-text" role="alert">
              {problemMessage(t, events.error)}
            </p>
          ) : null}
          {events.data ? (
            <>
              <p role="status">{t('agenda.portal.count', { count: events.data.total })}</p>
              <EventList events={events.data.items} filters={filters.data} />
            </>
          ) : events.error ? null : (
            <Loading />
          )}
        </>
      ) : (
        <p>{t('agenda.mine.none')}</p>
      )}
    </Page>
  );
}
