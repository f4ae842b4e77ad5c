/**
 * Aggregation of normalised indicators y_k (weights w_k, Σw = 1) into one score (Handbook, step 6):
 *
 * - arithmetic: S = Σ_k w_k·y_k — fully compensatory: a point lost on one indicator is made up by
 *   a point gained on another of the same weight;
 * - geometric: S = Π_k y_k^w_k — partly compensatory: a low value costs more than a high value
 *   gains (a territory at 10 and 90 scores 30, not 50), so a bad indicator weighs on the score.
 *   It needs strictly positive normalised values (min-max with a positive lower bound, ranks, a
 *   ratio to a reference).
 *
 * Decomposition, exact by construction. Of the score itself: S_i = Σ_k w_k·y_ik (arithmetic),
 * ln S_i = Σ_k w_k·ln y_ik (geometric). And, what explanations use, against the average territory:
 * - arithmetic: S_i − S̄ = Σ_k w_k·(y_ik − ȳ_k), with S̄ the mean score and ȳ_k the mean of
 *   indicator k: contribution c_ik = w_k·(y_ik − ȳ_k), in score points;
 * - geometric: ln S_i − ln G = Σ_k w_k·(ln y_ik − mean_i ln y_ik), with G the geometric mean of the
 *   scores: log-contribution c_ik = w_k·(ln y_ik − mean ln y_k); e^c_ik is the factor indicator k
 *   multiplies the score by, and Π_k e^c_ik = S_i / G exactly.
 */

export type Aggregation = 'arithmetic' | 'geometric';

export function aggregate(columns: readonly Float64Array[], weights: Float64Array, aggregation: Aggregation, territoryIds?: readonly string[], indicatorIds?: readonly string[]): Float64Array {
  const n = columns[0]?.length ?? 0;
  const scores = new Float64Array(n);
  if (aggregation === 'arithmetic') {
    columns.forEach((column, k) => {
      const w = weights[k]!;
      for (let i = 0; i < n; i++) scores[i]! += w * column[i]!;
    });
    return scores;
  }
  columns.forEach((column, k) => {
    const w = weights[k]!;
    for (let i = 0; i < n; i++) {
      const y = column[i]!;
      if (!(y > 0)) {
        const who = territoryIds ? `territory ${territoryIds[i]}` : `territory #${i + 1}`;
        const what = indicatorIds ? indicatorIds[k] : `#${k + 1}`;
        throw new Error(`geometric aggregation needs positive normalised values: ${who} has ${y} for indicator ${what} (use min-max with a positive lower bound, or ranks)`);
      }
      if (w > 0) scores[i]! += w * Math.log(y);
    }
  });
  for (let i = 0; i < n; i++) scores[i] = Math.exp(scores[i]!);
  return scores;
}

export interface Decomposition {
  aggregation: Aggregation;
  /** ofScore[k][i] = w_k·y_ik (arithmetic, Σ_k = S_i) or w_k·ln y_ik (geometric, Σ_k = ln S_i). */
  ofScore: Float64Array[];
  /** contributions[k][i] against the average territory: points (arithmetic) or log-points (geometric). */
  contributions: Float64Array[];
  /** The average territory's score: the mean (arithmetic) or geometric mean (geometric) of the scores. */
  reference: number;
  /** The normalised values of the average territory (mean, or mean of logs exponentiated). */
  referenceValues: Float64Array;
}

export function decompose(columns: readonly Float64Array[], weights: Float64Array, aggregation: Aggregation): Decomposition {
  const n = columns[0]?.length ?? 0;
  const transform = aggregation === 'arithmetic' ? (y: number) => y : Math.log;
  const referenceValues = new Float64Array(columns.length);
  let reference = 0;
  const ofScore = columns.map((column, k) => Float64Array.from(column, (y) => (weights[k]! === 0 ? 0 : weights[k]! * transform(y))));
  const contributions = columns.map((column, k) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += transform(column[i]!);
    const mean = sum / n;
    referenceValues[k] = aggregation === 'arithmetic' ? mean : Math.exp(mean);
    reference += weights[k]! * mean;
    const w = weights[k]!;
    return Float64Array.from(column, (y) => w * (transform(y) - mean));
  });
  return { aggregation, ofScore, contributions, reference: aggregation === 'arithmetic' ? reference : Math.exp(reference), referenceValues };
}
