/**
 * GAL files (GeoDa's and PySAL's contiguity format): a header line `n` or `0 n name idField`, then
 * for each area a line `id count` followed by a line listing its `count` neighbours' ids. Ids are
 * kept as strings, in file order; a neighbour id that names no area is an error, never a silent
 * drop.
 */
import { weightsFromNeighbourLists, type SpatialWeights } from './weights';

export interface GalWeights {
  ids: string[];
  weights: SpatialWeights;
  /** The id field named by a four-field header (`0 n name idField`), when there is one. */
  idField: string | null;
}

export function parseGal(text: string): GalWeights {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  let at = 0;
  const nextLine = (): string | undefined => {
    while (at < lines.length && lines[at] === '') at++;
    return at < lines.length ? lines[at++] : undefined;
  };
  const header = nextLine();
  if (header === undefined) throw new Error('GAL: the file is empty');
  const headerFields = header.split(/\s+/);
  let n: number;
  let idField: string | null = null;
  if (headerFields.length === 1) n = Number(headerFields[0]);
  else if (headerFields.length >= 4) {
    n = Number(headerFields[1]);
    idField = headerFields[3] ?? null;
  } else throw new Error(`GAL: the header "${header}" is neither "n" nor "0 n name idField"`);
  if (!Number.isInteger(n) || n < 0) throw new Error(`GAL: the header "${header}" does not give a number of areas`);

  const ids: string[] = [];
  const neighbourIds: string[][] = [];
  for (let a = 0; a < n; a++) {
    const line = nextLine();
    if (line === undefined) throw new Error(`GAL: the header announces ${n} areas, the file has ${a}`);
    const [id, countText, ...rest] = line.split(/\s+/);
    const count = Number(countText);
    if (id === undefined || !Number.isInteger(count) || count < 0 || rest.length > 0) {
      throw new Error(`GAL: line ${at} "${line}" should be "id count"`);
    }
    let list: string[] = [];
    if (count > 0) {
      const neighboursLine = nextLine();
      if (neighboursLine === undefined) throw new Error(`GAL: area ${id} announces ${count} neighbours, the file ends`);
      list = neighboursLine.split(/\s+/);
      if (list.length !== count) throw new Error(`GAL: area ${id} announces ${count} neighbours and lists ${list.length}`);
    }
    ids.push(id);
    neighbourIds.push(list);
  }
  if (nextLine() !== undefined) throw new Error(`GAL: text after the ${n} areas the header announces`);

  const indexOf = new Map<string, number>();
  ids.forEach((id, i) => {
    if (indexOf.has(id)) throw new Error(`GAL: the id ${id} appears twice`);
    indexOf.set(id, i);
  });
  const lists = neighbourIds.map((list, i) =>
    list.map((id) => {
      const j = indexOf.get(id);
      if (j === undefined) throw new Error(`GAL: area ${ids[i]} lists a neighbour ${id} that is not an area of the file`);
      return j;
    }),
  );
  return { ids, weights: weightsFromNeighbourLists(lists), idField };
}
