import { parse } from 'csv-parse/sync';
import { SelectionInputError, type FeatureQuota, type SelectionInstance, type Volunteer } from './model';

/**
 * The two instance formats in use, as pure functions of their rows (the service reads uploads
 * with the platform's CSV reader, which handles encodings and limits, and passes the cells here)
 * or of their text:
 *
 * - the Nature paper's replication format: `categories.csv` (`category,feature,min,max`) and
 *   `respondents.csv` (one column per category, one volunteer per row; the 0-based row number is
 *   the id);
 * - the Sortition Foundation's format: `features.csv` (`feature,value,min,max[,min_flex,max_flex]`)
 *   and `candidates.csv` (an id column, first by default, one column per feature, address columns
 *   for the household check).
 */

export type Rows = readonly (readonly string[])[];

export function csvRows(text: string): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
}

function headerIndex(header: readonly string[], wanted: readonly string[], file: string): number[] {
  const normalised = header.map((h) => h.trim().toLowerCase());
  return wanted.map((name) => {
    const at = normalised.indexOf(name);
    if (at < 0) throw new SelectionInputError('csv_invalid', `${file} has no column "${name}".`);
    return at;
  });
}

function wholeNumber(cell: string | undefined, what: string): number {
  const text = (cell ?? '').trim();
  if (!/^\d+$/.test(text)) throw new SelectionInputError('csv_invalid', `${what} is not a whole number ("${text}").`);
  return Number(text);
}

/** `category,feature,min,max` (replication format). */
export function quotasFromCategoryRows(rows: Rows): FeatureQuota[] {
  const [header, ...body] = rows;
  if (!header) throw new SelectionInputError('csv_invalid', 'categories.csv is empty.');
  const [cat, feat, min, max] = headerIndex(header, ['category', 'feature', 'min', 'max'], 'categories.csv');
  return body.map((row, i) => ({
    feature: (row[cat!] ?? '').trim(),
    value: (row[feat!] ?? '').trim(),
    min: wholeNumber(row[min!], `categories.csv row ${i + 2}, min`),
    max: wholeNumber(row[max!], `categories.csv row ${i + 2}, max`),
  }));
}

/** `feature,value,min,max[,min_flex,max_flex]` (Sortition Foundation format). */
export function quotasFromFeatureRows(rows: Rows): FeatureQuota[] {
  const [header, ...body] = rows;
  if (!header) throw new SelectionInputError('csv_invalid', 'features.csv is empty.');
  const [feat, value, min, max] = headerIndex(header, ['feature', 'value', 'min', 'max'], 'features.csv');
  const lower = header.map((h) => h.trim().toLowerCase());
  const minFlex = lower.indexOf('min_flex');
  const maxFlex = lower.indexOf('max_flex');
  return body.map((row, i) => {
    const quota: FeatureQuota = {
      feature: (row[feat!] ?? '').trim(),
      value: (row[value!] ?? '').trim(),
      min: wholeNumber(row[min!], `features.csv row ${i + 2}, min`),
      max: wholeNumber(row[max!], `features.csv row ${i + 2}, max`),
    };
    if (minFlex >= 0 && (row[minFlex] ?? '').trim() !== '') quota.minFlex = wholeNumber(row[minFlex], `features.csv row ${i + 2}, min_flex`);
    if (maxFlex >= 0 && (row[maxFlex] ?? '').trim() !== '') quota.maxFlex = wholeNumber(row[maxFlex], `features.csv row ${i + 2}, max_flex`);
    return quota;
  });
}

function featureNames(quotas: readonly FeatureQuota[]): string[] {
  return [...new Set(quotas.map((q) => q.feature))];
}

function featureColumns(header: readonly string[], quotas: readonly FeatureQuota[], file: string): Map<string, number> {
  const columns = new Map<string, number>();
  for (const name of featureNames(quotas)) {
    const at = header.findIndex((h) => h.trim() === name);
    if (at < 0) throw new SelectionInputError('csv_invalid', `${file} has no column for the feature "${name}".`);
    columns.set(name, at);
  }
  return columns;
}

/** One volunteer per row, one column per category; the 0-based row number is the id. */
export function volunteersFromRespondentRows(rows: Rows, quotas: readonly FeatureQuota[]): Volunteer[] {
  const [header, ...body] = rows;
  if (!header) throw new SelectionInputError('csv_invalid', 'respondents.csv is empty.');
  const columns = featureColumns(header, quotas, 'respondents.csv');
  return body.map((row, i) => ({
    id: String(i),
    features: Object.fromEntries([...columns].map(([name, at]) => [name, (row[at] ?? '').trim()])),
  }));
}

export interface CandidateColumns {
  /** Default: the first column. */
  idColumn?: string;
  /** Columns that together make the address. Default: primary_address1 and primary_zip, when present. */
  addressColumns?: readonly string[];
}

export function volunteersFromCandidateRows(rows: Rows, quotas: readonly FeatureQuota[], options: CandidateColumns = {}): Volunteer[] {
  const [header, ...body] = rows;
  if (!header) throw new SelectionInputError('csv_invalid', 'candidates.csv is empty.');
  const columns = featureColumns(header, quotas, 'candidates.csv');
  const idAt = options.idColumn === undefined ? 0 : header.findIndex((h) => h.trim() === options.idColumn);
  if (idAt < 0) throw new SelectionInputError('csv_invalid', `candidates.csv has no column "${options.idColumn}".`);
  const addressNames = options.addressColumns ?? ['primary_address1', 'primary_zip'].filter((name) => header.some((h) => h.trim() === name));
  const addressAt = addressNames.map((name) => {
    const at = header.findIndex((h) => h.trim() === name);
    if (at < 0) throw new SelectionInputError('csv_invalid', `candidates.csv has no column "${name}".`);
    return at;
  });
  return body.map((row) => {
    const volunteer: Volunteer = {
      id: (row[idAt] ?? '').trim(),
      features: Object.fromEntries([...columns].map(([name, at]) => [name, (row[at] ?? '').trim()])),
    };
    const address = addressAt.map((at) => (row[at] ?? '').trim()).filter(Boolean);
    if (address.length) volunteer.address = address.join(', ');
    return volunteer;
  });
}

/**
 * An instance from the files of one folder (name → text): `categories.csv` + `respondents.csv`,
 * or `features.csv` + `candidates.csv`. Households are checked when addresses are present.
 */
export function instanceFromFiles(files: Readonly<Record<string, string>>, panelSize: number, candidateColumns?: CandidateColumns): SelectionInstance {
  if (files['categories.csv'] !== undefined && files['respondents.csv'] !== undefined) {
    const quotas = quotasFromCategoryRows(csvRows(files['categories.csv']));
    return { panelSize, quotas, volunteers: volunteersFromRespondentRows(csvRows(files['respondents.csv']), quotas) };
  }
  if (files['features.csv'] !== undefined && files['candidates.csv'] !== undefined) {
    const quotas = quotasFromFeatureRows(csvRows(files['features.csv']));
    const volunteers = volunteersFromCandidateRows(csvRows(files['candidates.csv']), quotas, candidateColumns);
    return { panelSize, quotas, volunteers, onePerHousehold: volunteers.some((v) => v.address !== undefined) };
  }
  throw new SelectionInputError('csv_invalid', 'Expected categories.csv and respondents.csv, or features.csv and candidates.csv.');
}
