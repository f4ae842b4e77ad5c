/**
 * Builds the demo zonings' fixture `src/modules/territory/demo/zonings.json.gz` from the real open
 * data in `../shared/data/observatory/` (relative to the repo root). The product reads only the
 * fixture: it starts without that folder and without a network.
 *
 *   npx tsx scripts/build-demo-territory.ts [--data DIR] [--commune 94080] [--out FILE]
 *
 * `--data` points at the shared data root (the folder that contains `observatory/`); a path that
 * already ends in `observatory` is accepted too.
 *
 * Zonings built (parents first):
 *  - `departements`: the 8 départements of Île-de-France, outlines dissolved from their communes
 *    (shared borders cancel exactly: the communes come from one topology), population the sum of
 *    their communes'; and the Rhône (69) without outline, parent of the Lyon communes below;
 *  - `communes`: the 1,276 communes of Île-de-France (`communes-idf-2018.geojson`) with their
 *    département from INSEE's COG 2019 (`cog_com_2019.csv`) as parent; and, without outline, the
 *    communes of the Lyon IRIS below (Lyon's municipal arrondissements are counted in Lyon, 69123).
 *    Population 2021 and 2015, official area and 15–64 population from
 *    `communes_population_2021.csv`: that file has one row per commune AND postcode, the rows of a
 *    commune repeating the same figures (checked), so they are counted once, and summed only if
 *    they differ; `COMD` rows (communes déléguées) repeat their parent's and are ignored; Paris,
 *    Lyon and Marseille have no `COM` row, so their `ARM` rows (arrondissements) are summed.
 *    Median income and poverty rate: Filosofi 2016 (`MED16`, `TP6016`; `NA` → unknown). Counts of a
 *    few equipment types: BPE 2018 (arrondissements summed into their commune);
 *  - `iris`: the 358 IRIS of `lyon_iris.geojson` with their commune as parent, population 2012;
 *  - `secteurs-demo`: demonstration sectors of the demo commune. No real district outline is in
 *    the shared data, so the commune's real outline is cut in 6 by lines: two meridians splitting
 *    it into three strips of equal area, then in each strip a parallel splitting it into two halves
 *    of equal area; populations are the commune's shared out by area — estimates, labelled so.
 *    They are NOT official neighbourhoods, and every label says so.
 *
 * Outlines are kept as their publisher simplified them (the Île-de-France file is already
 * simplified) and rounded to 5 decimals (about 1 m; 6 for the Lyon IRIS); every ring is checked (closed, at least 4
 * positions, no self-intersection) and the build stops on the first invalid one.
 *
 * The output is deterministic: same input → byte-identical output (no dates, sorted lists, fixed
 * rounding).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { encodeOutline, demoFixtureSchema, type AttributeColumn, type DemoFixture, type FixtureZone, type FixtureZoning } from '../src/modules/territory/demo/fixture';
import { dissolve } from '../src/modules/territory/geometry/dissolve';
import { areaM2, bboxOf } from '../src/modules/territory/geometry/measure';
import { rewind } from '../src/modules/territory/geometry/orientation';
import { pointInGeometry } from '../src/modules/territory/geometry/point-in-polygon';
import { roundGeometry } from '../src/modules/territory/geometry/simplify';
import { polygonsOf, type PolygonCoordinates, type Position, type Ring, type ZoneGeometry } from '../src/modules/territory/geometry/types';
import { checkRings } from '../src/modules/territory/geometry/validity';

// ---------------------------------------------------------------------------------------
// Settings

const DEFAULT_DEMO_COMMUNE = '94080'; // Vincennes (Val-de-Marne)
const COORD_DECIMALS = 5;
/** The Lyon IRIS need one more: rounded to 5 decimals, 46 of their rings would cross themselves. */
const IRIS_DECIMALS = 6;
const MAX_OUTPUT_BYTES = 600 * 1024;
const IDF_DEPARTEMENTS: Record<string, string> = {
  '75': 'Paris',
  '77': 'Seine-et-Marne',
  '78': 'Yvelines',
  '91': 'Essonne',
  '92': 'Hauts-de-Seine',
  '93': 'Seine-Saint-Denis',
  '94': 'Val-de-Marne',
  '95': "Val-d'Oise",
};
const OTHER_DEPARTEMENTS: Record<string, string> = { '69': 'Rhône' };
const SECTOR_LABEL_FR = 'Secteurs de démonstration (découpage géométrique, pas des quartiers officiels)';
const SECTOR_LABEL_EN = 'Demonstration sectors (geometric split, not official neighbourhoods)';

/**
 * BPE 2018 equipment types kept (all present in `bpe_ens_2018.csv.gz`). Not in BPE 2018, hence not
 * used: D307 and F307 (the "bibliothèque" type only appears in later vintages).
 */
const EQUIPMENT_TYPES = ['A206', 'C101', 'C104', 'D201', 'D301', 'D502', 'F101', 'F303'] as const;

const SOURCES = [
  {
    id: 'admin-express-2018',
    name: 'Contours des communes d’Île-de-France (Admin Express / COG 2018)',
    publisher: 'IGN, via github.com/gregoiredavid/france-geojson',
    licence: 'Licence Ouverte / Open Licence',
    file: 'observatory/communes-idf-2018.geojson',
    usedFor: 'outlines of the communes (as simplified by their publisher), of the départements (dissolved from them) and of the demonstration sectors (cut from them)',
  },
  {
    id: 'cog-2019',
    name: 'Code officiel géographique 2019',
    publisher: 'INSEE',
    licence: 'Licence Ouverte / Open Licence',
    file: 'observatory/cog_com_2019.csv',
    usedFor: 'official names, the département of each commune, the commune of each municipal arrondissement',
  },
  {
    id: 'population-2021',
    name: 'Populations légales 2021 et 2015, superficie',
    publisher: 'INSEE (compiled by github.com/rcarlier/datas.fun)',
    licence: 'Licence Ouverte / Open Licence (INSEE figures)',
    file: 'observatory/communes_population_2021.csv',
    usedFor: 'population 2021 and 2015, population aged 15 to 64, official area',
  },
  {
    id: 'filosofi-2016',
    name: 'Filosofi 2016 — revenus et pauvreté des ménages par commune',
    publisher: 'INSEE',
    licence: 'Licence Ouverte / Open Licence',
    file: 'observatory/filosofi_com_2016.csv',
    usedFor: 'median disposable income per consumption unit (MED16), poverty rate at 60 % (TP6016)',
  },
  {
    id: 'bpe-2018',
    name: 'Base permanente des équipements 2018',
    publisher: 'INSEE',
    licence: 'Licence Ouverte / Open Licence',
    file: 'observatory/bpe_ens_2018.csv.gz',
    usedFor: 'equipment counts per commune',
  },
  {
    id: 'lyon-iris-2012',
    name: 'IRIS de Lyon et de communes voisines, avec leur population 2012',
    publisher: 'INSEE and IGN (IRIS outlines and census population); compiled by an unrecorded third party',
    licence: 'Licence Ouverte / Open Licence (INSEE and IGN data)',
    file: 'observatory/lyon_iris.geojson',
    usedFor: 'IRIS outlines, names and population 2012',
  },
] as const;

// ---------------------------------------------------------------------------------------
// Arguments and paths

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');

function parseArgs(argv: string[]): { dataDir: string; commune: string; out: string } {
  let dataRoot = path.resolve(repoRoot, '..', 'shared', 'data');
  let commune = DEFAULT_DEMO_COMMUNE;
  let out = path.join(repoRoot, 'src', 'modules', 'territory', 'demo', 'zonings.json.gz');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing value after ${arg}`);
      return v;
    };
    if (arg === '--data') dataRoot = path.resolve(next());
    else if (arg === '--commune') commune = next();
    else if (arg === '--out') out = path.resolve(next());
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npx tsx scripts/build-demo-territory.ts [--data DIR] [--commune INSEE] [--out FILE]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!/^\d[\dAB]\d{3}$/.test(commune)) throw new Error(`not an INSEE commune code: ${commune}`);
  const dataDir = path.basename(dataRoot) === 'observatory' ? dataRoot : path.join(dataRoot, 'observatory');
  return { dataDir, commune, out };
}

// ---------------------------------------------------------------------------------------
// CSV

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF). Returns rows as records. */
function parseCsv(text: string, delimiter = ','): Array<Record<string, string>> {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift();
  if (!header) return [];
  header[0] = header[0]!.replace(/^\uFEFF/, '');
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

function readCsv(file: string): Array<Record<string, string>> {
  const buf = fs.readFileSync(file);
  const text = file.endsWith('.gz') ? zlib.gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  return parseCsv(text);
}

function numOrNull(v: string | undefined): number | null {
  if (v === undefined || v === '' || v === 'NA') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function req<T>(v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new Error(`missing ${what}`);
  return v;
}

// ---------------------------------------------------------------------------------------
// Data loading

interface PopulationFigures {
  population2021: number;
  population2015: number;
  population15to64: number;
  areaKm2: number;
}

/**
 * Commune-level figures from `communes_population_2021.csv`. See the header comment for the
 * deduplication rule. Figures are only computed for the wanted codes.
 */
function loadPopulation(dataDir: string, wanted: Set<string>): Map<string, PopulationFigures> {
  const rows = readCsv(path.join(dataDir, 'communes_population_2021.csv'));
  const byCode = new Map<string, Array<Record<string, string>>>();
  const armByParent = new Map<string, Array<Record<string, string>>>();
  for (const r of rows) {
    const type = r['commune_type'];
    const code = r['insee_com']!;
    if (type === 'COM' && wanted.has(code)) {
      byCode.set(code, [...(byCode.get(code) ?? []), r]);
    } else if (type === 'ARM' && wanted.has(r['insee_parente']!)) {
      const parent = r['insee_parente']!;
      armByParent.set(parent, [...(armByParent.get(parent) ?? []), r]);
    }
  }
  const figureKeys = ['population_2021', 'population_2015', 'pop_15_64_totale_2021', 'superficie_km2'] as const;
  /** Collapses the rows of one code: identical figures (postcode duplicates) → one; else sum. */
  const collapse = (rs: Array<Record<string, string>>): PopulationFigures => {
    const distinct = new Map<string, Record<string, string>>();
    for (const r of rs) distinct.set(figureKeys.map((k) => r[k]).join('|'), r);
    const sum: PopulationFigures = { population2021: 0, population2015: 0, population15to64: 0, areaKm2: 0 };
    for (const r of distinct.values()) {
      sum.population2021 += req(numOrNull(r['population_2021']), `population_2021 of ${r['insee_com']}`);
      sum.population2015 += req(numOrNull(r['population_2015']), `population_2015 of ${r['insee_com']}`);
      sum.population15to64 += req(numOrNull(r['pop_15_64_totale_2021']), `pop_15_64_totale_2021 of ${r['insee_com']}`);
      sum.areaKm2 += req(numOrNull(r['superficie_km2']), `superficie_km2 of ${r['insee_com']}`);
    }
    return sum;
  };
  const out = new Map<string, PopulationFigures>();
  for (const code of [...wanted].sort()) {
    const com = byCode.get(code);
    if (com && com.length > 0) {
      const c = collapse(com);
      out.set(code, { ...c, areaKm2: round(c.areaKm2, 2) });
      continue;
    }
    const arms = armByParent.get(code);
    if (arms && arms.length > 0) {
      const byArm = new Map<string, Array<Record<string, string>>>();
      for (const r of arms) byArm.set(r['insee_com']!, [...(byArm.get(r['insee_com']!) ?? []), r]);
      const sum: PopulationFigures = { population2021: 0, population2015: 0, population15to64: 0, areaKm2: 0 };
      for (const armCode of [...byArm.keys()].sort()) {
        const c = collapse(byArm.get(armCode)!);
        sum.population2021 += c.population2021;
        sum.population2015 += c.population2015;
        sum.population15to64 += c.population15to64;
        sum.areaKm2 += c.areaKm2;
      }
      out.set(code, { ...sum, areaKm2: round(sum.areaKm2, 2) });
    }
  }
  return out;
}

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

interface CogEntry {
  name: string;
  departement: string;
}

function loadCog(dataDir: string): { communes: Map<string, CogEntry>; armParent: Map<string, string> } {
  const rows = readCsv(path.join(dataDir, 'cog_com_2019.csv'));
  const communes = new Map<string, CogEntry>();
  const armParent = new Map<string, string>();
  for (const r of rows) {
    if (r['typecom'] === 'COM') communes.set(r['com']!, { name: r['libelle']!, departement: r['dep']! });
    else if (r['typecom'] === 'ARM' && r['comparent'] && r['comparent'] !== 'NA') armParent.set(r['com']!, r['comparent']);
  }
  return { communes, armParent };
}

function loadFilosofi(dataDir: string): Map<string, { median: number | null; poverty: number | null }> {
  const rows = readCsv(path.join(dataDir, 'filosofi_com_2016.csv'));
  const out = new Map<string, { median: number | null; poverty: number | null }>();
  for (const r of rows) {
    const median = numOrNull(r['MED16']);
    out.set(r['CODGEO']!, { median: median === null ? null : Math.round(median), poverty: numOrNull(r['TP6016']) });
  }
  return out;
}

/** BPE 2018 counts of the kept types per commune (arrondissements counted in their commune). */
function loadEquipment(dataDir: string, armParent: Map<string, string>, wanted: Set<string>): Map<string, Map<string, number>> {
  const kept = new Set<string>(EQUIPMENT_TYPES);
  const out = new Map<string, Map<string, number>>();
  for (const r of readCsv(path.join(dataDir, 'bpe_ens_2018.csv.gz'))) {
    const depcom = r['DEPCOM']!;
    const commune = armParent.get(depcom) ?? depcom;
    const type = r['TYPEQU']!;
    if (!wanted.has(commune) || !kept.has(type)) continue;
    const counts = out.get(commune) ?? new Map<string, number>();
    counts.set(type, (counts.get(type) ?? 0) + req(numOrNull(r['NB_EQUIP']), `NB_EQUIP for ${depcom}`));
    out.set(commune, counts);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Geometry checks and the demonstration sectors

/** Rounds, checks and rewinds an outline; stops the build on an invalid ring. */
function cleanOutline(geometry: ZoneGeometry, what: string, decimals = COORD_DECIMALS): ZoneGeometry {
  const rounded = rewind(roundGeometry(geometry, decimals));
  for (const polygon of polygonsOf(rounded))
    for (const ring of polygon) if (ring.length < 4) throw new Error(`${what}: ring of ${ring.length} positions after rounding`);
  const check = checkRings(polygonsOf(rounded));
  if (check.problems.length) throw new Error(`${what}: invalid outline ${JSON.stringify(check.problems[0])}`);
  return rounded;
}

/** Sutherland–Hodgman clipping of a simple ring by the half-plane where `axis` ≤ c (or ≥ c). */
function clipRing(ring: Ring, axis: 0 | 1, c: number, keepBelow: boolean): Ring {
  const inside = (p: Position) => (keepBelow ? p[axis] <= c : p[axis] >= c);
  const cut = (a: Position, b: Position): Position => {
    const t = (c - a[axis]) / (b[axis] - a[axis]);
    const p: Position = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    p[axis] = c;
    return p;
  };
  const open = ring.slice(0, -1);
  const out: Position[] = [];
  for (let i = 0; i < open.length; i++) {
    const a = open[i]!;
    const b = open[(i + 1) % open.length]!;
    if (inside(a)) {
      out.push(a);
      if (!inside(b)) out.push(cut(a, b));
    } else if (inside(b)) out.push(cut(a, b));
  }
  return out.length ? [...out, out[0]!] : [];
}

function clipPolygon(ring: Ring, bounds: { minX: number; maxX: number; minY: number; maxY: number }): ZoneGeometry {
  let r = ring;
  r = clipRing(r, 0, bounds.minX, false);
  r = clipRing(r, 0, bounds.maxX, true);
  r = clipRing(r, 1, bounds.minY, false);
  r = clipRing(r, 1, bounds.maxY, true);
  return { type: 'Polygon', coordinates: [r] };
}

/** The c at which the part of `ring` below c along `axis` has the given share of its area (bisection). */
function equalAreaCut(ring: Ring, axis: 0 | 1, share: number, lo: number, hi: number, other: { lo: number; hi: number }): number {
  const total = areaM2(clipPolygon(ring, axis === 0 ? { minX: lo, maxX: hi, minY: other.lo, maxY: other.hi } : { minX: other.lo, maxX: other.hi, minY: lo, maxY: hi }));
  let a = lo;
  let b = hi;
  for (let k = 0; k < 60; k++) {
    const m = (a + b) / 2;
    const part = areaM2(clipPolygon(ring, axis === 0 ? { minX: lo, maxX: m, minY: other.lo, maxY: other.hi } : { minX: other.lo, maxX: other.hi, minY: lo, maxY: m }));
    if (part / total < share) a = m;
    else b = m;
  }
  return Math.round(((a + b) / 2) * 10 ** COORD_DECIMALS) / 10 ** COORD_DECIMALS;
}

/**
 * Adds to each ring the vertices of the other outlines that lie on its edges (where a sector's
 * corner meets the side of its neighbour), so that neighbouring outlines share their vertices
 * exactly, as the zonings cut from one topology do.
 */
function nodeOutlines(geometries: ZoneGeometry[]): ZoneGeometry[] {
  const vertices = geometries.flatMap((g) => polygonsOf(g).flat(2 as 1) as unknown as Position[]);
  const onSegment = (a: Position, b: Position, p: Position) =>
    (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) === 0 &&
    Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]) &&
    !(p[0] === a[0] && p[1] === a[1]) && !(p[0] === b[0] && p[1] === b[1]);
  return geometries.map((g) => {
    const polygons: PolygonCoordinates[] = polygonsOf(g).map((polygon) =>
      polygon.map((ring) => {
        const out: Ring = [];
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = ring[i]!;
          const b = ring[i + 1]!;
          out.push(a);
          const between = vertices.filter((p) => onSegment(a, b, p));
          const t = (p: Position) => Math.hypot(p[0] - a[0], p[1] - a[1]);
          const unique = [...new Map(between.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort((p, q) => t(p) - t(q));
          out.push(...unique);
        }
        out.push(ring[ring.length - 1]!);
        return out;
      }),
    );
    return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
  });
}

interface Sector {
  code: string;
  name: string;
  outline: ZoneGeometry;
  share: number;
}

/** Six sectors: three strips of equal area west to east, each cut into a northern and a southern half of equal area. */
function demoSectors(commune: ZoneGeometry, what: string): Sector[] {
  if (commune.type !== 'Polygon' || commune.coordinates.length !== 1) throw new Error(`${what}: the split expects one ring without holes`);
  const ring = commune.coordinates[0]!;
  const [minX, minY, maxX, maxY] = bboxOf(commune);
  const pad = 0.001;
  const y = { lo: minY - pad, hi: maxY + pad };
  const x1 = equalAreaCut(ring, 0, 1 / 3, minX - pad, maxX + pad, y);
  const x2 = equalAreaCut(ring, 0, 2 / 3, minX - pad, maxX + pad, y);
  const strips = [
    { name: 'ouest', minX: minX - pad, maxX: x1 },
    { name: 'centre', minX: x1, maxX: x2 },
    { name: 'est', minX: x2, maxX: maxX + pad },
  ];
  const total = areaM2(commune);
  const pieces: { name: string; outline: ZoneGeometry }[] = [];
  for (const strip of strips) {
    const mid = equalAreaCut(ring, 1, 1 / 2, y.lo, y.hi, { lo: strip.minX, hi: strip.maxX });
    pieces.push({ name: `nord-${strip.name}`, outline: clipPolygon(ring, { minX: strip.minX, maxX: strip.maxX, minY: mid, maxY: y.hi }) });
    pieces.push({ name: `sud-${strip.name}`, outline: clipPolygon(ring, { minX: strip.minX, maxX: strip.maxX, minY: y.lo, maxY: mid }) });
  }
  const noded = nodeOutlines(pieces.map((p) => roundGeometry(p.outline, COORD_DECIMALS)));
  const sectors = pieces.map((p, i) => ({
    code: `SD${i + 1}`,
    name: `Secteur de démonstration ${i + 1} (${p.name})`,
    outline: cleanOutline(noded[i]!, `sector ${i + 1}`),
    share: 0,
  }));
  const sum = sectors.reduce((s, x) => s + areaM2(x.outline), 0);
  if (Math.abs(sum - total) / total > 1e-3) throw new Error(`${what}: the sectors cover ${sum} m² of ${total} m²`);
  for (const s of sectors) s.share = areaM2(s.outline) / sum;
  // The sectors put together give the commune back.
  const union = dissolve(sectors.map((s) => s.outline));
  if (!union || Math.abs(areaM2(union) - total) / total > 1e-3 || polygonsOf(union).length !== 1) throw new Error(`${what}: the sectors do not tile the commune`);
  return sectors;
}

/** Whole numbers proportional to `shares` adding up to `total` (largest remainders). */
function apportion(total: number, shares: number[]): number[] {
  const raw = shares.map((s) => s * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = raw.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

// ---------------------------------------------------------------------------------------

interface SourceFeature {
  properties: Record<string, unknown>;
  geometry: ZoneGeometry;
}

function readFeatures(file: string): SourceFeature[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { features: SourceFeature[] }).features;
}

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function main(): void {
  const { dataDir, commune: demoCode, out } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(dataDir)) throw new Error(`data directory not found: ${dataDir} (use --data DIR)`);

  const cog = loadCog(dataDir);
  const idf = readFeatures(path.join(dataDir, 'communes-idf-2018.geojson'));
  const irisFeatures = readFeatures(path.join(dataDir, 'lyon_iris.geojson'));
  const communeOfIris = (f: SourceFeature) => {
    const com = String(f.properties.com);
    return cog.armParent.get(com) ?? com;
  };
  const lyonCommunes = [...new Set(irisFeatures.map(communeOfIris))].sort();
  const idfCodes = idf.map((f) => String(f.properties.code)).sort();
  if (!idf.some((f) => f.properties.code === demoCode)) throw new Error(`commune ${demoCode} not found in communes-idf-2018.geojson`);
  const wanted = new Set([...idfCodes, ...lyonCommunes]);
  const population = loadPopulation(dataDir, wanted);
  const filosofi = loadFilosofi(dataDir);
  const equipment = loadEquipment(dataDir, cog.armParent, wanted);

  // Communes
  const communeColumns: AttributeColumn[] = [
    { kind: 'quantity', key: 'population_previous', unit: 'inhabitants', year: 2015, sourceId: 'population-2021', estimated: false },
    { kind: 'age_bands', key: 'population_by_age', bands: [{ minAge: 15, maxAge: 64 }], complete: false, year: 2021, sourceId: 'population-2021', estimated: false },
    { kind: 'quantity', key: 'area_official', unit: 'km2', year: 2021, sourceId: 'population-2021', estimated: false },
    { kind: 'quantity', key: 'income_median', unit: 'euros', year: 2016, sourceId: 'filosofi-2016', estimated: false },
    { kind: 'quantity', key: 'poverty_rate', unit: 'percent', year: 2016, sourceId: 'filosofi-2016', estimated: false },
    ...EQUIPMENT_TYPES.map((t): AttributeColumn => ({ kind: 'quantity', key: `equipment.${t}`, unit: 'count', year: 2018, sourceId: 'bpe-2018', estimated: false })),
  ];
  const outlines = new Map<string, ZoneGeometry>();
  for (const f of idf) outlines.set(String(f.properties.code), cleanOutline(f.geometry, `commune ${f.properties.code}`));
  // Communes of 2018 merged into a new commune by 2019 are not in the COG 2019 (their name comes
  // from the outline file, their département from their code) and have no population of their own;
  // one commune (Pierre-Bénite) is missing from the population file.
  const idfNames = new Map(idf.map((f) => [String(f.properties.code), String(f.properties.nom)]));
  const departementOf = (code: string) => cog.communes.get(code)?.departement ?? code.slice(0, 2);
  const withoutPopulation: string[] = [];
  const communeZone = (code: string): FixtureZone => {
    const entry = cog.communes.get(code) ?? { name: req(idfNames.get(code), `name of ${code}`), departement: departementOf(code) };
    const pop = population.get(code);
    if (!pop) withoutPopulation.push(`${code} ${entry.name}`);
    const fil = filosofi.get(code);
    const outline = outlines.get(code);
    return {
      code,
      name: entry.name,
      parent: entry.departement,
      population: pop?.population2021 ?? null,
      outline: outline ? encodeOutline(outline, COORD_DECIMALS) : null,
      values: [
        pop?.population2015 ?? null,
        pop ? [pop.population15to64] : null,
        pop?.areaKm2 ?? null,
        fil?.median ?? null,
        fil?.poverty ?? null,
        ...EQUIPMENT_TYPES.map((t) => equipment.get(code)?.get(t) ?? 0),
      ],
    };
  };
  const communes = [...idfCodes, ...lyonCommunes].map(communeZone).sort(byCode);

  // Départements: Île-de-France's dissolved from their communes; the Rhône as a parent only.
  const departementAreas: number[] = [];
  const departements: FixtureZone[] = [
    ...Object.entries(IDF_DEPARTEMENTS).map(([code, name]): FixtureZone => {
      const members = idfCodes.filter((c) => departementOf(c) === code);
      if (!members.length) throw new Error(`no commune in département ${code}`);
      const union = req(dissolve(members.map((c) => outlines.get(c)!)), `outline of département ${code}`);
      const outline = cleanOutline(union, `département ${code}`);
      departementAreas.push(areaM2(outline));
      const sum = members.reduce((s, c) => s + areaM2(outlines.get(c)!), 0);
      if (Math.abs(areaM2(outline) - sum) / sum > 1e-6) throw new Error(`département ${code}: dissolved area ${areaM2(outline)} ≠ ${sum}`);
      return {
        code,
        name,
        parent: null,
        // A commune merged since 2018 has no population of its own: its inhabitants are counted in
        // the new commune, which is in the same département.
        population: members.reduce((s, c) => s + (population.get(c)?.population2021 ?? 0), 0),
        outline: encodeOutline(outline, COORD_DECIMALS),
        values: [],
      };
    }),
    ...Object.entries(OTHER_DEPARTEMENTS).map(([code, name]): FixtureZone => ({ code, name, parent: null, population: null, outline: null, values: [] })),
  ].sort(byCode);
  const communesArea = idfCodes.reduce((s, c) => s + areaM2(outlines.get(c)!), 0);
  const idfDepartementsArea = departementAreas.reduce((s, a) => s + a, 0);
  if (Math.abs(idfDepartementsArea - communesArea) / communesArea > 1e-6) throw new Error(`départements cover ${idfDepartementsArea} m², communes ${communesArea} m²`);

  // IRIS
  const iris = irisFeatures
    .map((f): FixtureZone => {
      const code = String(f.properties.id);
      const pop = f.properties.p12_pop;
      return {
        code,
        name: String(f.properties.libiris),
        parent: communeOfIris(f),
        population: typeof pop === 'number' ? pop : null,
        outline: encodeOutline(cleanOutline(f.geometry, `IRIS ${code}`, IRIS_DECIMALS), IRIS_DECIMALS),
        values: [],
      };
    })
    .sort(byCode);
  if (new Set(iris.map((z) => z.code)).size !== iris.length) throw new Error('duplicate IRIS codes');

  // Demonstration sectors of the demo commune.
  const demoPopulation = population.get(demoCode)!;
  const sectors = demoSectors(outlines.get(demoCode)!, `commune ${demoCode}`);
  const sectorPopulation = apportion(demoPopulation.population2021, sectors.map((s) => s.share));
  const sector15to64 = apportion(demoPopulation.population15to64, sectors.map((s) => s.share));
  const demoName = cog.communes.get(demoCode)!.name;

  const zonings: FixtureZoning[] = [
    {
      code: 'departements',
      labelFr: 'Départements',
      labelEn: 'Départements',
      descriptionFr: 'Les 8 départements d’Île-de-France, contours réunis à partir de leurs communes ; le Rhône sans contour, parent des communes lyonnaises.',
      descriptionEn: 'The 8 départements of Île-de-France, outlines merged from their communes; the Rhône without outline, parent of the Lyon communes.',
      kind: 'administrative',
      parentCode: null,
      sourceIds: ['admin-express-2018', 'cog-2019'],
      decimals: COORD_DECIMALS,
      population: { year: 2021, sourceId: 'population-2021', estimated: false },
      attributeColumns: [],
      zones: departements,
    },
    {
      code: 'communes',
      labelFr: 'Communes',
      labelEn: 'Municipalities (communes)',
      descriptionFr: 'Les 1 276 communes d’Île-de-France avec leur contour ; les communes des IRIS lyonnais, sans contour.',
      descriptionEn: 'The 1,276 communes of Île-de-France with their outline; the communes of the Lyon IRIS, without outline.',
      kind: 'administrative',
      parentCode: 'departements',
      sourceIds: ['admin-express-2018', 'cog-2019'],
      decimals: COORD_DECIMALS,
      population: { year: 2021, sourceId: 'population-2021', estimated: false },
      attributeColumns: communeColumns,
      zones: communes,
    },
    {
      code: 'iris',
      labelFr: 'IRIS (Lyon et communes voisines)',
      labelEn: 'IRIS (Lyon and neighbouring communes)',
      descriptionFr: 'Îlots regroupés pour l’information statistique de l’INSEE, avec leur population 2012.',
      descriptionEn: 'INSEE’s statistical blocks (IRIS), with their 2012 population.',
      kind: 'statistical',
      parentCode: 'communes',
      sourceIds: ['lyon-iris-2012'],
      decimals: IRIS_DECIMALS,
      population: { year: 2012, sourceId: 'lyon-iris-2012', estimated: false },
      attributeColumns: [],
      zones: iris,
    },
    {
      code: 'secteurs-demo',
      labelFr: SECTOR_LABEL_FR,
      labelEn: SECTOR_LABEL_EN,
      descriptionFr:
        `${demoName} découpée en 6 par deux méridiens (trois bandes de même surface) puis, dans chaque bande, un parallèle (deux moitiés de même surface). ` +
        'Ce ne sont pas des quartiers officiels. Populations estimées au prorata de la surface.',
      descriptionEn:
        `${demoName} cut in 6 by two meridians (three strips of equal area), then in each strip by a parallel (two halves of equal area). ` +
        'These are not official neighbourhoods. Populations estimated in proportion to area.',
      kind: 'custom',
      parentCode: 'communes',
      sourceIds: ['admin-express-2018'],
      decimals: COORD_DECIMALS,
      population: { year: 2021, sourceId: 'population-2021', estimated: true },
      attributeColumns: [
        { kind: 'age_bands', key: 'population_by_age', bands: [{ minAge: 15, maxAge: 64 }], complete: false, year: 2021, sourceId: 'population-2021', estimated: true },
      ],
      zones: sectors.map((s, i) => ({
        code: s.code,
        name: s.name,
        parent: demoCode,
        population: sectorPopulation[i]!,
        outline: encodeOutline(s.outline, COORD_DECIMALS),
        values: [[sector15to64[i]!]],
      })),
    },
  ];

  const fixture: DemoFixture = {
    schemaVersion: 2,
    generatedBy: 'scripts/build-demo-territory.ts',
    notes: [
      'Real open data; see sources. Outlines are simplified for display, not for measurement (the Île-de-France file as its publisher simplified it), rounded to 5 decimals (about 1 m), 6 for the Lyon IRIS.',
      'Population rows of communes_population_2021.csv split by postcode repeat the commune figures: counted once.',
      'Outlines are quantised to 10^-decimals degree and delta-encoded (src/modules/territory/demo/fixture.ts).',
      `The demonstration sectors of ${demoName} are a geometric split, not official neighbourhoods; their populations are estimates in proportion to area.`,
      'The population by age band of the communes holds the one band published in the source (15–64).',
      `Communes without a population in communes_population_2021.csv (merged into a new commune since 2018, or missing from the file): ${withoutPopulation.sort().join(', ')}.`,
      'income_median: Filosofi MED16, euros per consumption unit; poverty_rate: TP6016, percent; missing = not published.',
    ],
    served: { zoning: 'communes', code: demoCode, districtZoning: 'secteurs-demo' },
    sources: SOURCES.map((s) => ({ ...s })),
    zonings,
  };
  demoFixtureSchema.parse(fixture);

  const json = JSON.stringify(fixture);
  const gz = zlib.gzipSync(Buffer.from(json, 'utf8'), { level: 9 });
  if (gz.length > MAX_OUTPUT_BYTES) throw new Error(`fixture too large: ${gz.length} bytes (max ${MAX_OUTPUT_BYTES})`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, gz);

  const positions = zonings.reduce((s, z) => s + z.zones.reduce((t, zone) => t + (zone.outline ?? []).flat().reduce((u, r) => u + r.length / 2, 0), 0), 0);
  for (const z of zonings) console.log(`${z.code}: ${z.zones.length} zones (${z.zones.filter((x) => x.outline).length} with an outline)`);
  console.log(`demo commune: ${demoCode} ${demoName} (${demoPopulation.population2021} inhabitants in 2021), sectors ${sectorPopulation.join(', ')}`);
  console.log(`${positions} positions; wrote ${path.relative(repoRoot, out)} (${json.length} bytes of JSON, ${gz.length} gzipped)`);
  // Spot check: the demo commune's centroid area is inside its outline.
  const demoOutline = outlines.get(demoCode)!;
  const [bx0, by0, bx1, by1] = bboxOf(demoOutline);
  if (!pointInGeometry((bx0 + bx1) / 2, (by0 + by1) / 2, demoOutline)) console.warn('note: the demo commune is not convex around its bbox centre');
}

main();
