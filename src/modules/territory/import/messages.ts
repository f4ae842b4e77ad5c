import type { Language } from '../../../platform/http/language';

/** Each kind of problem an import report can hold, with what it says in French and English. */
export const IMPORT_ISSUE_MESSAGES = {
  missing_code: { fr: 'Entité sans code (propriété « {property} »).', en: 'Feature without a code (property "{property}").' },
  invalid_code: {
    fr: 'Code « {value} » invalide : 1 à 64 caractères, lettres, chiffres, point, tiret ou souligné, sans espace.',
    en: 'Invalid code "{value}": 1 to 64 letters, digits, dots, hyphens or underscores, no spaces.',
  },
  duplicate_code: { fr: 'Le code « {value} » est déjà celui de l’entité n° {other}.', en: 'Code "{value}" is already that of feature #{other}.' },
  missing_name: { fr: 'Entité sans nom (propriété « {property} ») : son code servira de nom.', en: 'Feature without a name (property "{property}"): its code will be its name.' },
  invalid_name: { fr: 'Nom invalide : une ligne de texte de 200 caractères au plus.', en: 'Invalid name: one line of text, at most 200 characters.' },
  missing_parent: { fr: 'Entité sans zone parente (propriété « {property} »).', en: 'Feature without a parent zone (property "{property}").' },
  unknown_parent: {
    fr: 'La zone parente « {value} » n’existe pas dans le zonage « {zoning} ».',
    en: 'Parent zone "{value}" does not exist in zoning "{zoning}".',
  },
  parent_not_found_by_location: {
    fr: 'Aucune zone du zonage « {zoning} » ne contient cette zone.',
    en: 'No zone of zoning "{zoning}" contains this zone.',
  },
  invalid_population: {
    fr: 'Population « {value} » invalide : un nombre entier positif ou nul est attendu.',
    en: 'Invalid population "{value}": a non-negative whole number is expected.',
  },
  missing_geometry: { fr: 'Entité sans géométrie.', en: 'Feature without a geometry.' },
  unsupported_geometry: {
    fr: 'Géométrie de type « {value} » : seuls Polygon et MultiPolygon décrivent une zone.',
    en: 'Geometry of type "{value}": only Polygon and MultiPolygon describe a zone.',
  },
  invalid_coordinates: {
    fr: 'Coordonnées mal formées : chaque position est un tableau [longitude, latitude] de nombres.',
    en: 'Malformed coordinates: each position is an array [longitude, latitude] of numbers.',
  },
  coordinates_out_of_range: {
    fr: 'Position hors des bornes du WGS 84 (longitude entre -180 et 180, latitude entre -90 et 90).',
    en: 'Position outside WGS 84 bounds (longitude between -180 and 180, latitude between -90 and 90).',
  },
  unclosed_ring: { fr: 'Anneau non fermé : sa dernière position doit répéter la première.', en: 'Unclosed ring: its last position must repeat its first.' },
  too_few_positions: {
    fr: 'Anneau de moins de 4 positions (3 sommets distincts puis la fermeture).',
    en: 'Ring with fewer than 4 positions (3 distinct vertices, then the closing one).',
  },
  self_intersection: { fr: 'L’anneau se recoupe ou revient sur lui-même.', en: 'The ring crosses or doubles back on itself.' },
  rings_cross: { fr: 'Cet anneau croise l’anneau n° {other} du même polygone.', en: 'This ring crosses ring #{other} of the same polygon.' },
  hole_outside_shell: { fr: 'Trou hors de l’anneau extérieur de son polygone.', en: 'Hole outside the outer ring of its polygon.' },
  too_complex: {
    fr: 'Géométrie trop complexe pour être vérifiée : simplifiez-la avant de l’importer.',
    en: 'Geometry too complex to be checked: simplify it before importing.',
  },
  coordinates_swapped: {
    fr: 'Les coordonnées ressemblent à (latitude, longitude) en France : GeoJSON attend (longitude, latitude).',
    en: 'Coordinates look like (latitude, longitude) in France: GeoJSON expects (longitude, latitude).',
  },
  removes_zone: { fr: 'La zone « {value} » n’est pas dans le fichier : elle sera supprimée.', en: 'Zone "{value}" is not in the file: it will be removed.' },
  removes_parent_zone: {
    fr: 'La zone « {value} » n’est pas dans le fichier mais elle contient {other} zone(s) du zonage « {zoning} » : gardez-la.',
    en: 'Zone "{value}" is not in the file but holds {other} zone(s) of zoning "{zoning}": keep it.',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type ImportProblem = keyof typeof IMPORT_ISSUE_MESSAGES;

export function issueMessage(problem: ImportProblem, language: Language, params: Record<string, string | number | undefined>): string {
  return IMPORT_ISSUE_MESSAGES[problem][language].replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}
