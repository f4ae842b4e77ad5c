/**
 * Two principal components of the mean-filled vote matrix, by the power method as in Pol.is
 * (`polismath.math.pca`), computed on the sparse votes: after centring, a filled-in cell equals
 * its column's mean minus that mean, i.e. 0, so XᵀX·v only needs the votes actually cast.
 */
import type { VoteMatrix } from './vote-matrix';
import { columnMeans } from './vote-matrix';

export interface PrincipalComponents {
  center: Float64Array;
  components: [Float64Array, Float64Array];
  /** Eigenvalues of XᵀX for the two components (X centred). */
  eigenvalues: [number, number];
  /** Sum of squares of the centred matrix: the eigenvalues of all components added up. */
  totalVariance: number;
  explainedVariance: [number, number];
  iterations: [number, number];
}

export interface PcaOptions {
  /** Where power iteration starts for each component, e.g. the previous run's components. */
  startVectors?: readonly (Float64Array | null | undefined)[];
  maxIterations: number;
  /** Iteration stops once the subspace of the components moves less than this in one step. */
  tolerance: number;
  random: () => number;
}

/** Centred value of every stored vote, 0 on moderated-out columns (which Pol.is zeroes out). */
export function centredValues(matrix: VoteMatrix, center: Float64Array): Float64Array {
  const centred = new Float64Array(matrix.values.length);
  for (let e = 0; e < centred.length; e++) {
    const c = matrix.columns[e]!;
    centred[e] = matrix.moderatedOut[c] ? 0 : matrix.values[e]! - center[c]!;
  }
  return centred;
}

export function principalComponents(matrix: VoteMatrix, options: PcaOptions): PrincipalComponents {
  const m = matrix.statementIds.length;
  const center = columnMeans(matrix);
  const centred = centredValues(matrix, center);
  let totalVariance = 0;
  for (const x of centred) totalVariance += x * x;

  // Pol.is computes min(2, rows, columns) components; a missing one stays all zeros.
  const wanted = Math.min(2, m, matrix.participantIds.length);
  const components: [Float64Array, Float64Array] = [new Float64Array(m), new Float64Array(m)];
  const eigenvalues: [number, number] = [0, 0];
  let iterations = 0;
  if (wanted > 0) {
    const found = subspaceIteration(matrix, centred, wanted, options);
    found.vectors.forEach((v, k) => {
      components[k] = v;
      eigenvalues[k] = found.eigenvalues[k]!;
    });
    iterations = found.iterations;
  }
  const share = (value: number) => (totalVariance > 0 ? value / totalVariance : 0);
  return {
    center,
    components,
    eigenvalues,
    totalVariance,
    explainedVariance: [share(eigenvalues[0]), share(eigenvalues[1])],
    iterations: [iterations, wanted > 1 ? iterations : 0],
  };
}

/** out[k] = XᵀX·v[k] for each vector of the block, in one pass over the sparse rows of X. */
function gramTimes(matrix: VoteMatrix, centred: Float64Array, block: readonly Float64Array[], out: Float64Array[]): void {
  const { rowStart, columns } = matrix;
  const n = matrix.participantIds.length;
  for (const o of out) o.fill(0);
  const v0 = block[0]!;
  const o0 = out[0]!;
  if (block.length === 1) {
    for (let r = 0; r < n; r++) {
      const start = rowStart[r]!;
      const end = rowStart[r + 1]!;
      let d0 = 0;
      for (let e = start; e < end; e++) d0 += centred[e]! * v0[columns[e]!]!;
      for (let e = start; e < end; e++) o0[columns[e]!]! += d0 * centred[e]!;
    }
    return;
  }
  const v1 = block[1]!;
  const o1 = out[1]!;
  for (let r = 0; r < n; r++) {
    const start = rowStart[r]!;
    const end = rowStart[r + 1]!;
    let d0 = 0;
    let d1 = 0;
    for (let e = start; e < end; e++) {
      const x = centred[e]!;
      const c = columns[e]!;
      d0 += x * v0[c]!;
      d1 += x * v1[c]!;
    }
    for (let e = start; e < end; e++) {
      const x = centred[e]!;
      const c = columns[e]!;
      o0[c]! += d0 * x;
      o1[c]! += d1 * x;
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Gram–Schmidt in place; a vector that vanishes (it lay along the previous ones) is replaced by
 * a random one. Returns false when no such replacement can be found (fewer dimensions than vectors).
 */
function orthonormalise(block: Float64Array[], random: () => number): boolean {
  for (let k = 0; k < block.length; k++) {
    const v = block[k]!;
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let j = 0; j < k; j++) {
        const d = dot(v, block[j]!);
        for (let i = 0; i < v.length; i++) v[i]! -= d * block[j]![i]!;
      }
      const length = Math.sqrt(dot(v, v));
      if (length > 1e-12) {
        for (let i = 0; i < v.length; i++) v[i]! /= length;
        break;
      }
      if (attempt === 2) return false;
      for (let i = 0; i < v.length; i++) v[i] = random() - 0.5;
    }
  }
  return true;
}

/**
 * The top eigenvectors of XᵀX by subspace (block power) iteration, then Rayleigh–Ritz within the
 * subspace to separate them. Pol.is runs power iteration on one component at a time and deflates;
 * both converge to the same two eigenvectors, but the block converges at the rate λ₃/λ₂ rather
 * than λ₂/λ₁, which matters when the two leading opinions are about equally strong.
 */
function subspaceIteration(
  matrix: VoteMatrix,
  centred: Float64Array,
  wanted: number,
  options: PcaOptions,
): { vectors: Float64Array[]; eigenvalues: number[]; iterations: number } {
  const m = matrix.statementIds.length;
  const starts = Array.from({ length: wanted }, (_, k) => options.startVectors?.[k] ?? null);
  let block = starts.map((start) => {
    const v = new Float64Array(m);
    if (start && start.length === m && dot(start, start) > 0) v.set(start);
    else for (let i = 0; i < m; i++) v[i] = options.random();
    return v;
  });
  if (!orthonormalise(block, options.random)) return { vectors: [], eigenvalues: [], iterations: 0 };
  let next = block.map(() => new Float64Array(m));
  let iterations = 0;
  while (iterations < options.maxIterations) {
    iterations++;
    gramTimes(matrix, centred, block, next);
    if (!orthonormalise(next, options.random)) break;
    // How far the new subspace lies outside the old one.
    let moved = 0;
    for (const v of next) {
      const residual = Float64Array.from(v);
      for (const b of block) {
        const d = dot(v, b);
        for (let i = 0; i < m; i++) residual[i]! -= d * b[i]!;
      }
      moved += dot(residual, residual);
    }
    [block, next] = [next, block];
    if (Math.sqrt(moved) < options.tolerance) break;
  }

  // Rayleigh–Ritz: the 2 × 2 (or 1 × 1) matrix H = QᵀXᵀXQ, diagonalised.
  const product = block.map(() => new Float64Array(m));
  gramTimes(matrix, centred, block, product);
  let vectors: Float64Array[];
  let eigenvalues: number[];
  if (wanted === 1) {
    vectors = block;
    eigenvalues = [dot(block[0]!, product[0]!)];
  } else {
    const a = dot(block[0]!, product[0]!);
    const b = (dot(block[0]!, product[1]!) + dot(block[1]!, product[0]!)) / 2;
    const c = dot(block[1]!, product[1]!);
    const mean = (a + c) / 2;
    const radius = Math.hypot((a - c) / 2, b);
    const angle = 0.5 * Math.atan2(2 * b, a - c);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const first = new Float64Array(m);
    const second = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      first[i] = cos * block[0]![i]! + sin * block[1]![i]!;
      second[i] = -sin * block[0]![i]! + cos * block[1]![i]!;
    }
    vectors = [first, second];
    eigenvalues = [mean + radius, Math.max(mean - radius, 0)];
  }
  // Orientation is arbitrary: keep the previous run's (so the map does not flip), else put the
  // largest coordinate on the positive side.
  vectors.forEach((v, k) => {
    const start = starts[k];
    let sign = 0;
    if (start && start.length === m) sign = Math.sign(dot(v, start));
    if (sign === 0) {
      let largest = 0;
      for (let i = 0; i < m; i++) if (Math.abs(v[i]!) > Math.abs(v[largest]!)) largest = i;
      sign = v[largest]! < 0 ? -1 : 1;
    }
    if (sign < 0) for (let i = 0; i < m; i++) v[i] = -v[i]!;
  });
  return { vectors, eigenvalues, iterations };
}

/**
 * Each participant's position: the dot product of their centred votes with the components, over
 * the cells they filled only, scaled by √(statements / votes) so that someone who voted on few
 * statements is not pulled to the centre by the filled-in means (Pol.is's sparsity-aware
 * projection). As in Pol.is, a moderated-out statement counts as voted on by everyone: its
 * zeroed column is a value, not a gap.
 */
export function projectParticipants(
  matrix: VoteMatrix,
  pca: Pick<PrincipalComponents, 'center' | 'components'>,
): { x: Float64Array; y: Float64Array } {
  const n = matrix.participantIds.length;
  const m = matrix.statementIds.length;
  const [pc1, pc2] = pca.components;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let p1 = 0;
    let p2 = 0;
    let counted = matrix.moderatedOutCount;
    for (let e = matrix.rowStart[r]!; e < matrix.rowStart[r + 1]!; e++) {
      const c = matrix.columns[e]!;
      if (matrix.moderatedOut[c]) continue;
      const value = matrix.values[e]! - pca.center[c]!;
      p1 += value * pc1[c]!;
      p2 += value * pc2[c]!;
      counted++;
    }
    const scale = Math.sqrt(m / Math.max(counted, 1));
    x[r] = p1 * scale;
    y[r] = p2 * scale;
  }
  return { x, y };
}

/**
 * How far from the centre a lone "agree" on the statement would place someone (Pol.is's comment
 * extremity): large for statements that pull the map apart, 0 for moderated-out ones.
 */
export function statementExtremity(pca: Pick<PrincipalComponents, 'center' | 'components'>): Float64Array {
  const m = pca.center.length;
  const [pc1, pc2] = pca.components;
  const extremity = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    extremity[c] = Math.sqrt(m) * Math.abs(1 - pca.center[c]!) * Math.hypot(pc1[c]!, pc2[c]!);
  }
  return extremity;
}
