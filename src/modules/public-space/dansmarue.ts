/**
 * Paris's DansMaRue open data, pure: its types and subtypes as category codes, and its CSV rows
 * (`numero,type,soustype,adresse,…,datedecl,…,intervenant,id_dmr,geo_shape,geo_point_2d,…`) as
 * reports to import. Shared by the demo fixture's build script, the import and the benchmark.
 */

/** Category codes of DansMaRue's ten types (stable: the demo's categories and imports use them). */
export const DANSMARUE_TYPE_CODES: Record<string, string> = {
  Propreté: 'proprete',
  'Objets abandonnés': 'objets-abandonnes',
  'Graffitis, tags, affiches et autocollants': 'graffitis',
  'Autos, motos, vélos, trottinettes...': 'vehicules',
  'Voirie et espace public': 'voirie',
  'Mobiliers urbains': 'mobilier-urbain',
  'Arbres, végétaux et animaux': 'vegetaux',
  'Activités commerciales et professionnelles': 'activites-commerciales',
  'Éclairage / Électricité': 'eclairage',
  Eau: 'eau',
};

export function slugify(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** FNV-1a, for a short stable suffix that keeps truncated codes distinct. */
function shortHash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).slice(0, 5);
}

/** The code of a subtype under its type: `<type>-<slug>`, at most 64 characters. */
export function subtypeCode(typeCode: string, subtype: string): string {
  const code = `${typeCode}-${slugify(subtype)}`;
  return code.length <= 64 ? code : `${code.slice(0, 58).replace(/-+$/, '')}-${shortHash(subtype)}`;
}

export const otherCode = (typeCode: string) => `${typeCode}-autre`;

/** Subtypes reserved to agents, or placeholders, in DansMaRue's data: `[réservé agents …]`, `[] …`. */
export function isInternalSubtype(subtype: string): boolean {
  return /^\[/.test(subtype.trim()) || /réservé agents/i.test(subtype);
}

export interface DansMaRueRow {
  number: string;
  type: string;
  subtype: string;
  address: string | null;
  declaredOn: string;
  contractor: string | null;
  lng: number;
  lat: number;
}

/** geo_point_2d is a Python dict's repr: `{'lon': 2.33, 'lat': 48.88}`. */
export function readGeoPoint(value: string): { lng: number; lat: number } | null {
  const lon = /'lon':\s*(-?[0-9.]+)/.exec(value)?.[1];
  const lat = /'lat':\s*(-?[0-9.]+)/.exec(value)?.[1];
  if (!lon || !lat) return null;
  const p = { lng: Number(lon), lat: Number(lat) };
  return Number.isFinite(p.lng) && Number.isFinite(p.lat) && Math.abs(p.lng) <= 180 && Math.abs(p.lat) <= 90 ? p : null;
}

/** A row by header name, or the reason it cannot be read. */
export function readDansMaRueRow(header: readonly string[], cells: readonly string[]): DansMaRueRow | string {
  const at = (name: string) => {
    const i = header.indexOf(name);
    return i >= 0 ? (cells[i] ?? '').trim() : '';
  };
  const point = readGeoPoint(at('geo_point_2d'));
  if (!point) return 'geo_point_2d missing or invalid';
  const type = at('type');
  if (!DANSMARUE_TYPE_CODES[type]) return `unknown type "${type.slice(0, 60)}"`;
  const declaredOn = at('datedecl');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(declaredOn)) return 'datedecl missing or invalid';
  return {
    number: at('numero'),
    type,
    subtype: at('soustype'),
    address: at('adresse') || null,
    declaredOn,
    contractor: at('intervenant') || null,
    ...point,
  };
}

export const DANSMARUE_ATTRIBUTION = 'Données DansMaRue, Ville de Paris, sous licence ODbL';
