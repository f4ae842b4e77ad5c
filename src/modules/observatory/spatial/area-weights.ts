/**
 * Spatial weights for a list of areas, from a specification such as the command's `--weights`:
 * `queen`, `rook`, `knn:<k>`, `distance:<d>` or `gal:<file>`. Contiguity reads the polygons;
 * distance weights read the centroids (or the points), optionally projected from
 * longitude/latitude to kilometres first; a GAL file (made by GeoDa or PySAL) is matched to the
 * areas by id. The result is the binary structure; transforms belong to each statistic.
 */
import { centroid } from './centroids';
import { contiguityWeights } from './contiguity';
import { distanceBandWeights, knnWeights } from './distance-weights';
import type { Area } from './features';
import type { GalWeights } from './gal';
import { equirectangularKm } from './projection';
import { weightsFromNeighbourLists, type SpatialWeights } from './weights';

export type WeightsSpec =
  | { kind: 'queen' }
  | { kind: 'rook' }
  | { kind: 'knn'; k: number }
  | { kind: 'distance'; threshold: number }
  | { kind: 'gal'; path: string };

export function parseWeightsSpec(text: string): WeightsSpec {
  if (text === 'queen') return { kind: 'queen' };
  if (text === 'rook') return { kind: 'rook' };
  const knn = /^knn:(\d+)$/.exec(text);
  if (knn) {
    const k = Number(knn[1]);
    if (k < 1) throw new Error('knn:<k> needs k ≥ 1');
    return { kind: 'knn', k };
  }
  const distance = /^distance:(.+)$/.exec(text);
  if (distance) {
    const threshold = Number(distance[1]);
    if (!(threshold > 0) || !Number.isFinite(threshold)) throw new Error(`distance:<d> needs a positive number, not "${distance[1]}"`);
    return { kind: 'distance', threshold };
  }
  const gal = /^gal:(.+)$/.exec(text);
  if (gal) return { kind: 'gal', path: gal[1]! };
  throw new Error(`unknown weights "${text}": expected queen, rook, knn:<k>, distance:<d> or gal:<file>`);
}

export function describeWeights(spec: WeightsSpec): string {
  switch (spec.kind) {
    case 'knn':
      return `knn:${spec.k}`;
    case 'distance':
      return `distance:${spec.threshold}`;
    case 'gal':
      return `gal:${spec.path}`;
    default:
      return spec.kind;
  }
}

export interface AreaWeightsOptions {
  /** Snap tolerance for contiguity (coordinates' unit); default relative to the extent. */
  snap?: number;
  /** Project longitude/latitude to kilometres before measuring distances. */
  projectDegrees?: boolean;
  /** The parsed GAL file, for `gal:<file>` (read by the caller: this file does no I/O). */
  gal?: GalWeights;
}

export interface AreaWeights {
  weights: SpatialWeights;
  /** The snap tolerance used (contiguity only). */
  snap: number | null;
}

export function areaWeights(areas: readonly Area[], spec: WeightsSpec, options: AreaWeightsOptions = {}): AreaWeights {
  if (spec.kind === 'gal') {
    if (!options.gal) throw new Error(`the GAL file ${spec.path} was not read`);
    return { weights: galWeightsForAreas(options.gal, areas), snap: null };
  }
  if (spec.kind === 'queen' || spec.kind === 'rook') {
    const polygons = areas.map((area) => {
      if (area.geometry.type !== 'polygons') throw new Error(`area ${area.id} is a point: ${spec.kind} contiguity needs polygons (use knn:<k> or distance:<d>)`);
      return area.geometry.polygons;
    });
    const result = contiguityWeights(polygons, { kind: spec.kind, tolerance: options.snap });
    return { weights: result.weights, snap: result.tolerance };
  }
  const cx = new Float64Array(areas.length);
  const cy = new Float64Array(areas.length);
  areas.forEach((area, i) => {
    try {
      [cx[i], cy[i]] = centroid(area.geometry);
    } catch (err) {
      throw new Error(`area ${area.id} ${(err as Error).message}`);
    }
  });
  const { x, y } = options.projectDegrees ? equirectangularKm(cx, cy) : { x: cx, y: cy };
  const weights = spec.kind === 'knn' ? knnWeights(x, y, spec.k) : distanceBandWeights(x, y, spec.threshold);
  return { weights, snap: null };
}

/**
 * The GAL file's links between the areas analysed: every area must be in the file (an error names
 * the first that is not); areas of the file that are not analysed (excluded for a missing value,
 * or absent) drop out with their links, as they would from contiguity.
 */
export function galWeightsForAreas(gal: GalWeights, areas: readonly Area[]): SpatialWeights {
  const galIndex = new Map(gal.ids.map((id, g) => [id, g]));
  const areaOfGal = new Int32Array(gal.ids.length).fill(-1);
  areas.forEach((area, i) => {
    const g = galIndex.get(area.id);
    if (g === undefined) throw new Error(`feature #${area.index + 1} (id ${area.id}) is not in the GAL file`);
    areaOfGal[g] = i;
  });
  const { offsets, neighbours } = gal.weights;
  const lists = areas.map((area) => {
    const g = galIndex.get(area.id)!;
    const row: number[] = [];
    for (let k = offsets[g]!; k < offsets[g + 1]!; k++) {
      const i = areaOfGal[neighbours[k]!]!;
      if (i >= 0) row.push(i);
    }
    return row;
  });
  return weightsFromNeighbourLists(lists);
}
