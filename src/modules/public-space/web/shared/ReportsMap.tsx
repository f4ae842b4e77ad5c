/**
 * The reports' map: MapLibre over the site's basemap (the platform's: a style URL or the PMTiles
 * file Beffroi serves, else the commune's outline on a plain background, offline), the reports as
 * points grouped by MapLibre when they crowd (clusters) or as a heatmap, and, on the report form,
 * the place chosen (a tap on the map sets it).
 *
 * Never the only way: every page that shows it has a list beside it, and the form takes an
 * address or the device position instead. The canvas has an accessible name and a text
 * alternative; MapLibre's keys pan (arrows) and zoom (+ / −). Without WebGL the map says so.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { api } from '@web/api/client';
import { baseStyle, loadBasemap, loadLibrary } from '@web/map/MapView';
import type { TerritoryView } from '../../../territory/api-schemas';
import 'maplibre-gl/dist/maplibre-gl.css';
import '@web/map/map.css';

export interface MapPoint {
  id: string;
  lng: number;
  lat: number;
  open: boolean;
}

interface ReportsMapProps {
  points: MapPoint[];
  label: string;
  description: string;
  unavailableText: string;
  /** The place chosen on the form, drawn as a marker. */
  picked?: { lng: number; lat: number } | null;
  /** A tap or click on the map (the form's position). */
  onPick?: (lng: number, lat: number) => void;
  /** A click on a report's point. */
  onSelect?: (id: string) => void;
  className?: string;
  /** Points grouped in clusters (the default), or a heatmap of their density. */
  display?: 'points' | 'heatmap';
}

const POINT_LAYERS = ['clusters', 'points'];

let outlinePromise: Promise<TerritoryView['boundaries'] | null> | null = null;
/** The commune's outline (and its neighbours'), to frame the map and draw it without a basemap. */
function loadOutline() {
  outlinePromise ??= api
    .get<TerritoryView>('/api/public/territory', { query: { boundaries: 'true' }, quietUnauthorized: true })
    .then((t) => t.boundaries ?? null)
    .catch(() => null);
  return outlinePromise;
}

const OPEN_COLOUR = '#a4262c';
const CLOSED_COLOUR = '#1f6b3a';

function boundsOf(outline: NonNullable<TerritoryView['boundaries']>): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    } else if (Array.isArray(c)) for (const inner of c) visit(inner);
  };
  for (const f of outline.features) if (f.properties.role === 'home' && f.geometry) visit((f.geometry as { coordinates: unknown }).coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

const pointsData = (points: MapPoint[]) => ({
  type: 'FeatureCollection' as const,
  features: points.map((p) => ({ type: 'Feature' as const, properties: { id: p.id, open: p.open ? 1 : 0 }, geometry: { type: 'Point' as const, coordinates: [p.lng, p.lat] } })),
});
const pickedData = (picked: { lng: number; lat: number } | null | undefined) => ({
  type: 'FeatureCollection' as const,
  features: picked ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [picked.lng, picked.lat] } }] : [],
});

export function ReportsMap({ points, label, description, unavailableText, picked, onPick, onSelect, className, display = 'points' }: ReportsMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const descriptionId = useId();
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const hasBasemap = useRef(false);
  const initial = useRef({ points, picked, display });
  initial.current = { points, picked, display };

  useEffect(() => {
    if (!container.current) return;
    let live = true;
    let map: MapLibreMap | null = null;
    (async () => {
      const [lib, basemap, outline] = await Promise.all([loadLibrary(), loadBasemap(), loadOutline()]);
      const style = await baseStyle(basemap);
      if (!live || !container.current) return;
      // Framed on the place already chosen (a report's page) over a basemap, else on the commune:
      // without a basemap, a close view would show nothing around the place.
      hasBasemap.current = basemap.kind !== 'none';
      const start = hasBasemap.current ? initial.current.picked : null;
      const bounds = !start && outline ? boundsOf(outline) : null;
      map = new lib.Map({
        container: container.current,
        style,
        ...(start ? { center: [start.lng, start.lat] as [number, number], zoom: 16 } : { bounds: bounds ?? undefined, fitBoundsOptions: { padding: 12 } }),
        // A PMTiles source carries its own attribution; a style URL's is added.
        attributionControl: basemap.kind === 'none' || !basemap.attribution ? false : basemap.kind === 'style' ? { compact: true, customAttribution: basemap.attribution } : { compact: true },
        dragRotate: false,
        pitchWithRotate: false,
        canvasContextAttributes: { antialias: false, preserveDrawingBuffer: false },
      });
      map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
      map.on('error', () => {});
      map.on('load', () => {
        if (!map || !live) return;
        if (outline && basemap.kind === 'none') {
          map.addSource('outline', { type: 'geojson', data: outline as never });
          map.addLayer({ id: 'outline-fill', type: 'fill', source: 'outline', paint: { 'fill-color': ['match', ['get', 'role'], 'home', '#ffffff', '#ebe8e0'] } });
          map.addLayer({ id: 'outline-line', type: 'line', source: 'outline', paint: { 'line-color': '#5a5a5a', 'line-width': 1 } });
        }
        map.addSource('reports-heat', { type: 'geojson', data: pointsData(initial.current.points) as never });
        map.addLayer({
          id: 'heatmap',
          type: 'heatmap',
          source: 'reports-heat',
          layout: { visibility: initial.current.display === 'heatmap' ? 'visible' : 'none' },
          paint: {
            'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 12, 15, 28, 18, 40],
            'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 16, 1.4],
            'heatmap-opacity': 0.8,
            'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(255,255,204,0)', 0.2, '#ffeda0', 0.4, '#feb24c', 0.6, '#fc4e2a', 0.8, '#bd0026', 1, '#67000d'],
          },
        });
        map.addSource('reports', { type: 'geojson', data: pointsData(initial.current.points) as never, cluster: true, clusterRadius: 40, clusterMaxZoom: 16 });
        map.addLayer({ id: 'clusters', type: 'circle', source: 'reports', filter: ['has', 'point_count'], paint: { 'circle-color': '#33526f', 'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
        map.addLayer({
          id: 'points',
          type: 'circle',
          source: 'reports',
          filter: ['!', ['has', 'point_count']],
          paint: { 'circle-color': ['case', ['==', ['get', 'open'], 1], OPEN_COLOUR, CLOSED_COLOUR], 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
        });
        map.addSource('picked', { type: 'geojson', data: pickedData(initial.current.picked) as never });
        map.addLayer({ id: 'picked', type: 'circle', source: 'picked', paint: { 'circle-color': '#000000', 'circle-radius': 9, 'circle-stroke-color': '#ffd23f', 'circle-stroke-width': 4 } });
        if (initial.current.display === 'heatmap') for (const id of POINT_LAYERS) map.setLayoutProperty(id, 'visibility', 'none');
        map.on('click', (e) => {
          const hit = map?.queryRenderedFeatures(e.point, { layers: ['points', 'clusters'] })[0];
          if (hit && !onPickRef.current) {
            if (hit.properties.cluster) map?.easeTo({ center: e.lngLat, zoom: (map?.getZoom() ?? 14) + 2 });
            else onSelectRef.current?.(String(hit.properties.id));
            return;
          }
          onPickRef.current?.(e.lngLat.lng, e.lngLat.lat);
        });
        setReady(true);
      });
      const canvas = map.getCanvas();
      canvas.setAttribute('aria-label', label);
      canvas.setAttribute('aria-describedby', descriptionId);
      mapRef.current = map;
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
      setReady(false);
      mapRef.current = null;
      map?.remove();
    };
  }, []);

  useEffect(() => {
    mapRef.current?.getCanvas().setAttribute('aria-label', label);
  }, [label, ready]);

  useEffect(() => {
    if (!ready) return;
    const data = pointsData(points) as never;
    (mapRef.current?.getSource('reports') as GeoJSONSource | undefined)?.setData(data);
    (mapRef.current?.getSource('reports-heat') as GeoJSONSource | undefined)?.setData(data);
  }, [points, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    map.setLayoutProperty('heatmap', 'visibility', display === 'heatmap' ? 'visible' : 'none');
    for (const id of POINT_LAYERS) map.setLayoutProperty(id, 'visibility', display === 'heatmap' ? 'none' : 'visible');
  }, [display, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    (map.getSource('picked') as GeoJSONSource | undefined)?.setData(pickedData(picked) as never);
    if (!picked) return;
    // Over a basemap, closer to the place chosen so that a tap can refine it; in view at least.
    if (hasBasemap.current && map.getZoom() < 15) map.easeTo({ center: [picked.lng, picked.lat], zoom: 16 });
    else if (!map.getBounds().contains([picked.lng, picked.lat])) map.easeTo({ center: [picked.lng, picked.lat] });
  }, [picked?.lng, picked?.lat, ready]);

  return (
    <div className={['map-view', 'ps-map', className].filter(Boolean).join(' ')}>
      {failed ? (
        <p className="map-unavailable" role="note">
          {unavailableText}
        </p>
      ) : (
        <div ref={container} className="map-canvas" data-ready={ready ? 'true' : 'false'} />
      )}
      <p id={descriptionId} className="visually-hidden">
        {description}
      </p>
    </div>
  );
}
