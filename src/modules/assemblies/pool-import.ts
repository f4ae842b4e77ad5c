/**
 * Reading a pool of volunteers from a table (CSV or XLSX rows, as `ctx.files.parse` gives them),
 * pure: which columns are the id, the features (named like the quotas' features), the address and
 * the rest (personal data: name, contact…), and every problem with its line, before anything is
 * stored. Feature values are matched to the quotas' values without regard to case or accents.
 */
import type { TableRow } from '../../platform/files/index';
import { stripControlCharacters } from '../../platform/validation/text';
import type { ImportProblem, QuotaInput } from './api-schemas';

export const ID_COLUMNS = ['id', 'identifiant', 'numero', 'numéro', 'volunteer_id', 'nationbuilder_id'];
export const ADDRESS_COLUMNS = ['adresse', 'address', 'address1', 'address2', 'adresse1', 'adresse2', 'complement', 'complément', 'code_postal', 'code postal', 'postcode', 'ville', 'city', 'commune'];
/** A pool larger than this is not a citizens' assembly's. */
export const MAX_POOL = 100_000;

export interface PoolVolunteer {
  externalId: string;
  line: number;
  features: Record<string, string>;
  address: string | null;
  personal: Record<string, string>;
}

export interface PoolPlan {
  columns: { id: string | null; features: string[]; address: string[]; personal: string[] };
  rows: number;
  volunteers: PoolVolunteer[];
  problems: ImportProblem[];
}

export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');

const clean = (s: string | undefined) => stripControlCharacters(s ?? '').trim();

export function planPoolImport(table: readonly TableRow[], quotas: readonly QuotaInput[]): PoolPlan {
  const nonEmpty = table.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [headerRow, ...body] = nonEmpty;
  const header = (headerRow?.cells ?? []).map(clean);
  const headerLine = headerRow?.line ?? 1;
  const problems: ImportProblem[] = [];
  const problem = (line: number | null, column: string | null, code: string, message: string) => problems.push({ line, column, code, message });

  const features = [...new Set(quotas.map((q) => q.feature))];
  const valuesOf = new Map<string, Map<string, string>>();
  for (const q of quotas) {
    const byFold = valuesOf.get(q.feature) ?? new Map<string, string>();
    byFold.set(fold(q.value), q.value);
    valuesOf.set(q.feature, byFold);
  }

  const folded = header.map(fold);
  const idIndex = folded.findIndex((h) => ID_COLUMNS.includes(h));
  const featureIndex = new Map<string, number>();
  for (const f of features) {
    const i = folded.indexOf(fold(f));
    if (i >= 0) featureIndex.set(f, i);
    else problem(headerLine, f, 'column_missing', `La colonne « ${f} » manque (une colonne par caractéristique des quotas).`);
  }
  if (idIndex < 0) problem(headerLine, null, 'id_column_missing', `Aucune colonne d’identifiant (${ID_COLUMNS.slice(0, 2).join(' ou ')}).`);
  const used = new Set<number>([idIndex, ...featureIndex.values()]);
  const addressIndexes = folded.flatMap((h, i) => (!used.has(i) && ADDRESS_COLUMNS.includes(h) ? [i] : []));
  for (const i of addressIndexes) used.add(i);
  const personalIndexes = header.flatMap((h, i) => (!used.has(i) && h !== '' ? [i] : []));
  const columns = {
    id: idIndex >= 0 ? header[idIndex]! : null,
    features: features.filter((f) => featureIndex.has(f)).map((f) => header[featureIndex.get(f)!]!),
    address: addressIndexes.map((i) => header[i]!),
    personal: personalIndexes.map((i) => header[i]!),
  };
  if (body.length > MAX_POOL) problem(null, null, 'too_many_rows', `Le fichier compte ${body.length} volontaires, ${MAX_POOL} au plus.`);
  if (problems.length) return { columns, rows: body.length, volunteers: [], problems };

  const firstLineOf = new Map<string, number>();
  const volunteers: PoolVolunteer[] = [];
  for (const row of body) {
    const before = problems.length;
    const externalId = clean(row.cells[idIndex]);
    if (!externalId) problem(row.line, columns.id, 'id_missing', `Ligne ${row.line} : l’identifiant manque.`);
    else if (externalId.length > 200) problem(row.line, columns.id, 'id_too_long', `Ligne ${row.line} : l’identifiant dépasse 200 caractères.`);
    else if (firstLineOf.has(externalId)) {
      problem(row.line, columns.id, 'id_duplicate', `Ligne ${row.line} : l’identifiant « ${externalId} » est déjà celui de la ligne ${firstLineOf.get(externalId)}.`);
    } else firstLineOf.set(externalId, row.line);
    const own: Record<string, string> = {};
    for (const f of features) {
      const raw = clean(row.cells[featureIndex.get(f)!]);
      if (!raw) {
        problem(row.line, f, 'value_missing', `Ligne ${row.line} : la case « ${f} » est vide.`);
        continue;
      }
      const value = valuesOf.get(f)!.get(fold(raw));
      if (value === undefined) {
        problem(row.line, f, 'value_unknown', `Ligne ${row.line} : « ${raw} » n’est pas une valeur de « ${f} » dans les quotas (${[...valuesOf.get(f)!.values()].join(', ')}).`);
      } else own[f] = value;
    }
    if (problems.length > before) continue;
    const address = addressIndexes.map((i) => clean(row.cells[i])).filter(Boolean).join(', ');
    const personal: Record<string, string> = {};
    for (const i of personalIndexes) {
      const v = clean(row.cells[i]).slice(0, 2000);
      if (v) personal[header[i]!] = v;
    }
    volunteers.push({ externalId, line: row.line, features: own, address: address || null, personal });
  }
  return { columns, rows: body.length, volunteers: problems.length ? [] : volunteers, problems };
}
