import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@web/api/client';
import { useResource } from '@web/components/useResource';
import { Legend } from '@web/map/Legend';
import { MapView, type MapFeatureCollection } from '@web/map/MapView';
import { NO_DATA_COLOUR, paletteColours } from '@web/map/palettes';
import { CLEANLINESS_GRADES, type CleanlinessView } from '../api';

/** A grade's colour: light yellow (A) to dark red (E). */
const GRADE_COLOURS = paletteColours('yl-or-rd', CLEANLINESS_GRADES.length);

/**
 * The sectors coloured by their cleanliness grade, over the platform's map (the zoning's outlines
 * from the territory module). A legend in text and a description in words go with it; the table
 * beside it (`CleanlinessSectors`) says the same and more, and stands alone when the map cannot
 * be drawn.
 */
export function SectorsMap({ view }: { view: CleanlinessView }) {
  const { t } = useTranslation('public-space');
  const zones = useResource(() => api.get<MapFeatureCollection>(`/api/public/territory/zonings/${encodeURIComponent(view.zoning)}/zones`, { query: { geometry: 'simplified' } }), [view.zoning]);
  const colours = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of view.sectors) if (s.grade) m.set(s.zoneCode, GRADE_COLOURS[CLEANLINESS_GRADES.indexOf(s.grade)]!);
    return m;
  }, [view.sectors]);
  const entries = [
    ...CLEANLINESS_GRADES.map((g, i) => ({ colour: GRADE_COLOURS[i]!, label: `${g} — ${t(`cleanliness.grades.${g}`)}`, count: view.sectors.filter((s) => s.grade === g).length })),
    { colour: NO_DATA_COLOUR, label: t('cleanliness.noSurvey'), count: view.sectors.filter((s) => !s.grade).length },
  ];
  const description = CLEANLINESS_GRADES.map((g) => {
    const names = view.sectors.filter((s) => s.grade === g).map((s) => s.zoneName ?? s.zoneCode);
    return names.length ? t('cleanliness.gradeList', { grade: g, list: names.join(', ') }) : null;
  })
    .filter(Boolean)
    .join(t('cleanliness.listSeparator'));
  if (zones.error) return null;
  return (
    <div className="map-and-legend ps-sectors-map">
      <MapView
        features={zones.data}
        colours={colours}
        label={t('cleanliness.mapLabel')}
        description={description ? t('cleanliness.mapDescription', { list: description }) : t('cleanliness.noSurveys')}
        unavailableText={t('cleanliness.mapUnavailable')}
      />
      <Legend title={t('cleanliness.mapLegend')} entries={entries} countLabel={(n) => t('cleanliness.sectorCount', { count: n })} />
    </div>
  );
}
