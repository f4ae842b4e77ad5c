/**
 * The basemap under every map, from the setting `platform.map`: what the web is told
 * (`GET /api/public/map`) and which origins the Content-Security-Policy must then allow. Pure.
 */
import type { MapSetting } from '../settings/api-schemas';
import type { BasemapView } from './api-schemas';

export const PMTILES_PATH = '/api/public/map/tiles.pmtiles';

export type { BasemapView } from './api-schemas';

/** The basemap the web draws; a PMTiles basemap without a file (`BEFFROI_MAP_TILES`) falls back to none. */
export function basemapView(setting: MapSetting, tilesFile: string | null): BasemapView {
  if (setting.basemap === 'style') return { kind: 'style', styleUrl: setting.styleUrl, attribution: setting.attribution || null };
  if (setting.basemap === 'pmtiles' && tilesFile) return { kind: 'pmtiles', url: PMTILES_PATH, attribution: setting.attribution || null };
  return { kind: 'none', attribution: null };
}

/**
 * The origins a page must reach for the configured style (its own, and those it names): allowed in
 * `connect-src`, `img-src` and `font-src` only while that style is configured. Nothing otherwise:
 * the default basemap and a PMTiles file are served by Beffroi itself.
 */
export function basemapOrigins(setting: MapSetting): string[] {
  if (setting.basemap !== 'style') return [];
  const origins = new Set<string>();
  try {
    origins.add(new URL(setting.styleUrl).origin);
  } catch {
    return [];
  }
  for (const o of setting.extraOrigins) origins.add(new URL(o).origin);
  return [...origins];
}
