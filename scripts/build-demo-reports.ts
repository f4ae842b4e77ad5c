/**
 * Builds the public space module's demo fixture `src/modules/public-space/demo/dansmarue-demo.json`
 * from Paris's DansMaRue open data in `../shared/data/reports/` (relative to the repo root). The
 * product reads only the fixture: it starts without that folder.
 *
 *   npx tsx scripts/build-demo-reports.ts [--data DIR] [--reports 240] [--out FILE]
 *
 * - Categories: DansMaRue's 10 types (parents) and, under each, its subtypes seen at least 10
 *   times that residents can choose (not the agents' own `[réservé agents …]` / `[] …` ones), plus an
 *   "other" subcategory per type; each keeps its share of the 10,000 reports, its most frequent
 *   contractor (routing) and a few typed questions written for the demo.
 * - Demo reports: positions INSIDE the demo commune (Vincennes, from the territory's committed
 *   fixture): DansMaRue points are mapped from Paris's bounding box onto the commune's and kept
 *   when they fall inside its outline (so the clustering of streets is kept, squeezed); category
 *   mix and declaration dates resampled from the data (dates as days before the seeding, so that a
 *   first start shows the last twelve months). Statuses and resolution delays are drawn for the
 *   demo (no status is in the open data) and every report is labelled demo.
 *
 * Deterministic: a seeded generator, sorted lists; same input → same output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { DANSMARUE_TYPE_CODES, isInternalSubtype, otherCode, readGeoPoint, subtypeCode } from '../src/modules/public-space/dansmarue';
import { decodeOutline, loadDemoFixture } from '../src/modules/territory/demo/fixture';
import { pointInGeometry } from '../src/modules/territory/geometry/point-in-polygon';
import { bboxOf } from '../src/modules/territory/geometry/measure';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve(REPO_ROOT, '../shared/data') },
    reports: { type: 'string', default: '240' },
    out: { type: 'string', default: path.join(REPO_ROOT, 'src/modules/public-space/demo/dansmarue-demo.json') },
  },
});

const MIN_SUBTYPE_COUNT = 10;
const DEMO_COMMUNE = '94080';
/** Paris's bounding box (the DansMaRue points' frame), from the territory fixture at build time. */

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTRACTOR_NAMES: Record<string, { name: string; kind: 'service' | 'team' | 'contractor' }> = {
  graffitis: { name: 'Prestataire d’effacement des graffitis', kind: 'contractor' },
  'DPE-STPP-DT': { name: 'Propreté — équipes de secteur', kind: 'team' },
  Ramen: { name: 'Ramassage des encombrants (prestataire)', kind: 'contractor' },
  'DPE-STPP-Fonctionnelle': { name: 'Propreté — brigade d’intervention', kind: 'team' },
  'DPMP-Divisions': { name: 'Police municipale', kind: 'service' },
  DVD: { name: 'Voirie et déplacements', kind: 'service' },
  SMEP: { name: 'Éclairage public', kind: 'service' },
  DEVE: { name: 'Espaces verts et environnement', kind: 'service' },
  CIELIS: { name: 'Mobilier urbain (prestataire)', kind: 'contractor' },
  'DPE-STEA': { name: 'Eau et assainissement', kind: 'service' },
};

const TEAM_CODE = (intervenant: string) =>
  intervenant
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Typed questions written for the demo (Open311 attributes), by category code. */
function demoAttributes(code: string): unknown[] {
  if (code === 'objets-abandonnes-autres-objets-encombrants-abandonnes') {
    return [
      { code: 'nombre', datatype: 'number', required: false, description: 'Combien d’objets environ ?', datatypeDescription: 'Un nombre entier', order: 1, values: [] },
      {
        code: 'nature',
        datatype: 'multivaluelist',
        required: true,
        description: 'De quoi s’agit-il ?',
        datatypeDescription: null,
        order: 2,
        values: [
          { key: 'meuble', name: 'Meuble' },
          { key: 'electromenager', name: 'Électroménager' },
          { key: 'matelas', name: 'Matelas' },
          { key: 'gravats', name: 'Gravats' },
          { key: 'autre', name: 'Autre' },
        ],
      },
      { code: 'constate_le', datatype: 'datetime', required: false, description: 'Depuis quand est-ce là ?', datatypeDescription: 'Date et heure ISO 8601', order: 3, values: [] },
    ];
  }
  if (code.startsWith('graffitis-') && code !== otherCode('graffitis')) {
    return [
      {
        code: 'support',
        datatype: 'singlevaluelist',
        required: false,
        description: 'Sur quoi ?',
        datatypeDescription: null,
        order: 1,
        values: [
          { key: 'mur', name: 'Mur ou façade' },
          { key: 'rideau', name: 'Rideau métallique' },
          { key: 'mobilier', name: 'Mobilier urbain' },
          { key: 'sol', name: 'Sol' },
        ],
      },
      { code: 'surface', datatype: 'string', required: false, description: 'Surface approximative', datatypeDescription: 'Par exemple « 2 m² »', order: 2, values: [] },
    ];
  }
  if (code.startsWith('eclairage-')) {
    return [{ code: 'numero_candelabre', datatype: 'string', required: false, description: 'Numéro inscrit sur le candélabre', datatypeDescription: 'Plaque métallique, à hauteur d’homme', order: 1, values: [] }];
  }
  if (code.startsWith('voirie-')) {
    return [
      {
        code: 'taille',
        datatype: 'singlevaluelist',
        required: false,
        description: 'Taille du problème',
        datatypeDescription: null,
        order: 1,
        values: [
          { key: 'petit', name: 'Moins de 20 cm' },
          { key: 'moyen', name: '20 à 50 cm' },
          { key: 'grand', name: 'Plus de 50 cm' },
        ],
      },
      { code: 'precisions', datatype: 'text', required: false, description: 'Précisions utiles aux équipes', datatypeDescription: null, order: 2, values: [] },
    ];
  }
  return [];
}

const PRIORITY: Record<string, 'urgent' | 'high' | 'normal' | 'low'> = { eau: 'high', voirie: 'normal', eclairage: 'normal', vegetaux: 'normal', 'activites-commerciales': 'low' };

const TEMPLATES = [
  { id: 'programme', title: 'Intervention programmée', text: 'Une intervention est programmée. Merci pour votre signalement.', status: 'scheduled' },
  { id: 'traite', title: 'Traité', text: 'Le problème a été traité. Merci pour votre signalement.', status: 'done' },
  { id: 'hors-competence', title: 'Hors compétence', text: 'Ce problème ne relève pas de la commune ; nous l’avons transmis au service compétent.', status: 'rejected' },
  { id: 'prestataire', title: 'Transmis au prestataire', text: 'Votre signalement a été transmis au prestataire chargé de ce type d’intervention.', status: 'transferred' },
];

/** Median resolution delays drawn for the demo, in days, by type. */
const DELAY_DAYS: Record<string, number> = { 'objets-abandonnes': 1.5, proprete: 1, graffitis: 6, vehicules: 3, voirie: 12, 'mobilier-urbain': 10, vegetaux: 7, 'activites-commerciales': 8, eclairage: 5, eau: 2 };

function main() {
  const file = path.join(String(args.data).replace(/\/reports\/?$/, ''), 'reports', 'dansmarue-paris-2023-2024.csv');
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const random = mulberry32(20240914);

  // Categories.
  const typeCounts = new Map<string, number>();
  const subtypeCounts = new Map<string, number>();
  const contractors = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const typeCode = DANSMARUE_TYPE_CODES[r.type!];
    if (!typeCode) continue;
    typeCounts.set(typeCode, (typeCounts.get(typeCode) ?? 0) + 1);
    const key = `${typeCode}|${r.soustype}`;
    subtypeCounts.set(key, (subtypeCounts.get(key) ?? 0) + 1);
    const c = contractors.get(typeCode) ?? new Map<string, number>();
    if (r.intervenant) c.set(r.intervenant, (c.get(r.intervenant) ?? 0) + 1);
    contractors.set(typeCode, c);
  }
  const teams = new Map<string, { code: string; name: string; kind: string }>();
  const routing = new Map<string, string>();
  for (const [typeCode, c] of contractors) {
    const top = [...c.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (!top) continue;
    const known = CONTRACTOR_NAMES[top] ?? { name: `Intervenant ${top}`, kind: 'contractor' as const };
    const code = TEAM_CODE(top);
    teams.set(code, { code, name: known.name, kind: known.kind });
    routing.set(typeCode, code);
  }
  const categories: Record<string, unknown>[] = [];
  const leafOf = new Map<string, string>();
  let order = 0;
  for (const [typeName, typeCode] of Object.entries(DANSMARUE_TYPE_CODES)) {
    categories.push({
      code: typeCode,
      parentCode: null,
      nameFr: typeName,
      share: (typeCounts.get(typeCode) ?? 0) / rows.length,
      sortOrder: order++,
      routingTeam: null,
      defaultPriority: PRIORITY[typeCode] ?? 'normal',
      attributes: [],
      photoRequired: false,
      anonymousAllowed: true,
    });
    const subs = [...subtypeCounts.entries()]
      .filter(([k]) => k.startsWith(`${typeCode}|`))
      .map(([k, n]) => [k.slice(typeCode.length + 1), n] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    let otherShare = 0;
    for (const [sub, n] of subs) {
      const selectable = n >= MIN_SUBTYPE_COUNT && !isInternalSubtype(sub) && sub.trim() !== '';
      if (!selectable) {
        otherShare += n;
        leafOf.set(`${typeCode}|${sub}`, otherCode(typeCode));
        continue;
      }
      const code = subtypeCode(typeCode, sub);
      leafOf.set(`${typeCode}|${sub}`, code);
      categories.push({
        code,
        parentCode: typeCode,
        nameFr: sub,
        share: n / rows.length,
        sortOrder: order++,
        routingTeam: routing.get(typeCode) ?? null,
        defaultPriority: /haineuses|danger/i.test(sub) ? 'high' : (PRIORITY[typeCode] ?? 'normal'),
        attributes: demoAttributes(code),
        photoRequired: /haineuses/i.test(sub),
        anonymousAllowed: typeCode !== 'activites-commerciales',
      });
    }
    categories.push({
      code: otherCode(typeCode),
      parentCode: typeCode,
      nameFr: 'Autre',
      share: otherShare / rows.length,
      sortOrder: order++,
      routingTeam: routing.get(typeCode) ?? null,
      defaultPriority: PRIORITY[typeCode] ?? 'normal',
      attributes: [],
      photoRequired: false,
      anonymousAllowed: typeCode !== 'activites-commerciales',
    });
  }

  // Demo reports inside the demo commune.
  const territory = loadDemoFixture();
  const communes = territory.zonings.find((z) => z.code === 'communes')!;
  const zone = communes.zones.find((z) => z.code === DEMO_COMMUNE)!;
  const outline = decodeOutline(zone.outline!, communes.decimals);
  const paris = communes.zones.find((z) => z.code === '75056')!;
  const [pMinLng, pMinLat, pMaxLng, pMaxLat] = bboxOf(decodeOutline(paris.outline!, communes.decimals));
  const [vMinLng, vMinLat, vMaxLng, vMaxLat] = bboxOf(outline);
  const dates = rows.map((r) => r.datedecl!).sort();
  const lastDate = new Date(`${dates.at(-1)}T00:00:00Z`).getTime();
  const target = Number(args.reports);
  const reports: Record<string, unknown>[] = [];
  for (let attempts = 0; reports.length < target && attempts < 200_000; attempts++) {
    const r = rows[Math.floor(random() * rows.length)]!;
    const p = readGeoPoint(r.geo_point_2d!);
    const typeCode = DANSMARUE_TYPE_CODES[r.type!];
    if (!p || !typeCode) continue;
    const lng = vMinLng + ((p.lng - pMinLng) / (pMaxLng - pMinLng)) * (vMaxLng - vMinLng);
    const lat = vMinLat + ((p.lat - pMinLat) / (pMaxLat - pMinLat)) * (vMaxLat - vMinLat);
    if (!pointInGeometry(lng, lat, outline)) continue;
    const category = leafOf.get(`${typeCode}|${r.soustype}`) ?? otherCode(typeCode);
    const spread = Math.round((lastDate - new Date(`${r.datedecl}T00:00:00Z`).getTime()) / 86_400_000);
    // Half the reports keep their place in the year, half are folded into the last six weeks: the map lives.
    const daysAgo = random() < 0.5 ? spread : spread % 42;
    // Statuses drawn for the demo: older reports are mostly resolved; delays log-normal around the type's median.
    const delay = Math.round(DELAY_DAYS[typeCode]! * Math.exp((random() - 0.5) * 1.6) * 10) / 10;
    const u = random();
    let status: string;
    const backlog = random() < 0.06;
    if (delay < daysAgo && !backlog) status = u < 0.86 ? 'done' : u < 0.93 ? 'rejected' : u < 0.97 ? 'archived' : 'under_watch';
    else status = u < 0.35 ? 'new' : u < 0.6 ? 'to_process' : u < 0.8 ? 'scheduled' : u < 0.92 ? 'transferred' : 'to_requalify';
    reports.push({
      category,
      lng: Math.round(lng * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      daysAgo,
      hour: 7 + Math.floor(random() * 13),
      status,
      delayDays: status === 'done' || status === 'rejected' || status === 'archived' ? delay : null,
      reopened: status === 'done' && random() < 0.05,
      followers: 1 + (random() < 0.15 ? 1 + Math.floor(random() * 3) : 0),
    });
  }
  reports.sort((a, b) => (b.daysAgo as number) - (a.daysAgo as number));
  const out = {
    generatedBy: 'scripts/build-demo-reports.ts',
    source: 'DansMaRue, Ville de Paris (ODbL): types, subtypes, shares, contractors, dates and spatial pattern; positions mapped into the demo commune; statuses drawn for the demonstration',
    attribution: 'Données DansMaRue, Ville de Paris, sous licence ODbL',
    commune: DEMO_COMMUNE,
    teams: [...teams.values()].sort((a, b) => a.code.localeCompare(b.code)),
    categories: categories.map((c) => ({ ...c, share: Math.round((c.share as number) * 10000) / 10000 })),
    templates: TEMPLATES,
    reports,
  };
  fs.mkdirSync(path.dirname(String(args.out)), { recursive: true });
  fs.writeFileSync(String(args.out), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${categories.length} categories, ${teams.size} teams, ${reports.length} demo reports → ${path.relative(REPO_ROOT, String(args.out))}`);
}

main();
