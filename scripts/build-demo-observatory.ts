/**
 * Builds the observatory's demo fixture, `src/modules/observatory/demo/indicators.json.gz`, from the
 * open data of `../shared/data/observatory/` (the product reads only the fixture: no network, no
 * `../shared` at run time).
 *
 *   npx tsx scripts/build-demo-observatory.ts [--data DIR] [--out FILE]
 *
 * What it computes, per Île-de-France commune of `communes-idf-2018.geojson` (Paris as one commune,
 * its arrondissements summed), and per Lyon IRIS of `lyon_iris.geojson`:
 * - Filosofi 2015 and 2016: median income (MED), poverty rate (TP60), first decile (D1),
 *   inter-decile ratio (RD), share of housing benefits in income (PPLOGT), persons of fiscal
 *   households (the poverty rate's denominator); `NA` kept as missing;
 * - population 2015 and 2021, labour force aged 15–64 and its unemployed share (2021);
 * - FttH coverage: premises connectable (ARCEP, end of 2017 Q4 and of 2018 Q1) over dwellings
 *   (ARCEP's commune reference), capped at 100 %;
 * - access to services (BPE 2018): equipment per 1,000 inhabitants (legal population 2015, the one
 *   in force in 2018) for post offices, GPs, nursery schools and pharmacies; and, for post office
 *   A206, GP D201, maternity ward D107, train station E107/E108/E109 and nursery school C101, the
 *   distance in km to the nearest commune that has one (0 when the commune has one), centroid to
 *   centroid on the sphere — Île-de-France centroids from the outlines, other communes (candidates
 *   across the regional border) from the coordinates of the population file;
 * - IRIS: population 2012 and unemployment rate 2012 as the file gives them;
 * - France references where they are exact ratios of sums over the whole country (unemployment,
 *   fibre, equipment per 1,000 inhabitants, population).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { centroidOf, distanceMetres } from '../src/modules/territory/geometry/measure';
import type { LngLat, ZoneGeometry } from '../src/modules/territory/geometry/types';
import type { DemoFixture, FixtureIndicator, FixtureSeries, FixtureSource } from '../src/modules/observatory/demo/fixture';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]!) : fallback;
};
const DATA = option('--data', path.resolve(repoRoot, '..', 'shared', 'data', 'observatory'));
const OUT = option('--out', path.join(repoRoot, 'src', 'modules', 'observatory', 'demo', 'indicators.json.gz'));

type Row = Record<string, string>;
const readCsv = (file: string, fromLine = 1): Row[] =>
  parse(fs.readFileSync(path.join(DATA, file)), { columns: true, from_line: fromLine, skip_empty_lines: true, relax_column_count: true, bom: true }) as Row[];
const readGzCsv = (file: string): Row[] => parse(zlib.gunzipSync(fs.readFileSync(path.join(DATA, file))), { columns: true, skip_empty_lines: true }) as Row[];

function number(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const text = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (text === '' || text === 'NA' || text === '-' || text === 's') return null;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}
const round = (v: number | null, digits: number): number | null => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits)));

// ---------------------------------------------------------------------------------------------
// Sources and the catalogue

const SOURCES: FixtureSource[] = [
  {
    id: 'filosofi-2015-2016',
    name: 'Filosofi 2015 et 2016 — revenus, pauvreté et niveau de vie par commune',
    publisher: 'INSEE',
    licence: 'Licence Ouverte / Open Licence',
    url: 'https://www.insee.fr/fr/statistiques/3560121',
    file: 'observatory/filosofi_com_2015.csv, observatory/filosofi_com_2016.csv',
    usedFor: 'revenu médian, taux de pauvreté, premier décile, rapport interdécile, part des prestations logement, personnes des ménages fiscaux',
  },
  {
    id: 'population-2021',
    name: 'Populations légales 2021 et 2015, population active de 15 à 64 ans',
    publisher: 'INSEE (compilé par github.com/rcarlier/datas.fun)',
    licence: 'Licence Ouverte / Open Licence (chiffres INSEE)',
    url: null,
    file: 'observatory/communes_population_2021.csv',
    usedFor: 'population 2015 et 2021, actifs et chômeurs de 15 à 64 ans (2021), coordonnées des communes hors Île-de-France',
  },
  {
    id: 'arcep-ftth-2018t1',
    name: 'Déploiement du FttH par commune (T3 2017 – T1 2018) et référentiel des communes',
    publisher: 'Arcep',
    licence: 'Licence Ouverte / Open Licence',
    url: 'https://www.arcep.fr/cartes-et-donnees/nos-publications-chiffrees/observatoire-des-abonnements-et-deploiements-du-haut-et-tres-haut-debit.html',
    file: 'observatory/arcep_ftth_communes_2018T1.csv, observatory/arcep_communes_ref.csv',
    usedFor: 'locaux raccordables au FttH (fin 2017 T4 et 2018 T1) rapportés aux logements',
  },
  {
    id: 'bpe-2018',
    name: 'Base permanente des équipements 2018',
    publisher: 'INSEE',
    licence: 'Licence Ouverte / Open Licence',
    url: 'https://www.insee.fr/fr/statistiques/3568638',
    file: 'observatory/bpe_ens_2018.csv.gz',
    usedFor: 'équipements pour 1 000 habitants et distance à la commune équipée la plus proche',
  },
  {
    id: 'admin-express-2018',
    name: 'Contours des communes d’Île-de-France (Admin Express / COG 2018)',
    publisher: 'IGN, via github.com/gregoiredavid/france-geojson',
    licence: 'Licence Ouverte / Open Licence',
    url: null,
    file: 'observatory/communes-idf-2018.geojson',
    usedFor: 'centroïdes des communes pour les distances aux services',
  },
  {
    id: 'lyon-iris-2012',
    name: 'IRIS de Lyon et de communes voisines, population et chômage 2012',
    publisher: 'INSEE et IGN ; compilation d’origine non documentée',
    licence: 'Licence Ouverte / Open Licence (données INSEE et IGN)',
    url: null,
    file: 'observatory/lyon_iris.geojson',
    usedFor: 'population 2012 et taux de chômage 2012 par IRIS',
  },
];

type Indicator = FixtureIndicator;
const indicator = (i: Indicator): Indicator => i;

const KEY_SERVICES = [
  { code: 'A206', types: ['A206'], fr: 'un bureau de poste', en: 'a post office', short: { fr: 'bureau de poste', en: 'post office' } },
  { code: 'D201', types: ['D201'], fr: 'un médecin généraliste', en: 'a general practitioner', short: { fr: 'médecin généraliste', en: 'general practitioner' } },
  { code: 'D107', types: ['D107'], fr: 'une maternité', en: 'a maternity ward', short: { fr: 'maternité', en: 'maternity ward' } },
  { code: 'GARE', types: ['E107', 'E108', 'E109'], fr: 'une gare', en: 'a train station', short: { fr: 'gare', en: 'train station' } },
  { code: 'C101', types: ['C101'], fr: 'une école maternelle', en: 'a nursery school', short: { fr: 'école maternelle', en: 'nursery school' } },
] as const;
const DENSITY_TYPES = [
  { code: 'A206', fr: 'bureaux de poste', en: 'post offices' },
  { code: 'D201', fr: 'médecins généralistes', en: 'general practitioners' },
  { code: 'C101', fr: 'écoles maternelles', en: 'nursery schools' },
  { code: 'D301', fr: 'pharmacies', en: 'pharmacies' },
] as const;

const INDICATORS: Indicator[] = [
  indicator({
    code: 'POP', theme: 'population', unit: 'inhabitants', direction: 'neutral', sourceId: 'population-2021', aggregation: 'sum', denominatorCode: null,
    name: { fr: 'Population', en: 'Population' }, phrase: { fr: 'la population', en: 'the population' },
    description: { fr: 'Population municipale (légale) ; Paris compte ses arrondissements.', en: 'Municipal (legal) population; Paris counts its arrondissements.' },
    numerator: null, denominator: null,
  }),
  indicator({
    code: 'MED', theme: 'income', unit: 'euros', direction: 'higher-is-better', sourceId: 'filosofi-2015-2016', aggregation: 'mean', denominatorCode: 'PERS_MENFISC',
    name: { fr: 'Revenu médian', en: 'Median income' }, phrase: { fr: 'le revenu médian', en: 'the median income' },
    description: { fr: 'Médiane du revenu disponible par unité de consommation, en euros par an.', en: 'Median disposable income per consumption unit, euros a year.' },
    numerator: null, denominator: null,
  }),
  indicator({
    code: 'D1', theme: 'income', unit: 'euros', direction: 'higher-is-better', sourceId: 'filosofi-2015-2016', aggregation: 'mean', denominatorCode: 'PERS_MENFISC',
    name: { fr: 'Premier décile de revenu', en: 'First income decile' }, phrase: { fr: 'le premier décile de revenu', en: 'the first income decile' },
    description: { fr: 'Revenu disponible par unité de consommation sous lequel vivent les 10 % les plus modestes.', en: 'Disposable income per consumption unit below which the poorest 10 % live.' },
    numerator: null, denominator: null,
  }),
  indicator({
    code: 'RD', theme: 'income', unit: 'ratio', direction: 'higher-is-worse', sourceId: 'filosofi-2015-2016', aggregation: 'mean', denominatorCode: 'PERS_MENFISC',
    name: { fr: 'Rapport interdécile', en: 'Inter-decile ratio' }, phrase: { fr: 'le rapport interdécile', en: 'the inter-decile ratio' },
    description: { fr: 'Neuvième décile divisé par le premier : l’écart entre les plus aisés et les plus modestes.', en: 'Ninth decile over the first: the gap between the better-off and the poorest.' },
    numerator: null, denominator: null,
  }),
  indicator({
    code: 'TP60', theme: 'poverty', unit: 'percent', direction: 'higher-is-worse', sourceId: 'filosofi-2015-2016', aggregation: 'ratio', denominatorCode: 'PERS_MENFISC',
    name: { fr: 'Taux de pauvreté', en: 'Poverty rate' }, phrase: { fr: 'le taux de pauvreté', en: 'the poverty rate' },
    description: { fr: 'Part des personnes vivant sous le seuil de pauvreté (60 % du niveau de vie médian national).', en: 'Share of people living below the poverty line (60 % of the national median standard of living).' },
    numerator: { fr: 'personnes sous le seuil de pauvreté', en: 'people below the poverty line' },
    denominator: { fr: 'personnes des ménages fiscaux', en: 'people in tax households' },
  }),
  indicator({
    code: 'PERS_MENFISC', theme: 'population', unit: 'inhabitants', direction: 'neutral', sourceId: 'filosofi-2015-2016', aggregation: 'sum', denominatorCode: null,
    name: { fr: 'Personnes des ménages fiscaux', en: 'People in tax households' }, phrase: { fr: 'le nombre de personnes des ménages fiscaux', en: 'the number of people in tax households' },
    description: { fr: 'Dénominateur des indicateurs Filosofi.', en: 'Denominator of the Filosofi indicators.' },
    numerator: null, denominator: null,
  }),
  indicator({
    code: 'PPLOGT', theme: 'housing', unit: 'percent', direction: 'higher-is-worse', sourceId: 'filosofi-2015-2016', aggregation: 'mean', denominatorCode: 'PERS_MENFISC',
    name: { fr: 'Part des prestations logement', en: 'Share of housing benefits' }, phrase: { fr: 'la part des prestations logement', en: 'the share of housing benefits' },
    description: { fr: 'Part des aides au logement dans le revenu disponible des ménages.', en: 'Share of housing benefits in households’ disposable income.' },
    numerator: null, denominator: null,
  }),
  indicator({
    code: 'CHOM', theme: 'unemployment', unit: 'percent', direction: 'higher-is-worse', sourceId: 'population-2021', aggregation: 'ratio', denominatorCode: 'ACT_1564',
    name: { fr: 'Part de chômeurs', en: 'Unemployment share' }, phrase: { fr: 'la part de chômeurs', en: 'the unemployment share' },
    description: { fr: 'Chômeurs de 15 à 64 ans parmi les actifs de 15 à 64 ans (recensement) ; taux de chômage déclaré pour les IRIS (2012).', en: 'Unemployed people aged 15–64 among the labour force aged 15–64 (census); declared unemployment rate for the IRIS (2012).' },
    numerator: { fr: 'chômeurs de 15 à 64 ans', en: 'unemployed people aged 15–64' },
    denominator: { fr: 'actifs de 15 à 64 ans', en: 'labour force aged 15–64' },
  }),
  indicator({
    code: 'ACT_1564', theme: 'unemployment', unit: 'inhabitants', direction: 'neutral', sourceId: 'population-2021', aggregation: 'sum', denominatorCode: null,
    name: { fr: 'Actifs de 15 à 64 ans', en: 'Labour force aged 15–64' }, phrase: { fr: 'le nombre d’actifs de 15 à 64 ans', en: 'the labour force aged 15–64' },
    description: { fr: 'Dénominateur de la part de chômeurs.', en: 'Denominator of the unemployment share.' },
    numerator: null, denominator: null,
  }),
  indicator({
    code: 'FTTH', theme: 'digital', unit: 'percent', direction: 'higher-is-better', sourceId: 'arcep-ftth-2018t1', aggregation: 'ratio', denominatorCode: 'LOGEMENTS',
    name: { fr: 'Couverture en fibre optique', en: 'Fibre coverage' }, phrase: { fr: 'la couverture en fibre optique', en: 'the fibre coverage' },
    description: { fr: 'Locaux raccordables au FttH rapportés aux logements (plafonné à 100 %) ; 2017 = fin du 4e trimestre 2017, 2018 = fin du 1er trimestre 2018.', en: 'Premises connectable to FttH over dwellings (capped at 100 %); 2017 = end of 2017 Q4, 2018 = end of 2018 Q1.' },
    numerator: { fr: 'locaux raccordables', en: 'connectable premises' },
    denominator: { fr: 'logements', en: 'dwellings' },
  }),
  indicator({
    code: 'LOGEMENTS', theme: 'housing', unit: 'count', direction: 'neutral', sourceId: 'arcep-ftth-2018t1', aggregation: 'sum', denominatorCode: null,
    name: { fr: 'Logements', en: 'Dwellings' }, phrase: { fr: 'le nombre de logements', en: 'the number of dwellings' },
    description: { fr: 'Logements du référentiel communal de l’Arcep, dénominateur de la couverture en fibre.', en: 'Dwellings of Arcep’s commune reference, denominator of the fibre coverage.' },
    numerator: null, denominator: null,
  }),
  ...DENSITY_TYPES.map((t) =>
    indicator({
      code: `EQ_${t.code}`, theme: 'services', unit: 'per-1000', direction: 'higher-is-better', sourceId: 'bpe-2018', aggregation: 'ratio', denominatorCode: 'POP',
      name: { fr: `${t.fr[0]!.toUpperCase()}${t.fr.slice(1)} pour 1 000 habitants`, en: `${t.en[0]!.toUpperCase()}${t.en.slice(1)} per 1,000 inhabitants` },
      phrase: { fr: `la densité de ${t.fr}`, en: `the density of ${t.en}` },
      description: { fr: `Équipements de type ${t.code} de la BPE 2018 pour 1 000 habitants (population légale 2015, en vigueur en 2018).`, en: `BPE 2018 equipment of type ${t.code} per 1,000 inhabitants (legal population 2015, in force in 2018).` },
      numerator: { fr: t.fr, en: t.en }, denominator: { fr: 'habitants / 1 000', en: 'inhabitants / 1,000' },
    }),
  ),
  ...KEY_SERVICES.map((s) =>
    indicator({
      code: `DIST_${s.code}`, theme: 'services', unit: 'km', direction: 'higher-is-worse', sourceId: 'bpe-2018', aggregation: 'mean', denominatorCode: 'POP',
      name: { fr: `Distance à ${s.fr}`, en: `Distance to ${s.en}` },
      phrase: { fr: `la distance à ${s.fr}`, en: `the distance to ${s.en}` },
      description: {
        fr: `Distance, de centroïde à centroïde, à la commune la plus proche ayant ${s.fr} (BPE 2018, type${s.types.length > 1 ? 's' : ''} ${s.types.join(', ')}) ; 0 quand la commune en a. Moyenne pondérée par la population au-dessus de la commune.`,
        en: `Distance, centroid to centroid, to the nearest commune with ${s.en} (BPE 2018, type${s.types.length > 1 ? 's' : ''} ${s.types.join(', ')}); 0 when the commune has one. Population-weighted mean above the commune.`,
      },
      numerator: null, denominator: null,
    }),
  ),
];

// ---------------------------------------------------------------------------------------------
// Reading

interface SourceFeature {
  properties: Record<string, unknown>;
  geometry: ZoneGeometry;
}
const readFeatures = (file: string): SourceFeature[] => (JSON.parse(fs.readFileSync(path.join(DATA, file), 'utf8')) as { features: SourceFeature[] }).features;

const idf = readFeatures('communes-idf-2018.geojson');
const idfCodes = idf.map((f) => String(f.properties.code)).sort();
const idfSet = new Set(idfCodes);
const centroids = new Map<string, LngLat>(idf.map((f) => [String(f.properties.code), centroidOf(f.geometry)]));

// Population: arrondissements (ARM) count for their city.
const populationRows = readCsv('communes_population_2021.csv');
const population = new Map<string, { p2015: number; p2021: number; active: number; unemployed: number }>();
const france = { p2015: 0, p2021: 0, active: 0, unemployed: 0 };
const otherPositions = new Map<string, LngLat>();
const cityOf = new Map<string, string>();
// The file has one row per commune and postcode (and per commune déléguée, under the new
// commune's code), each repeating the commune's figures: count each INSEE code once.
const countedCodes = new Set<string>();
for (const row of populationRows) {
  const own = row.insee_com!;
  if (countedCodes.has(own)) continue;
  countedCodes.add(own);
  const id = row.commune_type === 'ARM' && row.insee_parente ? row.insee_parente : own;
  if (row.commune_type === 'ARM' && row.insee_parente) cityOf.set(own, row.insee_parente);
  const entry = population.get(id) ?? { p2015: 0, p2021: 0, active: 0, unemployed: 0 };
  const p2015 = number(row.population_2015) ?? 0;
  const p2021 = number(row.population_2021) ?? 0;
  const active = number(row.pop_15_64_active_2021) ?? 0;
  const unemployed = number(row.pop_15_64_chomage_2021) ?? 0;
  entry.p2015 += p2015;
  entry.p2021 += p2021;
  entry.active += active;
  entry.unemployed += unemployed;
  population.set(id, entry);
  france.p2015 += p2015;
  france.p2021 += p2021;
  france.active += active;
  france.unemployed += unemployed;
  const lat = number(row.lat);
  const lng = number(row.lng);
  // Equipment of a city with arrondissements is located at the arrondissement.
  if (lat !== null && lng !== null) otherPositions.set(own, { lng, lat });
}

const filosofi = (year: 15 | 16) => new Map(readCsv(`filosofi_com_20${year}.csv`).map((row) => [row.CODGEO!, row]));
const filosofi15 = filosofi(15);
const filosofi16 = filosofi(16);

const ftthRows = readCsv('arcep_ftth_communes_2018T1.csv', 5).filter((row) => row.Champ === 'Locaux Raccordables');
const connectable = new Map(ftthRows.map((row) => [row['Code commune']!, { t4: number(row['T4 2017']), t1: number(row['T1 2018']) }]));
const dwellings = new Map(readCsv('arcep_communes_ref.csv', 5).map((row) => [row['Code commune']!, number(row.Logements)]));
let franceConnectable = 0;
let franceDwellings = 0;
for (const [code, c] of connectable) {
  const d = dwellings.get(code);
  if (c.t1 !== null && d !== null && d !== undefined) {
    franceConnectable += c.t1;
    franceDwellings += d;
  }
}

// BPE: counts per commune (cities' arrondissements summed) and the places that have each key service.
const counts = new Map<string, Map<string, number>>();
const franceCounts = new Map<string, number>();
const wantedTypes = new Set<string>([...DENSITY_TYPES.map((t) => t.code), ...KEY_SERVICES.flatMap((s) => s.types)]);
const equippedPlaces = new Map<string, Set<string>>(KEY_SERVICES.map((s) => [s.code, new Set<string>()]));
for (const row of readGzCsv('bpe_ens_2018.csv.gz')) {
  const type = row.TYPEQU!;
  if (!wantedTypes.has(type)) continue;
  const n = number(row.NB_EQUIP) ?? 0;
  if (n <= 0) continue;
  const place = row.DEPCOM!;
  const commune = cityOf.get(place) ?? place;
  franceCounts.set(type, (franceCounts.get(type) ?? 0) + n);
  const byType = counts.get(commune) ?? new Map<string, number>();
  byType.set(type, (byType.get(type) ?? 0) + n);
  counts.set(commune, byType);
  for (const s of KEY_SERVICES) {
    if (!(s.types as readonly string[]).includes(type)) continue;
    // An Île-de-France commune is located at its centroid; another at its own (or its arrondissement's) coordinates.
    equippedPlaces.get(s.code)!.add(idfSet.has(commune) ? commune : place);
  }
}

const positionOf = (place: string): LngLat | undefined => centroids.get(place) ?? otherPositions.get(place);
// Candidates across the regional border: a box well beyond Île-de-France.
const nearIdf = (p: LngLat) => p.lat > 47.4 && p.lat < 50.2 && p.lng > 0.6 && p.lng < 4.6;
const candidates = new Map<string, { place: string; p: LngLat }[]>(
  KEY_SERVICES.map((s) => [
    s.code,
    [...equippedPlaces.get(s.code)!].flatMap((place) => {
      const p = positionOf(place);
      return p && nearIdf(p) ? [{ place, p }] : [];
    }),
  ]),
);

function nearestKm(code: string, service: string): number | null {
  const here = centroids.get(code);
  if (!here) return null;
  let best = Number.POSITIVE_INFINITY;
  for (const c of candidates.get(service)!) {
    if (c.place === code) return 0;
    const d = distanceMetres(here, c.p);
    if (d < best) best = d;
  }
  return Number.isFinite(best) ? best / 1000 : null;
}

// ---------------------------------------------------------------------------------------------
// Series

const series: FixtureSeries[] = [];
const add = (indicatorCode: string, zoning: 'communes' | 'iris', year: number, codes: readonly string[], value: (code: string) => number | null, digits: number) => {
  const values = codes.map((code) => round(value(code), digits));
  if (values.every((v) => v === null)) throw new Error(`${indicatorCode} ${year}: no value at all`);
  series.push({ indicator: indicatorCode, zoning, year, values });
};
const filo = (rows: Map<string, Row>, column: string) => (code: string) => number(rows.get(code)?.[column]);

add('POP', 'communes', 2015, idfCodes, (c) => population.get(c)?.p2015 || null, 0);
add('POP', 'communes', 2021, idfCodes, (c) => population.get(c)?.p2021 || null, 0);
for (const [rows, yy, year] of [[filosofi15, '15', 2015], [filosofi16, '16', 2016]] as const) {
  add('MED', 'communes', year, idfCodes, filo(rows, `MED${yy}`), 0);
  add('D1', 'communes', year, idfCodes, filo(rows, `D1${yy}`), 0);
  add('RD', 'communes', year, idfCodes, filo(rows, `RD${yy}`), 2);
  add('TP60', 'communes', year, idfCodes, filo(rows, `TP60${yy}`), 1);
  add('PPLOGT', 'communes', year, idfCodes, filo(rows, `PPLOGT${yy}`), 1);
  add('PERS_MENFISC', 'communes', year, idfCodes, filo(rows, `NBPERSMENFISC${yy}`), 0);
}
add('ACT_1564', 'communes', 2021, idfCodes, (c) => population.get(c)?.active || null, 0);
add('CHOM', 'communes', 2021, idfCodes, (c) => {
  const p = population.get(c);
  return p && p.active > 0 ? (100 * p.unemployed) / p.active : null;
}, 2);
const coverage = (quarter: 't4' | 't1') => (c: string) => {
  const n = connectable.get(c)?.[quarter];
  const d = dwellings.get(c);
  return n === null || n === undefined || d === null || d === undefined || !(d > 0) ? null : Math.min(100, (100 * n) / d);
};
add('FTTH', 'communes', 2017, idfCodes, coverage('t4'), 1);
add('FTTH', 'communes', 2018, idfCodes, coverage('t1'), 1);
add('LOGEMENTS', 'communes', 2018, idfCodes, (c) => dwellings.get(c) ?? null, 0);
for (const t of DENSITY_TYPES) {
  add(`EQ_${t.code}`, 'communes', 2018, idfCodes, (c) => {
    const p = population.get(c)?.p2015;
    return p ? (1000 * (counts.get(c)?.get(t.code) ?? 0)) / p : null;
  }, 3);
}
for (const s of KEY_SERVICES) add(`DIST_${s.code}`, 'communes', 2018, idfCodes, (c) => nearestKm(c, s.code), 2);

const irisFeatures = readFeatures('lyon_iris.geojson');
const irisCodes = irisFeatures.map((f) => String(f.properties.id)).sort();
const irisProps = new Map(irisFeatures.map((f) => [String(f.properties.id), f.properties]));
const irisNumber = (key: string) => (code: string) => {
  const v = irisProps.get(code)?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
add('POP', 'iris', 2012, irisCodes, irisNumber('p12_pop'), 0);
add('CHOM', 'iris', 2012, irisCodes, irisNumber('tchom'), 2);

const references = [
  { indicator: 'POP', scope: 'france' as const, year: 2021, value: france.p2021 },
  { indicator: 'POP', scope: 'france' as const, year: 2015, value: france.p2015 },
  { indicator: 'CHOM', scope: 'france' as const, year: 2021, value: round((100 * france.unemployed) / france.active, 2)! },
  { indicator: 'FTTH', scope: 'france' as const, year: 2018, value: round((100 * franceConnectable) / franceDwellings, 1)! },
  ...DENSITY_TYPES.map((t) => ({ indicator: `EQ_${t.code}`, scope: 'france' as const, year: 2018, value: round((1000 * (franceCounts.get(t.code) ?? 0)) / france.p2015, 3)! })),
];

const fixture: DemoFixture = {
  format: 1,
  note: 'Built by scripts/build-demo-observatory.ts from ../shared/data/observatory; real open data, see sources.',
  sources: SOURCES,
  indicators: INDICATORS,
  zonings: { communes: idfCodes, iris: irisCodes },
  series,
  references,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
const json = JSON.stringify(fixture);
fs.writeFileSync(OUT, zlib.gzipSync(json, { level: 9 }));
const missing = series.map((s) => `${s.indicator} ${s.zoning} ${s.year}: ${s.values.filter((v) => v === null).length} missing`);
console.log(`${INDICATORS.length} indicators, ${series.length} series, ${idfCodes.length} communes, ${irisCodes.length} IRIS → ${path.relative(repoRoot, OUT)} (${Math.round(fs.statSync(OUT).size / 1024)} KB; ${Math.round(json.length / 1024)} KB of JSON)`);
console.log(missing.join('\n'));
