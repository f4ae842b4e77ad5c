/**
 * Empirical-Bayes standardised rates (Assunção & Reis 1999), the variable for Moran's I of rates:
 * raw rates r_i = e_i / b_i are unstable where the population at risk b_i is small, and Moran's I
 * on them mistakes that instability for pattern. With b̄ = Σb/n and the pooled rate
 * β = Σe / Σb,
 *   s² = Σ b_i (r_i − β)² / Σb,   α = s² − β / b̄,
 *   v_i = α + β / b_i  (replaced by β / b_i when negative),
 *   z_i = (r_i − β) / √v_i,
 * exactly as esda.smoothing.assuncao_rate (used by esda.Moran_Rate).
 */

export function assuncaoReisRates(events: Float64Array, population: Float64Array): Float64Array {
  const n = events.length;
  if (population.length !== n) throw new Error(`${n} event counts for ${population.length} populations`);
  if (n === 0) throw new Error('no area to compute rates for');
  let eventSum = 0;
  let populationSum = 0;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const b = population[i]!;
    if (!(b > 0)) throw new Error(`area #${i + 1} has a population at risk of ${b}: a rate needs a positive population`);
    if (!(e >= 0)) throw new Error(`area #${i + 1} has ${e} events: event counts cannot be negative`);
    eventSum += e;
    populationSum += b;
  }
  if (eventSum === 0) throw new Error('no area has any event: the rates are all zero');
  const pooled = eventSum / populationSum;
  let spread = 0;
  for (let i = 0; i < n; i++) {
    const d = events[i]! / population[i]! - pooled;
    spread += population[i]! * d * d;
  }
  spread /= populationSum;
  const alpha = spread - pooled / (populationSum / n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = population[i]!;
    const raw = alpha + pooled / b;
    const v = raw < 0 ? pooled / b : raw;
    out[i] = (events[i]! / b - pooled) / Math.sqrt(v);
  }
  return out;
}
