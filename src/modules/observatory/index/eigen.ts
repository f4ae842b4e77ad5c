/**
 * Eigen-decomposition of a small symmetric matrix (a correlation matrix of a few dozen
 * indicators) by the cyclic Jacobi method: plane rotations that zero each off-diagonal entry in
 * turn until none is left above the round-off. Slower than QR on large matrices, but short, with
 * no dependency, and accurate to the last digits on the matrices the index uses.
 */

export interface EigenDecomposition {
  /** Descending. */
  values: number[];
  /** vectors[c] is the unit eigenvector of values[c], its largest-magnitude component positive. */
  vectors: number[][];
}

const MAX_SWEEPS = 100;

/** `matrix` is row-major m × m and symmetric (only its upper triangle is read). */
export function symmetricEigen(matrix: ArrayLike<number>, m: number): EigenDecomposition {
  if (matrix.length !== m * m) throw new Error(`a ${m} × ${m} matrix needs ${m * m} entries, not ${matrix.length}`);
  const a = Float64Array.from({ length: m * m }, (_, k) => {
    const i = Math.floor(k / m);
    const j = k % m;
    return i <= j ? matrix[k]! : matrix[j * m + i]!;
  });
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < m; i++) {
      diagonal += a[i * m + i]! * a[i * m + i]!;
      for (let j = i + 1; j < m; j++) off += a[i * m + j]! * a[i * m + j]!;
    }
    if (off <= 1e-30 * Math.max(diagonal, 1e-300)) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q]!;
        if (apq === 0) continue;
        const app = a[p * m + p]!;
        const aqq = a[q * m + q]!;
        // The rotation angle that zeroes a_pq (Golub & Van Loan, §8.5: the smaller root for stability).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p]!;
          const akq = a[k * m + q]!;
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k]!;
          const aqk = a[q * m + k]!;
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p]!;
          const vkq = v[k * m + q]!;
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: m }, (_, c) => c).sort((x, y) => a[y * m + y]! - a[x * m + x]!);
  const values = order.map((c) => a[c * m + c]!);
  const vectors = order.map((c) => {
    const vector = Array.from({ length: m }, (_, k) => v[k * m + c]!);
    return withPositiveLargest(vector);
  });
  return { values, vectors };
}

/** Eigenvectors have no sign of their own: fix it so that results do not depend on round-off. */
export function withPositiveLargest(vector: number[]): number[] {
  let largest = 0;
  for (let k = 1; k < vector.length; k++) if (Math.abs(vector[k]!) > Math.abs(vector[largest]!) + 1e-12) largest = k;
  return vector[largest]! < 0 ? vector.map((x) => -x + 0) : vector;
}
