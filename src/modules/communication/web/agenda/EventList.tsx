import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaEvent, AgendaFilters } from './api';

/** Events grouped by day (Paris time), each with its times, place, topics and zones; the one in `highlight` marked. */
export function EventList({ events, filters, highlight }: { events: readonly AgendaEvent[]; filters: AgendaFilters | null; highlight?: string | null }) {
  const { t, i18n } = useTranslation('communication');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const fmt = useMemo(
    () => ({
      day: new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }),
      time: new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }),
      key: new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/Paris' }),
    }),
    [lang],
  );
  const topicName = (id: string) => filters?.topics.find((x) => x.id === id)?.[lang] ?? id;
  const zoneName = (id: string) => filters?.zones.find((z) => z.id === id)?.name ?? id;
  const days = new Map<string, AgendaEvent[]>();
  for (const e of events) {
    const k = fmt.key.format(new Date(e.startsAt));
    days.set(k, [...(days.get(k) ?? []), e]);
  }
  if (!events.length) return <p data-testid="agenda-empty">{t('agenda.portal.empty')}</p>;
  return (
    <div className="ag-days" data-testid="agenda-events">
      {[...days.entries()].map(([day, list]) => (
        <section key={day} className="ag-day" aria-labelledby={`ag-day-${day}`}>
          <h2 id={`ag-day-${day}`}>{fmt.day.format(new Date(list[0]!.startsAt))}</h2>
          <ul className="ag-list">
            {list.map((e) => (
              <li key={e.id}>
                <article className={`card ag-event${highlight === e.id ? ' ag-highlight' : ''}`} aria-labelledby={`ag-${e.id}`} id={`evenement-${e.id}`}>
                  <h3 id={`ag-${e.id}`}>{e.title}</h3>
                  <p className="ag-when">
                    <time dateTime={e.startsAt}>{fmt.time.format(new Date(e.startsAt))}</time>
                    {e.endsAt ? (
                      <>
                        {' – '}
                        <time dateTime={e.endsAt}>{fmt.key.format(new Date(e.endsAt)) === day ? fmt.time.format(new Date(e.endsAt)) : `${fmt.day.format(new Date(e.endsAt))} ${fmt.time.format(new Date(e.endsAt))}`}</time>
                      </>
                    ) : null}
                  </p>
                  {e.place || e.address ? <p>{[e.place, e.address].filter(Boolean).join(', ')}</p> : null}
                  {e.description ? <p className="ag-description">{e.description}</p> : null}
                  <p className="small">
                    {e.topics.length ? `${t('agenda.portal.topics')} : ${e.topics.map(topicName).join(', ')}. ` : ''}
                    {e.zones.length ? `${t('agenda.portal.zones')} : ${e.zones.map(zoneName).join(', ')}.` : t('agenda.portal.wholeCommune')}
                    {e.demo ? ` ${t('agenda.portal.demo')}` : ''}
                  </p>
                  {e.sourceUrl ? (
                    <p className="small">
                      <a href={e.sourceUrl} rel="noopener noreferrer">
                        {t('agenda.portal.more', { title: e.title })}
                      </a>
                    </p>
                  ) : null}
                </article>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
