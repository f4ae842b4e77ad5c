/**
 * Builds the demo territory fixture `src/modules/territory/demo/territory.json`
 * from the real open data in `../shared/data/observatory/` (relative to the repo root).
 *
 *   npx tsx scripts/build-demo-territory.ts [--data DIR] [--commune 94080] [--out FILE]
 *
 * `--data` points at the shared data root (the folder that contains `observatory/`);
 * a path that already ends in `observatory` is accepted too.
 *
 * What it does, for the demo commune and the communes whose polygons touch it
 * (neighbours are computed from the geometry, never hard-coded):
 *  - name, département: INSEE COG 2019 (`cog_com_2019.csv`);
 *  - population 2021 and 2015, area: `communes_population_2021.csv`. That file has one row
 *    per commune AND postcode; the rows of a commune with several postcodes repeat the same
 *    commune-level figures (checked), so they are deduplicated, and summed only if they
 *    differ. `COMD` rows (communes déléguées) repeat their parent's figures and are ignored.
 *    Paris, Lyon and Marseille have no `COM` row: their `ARM` rows (arrondissements) are summed;
 *  - boundary, centroid, bounding box: `communes-idf-2018.geojson`; the boundary is
 *    simplified with Douglas–Peucker (implemented below) and rounded to 5 decimals;
 *  - median disposable income per consumption unit and poverty rate (60 %):
 *    Filosofi 2016 (`MED16`, `TP6016`; `NA` → null);
 *  - counts of a few equipment types: BPE 2018 (arrondissements summed into their commune);
 *  - the IRIS codes of the demo commune that appear in BPE 2018, and per-IRIS counts.
 *
 * The output is deterministic: same input → byte-identical output (no dates, sorted keys
 * and lists, fixed rounding).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------
// Settings

const DEFAULT_DEMO_COMMUNE = '94080'; // Vincennes (Val-de-Marne)
/** Douglas–Peucker tolerance, in metres (local equirectangular projection). */
const SIMPLIFY_TOLERANCE_M = 5;
const COORD_DECIMALS = 5;
/** Two boundaries "touch" where their vertices lie within this distance of each other's edges. */
const TOUCH_TOLERANCE_M = 15;
/** Minimum shared border length for two communes to count as neighbours (drops corner contacts). */
const MIN_SHARED_BORDER_M = 50;
const MAX_OUTPUT_BYTES = 300 * 1024;

/**
 * BPE 2018 equipment types kept in the fixture (all checked to be present in
 * `bpe_ens_2018.csv.gz`). Not present in BPE 2018, hence not used: D307 and F307 (the
 * "bibliothèque" type only appears in later BPE vintages) — libraries cannot be counted
 * from this file.
 */
const EQUIPMENT_TYPES: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'A206', label: 'Bureau de poste' },
  { code: 'C101', label: 'École maternelle' },
  { code: 'C104', label: 'École élémentaire' },
  { code: 'D201', label: 'Médecin généraliste (omnipraticien)' },
  { code: 'D301', label: 'Pharmacie' },
  { code: 'D502', label: "Établissement d'accueil du jeune enfant (crèche)" },
  { code: 'F101', label: 'Bassin de natation' },
  { code: 'F303', label: 'Cinéma' },
];

const SOURCES = [
  {
    id: 'admin-express-2018',
    name: 'Contours des communes d’Île-de-France (Admin Express / COG 2018)',
    publisher: 'IGN, via github.com/gregoiredavid/france-geojson',
    licence: 'Licence Ouverte / Open Licence',
    file: 'observatory/communes-idf-2018.geojson',
    usedFor: 'boundaries (simplified), centroids, bounding boxes, neighbourhood',
  },
  {
    id: 'cog-2019',
    name: 'Code officiel géographique 2019',
    publisher: 'INSEE',
    licence: 'Licence Ouverte / Open Licence',
    file: 'observatory/cog_com_2019.csv',
    usedFor: 'official names, départements',
  },
  {
    id: 'population-2021',
    name: 'Populations légales 2021 et 2015, superficie',
    publisher: 'INSEE (compiled by github.com/rcarlier/datas.fun)',
    licence: 'Licence Ouverte / Open Licence (INSEE figures)',
    file: 'observatory/communes_population_2021.csv',
    usedFor: 'population 2021 and 2015, area',
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
    usedFor: 'equipment counts per commune and per IRIS',
  },
] as const;

// ---------------------------------------------------------------------------------------
// Arguments and paths

const scriptDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(scriptDir, '..');

function parseArgs(argv: string[]): { dataDir: string; commune: string; out: string } {
  let dataRoot = path.resolve(repoRoot, '..', 'shared', 'data');
  let commune = DEFAULT_DEMO_COMMUNE;
  let out = path.join(repoRoot, 'src', 'modules', 'territory', 'demo', 'territory.json');
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
// Geometry (local equirectangular projection in metres, good enough at commune scale)

type Position = [number, number]; // [lng, lat]
type Ring = Position[];
type PolygonCoords = Ring[];
interface Geometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: PolygonCoords | PolygonCoords[];
}
interface Feature {
  properties: { code: string; nom: string };
  geometry: Geometry;
}

const M_PER_DEG_LAT = 110_574;
const REF_LAT = 48.85; // Île-de-France
const M_PER_DEG_LNG = 111_320 * Math.cos((REF_LAT * Math.PI) / 180);

const toXY = ([lng, lat]: Position): [number, number] => [lng * M_PER_DEG_LNG, lat * M_PER_DEG_LAT];

function polygonsOf(g: Geometry): PolygonCoords[] {
  return g.type === 'Polygon' ? [g.coordinates as PolygonCoords] : (g.coordinates as PolygonCoords[]);
}

function ringsOf(g: Geometry): Ring[] {
  return polygonsOf(g).flat();
}

function bboxOf(g: Geometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of ringsOf(g))
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return [minX, minY, maxX, maxY];
}

/** Distance in metres from point p to segment ab (all in projected metres). */
function pointSegmentDistance(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return Math.hypot(x, y);
}

function segmentsOf(g: Geometry): Array<[[number, number], [number, number]]> {
  const segs: Array<[[number, number], [number, number]]> = [];
  for (const ring of ringsOf(g))
    for (let i = 0; i + 1 < ring.length; i++) segs.push([toXY(ring[i]!), toXY(ring[i + 1]!)]);
  return segs;
}

/**
 * Length (metres) of the part of A's boundary that runs along B's boundary: sum of the
 * edges of A whose two endpoints lie within `TOUCH_TOLERANCE_M` of B's boundary.
 * Symmetrised by taking the max of A→B and B→A, as the two polygons do not always share
 * the same vertices.
 */
function sharedBorderMetres(a: Geometry, b: Geometry): number {
  const oneWay = (from: Geometry, to: Geometry): number => {
    const toSegs = segmentsOf(to);
    const near = (p: [number, number]): boolean =>
      toSegs.some(([s, e]) => pointSegmentDistance(p, s, e) <= TOUCH_TOLERANCE_M);
    let total = 0;
    for (const ring of ringsOf(from)) {
      const flags = ring.map((pos) => near(toXY(pos)));
      for (let i = 0; i + 1 < ring.length; i++)
        if (flags[i] && flags[i + 1]) {
          const p = toXY(ring[i]!);
          const q = toXY(ring[i + 1]!);
          total += Math.hypot(q[0] - p[0], q[1] - p[1]);
        }
    }
    return total;
  };
  return Math.max(oneWay(a, b), oneWay(b, a));
}

/** Area-weighted centroid of the (multi)polygon, holes subtracted. Returns [lng, lat] and area (m²). */
function centroidOf(g: Geometry): { centroid: Position; areaM2: number } {
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of polygonsOf(g))
    poly.forEach((ring, ringIndex) => {
      // Normalise orientation: outer ring positive, holes negative.
      let ringA2 = 0;
      let rx = 0;
      let ry = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = toXY(ring[i]!);
        const [x1, y1] = toXY(ring[i + 1]!);
        const cross = x0 * y1 - x1 * y0;
        ringA2 += cross;
        rx += (x0 + x1) * cross;
        ry += (y0 + y1) * cross;
      }
      const sign = (ringIndex === 0 ? 1 : -1) * Math.sign(ringA2 || 1);
      a2 += sign * ringA2;
      cx += sign * rx;
      cy += sign * ry;
    });
  const x = cx / (3 * a2);
  const y = cy / (3 * a2);
  return { centroid: [x / M_PER_DEG_LNG, y / M_PER_DEG_LAT], areaM2: Math.abs(a2 / 2) };
}

/** Douglas–Peucker on an open polyline (projected distances), keeps both endpoints. */
function douglasPeucker(points: Position[], toleranceM: number): Position[] {
  if (points.length <= 2) return points.slice();
  const xy = points.map(toXY);
  const keep = new Array<boolean>(points.length).fill(false);
  keep[0] = true;
  keep[points.length - 1] = true;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let maxD = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = pointSegmentDistance(xy[i]!, xy[first]!, xy[last]!);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index !== -1 && maxD > toleranceM) {
      keep[index] = true;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/**
 * Simplifies a closed ring: splits it at the vertex farthest from the first vertex, runs
 * Douglas–Peucker on both halves, and rejoins them. Never returns fewer than 4 positions
 * (a closed triangle).
 */
function simplifyRing(ring: Ring, toleranceM: number): Ring {
  const open = ring.slice(0, -1);
  if (open.length <= 3) return ring.slice();
  const origin = toXY(open[0]!);
  let far = 1;
  let farD = -1;
  open.forEach((p, i) => {
    const [x, y] = toXY(p);
    const d = Math.hypot(x - origin[0], y - origin[1]);
    if (d > farD) {
      farD = d;
      far = i;
    }
  });
  const a = douglasPeucker(open.slice(0, far + 1), toleranceM);
  const b = douglasPeucker([...open.slice(far), open[0]!], toleranceM);
  const out = [...a, ...b.slice(1)];
  if (out.length < 4) return ring.slice(); // degenerate: keep the original
  return out;
}

const round = (v: number, decimals = COORD_DECIMALS): number => {
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

function simplifyGeometry(g: Geometry): Geometry {
  const simplifyPoly = (poly: PolygonCoords): PolygonCoords =>
    poly.map((ring) => {
      const s = simplifyRing(ring, SIMPLIFY_TOLERANCE_M).map(([x, y]): Position => [round(x), round(y)]);
      // drop consecutive duplicates created by rounding, keep the ring closed
      const dedup = s.filter((p, i) => i === 0 || p[0] !== s[i - 1]![0] || p[1] !== s[i - 1]![1]);
      return dedup;
    });
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: simplifyPoly(g.coordinates as PolygonCoords) }
    : { type: 'MultiPolygon', coordinates: (g.coordinates as PolygonCoords[]).map(simplifyPoly) };
}

// ---------------------------------------------------------------------------------------
// Data loading

interface PopulationFigures {
  population2021: number;
  population2015: number;
  areaKm2: number;
  rowsUsed: number;
  note: string | null;
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
  const figureKeys = ['population_2021', 'population_2015', 'superficie_km2'] as const;
  /** Collapses the rows of one code: identical figures (postcode duplicates) → one; else sum. */
  const collapse = (rs: Array<Record<string, string>>): { p21: number; p15: number; area: number; summed: boolean } => {
    const distinct = new Map<string, Record<string, string>>();
    for (const r of rs) distinct.set(figureKeys.map((k) => r[k]).join('|'), r);
    let p21 = 0;
    let p15 = 0;
    let area = 0;
    for (const r of distinct.values()) {
      p21 += req(numOrNull(r['population_2021']), `population_2021 of ${r['insee_com']}`);
      p15 += req(numOrNull(r['population_2015']), `population_2015 of ${r['insee_com']}`);
      area += req(numOrNull(r['superficie_km2']), `superficie_km2 of ${r['insee_com']}`);
    }
    return { p21, p15, area, summed: distinct.size > 1 };
  };
  const out = new Map<string, PopulationFigures>();
  for (const code of [...wanted].sort()) {
    const com = byCode.get(code);
    if (com && com.length > 0) {
      const c = collapse(com);
      out.set(code, {
        population2021: c.p21,
        population2015: c.p15,
        areaKm2: round(c.area, 2),
        rowsUsed: com.length,
        note: c.summed
          ? `${com.length} postcode rows with different figures, summed`
          : com.length > 1
            ? `${com.length} postcode rows repeating the same commune figures, counted once`
            : null,
      });
      continue;
    }
    const arms = armByParent.get(code);
    if (arms && arms.length > 0) {
      const byArm = new Map<string, Array<Record<string, string>>>();
      for (const r of arms) byArm.set(r['insee_com']!, [...(byArm.get(r['insee_com']!) ?? []), r]);
      let p21 = 0;
      let p15 = 0;
      let area = 0;
      for (const armCode of [...byArm.keys()].sort()) {
        const c = collapse(byArm.get(armCode)!);
        p21 += c.p21;
        p15 += c.p15;
        area += c.area;
      }
      out.set(code, {
        population2021: p21,
        population2015: p15,
        areaKm2: round(area, 2),
        rowsUsed: arms.length,
        note: `sum of ${byArm.size} municipal arrondissements (ARM rows)`,
      });
    }
  }
  return out;
}

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

interface BpeRow {
  commune: string;
  iris: string;
  type: string;
  count: number;
}

function loadBpe(dataDir: string, armParent: Map<string, string>, wanted: Set<string>): BpeRow[] {
  const rows = readCsv(path.join(dataDir, 'bpe_ens_2018.csv.gz'));
  const out: BpeRow[] = [];
  for (const r of rows) {
    const depcom = r['DEPCOM']!;
    const commune = armParent.get(depcom) ?? depcom;
    if (!wanted.has(commune)) continue;
    out.push({
      commune,
      iris: r['DCIRIS']!.replace('_', ''),
      type: r['TYPEQU']!,
      count: req(numOrNull(r['NB_EQUIP']), `NB_EQUIP for ${depcom}`),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// JSON output: 2-space indentation, but coordinate pairs and bbox arrays kept on one line.

function stringify(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  // Collapse arrays of plain numbers onto one line (coordinates, bboxes), then arrays of those.
  const flatNumbers = json.replace(/\[\s*(-?\d[\d.e+-]*(?:,\s*-?\d[\d.e+-]*)*)\s*\]/g, (_, inner: string) =>
    `[${inner.split(/,\s*/).join(',')}]`,
  );
  return flatNumbers.replace(/\[\s*(\[[-\d.,e+]+\](?:,\s*\[[-\d.,e+]+\])*)\s*\]/g, (_, inner: string) =>
    `[${inner.replace(/,\s+/g, ',')}]`,
  ) + '\n';
}

// ---------------------------------------------------------------------------------------

function main(): void {
  const { dataDir, commune: demoCode, out } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(dataDir)) throw new Error(`data directory not found: ${dataDir} (use --data DIR)`);

  const geo = JSON.parse(fs.readFileSync(path.join(dataDir, 'communes-idf-2018.geojson'), 'utf8')) as {
    features: Feature[];
  };
  const features = new Map(geo.features.map((f) => [f.properties.code, f]));
  const demoFeature = features.get(demoCode);
  if (!demoFeature) throw new Error(`commune ${demoCode} not found in communes-idf-2018.geojson`);

  // Neighbours: bounding boxes (inflated by the tolerance) intersect, and a real shared border.
  const inflate = (b: [number, number, number, number]): [number, number, number, number] => {
    const dLng = TOUCH_TOLERANCE_M / M_PER_DEG_LNG;
    const dLat = TOUCH_TOLERANCE_M / M_PER_DEG_LAT;
    return [b[0] - dLng, b[1] - dLat, b[2] + dLng, b[3] + dLat];
  };
  const demoBox = inflate(bboxOf(demoFeature.geometry));
  const shared = new Map<string, number>();
  for (const f of geo.features) {
    if (f.properties.code === demoCode) continue;
    const b = bboxOf(f.geometry);
    if (b[0] > demoBox[2] || b[2] < demoBox[0] || b[1] > demoBox[3] || b[3] < demoBox[1]) continue;
    const metres = sharedBorderMetres(demoFeature.geometry, f.geometry);
    if (metres >= MIN_SHARED_BORDER_M) shared.set(f.properties.code, metres);
  }
  const neighbourCodes = [...shared.keys()].sort();
  if (neighbourCodes.length === 0) throw new Error(`no neighbour found for ${demoCode}`);
  const codes = [demoCode, ...neighbourCodes];
  const wanted = new Set(codes);

  const cog = loadCog(dataDir);
  const population = loadPopulation(dataDir, wanted);
  const filosofi = loadFilosofi(dataDir);
  const bpe = loadBpe(dataDir, cog.armParent, wanted);

  const keptTypes = new Set(EQUIPMENT_TYPES.map((t) => t.code));
  const presentTypes = new Set(bpe.map((r) => r.type));
  const allTypesInFile = presentTypes; // restricted to the wanted communes; checked below on the demo commune
  for (const t of EQUIPMENT_TYPES)
    if (!allTypesInFile.has(t.code)) console.warn(`warning: equipment type ${t.code} absent around ${demoCode}`);

  const equipmentCounts = (commune: string, iris?: string): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const t of EQUIPMENT_TYPES) counts[t.code] = 0;
    for (const r of bpe)
      if (r.commune === commune && keptTypes.has(r.type) && (iris === undefined || r.iris === iris))
        counts[r.type] = (counts[r.type] ?? 0) + r.count;
    return counts;
  };

  const communes = codes.map((code) => {
    const feature = req(features.get(code), `geometry of ${code}`);
    const cogEntry = cog.communes.get(code);
    const pop = req(population.get(code), `population of ${code}`);
    const fil = filosofi.get(code);
    const { centroid } = centroidOf(feature.geometry);
    const bbox = bboxOf(feature.geometry).map((v) => round(v)) as [number, number, number, number];
    const sharedM = shared.get(code);
    return {
      code,
      name: cogEntry?.name ?? feature.properties.nom,
      departement: cogEntry?.departement ?? code.slice(0, 2),
      role: code === demoCode ? ('demo' as const) : ('neighbour' as const),
      sharedBorderKm: sharedM === undefined ? null : round(sharedM / 1000, 2),
      population2021: pop.population2021,
      population2015: pop.population2015,
      populationNote: pop.note,
      areaKm2: pop.areaKm2,
      centroid: { lat: round(centroid[1]), lng: round(centroid[0]) },
      bbox,
      medianIncome2016: fil?.median ?? null,
      povertyRate2016: fil?.poverty ?? null,
      equipment: equipmentCounts(code),
      boundary: simplifyGeometry(feature.geometry),
    };
  });

  const irisCodes = [...new Set(bpe.filter((r) => r.commune === demoCode).map((r) => r.iris))].sort();
  const equipmentByIris = irisCodes.map((iris) => ({ iris, equipment: equipmentCounts(demoCode, iris) }));

  const fixture = {
    schemaVersion: 1,
    generatedBy: 'scripts/build-demo-territory.ts',
    demoCommuneCode: demoCode,
    notes: [
      'Real open data; see sources. Boundaries are simplified for display, not for measurement.',
      'Population rows of communes_population_2021.csv split by postcode repeat the commune figures: counted once.',
      'Neighbours: communes whose boundary runs along the demo commune for at least ' +
        `${MIN_SHARED_BORDER_M} m (vertices within ${TOUCH_TOLERANCE_M} m of the other boundary), computed from communes-idf-2018.geojson.`,
      'medianIncome2016: Filosofi MED16, median disposable income per consumption unit, euros; povertyRate2016: TP6016, percent; null = not published.',
      'IRIS codes are the 9-character INSEE codes (DCIRIS of BPE 2018 without the underscore).',
    ],
    simplification: {
      algorithm: 'Douglas-Peucker',
      toleranceMetres: SIMPLIFY_TOLERANCE_M,
      coordinateDecimals: COORD_DECIMALS,
    },
    equipmentTypes: EQUIPMENT_TYPES.map((t) => ({ ...t, source: 'bpe-2018' })),
    sources: SOURCES,
    communes,
    demoIris: { communeCode: demoCode, irisCodes, equipmentByIris },
  };

  const text = stringify(fixture);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_OUTPUT_BYTES) throw new Error(`fixture too large: ${bytes} bytes (max ${MAX_OUTPUT_BYTES})`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);

  const demo = communes[0]!;
  console.log(`demo commune: ${demo.code} ${demo.name} (${demo.population2021} inhabitants in 2021)`);
  console.log(
    `neighbours: ${communes
      .slice(1)
      .map((c) => `${c.code} ${c.name} (${c.sharedBorderKm} km)`)
      .join(', ')}`,
  );
  console.log(`IRIS: ${irisCodes.length}; wrote ${path.relative(repoRoot, out)} (${bytes} bytes)`);
}

main();
