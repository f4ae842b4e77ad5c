import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useSubmission } from '@web/components/useSubmission';
import {
  isOpen,
  newIdempotencyKey,
  paths,
  portalApi,
  photoUrl,
  type AddressHit,
  type CategoryAttribute,
  type NearbyReport,
  type PhotoUpload,
  type PublicCategory,
  type SubmitResult,
} from '../api';
import { fold, groupCategories } from '../shared/categories';
import { formatDate, formatMetres } from '../shared/format';
import { ReportsMap } from '../shared/ReportsMap';
import { StatusTag } from '../shared/StatusTag';
import { useResource } from '@web/components/useResource';
import '../public-space.css';

interface Place {
  lng: number;
  lat: number;
  source: 'map' | 'device' | 'address';
  label: string | null;
  addressId: string | null;
}

interface Photo {
  name: string;
  preview: string;
  upload: PhotoUpload;
}

type Answer = string | string[];

/** The answers as the server reads them: numbers as numbers, date-times with their offset, empty ones left out. */
function answersFor(attributes: CategoryAttribute[], answers: Record<string, Answer>): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const a of attributes) {
    const v = answers[a.code];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (a.datatype === 'number' && typeof v === 'string' && Number.isFinite(Number(v))) out[a.code] = Number(v);
    else if (a.datatype === 'datetime' && typeof v === 'string') out[a.code] = new Date(v).toISOString();
    else out[a.code] = v;
  }
  return out;
}

/**
 * `/signalements/nouveau`: report a problem without an account. The position comes from the map,
 * the device, or an address (so the form works without the map); open reports of the same category
 * nearby are shown before sending, with "follow this one"; the tracking link is shown at the end.
 */
export function NewReportPage() {
  const { t, i18n } = useTranslation('public-space');
  const ids = { category: useId(), filter: useId(), address: useId(), description: useId(), photo: useId(), name: useId(), email: useId(), phone: useId(), notify: useId() };
  const categories = useResource(() => portalApi.categories(), []);
  const [filter, setFilter] = useState('');
  const [categoryCode, setCategoryCode] = useState('');
  const [place, setPlace] = useState<Place | null>(null);
  const [placeMessage, setPlaceMessage] = useState('');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<AddressHit[] | null>(null);
  const [tooShort, setTooShort] = useState(false);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [contact, setContact] = useState({ name: '', email: '', phone: '' });
  const [notify, setNotify] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [result, setResult] = useState<{ kind: 'created' | 'followed'; number: string; path: string; near: SubmitResult['nearSensitivePlaces'] } | null>(null);
  const submission = useSubmission();
  const search = useSubmission();
  const upload = useSubmission();
  const doneHeading = useRef<HTMLHeadingElement>(null);

  const items = categories.data?.items ?? [];
  const category: PublicCategory | undefined = items.find((c) => c.code === categoryCode && c.selectable);
  const groups = useMemo(() => {
    const f = fold(filter.trim());
    const matching = f ? items.filter((c) => !c.selectable || fold(`${c.name} ${c.keywords.join(' ')} ${c.description}`).includes(f)) : items;
    return groupCategories(matching);
  }, [items, filter]);
  const attributes = useMemo(() => [...(category?.attributes ?? [])].sort((a, b) => a.order - b.order), [category]);

  // The open reports of the category chosen, on the map: what is already known around the place.
  const known = useResource(() => (category ? portalApi.map({ state: 'open', category: category.code }) : Promise.resolve(null)), [category?.code]);
  const knownPoints = useMemo(
    () => (known.data?.items ?? []).filter((i) => i.kind === 'report' && i.id).map((i) => ({ id: i.id!, lng: i.lng, lat: i.lat, open: true })),
    [known.data],
  );
  const nearby = useResource<{ radiusM: number; items: NearbyReport[] } | null>(
    () => (category && place ? portalApi.nearby(category.code, place.lng, place.lat) : Promise.resolve(null)),
    [category?.code, place?.lng, place?.lat],
  );

  useEffect(() => {
    if (result) doneHeading.current?.focus();
  }, [result]);

  // Previews are the browser's own copies of the files; released when the page goes.
  const previews = useRef<string[]>([]);
  useEffect(() => () => previews.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const choose = (next: Place, message: string) => {
    setPlace(next);
    setPlaceMessage(message);
  };

  const searchAddress = () => {
    const q = query.trim();
    setTooShort(q.length < 3);
    if (q.length < 3) {
      setHits(null);
      return;
    }
    search.submit(async () => setHits((await portalApi.addresses(q)).items));
  };

  const useDevice = () => {
    if (!('geolocation' in navigator)) {
      setPlaceMessage(t('create.place.deviceUnavailable'));
      return;
    }
    setPlaceMessage(t('create.place.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => choose({ lng: pos.coords.longitude, lat: pos.coords.latitude, source: 'device', label: null, addressId: null }, t('create.place.chosenDevice', { accuracy: formatMetres(i18n.language, pos.coords.accuracy) })),
      () => setPlaceMessage(t('create.place.deviceRefused')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const addPhotos = (files: FileList | null) => {
    const list = Array.from(files ?? []);
    if (list.length === 0) return;
    setUploading(true);
    upload.submit(async () => {
      try {
        for (const file of list) {
          const upload = await portalApi.uploadPhoto(file);
          const preview = URL.createObjectURL(file);
          previews.current.push(preview);
          setPhotos((p) => [...p, { name: file.name, preview, upload }]);
        }
      } finally {
        setUploading(false);
      }
    });
  };

  const contactBody = () => {
    const c = { name: contact.name.trim() || null, email: contact.email.trim() || null, phone: contact.phone.trim() || null };
    return c.name || c.email || c.phone ? c : null;
  };

  const follow = (number: string) =>
    submission.submit(async () => {
      const r = await portalApi.follow(number, { contact: contactBody(), notify: notify && !!contact.email.trim() });
      setResult({ kind: 'followed', number: r.report.id, path: r.tracking.path, near: [] });
    });

  const send = () =>
    submission.submit(async () => {
      if (!category) throw new Error('no category');
      const r = await portalApi.submit(
        {
          categoryCode: category.code,
          description: description.trim(),
          position: { lng: place!.lng, lat: place!.lat },
          positionSource: place!.source,
          addressId: place!.addressId,
          attributes: answersFor(attributes, answers),
          photos: photos.map((p) => ({ id: p.upload.id, token: p.upload.token })),
          contact: contactBody(),
          notify: notify && !!contact.email.trim(),
          clientId: null,
        },
        key,
      );
      setResult({ kind: 'created', number: r.report.id, path: r.tracking.path, near: r.nearSensitivePlaces });
      setKey(newIdempotencyKey());
    });

  if (result) {
    const absolute = `${window.location.origin}${result.path}`;
    return (
      <Page title={result.kind === 'created' ? t('create.done.title') : t('create.done.followedTitle')} className="ps-page">
        <section aria-labelledby="ps-done-title" className="card ps-done" data-testid="report-done">
          <h2 id="ps-done-title" ref={doneHeading} tabIndex={-1}>
            {result.kind === 'created' ? t('create.done.created', { number: result.number }) : t('create.done.followed', { number: result.number })}
          </h2>
          <p>{t('create.done.keepLink')}</p>
          <p className="ps-tracking-link">
            <Link to={result.path} data-testid="tracking-link">
              {absolute}
            </Link>
          </p>
          <p>
            <Link to={paths.report(result.number)}>{t('create.done.publicPage', { number: result.number })}</Link>
          </p>
          {result.near.length > 0 ? (
            <p>{t('create.done.sensitive', { places: result.near.map((n) => `${n.name ?? n.layer} (${formatMetres(i18n.language, n.distanceM)})`).join(', ') })}</p>
          ) : null}
          <p>
            <Link to={paths.list}>{t('create.done.back')}</Link>
          </p>
        </section>
      </Page>
    );
  }

  const fieldErrors = fieldErrorsOf(t, submission.error);
  const fieldLabels: Record<string, string> = {
    categoryCode: t('create.category.label'),
    description: t('create.description.label'),
    position: t('create.place.title'),
    photos: t('create.photos.title'),
    'contact.email': t('create.contact.email'),
    'contact.phone': t('create.contact.phone'),
    'contact.name': t('create.contact.name'),
    ...Object.fromEntries(attributes.map((a) => [`attributes.${a.code}`, a.description])),
  };
  const openNearby = (nearby.data?.items ?? []).filter((n) => isOpen(n.status));
  const requireContact = category ? !category.anonymousAllowed : false;

  return (
    <Page title={t('create.title')} lead={<p>{t('create.intro')}</p>} className="ps-page">
      {categories.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, categories.error)}
        </p>
      ) : null}
      {!categories.data && !categories.error ? <Loading /> : null}
      <ErrorSummary error={submission.error} fieldErrors={fieldErrors} fieldLabels={fieldLabels} />
      <form
        className="form ps-form"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <Step n={1} title={t('create.category.title')}>
          <div className="field">
            <label className="field-label" htmlFor={ids.filter}>
              {t('create.category.filter')}
            </label>
            <input id={ids.filter} className="field-input" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.category}>
              {t('create.category.label')}
            </label>
            <select id={ids.category} className="field-input" required value={categoryCode} onChange={(e) => setCategoryCode(e.target.value)}>
              <option value="">{t('create.category.choose')}</option>
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
            </select>
            {category?.description ? <p className="field-description">{category.description}</p> : null}
          </div>
        </Step>

        <Step n={2} title={t('create.place.title')}>
          <p className="field-description">{t('create.place.help')}</p>
          <div className="field">
            <label className="field-label" htmlFor={ids.address}>
              {t('create.place.address')}
            </label>
            <div className="ps-inline">
              <input
                id={ids.address}
                className="field-input"
                type="search"
                autoComplete="street-address"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    searchAddress();
                  }
                }}
              />
              <button type="button" className="button" onClick={searchAddress}>
                {t('create.place.search')}
              </button>
            </div>
          </div>
          {tooShort ? <p role="status">{t('create.place.tooShort')}</p> : null}
          {search.error ? (
            <p className="error-text" role="alert">
              {problemMessage(t, search.error)}
            </p>
          ) : null}
          {hits ? (
            <div>
              <p role="status">{hits.length === 0 ? t('create.place.noAddress') : t('create.place.addresses', { count: hits.length })}</p>
              {hits.length > 0 ? (
                <ul className="ps-hits">
                  {hits.map((h) => (
                    <li key={h.id}>
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-pressed={place?.addressId === h.id}
                        onClick={() => choose({ lng: h.lng, lat: h.lat, source: 'address', label: h.label, addressId: h.source === 'addresses' ? h.id : null }, t('create.place.chosenAddress', { label: h.label }))}
                      >
                        {h.label}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <p>
            <button type="button" className="button" onClick={useDevice}>
              {t('create.place.device')}
            </button>
          </p>
          <ReportsMap
            className="ps-pick-map"
            points={knownPoints}
            picked={place}
            label={t('create.place.mapLabel')}
            description={t('create.place.mapDescription')}
            unavailableText={t('create.place.mapUnavailable')}
            onPick={(lng, lat) => choose({ lng, lat, source: 'map', label: null, addressId: null }, t('create.place.chosenMap'))}
          />
          <div role="status" className="ps-place" data-testid="place-status">
            {placeMessage ? <p>{placeMessage}</p> : null}
            {place ? <p className="small">{t('create.place.coordinates', { lat: place.lat.toFixed(5), lng: place.lng.toFixed(5) })}</p> : <p className="small">{t('create.place.none')}</p>}
          </div>
        </Step>

        {category && place ? (
          <section aria-labelledby="ps-nearby-title" className="card ps-nearby" data-testid="nearby">
            <h2 id="ps-nearby-title">{t('create.nearby.title')}</h2>
            {nearby.loading && !nearby.data ? <Loading /> : null}
            {nearby.data ? (
              openNearby.length === 0 ? (
                <p role="status">{t('create.nearby.none', { radius: formatMetres(i18n.language, nearby.data.radiusM) })}</p>
              ) : (
                <>
                  <p role="status">{t('create.nearby.some', { count: openNearby.length, radius: formatMetres(i18n.language, nearby.data.radiusM) })}</p>
                  <ul className="ps-nearby-list">
                    {openNearby.map((n) => (
                      <li key={n.id} className="ps-nearby-item">
                        {n.photo ? <img src={photoUrl(n.photo.id)} alt="" width={96} height={Math.round((96 * n.photo.height) / Math.max(1, n.photo.width))} /> : null}
                        <div>
                          <p className="ps-nearby-head">
                            <Link to={paths.report(n.id)}>{t('create.nearby.item', { number: n.id, distance: formatMetres(i18n.language, n.distanceM) })}</Link> <StatusTag status={n.status} />
                          </p>
                          <p className="small">{t('create.nearby.meta', { date: formatDate(i18n.language, n.requestedAt), count: n.followers })}</p>
                          {n.description ? <p>{n.description}</p> : null}
                          <button type="button" className="button" onClick={() => follow(n.id)} disabled={submission.pending}>
                            {t('create.nearby.follow', { number: n.id })}
                          </button>
                        </div>
                      </li>
                    ))}
                  </ul>
                  <p>{t('create.nearby.orNew')}</p>
                </>
              )
            ) : null}
          </section>
        ) : null}

        {attributes.length > 0 ? (
          <Step n={3} title={t('create.questions.title')}>
            {attributes.map((a) => (
              <AttributeField key={a.code} attribute={a} value={answers[a.code]} error={fieldErrors[`attributes.${a.code}`]} onChange={(v) => setAnswers((prev) => ({ ...prev, [a.code]: v }))} />
            ))}
          </Step>
        ) : null}

        <Step n={attributes.length > 0 ? 4 : 3} title={t('create.details.title')}>
          <div className="field">
            <label className="field-label" htmlFor={ids.description}>
              {t('create.description.label')}
            </label>
            <p className="field-description" id={`${ids.description}-help`}>
              {t('create.description.help')}
            </p>
            <textarea id={ids.description} className="field-input" rows={4} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} aria-describedby={`${ids.description}-help`} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={ids.photo}>
              {category?.photoRequired ? t('create.photos.labelRequired') : t('create.photos.label')}
            </label>
            <p className="field-description" id={`${ids.photo}-help`}>
              {t('create.photos.help')}
            </p>
            <input
              id={ids.photo}
              className="field-input"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
              multiple
              aria-describedby={`${ids.photo}-help`}
              onChange={(e) => {
                addPhotos(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
          {uploading ? <p role="status">{t('create.photos.uploading')}</p> : null}
          {upload.error ? (
            <p className="error-text" role="alert">
              {problemMessage(t, upload.error)}
            </p>
          ) : null}
          {photos.length > 0 ? (
            <ul className="ps-photo-list" data-testid="photos">
              {photos.map((p, i) => (
                <li key={p.upload.id}>
                  <img src={p.preview} alt={t('create.photos.previewAlt', { n: i + 1 })} width={120} height={Math.round((120 * p.upload.height) / Math.max(1, p.upload.width))} />
                  <span className="small">{t('create.photos.ready', { name: p.name })}</span>
                  <button type="button" className="button button-small" onClick={() => setPhotos((list) => list.filter((x) => x.upload.id !== p.upload.id))}>
                    {t('create.photos.remove', { n: i + 1 })}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </Step>

        <Step n={attributes.length > 0 ? 5 : 4} title={requireContact ? t('create.contact.titleRequired') : t('create.contact.title')}>
          <p className="field-description">{t('create.contact.help')}</p>
          <div className="form-grid">
            <div className="field">
              <label className="field-label" htmlFor={ids.name}>
                {t('create.contact.name')}
              </label>
              <input id={ids.name} className="field-input" autoComplete="name" value={contact.name} maxLength={120} onChange={(e) => setContact((c) => ({ ...c, name: e.target.value }))} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.email}>
                {t('create.contact.email')}
              </label>
              <input id={ids.email} className="field-input" type="email" autoComplete="email" required={requireContact} value={contact.email} onChange={(e) => setContact((c) => ({ ...c, email: e.target.value }))} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={ids.phone}>
                {t('create.contact.phone')}
              </label>
              <input id={ids.phone} className="field-input" type="tel" autoComplete="tel" maxLength={30} value={contact.phone} onChange={(e) => setContact((c) => ({ ...c, phone: e.target.value }))} />
            </div>
          </div>
          <div className="ps-check">
            <input id={ids.notify} type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
            <label htmlFor={ids.notify}>{t('create.contact.notify')}</label>
          </div>
        </Step>

        {!place ? <StatusMessage tone="warning">{t('create.needPlace')}</StatusMessage> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submission.pending || uploading || !place || !category}>
            {submission.pending ? t('create.sending') : t('create.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="card ps-step">
      <h2 id={id}>
        <span className="ps-step-number">{n}.</span> {title}
      </h2>
      {children}
    </section>
  );
}

/** One of the category's questions, as a typed input: text, number, date and time, a list as radio buttons or checkboxes. */
function AttributeField({ attribute: a, value, error, onChange }: { attribute: CategoryAttribute; value: Answer | undefined; error?: string; onChange(v: Answer): void }) {
  const { t } = useTranslation('public-space');
  const id = useId();
  const help = a.datatypeDescription ? <p className="field-description" id={`${id}-help`}>{a.datatypeDescription}</p> : null;
  const label = a.required ? t('create.questions.required', { question: a.description }) : a.description;
  const errorLine = error ? (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
  const describedBy = [a.datatypeDescription ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
    const multi = a.datatype === 'multivaluelist';
    const selected = Array.isArray(value) ? value : value ? [value] : [];
    return (
      <fieldset className="ps-fieldset" aria-describedby={describedBy}>
        <legend className="field-label">{label}</legend>
        {help}
        {a.values.map((v) => (
          <div key={v.key} className="ps-check">
            <input
              id={`${id}-${v.key}`}
              type={multi ? 'checkbox' : 'radio'}
              name={`${id}-${a.code}`}
              value={v.key}
              checked={selected.includes(v.key)}
              required={a.required && !multi}
              onChange={(e) => onChange(multi ? (e.target.checked ? [...selected, v.key] : selected.filter((k) => k !== v.key)) : v.key)}
            />
            <label htmlFor={`${id}-${v.key}`}>{v.name}</label>
          </div>
        ))}
        {errorLine}
      </fieldset>
    );
  }
  const common = {
    id,
    className: 'field-input',
    required: a.required,
    value: typeof value === 'string' ? value : '',
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {help}
      {a.datatype === 'text' ? (
        <textarea {...common} rows={3} maxLength={2000} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={a.datatype === 'number' ? 'number' : a.datatype === 'datetime' ? 'datetime-local' : 'text'} step={a.datatype === 'number' ? 'any' : undefined} maxLength={a.datatype === 'string' ? 200 : undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      {errorLine}
    </div>
  );
}
