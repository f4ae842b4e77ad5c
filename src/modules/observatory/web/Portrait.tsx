import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortraitView } from './api';

const UNIT: Record<string, { fr: string; en: string }> = {
  percent: { fr: ' %', en: '%' },
  euros: { fr: ' €', en: ' €' },
  km: { fr: ' km', en: ' km' },
  'per-1000': { fr: ' ‰ hab.', en: ' per 1,000' },
};

/** A territory's portrait: its score in words, a chart of what pulls it up or down, its indicators against its parent, neighbours, the area and France. */
export function Portrait({ portrait, onClose }: { portrait: PortraitView; onClose: () => void }) {
  const { t, i18n } = useTranslation('observatory');
  const language = i18n.language.startsWith('en') ? 'en' : 'fr';
  const num = useMemo(() => new Intl.NumberFormat(language, { maximumFractionDigits: 1 }), [language]);
  const value = (v: number | null, unit: string) => (v === null ? '—' : `${num.format(v)}${UNIT[unit]?.[language] ?? ''}`);
  const drivers = portrait.drivers;
  const extent = Math.max(1e-9, ...drivers.map((d) => Math.abs(d.contribution)));
  const chartLabel = t('portrait.chartLabel', {
    name: portrait.name,
    list: drivers.map((d) => `${d.name} ${d.contribution >= 0 ? '+' : '−'}${num.format(Math.abs(d.contribution))}`).join(', '),
  });
  const barHeight = 26;
  const width = 560;
  const middle = width / 2;
  const scale = (middle - 10) / extent;

  return (
    <>
      <div className="portrait-head">
        <h2 id="obs-portrait" tabIndex={-1}>
          {t('portrait.title', { name: portrait.name })}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          {t('portrait.close')}
        </button>
      </div>
      {portrait.parent ? <p className="portrait-parent">{t('portrait.in', { parent: portrait.parent.name })}</p> : null}
      <h3>{t('portrait.explanation')}</h3>
      {portrait.sentence ? <p className="portrait-sentence">{portrait.sentence}</p> : <p>{t('portrait.notScored', { list: portrait.territory.missing.join(', ') })}</p>}
      {drivers.length ? (
        <figure className="portrait-chart">
          <figcaption>{t('portrait.chart')}</figcaption>
          <svg viewBox={`0 0 ${width} ${drivers.length * barHeight + 10}`} role="img" aria-label={chartLabel} preserveAspectRatio="xMinYMin meet">
            <line x1={middle} x2={middle} y1={0} y2={drivers.length * barHeight + 10} stroke="#4a5361" strokeWidth={1} />
            {drivers.map((d, k) => {
              const w = Math.abs(d.contribution) * scale;
              const y = 5 + k * barHeight;
              const positive = d.contribution >= 0;
              return (
                <g key={d.indicator}>
                  <rect x={positive ? middle : middle - w} y={y + 4} width={Math.max(1, w)} height={barHeight - 10} fill={positive ? '#2166ac' : '#b2182b'} />
                  <text x={positive ? middle - 6 : middle + 6} y={y + barHeight / 2 + 3} textAnchor={positive ? 'end' : 'start'} fontSize={12} fill="#1c2430">
                    {d.name} {positive ? '+' : '−'}
                    {num.format(Math.abs(d.contribution))}
                    {d.imputed ? ` (${t('portrait.estimated')})` : ''}
                  </text>
                </g>
              );
            })}
          </svg>
        </figure>
      ) : null}
      <h3>{t('portrait.comparisons')}</h3>
      <div className="table-scroll" role="region" aria-label={t('portrait.comparisons')} tabIndex={0}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('portrait.indicator')}</th>
              <th scope="col">{t('portrait.value')}</th>
              <th scope="col">{portrait.parent ? `${t('portrait.parent')} (${portrait.parent.name})` : t('portrait.parent')}</th>
              <th scope="col">{t('portrait.neighbours')}</th>
              <th scope="col">{t('portrait.area', { area: portrait.areaLabel })}</th>
              <th scope="col">{t('portrait.france')}</th>
            </tr>
          </thead>
          <tbody>
            {portrait.indicators.map((i) => (
              <tr key={i.code}>
                <th scope="row">
                  {i.name} ({i.year})
                </th>
                <td className="number">
                  {value(i.value, i.unit)}
                  {i.imputed ? ` (${t('portrait.estimated')})` : ''}
                </td>
                <td className="number" title={i.parent.approximate ? t('portrait.approximate') : undefined}>
                  {value(i.parent.value, i.unit)}
                  {i.parent.approximate && i.parent.value !== null ? '*' : ''}
                </td>
                <td className="number">{value(i.neighbours.value, i.unit)}</td>
                <td className="number">
                  {value(i.area.value, i.unit)}
                  {i.area.approximate && i.area.value !== null ? '*' : ''}
                </td>
                <td className="number">{value(i.france, i.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="field-help">* {t('portrait.approximate')}</p>
      <p className="portrait-summary">{portrait.summary}</p>
      {portrait.priority && portrait.priority.order !== null ? (
        <>
          <h3>{t('portrait.priority')}</h3>
          <p>{portrait.priority.explanation}</p>
        </>
      ) : null}
      {portrait.alert ? (
        <>
          <h3>{t('portrait.alert')}</h3>
          <p>{portrait.alert.sentence}</p>
        </>
      ) : null}
    </>
  );
}
