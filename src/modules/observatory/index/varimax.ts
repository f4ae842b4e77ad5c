/**
 * Varimax rotation (Kaiser 1958) of a loading matrix: the orthogonal rotation that maximises the
 * variance of the squared loadings within each factor, so that each indicator loads mostly on one
 * factor (a "simple structure"). With Kaiser normalisation (the default, as R's `varimax`, SPSS
 * and the Handbook): rows are divided by their communality's square root before rotating and
 * multiplied back after, so indicators with little common variance do not drive the rotation.
 *
 * Kaiser's algorithm: each pair of factors (j, l) is rotated in its plane by the angle φ with
 *   tan 4φ = (D − 2AB/p) / (C − (A² − B²)/p),
 * u_i = x_ij² − x_il², v_i = 2·x_ij·x_il, A = Σu, B = Σv, C = Σ(u² − v²), D = 2Σuv (p indicators),
 * which maximises the criterion for that pair; sweeps over all pairs repeat until no angle exceeds
 * 1e-12 radian. It converges to the same rotation as the SVD iteration of R's `varimax`.
 *
 * The rotated factors are returned in decreasing order of the variance they explain (Σ_i l_ij²),
 * each with its largest loading positive: a factor's sign is arbitrary.
 */

export interface VarimaxResult {
  /** loadings[i][j]: indicator i on rotated factor j. */
  loadings: number[][];
  /** Σ_i loadings[i][j]²: the variance each rotated factor explains. */
  explainedVariance: number[];
  sweeps: number;
}

const MAX_SWEEPS = 1000;
const ANGLE_TOLERANCE = 1e-12;

export function varimax(loadings: readonly (readonly number[])[], options: { normalise?: boolean } = {}): VarimaxResult {
  const p = loadings.length;
  const k = loadings[0]?.length ?? 0;
  const normalise = options.normalise ?? true;
  const x = loadings.map((row) => {
    if (row.length !== k) throw new Error('every indicator needs a loading on every factor');
    return [...row];
  });
  const scale = x.map((row) => (normalise ? Math.sqrt(row.reduce((s, v) => s + v * v, 0)) : 1));
  x.forEach((row, i) => {
    const h = scale[i]!;
    if (h > 0) for (let j = 0; j < k; j++) row[j] = row[j]! / h;
  });

  let sweeps = 0;
  if (k >= 2) {
    for (; sweeps < MAX_SWEEPS; sweeps++) {
      let largestAngle = 0;
      for (let j = 0; j < k - 1; j++) {
        for (let l = j + 1; l < k; l++) {
          let A = 0;
          let B = 0;
          let C = 0;
          let D = 0;
          for (let i = 0; i < p; i++) {
            const a = x[i]![j]!;
            const b = x[i]![l]!;
            const u = a * a - b * b;
            const v = 2 * a * b;
            A += u;
            B += v;
            C += u * u - v * v;
            D += 2 * u * v;
          }
          const numerator = D - (2 * A * B) / p;
          const denominator = C - (A * A - B * B) / p;
          const phi = Math.atan2(numerator, denominator) / 4;
          if (Math.abs(phi) <= ANGLE_TOLERANCE) continue;
          largestAngle = Math.max(largestAngle, Math.abs(phi));
          const c = Math.cos(phi);
          const s = Math.sin(phi);
          for (let i = 0; i < p; i++) {
            const a = x[i]![j]!;
            const b = x[i]![l]!;
            x[i]![j] = c * a + s * b;
            x[i]![l] = -s * a + c * b;
          }
        }
      }
      if (largestAngle <= ANGLE_TOLERANCE) break;
    }
  }

  x.forEach((row, i) => {
    const h = scale[i]!;
    if (h > 0) for (let j = 0; j < k; j++) row[j] = row[j]! * h;
  });
  const explained = Array.from({ length: k }, (_, j) => x.reduce((s, row) => s + row[j]! ** 2, 0));
  const order = Array.from({ length: k }, (_, j) => j).sort((a, b) => explained[b]! - explained[a]!);
  const sign = order.map((j) => {
    let largest = 0;
    for (let i = 1; i < p; i++) if (Math.abs(x[i]![j]!) > Math.abs(x[largest]![j]!) + 1e-12) largest = i;
    return x[largest]![j]! < 0 ? -1 : 1;
  });
  return {
    loadings: x.map((row) => order.map((j, c) => sign[c]! * row[j]! + 0)),
    explainedVariance: order.map((j) => explained[j]!),
    sweeps,
  };
}
