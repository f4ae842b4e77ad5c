import type { ProblemMessages } from '../../platform/http/problem-messages';

/** What the territory module's problems say, in French and English (see `problem-messages.ts`). */
export const TERRITORY_PROBLEM_MESSAGES: ProblemMessages = {
  'territory.zoning_not_found': { fr: 'Zonage « {zoning} » inconnu.', en: 'Unknown zoning "{zoning}".' },
  'territory.zone_not_found': { fr: 'Zone « {zone} » inconnue dans le zonage « {zoning} ».', en: 'Unknown zone "{zone}" in zoning "{zoning}".' },
  'territory.unknown_parent_zoning': { fr: 'Le zonage parent « {parent} » n’existe pas.', en: 'Parent zoning "{parent}" does not exist.' },
  'territory.zoning_cycle': {
    fr: 'Le zonage « {zoning} » ne peut pas s’emboîter dans « {parent} », qui s’emboîte déjà en lui.',
    en: 'Zoning "{zoning}" cannot nest in "{parent}", which already nests in it.',
  },
  'territory.zoning_has_zones': {
    fr: 'Le zonage « {zoning} » a des zones : son zonage parent ne peut plus changer. Importez-les à nouveau dans un nouveau zonage.',
    en: 'Zoning "{zoning}" has zones: its parent zoning can no longer change. Import them again into a new zoning.',
  },
  'territory.zoning_in_use': {
    fr: 'Le zonage « {zoning} » contient les zones du zonage « {child} » : supprimez celui-ci d’abord.',
    en: 'Zoning "{zoning}" holds the zones of zoning "{child}": delete that one first.',
  },
  'territory.zoning_served': {
    fr: 'Le zonage « {zoning} » est désigné dans le réglage du territoire desservi (territory.served) : changez ce réglage d’abord.',
    en: 'Zoning "{zoning}" is named in the served territory setting (territory.served): change that setting first.',
  },
  'territory.zoning_changed': {
    fr: 'Le zonage a changé pendant l’import (un autre import, une autre modification) : relancez-le.',
    en: 'The zoning changed during the import (another import or change): run it again.',
  },
  'territory.no_parent_zoning': {
    fr: 'Le zonage « {zoning} » ne s’emboîte dans aucun autre : ses zones n’ont pas de zone parente.',
    en: 'Zoning "{zoning}" does not nest in another: its zones have no parent zone.',
  },
  'territory.parent_choice': {
    fr: 'Donnez la zone parente par une propriété ou par l’emplacement, pas les deux.',
    en: 'Give the parent zone by a property or by location, not both.',
  },
  'territory.population_year_required': {
    fr: 'Indiquez l’année de la population (populationYear).',
    en: 'Give the year of the population (populationYear).',
  },
  'territory.invalid_json': { fr: 'Le fichier n’est pas du JSON valide.', en: 'The file is not valid JSON.' },
  'territory.not_feature_collection': {
    fr: 'Le fichier n’est pas une FeatureCollection GeoJSON (un objet avec type « FeatureCollection » et un tableau features).',
    en: 'The file is not a GeoJSON FeatureCollection (an object with type "FeatureCollection" and a features array).',
  },
  'territory.empty_collection': { fr: 'La FeatureCollection ne contient aucune entité.', en: 'The FeatureCollection holds no feature.' },
  'territory.projected_coordinates': {
    fr: 'Les coordonnées sont projetées ({crs}), en mètres : Beffroi attend du WGS 84 (EPSG:4326), longitude et latitude en degrés. Reprojetez le fichier (par exemple avec QGIS ou ogr2ogr -t_srs EPSG:4326) puis importez-le à nouveau.',
    en: 'The coordinates are projected ({crs}), in metres: Beffroi expects WGS 84 (EPSG:4326), longitude and latitude in degrees. Reproject the file (for instance with QGIS or ogr2ogr -t_srs EPSG:4326), then import it again.',
  },
  'territory.unsupported_crs': {
    fr: 'Système de coordonnées « {crs} » non pris en charge : Beffroi attend du WGS 84 (EPSG:4326, CRS84).',
    en: 'Unsupported coordinate reference system "{crs}": Beffroi expects WGS 84 (EPSG:4326, CRS84).',
  },
  'territory.too_many_features': {
    fr: 'Fichier trop grand : au plus {limit} entités par import.',
    en: 'File too large: at most {limit} features per import.',
  },
  'territory.too_many_positions': {
    fr: 'Fichier trop grand : au plus {limit} positions par import ; simplifiez les contours.',
    en: 'File too large: at most {limit} positions per import; simplify the outlines.',
  },
  'territory.import_invalid': {
    fr: 'Le fichier a {errorCount} erreur(s) : rien n’a été enregistré. Le rapport (report) les détaille.',
    en: 'The file has {errorCount} error(s): nothing was stored. The report lists them.',
  },
  'territory.upload_fields': {
    fr: 'Envoyez un seul fichier, dans le champ « file » ; les options vont dans l’adresse.',
    en: 'Send one file, in the "file" field; the options go in the query string.',
  },
  'territory.file_missing': { fr: 'Aucun fichier reçu (champ « file »).', en: 'No file received ("file" field).' },
};
