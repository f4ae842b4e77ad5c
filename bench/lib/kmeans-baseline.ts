/**
 * The baseline of the themes benchmark: k-means on TF-IDF vectors without French processing
 * (lowercase letter runs, no stopwords, no stemming, no accent folding; raw term frequency,
 * smoothed idf, L2 norm: scikit-learn's TfidfVectorizer defaults), k-means++ seeding, Lloyd
 * iterations on the normalised vectors (as scikit-learn's KMeans). k is either given, or chosen
 * by the best silhouette over a grid of k (cosine distance on the normalised vectors).
 */
import { createPlainAnalyzer } from '../../src/modules/assistant/retrieval/analyzer.js';
import { dot, weightTerms, type SparseVector } from '../../src/modules/participation/synthesis/vectors.js';
import { mulberry32 } from './metrics.js';

export function plainTfidf(texts: readonly string[]): { vectors: SparseVector[]; dimensions: number } {
  const analyzer = createPlainAnalyzer();
  const w = weightTerms(
    texts.map((t) => analyzer.analyze(t)),
    { minDocumentFrequency: 1, maxDocumentShare: 1, sublinearTf: false },
  );
  return { vectors: w.vectors, dimensions: w.terms.length };
}

/** Dot products of a sparse vector with every dense centre (centres row-major, k × dims). */
function dotCentres(v: SparseVector, centres: Float32Array, k: number, dims: number, out: Float64Array): void {
  out.fill(0);
  for (let e = 0; e < v.indices.length; e++) {
    const d = v.indices[e]!;
    const x = v.values[e]!;
    for (let c = 0; c < k; c++) out[c]! += x * centres[c * dims + d]!;
  }
}

export function kMeans(vectors: readonly SparseVector[], dimensions: number, k: number, seed: number, maxIterations = 100): Int32Array {
  const n = vectors.length;
  const random = mulberry32(seed);
  k = Math.max(1, Math.min(k, n));
  const centres = new Float32Array(k * dimensions);
  const centreNormSq = new Float64Array(k);
  const setCentre = (c: number, v: SparseVector) => {
    centres.fill(0, c * dimensions, (c + 1) * dimensions);
    for (let e = 0; e < v.indices.length; e++) centres[c * dimensions + v.indices[e]!] = v.values[e]!;
    centreNormSq[c] = 1;
  };
  // k-means++: each new centre drawn with probability proportional to the squared distance to the nearest one.
  setCentre(0, vectors[Math.floor(random() * n)]!);
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let c = 1; c <= k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const v = vectors[i]!;
      let s = 0;
      for (let e = 0; e < v.indices.length; e++) s += v.values[e]! * centres[(c - 1) * dimensions + v.indices[e]!]!;
      const d = Math.max(0, (v.indices.length ? 1 : 0) + centreNormSq[c - 1]! - 2 * s);
      if (d < nearest[i]!) nearest[i] = d;
      total += nearest[i]!;
    }
    if (c === k) break;
    let pick = random() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      pick -= nearest[i]!;
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    setCentre(c, vectors[chosen]!);
  }
  const assignment = new Int32Array(n).fill(-1);
  const products = new Float64Array(k);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      dotCentres(vectors[i]!, centres, k, dimensions, products);
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const d = centreNormSq[c]! - 2 * products[c]!;
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      if (assignment[i] !== best) {
        assignment[i] = best;
        changed++;
      }
    }
    if (changed === 0) break;
    centres.fill(0);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      counts[c]!++;
      const v = vectors[i]!;
      for (let e = 0; e < v.indices.length; e++) centres[c * dimensions + v.indices[e]!]! += v.values[e]!;
    }
    for (let c = 0; c < k; c++) {
      let normSq = 0;
      if (counts[c] === 0) {
        // An empty cluster restarts from a random point.
        setCentre(c, vectors[Math.floor(random() * n)]!);
        continue;
      }
      for (let d = 0; d < dimensions; d++) {
        const x = centres[c * dimensions + d]! / counts[c]!;
        centres[c * dimensions + d] = x;
        normSq += x * x;
      }
      centreNormSq[c] = normSq;
    }
  }
  return assignment;
}

/**
 * Mean silhouette (Rousseeuw, 1987) with cosine distance 1 − cos on normalised vectors;
 * a point alone in its cluster scores 0 (scikit-learn's convention). `similarity` is the full
 * matrix of cosines, row-major.
 */
export function silhouette(similarity: Float32Array, n: number, assignment: Int32Array): number {
  let k = 0;
  for (const a of assignment) k = Math.max(k, a + 1);
  if (k < 2 || k >= n) return -1;
  const sizes = new Int32Array(k);
  for (const a of assignment) sizes[a]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[assignment[j]!]! += 1 - similarity[i * n + j]!;
    const own = assignment[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

export function similarityMatrix(vectors: readonly SparseVector[]): Float32Array {
  const n = vectors.length;
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const s = dot(vectors[i]!, vectors[j]!);
      m[i * n + j] = s;
      m[j * n + i] = s;
    }
  }
  return m;
}

/** Candidate numbers of clusters: roughly geometric from 2 to n/2. */
export function kGrid(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; k <= Math.floor(n / 2); k = Math.max(k + 1, Math.round(k * 1.5))) out.push(k);
  return out;
}

export interface BaselineRun {
  assignment: Int32Array;
  k: number;
  silhouette?: number;
}

export function kMeansGivenK(texts: readonly string[], k: number, seed: number): BaselineRun {
  const { vectors, dimensions } = plainTfidf(texts);
  return { assignment: kMeans(vectors, dimensions, k, seed), k };
}

/** k-means with k chosen by the best silhouette over `kGrid(n)`: the baseline is not told the answer. */
export function kMeansBySilhouette(texts: readonly string[], seed: number): BaselineRun {
  const { vectors, dimensions } = plainTfidf(texts);
  const similarity = similarityMatrix(vectors);
  let best: BaselineRun | null = null;
  for (const k of kGrid(vectors.length)) {
    const assignment = kMeans(vectors, dimensions, k, seed);
    const s = silhouette(similarity, vectors.length, assignment);
    if (!best || s > best.silhouette!) best = { assignment, k, silhouette: s };
  }
  return best ?? { assignment: new Int32Array(vectors.length), k: 1 };
}
