/**
 * The observatory's dashboard: the residents' and analysts' page in the portal, and the same page in
 * the back-office, where analysts also accept, set aside or annotate the proposed priority zones.
 * Every map has the table of territories beside it; every score, cluster and zone is explained.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '@web/api/client';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { classify, classOf, type Classification } from '@web/map/classify';
import { Legend, type LegendEntry } from '@web/map/Legend';
import { MapView, type MapFeatureCollection } from '@web/map/MapView';
import { LISA_COLOURS, NO_DATA_COLOUR, paletteColours } from '@web/map/palettes';
import type { AnalysisRequest, AnalysisResultView, CatalogueView, PortraitView, ReviewView, TerritoryResultView, ValuesView } from './api';
import { Portrait } from './Portrait';
import { PriorityZones } from './PriorityZones';
import './observatory.css';

type Layer = 'index' | 'lisa' | 'indicator';
type SortKey = 'name' | 'code' | 'score' | 'rank' | 'priority';

const CLASSES = 5;
const PAGE_SIZE = 25;
const THEMES = ['income', 'poverty', 'unemployment', 'housing', 'digital', 'services'] as const;

interface Pending {
  key: string;
  status: 'pending';
}

/** Runs an analysis: POST, then polls while the server answers 202; a key the server forgot is asked again. */
function useAnalysis(request: AnalysisRequest | null, language: string) {
  const [result, setResult] = useState<AnalysisResultView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const body = request ? JSON.stringify(request) : null;
  useEffect(() => {
    if (!request) return;
    let live = true;
    setBusy(true);
    setError(null);
    const run = async (): Promise<AnalysisResultView> => {
      let answer = await api.post<AnalysisResultView | Pending>('/api/public/observatory/analyses', request, { query: { lang: language } });
      for (let attempt = 0; 'status' in answer && answer.status === 'pending' && attempt < 400; attempt++) {
        await new Promise((r) => setTimeout(r, 1500));
        if (!live) throw new Error('stale');
        try {
          answer = await api.get<AnalysisResultView | Pending>(`/api/public/observatory/analyses/${answer.key}`, { query: { lang: language } });
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) answer = await api.post<AnalysisResultView | Pending>('/api/public/observatory/analyses', request, { query: { lang: language } });
          else throw err;
        }
      }
      return answer as AnalysisResultView;
    };
    run().then(
      (r) => {
        if (!live) return;
        setResult(r);
        setBusy(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setBusy(false);
      },
    );
    return () => {
      live = false;
    };
  }, [body, language]);
  return { result, error, busy };
}

function useFetch<T>(path: string | null, query?: Record<string, string | number | undefined>): T | null {
  const [data, setData] = useState<T | null>(null);
  const key = path ? `${path}?${JSON.stringify(query ?? {})}` : null;
  useEffect(() => {
    if (!path) return;
    let live = true;
    api.get<T>(path, { query }).then(
      (d) => live && setData(d),
      () => live && setData(null),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return data;
}

function Dashboard({ staff }: { staff: boolean }) {
  const { t, i18n } = useTranslation('observatory');
  const language = i18n.language.startsWith('en') ? 'en' : 'fr';
  const num = useMemo(() => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }), [language]);
  const catalogue = useFetch<CatalogueView>('/api/public/observatory/catalogue');
  const defaults = useFetch<{ request: AnalysisRequest; areaLabel: { fr: string; en: string } }>('/api/public/observatory/dashboard');
  const [draft, setDraft] = useState<AnalysisRequest | null>(null);
  const [request, setRequest] = useState<AnalysisRequest | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  useEffect(() => {
    if (defaults && !request) {
      setDraft(defaults.request);
      setRequest(defaults.request);
    }
  }, [defaults]);
  const { result, error, busy } = useAnalysis(request, language);
  const zoning = request?.zoning ?? null;
  const zones = useFetch<MapFeatureCollection>(zoning ? `/api/public/territory/zonings/${zoning}/zones` : null, { geometry: 'simplified' });

  const [layer, setLayer] = useState<Layer>('index');
  const [classification, setClassification] = useState<Classification>('quantiles');
  const [indicatorCode, setIndicatorCode] = useState<string>('');
  const [indicatorYear, setIndicatorYear] = useState<number | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const [reviews, setReviews] = useState<Map<string, ReviewView>>(new Map());
  const portraitRef = useRef<HTMLElement>(null);

  const indicatorValues = useFetch<ValuesView>(layer === 'indicator' && zoning && indicatorCode ? '/api/public/observatory/values' : null, {
    zoning: zoning ?? undefined,
    indicator: indicatorCode,
    year: indicatorYear,
  });
  const portrait = useFetch<PortraitView>(result && selected ? `/api/public/observatory/analyses/${result.key}/territories/${selected}` : null, { lang: language });

  useEffect(() => {
    if (!staff || !zoning) return;
    api.get<{ items: ReviewView[] }>('/api/admin/observatory/reviews', { query: { zoning } }).then(
      (r) => setReviews(new Map(r.items.map((x) => [x.code, x]))),
      () => setReviews(new Map()),
    );
  }, [staff, zoning]);

  const indicatorsByCode = useMemo(() => new Map((catalogue?.indicators ?? []).map((i) => [i.code, i])), [catalogue]);
  const usable = useMemo(
    () => (catalogue?.indicators ?? []).filter((i) => i.direction !== 'neutral' && zoning && i.coverage.some((c) => c.zoning === zoning)),
    [catalogue, zoning],
  );
  useEffect(() => {
    if (!indicatorCode && usable.length) setIndicatorCode(request?.indicators[0] ?? usable[0]!.code);
  }, [usable]);
  const indicatorYears = indicatorsByCode.get(indicatorCode)?.coverage.find((c) => c.zoning === zoning)?.years ?? [];

  // ---- Map colours, legend and text alternative -------------------------------------------------
  const territories = result?.territories ?? [];
  const mapData = useMemo(() => {
    if (layer === 'lisa') {
      const colours = new Map<string, string>();
      for (const tr of territories) if (tr.scored) colours.set(tr.code, tr.lisa.significant && tr.lisa.quadrant ? LISA_COLOURS[tr.lisa.quadrant] : LISA_COLOURS.none);
      const counts = result?.summary.lisaCounts ?? {};
      const entries: LegendEntry[] = (['HH', 'LL', 'LH', 'HL'] as const).map((q) => ({ colour: LISA_COLOURS[q], label: t(`map.lisa.${q}`), count: counts[q] ?? 0 }));
      entries.push({ colour: LISA_COLOURS.none, label: t('map.lisa.none') }, { colour: NO_DATA_COLOUR, label: t('map.noData') });
      const description = t('map.describeLisa', { hh: counts.HH ?? 0, ll: counts.LL ?? 0, lh: counts.LH ?? 0, hl: counts.HL ?? 0 });
      return { colours, entries, description, title: t('map.lisaLegend', { alpha: num.format((result?.summary.alpha ?? 0.05) * 100) }) };
    }
    const items: { code: string; name: string; value: number | null }[] =
      layer === 'index' ? territories.map((tr) => ({ code: tr.code, name: tr.name, value: tr.score })) : (indicatorValues?.values ?? []).map((v) => ({ code: v.code, name: v.name, value: v.value }));
    const classes = classify(
      items.map((i) => i.value),
      CLASSES,
      classification,
    );
    const indicator = indicatorsByCode.get(indicatorCode);
    const palette = layer === 'index' ? paletteColours('viridis', classes?.counts.length ?? CLASSES) : paletteColours(indicator?.direction === 'higher-is-better' ? 'pu-bu-gn' : 'yl-or-rd', classes?.counts.length ?? CLASSES);
    const colours = new Map<string, string>();
    if (classes) for (const i of items) if (i.value !== null) colours.set(i.code, palette[classOf(i.value, classes)]!);
    const entries: LegendEntry[] = classes
      ? classes.counts.map((count, c) => ({ colour: palette[c]!, label: `${num.format(classes.bounds[c]!)} – ${num.format(classes.bounds[c + 1]!)}`, count }))
      : [];
    entries.push({ colour: NO_DATA_COLOUR, label: t('map.noData'), count: items.filter((i) => i.value === null).length });
    const layerName = layer === 'index' ? t('map.layers.index') : `${indicator?.name[language] ?? indicatorCode} ${indicatorValues?.year ?? ''}`.trim();
    const lowest = items
      .filter((i) => i.value !== null)
      .sort((a, b) => a.value! - b.value!)
      .slice(0, 3)
      .map((i) => `${i.name} (${num.format(i.value!)})`)
      .join(', ');
    const description = classes
      ? t('map.describeClasses', {
          layer: layerName,
          count: items.filter((i) => i.value !== null).length,
          classes: classes.counts.length,
          method: t(`map.classifications.${classification}`),
          ranges: entries
            .slice(0, -1)
            .map((e) => `${e.label} (${e.count})`)
            .join(' ; '),
          lowest,
        })
      : t('map.noData');
    return { colours, entries, description, title: layer === 'index' ? t('map.indexLegend') : layerName };
  }, [layer, territories, indicatorValues, classification, language, result]);

  const emphasised = useMemo(() => new Set(territories.filter((tr) => tr.priority?.order !== null && tr.priority?.order !== undefined).map((tr) => tr.code)), [territories]);

  // ---- Table -------------------------------------------------------------------------------------
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'rank', descending: false });
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const rows = useMemo(() => {
    const f = filter.trim().toLocaleLowerCase(language);
    const list = territories.filter((tr) => !f || tr.name.toLocaleLowerCase(language).includes(f) || tr.code.includes(f));
    const value = (tr: TerritoryResultView): string | number => {
      switch (sort.key) {
        case 'name':
          return tr.name;
        case 'code':
          return tr.code;
        case 'score':
          return tr.score ?? Number.POSITIVE_INFINITY;
        case 'rank':
          return tr.rank ?? Number.POSITIVE_INFINITY;
        case 'priority':
          return tr.priority?.points ?? -1;
      }
    };
    return [...list].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c = typeof va === 'string' ? va.localeCompare(vb as string, language) : va - (vb as number);
      return sort.descending ? -c : c;
    });
  }, [territories, filter, sort, language]);
  useEffect(() => setPage(0), [filter, sort, result?.key]);
  const pageRows = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);

  const openPortrait = (code: string) => {
    setSelected(code);
    setTimeout(() => portraitRef.current?.querySelector<HTMLElement>('h2')?.focus(), 50);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    if (draft.indicators.length < 2) {
      setFormError(t('settings.tooFew'));
      return;
    }
    setFormError(null);
    const weights = draft.weighting === 'expert' ? Object.fromEntries(draft.indicators.map((c) => [c, draft.weights?.[c] ?? 1])) : undefined;
    setRequest({ ...draft, weights });
  };

  const sortHeader = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key === 'priority' }))} aria-label={t('table.sortBy', { column: label })}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );

  if (!catalogue || !defaults || !draft) return <Loading label={t('loading')} />;
  const areaLabel = defaults.areaLabel[language];
  const zoningLabel = `${zoning} (${areaLabel})`;
  const sources = catalogue.sources.filter((s) => (request?.indicators ?? []).some((c) => indicatorsByCode.get(c)?.sourceId === s.id));

  return (
    <>
      <section className="card observatory-settings" aria-labelledby="obs-settings">
        <h2 id="obs-settings">{t('settings.title')}</h2>
        <form onSubmit={submit}>
          <fieldset>
            <legend>{t('settings.indicators')}</legend>
            <p className="field-help">{t('settings.indicatorsHelp')}</p>
            <div className="indicator-groups">
              {THEMES.map((theme) => {
                const list = usable.filter((i) => i.theme === theme);
                if (!list.length) return null;
                return (
                  <div key={theme} className="indicator-group">
                    <h3>{t(`settings.theme.${theme}`)}</h3>
                    <ul>
                      {list.map((i) => {
                        const checked = draft.indicators.includes(i.code);
                        return (
                          <li key={i.code}>
                            <label>
                              <input
                                type="checkbox"
                                checked={checked}
                                onChange={(e) =>
                                  setDraft({ ...draft, indicators: e.target.checked ? [...draft.indicators, i.code] : draft.indicators.filter((c) => c !== i.code) })
                                }
                              />{' '}
                              {i.name[language]}
                            </label>
                            {checked && draft.weighting === 'expert' ? (
                              <label className="weight-input">
                                <span className="visually-hidden">{t('settings.weight', { name: i.name[language] })}</span>
                                <input
                                  type="number"
                                  min={0}
                                  max={100}
                                  step={0.5}
                                  value={draft.weights?.[i.code] ?? 1}
                                  aria-label={t('settings.weight', { name: i.name[language] })}
                                  onChange={(e) => setDraft({ ...draft, weights: { ...(draft.weights ?? {}), [i.code]: Number(e.target.value) } })}
                                />
                              </label>
                            ) : null}
                          </li>
                        );
                      })}
                    </ul>
                  </div>
                );
              })}
            </div>
          </fieldset>
          <div className="method-choices">
            <label>
              {t('settings.normalisation')}
              <select value={draft.normalisation} onChange={(e) => setDraft({ ...draft, normalisation: e.target.value as AnalysisRequest['normalisation'] })}>
                {(['min-max', 'z-score', 'rank', 'distance-to-mean', 'exponential-rank'] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`settings.normalisations.${v}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('settings.weighting')}
              <select value={draft.weighting} onChange={(e) => setDraft({ ...draft, weighting: e.target.value as AnalysisRequest['weighting'] })}>
                {(['equal', 'expert', 'pca'] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`settings.weightings.${v}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('settings.aggregation')}
              <select value={draft.aggregation} onChange={(e) => setDraft({ ...draft, aggregation: e.target.value as AnalysisRequest['aggregation'] })}>
                {(['arithmetic', 'geometric'] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`settings.aggregations.${v}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('settings.missing')}
              <select value={draft.missing} onChange={(e) => setDraft({ ...draft, missing: e.target.value as AnalysisRequest['missing'] })}>
                {(['neighbours-then-parent', 'neighbours', 'parent', 'exclude'] as const).map((v) => (
                  <option key={v} value={v}>
                    {t(`settings.missings.${v}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {formError ? <p className="field-error" role="alert">{formError}</p> : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('settings.apply')}
          </button>
        </form>
      </section>

      {busy ? <StatusMessage>{t('computing')}</StatusMessage> : null}
      {error ? (
        <p className="status status-warning" role="alert">
          {t('error', { message: problemMessage(t, error) })}
        </p>
      ) : null}

      {result ? (
        <>
          <section className="observatory-map-section" aria-labelledby="obs-map">
            <h2 id="obs-map">{t('map.title')}</h2>
            <div className="map-controls">
              <fieldset className="layer-choice">
                <legend>{t('map.layer')}</legend>
                {(['index', 'lisa', 'indicator'] as const).map((l) => (
                  <label key={l}>
                    <input type="radio" name="layer" value={l} checked={layer === l} onChange={() => setLayer(l)} /> {t(`map.layers.${l}`)}
                  </label>
                ))}
              </fieldset>
              {layer === 'indicator' ? (
                <>
                  <label>
                    {t('map.indicator')}
                    <select
                      value={indicatorCode}
                      onChange={(e) => {
                        setIndicatorCode(e.target.value);
                        setIndicatorYear(undefined);
                      }}
                    >
                      {usable.map((i) => (
                        <option key={i.code} value={i.code}>
                          {i.name[language]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t('map.year')}
                    <select value={indicatorValues?.year ?? indicatorYear ?? ''} onChange={(e) => setIndicatorYear(Number(e.target.value))}>
                      {indicatorYears.map((y) => (
                        <option key={y} value={y}>
                          {y}
                        </option>
                      ))}
                    </select>
                  </label>
                </>
              ) : null}
              {layer !== 'lisa' ? (
                <label>
                  {t('map.classification')}
                  <select value={classification} onChange={(e) => setClassification(e.target.value as Classification)}>
                    {(['quantiles', 'jenks', 'equal-intervals'] as const).map((c) => (
                      <option key={c} value={c}>
                        {t(`map.classifications.${c}`)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
            </div>
            <div className="map-and-legend">
              <MapView
                features={zones}
                colours={mapData.colours}
                label={t('map.label', { layer: layer === 'indicator' ? mapData.title : t(`map.layers.${layer}`), zoning: zoningLabel })}
                description={mapData.description}
                unavailableText={t('map.unavailable')}
                selected={selected}
                emphasised={layer === 'lisa' ? undefined : emphasised}
                onSelect={(code) => openPortrait(code)}
              />
              <Legend title={mapData.title} entries={mapData.entries} countLabel={(n) => t('map.count', { count: n })} />
              <p className="map-description" data-testid="map-description">
                {mapData.description}
              </p>
            </div>
          </section>

          <section className="card" aria-labelledby="obs-summary">
            <h2 id="obs-summary">{t('summary.title')}</h2>
            <ul className="summary-list">
              <li>{t('summary.scored', { scored: result.summary.scored, territories: result.summary.territories, average: num.format(result.summary.averageScore) })}</li>
              {result.summary.moran ? <li>{t('summary.moran', { I: num.format(result.summary.moran.I), p: result.summary.moran.p ?? '—' })}</li> : null}
              <li>{t('summary.clusters', { members: result.summary.clusterMembers })}</li>
              <li>{t('summary.vintages', { list: result.indicators.map((i) => `${i.name} ${i.year}`).join(', ') })}</li>
              <li data-testid="weights">{t('summary.weights', { list: result.indicators.map((i) => `${i.name} ${num.format(i.weight * 100)} %`).join(', ') })}</li>
              <li>{t('summary.sensitivity', { list: result.summary.sensitivity.map((s) => `${t(`settings.${s.factor}`)} ${num.format(s.share * 100)} %`).join(', ') })}</li>
            </ul>
          </section>

          {selected ? (
            <section ref={portraitRef} className="card portrait" aria-labelledby="obs-portrait">
              {portrait && portrait.code === selected ? (
                <Portrait portrait={portrait} onClose={() => setSelected(null)} />
              ) : (
                <>
                  <h2 id="obs-portrait" tabIndex={-1}>
                    {t('portrait.title', { name: territories.find((x) => x.code === selected)?.name ?? selected })}
                  </h2>
                  <Loading />
                </>
              )}
            </section>
          ) : null}

          <section className="observatory-table" aria-labelledby="obs-table">
            <h2 id="obs-table">{t('table.title')}</h2>
            <div className="table-tools">
              <label>
                {t('table.filter')}
                <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
              </label>
              <a className="button" href={`/api/public/observatory/analyses/${result.key}/table.csv?lang=${language}`} download>
                {t('table.download')}
              </a>
            </div>
            <div className="table-scroll" role="region" aria-labelledby="obs-table" tabIndex={0}>
              <table className="data-table">
                <caption>{t('table.caption')}</caption>
                <thead>
                  <tr>
                    {sortHeader('code', t('table.code'))}
                    {sortHeader('name', t('table.name'))}
                    {sortHeader('score', t('table.score'))}
                    {sortHeader('rank', t('table.rank'))}
                    <th scope="col">{t('table.interval')}</th>
                    <th scope="col">{t('table.lisa')}</th>
                    {sortHeader('priority', t('table.priority'))}
                    <th scope="col">{t('table.portrait')}</th>
                  </tr>
                </thead>
                <tbody>
                  {pageRows.map((tr) => (
                    <tr key={tr.code} aria-current={tr.code === selected ? 'true' : undefined}>
                      <td>{tr.code}</td>
                      <th scope="row">{tr.name}</th>
                      <td className="number">{tr.score === null ? t('table.excluded') : num.format(tr.score)}</td>
                      <td className="number">{tr.rank === null ? '—' : num.format(tr.rank)}</td>
                      <td className="number">{tr.interval ? `${num.format(tr.interval.lower)}–${num.format(tr.interval.upper)}` : '—'}</td>
                      <td>{tr.lisa.significant && tr.lisa.quadrant ? t(`map.lisa.${tr.lisa.quadrant}`).split(' :')[0]!.split(':')[0] : '—'}</td>
                      <td className="number">{tr.priority ? `${num.format(tr.priority.points)}${tr.priority.order !== null ? ` (n° ${tr.priority.order})` : ''}` : '—'}</td>
                      <td>
                        <button type="button" className="link-button" onClick={() => openPortrait(tr.code)} aria-label={t('table.open', { name: tr.name })}>
                          {t('table.portrait')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pager" aria-label={t('table.title')}>
              <button type="button" className="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                {t('table.previous')}
              </button>
              <span aria-live="polite">{t('table.showing', { from: rows.length ? page * PAGE_SIZE + 1 : 0, to: Math.min(rows.length, (page + 1) * PAGE_SIZE), total: rows.length })}</span>
              <button type="button" className="button" disabled={(page + 1) * PAGE_SIZE >= rows.length} onClick={() => setPage(page + 1)}>
                {t('table.next')}
              </button>
            </nav>
          </section>

          <PriorityZones result={result} staff={staff} reviews={reviews} onReviewed={(r) => setReviews(new Map(reviews).set(r.code, r))} onOpen={openPortrait} />

          <section className="card" aria-labelledby="obs-alerts">
            <h2 id="obs-alerts">{t('alerts.title')}</h2>
            <p>{t('alerts.intro')}</p>
            {result.alerts.length === 0 ? (
              <p>{t('alerts.none')}</p>
            ) : (
              <ul className="alert-list">
                {result.alerts.slice(0, 30).map((a) => (
                  <li key={a.code}>
                    <strong>{a.name}</strong> ({a.worsening ? t('alerts.worsening') : t('alerts.improving')}) — {a.sentence}{' '}
                    <button type="button" className="link-button" onClick={() => openPortrait(a.code)} aria-label={t('table.open', { name: a.name })}>
                      {t('table.portrait')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="obs-method">
            <h2 id="obs-method">{t('method.title')}</h2>
            <p>{result.method}</p>
            <ul>
              {sources.map((s) => (
                <li key={s.id}>
                  {s.url ? <a href={s.url}>{s.name}</a> : s.name} — {s.publisher} ({t('method.licence', { licence: s.licence })})
                </li>
              ))}
            </ul>
            {result.warnings.length ? (
              <details>
                <summary>{t('method.warnings')}</summary>
                <ul>
                  {result.warnings.map((w) => (
                    <li key={w} lang="en">
                      {w}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}

export function PublicDashboardPage() {
  const { t } = useTranslation('observatory');
  return (
    <Page title={t('title')} lead={<p>{t('lead')}</p>} className="observatory">
      <Dashboard staff={false} />
    </Page>
  );
}

export function StaffDashboardPage() {
  const { t } = useTranslation('observatory');
  return (
    <Page title={t('adminTitle')} lead={<p>{t('adminLead')}</p>} className="observatory">
      <Dashboard staff />
    </Page>
  );
}
