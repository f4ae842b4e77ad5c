/**
 * Places: sensitive-place layers (schools, water courses, protected natural areas…, imported as
 * GeoJSON) that raise the priority of reports near them, and the commune's address list (the Base
 * Adresse Nationale's CSV), searched by text, with an optional geocoding endpoint.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../platform/audit/service';
import { refuseFile, type ParsedTable } from '../../platform/files/index';
import { HttpProblem, notFound } from '../../platform/http/problem';
import type { AppContext } from '../../platform/modules';
import { fetchOutbound, loadOutboundPolicy } from '../../platform/net/outbound';
import { stripControlCharacters } from '../../platform/validation/text';
import type { AddressHit, ImportResult } from './api-schemas';
import { queryAll } from './common';
import { geometryBox, isFeatureGeometry, type FeatureGeometry } from './geo';
import { publicSpaceAddresses, publicSpaceSensitiveFeatures, publicSpaceSensitiveLayers } from './schema';
import { GEOCODER_KEY, type GeocoderSetting } from './settings';
import type { UploadedFile } from '../../platform/http/multipart';

export type { UploadedFile } from '../../platform/http/multipart';

const MAX_FEATURES = 50_000;
const BATCH = 200;

// ---- Sensitive places ----------------------------------------------------------------------------

const layerView = (l: typeof publicSpaceSensitiveLayers.$inferSelect) => ({
  id: l.id,
  code: l.code,
  name: l.name,
  kind: l.kind,
  radiusM: l.radiusM,
  weight: l.weight,
  features: l.featuresCount,
  source: l.source,
  demo: l.demo,
});

export async function listLayers(ctx: AppContext) {
  return { items: (await ctx.db.select().from(publicSpaceSensitiveLayers).orderBy(asc(publicSpaceSensitiveLayers.name))).map(layerView) };
}

export interface LayerInput {
  code: string;
  name: string;
  kind: string;
  radiusM: number;
  weight: number;
  nameProperty?: string;
  source?: string;
}

/** Reads a GeoJSON FeatureCollection (WGS 84) into features; the ones without a usable geometry are reported. */
export function readLayerFeatures(textValue: string, nameProperty = 'name') {
  let doc: unknown;
  try {
    doc = JSON.parse(textValue);
  } catch {
    throw new HttpProblem(422, 'public_space.layer_not_geojson', 'The file is not a GeoJSON FeatureCollection.');
  }
  const d = doc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: string } } };
  if (d?.type !== 'FeatureCollection' || !Array.isArray(d.features)) throw new HttpProblem(422, 'public_space.layer_not_geojson', 'The file is not a GeoJSON FeatureCollection.');
  const crs = d.crs?.properties?.name;
  if (crs && !/CRS84|4326/.test(crs)) throw new HttpProblem(422, 'public_space.layer_projection', 'Coordinates must be WGS 84 longitude/latitude.', { params: { crs } });
  if (d.features.length > MAX_FEATURES) throw new HttpProblem(413, 'public_space.layer_too_large', 'Too many features.', { params: { max: MAX_FEATURES } });
  const features: { name: string | null; geometry: FeatureGeometry }[] = [];
  const skipped: { index: number; reason: string }[] = [];
  d.features.forEach((f: unknown, index: number) => {
    const feature = f as { geometry?: unknown; properties?: Record<string, unknown> | null };
    if (!isFeatureGeometry(feature?.geometry)) {
      skipped.push({ index, reason: 'no usable geometry (Point, LineString, Polygon or their Multi forms, in longitude/latitude)' });
      return;
    }
    const raw = feature.properties?.[nameProperty];
    const name = typeof raw === 'string' ? stripControlCharacters(raw).trim().slice(0, 200) || null : null;
    features.push({ name, geometry: feature.geometry });
  });
  return { features, skipped };
}

/** Creates or replaces a layer with the file's features, in one transaction. */
export async function importLayer(ctx: AppContext, actor: Actor, input: LayerInput, file: UploadedFile) {
  const parsed = await ctx.files.parse(file.bytes, { accept: ['text'], filename: null, limits: { maxTextLength: ctx.config.uploadLimit } });
  if (parsed.kind !== 'document') throw refuseFile.unsupportedType(['text']);
  const { features, skipped } = readLayerFeatures(parsed.text, input.nameProperty);
  if (features.length === 0) throw new HttpProblem(422, 'public_space.layer_empty', 'The file has no usable feature.');
  const layer = await ctx.db.transaction(async (tx) => {
    const [layer] = await tx
      .insert(publicSpaceSensitiveLayers)
      .values({ code: input.code, name: input.name, kind: input.kind, radiusM: input.radiusM, weight: input.weight, source: input.source ?? null, featuresCount: features.length })
      .onConflictDoUpdate({
        target: publicSpaceSensitiveLayers.code,
        set: { name: input.name, kind: input.kind, radiusM: input.radiusM, weight: input.weight, source: input.source ?? null, featuresCount: features.length, updatedAt: new Date(), demo: false },
      })
      .returning();
    await tx.delete(publicSpaceSensitiveFeatures).where(eq(publicSpaceSensitiveFeatures.layerId, layer!.id));
    for (let i = 0; i < features.length; i += BATCH) {
      await tx.insert(publicSpaceSensitiveFeatures).values(features.slice(i, i + BATCH).map((f) => ({ layerId: layer!.id, name: f.name, geometry: f.geometry, ...geometryBox(f.geometry) })));
    }
    await recordAudit(tx, actor, {
      action: 'public-space.layer_imported',
      subjectType: 'public_space_sensitive_layer',
      subjectId: input.code,
      after: { name: input.name, kind: input.kind, radiusM: input.radiusM, weight: input.weight, features: features.length, skipped: skipped.length, file: file.filename },
    });
    return layer!;
  });
  return { layer: layerView(layer), imported: features.length, skipped: skipped.slice(0, 100) };
}

export async function deleteLayer(ctx: AppContext, actor: Actor, code: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.delete(publicSpaceSensitiveLayers).where(eq(publicSpaceSensitiveLayers.code, code)).returning({ id: publicSpaceSensitiveLayers.id });
    if (!rows.length) throw notFound('Layer');
    await recordAudit(tx, actor, { action: 'public-space.layer_deleted', subjectType: 'public_space_sensitive_layer', subjectId: code });
  });
}

// ---- Addresses ---------------------------------------------------------------------------------

/** Lower case, no accents, punctuation as spaces, single spaces: how addresses are searched. */
export function foldAddress(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface BanAddress {
  id: string;
  number: string;
  suffix: string | null;
  street: string;
  postcode: string | null;
  inseeCode: string | null;
  commune: string | null;
  lng: number;
  lat: number;
}

/**
 * Rows of the Base Adresse Nationale's CSV (`adresses-<dép>.csv`: `id;id_fantoir;numero;rep;
 * nom_voie;code_postal;code_insee;nom_commune;…;lon;lat;…`), by header name. Rows missing an id,
 * a street or a position in WGS 84 are reported with their line.
 */
export function readBanRows(table: ParsedTable): { addresses: BanAddress[]; problems: { line: number; message: string }[]; skipped: number } {
  const rows = table.sheets[0]?.rows ?? [];
  const header = rows[0]?.cells.map((c) => c.trim().toLowerCase()) ?? [];
  const col = (name: string) => header.indexOf(name);
  const need = ['id', 'numero', 'nom_voie', 'lon', 'lat'];
  const missing = need.filter((n) => col(n) < 0);
  if (missing.length) throw new HttpProblem(422, 'public_space.ban_columns_missing', `Missing columns: ${missing.join(', ')}.`, { params: { columns: missing.join(', ') } });
  const at = (cells: string[], name: string) => {
    const i = col(name);
    return i >= 0 ? (cells[i] ?? '').trim() : '';
  };
  const addresses: BanAddress[] = [];
  const problems: { line: number; message: string }[] = [];
  let skipped = 0;
  for (const row of rows.slice(1)) {
    const c = row.cells;
    if (c.every((x) => x.trim() === '')) continue;
    const id = at(c, 'id');
    const lng = Number(at(c, 'lon').replace(',', '.'));
    const lat = Number(at(c, 'lat').replace(',', '.'));
    const street = stripControlCharacters(at(c, 'nom_voie'));
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id) || !street || !Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
      skipped++;
      if (problems.length < 100) problems.push({ line: row.line, message: 'id, nom_voie, lon or lat missing or invalid' });
      continue;
    }
    addresses.push({
      id,
      number: stripControlCharacters(at(c, 'numero')).slice(0, 20),
      suffix: stripControlCharacters(at(c, 'rep')).slice(0, 20) || null,
      street: street.slice(0, 200),
      postcode: at(c, 'code_postal').slice(0, 10) || null,
      inseeCode: at(c, 'code_insee').slice(0, 10) || null,
      commune: stripControlCharacters(at(c, 'nom_commune')).slice(0, 200) || null,
      lng,
      lat,
    });
  }
  return { addresses, problems, skipped };
}

export function addressLabel(a: Pick<BanAddress, 'number' | 'suffix' | 'street' | 'postcode' | 'commune'>): string {
  const number = [a.number, a.suffix].filter(Boolean).join(' ');
  return [[number, a.street].filter(Boolean).join(' '), [a.postcode, a.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** Imports (upserts by id) the commune's addresses; with `replace`, addresses absent from the file go. */
export async function importAddresses(ctx: AppContext, actor: Actor, file: UploadedFile, replace: boolean): Promise<ImportResult> {
  const started = Date.now();
  const parsed = await ctx.files.parse(file.bytes, { accept: ['csv'], filename: file.filename, declaredType: file.mimetype, limits: { maxRows: 500_000, maxCells: 20_000_000 } });
  if (parsed.kind !== 'table') throw refuseFile.unsupportedType(['csv']);
  const { addresses, problems, skipped } = readBanRows(parsed);
  await ctx.db.transaction(async (tx) => {
    if (replace) await tx.delete(publicSpaceAddresses);
    for (let i = 0; i < addresses.length; i += BATCH) {
      const batch = addresses.slice(i, i + BATCH).map((a) => {
        const label = addressLabel(a);
        return { ...a, label, search: foldAddress(label) };
      });
      await tx
        .insert(publicSpaceAddresses)
        .values(batch)
        .onConflictDoUpdate({
          target: publicSpaceAddresses.id,
          set: {
            number: sql`excluded.number`,
            suffix: sql`excluded.suffix`,
            street: sql`excluded.street`,
            postcode: sql`excluded.postcode`,
            inseeCode: sql`excluded.insee_code`,
            commune: sql`excluded.commune`,
            label: sql`excluded.label`,
            search: sql`excluded.search`,
            lng: sql`excluded.lng`,
            lat: sql`excluded.lat`,
            importedAt: sql`now()`,
          },
        });
    }
    await recordAudit(tx, actor, { action: 'public-space.addresses_imported', subjectType: 'public_space_addresses', after: { imported: addresses.length, skipped, replace, file: file.filename } });
  });
  return { imported: addresses.length, skipped, problems, seconds: (Date.now() - started) / 1000 };
}

/**
 * Addresses matching every word typed (a number, a street's words), best first (trigram
 * similarity). Then, when configured and the list gave little, the geocoding endpoint.
 */
export async function searchAddresses(ctx: AppContext, q: string, limit: number): Promise<{ items: AddressHit[] }> {
  const folded = foldAddress(q);
  const words = folded.split(' ').filter(Boolean).slice(0, 8);
  if (words.length === 0) return { items: [] };
  const rows = await queryAll<{ id: string; label: string; lng: number; lat: number }>(
    ctx.db,
    sql`SELECT id, label, lng, lat FROM public_space_addresses
        WHERE ${sql.join(
          words.map((w) => sql`search LIKE ${'%' + w + '%'}`),
          sql` AND `,
        )}
        ORDER BY similarity(search, ${folded}) DESC, label LIMIT ${limit}`,
  );
  const items: AddressHit[] = rows.map((r) => ({ id: r.id, label: r.label, lng: Number(r.lng), lat: Number(r.lat), source: 'addresses' }));
  if (items.length < limit) items.push(...(await geocode(ctx, q, limit - items.length)));
  return { items };
}

/** The configured geocoding endpoint (BAN API format), through the platform's outbound checks; silent on failure. */
async function geocode(ctx: AppContext, q: string, limit: number): Promise<AddressHit[]> {
  const settings = await ctx.settings.get<GeocoderSetting>(GEOCODER_KEY);
  if (!settings.endpoint || limit <= 0) return [];
  try {
    const url = new URL(settings.endpoint);
    url.searchParams.set('q', q);
    url.searchParams.set('limit', String(limit));
    const served = await ctx.services.territory.servedTerritory();
    if (served.commune?.code && /^\d[0-9AB]\d{3}$/.test(served.commune.code)) url.searchParams.set('citycode', served.commune.code);
    const res = await fetchOutbound(url, { policy: await loadOutboundPolicy(ctx.settings), timeoutMs: settings.timeoutMs, maxBytes: 1_000_000, headers: { accept: 'application/json' } });
    if (res.status !== 200) return [];
    const doc = JSON.parse(res.text()) as { features?: { geometry?: { coordinates?: unknown }; properties?: { id?: unknown; label?: unknown } }[] };
    const hits: AddressHit[] = [];
    for (const f of doc.features ?? []) {
      const c = f.geometry?.coordinates;
      const label = f.properties?.label;
      if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number' || typeof label !== 'string') continue;
      const id = typeof f.properties?.id === 'string' ? f.properties.id : `geo:${c[0]},${c[1]}`;
      hits.push({ id: stripControlCharacters(id).slice(0, 100), label: stripControlCharacters(label).slice(0, 300), lng: c[0], lat: c[1], source: 'geocoder' });
    }
    return hits.slice(0, limit);
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'public-space: geocoder failed');
    return [];
  }
}
