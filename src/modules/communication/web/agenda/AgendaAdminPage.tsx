import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { agendaAdminApi, agendaApi, refusedImport, type AgendaEvent, type AgendaFilters, type AgendaImportReport, type EventBody } from './api';
import { fromParisInput, toParisInput } from './parisTime';
import './agenda.css';

interface Draft {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string;
  address: string;
  lat: string;
  lng: string;
  topics: string[];
  zones: string[];
  publish: boolean;
}

const EMPTY: Draft = { title: '', description: '', startsAt: '', endsAt: '', place: '', address: '', lat: '', lng: '', topics: [], zones: [], publish: false };

function draftOf(e: AgendaEvent): Draft {
  return {
    title: e.title,
    description: e.description,
    startsAt: toParisInput(e.startsAt),
    endsAt: toParisInput(e.endsAt),
    place: e.place ?? '',
    address: e.address ?? '',
    lat: e.lat === null ? '' : String(e.lat),
    lng: e.lng === null ? '' : String(e.lng),
    topics: e.topics,
    zones: e.zones,
    publish: false,
  };
}

function bodyOf(d: Draft): EventBody {
  const n = (v: string) => (v.trim() === '' ? null : Number(v.replace(',', '.')));
  return {
    title: d.title,
    description: d.description,
    startsAt: d.startsAt ? fromParisInput(d.startsAt) : '',
    endsAt: d.endsAt ? fromParisInput(d.endsAt) || null : null,
    place: d.place.trim() || null,
    address: d.address.trim() || null,
    lat: n(d.lat),
    lng: n(d.lng),
    topics: d.topics,
    zones: d.zones.map((z) => ({ zoning: z.slice(0, z.indexOf(':')), code: z.slice(z.indexOf(':') + 1) })),
    publish: d.publish,
  };
}

/** `/admin/agenda`: write and edit events, publish them, import an OpenAgenda export with its report. */
export function AgendaAdminPage() {
  const { t } = useTranslation('communication');
  const events = useResource(() => agendaAdminApi.list(), []);
  const filters = useResource(() => agendaApi.filters(), []);
  const [editing, setEditing] = useState<AgendaEvent | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  return (
    <Page title={t('agenda.admin.title')} lead={<p>{t('agenda.admin.intro')}</p>} className="ag-page">
      <section className="section" aria-labelledby="ag-form">
        <h2 id="ag-form" ref={formHeading} tabIndex={-1}>
          {editing ? t('agenda.admin.edit', { title: editing.title }) : t('agenda.admin.create')}
        </h2>
        {filters.data ? (
          <EventForm
            key={editing?.id ?? 'new'}
            filters={filters.data}
            editing={editing}
            onDone={() => {
              setEditing(null);
              events.reload();
            }}
          />
        ) : (
          <Loading />
        )}
      </section>
      <ImportForm onImported={events.reload} />
      <section className="section" aria-labelledby="ag-events">
        <h2 id="ag-events">{t('agenda.admin.events')}</h2>
        {events.error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, events.error)}
          </p>
        ) : null}
        {events.data ? (
          <EventTable
            events={events.data.items}
            onEdit={(e) => {
              setEditing(e);
              setTimeout(() => formHeading.current?.focus(), 0);
            }}
            onChanged={events.reload}
          />
        ) : (
          <Loading />
        )}
      </section>
    </Page>
  );
}

function EventForm({ filters, editing, onDone }: { filters: AgendaFilters; editing: AgendaEvent | null; onDone(): void }) {
  const { t, i18n } = useTranslation('communication');
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const [d, setD] = useState<Draft>(editing ? draftOf(editing) : EMPTY);
  const [done, setDone] = useState<string | null>(null);
  const { pending, error, submit } = useSubmission();
  const id = useId();
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setD((x) => ({ ...x, [k]: e.target.value }));
  const field = (k: 'title' | 'startsAt' | 'endsAt' | 'place' | 'address' | 'lat' | 'lng', type = 'text', required = false, help?: string) => (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-${k}`}>
        {t(`agenda.admin.fields.${k}`)}
        {required ? ` ${t('agenda.admin.required')}` : ''}
      </label>
      {help ? (
        <p className="field-description" id={`${id}-${k}-help`}>
          {help}
        </p>
      ) : null}
      <input
        id={`${id}-${k}`}
        className="field-input"
        type={type}
        required={required}
        value={d[k]}
        onChange={set(k)}
        inputMode={k === 'lat' || k === 'lng' ? 'decimal' : undefined}
        aria-describedby={help ? `${id}-${k}-help` : undefined}
      />
    </div>
  );
  return (
    <form
      className="form card"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        submit(async () => {
          const saved = editing ? await agendaAdminApi.update(editing.id, bodyOf(d)) : await agendaAdminApi.create(bodyOf(d));
          setDone(t(saved.status === 'published' ? 'agenda.admin.savedPublished' : 'agenda.admin.savedDraft', { title: saved.title }));
          if (!editing) setD(EMPTY);
          onDone();
        });
      }}
    >
      {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
      <ErrorSummary error={error} />
      {field('title', 'text', true)}
      <div className="field">
        <label className="field-label" htmlFor={`${id}-description`}>
          {t('agenda.admin.fields.description')}
        </label>
        <textarea id={`${id}-description`} className="field-input" rows={4} value={d.description} onChange={set('description')} />
      </div>
      <div className="ag-form-grid">
        {field('startsAt', 'datetime-local', true, t('agenda.admin.parisTime'))}
        {field('endsAt', 'datetime-local', false, t('agenda.admin.parisTime'))}
        {field('place')}
        {field('address')}
        {field('lat', 'text', false, t('agenda.admin.coordinatesHelp'))}
        {field('lng', 'text', false, t('agenda.admin.coordinatesHelp'))}
      </div>
      <fieldset className="ag-choices">
        <legend>{t('agenda.admin.fields.zones')}</legend>
        <p className="field-description">{t('agenda.admin.zonesHelp')}</p>
        {filters.zones.map((z) => (
          <label key={z.id}>
            <input type="checkbox" checked={d.zones.includes(z.id)} onChange={() => setD((v) => ({ ...v, zones: v.zones.includes(z.id) ? v.zones.filter((y) => y !== z.id) : [...v.zones, z.id] }))} />
            {z.name}
          </label>
        ))}
      </fieldset>
      <fieldset className="ag-choices">
        <legend>{t('agenda.admin.fields.topics')}</legend>
        {filters.topics.map((x) => (
          <label key={x.id}>
            <input type="checkbox" checked={d.topics.includes(x.id)} onChange={() => setD((v) => ({ ...v, topics: v.topics.includes(x.id) ? v.topics.filter((y) => y !== x.id) : [...v.topics, x.id] }))} />
            {x[lang]}
          </label>
        ))}
      </fieldset>
      {!editing || editing.status === 'draft' ? (
        <label className="ag-choices">
          <input type="checkbox" checked={d.publish} onChange={(e) => setD((v) => ({ ...v, publish: e.target.checked }))} /> {t('agenda.admin.publishNow')}
        </label>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {editing ? t('agenda.admin.save') : t('agenda.admin.createButton')}
        </button>
        {editing ? (
          <button type="button" className="button" onClick={onDone}>
            {t('agenda.admin.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function ImportForm({ onImported }: { onImported(): void }) {
  const { t } = useTranslation('communication');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<AgendaImportReport | null>(null);
  const { pending, error, submit } = useSubmission();
  const refused = refusedImport(error);
  const shown = report ?? refused;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [shown]);
  return (
    <section className="section" aria-labelledby="ag-import">
      <h2 id="ag-import">{t('agenda.admin.import')}</h2>
      <form
        className="form card"
        onSubmit={(e) => {
          e.preventDefault();
          const file = input.current?.files?.[0];
          if (!file) return;
          const form = new FormData();
          form.append('file', file);
          setReport(null);
          submit(async () => {
            setReport(await agendaAdminApi.import(form));
            onImported();
          });
        }}
      >
        <ErrorSummary error={refused ? null : error} />
        <div className="field">
          <label className="field-label" htmlFor={id}>
            {t('agenda.admin.importFile')}
          </label>
          <p className="field-description" id={`${id}-help`}>
            {t('agenda.admin.importHelp')}
          </p>
          <input id={id} ref={input} type="file" required className="field-input" accept=".json,application/json" aria-describedby={`${id}-help`} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {t('agenda.admin.importButton')}
          </button>
        </div>
      </form>
      {shown ? (
        <div className="card" data-testid="agenda-import-report">
          <h3 ref={heading} tabIndex={-1}>
            {t('agenda.admin.report', { file: shown.filename, items: shown.items, created: shown.created, updated: shown.updated, unchanged: shown.unchanged, removed: shown.removed })}
          </h3>
          {shown.problems.length ? (
            <div className="table-wrap">
              <table className="table" data-testid="agenda-import-problems">
                <caption>{t('agenda.admin.problems', { count: shown.problems.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('agenda.admin.item')}</th>
                    <th scope="col">{t('agenda.admin.uid')}</th>
                    <th scope="col">{t('agenda.admin.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.problems.map((p, i) => (
                    <tr key={i}>
                      <th scope="row">{p.index >= 0 ? p.index + 1 : '—'}</th>
                      <td>{p.uid ?? '—'}</td>
                      <td lang="fr">{p.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('agenda.admin.noProblem')}</p>
          )}
        </div>
      ) : null}
    </section>
  );
}

function EventTable({ events, onEdit, onChanged }: { events: AgendaEvent[]; onEdit(e: AgendaEvent): void; onChanged(): void }) {
  const { t, i18n } = useTranslation('communication');
  const { pending, error, submit } = useSubmission();
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' });
  const upcoming = events.filter((e) => new Date(e.endsAt ?? e.startsAt).getTime() >= Date.now() - 86_400_000);
  const past = events.length - upcoming.length;
  return (
    <>
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      <p>{t('agenda.admin.pastHidden', { count: past })}</p>
      <div className="table-wrap">
        <table className="table" data-testid="agenda-admin-events">
          <caption className="visually-hidden">{t('agenda.admin.events')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agenda.admin.fields.title')}</th>
              <th scope="col">{t('agenda.admin.fields.startsAt')}</th>
              <th scope="col">{t('agenda.admin.status')}</th>
              <th scope="col">{t('agenda.admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {upcoming.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  {e.title}
                  {e.source === 'openagenda' ? <span className="small"> (OpenAgenda)</span> : null}
                </th>
                <td>{fmt.format(new Date(e.startsAt))}</td>
                <td>{e.status === 'published' ? t('agenda.admin.published') : t('agenda.admin.draft')}</td>
                <td>
                  <div className="ag-actions">
                    <Button className="button" onPress={() => onEdit(e)}>
                      {t('agenda.admin.editButton', { title: e.title })}
                    </Button>
                    <Button
                      className="button"
                      isDisabled={pending}
                      onPress={() =>
                        submit(async () => {
                          await agendaAdminApi.publish(e.id, e.status !== 'published');
                          onChanged();
                        })
                      }
                    >
                      {e.status === 'published' ? t('agenda.admin.unpublish', { title: e.title }) : t('agenda.admin.publish', { title: e.title })}
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
