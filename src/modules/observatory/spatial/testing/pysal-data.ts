/**
 * The PySAL reference data of EXPECTED.md, read where the project keeps shared data: beside the
 * repository, in ../shared/data/observatory/pysal (never copied into it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDbf, type DbfTable } from '../dbf';
import { parseGal, type GalWeights } from '../gal';
import type { Ring } from '../polygon-validity';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
export const PYSAL_DIR = path.resolve(REPO_ROOT, '../shared/data/observatory/pysal');
export const OBSERVATORY_DIR = path.resolve(REPO_ROOT, '../shared/data/observatory');

export function readGal(name: string): GalWeights {
  return parseGal(fs.readFileSync(path.join(PYSAL_DIR, name), 'utf8'));
}

export function readDbf(name: string): DbfTable {
  return parseDbf(fs.readFileSync(path.join(PYSAL_DIR, name)));
}

/** The `n,k` CSV files (stl_hom.txt, desmith.txt): a size line, a header, then rows. */
export function readPysalCsv(name: string): { header: string[]; rows: number[][] } {
  const lines = fs.readFileSync(path.join(PYSAL_DIR, name), 'utf8').trim().split(/\r?\n/);
  const header = lines[1]!.split(',').map((h) => h.replace(/"/g, '').trim());
  const rows = lines.slice(2).map((line) => line.split(',').map(Number));
  return { header, rows };
}

export function column(table: { header: string[]; rows: number[][] }, name: string): Float64Array {
  const at = table.header.indexOf(name);
  if (at < 0) throw new Error(`no column ${name}`);
  return Float64Array.from(table.rows, (row) => row[at]!);
}

/** St Louis counties' polygons (WKT in stl_hom.csv), in file order, with their FIPSNO. */
export function readStlPolygons(): { fips: string[]; homicideRate8893: number[]; rings: Ring[] } {
  const lines = fs.readFileSync(path.join(PYSAL_DIR, 'stl_hom.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
  const fips: string[] = [];
  const rates: number[] = [];
  const rings: Ring[] = [];
  for (const line of lines) {
    const match = /^"POLYGON \(\((.*?)\)\)",(.*)$/.exec(line);
    if (!match) throw new Error(`unexpected stl_hom.csv line: ${line.slice(0, 60)}`);
    rings.push(Float64Array.from(match[1]!.split(',').flatMap((pair) => pair.trim().split(/\s+/).map(Number))));
    // After the WKT: NAME, STATE_NAME, STATE_FIPS, CNTY_FIPS, FIPS, FIPSNO, HR7984, HR8488, HR8893, …
    const fields = match[2]!.split(',').map((f) => f.trim());
    fips.push(fields[5]!);
    rates.push(Number(fields[8]));
  }
  return { fips, homicideRate8893: rates, rings };
}

/** Unit squares at (column, row) positions, as one ring each (counter-clockwise). */
export function unitSquare(column: number, row: number, size = 1): Ring {
  const x = column * size;
  const y = row * size;
  return Float64Array.of(x, y, x + size, y, x + size, y + size, x, y + size, x, y);
}
