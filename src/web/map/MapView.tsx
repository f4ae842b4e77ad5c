/**
 * The platform's map (observatory now; public space and communication later): MapLibre GL over a
 * configurable basemap (setting `platform.map`: none — the territory's own outlines on a plain
 * background, offline —, a style URL, or the PMTiles file Beffroi serves), with the zones filled
 * from a colour per zone code.
 *
 * Never the only way to the data: every page that shows a map puts a table beside it, and the map
 * has an accessible name and a text alternative (`description`). Keyboard: the canvas takes the
 * focus and MapLibre's keys pan (arrows) and zoom (+ / −); zones are chosen from the table. When
 * WebGL is missing (an old browser, a locked-down workstation), the map says so and the table
 * remains.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { FilterSpecification, GeoJSONSource, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { BasemapView } from '../../platform/map/api-schemas';
import { api } from '../api/client';
import { NO_DATA_COLOUR } from './palettes';
import 'maplibre-gl/dist/maplibre-gl.css';
import './map.css';

export interface MapGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

export interface MapFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: string | number; properties: { code: string; name: string }; geometry: MapGeometry | null }[];
}

export interface MapViewProps {
  features: MapFeatureCollection | null;
  /** Fill colour per zone code; a zone absent from it is drawn as "no data". */
  colours: ReadonlyMap<string, string>;
  /** The map's accessible name ("Carte de l'indice composite, communes d'Île-de-France"). */
  label: string;
  /** What the map shows, in words: the text alternative, read after the name. */
  description: string;
  /** Shown instead of the map when it cannot be drawn. */
  unavailableText: string;
  selected?: string | null;
  onSelect?: (code: string, name: string) => void;
  /** Codes outlined in bold (e.g. significant clusters, priority zones). */
  emphasised?: ReadonlySet<string>;
  className?: string;
}

let basemapPromise: Promise<BasemapView> | null = null;
/** The basemap configured for this site (fetched once per page load). */
export function loadBasemap(): Promise<BasemapView> {
  basemapPromise ??= api.get<BasemapView>('/api/public/map').catch(() => ({ kind: 'none', attribution: null }) as const);
  return basemapPromise;
}

let libraryPromise: Promise<typeof import('maplibre-gl')> | null = null;
/** MapLibre and its tile worker, loaded the first time a map is shown (shared by every map of the site). */
export function loadLibrary(): Promise<typeof import('maplibre-gl')> {
  libraryPromise ??= Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl-worker.mjs?url')]).then(([lib, worker]) => {
    lib.setWorkerUrl(worker.default);
    return lib;
  });
  return libraryPromise;
}

const PLAIN_BACKGROUND = '#f4f2ec';

/** A style for a PMTiles basemap: raster tiles as they are; vector tiles of the Protomaps schema drawn plainly, without labels (no glyphs to fetch). */
async function pmtilesStyle(url: string, attribution: string | null): Promise<StyleSpecification> {
  const [{ PMTiles, Protocol, TileType }, lib] = await Promise.all([import('pmtiles'), loadLibrary()]);
  const absolute = new URL(url, window.location.origin).href;
  const protocol = new Protocol();
  lib.addProtocol('pmtiles', protocol.tile);
  const archive = new PMTiles(absolute);
  protocol.add(archive);
  const header = await archive.getHeader();
  const source = `pmtiles://${absolute}`;
  const attributionText = attribution ?? undefined;
  if (header.tileType !== TileType.Mvt) {
    return {
      version: 8,
      sources: { basemap: { type: 'raster', url: source, tileSize: 256, attribution: attributionText } },
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } }, { id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.8 } }],
    };
  }
  return {
    version: 8,
    sources: { basemap: { type: 'vector', url: source, attribution: attributionText } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } },
      { id: 'earth', type: 'fill', source: 'basemap', 'source-layer': 'earth', paint: { 'fill-color': '#f7f6f2' } },
      { id: 'landcover', type: 'fill', source: 'basemap', 'source-layer': 'landcover', paint: { 'fill-color': '#e3ebd9', 'fill-opacity': 0.6 } },
      { id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': '#c9dcea' } },
      { id: 'roads', type: 'line', source: 'basemap', 'source-layer': 'roads', paint: { 'line-color': '#ffffff', 'line-width': 0.8 } },
      { id: 'boundaries', type: 'line', source: 'basemap', 'source-layer': 'boundaries', paint: { 'line-color': '#9a9a9a', 'line-width': 0.6 } },
    ],
  };
}

/** The style a map starts from: the configured style URL, the PMTiles file (its protocol registered), or a plain background. */
export async function baseStyle(basemap: BasemapView): Promise<StyleSpecification | string> {
  if (basemap.kind === 'style') return basemap.styleUrl;
  if (basemap.kind === 'pmtiles') return pmtilesStyle(basemap.url, basemap.attribution);
  return { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': PLAIN_BACKGROUND } }] };
}

function boundsOf(features: MapFeatureCollection): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    } else if (Array.isArray(c)) for (const inner of c) visit(inner);
  };
  for (const f of features.features) if (f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

export function MapView({ features, colours, label, description, unavailableText, selected, onSelect, emphasised, className }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const descriptionId = useId();
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  // The map itself: created once, when the outlines are known.
  useEffect(() => {
    if (!features || !container.current) return;
    let live = true;
    let map: MapLibreMap | null = null;
    (async () => {
      const [lib, basemap] = await Promise.all([loadLibrary(), loadBasemap()]);
      const style = await baseStyle(basemap);
      if (!live || !container.current) return;
      const bounds = boundsOf(features);
      map = new lib.Map({
        container: container.current,
        style,
        bounds: bounds ?? undefined,
        fitBoundsOptions: { padding: 16 },
        attributionControl: basemap.attribution ? { compact: true, customAttribution: basemap.attribution } : false,
        dragRotate: false,
        pitchWithRotate: false,
        cooperativeGestures: false,
        // Redraws stay cheap on software rendering: no antialiasing, no retained frames.
        canvasContextAttributes: { antialias: false, preserveDrawingBuffer: false },
      });
      map.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
      map.on('error', () => {});
      map.on('load', () => {
        if (!map || !live) return;
        map.addSource('zones', { type: 'geojson', data: features as never, promoteId: 'code' });
        map.addLayer({
          id: 'zones-fill',
          type: 'fill',
          source: 'zones',
          paint: { 'fill-color': ['coalesce', ['feature-state', 'fill'], NO_DATA_COLOUR], 'fill-opacity': basemap.kind === 'none' ? 1 : 0.8 },
        });
        map.addLayer({ id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#5a5a5a', 'line-width': 0.3 } });
        map.addLayer({ id: 'zones-emphasis', type: 'line', source: 'zones', paint: { 'line-color': '#111111', 'line-width': 1.6 }, filter: ['in', ['get', 'code'], ['literal', []]] });
        map.addLayer({ id: 'zones-selected', type: 'line', source: 'zones', paint: { 'line-color': '#000000', 'line-width': 3 }, filter: ['==', ['get', 'code'], ''] });
        map.on('click', 'zones-fill', (e) => {
          const f = e.features?.[0];
          if (f) onSelectRef.current?.(String(f.properties.code), String(f.properties.name));
        });
        map.on('mouseenter', 'zones-fill', () => map && (map.getCanvas().style.cursor = onSelectRef.current ? 'pointer' : ''));
        map.on('mouseleave', 'zones-fill', () => map && (map.getCanvas().style.cursor = ''));
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
    // The outlines define the map; colours and selection are applied below without rebuilding it.
  }, [features]);

  useEffect(() => {
    const canvas = mapRef.current?.getCanvas();
    if (canvas) canvas.setAttribute('aria-label', label);
  }, [label, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !features) return;
    for (const f of features.features) {
      const code = f.properties.code;
      map.setFeatureState({ source: 'zones', id: code }, { fill: colours.get(code) ?? null });
    }
  }, [colours, ready, features]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    map.setFilter('zones-selected', ['==', ['get', 'code'], selected ?? ''] as FilterSpecification);
    map.setFilter('zones-emphasis', ['in', ['get', 'code'], ['literal', [...(emphasised ?? [])]]] as FilterSpecification);
  }, [selected, emphasised, ready]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !features) return;
    (map.getSource('zones') as GeoJSONSource | undefined)?.setData(features as never);
  }, [features, ready]);

  return (
    <div className={['map-view', className].filter(Boolean).join(' ')}>
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
